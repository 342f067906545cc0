"""What a run of ``iasante grade`` is asked to do, and the error that stops it at once."""

from __future__ import annotations

from dataclasses import dataclass


class GradingError(RuntimeError):
    """A problem that prevents grading the assignment at all (message in French)."""


@dataclass
class GradingOptions:
    workers: int | None = None  # default: number of CPU cores
    force: bool = False
    students: list[str] | None = None
    cell_timeout: int | None = None  # seconds; default: Execute.timeout of nbgrader_config.py
    notebook_timeout: float | None = 600.0  # seconds for the whole notebook
    memory_mb: int | None = 2048  # extra address space a kernel may use, MiB
    fork: bool = True  # fork kernels from a pre-imported template when possible
    preload: list[str] | None = None  # modules to preload (default: DEFAULT_PRELOAD + imports)
    progress: bool = True
    db_url: str | None = None
    sandbox: bool = True  # confine every kernel (see kernel.sandbox); False only for debugging
    require_sandbox: bool = False  # refuse to grade if a protection is unavailable
