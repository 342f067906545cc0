"""Which modules the kernel template imports once, before it forks a kernel per student.

Importing pandas, scikit-learn and matplotlib costs seconds per kernel; the template
(:mod:`iasante.grading.kernel.zygote`) pays it once per run. It imports the usual libraries
and every module the assignment's source notebooks import (found with ``ast``, so nothing
runs); a name that is not a module simply fails to preload.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat

#: libraries every course notebook is likely to import; preloaded in the kernel template
DEFAULT_PRELOAD = [
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "sklearn",
    "sklearn.linear_model",
    "sklearn.model_selection",
    "sklearn.metrics",
    "sklearn.tree",
    "sklearn.ensemble",
    "sklearn.preprocessing",
    "iasante",
]


def notebook_imports(paths: list[Path]) -> list[str]:
    """Top-level modules imported by the code cells of these notebooks (for preloading)."""
    found: list[str] = []
    for path in paths:
        try:
            nb = nbformat.read(str(path), as_version=4)
        except Exception:  # noqa: BLE001 -- an unreadable notebook preloads nothing
            continue
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    # `from pkg import mod` imports the submodule: try both (a name that is
                    # not a module simply fails to preload)
                    names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                for name in names:
                    if name not in found:
                        found.append(name)
    return found


def preload_modules(source_dir: Path, preload: list[str] | None = None) -> list[str]:
    """``preload`` if given, else :data:`DEFAULT_PRELOAD` plus the source notebooks' imports."""
    if preload is not None:
        return list(preload)
    modules = list(DEFAULT_PRELOAD)
    for name in notebook_imports(sorted(source_dir.glob("*.ipynb"))):
        if name not in modules:
            modules.append(name)
    return modules
