"""Submissions that call a removed answer key, or import the instructor's side of the course.

Issue 14 removed the graded references (``m00.reference_bmi_class``, …) from the learner
package; their names are in :data:`iasante.grading.answerkeys.FORMER_ANSWER_KEYS`. A
submission whose answer cells still name one is graded with status ``suspect`` and the
reason in the summary, the exports and the class report -- never zeroed automatically --
and the honest students of the same run keep their exact scores.
"""

from __future__ import annotations

import ast
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

import iasante.exercises.m00
from iasante.grading.answerkeys import FORMER_ANSWER_KEYS
from iasante.grading.course import load_config
from iasante.grading.products import simulate
from iasante.grading.run.answerkey_uses import answer_key_records
from iasante.grading.status import Status

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "m00_prise_en_main"
CHEAT = '''def bmi_class(bmi):
    """Renvoie la catégorie OMS (texte) d'un IMC en kg/m²."""
    return m00.reference_bmi_class(bmi)
'''


def test_the_list_names_every_former_reference_and_nothing_else() -> None:
    assert "reference_bmi_class" in FORMER_ANSWER_KEYS
    assert all(name.startswith("reference_") for name in FORMER_ANSWER_KEYS)
    # the module is a plain constant that the student edition's scan can read without
    # importing grading: its source parses to one frozenset of literals
    tree = ast.parse((REPO / "iasante" / "grading" / "answerkeys.py").read_text("utf-8"))
    (value,) = [
        node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "FORMER_ANSWER_KEYS"
    ]
    names = [n.value for n in ast.walk(value) if isinstance(n, ast.Constant)]
    assert len(names) == len(FORMER_ANSWER_KEYS) and set(names) == FORMER_ANSWER_KEYS


def _nb(*cells: tuple[str, bool]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for source, locked in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["nbgrader"] = {"locked": locked, "grade_id": f"c{len(nb.cells)}"}
        nb.cells.append(cell)
    return nb


@pytest.mark.parametrize(
    ("code", "kind", "what"),
    [
        (CHEAT, "cle_de_correction", "m00.reference_bmi_class"),
        (
            "from iasante.exercises.m01 import reference_clean_covid as f",
            "cle_de_correction",
            "reference_clean_covid",
        ),
        ("f = getattr(m02, 'reference_metrics')", "cle_de_correction", "reference_metrics"),
        # a cell that does not parse: still read
        ("def f(x):\n    return reference_bmi(x", "cle_de_correction", "reference_bmi"),
        ("from tests.keys import m01", "emplacement_correcteur", "from tests.keys import …"),
        ("import tests.keys.m00 as k", "emplacement_correcteur", "import tests.keys.m00"),
        (
            "import importlib\nk = importlib.import_module('tests.keys.m01')",
            "emplacement_correcteur",
            "tests.keys.m01",
        ),
        (
            "t = open('../../source/m00/m00.ipynb').read()",
            "emplacement_correcteur",
            "../../source/m00/m00.ipynb",
        ),
    ],
)
def test_answer_cells_naming_a_key_or_an_instructor_location_are_found(
    code: str, kind: str, what: str
) -> None:
    assert {"kind": kind, "what": what} in answer_key_records(_nb((code, False)))


@pytest.mark.parametrize(
    "code",
    [
        "def bmi_class(bmi):\n    return 'surpoids' if bmi >= 25 else 'corpulence normale'",
        "df['source'] = 'urgences'\nreference = 3\nreference_bmi_classes = ['a']",
        "import pandas as pd\nvitals = pd.read_csv('constantes_urgences.csv')",
        "open('data/source.csv')",
    ],
)
def test_honest_answers_are_not_flagged(code: str) -> None:
    assert answer_key_records(_nb((code, False))) == []


def test_locked_cells_are_the_instructors_and_not_read() -> None:
    nb = _nb(("m01.reference_normalise_code('E11')", True), (CHEAT, False))
    assert answer_key_records(nb) == [
        {"kind": "cle_de_correction", "what": "m00.reference_bmi_class"}
    ]


def auto_scores(course: Path, student: str) -> dict[str, tuple[float, float]]:
    """(auto score, max score) of each autograded cell (manual ones left out)."""
    cfg = load_config(course)
    with Gradebook(cfg.CourseDirectory.db_url, "ia-sante") as gb:
        sub = gb.find_submission(ASSIGNMENT, student)
        return {
            g.name: (float(g.auto_score), float(g.max_score))
            for nb in sub.notebooks
            for g in nb.grades
            if g.auto_score is not None
        }


def cell_scores(course: Path, student: str) -> dict[str, float]:
    cfg = load_config(course)
    with Gradebook(cfg.CourseDirectory.db_url, "ia-sante") as gb:
        sub = gb.find_submission(ASSIGNMENT, student)
        return {g.name: float(g.score) for nb in sub.notebooks for g in nb.grades}


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernels forked: Linux")
def test_a_submission_calling_a_removed_reference_is_flagged(tmp_path: Path) -> None:
    course = tmp_path / "cours"
    simulate.make_course(course, REPO, ASSIGNMENT)
    simulate.write_submission(course, ASSIGNMENT, "honnete_correct", "correct")
    simulate.write_submission(course, ASSIGNMENT, "honnete_partiel", "partial")
    dest = simulate.write_submission(course, ASSIGNMENT, "tricheur", "correct")
    path = dest / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    answer = next(
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "m00_q3_reponse"
    )
    answer.source = CHEAT
    nbformat.write(nb, str(path))

    from iasante.grading import class_report, export_grades, grade_assignment

    run = grade_assignment(course, ASSIGNMENT, workers=2, progress=False)
    results = run.results

    # flagged, with the reason, in the summary
    cheat = results["tricheur"]
    assert cheat.status is Status.SUSPECT, cheat
    reason = "appel d'une clé de correction retirée du paquet (m00.reference_bmi_class)"
    assert reason in cheat.attempts and reason in cheat.detail
    assert "tricheur" in run.summary() and "m00.reference_bmi_class" in run.summary()
    # the honest students of the run: exact scores, no suspicion
    full = cell_scores(course, "honnete_correct")
    assert results["honnete_correct"].status is Status.GRADED
    autograded = auto_scores(course, "honnete_correct")
    assert all(score == most for score, most in autograded.values()), autograded
    assert results["honnete_partiel"].status is Status.GRADED
    assert not results["honnete_correct"].attempts and not results["honnete_partiel"].attempts
    # every other question of the cheater scores as the honest correct copy
    scores = cell_scores(course, "tricheur")
    assert {k: v for k, v in scores.items() if k != "m00_q3_bmi_class"} == {
        k: v for k, v in full.items() if k != "m00_q3_bmi_class"
    }
    if not hasattr(iasante.exercises.m00, "reference_bmi_class"):
        # Runs once the lead merges this branch with keys-a (the reference removed from
        # the learner package): the name no longer exists, so the question earns nothing.
        assert scores["m00_q3_bmi_class"] == 0

    # the exports and the class report show the status and the reason
    export_grades(course, ASSIGNMENT, tmp_path / "exports", allow_pending=True)
    exported = "\n".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "exports").glob("*.csv")
    )
    assert "tricheur,suspect," in exported and "m00.reference_bmi_class" in exported
    html = class_report(course, ASSIGNMENT, tmp_path / "rapport")["html"].read_text("utf-8")
    assert "tricheur" in html and "m00.reference_bmi_class" in html
    shutil.rmtree(course / "autograded", ignore_errors=True)
