"""The resumable state file of a run, and the signature that tells a changed submission.

``autograded/.iasante/<assignment>.json`` maps each student to the :class:`SubmissionResult`
of their last grading. It is rewritten after every submission (``.tmp`` then
``os.replace``: a crash leaves the previous file whole), so an interrupted run resumes where
it stopped; a submission is graded again only if its signature changed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..course import course_directory, load_config
from .results import SubmissionResult

STATE_DIR = ".iasante"


def state_file(root: str | Path, autograded_directory: str, assignment: str) -> Path:
    return Path(root) / autograded_directory / STATE_DIR / f"{assignment}.json"


def load_state(path: Path) -> dict[str, SubmissionResult]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: SubmissionResult.from_dict(v) for k, v in data.items()}


def save_state(path: Path, state: dict[str, SubmissionResult]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    data = {k: v.to_dict() for k, v in sorted(state.items())}
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def load_results(course_dir: str | Path, assignment: str) -> dict[str, SubmissionResult]:
    """Statuses recorded by previous runs of :func:`~.pipeline.grade_assignment`."""
    coursedir = course_directory(load_config(course_dir))
    return load_state(state_file(coursedir.root, coursedir.autograded_directory, assignment))


def signature(path: Path, timestamp: Any) -> str:
    """What changes when a student submits again: nbgrader's timestamp, else the newest
    modification time of the submission's files."""
    if timestamp is not None:
        return f"timestamp:{timestamp}"
    mtimes = [p.stat().st_mtime_ns for p in path.rglob("*") if p.is_file()]
    return f"mtime:{max(mtimes, default=0)}"
