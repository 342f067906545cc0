"""Module 06 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers (``duplicated(keep=False)``,
``value_counts``, a merge on the directory's unique keys, 10-year age bands with open
ends, ``nunique`` after ``drop_duplicates``, sums over lists, ``log`` divided by
``log(2)``, ``secrets`` and other scrypt settings, a loop over thresholds, another
evasion message) must earn full marks: hidden tests run on a cohort variant and other
scores. Two notebooks of typical mistakes must lose exactly the questions they break —
including one only a hidden test sees (a generalisation that reaches k ≥ 5 on this
cohort because it is tuned by hand, not by its computation).

The answers are in ``tests/fixtures/variants/m06_cybersecurite/``: ``alternatives.py``, then one
module per notebook of mistakes, named as in ``BROKEN``.
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

pytestmark = pytest.mark.slow


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = "m06_cybersecurite"
    # student → the graded cells their mistakes must lose (every other cell: full marks)
    BROKEN = {
        "erreurs": {
            "m06_q2_k_anonymity",
            "m06_q4_anonymise",
            "m06_q6_membership",
            "m06_q7_entropy",
            "m06_q8_hash_password",
        },
        "erreurs2": {
            "m06_q1_uniqueness",
            "m06_q3_linkage",
            "m06_q4_anonymise",
            "m06_q5_l_diversity",
            "m06_q9_recall",
            "m06_q10_evasion",
        },
    }
