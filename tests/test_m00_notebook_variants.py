"""Module 00 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers must earn full marks; a notebook
of typical mistakes must lose exactly the questions they break — including the
boundary mistakes (`> 38` instead of `>= 38`, `<=` at the WHO bounds), which the
visible checks now diagnose too.

The answers are in ``tests/fixtures/variants/m00_prise_en_main/``: ``alternatives.py``, then one
module per notebook of mistakes, named as in ``BROKEN``.
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

pytestmark = pytest.mark.slow


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = "m00_prise_en_main"
    # student → the graded cells their mistakes must lose (every other cell: full marks)
    BROKEN = {"erreurs": {"m00_q2_bmi", "m00_q3_bmi_class", "m00_q5_fever"}}
