"""Module 04 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers (a ``groupby`` audit instead of
``MetricFrame``, gaps by hand instead of fairlearn, need ranked with ties broken by the
number of stays, ``ThresholdOptimizer`` instead of hand-tuned thresholds…) must earn full
marks. Two notebooks of typical mistakes must lose exactly the questions they break —
including those only the hidden tests see, on the committed cohort or on the variant
(a sensitivity of 0 instead of « non défini », a Clopper-Pearson interval instead of the
requested Wilson one, the fraction hard-coded, a gap between the first two groups only).

The answers are in ``tests/fixtures/variants/m04_biais_equite/``: ``alternatives.py``, then one
module per notebook of mistakes, named as in ``BROKEN``.
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

pytestmark = pytest.mark.slow


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = "m04_biais_equite"
    # student → the graded cells their mistakes must lose (every other cell: full marks)
    BROKEN = {
        "erreurs": {
            "m04_q1_group_rates",
            "m04_q2_audit_by_group",
            "m04_q4_top_share",
            "m04_q6_creatinine",
            "m04_q7_fairness_gaps",
            "m04_q9_equalised",
        },
        "erreurs2": {
            "m04_q1_group_rates",
            "m04_q3_uncertainty",
            "m04_q4_top_share",
            "m04_q7_fairness_gaps",
            "m04_q8_criteria",
        },
    }
