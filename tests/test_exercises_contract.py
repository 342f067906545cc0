"""Every question of every module keeps the Question contract (a module author's slip here
breaks a learner's `.solution()` or `.hint()` call, not a test)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import iasante.exercises
from iasante.feedback import Question

MODULES = [m.name for m in pkgutil.iter_modules(iasante.exercises.__path__)]


def _questions(name: str) -> list[tuple[str, Question]]:
    module = importlib.import_module(f"iasante.exercises.{name}")
    return [(k, v) for k, v in vars(module).items() if isinstance(v, Question)]


@pytest.mark.parametrize("name", MODULES)
def test_questions_keep_their_methods_and_texts(name: str) -> None:
    questions = _questions(name)
    assert questions, f"{name}: no question"
    for attr, q in questions:
        assert callable(q.solution) and callable(q.hint), f"{name}.{attr}: solution/hint shadowed"
        assert q.solution_text is None or isinstance(q.solution_text, str), f"{name}.{attr}"
        assert all(isinstance(h, str) and h for h in q.hints), f"{name}.{attr}: empty hint"


@pytest.mark.parametrize("name", MODULES)
def test_graded_questions_ship_no_solution_text(name: str) -> None:
    """Graded questions (``qN_…``) show no solution: it would be in the learner's package."""
    leaking = [a for a, q in _questions(name) if a.startswith("q") and q.solution_text]
    assert not leaking, f"{name}: graded questions with a solution text: {leaking}"
