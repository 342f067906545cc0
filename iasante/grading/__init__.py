"""Instructor grading pipeline around nbgrader's own API.

- :func:`grade_assignment`: parallel autograde of a whole class (kernels forked from a
  pre-imported template), a status per submission, resumable;
- :func:`generate_feedback`: HTML feedback without the hidden tests;
- :func:`export_grades`: nbgrader CSV, per-question CSV, Moodle CSV;
- :func:`class_report`: per-question success rates and score distribution (PNG + HTML);
- :func:`run_demo`: a simulated class of a real module, graded end to end.

The heavy modules are imported lazily so that ``iasante --help`` stays fast.
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
    "GradingOptions": "pipeline",
    "grade_assignment": "pipeline",
    "Status": "status",
    "generate_feedback": "feedback",
    "release_feedback": "feedback",
    "export_grades": "exports",
    "class_report": "report",
    "run_demo": "demo",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f"{__name__}.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(name)
