"""Where the course's folders are, found from any working directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import iasante

ROOT_ENV = "IASANTE_COURSE_ROOT"
EDITION_MANIFEST = "EDITION.json"  # iasante.course.edition.MANIFEST_NAME


def find_course_root(start: Path | None = None) -> Path:
    """Locate the course directory (the folder holding ``nbgrader_config.py`` and ``source/``,
    or a student edition's ``EDITION.json`` and ``release/``).

    The package is installed editable from the repository, so its parent is the
    usual answer; ``IASANTE_COURSE_ROOT`` or the working directory win when they
    point at a course, so a hub's instructor copy or a test's temporary copy is
    used instead of the checkout the package came from.
    """
    candidates: list[Path] = []
    if os.environ.get(ROOT_ENV):
        candidates.append(Path(os.environ[ROOT_ENV]))
    here = (start or Path.cwd()).resolve()
    candidates.extend([here, *here.parents])
    candidates.append(Path(iasante.__file__).resolve().parent.parent)
    for candidate in candidates:
        if (candidate / "nbgrader_config.py").is_file() and (candidate / "source").is_dir():
            return candidate
        # The student edition (iasante/course/edition.py): no source/, a manifest instead.
        if (candidate / EDITION_MANIFEST).is_file() and (candidate / "release").is_dir():
            return candidate
    raise FileNotFoundError(
        "course directory not found: run from the repository or set " + ROOT_ENV
    )


@dataclass(frozen=True)
class CourseLayout:
    """The folders of one nbgrader course directory (see docs/instructor-guide.md)."""

    root: Path

    @classmethod
    def discover(cls, start: Path | None = None) -> CourseLayout:
        return cls(find_course_root(start))

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def release(self) -> Path:
        return self.root / "release"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def config(self) -> Path:
        return self.root / "nbgrader_config.py"
