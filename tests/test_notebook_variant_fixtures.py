"""The learners' answers of ``tests/fixtures/variants/`` load, fit their cells and compile.

The notebook-variant tests grade these answers through nbgrader (slow); these checks
catch a broken fixture in a second: a section for no answer cell, a function answer
under another name, an answer that is no longer valid Python once in its cell, or a
notebook of mistakes that changes nothing.
"""

from __future__ import annotations

import shutil

import coursecopy
import nbformat
import pytest
from coursecopy import (
    REPO,
    VARIANTS,
    autograded_answer_ids,
    fill_stub,
    variant_answers,
    variant_notebooks,
)

ASSIGNMENTS = sorted(p.parent.name for p in VARIANTS.glob("*/alternatives.py"))


def test_every_graded_assignment_has_variants():
    graded = sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir())
    assert ASSIGNMENTS == graded


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_answers_fit_their_cells_and_compile(assignment):
    alternatives, mistakes = variant_notebooks(assignment)
    assert set(alternatives) == autograded_answer_ids(assignment)
    assert mistakes, "no notebook of mistakes"
    for student, answers in mistakes.items():
        changed = {k for k, v in answers.items() if v != alternatives[k]}
        assert changed, f"{student}.py changes no answer"
    cells = {
        cell.metadata.get("nbgrader", {}).get("grade_id"): cell.source
        for path in (REPO / "release" / assignment).glob("*.ipynb")
        for cell in nbformat.read(path, as_version=4).cells
    }
    for student, answers in [("alternatives", alternatives), *mistakes.items()]:
        for grade_id, answer in answers.items():
            compile(fill_stub(cells[grade_id], answer), f"{student}:{grade_id}", "exec")


def test_an_answer_is_the_exact_text_of_its_section():
    answers = variant_answers("m00_prise_en_main", "alternatives")
    assert answers["m00_q1_reponse"] == "weight_kg = 82.0\nheight_m = 174 / 100"
    assert answers["m00_q6_reponse"] == (
        "for upper, points in [(40, 3), (50, 1), (90, 0), (110, 1), (130, 2)]:\n"
        "    if rate <= upper:\n"
        "        return points\n"
        "return 3"
    )
    erreurs = variant_answers("m00_prise_en_main", "erreurs")
    # the comment under the marker describes the mistake and is not part of the answer
    assert erreurs["m00_q5_reponse"] == "return sum(1 for t in temperatures if t > 38)"


@pytest.mark.parametrize(
    ("section", "complaint"),
    [
        ("# %% m00_q99_reponse\nx = 1\n", "no answer cell"),
        ("# %% m00_q2_reponse\ndef bmi(weight_kg, height_m):\n    return 1\n", "compute_bmi"),
        ("# %% m00_q2_reponse\nreturn weight_kg / height_m ** 2\n", "compute_bmi"),
        (
            "# %% m00_q2_reponse\ndef compute_bmi(\n    weight_kg, height_m\n):\n    return 1\n",
            "one-line signature",
        ),
    ],
)
def test_a_malformed_section_is_refused(tmp_path, monkeypatch, section, complaint):
    shutil.copytree(VARIANTS / "m00_prise_en_main", tmp_path / "m00_prise_en_main")
    (tmp_path / "m00_prise_en_main" / "erreurs.py").write_text(section, encoding="utf-8")
    monkeypatch.setattr(coursecopy, "VARIANTS", tmp_path)
    with pytest.raises(ValueError, match=complaint):
        variant_answers("m00_prise_en_main", "erreurs")
