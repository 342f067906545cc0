"""Module 03 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers (a named ``Pipeline``,
``StratifiedGroupKFold``, ``scipy.stats.bootstrap``, ``brier_score_loss``, a hand-written
Newton–Raphson, an out-of-fold loop written by hand…) must earn full marks: every expected
value is computed from the learner's own objects or on a cohort variant. Two notebooks of
typical mistakes must lose exactly the questions they break — including those only a
hidden test sees (one leaky variable forgotten; a 68 % interval instead of 95 %) and the
one a mistake carries over (a wrong calibration slope makes the external table wrong).

The answers are in ``tests/fixtures/variants/m03_evaluer/``: ``alternatives.py``, then one
module per notebook of mistakes, named as in ``BROKEN``.
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

pytestmark = pytest.mark.slow


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = "m03_evaluer"
    # student → the graded cells their mistakes must lose (every other cell: full marks)
    BROKEN = {
        "erreurs": {
            "m03_q1_leaks",
            "m03_q3_grouped_cv",
            "m03_q4_bootstrap_ci",
            "m03_q5_brier",
            "m03_q7_oof_threshold",
            "m03_q8_external",
            "m03_q9_external_ci",
        },
        "erreurs2": {"m03_q2_model", "m03_q4_bootstrap_ci", "m03_q6_slope", "m03_q8_external"},
    }
