"""Module 00: known right answers pass, known wrong answers fail with the intended message.

Like learntools' answer examples: each question lists genuinely different correct
solutions a learner writes, and the typical mistakes with the message they must
get. A message must say what is wrong without giving the expected value.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from answercheck import assert_correct, assert_incorrect, assert_not_attempted

from iasante.exercises import m00

CSV = Path(__file__).resolve().parents[1] / "source/m00_prise_en_main/constantes_urgences.csv"


def stub(*_args, **_kwargs):
    raise NotImplementedError()


# --------------------------------------------------------------------------- Q1 variables

def test_q1_right_answers():
    assert_correct(m00.q1_variables, 82, 1.74)
    assert_correct(m00.q1_variables, 82.0, 174 / 100)


def test_q1_wrong_answers():
    assert_not_attempted(m00.q1_variables, None, None)
    assert_incorrect(m00.q1_variables, 82, "1.74", key="m00.q1.is_text")
    assert_incorrect(m00.q1_variables, 82, 174, contains="plausible")  # centimetres
    assert_incorrect(m00.q1_variables, 74, 1.82)  # swapped figures


# --------------------------------------------------------------------------- Q2 BMI

def test_q2_right_answers():
    assert_correct(m00.q2_bmi, lambda w, h: w / h**2)
    assert_correct(m00.q2_bmi, lambda w, h: w / (h * h))
    assert_correct(m00.q2_bmi, lambda w, h: float(np.divide(w, np.square(h))))


def test_q2_wrong_answers():
    assert_not_attempted(m00.q2_bmi, stub)
    assert_incorrect(m00.q2_bmi, lambda w, h: w / h, key="m00.q2.not_squared")
    assert_incorrect(m00.q2_bmi, lambda w, h: round(w / h**2, 1), key="m00.q2.rounded")
    assert_incorrect(m00.q2_bmi, lambda w, h: w * h**2)
    assert_incorrect(m00.q2_bmi, lambda w, h: f"{w / h**2:.1f}")  # text, not a number


def test_q2_forgotten_return_is_named():
    def compute_bmi(weight_kg, height_m):
        bmi = weight_kg / height_m**2  # noqa: F841 - the mistake under test

    assert_incorrect(m00.q2_bmi, compute_bmi, key="feedback.call.returned_none")


# --------------------------------------------------------------------------- Q3 BMI class

def _bmi_class_dict(bmi):
    for upper, label in ((18.5, "insuffisance pondérale"), (25, "corpulence normale"),
                         (30, "surpoids")):
        if bmi < upper:
            return label
    return "obésité"


def test_q3_right_answers():
    assert_correct(m00.q3_bmi_class, m00.reference_bmi_class)
    assert_correct(m00.q3_bmi_class, _bmi_class_dict)


def test_q3_wrong_answers():
    assert_not_attempted(m00.q3_bmi_class, stub)
    assert_incorrect(m00.q3_bmi_class, lambda b: "Surpoids" if 25 <= b < 30
                     else m00.reference_bmi_class(b), key="m00.q3.spelling")
    assert_incorrect(m00.q3_bmi_class, lambda b: "normal", key="m00.q3.unknown_label")
    assert_incorrect(m00.q3_bmi_class, lambda b: "surpoids" if b > 20 else "corpulence normale",
                     key="m00.q3.wrong_class")


# --------------------------------------------------------------------------- Q4 glucose

def test_q4_right_answers():
    assert_correct(m00.q4_glucose, lambda g: g / 18.016)
    assert_correct(m00.q4_glucose, lambda g: g / 18)
    assert_correct(m00.q4_glucose, lambda g: g * 10 / 180.16)


def test_q4_wrong_answers():
    assert_not_attempted(m00.q4_glucose, stub)
    assert_incorrect(m00.q4_glucose, lambda g: g * 18, key="m00.q4.wrong_direction")
    assert_incorrect(m00.q4_glucose, lambda g: g / 100)  # g/L, not mmol/L
    assert_incorrect(m00.q4_glucose, lambda g: round(g / 18))  # rounded to the unit


# --------------------------------------------------------------------------- Q5 fever

def test_q5_right_answers():
    assert_correct(m00.q5_fever, lambda ts: sum(1 for t in ts if t >= 38))
    assert_correct(m00.q5_fever, lambda ts: len([t for t in ts if t >= 38.0]))
    assert_correct(m00.q5_fever, lambda ts: (np.array(ts) >= 38).sum())
    assert_correct(m00.q5_fever, lambda ts: int((pd.Series(ts, dtype=float) >= 38).sum()))


def test_q5_wrong_answers():
    assert_not_attempted(m00.q5_fever, stub)
    assert_incorrect(m00.q5_fever, lambda ts: sum(1 for t in ts if t > 38.5),
                     key="m00.q5.wrong_count")
    assert_incorrect(m00.q5_fever, lambda ts: [t for t in ts if t >= 38])  # the list itself
    assert_incorrect(m00.q5_fever, lambda ts: sum(t >= 38 for t in ts) / len(ts))  # a share


def test_q5_strict_threshold_is_caught_by_hidden_boundary_only():
    """`> 38` passes the visible cases: the hidden test (38.0 counts) is what catches it."""
    strict = lambda ts: sum(1 for t in ts if t > 38)  # noqa: E731
    assert_correct(m00.q5_fever, strict)
    assert strict([38.0]) != 1


# --------------------------------------------------------------------------- Q6 heart rate

def test_q6_right_answers():
    assert_correct(m00.q6_heart_rate, m00.reference_heart_rate_points)

    def table_lookup(rate):
        bands = [(40, 3), (50, 1), (90, 0), (110, 1), (130, 2)]
        return next((p for upper, p in bands if rate <= upper), 3)

    assert_correct(m00.q6_heart_rate, table_lookup)


def test_q6_wrong_answers():
    assert_not_attempted(m00.q6_heart_rate, stub)
    assert_incorrect(m00.q6_heart_rate, lambda r: 0, key="m00.q6.wrong_points")
    assert_incorrect(m00.q6_heart_rate, m00.respiratory_rate_points, key="m00.q6.wrong_points")


# --------------------------------------------------------------------------- Q7 score

def test_q7_right_answers():
    assert_correct(m00.q7_warning_score, m00.reference_warning_score)

    def by_loop(vitals):
        scorers = {"frequence_respiratoire": m00.respiratory_rate_points,
                   "spo2": m00.spo2_points,
                   "frequence_cardiaque": m00.reference_heart_rate_points,
                   "temperature": m00.temperature_points}
        total = 0
        for name, scorer in scorers.items():
            total += scorer(vitals[name])
        return total

    assert_correct(m00.q7_warning_score, by_loop)


def test_q7_wrong_answers():
    assert_not_attempted(m00.q7_warning_score, stub)

    def swapped(v):  # SpO2 given to the temperature table and vice versa
        return (m00.respiratory_rate_points(v["frequence_respiratoire"])
                + m00.spo2_points(v["temperature"]) + m00.temperature_points(v["spo2"])
                + m00.reference_heart_rate_points(v["frequence_cardiaque"]))

    assert_incorrect(m00.q7_warning_score, swapped, key="m00.q7.wrong_score")

    def forgot_heart_rate(v):
        return (m00.respiratory_rate_points(v["frequence_respiratoire"])
                + m00.spo2_points(v["spo2"]) + m00.temperature_points(v["temperature"]))

    assert_incorrect(m00.q7_warning_score, forgot_heart_rate, key="m00.q7.wrong_score")
    assert_incorrect(
        m00.q7_warning_score, lambda v: v["pouls"], key="feedback.call.raised", contains="KeyError"
    )


# --------------------------------------------------------------------------- Q8, Q9 CSV

def test_q8_right_and_wrong_answers():
    vitals = pd.read_csv(CSV)
    assert_correct(m00.q8_load_csv, vitals, CSV)
    assert_correct(m00.q8_load_csv, pd.read_csv(CSV, sep=","), CSV)
    assert_not_attempted(m00.q8_load_csv, None, CSV)
    assert_incorrect(m00.q8_load_csv, vitals.head(), CSV, key="m00.q8.wrong_rows")
    assert_incorrect(m00.q8_load_csv, vitals.drop(columns="spo2"), CSV, contains="spo2")
    assert_incorrect(m00.q8_load_csv, vitals.values, CSV)  # a NumPy array, not a table


def test_q9_right_answers():
    vitals = pd.read_csv(CSV)
    score = m00.reference_warning_score
    by_apply = int((vitals.apply(score, axis=1) >= 5).sum())
    by_loop = 0
    for _, row in vitals.iterrows():
        if score(row) >= 5:
            by_loop += 1
    by_records = sum(score(r) >= 5 for r in vitals.to_dict("records"))
    numpy_count = (vitals.apply(score, axis=1) >= 5).sum()  # a NumPy integer
    for answer in (by_apply, by_loop, by_records, numpy_count):
        assert_correct(m00.q9_high_risk, answer, CSV)


def test_q9_wrong_answers():
    vitals = pd.read_csv(CSV)
    scores = vitals.apply(m00.reference_warning_score, axis=1)
    assert_not_attempted(m00.q9_high_risk, None, CSV)
    assert_incorrect(m00.q9_high_risk, int((scores > 5).sum()), CSV, key="m00.q9.wrong_count")
    assert_incorrect(m00.q9_high_risk, vitals[scores >= 5], CSV, key="m00.q9.not_a_count")
    assert_incorrect(m00.q9_high_risk, float((scores >= 5).mean()), CSV)  # a share
