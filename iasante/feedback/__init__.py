"""Learner feedback: checks with three outcomes, hints in steps, solution reveal.

Used the same way in lesson notebooks (``q.check(answer)`` displays the outcome) and in
nbgrader visible test cells (``q.assert_correct(answer)`` raises ``AssertionError`` with
the same French message). Every text comes from the catalogue ``iasante.messages``.
See docs/feedback.md for how a module author writes a question.
"""

from ._core import (
    Feedback,
    Incorrect,
    NotAttempted,
    Outcome,
    call_answer,
    call_explaining_slips,
    format_number,
    format_value,
    is_graded_run,
    silenced,
)
from ._question import CheckResult, Question, catalogue_hints
from ._usage import UsageReport, reset_usage, usage_file, usage_report
from .compare import (
    check_cases,
    check_columns,
    check_dataframe,
    check_equal,
    check_estimator,
    check_figure,
    check_in_range,
    check_number,
    check_series,
    check_type,
)

__all__ = [
    "CheckResult",
    "Feedback",
    "Incorrect",
    "NotAttempted",
    "Outcome",
    "Question",
    "UsageReport",
    "call_answer",
    "call_explaining_slips",
    "catalogue_hints",
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
    "format_number",
    "format_value",
    "is_graded_run",
    "reset_usage",
    "silenced",
    "usage_file",
    "usage_report",
]
