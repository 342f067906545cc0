"""Instructor grading pipeline around nbgrader's own API.

- :func:`grade_assignment`: parallel autograde of a whole class (kernels forked from a
  pre-imported template), a status per submission, resumable;
- :func:`generate_feedback`: HTML feedback without the hidden tests;
- :func:`export_grades`: nbgrader CSV, per-question CSV, Moodle CSV;
- :func:`class_report`: per-question success rates and score distribution (PNG + HTML);
- :func:`run_demo`: a simulated class of a real module, graded end to end.

The heavy modules are imported lazily so that ``iasante --help`` stays fast. Other parts
of the course import grading only through these names (or the ``iasante grade`` CLI): the
modules behind them may move. Layout (``docs/maintainers.md``): :mod:`.run` (one run of
``iasante grade``), :mod:`.kernel` (kernels: fork, sandbox, guard), :mod:`.nbgrader_ext`
(narrow subclasses of nbgrader's preprocessors), :mod:`.products` (feedback, exports,
report, LTI, demo); at the top, what they share (:mod:`.status`, :mod:`.course`,
:mod:`.compat`, :mod:`.runlog`, :mod:`.answerkeys`) and the CLI.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "GradingOptions",
    "Status",
    "class_report",
    "export_grades",
    "generate_feedback",
    "grade_assignment",
    "release_feedback",
    "run_demo",
]

_LAZY = {
    "GradingOptions": "run.options",
    "grade_assignment": "run.pipeline",
    "Status": "status",
    "generate_feedback": "products.feedback",
    "release_feedback": "products.feedback",
    "export_grades": "products.exports",
    "class_report": "products.report",
    "run_demo": "products.demo",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f"{__name__}.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(name)
