"""Module 07 through stock nbgrader with answers a real learner writes.

Different but correct answers (another way to pick the threshold, a table built column by
column, a file written with the ``csv`` module) earn full marks; typical mistakes lose
exactly the questions they break. No hidden label is involved: the checks are on format.
"""

from __future__ import annotations

import nbformat
import pytest
from coursecopy import autograded_answer_ids, grade_answer_sets, wrong_scores

ASSIGNMENT = "m07_datathon"

pytestmark = pytest.mark.slow

ALTERNATIVES = {
    "m07_q1_reponse": "seuil = float(np.sort(proba)[int(0.85 * len(proba))])",
    "m07_q2_reponse": (
        "predictions = defi.test[['sejour_id']].copy()\n"
        "predictions['probabilite'] = proba\n"
        "predictions['decision'] = np.where(proba >= seuil, 1, 0)"
    ),
    "m07_q3_reponse": (
        "import csv\n"
        "with open('predictions.csv', 'w', newline='', encoding='utf-8') as f:\n"
        "    w = csv.writer(f)\n"
        "    w.writerow(['sejour_id', 'probabilite', 'decision'])\n"
        "    for row in predictions.itertuples(index=False):\n"
        "        w.writerow(list(row))"
    ),
}

MISTAKES = {
    # the index written as a first column: only the file is wrong
    "index_ecrit": dict(ALTERNATIVES, m07_q3_reponse="predictions.to_csv('predictions.csv')"),
    # decisions from another threshold than the declared one (the file itself is valid)
    "autre_seuil": dict(
        ALTERNATIVES,
        m07_q2_reponse=(
            "predictions = pd.DataFrame({'sejour_id': defi.test['sejour_id'],\n"
            "                            'probabilite': proba,\n"
            "                            'decision': (proba >= np.quantile(proba, 0.75))\n"
            "                                        .astype(int)})"
        ),
    ),
    # 0.5, the default of predict(): almost nobody is flagged, beyond the capacity rule,
    # so the table and the file built from it are refused too
    "seuil_par_defaut": dict(ALTERNATIVES, m07_q1_reponse="seuil = 0.5"),
}
BROKEN_BY_MISTAKES = {
    "index_ecrit": {"m07_q3_fichier"},
    "autre_seuil": {"m07_q2_predictions"},
    "seuil_par_defaut": {"m07_q1_seuil", "m07_q2_predictions", "m07_q3_fichier"},
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    students = {"alternatives": ALTERNATIVES, **MISTAKES}
    return grade_answer_sets(tmp_path_factory.mktemp("variants"), ASSIGNMENT, students)


def test_every_answer_cell_has_an_example() -> None:
    assert autograded_answer_ids(ASSIGNMENT) == set(ALTERNATIVES)


def test_different_correct_answers_earn_full_marks(graded) -> None:
    problems = wrong_scores(graded, ASSIGNMENT, "alternatives")
    assert not problems, problems


@pytest.mark.parametrize("student", sorted(MISTAKES))
def test_typical_mistakes_lose_exactly_their_questions(graded, student) -> None:
    problems = wrong_scores(graded, ASSIGNMENT, student, BROKEN_BY_MISTAKES[student])
    assert not problems, problems


def test_correct_answers_write_nothing_to_stderr_in_test_cells(graded) -> None:
    path = graded.root / "autograded" / "alternatives" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            streams = [o for o in cell.outputs if o.get("name") == "stderr"]
            assert not streams, (cell.metadata["nbgrader"]["grade_id"], streams)
