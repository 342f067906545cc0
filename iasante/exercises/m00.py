"""Module 00 « Prise en main » — checks of the lesson and of the graded assignment.

Graded answer keys are not here: a learner's kernel imports this module, and a public
reference function let an answer that merely called it earn full marks. Each visible
check runs the learner's function on small hand-made inputs whose right answer is known
by construction (a few literal pairs at and around each bound of the statement's tables)
and names the usual mistakes from the learner's own output. The graded answer on other
inputs is computed in the hidden tests of ``source/m00_prise_en_main``; the test-side
references, pinned to their sources, are in ``tests/keys/m00.py``.

Sources of the literal values:
- BMI classes: WHO, *Obesity: preventing and managing the global epidemic*,
  Technical Report Series 894, 2000.
- Sub-scores of the early-warning score: Royal College of Physicians, *National
  Early Warning Score (NEWS) 2*, 2017 (respiratory rate, SpO2 scale 1, pulse,
  temperature; the full score also has blood pressure, oxygen and consciousness).
- Glucose: molar mass 180.16 g/mol, so 1 mmol/L = 18.016 mg/dL.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
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

VITAL_COLUMNS = ("frequence_respiratoire", "spo2", "frequence_cardiaque", "temperature")
BMI_CLASSES = ("insuffisance pondérale", "corpulence normale", "surpoids", "obésité")
HIGH_RISK_SCORE = 5


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
    cases: tuple[tuple[tuple[Any, ...], float], ...],
    *,
    name: str,
    rel_tol: float = 1e-6,
) -> None:
    """Compare a learner's numeric function with hand-made ``(arguments, expected)`` pairs."""
    for args, expected in cases:
        got = _call(func, *args)
        check_number(got, expected, name=name, rel_tol=rel_tol)


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
    """Weights and heights chosen so that the BMI is a short decimal (64 / 1.6² = 25)."""

    title = msg("m00.q2.title")
    hints = catalogue_hints("m00.q2", 2)
    solution_text = None

    #: ((weight kg, height m), BMI); 50 / 1.6² = 19.53125 is the case a rounding changes
    CASES = (((50, 1.6), 19.53125), ((64, 1.6), 25.0), ((45, 1.5), 20.0), ((90, 2.0), 22.5))

    def _check(self, compute_bmi: Any = None) -> None:
        (first_args, expected), (second_args, _) = self.CASES[0], self.CASES[1]
        got = _call(compute_bmi, *first_args)
        check_type(got, (int, float), name="compute_bmi(50, 1.6)")
        _reject_constant(compute_bmi, [first_args, second_args], got, key="m00.q2.constant")
        weight, height = first_args
        if math.isclose(got, weight / height, rel_tol=1e-6):
            raise Incorrect.of("m00.q2.not_squared")
        if not math.isclose(got, expected, rel_tol=1e-9) and abs(got - expected) <= 0.051:
            raise Incorrect.of("m00.q2.rounded")
        _check_cases(compute_bmi, self.CASES, name="compute_bmi")


class Q3BmiClass(Question):
    """The WHO class of BMIs at, just under and between the bounds 18.5, 25 and 30."""

    title = msg("m00.q3.title")
    hints = catalogue_hints("m00.q3", 2)
    solution_text = None

    CASES = (
        (17.0, "insuffisance pondérale"),
        (22.3, "corpulence normale"),
        (27.9, "surpoids"),
        (34.0, "obésité"),
        (18.5, "corpulence normale"),
        (25, "surpoids"),
        (30, "obésité"),
        (18.49, "insuffisance pondérale"),
        (24.99, "corpulence normale"),
        (29.99, "surpoids"),
    )
    BOUNDS = (18.5, 25, 30)

    def _check(self, bmi_class: Any = None) -> None:
        for bmi, expected in self.CASES:
            got = _call(bmi_class, bmi)
            check_type(got, str, name="bmi_class")
            if got not in BMI_CLASSES:
                if got.strip().lower() in BMI_CLASSES:
                    raise Incorrect.of("m00.q3.spelling", got=got)
                raise Incorrect.of("m00.q3.unknown_label", got=got)
            if got != expected:
                if bmi in self.BOUNDS:
                    raise Incorrect.of("m00.q3.boundary", bmi=_fr(bmi))
                raise Incorrect.of("m00.q3.wrong_class", bmi=_fr(bmi))


class Q4Glucose(Question):
    """Glycaemias chosen as multiples of 18.016 mg/dL, so that the mmol/L value is short."""

    title = msg("m00.q4.title")
    hints = catalogue_hints("m00.q4", 2)
    solution_text = None

    #: (mg/dL, mmol/L): half-units, so that a result rounded to the unit is caught
    CASES = (((99.088,), 5.5), ((117.104,), 6.5), ((9.008,), 0.5), ((252.224,), 14.0))

    def _check(self, glucose_mg_dl_to_mmol_l: Any = None) -> None:
        got = _call(glucose_mg_dl_to_mmol_l, 90)
        check_type(got, (int, float), name="glucose_mg_dl_to_mmol_l(90)")
        _reject_constant(glucose_mg_dl_to_mmol_l, [(90,), (126,)], got, key="m00.q4.constant")
        if got > 90:
            raise Incorrect.of("m00.q4.wrong_direction")
        # 18 and 18.016 are both accepted: a 0.1 % difference has no clinical meaning.
        _check_cases(
            glucose_mg_dl_to_mmol_l, self.CASES, name="glucose_mg_dl_to_mmol_l", rel_tol=2e-3
        )


