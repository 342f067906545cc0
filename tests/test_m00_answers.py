"""Module 00: known right answers pass, known wrong answers fail with the intended message.

Like learntools' answer examples: each question lists genuinely different correct
solutions a learner writes, and the typical mistakes with the message they must
get. A message must say what is wrong without giving the expected value.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from answercheck import assert_correct, assert_incorrect, assert_not_attempted
from keys import m00 as keys

from iasante.exercises import m00
from iasante.feedback import Outcome

CSV = Path(__file__).resolve().parents[1] / "source/m00_prise_en_main/constantes_urgences.csv"
LESSON_CSV = Path(__file__).resolve().parents[1] / "data/m00_constantes.csv"


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


def test_q2_hard_coded_result_says_use_the_parameters():
    """Mme L.'s BMI written as a number: « pour un autre patient… », not « pas la valeur »."""
    assert_incorrect(m00.q2_bmi, lambda w, h: 82 / 1.74**2, key="m00.q2.constant")
    assert_incorrect(m00.q2_bmi, lambda w, h: 27.08, key="m00.q2.constant")
    message = m00.q2_bmi.evaluate(lambda w, h: 82 / 1.74**2).message
    assert "paramètres" in message


def test_q2_forgotten_return_is_named():
    def compute_bmi(weight_kg, height_m):
        bmi = weight_kg / height_m**2  # noqa: F841 - the mistake under test

    assert_incorrect(m00.q2_bmi, compute_bmi, key="feedback.call.returned_none")


# --------------------------------------------------------------------------- Q3 BMI class


def _bmi_class_dict(bmi):
    for upper, label in (
        (18.5, "insuffisance pondérale"),
        (25, "corpulence normale"),
        (30, "surpoids"),
    ):
        if bmi < upper:
            return label
    return "obésité"


def test_q3_right_answers():
    assert_correct(m00.q3_bmi_class, keys.bmi_class)
    assert_correct(m00.q3_bmi_class, _bmi_class_dict)


def test_q3_wrong_answers():
    assert_not_attempted(m00.q3_bmi_class, stub)
    assert_incorrect(
        m00.q3_bmi_class,
        lambda b: "Surpoids" if 25 <= b < 30 else keys.bmi_class(b),
        key="m00.q3.spelling",
    )
    assert_incorrect(m00.q3_bmi_class, lambda b: "normal", key="m00.q3.unknown_label")
    assert_incorrect(
        m00.q3_bmi_class,
        lambda b: "surpoids" if b > 20 else "corpulence normale",
        key="m00.q3.wrong_class",
    )


def _bmi_class_le(bmi):
    if bmi <= 18.5:
        return "insuffisance pondérale"
    if bmi <= 25:
        return "corpulence normale"
    if bmi <= 30:
        return "surpoids"
    return "obésité"


def test_q3_boundaries_are_checked_visibly():
    """`<=` at the WHO bounds was « Vérification réussie » before: now diagnosed."""
    assert_incorrect(m00.q3_bmi_class, _bmi_class_le, key="m00.q3.boundary")


def test_bmi_class_key_matches_who_trs_894():
    """WHO TRS 894 (2000): < 18.5, 18.5–24.99, 25–29.99, >= 30 (French « surpoids » 25–29.9)."""
    cases = {
        18.49: "insuffisance pondérale",
        18.5: "corpulence normale",
        24.99: "corpulence normale",
        25.0: "surpoids",
        29.99: "surpoids",
        30.0: "obésité",
    }
    for bmi, label in cases.items():
        assert keys.bmi_class(bmi) == label, bmi


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
    assert_incorrect(m00.q4_glucose, lambda g: 5.0, key="m00.q4.constant")


def test_who_fasting_glucose_thresholds_in_both_units():
    """WHO 2006: diabetes >= 7.0 mmol/L = 126 mg/dL (1.26 g/L); IFG 6.1–6.9 = 110–125 mg/dL."""
    assert round(keys.glucose_mmol_l(126), 1) == 7.0
    assert round(keys.glucose_mmol_l(110), 1) == 6.1
    diabetes, moderate, normal = keys.FASTING_GLUCOSE_LABELS
    assert keys.fasting_glucose_label(126) == diabetes  # 1.26 g/L, the threshold
    assert keys.fasting_glucose_label(125) == moderate
    assert keys.fasting_glucose_label(110) == moderate
    assert keys.fasting_glucose_label(109) == normal


