"""Comparison helpers, one family per module (after the section banners of the former
``_compare.py``, 840 lines): numbers and types, pandas frames, scikit-learn estimators,
matplotlib figures, generic values and case tables. ``iasante.feedback`` re-exports the
public ``check_*`` functions."""

from .estimators import check_estimator
from .figures import check_figure
from .frames import check_columns, check_dataframe, check_series
from .generic import check_cases, check_equal
from .scalars import check_in_range, check_number, check_type

__all__ = [
    "check_cases",
    "check_columns",
    "check_dataframe",
    "check_equal",
    "check_estimator",
    "check_figure",
    "check_in_range",
    "check_number",
    "check_series",
    "check_type",
]
