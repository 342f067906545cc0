"""Names of the graded reference functions that no longer exist in the learner package.

Until 2026-12, ``iasante.exercises.m00``, ``m01`` and ``m02`` held public ``reference_*``
functions that computed the graded answers, and the learner's kernel imports
``iasante``: ``return m00.reference_bmi_class(b)`` earned full marks, on a hub as at home.
The graded references now live in the hidden tests of ``source/`` (and, for the answer
tests, under ``tests/keys/``). A submission that still names one of these functions tries
to reach an answer key: it now fails with an ``AttributeError``, and grading can flag it
for the instructor instead of letting it pass unseen. ``tests/test_answer_keys.py`` checks
that no ``iasante`` module defines any of them again (nor any ``reference_*`` name), and
the student edition's scan looks for them too.
"""

from __future__ import annotations

FORMER_ANSWER_KEYS: frozenset[str] = frozenset(
    {
        # m00 — Prise en main
        "reference_bmi",
        "reference_bmi_class",
        "reference_glucose_mmol_l",
        "reference_fasting_glucose_label",
        "reference_count_fever",
        "reference_heart_rate_points",
        "reference_warning_score",
        "reference_n_high_risk",
        # m01 — Données de santé
        "reference_missing_share",
        "reference_clean_covid",
        "reference_clean_stays",
        "reference_harmonise_labs",
        "reference_normalise_code",
        "reference_stays_by_chapter",
        "reference_nir_is_valid",
        "reference_pseudonymise",
        "reference_table_one",
        # m02 — Premier modèle
        "reference_target",
        "reference_metrics",
        "reference_threshold_for_sensitivity",
        "reference_ppv",
        "reference_npv",
    }
)