def test_lesson_glucose_function_classes_the_threshold_as_diabetes():
    """The lesson's own `fasting_glucose_label` (cell run here) agrees with the WHO figures."""
    import json

    lesson = Path(__file__).resolve().parents[1] / "notebooks/m00_prise_en_main.ipynb"
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    source = next(
        "".join(c["source"]) for c in cells if "def fasting_glucose_label" in "".join(c["source"])
    )
    namespace: dict = {}
    exec(source.split("\nfor g in")[0], namespace)
    for value in (126, 125, 110, 109, 140):
        assert namespace["fasting_glucose_label"](value) == keys.fasting_glucose_label(value), value


# --------------------------------------------------------------------------- Q5 fever


def test_q5_right_answers():
    assert_correct(m00.q5_fever, lambda ts: sum(1 for t in ts if t >= 38))
    assert_correct(m00.q5_fever, lambda ts: len([t for t in ts if t >= 38.0]))
    assert_correct(m00.q5_fever, lambda ts: (np.array(ts) >= 38).sum())
    assert_correct(m00.q5_fever, lambda ts: int((pd.Series(ts, dtype=float) >= 38).sum()))


def test_q5_wrong_answers():
    assert_not_attempted(m00.q5_fever, stub)
    assert_incorrect(
        m00.q5_fever, lambda ts: sum(1 for t in ts if t > 38.5), key="m00.q5.wrong_count"
    )
    assert_incorrect(m00.q5_fever, lambda ts: [t for t in ts if t >= 38])  # the list itself
    assert_incorrect(m00.q5_fever, lambda ts: sum(t >= 38 for t in ts) / len(ts))  # a share


def test_q5_strict_threshold_is_caught_visibly():
    """`> 38` was « Vérification réussie » and lost points at grading: now diagnosed."""
    assert_incorrect(
        m00.q5_fever, lambda ts: sum(1 for t in ts if t > 38), key="m00.q5.strict_threshold"
    )


def test_q5_modifying_the_list_is_caught_visibly():
    def pops(ts):
        n = 0
        while ts:
            if ts.pop() >= 38:
                n += 1
        return n

    def sorts(ts):
        ts.sort()
        return sum(t >= 38 for t in ts)

    assert_incorrect(m00.q5_fever, pops, key="m00.q5.mutates_input")
    assert_incorrect(m00.q5_fever, sorts, key="m00.q5.mutates_input")


# --------------------------------------------------------------------------- Q6 heart rate


def test_q6_right_answers():
    assert_correct(m00.q6_heart_rate, keys.heart_rate_points)

    def table_lookup(rate):
        bands = [(40, 3), (50, 1), (90, 0), (110, 1), (130, 2)]
        return next((p for upper, p in bands if rate <= upper), 3)

    assert_correct(m00.q6_heart_rate, table_lookup)


def test_q6_wrong_answers():
    assert_not_attempted(m00.q6_heart_rate, stub)
    assert_incorrect(m00.q6_heart_rate, lambda r: 0, key="m00.q6.wrong_points")
    assert_incorrect(m00.q6_heart_rate, keys.respiratory_rate_points, key="m00.q6.wrong_points")


def test_q6_every_boundary_is_checked_visibly():
    def strict(rate):  # `<` instead of `<=`: 40, 50, 90, 110, 130 fall in the next band
        for upper, points in [(40, 3), (50, 1), (90, 0), (110, 1), (130, 2)]:
            if rate < upper:
                return points
        return 3

    def off_by_one(rate):  # « 131 ou plus » read as > 131
        return 2 if rate == 131 else keys.heart_rate_points(rate)

    assert_incorrect(m00.q6_heart_rate, strict, key="m00.q6.boundary")
    assert_incorrect(m00.q6_heart_rate, off_by_one, key="m00.q6.boundary")


