"""Generic checks: any value against the expected one; a function over a table of cases.

All of them raise :class:`~iasante.feedback.Incorrect` (with the catalogue key of the
diagnosis) and never put the expected value in a message: they may quote the learner's own
value, the name of the learner's object, column names and units given by the statement.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .._core import Incorrect, format_value
from .frames import check_dataframe, check_series
from .scalars import _not_attempted_if_missing, check_number, check_type

# --------------------------------------------------------------------------------------------
# Generic value and function checks
# --------------------------------------------------------------------------------------------


def check_equal(value: Any, expected: Any, *, name: str, **tolerances: Any) -> None:
    """Compare any answer with the expected one, choosing the helper from its type.

    Numbers → :func:`check_number`, DataFrame → :func:`check_dataframe`, Series →
    :func:`check_series` (``tolerances`` are passed on); anything else (text, bool, list,
    dict…) → type check then equality, with a message quoting only the learner's value.
    """
    if isinstance(expected, pd.DataFrame):
        check_dataframe(value, expected, name=name, **tolerances)
        return
    if isinstance(expected, pd.Series):
        check_series(value, expected, name=name, **tolerances)
        return
    if isinstance(expected, (numbers.Real, np.number)) and not isinstance(
        expected, (bool, np.bool_)
    ):
        check_number(value, float(expected), name=name, **tolerances)
        return
    _not_attempted_if_missing(value, name)
    if isinstance(expected, (bool, np.bool_)):
        check_type(value, (bool, np.bool_), name)
    elif expected is not None:
        check_type(value, type(expected), name)
    try:
        same = bool(value == expected)
    except Exception:  # noqa: BLE001 -- a learner's or a library's error, reported as feedback
        same = False
    if not same:
        raise Incorrect.of("feedback.value.wrong", name=name, value=format_value(value))


def check_cases(
    func: Any,
    cases: Iterable[Any],
    reference: Any,
    *,
    name: str | None = None,
    **tolerances: Any,
) -> None:
    """Call the learner's ``func`` and the ``reference`` on each case and compare.

    ``cases``: tuples of positional arguments (a single non-tuple value is one argument),
    or dicts of keyword arguments. Each call gets its own deep copy of the arguments, so a
    learner's function that modifies its input cannot corrupt the reference. The message
    names the call, e.g. « compute_bmi(82, 1.74) », never the expected result.
    """
    import copy

    from .._core import call_answer

    label = name or getattr(func, "__name__", "fonction")
    for case in cases:
        if isinstance(case, dict):
            args, kwargs = (), case
        else:
            args, kwargs = (case if isinstance(case, tuple) else (case,)), {}
        expected = reference(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        got = call_answer(func, *copy.deepcopy(args), **copy.deepcopy(kwargs))
        call = f"{label}({_call_repr(args, kwargs)})"
        check_equal(got, expected, name=call, **tolerances)


def _call_repr(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    def short(v: Any) -> str:
        if isinstance(v, pd.DataFrame):
            return "df"
        if isinstance(v, pd.Series):
            return "serie"
        if isinstance(v, float):
            return repr(v)
        return format_value(v, max_len=30)

    parts = [short(a) for a in args] + [f"{k}={short(v)}" for k, v in kwargs.items()]
    return ", ".join(parts)
