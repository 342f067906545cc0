"""No catalogue message can carry an expected value; every check's message hides it."""

from __future__ import annotations

import re
import string

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from sklearn.neighbors import KNeighborsClassifier

from iasante import feedback
from iasante.messages import catalogue, msg
from iasante.messages.fr import feedback as fr_feedback
from iasante.messages.fr import widgets as fr_widgets

# Fields a feedback template may interpolate: the learner's own value, object, columns,
# row labels, counts of their rows, types, units, exception, hint numbering, names.
ALLOWED_FIELDS = {
    "name",
    "value",
    "unit",
    "column",
    "columns",
    "row",
    "n_rows",
    "n_wrong",
    "n_missing",
    "dtype",
    "type_name",
    "actual",
    "wanted",
    "exc_type",
    "exc_msg",
    "labels",
    "label",
    "param",
    "n_features",
    "n",
    "kind_label",
    "question",
    "var",
    "first",
    "total",
    "steps",
}
FORBIDDEN_FIELD_WORDS = ("expected", "attendu", "solution", "reference", "correct", "target")


def fields(text):
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_feedback_keys_prefixed_and_present_in_catalogue():
    merged = catalogue()
    for key in fr_feedback.MESSAGES:
        assert key.startswith("feedback."), key
        assert merged[key] == fr_feedback.MESSAGES[key]
    for key in fr_widgets.MESSAGES:
        assert key.startswith("widgets."), key


@pytest.mark.parametrize("key", sorted(fr_feedback.MESSAGES))
def test_feedback_templates_cannot_carry_an_expected_value(key):
    text = fr_feedback.MESSAGES[key]
    used = fields(text)
    assert used <= ALLOWED_FIELDS, f"{key}: unexpected fields {used - ALLOWED_FIELDS}"
    assert not any(w in f for f in used for w in FORBIDDEN_FIELD_WORDS), key
    assert not re.search(r"\d", text), f"{key}: a digit in a feedback text"


@pytest.mark.parametrize("key", sorted(fr_widgets.MESSAGES))
def test_widget_templates_are_well_formed(key):
    text = fr_widgets.MESSAGES[key]
    text.format(**{f: "x" for f in fields(text)})


@pytest.mark.parametrize("key", sorted({**fr_feedback.MESSAGES, **fr_widgets.MESSAGES}))
def test_french_typography(key):
    text = {**fr_feedback.MESSAGES, **fr_widgets.MESSAGES}[key]
    assert "  " not in text, key
    # French puts a space before : ; ? ! (code such as "(...):" is not concerned)
    assert not re.search(r"[A-Za-zÀ-ÿ»][:;?!]", text), key


# A distinctive expected value that must never show up in any message.
SECRET = 7341.25
SECRET_STRINGS = ("7341", "7 341", "7\u202f341")


def _messages_of_wrong_answers():
    secret_df = pd.DataFrame({"x": [SECRET, 1.0], "g": ["a", "b"]})
    wrong_df = pd.DataFrame({"x": [2.0, 1.0], "g": ["a", "b"]})
    calls = [
        lambda: feedback.check_number(2.0, SECRET, name="v"),
        lambda: feedback.check_number(SECRET / 10, SECRET, name="v"),
        lambda: feedback.check_number(SECRET * 1.001, SECRET, name="v"),
        lambda: feedback.check_in_range(-5.0, SECRET - 1, SECRET + 1, name="v"),
        lambda: feedback.check_dataframe(wrong_df, secret_df, name="df"),
        lambda: feedback.check_dataframe(
            wrong_df.iloc[::-1].reset_index(drop=True), secret_df, name="df"
        ),
        lambda: feedback.check_dataframe(wrong_df.iloc[:1], secret_df, name="df"),
        lambda: feedback.check_series(
            wrong_df.set_index("g")["x"], secret_df.set_index("g")["x"], name="s"
        ),
        lambda: feedback.check_series(wrong_df["x"], secret_df["x"], name="s"),
        lambda: feedback.check_estimator(
            KNeighborsClassifier(n_neighbors=3).fit([[0], [1], [2]], [0, 1, 1]),
            name="m",
            params={"n_neighbors": 7341},
        ),
        lambda: feedback.check_cases(lambda x: x + 1, [(2.0,)], lambda x: x + SECRET, name="f"),
        lambda: feedback.check_equal("texte", str(SECRET), name="t"),
    ]
    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [1, 2])
    calls.append(lambda: feedback.check_figure(fig, name="f", n_bars=7341))
    out = []
    for call in calls:
        with pytest.raises(feedback.Incorrect) as info:
            call()
        out.append(str(info.value))
    plt.close(fig)
    return out


def test_no_message_reveals_the_expected_value():
    for text in _messages_of_wrong_answers():
        assert text and not any(s in text for s in SECRET_STRINGS), text


def test_msg_formats_learner_values():
    assert msg("feedback.number.wrong", name="imc", value="2\u202f400").startswith("« imc »")
    assert np.isnan(np.nan)  # keep numpy import used in all environments