def test_news2_bands_match_the_rcp_chart():
    """RCP NEWS2 (2017), chart 1: each band of the four parameters, at both of its ends."""
    rr = {8: 3, 9: 1, 11: 1, 12: 0, 20: 0, 21: 2, 24: 2, 25: 3}
    spo2 = {91: 3, 92: 2, 93: 2, 94: 1, 95: 1, 96: 0}
    temp = {35.0: 3, 35.1: 1, 36.0: 1, 36.1: 0, 38.0: 0, 38.1: 1, 39.0: 1, 39.1: 2}
    hr = {40: 3, 41: 1, 50: 1, 51: 0, 90: 0, 91: 1, 110: 1, 111: 2, 130: 2, 131: 3}
    for table, func in (
        (rr, keys.respiratory_rate_points),
        (spo2, keys.spo2_points),
        (temp, keys.temperature_points),
        (hr, keys.heart_rate_points),
    ):
        for value, points in table.items():
            assert func(value) == points, (func.__name__, value)


def test_mme_l_score_is_the_four_the_assignment_reasons_about():
    """Q10 says « Mme L. a un score de 4 »: her vitals in the Q7 cell must give 4 (was 7)."""
    import json

    cells = json.loads(Path(CSV).with_name("m00_prise_en_main.ipynb").read_text("utf-8"))["cells"]
    source = next(
        "".join(c["source"]) for c in cells if "constantes_mme_l = {" in "".join(c["source"])
    )
    vitals = eval(source.split("constantes_mme_l = ")[1].split("}")[0] + "}")
    # By hand from the RCP chart: RR 21 → 2, SpO2 95 → 1, HR 88 → 0, T 38.4 → 1.
    assert keys.warning_score(vitals) == 4
    statement = next("".join(c["source"]) for c in cells if "Question 10" in "".join(c["source"]))
    assert "score de 4" in statement


# --------------------------------------------------------------------------- Q7 score


def test_q7_right_answers():
    assert_correct(m00.q7_warning_score, keys.warning_score)

    def by_loop(vitals):
        scorers = {
            "frequence_respiratoire": keys.respiratory_rate_points,
            "spo2": keys.spo2_points,
            "frequence_cardiaque": keys.heart_rate_points,
            "temperature": keys.temperature_points,
        }
        total = 0
        for name, scorer in scorers.items():
            total += scorer(vitals[name])
        return total

    assert_correct(m00.q7_warning_score, by_loop)


def test_q7_wrong_answers():
    assert_not_attempted(m00.q7_warning_score, stub)

    def swapped(v):  # SpO2 given to the temperature table and vice versa
        return (
            keys.respiratory_rate_points(v["frequence_respiratoire"])
            + keys.spo2_points(v["temperature"])
            + keys.temperature_points(v["spo2"])
            + keys.heart_rate_points(v["frequence_cardiaque"])
        )

    assert_incorrect(m00.q7_warning_score, swapped, key="m00.q7.wrong_score")

    def forgot_heart_rate(v):
        return (
            keys.respiratory_rate_points(v["frequence_respiratoire"])
            + keys.spo2_points(v["spo2"])
            + keys.temperature_points(v["temperature"])
        )

    assert_incorrect(m00.q7_warning_score, forgot_heart_rate, key="m00.q7.wrong_score")
    assert_incorrect(
        m00.q7_warning_score, lambda v: v["pouls"], key="feedback.call.raised", contains="KeyError"
    )


def test_q7_modifying_the_dictionary_is_caught_visibly():
    def pops(v):
        return (
            keys.respiratory_rate_points(v.pop("frequence_respiratoire"))
            + keys.spo2_points(v["spo2"])
            + keys.temperature_points(v["temperature"])
            + keys.heart_rate_points(v["frequence_cardiaque"])
        )

    assert_incorrect(m00.q7_warning_score, pops, key="m00.q7.mutates_input")


# --------------------------------------------------------------------------- Q8, Q9 CSV


def test_q8_right_and_wrong_answers():
    vitals = pd.read_csv(CSV)
    assert_correct(m00.q8_load_csv, vitals, CSV)
    assert_correct(m00.q8_load_csv, pd.read_csv(CSV, sep=","), CSV)
    assert_not_attempted(m00.q8_load_csv, None, CSV)
    assert_incorrect(m00.q8_load_csv, vitals.head(), CSV, key="m00.q8.wrong_rows")
    assert_incorrect(m00.q8_load_csv, vitals.drop(columns="spo2"), CSV, contains="spo2")
    assert_incorrect(m00.q8_load_csv, vitals.values, CSV)  # a NumPy array, not a table
    assert_incorrect(m00.q8_load_csv, pd.read_csv(CSV, dtype=str), CSV, key="m00.q8.text_column")


