"""Exceptions, learner-function calls and small formatting helpers shared by all checks."""

from __future__ import annotations

import contextlib
import dis
import io
import math
import numbers
import os
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Self

import numpy as np

from iasante.messages import msg

__all__ = [
    "Feedback",
    "Outcome",
    "NotAttempted",
    "Incorrect",
    "call_answer",
    "call_explaining_slips",
    "is_graded_run",
    "format_value",
    "type_label",
    "silenced",
]


class Outcome(StrEnum):
    """The three outcomes of a check (after learntools' ``OutcomeType``).

    A ``StrEnum``, so an outcome compares equal to its value (``"correct"``) and
    names the catalogue titles ``feedback.outcome.<value>``.
    """

    NOT_ATTEMPTED = "not_attempted"
    INCORRECT = "incorrect"
    CORRECT = "correct"


class _LearnerFeedback(AssertionError):
    """Base of the feedback exceptions: shown to a learner as one French line.

    IPython renders an exception with ``_render_traceback_`` through that method instead
    of a traceback, so a beginner sees « ✗ Pas encore : … » rather than the package's
    internal frames. nbgrader still records the exception and scores the cell 0.

    ``key`` names the diagnosed mistake in the message catalogue and ``fields`` are the
    values its text was formatted with: tests assert the key exactly (a message prefix
    shared by two diagnoses let swapped diagnoses pass), and the class report counts
    how many students made each mistake. Raise with :meth:`of`; a bare message without a
    key is for text that no catalogue entry names (a learner's own exception).
    """

    outcome = Outcome.INCORRECT
    symbol = "✗"

    def __init__(
        self, message: str = "", *, key: str | None = None, fields: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.key = key
        self.fields: dict[str, Any] = dict(fields or {})

    @classmethod
    def of(cls, key: str, /, *, suffix: str | None = None, **fields: Any) -> Self:
        """The catalogue message ``key`` formatted with ``fields``; ``suffix`` (already
        French, e.g. a unit hint) is appended after a space."""
        text = msg(key, **fields)
        return cls(f"{text} {suffix}" if suffix else text, key=key, fields=fields)

    @property
    def message(self) -> str:
        return str(self)

    def _render_traceback_(self) -> list[str]:
        title = msg(f"feedback.outcome.{self.outcome}")
        return [f"\x1b[1;31m{self.symbol} {title}\x1b[0m — {self}"]


class NotAttempted(_LearnerFeedback):
    """The learner has not answered yet (stub left in place, empty function, ``None``)."""

    outcome = Outcome.NOT_ATTEMPTED
    symbol = "○"


class Incorrect(_LearnerFeedback):
    """The answer is wrong; the message says what is wrong, never what is expected."""


@dataclass(frozen=True)
class Feedback:
    """What :meth:`Question.evaluate` returns: the outcome, the catalogue key of the
    diagnosis (``None`` when no catalogue entry names it) and the French message."""

    outcome: Outcome
    key: str | None
    message: str
    fields: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def correct(self) -> bool:
        return self.outcome is Outcome.CORRECT


def is_graded_run() -> bool:
    """True while nbgrader executes the notebook (``autograde`` or ``validate``)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """Silence warnings, NumPy floating-point warnings and stray writes to stderr.

    nbgrader gives 0 to a test cell that writes to stderr, even when it passes.
    """
    with (
        warnings.catch_warnings(),
        np.errstate(all="ignore"),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        warnings.simplefilter("ignore")
        yield


# Bytecode of a body that does nothing: ``pass``, ``...`` or only a docstring.
_TRIVIAL_OPS = {
    "RESUME",
    "NOP",
    "LOAD_CONST",
    "RETURN_VALUE",
    "RETURN_CONST",
    "CACHE",
    "POP_TOP",
    "EXTENDED_ARG",
}


def _has_empty_body(func: Callable[..., Any]) -> bool:
    code = getattr(func, "__code__", None)
    if code is None:
        return False
    try:
        return all(ins.opname in _TRIVIAL_OPS for ins in dis.get_instructions(code))
    except Exception:  # pragma: no cover - exotic callables  # noqa: BLE001 -- a learner's or a library's error, reported as feedback
        return False


def _func_name(func: Any) -> str:
    return getattr(func, "__name__", None) or type(func).__name__


def call_answer(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a learner's function and turn every failure into a French feedback exception.

    - ``NotImplementedError`` (nbgrader's stub) → :class:`NotAttempted`;
    - ``None`` returned by a function whose body is empty → :class:`NotAttempted`;
      ``None`` returned by a function with code in it → :class:`Incorrect` (forgotten return);
    - any other exception → :class:`Incorrect` naming the exception type and its message.

    Warnings and stderr writes of the learner's code are silenced (see :func:`silenced`).
    Arguments are passed as given: pass copies if the learner's function must not
    mutate your reference data.
    """
    name = _func_name(func)
    if not callable(func):
        if func is None or func is Ellipsis:
            raise NotAttempted.of("feedback.answer.missing_generic")
        raise Incorrect.of("feedback.call.not_callable", actual=type_label(type(func)))
    try:
        with silenced():
            result = func(*args, **kwargs)
    except NotImplementedError:
        raise NotAttempted.of("feedback.call.not_implemented", name=name) from None
    except (NotAttempted, Incorrect):
        raise
    except Exception as exc:  # the learner's error, reported in French  # noqa: BLE001 -- a learner's or a library's error, reported as feedback
        text = str(exc).strip()
        if text:
            raise Incorrect.of(
                "feedback.call.raised", exc_type=type(exc).__name__, exc_msg=text
            ) from None
        raise Incorrect.of("feedback.call.raised_no_msg", exc_type=type(exc).__name__) from None
    if result is None:
        if _has_empty_body(func):
            raise NotAttempted.of("feedback.call.empty_body", name=name)
        raise Incorrect.of("feedback.call.returned_none", name=name)
    return result


#: Beginner slips whose Python message is English and cryptic: (text in the error, key
#: suffix). Each module that explains them has ``<module>.slip.<suffix>`` in its catalogue.
BEGINNER_SLIPS = (
    ("for ^", "caret_power"),
    ("truth value of a Series is ambiguous", "series_in_if"),
    ("name 'mean' is not defined", "mean_undefined"),
)


def call_explaining_slips(module: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """:func:`call_answer`, with the common beginner slips explained in French by the
    ``<module>.slip.*`` messages (the learner's own error text still in the fields)."""
    try:
        return call_answer(func, *args, **kwargs)
    except Incorrect as exc:
        if exc.key == "feedback.call.raised":
            text = str(exc.fields.get("exc_msg", ""))
            for needle, suffix in BEGINNER_SLIPS:
                if needle in text:
                    raise Incorrect.of(f"{module}.slip.{suffix}", **exc.fields) from None
        raise


# --------------------------------------------------------------------------------------------
# Formatting of the learner's own values (never of expected ones)
# --------------------------------------------------------------------------------------------

NARROW_NBSP = "\u202f"


def format_number(x: Any, digits: int = 6) -> str:
    """French formatting: decimal comma, narrow no-break space between thousands."""
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, numbers.Integral):
        return f"{int(x):,}".replace(",", NARROW_NBSP)
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}".replace(",", NARROW_NBSP)
    text = f"{x:.{digits}g}"
    if "e" in text:
        return text.replace(".", ",")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}".replace(",", NARROW_NBSP)
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


