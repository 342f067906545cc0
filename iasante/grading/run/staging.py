"""A submission's copy is built beside ``autograded/<student>/<assignment>`` and swapped in
only when grading succeeded: a failed attempt never replaces a previous graded copy."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from nbgrader import utils as nbutils


def staging_dir(dest: Path) -> Path:
    """Where the graded copy of ``dest`` is built (a hidden sibling)."""
    return dest.parent / f".{dest.name}.iasante-en-cours"


def copy_files(src: Path, source: Path, dest: Path, ignore: list[str], excluded: set[str]) -> None:
    """Copy the submission's extra files, then the source's (as nbgrader's converter does:
    the instructor's files win, except those listed in ``exclude_overwriting``)."""
    ignore = [*ignore, "*.ipynb"]
    for filename in nbutils.find_all_files(str(src), ignore):
        target = dest / os.path.relpath(filename, src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(filename, target)
    for filename in nbutils.find_all_files(str(source), ignore):
        if filename in excluded:
            continue
        target = dest / os.path.relpath(filename, source)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.unlink()
        shutil.copy(filename, target)


def swap_in(staging: Path, dest: Path) -> None:
    """Make the staged copy read-only and put it at ``dest`` (two renames)."""
    for dirname, _, filenames in os.walk(staging):
        for filename in filenames:
            os.chmod(os.path.join(dirname, filename), 0o444)
    old = dest.parent / f".{dest.name}.iasante-ancien"
    if old.exists():
        shutil.rmtree(old)
    if dest.exists():
        os.replace(dest, old)
    os.replace(staging, dest)
    shutil.rmtree(old, ignore_errors=True)
