"""Grading pipeline: equality with stock `nbgrader autograde`, resilience, resume."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.converters import Autograde

from iasante.grading import simulate
from iasante.grading.course import course_directory, load_config
from iasante.grading.pipeline import grade_assignment
from iasante.grading.status import Status

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "grading"
ASSIGNMENT = "ps1"
FAST = {"cell_timeout": 2, "notebook_timeout": 12, "memory_mb": 512, "progress": False,
        "preload": []}


@pytest.fixture(scope="module")
def base_course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("cours") / "cours"
    simulate.make_course(course, FIXTURE, ASSIGNMENT, data=False,
                         config_file=REPO / "nbgrader_config.py")
    return course


def copy_course(base: Path, dest: Path) -> Path:
    shutil.copytree(base, dest)
    return dest


def scores(course: Path) -> dict[tuple[str, str], tuple[float | None, bool]]:
    """(student, grade cell) -> (auto_score, needs_manual_grade)."""
    cfg = load_config(course)
    out = {}
    with Gradebook(cfg.CourseDirectory.db_url, "ia-sante") as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            for nb in sub.notebooks:
                for grade in nb.grades:
                    out[(sub.student.id, grade.name)] = (grade.auto_score,
                                                        grade.needs_manual_grade)
    return out


def test_outcomes(course: Path, student: str) -> dict[str, list[str]]:
    """Test cell -> names of the errors in its outputs (pass = empty list)."""
    path = course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    out = {}
    for cell in nb.cells:
        md = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and md.get("grade") and not md.get("solution"):
            out[md["grade_id"]] = [o.get("ename") for o in cell.outputs
                                   if o.get("output_type") == "error"]
    return out


test_outcomes.__test__ = False  # a helper, not a test


def stock_autograde(course: Path) -> None:
    cfg = load_config(course)
    coursedir = course_directory(cfg, ASSIGNMENT, student="*")
    converter = Autograde(coursedir=coursedir, config=cfg)
    converter.force = True
    converter.start()


def test_pipeline_equals_stock_nbgrader(base_course, tmp_path):
    kinds = ["correct", "partial", "unanswered", "deleted_test", "tampered_locked", "correct"]
    stock = copy_course(base_course, tmp_path / "stock")
    ours = copy_course(base_course, tmp_path / "ours")
    students = simulate.simulate_class(stock, ASSIGNMENT, kinds)
    simulate.simulate_class(ours, ASSIGNMENT, kinds)

    stock_autograde(stock)
    run = grade_assignment(ours, ASSIGNMENT, workers=2, **FAST)

    assert run.kernel_mode == "fork"
    assert scores(ours) == scores(stock)
    assert len(scores(ours)) == len(kinds) * 4  # 3 test cells + 1 manual cell each
    for student in students:
        assert test_outcomes(ours, student) == test_outcomes(stock, student)
    assert run.results["etudiant01"].score == 4.0  # correct: every autograded point
    assert run.results["etudiant03"].score == 0.0  # unanswered release: 0
    assert run.results["etudiant04"].status is Status.RESTORED


@pytest.mark.slow
def test_pipeline_equals_stock_with_ordinary_kernels(base_course, tmp_path):
    """The fallback (no fork: Windows, macOS) gives the same grades too."""
    kinds = ["correct", "partial"]
    stock = copy_course(base_course, tmp_path / "stock")
    ours = copy_course(base_course, tmp_path / "ours")
    simulate.simulate_class(stock, ASSIGNMENT, kinds)
    simulate.simulate_class(ours, ASSIGNMENT, kinds)
    stock_autograde(stock)
    run = grade_assignment(ours, ASSIGNMENT, workers=1, fork=False, **FAST)
    assert run.kernel_mode == "standard"
    assert scores(ours) == scores(stock)


def test_broken_class_is_graded_to_the_end(base_course, tmp_path):
    course = copy_course(base_course, tmp_path / "cours")
    kinds = ["correct"] + simulate.BROKEN_KINDS + ["partial"]
    students = simulate.simulate_class(course, ASSIGNMENT, kinds)

    started = time.monotonic()
    run = grade_assignment(course, ASSIGNMENT, workers=2, **FAST)
    assert time.monotonic() - started < 60

    for student, kind in students.items():
        assert run.results[student].status.value == simulate.EXPECTED_STATUS[kind], (
            student, kind, run.results[student])
    grades = scores(course)
    correct = run.results["etudiant01"]
    assert correct.score == 4.0
    assert grades[("etudiant01", "test_carres")][0] == 2
    last = f"etudiant{len(kinds):02d}"
    assert run.results[last].score == 3.0  # partial: carres right, moyenne unanswered
    # restored cells are graded with the instructor's tests, not the student's version
    tampered = next(s for s, k in students.items() if k == "tampered_locked")
    assert run.results[tampered].restored_cells == ["test_carres"]
    assert grades[(tampered, "test_carres")][0] == 2
    # a failed submission has no autograded folder and no grade
    died = next(s for s, k in students.items() if k == "os_exit")
    assert not (course / "autograded" / died / ASSIGNMENT).exists()
    assert grades[(died, "test_carres")][0] is None
    assert not list((course / "autograded").glob("*/.*iasante*"))  # no staging left


def test_resume_force_and_no_overwrite_by_failure(base_course, tmp_path):
    course = copy_course(base_course, tmp_path / "cours")
    simulate.simulate_class(course, ASSIGNMENT, ["correct", "partial"])
    first = grade_assignment(course, ASSIGNMENT, workers=2, **FAST)
    assert sorted(first.graded_now) == ["etudiant01", "etudiant02"]

    again = grade_assignment(course, ASSIGNMENT, workers=2, **FAST)
    assert again.graded_now == [] and sorted(again.skipped) == ["etudiant01", "etudiant02"]
    assert again.results["etudiant01"].score == 4.0

    forced = grade_assignment(course, ASSIGNMENT, force=True, students=["etudiant02"], **FAST)
    assert forced.graded_now == ["etudiant02"]

    # etudiant01 resubmits a notebook that kills its kernel: the old grade stays
    time.sleep(0.01)
    simulate.write_submission(course, ASSIGNMENT, "etudiant01", "os_exit")
    failed = grade_assignment(course, ASSIGNMENT, **FAST)
    assert failed.graded_now == ["etudiant01"]
    assert failed.results["etudiant01"].status is Status.KERNEL_DIED
    assert scores(course)[("etudiant01", "test_carres")][0] == 2
    assert (course / "autograded" / "etudiant01" / ASSIGNMENT / "ps1.ipynb").exists()
