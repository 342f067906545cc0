"""The pieces of nbgrader the pipeline replaces for speed behave as nbgrader's own.

The equality test (``test_grading.py``) checks whole classes against stock
``nbgrader autograde``; these tests pin what each replacement promises on its own.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader import utils as nbutils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import OverwriteCells, SaveAutoGrades

from iasante.grading.course import load_config
from iasante.grading.kernel import managers
from iasante.grading.nbgrader_ext import sourcecells
from iasante.grading.nbgrader_ext.savegrades import OneCommitSaveAutoGrades
from iasante.grading.products import simulate
from iasante.grading.run.options import GradingOptions
from iasante.grading.run.pipeline import ClassGrader, grade_assignment

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "grading"
ASSIGNMENT = "ps1"
FAST = {"cell_timeout": 5, "notebook_timeout": 30, "progress": False, "preload": []}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("cours") / "cours"
    simulate.make_course(
        course, FIXTURE, ASSIGNMENT, data=False, config_file=REPO / "nbgrader_config.py"
    )
    simulate.simulate_class(course, ASSIGNMENT, ["correct", "tampered_locked"])
    grade_assignment(course, ASSIGNMENT, **FAST)
    return course


def auto_scores(course: Path, student: str) -> dict[str, float | None]:
    cfg = load_config(course)
    with Gradebook(cfg.CourseDirectory.db_url, "ia-sante") as gb:
        nb = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
        return {grade.name: grade.auto_score for grade in nb.grades}


def failing_tests(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with every test cell failing (each would score 0)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        md = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and md.get("grade") and not md.get("solution"):
            cell.outputs = [
                nbformat.v4.new_output("error", ename="AssertionError", evalue="", traceback=[])
            ]
    return nb


@pytest.mark.parametrize(
    "writer, shared, keeps_grades",
    [
        (OneCommitSaveAutoGrades, False, True),
        (OneCommitSaveAutoGrades, True, True),  # the grading process's open gradebook
        (SaveAutoGrades, False, False),
    ],
)
def test_a_failure_while_saving_leaves_the_previous_grades(
    graded, tmp_path, monkeypatch, writer, shared, keeps_grades
):
    """One commit per notebook: grades are written together or not at all. Stock nbgrader
    commits cell by cell, so the same failure leaves half-written grades (the control).
    With a gradebook kept open for the run, the next student's grades can still be written."""
    graded = shutil.copytree(graded, tmp_path / "cours")
    student = "etudiant01"
    before = auto_scores(graded, student)
    assert before["test_carres"] > 0 and before["test_seuil"] > 0  # the correct copy
    path = graded / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = failing_tests(nbformat.read(str(path), as_version=4))
    graded_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    real = nbutils.determine_grade
    calls = []

    def determine_grade(cell, log=None):
        calls.append(cell)
        if len(calls) == len(graded_cells):  # the disk fills up at the last graded cell
            raise OSError("disque plein")
        return real(cell, log)

    monkeypatch.setattr(nbutils, "determine_grade", determine_grade)
    grader = ClassGrader(graded, ASSIGNMENT, GradingOptions(progress=False))
    save = writer(config=grader.cfg)
    with grader.gradebook() as gb:
        if shared:
            save.shared_gradebook = gb
        with pytest.raises(OSError):
            save(nb, grader._resources(student, ASSIGNMENT))
        assert (auto_scores(graded, student) == before) is keeps_grades
        if shared:  # the same open session still takes the next notebook's grades
            monkeypatch.setattr(nbutils, "determine_grade", real)
            save(nb, grader._resources(student, ASSIGNMENT))
            assert auto_scores(graded, student)["test_carres"] == 0


def test_one_commit_writes_the_same_grades_as_nbgrader(graded, tmp_path):
    student = "etudiant01"
    path = graded / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = failing_tests(nbformat.read(str(path), as_version=4))
    results = []
    for writer in (SaveAutoGrades, OneCommitSaveAutoGrades):
        course = tmp_path / writer.__name__
        shutil.copytree(graded, course)
        grader = ClassGrader(course, ASSIGNMENT, GradingOptions(progress=False))
        writer(config=grader.cfg)(copy.deepcopy(nb), grader._resources(student, ASSIGNMENT))
        results.append(auto_scores(course, student))
    assert results[0] == results[1]
    assert results[1]["test_carres"] == 0 and results[1]["reflexion"] is None


