"""Module 02 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers (boolean target, another seed, a named
Pipeline, MinMaxScaler for k-NN, ``decision_function`` and ``auc(roc_curve)``, counting by
hand, ``roc_curve`` for the threshold…) must earn full marks: every expected value is
computed from the learner's own split and models. Two notebooks of typical mistakes must
lose exactly the questions they break — including rounding the number of cases to detect
down and a default ``roc_curve`` lookup, which the visible check of Q9 now catches too.

The answers are in ``tests/fixtures/variants/m02_premier_modele/``: ``alternatives.py``, then one
module per notebook of mistakes, named as in ``BROKEN``.
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

pytestmark = pytest.mark.slow


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = "m02_premier_modele"
    # student → the graded cells their mistakes must lose (every other cell: full marks)
    BROKEN = {
        "erreurs": {
            "m02_q3_metrics",
            "m02_q4_logreg",
            "m02_q7_auc",
            "m02_q9_threshold_function",
            "m02_q10_threshold_90",
        },
        "erreurs2": {
            "m02_q2_split",
            "m02_q6_knn",
            "m02_q8_counts",
            "m02_q9_threshold_function",
            "m02_q10_threshold_90",
            "m02_q11_ppv",
        },
    }
