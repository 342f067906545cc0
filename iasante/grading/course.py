"""Course directory helpers for grading: nbgrader's ``CourseDirectory`` for a run."""

from __future__ import annotations

from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from iasante.course.config import load_config

__all__ = ["course_directory", "load_config"]


def course_directory(cfg: Config, assignment: str = "", student: str = "*") -> CourseDirectory:
    coursedir = CourseDirectory(config=cfg)
    if assignment:
        coursedir.assignment_id = assignment
    coursedir.student_id = student
    return coursedir