def test_q9_right_answers():
    vitals = pd.read_csv(CSV)
    score = keys.warning_score
    by_apply = int((vitals.apply(score, axis=1) >= 5).sum())
    by_loop = 0
    for _, row in vitals.iterrows():
        if score(row) >= 5:
            by_loop += 1
    by_records = sum(score(r) >= 5 for r in vitals.to_dict("records"))
    numpy_count = (vitals.apply(score, axis=1) >= 5).sum()  # a NumPy integer
    expected = keys.n_high_risk(vitals)
    for answer in (by_apply, by_loop, by_records, numpy_count):
        assert_correct(m00.q9_high_risk, answer, score, None, CSV)  # visible
        assert_correct(m00.q9_high_risk, answer, score, expected, CSV)  # hidden


def test_q9_wrong_answers():
    vitals = pd.read_csv(CSV)
    scores = vitals.apply(keys.warning_score, axis=1)
    visible = (keys.warning_score, None, CSV)
    assert_not_attempted(m00.q9_high_risk, None, *visible)
    assert_incorrect(m00.q9_high_risk, int((scores > 5).sum()), *visible, key="m00.q9.wrong_count")
    assert_incorrect(m00.q9_high_risk, vitals[scores >= 5], *visible, key="m00.q9.not_a_count")
    assert_incorrect(m00.q9_high_risk, float((scores >= 5).mean()), *visible)  # a share


def test_q9_visible_check_counts_with_the_learners_own_score():
    """Visible: consistent with the learner's `warning_score`; graded: with the NEWS2 chart."""
    vitals = pd.read_csv(CSV)

    def no_pulse(v):  # a wrong Q7 answer: the heart rate forgotten
        return keys.warning_score(v) - keys.heart_rate_points(v["frequence_cardiaque"])

    own = sum(no_pulse(r) >= 5 for r in vitals.to_dict("records"))
    expected = keys.n_high_risk(vitals)
    assert own != expected  # the file separates the two
    assert_correct(m00.q9_high_risk, own, no_pulse, None, CSV)
    assert_incorrect(m00.q9_high_risk, expected, no_pulse, None, CSV, key="m00.q9.wrong_count")
    assert_incorrect(m00.q9_high_risk, own, no_pulse, expected, CSV, key="m00.q9.wrong_count")


# --------------------------------------------------------------------------- lesson exercise 5


def test_l5_right_answers():
    assert_correct(m00.l5_over_75, lambda t: int((t["age"] >= 75).sum()), LESSON_CSV)
    assert_correct(m00.l5_over_75, lambda t: len(t[t["age"] >= 75]), LESSON_CSV)
    assert_correct(m00.l5_over_75, lambda t: sum(a >= 75 for a in t["age"]), LESSON_CSV)


def test_l5_wrong_answers():
    """`> 75` passed before: the lesson's table has nobody aged exactly 75."""
    assert_not_attempted(m00.l5_over_75, stub, LESSON_CSV)
    assert_incorrect(
        m00.l5_over_75, lambda t: int((t["age"] > 75).sum()), LESSON_CSV, key="m00.l5.strict"
    )
    assert_incorrect(
        m00.l5_over_75, lambda t: t[t["age"] >= 75], LESSON_CSV, key="m00.l5.not_a_count"
    )
    assert_incorrect(m00.l5_over_75, lambda t: 5, LESSON_CSV, key="m00.l5.wrong")

    def drops(t):
        t.drop(t.index[t["age"] < 75], inplace=True)
        return len(t)

    assert_incorrect(m00.l5_over_75, drops, LESSON_CSV, key="m00.l5.mutates_input")


# --------------------------------------------------------------------------- beginner slips


def test_common_slips_are_explained_in_french():
    """`^` for a power, `mean()` undefined, a Series in an `if`: was a raw English error."""
    assert_incorrect(m00.q2_bmi, lambda w, h: w / h ^ 2, key="m00.slip.caret_power")

    def uses_mean(table):
        return mean(table["age"])  # noqa: F821 - the slip under test

    def series_in_if(table):
        if table["age"] >= 75:
            return len(table)
        return 0

    assert_incorrect(m00.l5_over_75, uses_mean, LESSON_CSV, key="m00.slip.mean_undefined")
    assert_incorrect(m00.l5_over_75, series_in_if, LESSON_CSV, key="m00.slip.series_in_if")


