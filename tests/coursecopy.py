"""Build a throw-away copy of the course and grade notebooks in it with stock nbgrader.

The round-trip tests never write into the repository: the course (config,
source/, release/) is copied into a temporary folder, submissions are laid out
as nbgrader's ``submitted/<student>/<assignment>/`` and graded there.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from iasante.course import CourseLayout, generate_release
from iasante.course.release import load_course_config

REPO = Path(__file__).resolve().parents[1]


def copy_course(dest: Path) -> CourseLayout:
    """Copy what grading needs (config, source/, release/, data/) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "nbgrader_config.py", dest / "nbgrader_config.py")
    for folder in ("source", "release", "data"):
        if (REPO / folder).is_dir():
            shutil.copytree(
                REPO / folder,
                dest / folder,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
            )
    return CourseLayout(dest)


@dataclass(frozen=True)
class CellGrade:
    notebook: str
    cell: str
    score: float
    max_score: float


def submit(layout: CourseLayout, student: str, assignment: str, origin: Path) -> Path:
    """Lay a folder of notebooks out as a submission of ``student``."""
    target = layout.root / "submitted" / student / assignment
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(origin, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


def api_for(layout: CourseLayout):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = load_course_config(layout)
    config.CourseDirectory.db_url = f"sqlite:///{layout.root / 'gradebook.db'}"
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def release_into(layout: CourseLayout) -> None:
    """Generate release/ in the copy (also records source cells in its gradebook)."""
    generate_release(layout)


def autograde(layout: CourseLayout, assignment: str, student: str) -> dict:
    result = api_for(layout).autograde(assignment, student, force=True, create=True)
    if not result["success"]:
        raise RuntimeError(result.get("error") or result.get("log"))
    return result


def cell_grades(layout: CourseLayout, assignment: str, student: str) -> list[CellGrade]:
    """Every autograded cell's score, read back from the copy's gradebook."""
    from nbgrader.api import Gradebook

    grades: list[CellGrade] = []
    config = load_course_config(layout)
    with Gradebook(f"sqlite:///{layout.root / 'gradebook.db'}",
                   config.CourseDirectory.course_id) as gb:
        submission = gb.find_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.cell_type != "code":
                    continue  # markdown answers are graded by hand
                grades.append(
                    CellGrade(notebook.name, grade.name, grade.auto_score or 0.0, grade.max_score)
                )
    return grades
