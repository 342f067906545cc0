"""`iasante demo`: simulate a class for a real module, grade it, and show every output.

Works on a fresh clone: it copies the assignment (and the data) into a throw-away course
directory under ``demo-output/`` (git-ignored) with its own SQLite gradebook, so the
repository's own gradebook and folders are never touched.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook

import iasante
from iasante.course import CourseLayout, list_assignments
from iasante.messages import msg

from ..course import load_config
from ..run.pipeline import grade_assignment
from .exports import export_grades
from .feedback import generate_feedback
from .report import class_report
from .simulate import class_kinds, make_course, simulate_class

ABSENT = "etudiant_absent"


def find_repo_root(start: str | Path | None = None) -> Path:
    """The course repository: ``start`` (or the current directory) if it holds ``source/``
    and ``nbgrader_config.py``, else the checkout this package was imported from."""
    here = Path(start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "nbgrader_config.py").exists() and (candidate / "source").is_dir():
            return candidate
    return Path(iasante.__file__).resolve().parent.parent


def run_demo(
    output_dir: str | Path = "demo-output",
    assignment: str | None = None,
    size: int = 16,
    workers: int | None = None,
    repo_root: str | Path | None = None,
    cell_timeout: int = 10,
    notebook_timeout: float = 30,
    progress: bool = True,
    echo: Any = print,
) -> dict[str, Any]:
    root = Path(repo_root) if repo_root else find_repo_root()
    assignments = list_assignments(CourseLayout(Path(root)))
    if assignment is None:
        if not assignments:
            raise FileNotFoundError(msg("grading.demo.no_assignment", path=root / "source"))
        assignment = assignments[0]
    out = Path(output_dir).resolve()
    course = out / "cours"
    if course.exists():
        shutil.rmtree(course)
    for sub in ("exports", "rapport"):
        shutil.rmtree(out / sub, ignore_errors=True)
    kinds = class_kinds(size)
    echo(msg("grading.demo.start", assignment=assignment, count=len(kinds) + 1, path=out))
    make_course(course, root, assignment)
    students = simulate_class(course, assignment, kinds)
    cfg = load_config(course)
    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        for i, student in enumerate([*students, ABSENT], 1):
            gb.update_or_create_student(
                student, first_name="Étudiant", last_name=f"n°{i}", email=f"{student}@exemple.fr"
            )
    run = grade_assignment(
        course,
        assignment,
        workers=workers,
        cell_timeout=cell_timeout,
        notebook_timeout=notebook_timeout,
        progress=progress,
    )
    echo(run.summary())
    for student, kind in students.items():
        res = run.results.get(student)
        if res is not None:
            score = f"{res.score:g}/{res.max_score:g}" if res.score is not None else "-"
            echo(f"  {student:<12} {kind:<17} {score:>8}  {res.label}")
    result = generate_feedback(course, assignment)
    if result.withheld or result.failed:  # never expected in the demo's simulated class
        raise RuntimeError(
            msg(
                "grading.demo.feedback_problem",
                withheld=sorted(result.withheld),
                failed=sorted(result.failed),
            )
        )
    feedback = result.written
    exports = export_grades(course, assignment, out / "exports")
    report = class_report(course, assignment, out / "rapport")
    echo(
        msg(
            "grading.demo.done",
            gradebook=course / "gradebook.db",
            autograded=course / "autograded",
            feedback=course / "feedback",
            exports="\n    ".join(str(p) for p in exports.values()),
            report=report["html"],
        )
    )
    return {
        "assignment": assignment,
        "course": course,
        "run": run,
        "students": students,
        "feedback": feedback,
        "exports": exports,
        "report": report,
    }
