"""« Which mistake, how many students »: diagnoses read back from autograded notebooks."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from iasante.feedback import Incorrect
from iasante.grading.products import diagnoses
from iasante.grading.products.report import _diagnoses_html
from iasante.messages import catalogue

# Pairs whose messages open with the same words: a prefix match cannot tell them apart.
SIBLINGS = [
    ("m02.model.fitted_on_test", {"name": "modele"}),
    ("m02.model.fitted_on_all", {"name": "modele"}),
    ("m02.auc.column0", {"name": "auc"}),
    ("m02.auc.hard_labels", {"name": "auc"}),
    ("m02.auc.train_set", {"name": "auc"}),
    ("feedback.df.too_many_rows", {"name": "df", "n_rows": 12}),
    ("feedback.df.too_few_rows", {"name": "df", "n_rows": 3}),
]


@pytest.mark.parametrize(("key", "fields"), SIBLINGS)
def test_each_diagnosis_is_named_by_its_own_key(key, fields):
    exc = Incorrect.of(key, **fields)
    assert diagnoses.diagnosis_key("Incorrect", str(exc)) == key


def test_an_appended_hint_keeps_the_key():
    exc = Incorrect.of("feedback.number.wrong", suffix="Vérifiez les unités.", name="x", value=3)
    assert diagnoses.diagnosis_key("Incorrect", str(exc)) == "feedback.number.wrong"


def test_every_module_diagnosis_is_recognised():
    """Formatted with placeholder values, every check message maps back to its own key,
    or to a template at least as specific (two texts that are the same sentence)."""
    import string

    wrong = []
    for template in diagnoses._templates():
        key, text = template.key, catalogue()[template.key]
        fields = {f: "valeur_x" for _, f, _, _ in string.Formatter().parse(text) if f}
        found = diagnoses.diagnosis_key("Incorrect", text.format(**fields))
        if found != key and catalogue().get(found, "").format(**fields) != text.format(**fields):
            wrong.append((key, found))
    assert not wrong


def test_other_failures_get_pseudo_keys():
    assert diagnoses.diagnosis_key("AssertionError", "") == diagnoses.HIDDEN
    assert diagnoses.diagnosis_key("NameError", "x") == ":error:NameError"
    assert diagnoses.diagnosis_key("Incorrect", "texte inconnu du catalogue") == diagnoses.UNKNOWN


def _autograded(course: Path, student: str, outputs: dict[str, list]) -> None:
    nb = nbformat.v4.new_notebook()
    for grade_id, outs in outputs.items():
        cell = nbformat.v4.new_code_cell("m02.q4.assert_correct(modele)")
        cell.metadata["nbgrader"] = {
            "grade": True,
            "solution": False,
            "grade_id": grade_id,
            "points": 1,
            "locked": True,
            "schema_version": 3,
        }
        cell.outputs = outs
        nb.cells.append(cell)
    path = course / "autograded" / student / "m02" / "m02.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nb, str(path))


def _error(key: str, **fields) -> dict:
    return nbformat.v4.new_output(
        "error", ename="Incorrect", evalue=str(Incorrect.of(key, **fields)), traceback=[]
    )


def test_class_counts_students_per_question_and_mistake(tmp_path):
    _autograded(
        tmp_path, "ana", {"m02_q4": [_error("m02.model.fitted_on_test", name="m")], "m02_q7": []}
    )
    _autograded(
        tmp_path,
        "bob",
        {
            "m02_q4": [_error("m02.model.fitted_on_all", name="m")],
            "m02_q7": [_error("m02.auc.column0", name="auc")],
        },
    )
    _autograded(
        tmp_path,
        "eve",
        {
            "m02_q4": [_error("m02.model.fitted_on_test", name="m")],
            "m02_q7": [
                nbformat.v4.new_output("error", ename="AssertionError", evalue="", traceback=[])
            ],
        },
    )
    broken = tmp_path / "autograded" / "zed" / "m02" / "m02.ipynb"
    broken.parent.mkdir(parents=True)
    broken.write_text("{ pas du JSON")
    counts = diagnoses.class_diagnoses(tmp_path, "m02")
    assert counts == {
        "m02_q4": {"m02.model.fitted_on_test": 2, "m02.model.fitted_on_all": 1},
        "m02_q7": {"m02.auc.column0": 1, diagnoses.HIDDEN: 1},
    }
    page = _diagnoses_html(counts)
    assert "<code>m02.model.fitted_on_test</code></td><td>2</td>" in page
    assert "un test caché échoue" in page


def test_the_hint_invitation_of_a_graded_check_keeps_the_key():
    from iasante.exercises import m00

    with pytest.raises(Incorrect) as info:
        m00.q2_bmi.assert_correct(lambda weight, height: weight * height)
    text = str(info.value)
    assert ".hint()" in text
    assert diagnoses.diagnosis_key("Incorrect", text) == info.value.key
