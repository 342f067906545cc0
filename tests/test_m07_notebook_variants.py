"""Module 07 through stock nbgrader with answers a real learner writes.

Different but correct answers (another way to pick the threshold, a table built column by
column, a file written with the ``csv`` module) earn full marks; typical mistakes lose
exactly the questions they break. No hidden label is involved: the checks are on format.

The answers are in ``tests/fixtures/variants/m07_datathon/``: ``alternatives.py``, then one
module per notebook of mistakes, named as in ``BROKEN``.
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

pytestmark = pytest.mark.slow


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = "m07_datathon"
    # student → the graded cells their mistakes must lose (every other cell: full marks)
    BROKEN = {
        "index_ecrit": {"m07_q3_fichier"},
        "autre_seuil": {"m07_q2_predictions"},
        "seuil_par_defaut": {"m07_q1_seuil", "m07_q2_predictions", "m07_q3_fichier"},
    }
