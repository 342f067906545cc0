"""Module 00 « Prise en main » — checks of the lesson and of the graded assignment.

Clinical references used by the reference functions:
- BMI classes: WHO, *Obesity: preventing and managing the global epidemic*,
  Technical Report Series 894, 2000.
- Sub-scores of the early-warning score: Royal College of Physicians, *National
  Early Warning Score (NEWS) 2*, 2017 (respiratory rate, SpO2 scale 1, pulse,
  temperature; the full score also has blood pressure, oxygen and consciousness).
- Glucose: molar mass 180.16 g/mol, so 1 mmol/L = 18.016 mg/dL. Fasting-glucose
  thresholds: WHO, *Definition and diagnosis of diabetes mellitus and intermediate
  hyperglycaemia*, 2006 — diabetes >= 7.0 mmol/L (126 mg/dL), impaired fasting glucose
  6.1–6.9 mmol/L (110–125 mg/dL). Compared in the unit of the value (the WHO gives both),
  so that 126 mg/dL = 1.26 g/L is classed as diabetes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from iasante.feedback import (
    Incorrect,
    NotAttempted,
    Question,
    call_explaining_slips,
    catalogue_hints,
    check_columns,
    check_in_range,
    check_number,
    check_type,
)
from iasante.messages import msg

GLUCOSE_MG_DL_PER_MMOL_L = 18.016
VITAL_COLUMNS = ("frequence_respiratoire", "spo2", "frequence_cardiaque", "temperature")
BMI_CLASSES = ("insuffisance pondérale", "corpulence normale", "surpoids", "obésité")
HIGH_RISK_SCORE = 5


# --------------------------------------------------------------------------------------------
# Reference functions (the clinical rules the questions ask for)
# --------------------------------------------------------------------------------------------


def reference_bmi(weight_kg: float, height_m: float) -> float:
    return weight_kg / height_m**2


def reference_bmi_class(bmi: float) -> str:
    if bmi < 18.5:
        return BMI_CLASSES[0]
    if bmi < 25:
        return BMI_CLASSES[1]
    if bmi < 30:
        return BMI_CLASSES[2]
    return BMI_CLASSES[3]


def reference_glucose_mmol_l(glucose_mg_dl: float) -> float:
    return glucose_mg_dl / GLUCOSE_MG_DL_PER_MMOL_L


FASTING_GLUCOSE_LABELS = (
    "hyperglycémie compatible avec un diabète (à confirmer)",
    "hyperglycémie modérée à jeun",
    "normale",
)


def reference_fasting_glucose_label(glucose_mg_dl: float) -> str:
    """WHO 2006 fasting-glucose class, compared in mg/dL (126 and 110, the WHO's own figures)."""
    if glucose_mg_dl >= 126:
        return FASTING_GLUCOSE_LABELS[0]
    if glucose_mg_dl >= 110:
        return FASTING_GLUCOSE_LABELS[1]
    return FASTING_GLUCOSE_LABELS[2]


def reference_count_fever(temperatures: list[float], threshold: float = 38.0) -> int:
    return sum(1 for t in temperatures if t >= threshold)


def respiratory_rate_points(rate: float) -> int:
    if rate <= 8:
        return 3
    if rate <= 11:
        return 1
    if rate <= 20:
        return 0
    if rate <= 24:
        return 2
    return 3


def spo2_points(spo2: float) -> int:
    if spo2 <= 91:
        return 3
    if spo2 <= 93:
        return 2
    if spo2 <= 95:
        return 1
    return 0


def temperature_points(temperature: float) -> int:
    if temperature <= 35.0:
        return 3
    if temperature <= 36.0:
        return 1
    if temperature <= 38.0:
        return 0
    if temperature <= 39.0:
        return 1
    return 2


def reference_heart_rate_points(rate: float) -> int:
    if rate <= 40:
        return 3
    if rate <= 50:
        return 1
    if rate <= 90:
        return 0
    if rate <= 110:
        return 1
    if rate <= 130:
        return 2
    return 3


def reference_warning_score(vitals: Mapping[str, float]) -> int:
    return (
        respiratory_rate_points(vitals["frequence_respiratoire"])
        + spo2_points(vitals["spo2"])
        + reference_heart_rate_points(vitals["frequence_cardiaque"])
        + temperature_points(vitals["temperature"])
    )


def reference_n_high_risk(vitals: pd.DataFrame) -> int:
    return sum(
        reference_warning_score(row) >= HIGH_RISK_SCORE
        for row in vitals[list(VITAL_COLUMNS)].to_dict("records")
    )


def _fr(x: Any) -> str:
    """A number as French prose writes it (decimal comma): one separator per sentence."""
    return str(x).replace(".", ",")


def _call(func: Any, *args: Any, **kwargs: Any) -> Any:
    """``call_answer``, with the common beginner slips explained in French."""
    return call_explaining_slips("m00", func, *args, **kwargs)


# --------------------------------------------------------------------------------------------
# Shared check helpers
# --------------------------------------------------------------------------------------------


def _check_cases(
    func: Callable[..., Any],
    cases: list[tuple[Any, ...]],
    reference: Callable[..., Any],
    *,
    name: str,
    rel_tol: float = 1e-6,
) -> None:
    """Compare a learner's numeric function with the reference on several inputs."""
    for args in cases:
        got = _call(func, *args)
        check_number(got, reference(*args), name=name, rel_tol=rel_tol)


def _reject_constant(
    func: Callable[..., Any], cases: list[tuple[Any, ...]], first: Any, *, key: str
) -> None:
    """A function that returns the same number for different inputs ignores its parameters
    (typically a hard-coded result such as Mme L.'s BMI written as a number)."""
    other = _call(func, *cases[1])
    if isinstance(other, int | float) and not isinstance(other, bool) and other == first:
        raise Incorrect.of(key, got=_fr(first))


# --------------------------------------------------------------------------------------------
# Graded assignment (source/m00_prise_en_main): visible tests call ``assert_correct``
# --------------------------------------------------------------------------------------------


class Q1Variables(Question):
    """Two variables holding the patient's weight (kg) and height (m) from the statement."""

    title = msg("m00.q1.title")
    hints = catalogue_hints("m00.q1", 2)
    solution_text = None

    def _check(self, weight_kg: Any = None, height_m: Any = None) -> None:
        if weight_kg is None and height_m is None:
            raise NotAttempted.of("m00.q1.not_attempted")
        for value, label in ((weight_kg, "weight_kg"), (height_m, "height_m")):
            if isinstance(value, str):
                raise Incorrect.of("m00.q1.is_text", name=label)
            check_type(value, (int, float), name=label)
        check_in_range(height_m, 0.3, 2.5, name="height_m", unit="m")
        check_number(weight_kg, 82, name="weight_kg")
        check_number(height_m, 1.74, name="height_m")


class Q2Bmi(Question):
    title = msg("m00.q2.title")
    hints = catalogue_hints("m00.q2", 2)
    solution_text = None

    def _check(self, compute_bmi: Any = None) -> None:
        got = _call(compute_bmi, 82, 1.74)
        check_type(got, (int, float), name="compute_bmi(82, 1.74)")
        expected = reference_bmi(82, 1.74)
        _reject_constant(compute_bmi, [(82, 1.74), (55.5, 1.62)], got, key="m00.q2.constant")
        if math.isclose(got, 82 / 1.74, rel_tol=1e-6):
            raise Incorrect.of("m00.q2.not_squared")
        if got != expected and abs(got - expected) <= 0.051:
            raise Incorrect.of("m00.q2.rounded")
        _check_cases(
            compute_bmi, [(82, 1.74), (55.5, 1.62), (120, 1.9)], reference_bmi, name="compute_bmi"
        )


class Q3BmiClass(Question):
    title = msg("m00.q3.title")
    hints = catalogue_hints("m00.q3", 2)
    solution_text = None

    def _check(self, bmi_class: Any = None) -> None:
        for bmi in (17.0, 22.3, 27.9, 34.0, 18.5, 25, 30, 18.49, 24.99, 29.99):
            got = _call(bmi_class, bmi)
            check_type(got, str, name="bmi_class")
            if got not in BMI_CLASSES:
                if got.strip().lower() in BMI_CLASSES:
                    raise Incorrect.of("m00.q3.spelling", got=got)
                raise Incorrect.of("m00.q3.unknown_label", got=got)
            if got != reference_bmi_class(bmi):
                if bmi in (18.5, 25, 30):
                    raise Incorrect.of("m00.q3.boundary", bmi=_fr(bmi))
                raise Incorrect.of("m00.q3.wrong_class", bmi=_fr(bmi))


class Q4Glucose(Question):
    title = msg("m00.q4.title")
    hints = catalogue_hints("m00.q4", 2)
    solution_text = None

    def _check(self, glucose_mg_dl_to_mmol_l: Any = None) -> None:
        got = _call(glucose_mg_dl_to_mmol_l, 90)
        check_type(got, (int, float), name="glucose_mg_dl_to_mmol_l(90)")
        _reject_constant(glucose_mg_dl_to_mmol_l, [(90,), (126,)], got, key="m00.q4.constant")
        if got > 90:
            raise Incorrect.of("m00.q4.wrong_direction")
        # 18 and 18.016 are both accepted: a 0.1 % difference has no clinical meaning.
        _check_cases(
            glucose_mg_dl_to_mmol_l,
            [(95,), (131,), (252.5,)],
            reference_glucose_mmol_l,
            name="glucose_mg_dl_to_mmol_l",
            rel_tol=2e-3,
        )


class Q5Fever(Question):
    title = msg("m00.q5.title")
    hints = catalogue_hints("m00.q5", 2)
    solution_text = None

    def _check(self, count_fever: Any = None) -> None:
        cases: tuple[list[float], ...] = (
            [36.8, 38.2, 39.1, 37.5],
            [37.0, 36.5],
            [40.1, 38.5, 38.9],
            [38.0, 37.99],
            [],
        )
        for temperatures in cases:
            given = list(temperatures)
            got = _call(count_fever, given)
            check_type(got, int, name="count_fever")
            if given != temperatures:
                raise Incorrect.of("m00.q5.mutates_input")
            if got != reference_count_fever(temperatures):
                if 38.0 in temperatures and got == sum(t > 38.0 for t in temperatures):
                    raise Incorrect.of("m00.q5.strict_threshold")
                raise Incorrect.of("m00.q5.wrong_count", temperatures=temperatures, got=got)


class Q6HeartRate(Question):
    title = msg("m00.q6.title")
    hints = catalogue_hints("m00.q6", 2)
    solution_text = None

    def _check(self, heart_rate_points: Any = None) -> None:
        for rate in (35, 45, 70, 100, 120, 150):
            got = _call(heart_rate_points, rate)
            check_type(got, int, name="heart_rate_points")
            if got != reference_heart_rate_points(rate):
                raise Incorrect.of("m00.q6.wrong_points", rate=rate, got=got)
        # Every bound of the table, on both sides: « de 41 à 50 » includes 41 and 50.
        for rate in (40, 41, 50, 51, 90, 91, 110, 111, 130, 131):
            got = _call(heart_rate_points, rate)
            check_type(got, int, name="heart_rate_points")
            if got != reference_heart_rate_points(rate):
                raise Incorrect.of("m00.q6.boundary", rate=rate, got=got)


class Q7WarningScore(Question):
    title = msg("m00.q7.title")
    hints = catalogue_hints("m00.q7", 3)
    solution_text = None

    def _check(self, warning_score: Any = None) -> None:
        patients = [
            {
                "frequence_respiratoire": 16,
                "spo2": 98,
                "frequence_cardiaque": 72,
                "temperature": 36.9,
            },
            {
                "frequence_respiratoire": 26,
                "spo2": 90,
                "frequence_cardiaque": 125,
                "temperature": 39.4,
            },
            {
                "frequence_respiratoire": 22,
                "spo2": 95,
                "frequence_cardiaque": 95,
                "temperature": 38.4,
            },
        ]
        for vitals in patients:
            given = dict(vitals)
            got = _call(warning_score, given)
            check_type(got, int, name="warning_score")
            if given != vitals:
                raise Incorrect.of("m00.q7.mutates_input")
            if got != reference_warning_score(vitals):
                raise Incorrect.of("m00.q7.wrong_score", vitals=vitals, got=got)


class Q8LoadCsv(Question):
    title = msg("m00.q8.title")
    hints = catalogue_hints("m00.q8", 2)
    solution_text = None

    def _check(self, vitals: Any = None, csv_path: str | Path = "constantes_urgences.csv") -> None:
        if vitals is None:
            raise NotAttempted.of("m00.q8.not_attempted")
        check_type(vitals, pd.DataFrame, name="vitals")
        check_columns(vitals, ["patient", *VITAL_COLUMNS], name="vitals")
        expected_rows = len(pd.read_csv(csv_path))
        if len(vitals) != expected_rows:
            raise Incorrect.of("m00.q8.wrong_rows", got=len(vitals))
        for column in VITAL_COLUMNS:
            if not pd.api.types.is_numeric_dtype(vitals[column]):
                raise Incorrect.of("m00.q8.text_column", column=column)
        if not vitals["patient"].is_unique:
            raise Incorrect.of("m00.q8.duplicated_rows")


class Q9HighRisk(Question):
    title = msg("m00.q9.title")
    hints = catalogue_hints("m00.q9", 3)
    solution_text = None

    def _check(
        self, n_high_risk: Any = None, csv_path: str | Path = "constantes_urgences.csv"
    ) -> None:
        if n_high_risk is None:
            raise NotAttempted.of("m00.q9.not_attempted")
        if isinstance(n_high_risk, pd.DataFrame | pd.Series | list):
            raise Incorrect.of("m00.q9.not_a_count")
        check_type(n_high_risk, int, name="n_high_risk")
        vitals = pd.read_csv(csv_path)
        check_in_range(n_high_risk, 0, len(vitals), name="n_high_risk")
        if n_high_risk != reference_n_high_risk(vitals):
            raise Incorrect.of("m00.q9.wrong_count", got=n_high_risk)


q1_variables = Q1Variables()
q2_bmi = Q2Bmi()
q3_bmi_class = Q3BmiClass()
q4_glucose = Q4Glucose()
q5_fever = Q5Fever()
q6_heart_rate = Q6HeartRate()
q7_warning_score = Q7WarningScore()
q8_load_csv = Q8LoadCsv()
q9_high_risk = Q9HighRisk()


# --------------------------------------------------------------------------------------------
# Lesson (notebooks/m00_prise_en_main.ipynb): instant checks with hints and solutions
# --------------------------------------------------------------------------------------------

LESSON_CSV = Path("../data/m00_constantes.csv")


class L1HeightInMetres(Question):
    title = msg("m00.l1.title")
    hints = catalogue_hints("m00.l1", 2)
    solution_text = msg("m00.l1.solution")

    def _check(self, height_m: Any = None) -> None:
        check_type(height_m, (int, float), name="height_m")
        check_in_range(height_m, 0.3, 2.5, name="height_m", unit="m")
        check_number(height_m, 168 / 100, name="height_m")


class L2MeanTemperature(Question):
    title = msg("m00.l2.title")
    hints = catalogue_hints("m00.l2", 2)
    solution_text = msg("m00.l2.solution")

    def _check(self, mean_temperature: Any = None, temperatures: Any = None) -> None:
        check_type(mean_temperature, (int, float), name="mean_temperature")
        reference = sum(temperatures) / len(temperatures)
        check_in_range(
            mean_temperature,
            min(temperatures),
            max(temperatures),
            name="mean_temperature",
            unit="°C",
        )
        check_number(mean_temperature, reference, name="mean_temperature")


class L3Allergies(Question):
    title = msg("m00.l3.title")
    hints = catalogue_hints("m00.l3", 2)
    solution_text = msg("m00.l3.solution")

    def _check(self, n_allergies: Any = None, patient: Any = None) -> None:
        if isinstance(n_allergies, list):
            raise Incorrect.of("m00.l3.is_list")
        check_type(n_allergies, int, name="n_allergies")
        if n_allergies != len(patient["allergies"]):
            raise Incorrect.of("m00.l3.wrong", got=n_allergies)


class L4HasFever(Question):
    title = msg("m00.l4.title")
    hints = catalogue_hints("m00.l4", 2)
    solution_text = msg("m00.l4.solution")

    def _check(self, has_fever: Any = None) -> None:
        for temperature in (36.5, 38.0, 39.2, 37.9):
            got = _call(has_fever, temperature)
            if isinstance(got, str):
                raise Incorrect.of("m00.l4.is_text")
            check_type(got, bool, name="has_fever")
            if got != (temperature >= 38.0):
                raise Incorrect.of(
                    "m00.l4.wrong", temperature=f"{temperature:.1f}".replace(".", ","), got=got
                )


class L5CountOver75(Question):
    title = msg("m00.l5.title")
    hints = catalogue_hints("m00.l5", 3)
    solution_text = msg("m00.l5.solution")

    def _check(self, count_over_75: Any = None, csv_path: str | Path = LESSON_CSV) -> None:
        ward = pd.read_csv(csv_path)
        # The lesson's table has nobody aged exactly 75: a small hand-made table has.
        small = pd.DataFrame({"patient": ["A", "B", "C", "D"], "age": [74, 75, 76, 90]})
        for table in (ward, small):
            given = table.copy()
            got = _call(count_over_75, given)
            if isinstance(got, pd.DataFrame | pd.Series):
                raise Incorrect.of("m00.l5.not_a_count")
            check_type(got, int, name="count_over_75(ward)")
            if not given.equals(table):
                raise Incorrect.of("m00.l5.mutates_input")
            expected = int((table["age"] >= 75).sum())
            if got != expected:
                if got == int((table["age"] > 75).sum()):
                    raise Incorrect.of("m00.l5.strict")
                raise Incorrect.of("m00.l5.wrong", got=got, n=len(table))


l1_height = L1HeightInMetres()
l2_mean_temperature = L2MeanTemperature()
l3_allergies = L3Allergies()
l4_has_fever = L4HasFever()
l5_over_75 = L5CountOver75()
