"""Shared test set-up: headless plotting, the environment's scripts on PATH."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

from iasante._env import ensure_scripts_on_path

ensure_scripts_on_path()


@pytest.fixture(scope="class")
def graded(request, tmp_path_factory):
    """For ``coursecopy.NotebookVariants`` subclasses: their answer sets graded once by
    stock nbgrader (a class-scoped fixture, so each module's class grades its own)."""
    from coursecopy import grade_answer_sets

    cls = request.cls
    students = {"alternatives": cls.ALTERNATIVES, **cls.MISTAKES}
    root = tmp_path_factory.mktemp(f"variants_{cls.ASSIGNMENT}")
    return grade_answer_sets(root, cls.ASSIGNMENT, students)