def test_q8_table_loaded_twice_is_named():
    vitals = pd.read_csv(CSV)
    doubled = pd.concat([vitals.head(len(vitals) // 2)] * 2, ignore_index=True)
    assert len(doubled) == len(vitals)
    assert_incorrect(m00.q8_load_csv, doubled, CSV, key="m00.q8.duplicated_rows")


# --------------------------------------------------------------------------- answer keys


def test_visible_literals_agree_with_the_keys():
    """The hand-made expected values of the visible checks are the keys' answers."""
    for (weight, height), expected in m00.Q2Bmi.CASES:
        assert math.isclose(keys.bmi(weight, height), expected, rel_tol=1e-12)
    for value, label in m00.Q3BmiClass.CASES:
        assert keys.bmi_class(value) == label, value
    for (glucose,), expected in m00.Q4Glucose.CASES:
        assert math.isclose(keys.glucose_mmol_l(glucose), expected, rel_tol=1e-12)
    for temperatures, expected in m00.Q5Fever.CASES:
        assert keys.count_fever(temperatures) == expected, temperatures
    for rate, expected in m00.Q6HeartRate.INSIDE + m00.Q6HeartRate.BOUNDS:
        assert keys.heart_rate_points(rate) == expected, rate
    for values, expected in m00.Q7WarningScore.CASES:
        assert keys.warning_score(dict(zip(m00.VITAL_COLUMNS, values, strict=True))) == expected


def test_no_graded_reference_is_importable():
    """An answer that calls a former reference function fails (AttributeError), cleanly."""
    for name in ("reference_bmi_class", "reference_heart_rate_points", "reference_warning_score"):
        assert not hasattr(m00, name), name
    calls_former_key = m00.q3_bmi_class.evaluate(lambda b: m00.reference_bmi_class(b))
    assert calls_former_key.outcome is Outcome.INCORRECT
    assert calls_former_key.key == "feedback.call.raised"
    assert "AttributeError" in calls_former_key.message
    assert_incorrect(
        m00.q6_heart_rate, lambda r: m00.reference_heart_rate_points(r), key="feedback.call.raised"
    )


def _hidden_functions(grade_id: str) -> dict:
    """The functions defined in the hidden-test region of a test cell of the source."""
    import json

    cells = json.loads(Path(CSV).with_name("m00_prise_en_main.ipynb").read_text("utf-8"))["cells"]
    source = next(
        "".join(c["source"])
        for c in cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id
    )
    hidden = source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
    namespace: dict = {}
    for block in hidden.split("\ndef ")[1:]:
        exec("def " + block.split("\n\n")[0].split("\nfor ")[0], namespace)
    return namespace


def test_hidden_references_agree_with_the_keys():
    """The graded references written inline in the hidden tests follow the WHO and RCP
    tables pinned above (a slip there would mark right answers wrong)."""
    who = _hidden_functions("m00_q3_bmi_class")["_classe_oms"]
    for i in range(0, 4000):
        value = 10 + i / 100
        assert who(value) == keys.bmi_class(value), value
    for grade_id in ("m00_q7_warning_score", "m00_q9_high_risk"):
        news2 = _hidden_functions(grade_id)["_news2"]
        for rr in range(4, 40, 1):
            for spo2, hr, temp in ((84, 30, 34.0), (92, 45, 35.5), (95, 100, 38.5), (99, 140, 40)):
                vitals = dict(zip(m00.VITAL_COLUMNS, (rr, spo2, hr, temp), strict=True))
                assert news2(vitals) == keys.warning_score(vitals), vitals
        for spo2 in range(80, 101):
            for hr in range(30, 170, 3):
                for temp in (34.5, 35.0, 35.1, 36.0, 36.1, 38.0, 38.1, 39.0, 39.1):
                    vitals = dict(zip(m00.VITAL_COLUMNS, (16, spo2, hr, temp), strict=True))
                    assert news2(vitals) == keys.warning_score(vitals), vitals
