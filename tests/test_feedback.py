"""Core of iasante.feedback: call_answer, Question's three outcomes, graded mode, hints, usage."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import pytest

from iasante.feedback import (
    Incorrect,
    NotAttempted,
    Question,
    call_answer,
    check_number,
    format_number,
    is_graded_run,
    reset_usage,
    usage_report,
)


@pytest.fixture(autouse=True)
def _usage_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("IASANTE_USAGE_FILE", str(tmp_path / "aides.json"))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    reset_usage()
    yield
    reset_usage()


# ------------------------------------------------------------------ call_answer
def stub(x):
    # VOTRE CODE ICI
    raise NotImplementedError()


def empty(x):
    """Docstring only."""


def empty_pass(x):
    pass


def no_return(x):
    y = x * 2  # noqa: F841


def crash(x):
    return x / 0


def test_call_answer_returns_value():
    assert call_answer(lambda x: x + 1, 1) == 2


@pytest.mark.parametrize("func", [stub, empty, empty_pass])
def test_call_answer_not_attempted(func):
    with pytest.raises(NotAttempted) as info:
        call_answer(func, 1)
    assert func.__name__ in str(info.value)


def test_call_answer_forgotten_return_is_incorrect():
    with pytest.raises(Incorrect, match="return"):
        call_answer(no_return, 1)


def test_call_answer_exception_named_in_french():
    with pytest.raises(Incorrect) as info:
        call_answer(crash, 1)
    assert str(info.value) == (
        "Votre fonction a levé une erreur : ZeroDivisionError (division by zero)."
    )


def test_call_answer_not_callable():
    with pytest.raises(
        Incorrect, match=r"est un nombre entier \(int\), alors qu.il faut une fonction"
    ):
        call_answer(42)
    with pytest.raises(NotAttempted):
        call_answer(None)


def test_call_answer_silences_learner_warnings(capfd):
    def noisy(x):
        warnings.warn("attention", UserWarning, stacklevel=1)
        print("bruit", file=sys.stderr)
        return x

    assert call_answer(noisy, 3) == 3
    assert capfd.readouterr().err == ""


def test_is_graded_run(monkeypatch):
    assert not is_graded_run()
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert is_graded_run()


def test_format_number_french():
    assert format_number(2400) == "2\u202f400"
    assert format_number(24.5) == "24,5"
    assert format_number(-1234.5) == "-1\u202f234,5"
    assert format_number(float("nan")) == "NaN"


# ------------------------------------------------------------------ Question
class Double(Question):
    """Write double(x) returning 2x. Reference computed from the same input."""

    hints = ["Multipliez x par un nombre.", "Utilisez return x * 2."]
    solution_text = "def double(x):\n    return x * 2"

    def _check(self, func):
        for x in (1, 2.5, -7):
            check_number(call_answer(func, x), x * 2, name=f"double({x})")


def good_double(x):
    return x * 2


def other_good_double(x):  # a genuinely different correct approach
    return x + x


def bad_double(x):
    return x * 3


def test_question_solution_attribute_and_method():
    q = Double()
    assert q.solution_text.startswith("def double")
    assert callable(q.solution)
    q.solution_text = None  # per-instance override keeps the method
    assert q.solution_text is None and callable(q.solution)
    assert Double.solution_text is not None  # the class keeps its text
    assert Double(solution=None).solution_text is None


@pytest.mark.parametrize("answer", [good_double, other_good_double])
def test_check_correct(answer, capsys):
    assert Double().check(answer) == True  # noqa: E712
    out = capsys.readouterr().out
    assert "Correct" in out


def test_check_incorrect_names_what_is_wrong_not_expected(capsys):
    assert Double().check(bad_double) == False  # noqa: E712
    out = capsys.readouterr().out
    assert "Pas encore" in out and "double(1)" in out and "vaut 3" in out
    assert "vaut 2 " not in out and ".hint()" in out


@pytest.mark.parametrize("answer", [stub, empty, None])
def test_check_not_attempted(answer, capsys):
    assert not Double().check(answer)
    assert "À vous de jouer" in capsys.readouterr().out


def test_check_never_raises_even_if_check_crashes(capsys):
    class Fragile(Question):
        def _check(self, value):
            value.nonexistent_attribute  # noqa: B018

    assert not Fragile().check(3)
    assert "AttributeError" in capsys.readouterr().out


def test_assert_correct_graded_mode(capfd, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    q = Double(solution=None)
    q.assert_correct(good_double)
    q.assert_correct(other_good_double)
    captured = capfd.readouterr()
    assert captured.err == "" and "Vérification réussie" in captured.out
    with pytest.raises(AssertionError) as info:
        q.assert_correct(bad_double)
    assert isinstance(info.value, Incorrect) and "vaut 3" in str(info.value)
    with pytest.raises(NotAttempted):
        q.assert_correct(stub)
    # same message in both modes
    result = q.evaluate(bad_double)
    # same diagnosis in both modes; the graded message also invites to ask for a hint
    assert result.outcome == "incorrect" and str(info.value).startswith(result.message)
    assert str(info.value).endswith(".hint().")
    assert result.key == info.value.key == "feedback.number.wrong"


def test_assert_correct_silences_warnings_inside_check(capfd):
    class Warns(Question):
        def _check(self, value):
            warnings.warn("bruit", RuntimeWarning, stacklevel=1)
            check_number(value, 1, name="x")

    Warns().assert_correct(1)
    assert capfd.readouterr().err == ""


def test_hints_in_steps_and_usage_record(capsys, tmp_path):
    q = Double()
    q.hint()
    out = capsys.readouterr().out
    assert "Indice 1 sur 2" in out and "Multipliez" in out and ".hint(2)" in out
    q.hint(2)
    assert "Utilisez return" in capsys.readouterr().out
    q.hint(5)
    assert "de 1 à 2" in capsys.readouterr().out
    q.solution()
    assert "return x * 2" in capsys.readouterr().out
    report = usage_report()
    assert report.summary() == {"Double": {"hints": [1, 2], "solution": True}}
    assert "Double : indice(s) 1, 2, puis solution affichée" in str(report)
    assert "<li>" in report._repr_html_()
    stored = json.loads((tmp_path / "aides.json").read_text(encoding="utf-8"))
    assert [e["kind"] for e in stored["events"]] == ["hint", "hint", "solution"]


def test_usage_persists_across_sessions(tmp_path):
    Double().hint(1)
    reset_usage()  # a new kernel: memory empty, file kept
    assert usage_report().summary() == {"Double": {"hints": [1], "solution": False}}
    reset_usage(delete_file=True)
    assert len(usage_report()) == 0 and "aucun indice" in str(usage_report())


def test_solution_absent_in_graded_contexts(capsys, monkeypatch, tmp_path):
    Double(solution=None).solution()
    assert "pas disponible" in capsys.readouterr().out
    Double(graded=True).solution()
    out = capsys.readouterr().out
    assert "pas disponible" in out and "return x * 2" not in out
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    Double().solution()
    assert "return x * 2" not in capsys.readouterr().out
    assert len(usage_report()) == 0
    assert not (tmp_path / "aides.json").exists()


def test_no_hints(capsys):
    class Bare(Question):
        def _check(self, v):
            pass

    Bare().hint()
    assert "pas d'indice" in capsys.readouterr().out
    assert Bare().check(1)


def test_html_rendering_escapes_learner_text():
    from iasante.feedback._display import render_html

    html = render_html("incorrect", "Pas encore", "« <script> » vaut `x`")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<code>x</code>" in html


def test_graded_test_cell_in_subprocess_writes_nothing_to_stderr(tmp_path):
    """What an nbgrader test cell does: import, call, raise or print — stderr must stay empty."""
    code = (
        "from iasante.feedback import Question, call_answer, check_number\n"
        "class Q(Question):\n"
        "    def _check(self, f):\n"
        "        check_number(call_answer(f, 2), 4, name='double(2)')\n"
        "import warnings\n"
        "def f(x):\n"
        "    warnings.warn('deprecated thing', FutureWarning)\n"
        "    return x * 2\n"
        "Q().assert_correct(f)\n"
    )
    env = {"NBGRADER_EXECUTION": "autograde", "PATH": ""}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and "Vérification réussie" in proc.stdout


# ------------------------------------------------------------------ data variants
class MeanAge(Question):
    """mean_age(df) -> float; the reference is computed from the very data given."""

    def _check(self, func, df):
        check_number(call_answer(func, df.copy()), df["age"].mean(), name="mean_age(df)")


def cohort(seed):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    return pd.DataFrame({"age": rng.integers(18, 95, 50)})


def test_another_seed_still_grades_correctly():
    frozen = float(cohort(1)["age"].mean())  # a learner who pasted the number of seed 1

    def mean_age(df):
        return df["age"].sum() / len(df)

    def pasted(df):
        return frozen

    q = MeanAge()
    for seed in (1, 2, 3):
        q.assert_correct(mean_age, cohort(seed))
    q.assert_correct(pasted, cohort(1))
    with pytest.raises(Incorrect):
        q.assert_correct(pasted, cohort(2))


def test_question_label():
    class Q3CleanAges(Question):
        pass

    assert Q3CleanAges().label == "Question 3"
    assert Q3CleanAges(title="Nettoyage des âges").label == "Nettoyage des âges"
    assert Double().label == "Double"


def test_find_name_for_hint_invitations():
    import types

    from iasante.feedback._question import find_name

    q = Double()
    module = types.ModuleType("iasante.exercises.fake")
    module.l1_height = q
    assert find_name(q, {"q1": q}) == "q1"
    assert find_name(q, {"m00": module}) == "m00.l1_height"
    assert find_name(q, {"_": q}) is None


def test_feedback_exceptions_render_as_one_french_line_in_ipython():
    """IPython shows `_render_traceback_` instead of a traceback: no package internals."""
    import re

    wrong = Incorrect("Votre IMC n'est pas juste.")._render_traceback_()
    empty = NotAttempted("Vous n'avez pas encore répondu.")._render_traceback_()
    assert len(wrong) == 1 and len(empty) == 1
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in wrong + empty]
    assert plain[0] == "✗ Pas encore — Votre IMC n'est pas juste."
    assert plain[1] == "○ À vous de jouer — Vous n'avez pas encore répondu."
    assert "_question.py" not in "".join(plain)


def test_catalogue_hints_counts_the_catalogue():
    from iasante.feedback import catalogue_hints

    hints = catalogue_hints("m00.q1")
    assert len(hints) >= 2 and hints == catalogue_hints("m00.q1", len(hints))
    with pytest.raises(ValueError, match="hints announced"):
        catalogue_hints("m00.q1", len(hints) + 1)
