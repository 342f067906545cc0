"""Code that runs in a grading worker process: execute sanitized notebooks.

The worker runs the part of nbgrader's autograde preprocessor chain that needs a kernel
(``Execute`` and what follows it up to, but excluding, ``SaveAutoGrades``). It never touches
the gradebook: the parent process writes grades, one submission at a time.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbgrader.preprocessors import Execute
from traitlets.config import Config

from . import kernels

_CONFIG: Config | None = None
_FORK = False


def init_worker(
    config_args: dict[str, Any], fork_socket: str | None, memory_bytes: int | None
) -> None:
    """Pool initializer: load the course config (as the parent did) and the kernel options."""
    global _CONFIG, _FORK
    from .course import load_config

    _CONFIG = load_config(config_args["course_dir"], config_args.get("db_url"))
    for section, values in config_args.get("overrides", {}).items():
        for key, value in values.items():
            setattr(getattr(_CONFIG, section), key, value)
    _FORK = fork_socket is not None
    kernels.ZYGOTE_SOCKET = fork_socket
    kernels.KERNEL_MEMORY_BYTES = memory_bytes
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


def _exporter(preprocessors: list[Any], config: Config) -> NotebookExporter:
    cfg = Config(config)
    cfg.Exporter.default_preprocessors = []
    exporter = NotebookExporter(config=cfg)
    exporter._preprocessors = []
    for pp in preprocessors:
        if isinstance(pp, type) and issubclass(pp, Execute):
            km_class = kernels.ForkKernelManager if _FORK else kernels.TrackedKernelManager
            instance = pp(parent=exporter, kernel_manager_class=km_class)
            # the kernel is killed by us at the end; no need for a graceful shutdown
            instance.shutdown_kernel = "immediate"
            exporter.register_preprocessor(instance)
        else:
            exporter.register_preprocessor(pp)
    return exporter


def execute_submission(task: dict[str, Any]) -> dict[str, Any]:
    """Execute every notebook of one submission; return outputs or the reason of failure.

    ``task``: student, cwd, notebook_timeout, preprocessors (classes), notebooks
    [{name, source (JSON), resources}].
    """
    assert _CONFIG is not None, "init_worker was not called"
    exporter = _exporter(task["preprocessors"], _CONFIG)
    results = []
    started = time.monotonic()
    deadline = started + task["notebook_timeout"] if task.get("notebook_timeout") else None
    os.environ["NBGRADER_EXECUTION"] = "autograde"  # as nbgrader's Autograde converter sets
    for item in task["notebooks"]:
        fired = threading.Event()
        remaining = None if deadline is None else max(deadline - time.monotonic(), 0.1)
        timer = None
        if remaining is not None:

            def _expire(fired: threading.Event = fired) -> None:
                fired.set()
                kernels.kill_live_kernels()

            timer = threading.Timer(remaining, _expire)
            timer.daemon = True
            timer.start()
        t0 = time.monotonic()
        try:
            nb = nbformat.reads(item["source"], as_version=4)
            resources = dict(item["resources"])
            resources["metadata"] = {"name": item["name"], "path": task["cwd"]}
            output, _ = exporter.from_notebook_node(nb, resources=resources)
            outcome = "timed_out" if fired.is_set() else "ok"
            results.append(
                {"name": item["name"], "outcome": outcome, "output": output,
                 "seconds": time.monotonic() - t0}
            )
        except Exception as exc:  # noqa: BLE001 -- every failure becomes a status
            if fired.is_set() or _is_timeout(exc):
                outcome = "timed_out"
            elif _is_dead_kernel(exc):
                outcome = "kernel_died"
            else:
                outcome = "error"
            results.append(
                {"name": item["name"], "outcome": outcome, "output": None,
                 "error": f"{type(exc).__name__}: {exc}"[:500],
                 "seconds": time.monotonic() - t0}
            )
        finally:
            if timer is not None:
                timer.cancel()
            kernels.kill_live_kernels()
            kernels.LIVE_KERNELS.clear()
        if results[-1]["outcome"] != "ok":
            break
    return {"student": task["student"], "notebooks": results,
            "seconds": time.monotonic() - started}


def _is_timeout(exc: BaseException) -> bool:
    """A cell that could not be interrupted (nbclient gave up waiting for the kernel)."""
    from nbclient.exceptions import CellTimeoutError

    return isinstance(exc, (CellTimeoutError, TimeoutError))


def _is_dead_kernel(exc: BaseException) -> bool:
    from nbclient.exceptions import DeadKernelError
    from nbgrader.preprocessors.execute import UnresponsiveKernelError

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (DeadKernelError, UnresponsiveKernelError)):
            return True
        if "kernel died" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False
