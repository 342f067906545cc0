"""Module 01 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers (another cleaning order, ``.loc`` vs
``.query`` vs ``.mask``, ``groupby`` vs ``pivot_table``, a histogram instead of a box
plot) must earn full marks; a notebook of typical mistakes must lose exactly the
questions they break — here mistakes that **only the hidden tests** see: counting the
subjects of a filtered table, ``< 120`` instead of ``<= 120`` at the boundary, and a
Table 1 computed from the global table instead of the function's argument (caught on
the cohort generated with seed 7).

The answers are in ``tests/fixtures/variants/m01_donnees_sante/``: ``alternatives.py``, then one
module per notebook of mistakes, named as in ``BROKEN``.
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

pytestmark = pytest.mark.slow


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = "m01_donnees_sante"
    # student → the graded cells their mistakes must lose (every other cell: full marks)
    BROKEN = {"erreurs": {"m01_q1_subjects", "m01_q3_clean_covid", "m01_q10_table_one"}}
