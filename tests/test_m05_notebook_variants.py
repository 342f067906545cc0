"""Module 05 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers (a PSI written by hand instead of the KS
statistic, a near-unpenalised recalibration, permutation importance with 20 repeats, a
site-only logistic regression, a lookup table for rule 11…) must earn full marks: the
hidden tests run on a cohort variant (another seed) and on references computed in the
hidden region. Two notebooks of typical mistakes must lose exactly the questions they
break, including those only a hidden test sees (a decision-support software in class I,
the follow-up programme called a covariate shift).

The answers are in ``tests/fixtures/variants/m05_limites/``: ``alternatives.py``, then one
module per notebook of mistakes, named as in ``BROKEN``.
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

pytestmark = pytest.mark.slow


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = "m05_limites"
    # student → the graded cells their mistakes must lose (every other cell: full marks)
    BROKEN = {
        "erreurs": {"m05_q3_entrees", "m05_q6_periode", "m05_q7_importance", "m05_q10_produits"},
        "erreurs2": {
            "m05_q1_performance",
            "m05_q2_drift",
            "m05_q4_types",
            "m05_q5_recalibrer",
            "m05_q6_periode",
            "m05_q8_raccourci",
            "m05_q9_regle11",
        },
    }
