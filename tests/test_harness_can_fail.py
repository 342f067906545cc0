"""The round-trip checks must be able to fail: break the course on purpose, watch them catch it."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from coursecopy import (
    _regions,
    autograde,
    cell_grades,
    copy_course,
    release_leaks,
    stale_release_files,
    submit,
)

from iasante.course import list_assignments

pytestmark = pytest.mark.slow


def _first(layout):
    assignment = list_assignments(layout)[0]
    notebook = sorted((layout.source / assignment).glob("*.ipynb"))[0]
    return assignment, notebook


def test_a_solution_replaced_by_the_stub_loses_marks(tmp_path: Path) -> None:
    layout = copy_course(tmp_path / "course")
    assignment, notebook = _first(layout)
    from iasante.course import generate_release

    generate_release(layout)
    nb = nbformat.read(notebook, as_version=4)
    released = nbformat.read(layout.release / assignment / notebook.name, as_version=4)
    stubs = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in released.cells
        if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
    }
    broken_id = next(iter(stubs))
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == broken_id:
            cell.source = stubs[broken_id]
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in (layout.source / assignment).iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    nbformat.write(nb, broken / notebook.name)
    submit(layout, "broken", assignment, broken)
    autograde(layout, assignment, "broken")
    lost = [g for g in cell_grades(layout, assignment, "broken") if g.score < g.max_score]
    assert lost, "a solution replaced by the stub still earns full marks"


def test_a_stale_release_is_detected(tmp_path: Path) -> None:
    layout = copy_course(tmp_path / "course")
    assignment, notebook = _first(layout)
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[0].source += "\n\nUne phrase ajoutée à la source sans régénérer release/."
    nbformat.write(nb, notebook)
    assert stale_release_files(layout), "a source change without a new release went unseen"


def test_a_leaked_marker_is_detected(tmp_path: Path) -> None:
    layout = copy_course(tmp_path / "course")
    assignment, notebook = _first(layout)
    released = layout.release / assignment / notebook.name
    data = json.loads(released.read_text(encoding="utf-8"))
    data["cells"][0]["source"] = ["### BEGIN HIDDEN TESTS\n", "assert True\n"]
    released.write_text(json.dumps(data), encoding="utf-8")
    assert any("marker" in p for p in release_leaks(layout, assignment))


def test_a_leaked_solution_line_is_detected(tmp_path: Path) -> None:
    layout = copy_course(tmp_path / "course")
    assignment, notebook = _first(layout)
    source = nbformat.read(notebook, as_version=4)
    solution_cell = next(
        c for c in source.cells if c.cell_type == "code" and "BEGIN SOLUTION" in c.source
    )
    inside = _regions(solution_cell.source, "BEGIN SOLUTION", "END SOLUTION")
    secret = next(line for line in inside if len(line) >= 12)
    released_path = layout.release / assignment / notebook.name
    released = nbformat.read(released_path, as_version=4)
    released.cells[-1].source += "\n" + secret
    nbformat.write(released, released_path)
    assert any("leaks" in p for p in release_leaks(layout, assignment))
