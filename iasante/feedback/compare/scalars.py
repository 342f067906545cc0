"""Types and numbers: a value of the right type, close to the expected one, or plausible.

All of them raise :class:`~iasante.feedback.Incorrect` (with the catalogue key of the
diagnosis) and never put the expected value in a message: they may quote the learner's own
value, the name of the learner's object, column names and units given by the statement.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
import pandas as pd

from iasante.messages import msg

from .._core import Incorrect, NotAttempted, format_value, type_label


def _not_attempted_if_missing(value: Any, name: str) -> None:
    if value is None or value is Ellipsis:
        raise NotAttempted.of("feedback.answer.missing", name=name)


# --------------------------------------------------------------------------------------------
# Types and numbers
# --------------------------------------------------------------------------------------------


def check_type(value: Any, expected_type: type | tuple[type, ...], name: str) -> None:
    """Raise Incorrect unless ``isinstance(value, expected_type)`` (bool is not a number)."""
    _not_attempted_if_missing(value, name)
    types = expected_type if isinstance(expected_type, tuple) else (expected_type,)
    accepted = list(types)
    if int in types:
        accepted.append(np.integer)  # (df["x"] > 38).sum() is a NumPy integer
    if float in types:
        accepted.append(np.floating)
    ok = isinstance(value, tuple(accepted))
    if ok and isinstance(value, (bool, np.bool_)) and bool not in types:
        ok = False  # True is an int in Python, never what a learner means by a number
    if ok:
        return
    if pd.DataFrame in types and isinstance(value, pd.Series):
        raise Incorrect.of("feedback.type.dataframe_one_column", name=name)
    if pd.Series in types and isinstance(value, pd.DataFrame):
        raise Incorrect.of("feedback.type.series_from_dataframe", name=name)
    raise Incorrect.of(
        "feedback.type.wrong",
        name=name,
        actual=type_label(type(value)),
        wanted=type_label(expected_type),
    )


def _as_real(value: Any, name: str) -> float:
    _not_attempted_if_missing(value, name)
    if isinstance(value, (bool, np.bool_)):
        raise Incorrect.of("feedback.number.bool", name=name)
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if not isinstance(value, (numbers.Real, np.number)):
        raise Incorrect.of(
            "feedback.type.wrong",
            name=name,
            actual=type_label(type(value)),
            wanted=msg("feedback.typename.number"),
        )
    x = float(value)
    if math.isnan(x):
        raise Incorrect.of("feedback.number.nan", name=name)
    return x


# Factors that betray a unit slip: powers of ten, and glucose mg/dL <-> mmol/L (x 18.016).
_UNIT_FACTORS = (10.0, 100.0, 1000.0, 1e4, 1e6)
_GLUCOSE_FACTOR = 18.016


def _hint_for(x: float, expected: float, rel_tol: float) -> str | None:
    if expected == 0 or x == 0 or (x > 0) != (expected > 0):
        return None
    ratio = abs(x / expected)
    ratio = max(ratio, 1 / ratio)
    if any(math.isclose(ratio, f, rel_tol=max(rel_tol, 1e-3)) for f in _UNIT_FACTORS):
        return msg("feedback.number.hint_units")
    if math.isclose(ratio, _GLUCOSE_FACTOR, rel_tol=0.01):
        return msg("feedback.number.hint_glucose")
    if ratio - 1 < 0.01:
        return msg("feedback.number.hint_rounding")
    return None


def check_number(
    value: Any,
    expected: float,
    *,
    name: str,
    rel_tol: float = 1e-6,
    abs_tol: float = 0.0,
    unit_hints: bool = True,
) -> None:
    """Raise Incorrect unless ``value`` is a real number close to ``expected``.

    The message never gives ``expected`` nor the direction of the error; when the
    value is off by a power of ten or by the glucose factor (mg/dL ↔ mmol/L), it
    suggests checking the units; when it is within 1 %, it suggests a rounding slip.
    """
    x = _as_real(value, name)
    exp = float(expected)
    if math.isclose(x, exp, rel_tol=rel_tol, abs_tol=abs_tol):
        return
    hint = _hint_for(x, exp, rel_tol) if unit_hints else None
    raise Incorrect.of("feedback.number.wrong", suffix=hint, name=name, value=format_value(value))


def check_in_range(
    value: Any,
    low: float,
    high: float,
    *,
    name: str,
    unit: str = "",
    advice: str | None = None,
) -> None:
    """Raise Incorrect unless ``low <= value <= high`` (a plausibility check).

    ``advice`` is an already-French sentence from the module's catalogue, e.g.
    « Vérifiez les unités : la taille doit être en mètres. » (default: a generic one).
    The bounds are never shown.
    """
    x = _as_real(value, name)
    if low <= x <= high:
        return
    unit_text = f"\u00a0{unit}" if unit else ""
    raise Incorrect.of(
        "feedback.range.outside",
        suffix=advice or msg("feedback.range.default_advice"),
        name=name,
        value=format_value(value),
        unit=unit_text,
    )
