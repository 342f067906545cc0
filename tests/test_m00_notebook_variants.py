"""Module 00 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers must earn full marks; a notebook
of typical mistakes must lose exactly the questions they break — including the
mistakes that only the hidden tests can see (`> 38` instead of `>= 38`, `<=` at
the WHO bounds).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from coursecopy import autograde, cell_grades, copy_course, release_into, submit

ASSIGNMENT = "m00_prise_en_main"
STUB = "# VOTRE CODE ICI"

pytestmark = pytest.mark.slow

ALTERNATIVES = {
    "m00_q1_reponse": "weight_kg = 82.0\nheight_m = 174 / 100",
    "m00_q2_reponse": "return weight_kg / (height_m * height_m)",
    "m00_q3_reponse": (
        "bounds = [(18.5, 'insuffisance pondérale'), (25, 'corpulence normale'),\n"
        "          (30, 'surpoids')]\n"
        "for upper, label in bounds:\n"
        "    if bmi < upper:\n"
        "        return label\n"
        "return 'obésité'"
    ),
    "m00_q4_reponse": "return glucose_mg_dl / 18",
    "m00_q5_reponse": "return len([t for t in temperatures if t >= 38])",
    "m00_q6_reponse": (
        "for upper, points in [(40, 3), (50, 1), (90, 0), (110, 1), (130, 2)]:\n"
        "    if rate <= upper:\n"
        "        return points\n"
        "return 3"
    ),
    "m00_q7_reponse": (
        "total = respiratory_rate_points(vitals['frequence_respiratoire'])\n"
        "total += spo2_points(vitals['spo2'])\n"
        "total += heart_rate_points(vitals['frequence_cardiaque'])\n"
        "total += temperature_points(vitals['temperature'])\n"
        "return total"
    ),
    "m00_q8_reponse": "vitals = pd.read_csv('constantes_urgences.csv', sep=',')",
    "m00_q9_reponse": (
        "n_high_risk = 0\n"
        "for _, row in vitals.iterrows():\n"
        "    if warning_score(row) >= 5:\n"
        "        n_high_risk += 1"
    ),
}

MISTAKES = dict(
    ALTERNATIVES,
    m00_q2_reponse="return round(weight_kg / height_m ** 2, 1)",
    m00_q3_reponse=(
        "if bmi <= 18.5:\n    return 'insuffisance pondérale'\n"
        "elif bmi <= 25:\n    return 'corpulence normale'\n"
        "elif bmi <= 30:\n    return 'surpoids'\n"
        "return 'obésité'"
    ),
    m00_q5_reponse="return sum(1 for t in temperatures if t > 38)",
)
BROKEN_BY_MISTAKES = {"m00_q2_bmi", "m00_q3_bmi_class", "m00_q5_fever"}


def fill(source: str, answer: str) -> str:
    """Put ``answer`` where the stub stands, at the stub's indentation."""
    lines = source.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == STUB)
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    assert lines[at + 1].strip() == "raise NotImplementedError()"
    body = [indent + line if line else line for line in answer.splitlines()]
    return "\n".join(lines[:at] + body + lines[at + 2:])


def answered(release_dir: Path, answers: dict[str, str], dest: Path) -> Path:
    dest.mkdir(parents=True)
    for path in release_dir.iterdir():
        (dest / path.name).write_bytes(path.read_bytes())
    notebook = dest / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = fill(cell.source, answers[grade_id])
    nbformat.write(nb, notebook)
    return dest


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("variants")
    layout = copy_course(root / "course")
    release_into(layout)
    release_dir = layout.release / ASSIGNMENT
    for student, answers in (("alternatives", ALTERNATIVES), ("erreurs", MISTAKES)):
        submit(layout, student, ASSIGNMENT, answered(release_dir, answers, root / student))
        autograde(layout, ASSIGNMENT, student)
    return layout


def test_every_answer_cell_has_an_example() -> None:
    from coursecopy import REPO

    nb = nbformat.read(REPO / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    autograded_answers = {
        c.metadata["nbgrader"]["grade_id"] for c in nb.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")
    }
    assert autograded_answers == set(ALTERNATIVES)


def test_different_correct_answers_earn_full_marks(graded) -> None:
    lost = [g for g in cell_grades(graded, ASSIGNMENT, "alternatives") if g.score != g.max_score]
    assert not lost, lost


def test_typical_mistakes_lose_exactly_their_questions(graded) -> None:
    grades = {g.cell: g for g in cell_grades(graded, ASSIGNMENT, "erreurs")}
    for cell, grade in grades.items():
        expected = 0 if cell in BROKEN_BY_MISTAKES else grade.max_score
        assert grade.score == expected, f"{cell}: {grade.score} instead of {expected}"