class Q5Fever(Question):
    """Lists of temperatures with their number of fevers (>= 38.0 °C), 38.0 itself included."""

    title = msg("m00.q5.title")
    hints = catalogue_hints("m00.q5", 2)
    solution_text = None

    CASES: tuple[tuple[list[float], int], ...] = (
        ([36.8, 38.2, 39.1, 37.5], 2),
        ([37.0, 36.5], 0),
        ([40.1, 38.5, 38.9], 3),
        ([38.0, 37.99], 1),
        ([], 0),
    )

    def _check(self, count_fever: Any = None) -> None:
        for temperatures, expected in self.CASES:
            given = list(temperatures)
            got = _call(count_fever, given)
            check_type(got, int, name="count_fever")
            if given != temperatures:
                raise Incorrect.of("m00.q5.mutates_input")
            if got != expected:
                if 38.0 in temperatures and got == expected - temperatures.count(38.0):
                    raise Incorrect.of("m00.q5.strict_threshold")
                raise Incorrect.of("m00.q5.wrong_count", temperatures=temperatures, got=got)


class Q6HeartRate(Question):
    """The statement's table: one rate inside each band, then both ends of every band."""

    title = msg("m00.q6.title")
    hints = catalogue_hints("m00.q6", 2)
    solution_text = None

    INSIDE = ((35, 3), (45, 1), (70, 0), (100, 1), (120, 2), (150, 3))
    # Every bound of the table, on both sides: « de 41 à 50 » includes 41 and 50.
    BOUNDS = (
        (40, 3),
        (41, 1),
        (50, 1),
        (51, 0),
        (90, 0),
        (91, 1),
        (110, 1),
        (111, 2),
        (130, 2),
        (131, 3),
    )

    def _check(self, heart_rate_points: Any = None) -> None:
        for cases, key in ((self.INSIDE, "m00.q6.wrong_points"), (self.BOUNDS, "m00.q6.boundary")):
            for rate, expected in cases:
                got = _call(heart_rate_points, rate)
                check_type(got, int, name="heart_rate_points")
                if got != expected:
                    raise Incorrect.of(key, rate=rate, got=got)


class Q7WarningScore(Question):
    """Patients whose four sub-scores were read from the RCP chart by hand (in comments)."""

    title = msg("m00.q7.title")
    hints = catalogue_hints("m00.q7", 3)
    solution_text = None

    #: ((respiratory rate, SpO2, heart rate, temperature), score) with the four sub-scores
    CASES = (
        ((16, 98, 72, 36.9), 0),  # 0 + 0 + 0 + 0: every vital sign in its normal band
        ((26, 90, 125, 39.4), 10),  # 3 + 3 + 2 + 2
        ((22, 95, 95, 38.4), 5),  # 2 + 1 + 1 + 1
        ((14, 97, 135, 37.0), 3),  # 0 + 0 + 3 + 0: the pulse alone
    )

    def _check(self, warning_score: Any = None) -> None:
        for values, expected in self.CASES:
            vitals = dict(zip(VITAL_COLUMNS, values, strict=True))
            given = dict(vitals)
            got = _call(warning_score, given)
            check_type(got, int, name="warning_score")
            if given != vitals:
                raise Incorrect.of("m00.q7.mutates_input")
            if got != expected:
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
    """The number of patients of the file whose score is 5 or more.

    Visible: a count (not a table), between 0 and the number of patients, and — when the
    learner's ``warning_score`` is passed — the count that function gives (the statement
    says « avec votre fonction »), with ``> 5`` named. Hidden: ``expected``, the count with
    the NEWS2 chart computed in the hidden-test region.
    """

    title = msg("m00.q9.title")
    hints = catalogue_hints("m00.q9", 3)
    solution_text = None

    def _check(
        self,
        n_high_risk: Any = None,
        warning_score: Any = None,
        expected: int | None = None,
        csv_path: str | Path = "constantes_urgences.csv",
    ) -> None:
        if n_high_risk is None:
            raise NotAttempted.of("m00.q9.not_attempted")
        if isinstance(n_high_risk, pd.DataFrame | pd.Series | list):
            raise Incorrect.of("m00.q9.not_a_count")
        check_type(n_high_risk, int, name="n_high_risk")
        vitals = pd.read_csv(csv_path)
        check_in_range(n_high_risk, 0, len(vitals), name="n_high_risk")
        if warning_score is not None:
            # Rows as ``vitals.apply(warning_score, axis=1)`` passes them (a Series each).
            scores = [_call(warning_score, row) for _, row in vitals.iterrows()]
            numeric = all(isinstance(s, numbers.Real) and not isinstance(s, bool) for s in scores)
            if numeric and n_high_risk != sum(s >= HIGH_RISK_SCORE for s in scores):
                raise Incorrect.of("m00.q9.wrong_count", got=n_high_risk)
        if expected is not None and n_high_risk != expected:
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
