"""Module 00 answer keys (test side): the clinical rules the graded questions ask for.

Sources, pinned by ``tests/test_m00_answers.py``:
- BMI classes: WHO, *Obesity: preventing and managing the global epidemic*, Technical
  Report Series 894, 2000 (French usage: « surpoids » for 25 to < 30).
- NEWS2 sub-scores: Royal College of Physicians, *National Early Warning Score (NEWS) 2*,
  2017, chart 1 (respiratory rate, SpO2 scale 1, pulse, temperature).
- Glucose: molar mass 180.16 g/mol, so 1 mmol/L = 18.016 mg/dL. Fasting-glucose
  thresholds: WHO, *Definition and diagnosis of diabetes mellitus and intermediate
  hyperglycaemia*, 2006 — diabetes >= 7.0 mmol/L (126 mg/dL), impaired fasting glucose
  6.1–6.9 mmol/L (110–125 mg/dL). Compared in the unit of the value (the WHO gives both),
  so that 126 mg/dL = 1.26 g/L is classed as diabetes.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

GLUCOSE_MG_DL_PER_MMOL_L = 18.016
VITAL_COLUMNS = ("frequence_respiratoire", "spo2", "frequence_cardiaque", "temperature")
BMI_CLASSES = ("insuffisance pondérale", "corpulence normale", "surpoids", "obésité")
FASTING_GLUCOSE_LABELS = (
    "hyperglycémie compatible avec un diabète (à confirmer)",
    "hyperglycémie modérée à jeun",
    "normale",
)
HIGH_RISK_SCORE = 5


def bmi(weight_kg: float, height_m: float) -> float:
    return weight_kg / height_m**2


def bmi_class(value: float) -> str:
    if value < 18.5:
        return BMI_CLASSES[0]
    if value < 25:
        return BMI_CLASSES[1]
    if value < 30:
        return BMI_CLASSES[2]
    return BMI_CLASSES[3]


def glucose_mmol_l(glucose_mg_dl: float) -> float:
    return glucose_mg_dl / GLUCOSE_MG_DL_PER_MMOL_L


def fasting_glucose_label(glucose_mg_dl: float) -> str:
    """WHO 2006 fasting-glucose class, compared in mg/dL (126 and 110, the WHO's own figures)."""
    if glucose_mg_dl >= 126:
        return FASTING_GLUCOSE_LABELS[0]
    if glucose_mg_dl >= 110:
        return FASTING_GLUCOSE_LABELS[1]
    return FASTING_GLUCOSE_LABELS[2]


def count_fever(temperatures: list[float], threshold: float = 38.0) -> int:
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


def heart_rate_points(rate: float) -> int:
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


def warning_score(vitals: Mapping[str, float]) -> int:
    return (
        respiratory_rate_points(vitals["frequence_respiratoire"])
        + spo2_points(vitals["spo2"])
        + heart_rate_points(vitals["frequence_cardiaque"])
        + temperature_points(vitals["temperature"])
    )


def n_high_risk(vitals: pd.DataFrame) -> int:
    return sum(
        warning_score(row) >= HIGH_RISK_SCORE
        for row in vitals[list(VITAL_COLUMNS)].to_dict("records")
    )