def format_value(value: Any, max_len: int = 60) -> str:
    """Short French rendering of a learner's value for a message."""
    if isinstance(value, (numbers.Number, np.number)) and not isinstance(value, complex):
        return format_number(value)
    text = repr(value) if isinstance(value, str) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= max_len else text[: max_len - 1] + "…"


def format_names(names: Any, limit: int = 6) -> str:
    """« a », « b » et « c » (the learner's or the statement's column names)."""
    items = [f"« {n} »" for n in list(names)]
    if len(items) > limit:
        items = items[:limit] + ["…"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


_CATALOGUED_TYPES = {
    "DataFrame",
    "Series",
    "int",
    "float",
    "str",
    "bool",
    "list",
    "tuple",
    "dict",
    "set",
    "NoneType",
    "ndarray",
    "function",
    "Figure",
    "Axes",
}


def type_label(tp: type | tuple[type, ...] | str) -> str:
    """French label of a type, e.g. ``un tableau pandas (DataFrame)``."""
    if isinstance(tp, tuple):
        return msg("feedback.typename.or").join(type_label(t) for t in tp)
    name = tp if isinstance(tp, str) else tp.__name__
    if name in {"int64", "int32"}:
        name = "int"
    if name in {"float64", "float32"}:
        name = "float"
    if name in _CATALOGUED_TYPES:
        return msg(f"feedback.typename.{name}")
    return msg("feedback.typename.other", type_name=name)