def test_remembered_source_cells_repair_a_tampered_notebook_as_nbgrader(graded, monkeypatch):
    student = "etudiant02"  # a locked test cell rewritten to `assert True`
    path = graded / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    submitted = nbformat.read(str(path), as_version=4)
    grader = ClassGrader(graded, ASSIGNMENT, GradingOptions(progress=False))
    resources = grader._resources(student, ASSIGNMENT)
    stock, _ = OverwriteCells(config=grader.cfg)(copy.deepcopy(submitted), dict(resources))

    lookups = []
    real = Gradebook.find_source_cell
    monkeypatch.setattr(
        Gradebook, "find_source_cell", lambda self, *a: lookups.append(a) or real(self, *a)
    )
    sourcecells.forget()
    remembering = sourcecells.RememberingOverwriteCells(config=grader.cfg)
    first, _ = remembering(copy.deepcopy(submitted), dict(resources))
    asked = len(lookups)
    second, _ = remembering(copy.deepcopy(submitted), dict(resources))

    assert first == stock and second == stock
    assert asked > 0 and len(lookups) == asked  # the second notebook asked nothing
    tampered = [c for c in submitted.cells if c.source.strip() == "assert True"]
    assert tampered, "the simulated copy should contain a rewritten test cell"
    assert not [c for c in second.cells if c.source.strip() == "assert True"]


def test_ready_kernel_client_really_replaces_wait_for_ready():
    """AsyncKernelClient binds wait_for_ready at class creation: an override of the private
    coroutine alone is silently ignored (it was, until this test)."""
    client = managers.ReadyKernelClient()
    assert client.wait_for_ready.__func__ is managers.ReadyKernelClient._async_wait_for_ready


def test_provisioners_come_through_jupyter_clients_public_entry_point():
    """No private start step overridden: the kernelspec names the provisioner, and
    jupyter_client's factory finds it in the ``jupyter_client.kernel_provisioners``
    entry points that pyproject.toml registers."""
    from jupyter_client.provisioning import KernelProvisionerFactory

    assert "_async_pre_start_kernel" not in vars(managers._ProvisionedKernelManager)
    assert managers.provisioners_registered(), "pip install -e . (entry points missing)"
    for km_class, provisioner in [
        (managers.ForkKernelManager, managers.ForkProvisioner),
        (managers.TrackedKernelManager, managers.TrackedProvisioner),
    ]:
        km = km_class()
        made = KernelProvisionerFactory.instance().create_provisioner_instance(
            "k", km.kernel_spec, parent=km
        )
        assert type(made) is provisioner


def test_template_warm_up_runs_the_hooks_of_preloaded_modules(monkeypatch):
    import sys
    import types

    from iasante.grading.kernel import zygote

    calls = []
    good = types.ModuleType("cours_bon")
    good.grading_warm_up = lambda: calls.append("bon")
    bad = types.ModuleType("cours_casse")

    def broken() -> None:
        raise RuntimeError("données absentes")

    bad.grading_warm_up = broken
    monkeypatch.setitem(sys.modules, "cours_bon", good)
    monkeypatch.setitem(sys.modules, "cours_casse", bad)
    assert zygote.warm_up(["cours_bon", "cours_casse", "absent", "json"]) == ["cours_casse"]
    assert calls == ["bon"]


def test_preloaded_modules_include_submodules_imported_with_from(tmp_path):
    from iasante.grading.run.preload import notebook_imports

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import pandas as pd\nfrom iasante.exercises import m01\nfrom . import local"
            )
        ]
    )
    path = tmp_path / "devoir.ipynb"
    nbformat.write(nb, str(path))
    names = notebook_imports([path])
    assert {"pandas", "iasante.exercises", "iasante.exercises.m01"} <= set(names)
    assert "local" not in " ".join(names)
