"""Regenerate ``release/`` from ``source/`` with nbgrader's own ``generate_assignment``.

The student versions are committed so a hub can distribute them with a plain
``git pull`` (nbgitpuller); CI regenerates them and fails when they drift.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from traitlets.config import Config

from iasante._env import ensure_scripts_on_path
from iasante.course.config import load_config
from iasante.course.layout import CourseLayout
from iasante.messages import msg


class ReleaseError(RuntimeError):
    """An assignment could not be released; the message says what to fix."""


def list_assignments(layout: CourseLayout) -> list[str]:
    """Assignments are the folders of ``source/`` holding at least one notebook."""
    if not layout.source.is_dir():
        return []
    return sorted(
        p.name
        for p in layout.source.iterdir()
        if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.ipynb"))
    )


def load_course_config(layout: CourseLayout) -> Config:
    """The course's nbgrader config (:func:`iasante.course.config.load_config`); a missing
    ``nbgrader_config.py`` is a :class:`ReleaseError` that names it."""
    if not layout.config.is_file():
        raise ReleaseError(msg("cli.missing_file", path=layout.config))
    return load_config(layout.root, required=True)


def generate_release(
    layout: CourseLayout,
    assignment: str | None = None,
    *,
    update_gradebook: bool = True,
) -> list[Path]:
    """Regenerate the student version of one assignment (or all) and return the folders written.

    ``update_gradebook`` records the assignment in the gradebook as nbgrader does;
    the CI sync check turns it off so that checking never writes a database.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    known = list_assignments(layout)
    if assignment is not None and assignment not in known:
        raise ReleaseError(
            msg("cli.unknown_assignment", name=assignment, known=", ".join(known) or "—")
        )
    targets = [assignment] if assignment else known
    if not targets:
        raise ReleaseError(msg("cli.no_assignment", path=layout.source))

    ensure_scripts_on_path()
    config = load_course_config(layout)
    with tempfile.TemporaryDirectory(prefix="iasante-gradebook-") as scratch:
        if not update_gradebook:
            config.CourseDirectory.db_url = f"sqlite:///{Path(scratch) / 'gradebook.db'}"
        coursedir = CourseDirectory(config=config)
        api = NbGraderAPI(coursedir=coursedir, config=config)
        written: list[Path] = []
        for name in targets:
            out = layout.release / name
            if out.exists():
                shutil.rmtree(out)
            result = api.generate_assignment(name, force=True, create=True)
            if not result["success"]:
                detail = "\n".join(filter(None, (result.get("log"), result.get("error"))))
                raise ReleaseError(msg("cli.release_failed", name=name, log=detail))
            written.append(out)
    return written
