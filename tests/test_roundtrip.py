"""Round trip of every assignment through stock nbgrader.

For each assignment of source/: the instructor's version earns full marks on
every autograded cell, the untouched student version earns zero, release/ is
exactly what generate_assignment makes today, and nothing of the solutions or
hidden tests reaches a student file. Generic: a new assignment is covered by
simply existing.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import nbformat
import pytest
from coursecopy import (
    REPO,
    api_for,
    autograde,
    cell_grades,
    copy_course,
    release_into,
    release_leaks,
    stale_release_files,
    submit,
)

from iasante.course import CourseLayout, list_assignments

ASSIGNMENTS = list_assignments(CourseLayout(REPO))
SOLUTION, UNTOUCHED = "solution", "untouched"

pytestmark = pytest.mark.slow


def test_there_is_something_to_check() -> None:
    assert ASSIGNMENTS, "no assignment found in source/"


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory) -> tuple[CourseLayout, set[str]]:
    """A released course copy, and the set of assignments already graded in it."""
    layout = copy_course(tmp_path_factory.mktemp("course"))
    release_into(layout)
    return layout, set()


@pytest.fixture
def graded(course_copy: tuple[CourseLayout, set[str]], request) -> CourseLayout:
    """The course copy where the test's assignment (every one, for a test without an
    ``assignment`` parameter) was submitted twice and autograded, once per module run.

    Lazy per assignment, so that ``-k m01`` grades module 01 only (about 1/8 of the time).
    """
    layout, done = course_copy
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and "assignment" in callspec.params:
        wanted = [callspec.params["assignment"]]
    else:
        wanted = list(ASSIGNMENTS)
    for assignment in wanted:
        if assignment in done:
            continue
        submit(layout, SOLUTION, assignment, layout.source / assignment)
        submit(layout, UNTOUCHED, assignment, layout.release / assignment)
        autograde(layout, assignment, SOLUTION)
        autograde(layout, assignment, UNTOUCHED)
        done.add(assignment)
    return layout


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_earns_full_marks(graded: CourseLayout, assignment: str) -> None:
    grades = cell_grades(graded, assignment, SOLUTION)
    assert grades, f"{assignment}: no autograded cell"
    missing = [g for g in grades if g.score != g.max_score]
    assert not missing, f"{assignment}: the solution loses points on {missing}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_earns_zero(graded: CourseLayout, assignment: str) -> None:
    grades = cell_grades(graded, assignment, UNTOUCHED)
    assert grades
    scored = [g for g in grades if g.score != 0]
    assert not scored, f"{assignment}: an untouched notebook scores on {scored}"


def _autograded_notebooks(layout: CourseLayout, student: str, assignment: str) -> list[Path]:
    return sorted((layout.root / "autograded" / student / assignment).glob("*.ipynb"))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_passing_test_cells_write_nothing_to_stderr(graded: CourseLayout, assignment: str) -> None:
    """nbgrader gives 0 to a test cell that writes to stderr, even when it passes."""
    for path in _autograded_notebooks(graded, SOLUTION, assignment):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code" or not cell.metadata.get("nbgrader", {}).get("grade"):
                continue
            streams = [o for o in cell.outputs if o.get("name") == "stderr"]
            assert not streams, f"{path.name}: {cell.metadata['nbgrader']['grade_id']} {streams}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_is_graded_without_crashing(
    graded: CourseLayout, assignment: str
) -> None:
    """Every cell of the untouched notebook ran; only answer and test cells may fail."""
    for path in _autograded_notebooks(graded, UNTOUCHED, assignment):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            errors = [o for o in cell.outputs if o.output_type == "error"]
            if meta.get("solution") or meta.get("grade"):
                continue
            assert not errors, f"{path.name}: a locked cell fails in the student version"


def test_release_is_in_sync_with_source(tmp_path: Path) -> None:
    """release/ must be what generate_assignment produces from source/ today."""
    stale = stale_release_files(copy_course(tmp_path / "course"))
    assert not stale, f"release/ is stale for {stale}: run `iasante release` and commit"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_leaks_no_solution(assignment: str) -> None:
    leaks = release_leaks(CourseLayout(REPO), assignment)
    assert not leaks, f"{assignment}: {leaks[:5]}"


def _all_notebooks() -> list[Path]:
    folders = ("source", "release", "notebooks")
    return sorted(
        p
        for f in folders
        for p in (REPO / f).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


@pytest.mark.parametrize("path", _all_notebooks(), ids=lambda p: str(p.relative_to(REPO)))
def test_notebooks_are_stored_without_outputs(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell["outputs"], f"{path.name}: a cell has outputs"
            assert cell["execution_count"] is None, f"{path.name}: execution counts stored"


def test_gradebook_api_is_reachable(graded: CourseLayout) -> None:
    """The copy's gradebook lists both students (guards the harness itself)."""
    students = {s["id"] for s in api_for(graded).get_students()}
    assert {SOLUTION, UNTOUCHED} <= students


CHECK_CALL = re.compile(r"\b(m\d\d)\.(\w+)\.assert_correct\(")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_graded_checks_ship_no_solution(assignment: str) -> None:
    """A question used in a graded test cell must not be able to reveal its solution."""
    layout = CourseLayout(REPO)
    used = set()
    for path in sorted((layout.source / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            used.update(CHECK_CALL.findall(cell.source))
    for module_name, question_name in sorted(used):
        module = importlib.import_module(f"iasante.exercises.{module_name}")
        question = getattr(module, question_name)
        assert question.solution_text is None, (
            f"{module_name}.{question_name} is graded but carries a solution text"
        )
