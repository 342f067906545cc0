"""Assertions for answer examples (learntools-style): a question's outcome and diagnosis.

A wrong answer is asserted by the catalogue **key** of its diagnosis, compared exactly:
comparing message prefixes let two diagnoses that share their opening words (or a swap
of two diagnoses) pass unnoticed.
"""

from __future__ import annotations

from typing import Any

from iasante.feedback import Outcome, Question


def assert_correct(question: Question, *answers: Any) -> None:
    result = question.evaluate(*answers)
    assert result.outcome is Outcome.CORRECT, result.message


def assert_incorrect(
    question: Question, *answers: Any, key: str | None = None, contains: str = ""
) -> None:
    """Wrong, and (when ``key`` is given) diagnosed with exactly that catalogue key."""
    result = question.evaluate(*answers)
    assert result.outcome is Outcome.INCORRECT, (
        f"expected a wrong answer, got {result.outcome}: {result.message}"
    )
    if key:
        assert result.key == key, f"diagnosis {result.key!r}, expected {key!r}: {result.message}"
    assert contains in result.message, result.message


def assert_not_attempted(question: Question, *answers: Any) -> None:
    result = question.evaluate(*answers)
    assert result.outcome is Outcome.NOT_ATTEMPTED, result.message
