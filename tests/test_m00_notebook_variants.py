"""Module 00 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers must earn full marks; a notebook
of typical mistakes must lose exactly the questions they break — including the
boundary mistakes (`> 38` instead of `>= 38`, `<=` at the WHO bounds), which the
visible checks now diagnose too.
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

ASSIGNMENT = "m00_prise_en_main"

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


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = ASSIGNMENT
    ALTERNATIVES = ALTERNATIVES
    MISTAKES = {"erreurs": MISTAKES}
    BROKEN = {"erreurs": BROKEN_BY_MISTAKES}
