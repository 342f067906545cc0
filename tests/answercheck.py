"""Assertions for answer examples (learntools-style): a question's outcome and message."""

from __future__ import annotations

from iasante.messages import msg


def assert_correct(question, *answers) -> None:
    result, message = question.evaluate(*answers)
    assert result == "correct", message


def assert_incorrect(question, *answers, key: str | None = None, contains: str = "") -> None:
    """Wrong, and (when ``key`` is given) with that catalogue message."""
    result, message = question.evaluate(*answers)
    assert result == "incorrect", f"expected a wrong answer, got {result}: {message}"
    if key:
        assert message.startswith(msg(key).split("{")[0]), message
    assert contains in message, message


def assert_not_attempted(question, *answers) -> None:
    result, message = question.evaluate(*answers)
    assert result == "not_attempted", message
