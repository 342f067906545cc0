"""``Question``: one exercise, checked in a lesson or in a graded nbgrader cell."""

from __future__ import annotations

import re
import types
from typing import Any

from iasante.messages import catalogue, msg

from . import _usage
from ._core import Feedback, Incorrect, NotAttempted, Outcome, is_graded_run, silenced
from ._display import outcome_title, show

_UNSET: Any = object()


def find_name(obj: Any, namespace: dict[str, Any]) -> str | None:
    """``q1`` if ``obj`` is bound to ``q1`` in ``namespace``, ``m00.q1`` if it is an attribute
    of a module of the package imported there (``from iasante.exercises import m00``)."""
    items = [(k, v) for k, v in namespace.items() if not k.startswith("_")]
    for key, value in items:
        if value is obj:
            return key
    for key, value in items:
        if isinstance(value, types.ModuleType) and value.__name__.startswith("iasante"):
            for attr, member in vars(value).items():
                if member is obj and not attr.startswith("_"):
                    return f"{key}.{attr}"
    return None


class CheckResult(int):
    """What ``Question.check`` returns: truthy when correct, equal to True/False.

    In a notebook it displays nothing, so the feedback box is not followed by a
    bare ``True``/``False`` output that would puzzle a learner.
    """

    def __new__(cls, ok: bool) -> CheckResult:
        return super().__new__(cls, bool(ok))

    def __repr__(self) -> str:
        return repr(bool(self))

    __str__ = __repr__

    def _ipython_display_(self) -> None:
        pass


def catalogue_hints(prefix: str, count: int | None = None) -> list[str]:
    """Every hint ``<prefix>.hint1``, ``<prefix>.hint2``… of the message catalogue, in order.

    The catalogue is counted, not trusted to a number written by hand: a hand-written
    count let a fourth hint added to the catalogue go silently unseen. ``count``, if
    given, is checked against what the catalogue holds (a mismatch is an authoring error,
    raised at import, so the tests catch it).
    """
    known = catalogue()
    found: list[str] = []
    while f"{prefix}.hint{len(found) + 1}" in known:
        found.append(msg(f"{prefix}.hint{len(found) + 1}"))
    if count is not None and count != len(found):
        raise ValueError(f"{prefix}: {count} hints announced, {len(found)} in the catalogue")
    return found


class Question:
    """Base class of a checked exercise (after Kaggle's learntools).

    A subclass implements ``_check(self, *answers)`` — raise :class:`Incorrect` or
    :class:`NotAttempted` (use :func:`call_answer` and the ``check_*`` helpers), return
    ``None`` when the answer is right — and sets:

    - ``hints``: list of already-French hint texts, revealed one step at a time;
    - ``solution_text``: code text shown by ``.solution()`` in lessons, ``None`` in graded
      assignments (then ``.solution()`` says it is not available);
    - optionally ``title`` (how the question is named in the usage record, default the
      class name) and ``success_message``.

    Data and action have two names, as in learntools (``_solution`` and ``solution()``):
    ``solution_text`` holds the text, ``solution()`` shows it. Hints and solution can
    also be overridden per instance: ``MyQuestion(solution=None)`` in a graded notebook.
    """

    hints: list[str] = []
    solution_text: str | None = None
    title: str | None = None
    success_message: str | None = None
    #: answers equal to None or ``...`` mean "not attempted" (set False if None is a valid answer)
    none_is_not_attempted: bool = True
    #: force the graded behaviour (no solution) even outside nbgrader
    graded: bool = False

    def __init__(
        self,
        *,
        hints: list[str] | None = None,
        solution: str | None = _UNSET,
        title: str | None = None,
        graded: bool | None = None,
    ) -> None:
        if hints is not None:
            self.hints = list(hints)
        if solution is not _UNSET:
            self.solution_text = solution
        if title is not None:
            self.title = title
        if graded is not None:
            self.graded = graded

    # ------------------------------------------------------------------ checking
    def _check(self, *answers: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError("Question subclasses implement _check(*answers)")

    @property
    def label(self) -> str:
        """How the learner sees this question named: ``title``, else « Question 3 » for a
        class named ``Q3…``, else the class name."""
        if self.title:
            return self.title
        found = re.match(r"Q(\d+)(?!\d)", type(self).__name__)
        if found:
            return msg("feedback.question.numbered", n=int(found.group(1)))
        return type(self).__name__

    def evaluate(self, *answers: Any) -> Feedback:
        """Run the check and return its :class:`Feedback` (outcome, catalogue key of the
        diagnosis, French message). Never raises on a learner's answer.
        """
        if self.none_is_not_attempted and (
            not answers or all(a is None or a is Ellipsis for a in answers)
        ):
            key = "feedback.answer.missing_generic"
            return Feedback(Outcome.NOT_ATTEMPTED, key, msg(key))
        try:
            with silenced():
                self._check(*answers)
        except (NotAttempted, Incorrect) as exc:
            return Feedback(exc.outcome, exc.key, str(exc), exc.fields)
        except AssertionError as exc:  # a plain assert in a subclass: still a wrong answer
            return Feedback(Outcome.INCORRECT, None, str(exc) or msg("feedback.outcome.incorrect"))
        except Exception as exc:  # the answer broke the check (wrong shape, wrong type…)  # noqa: BLE001 -- a learner's or a library's error, reported as feedback
            fields = {"exc_type": type(exc).__name__, "exc_msg": str(exc).strip() or "-"}
            key = "feedback.check.crashed"
            return Feedback(Outcome.INCORRECT, key, msg(key, **fields), fields)
        return Feedback(
            Outcome.CORRECT, None, self.success_message or msg("feedback.correct.default")
        )

    def check(self, *answers: Any) -> CheckResult:
        """Lesson mode: display the outcome, never raise; truthy (== True) when correct."""
        result = self.evaluate(*answers)
        message = result.message
        if result.outcome is Outcome.INCORRECT and self.hints:
            message = f"{message}\n{self._hint_invite()}"
        show(result.outcome, outcome_title(result.outcome), message)
        return CheckResult(result.correct)

    def assert_correct(self, *answers: Any) -> None:
        """Graded mode (nbgrader visible test cell): raise on a wrong answer, print on success.

        Raises :class:`NotAttempted` or :class:`Incorrect` (both ``AssertionError``) with
        the same French message and key as :meth:`check`; on success prints one short
        line to stdout and nothing to stderr.
        """
        result = self.evaluate(*answers)
        if result.outcome is Outcome.NOT_ATTEMPTED:
            raise NotAttempted(result.message, key=result.key, fields=result.fields)
        if result.outcome is Outcome.INCORRECT:
            # graded notebooks have hints too (their use is recorded): say so, as lessons do
            message = f"{result.message}\n{self._hint_invite()}" if self.hints else result.message
            raise Incorrect(message, key=result.key, fields=result.fields)
        print(f"✓ {msg('feedback.correct.graded', question=self.label)}")

    # ------------------------------------------------------------------ help
    def hint(self, n: int = 1) -> None:
        """Show hint ``n`` (1-based) and record that it was used."""
        total = len(self.hints)
        if not total:
            show("info", msg("feedback.hint.none"))
            return
        if not isinstance(n, int) or not 1 <= n <= total:
            show("info", msg("feedback.hint.out_of_range", first=1, total=total))
            return
        _usage.record(self.label, "hint", n)
        body = self.hints[n - 1]
        var = self._var_name() or ""
        follow = (
            msg("feedback.hint.next", var=var, n=n + 1)
            if n < total
            else msg("feedback.hint.then_solution", var=var)
            if self._solution_available()
            else ""
        )
        show(
            "hint",
            msg("feedback.hint.title", n=n, total=total),
            f"{body}\n{follow}" if follow else body,
        )

    def _solution_available(self) -> bool:
        return self.solution_text is not None and not self.graded and not is_graded_run()

    def solution(self) -> None:
        """Show the solution code (lessons only) and record that it was revealed."""
        if not self._solution_available():
            show("info", msg("feedback.solution.unavailable"))
            return
        _usage.record(self.label, "solution")
        show(
            "solution",
            msg("feedback.solution.title"),
            msg("feedback.solution.note"),
            code=self.solution_text,
        )

    # ------------------------------------------------------------------ helpers
    def _hint_invite(self) -> str:
        var = self._var_name()
        return msg("feedback.hint.invite_named", var=var) if var else msg("feedback.hint.invite")

    def _var_name(self) -> str | None:
        """Name under which this question lives in the notebook, to write ``q1.hint()``."""
        try:
            from IPython import get_ipython

            shell = get_ipython()
        except ImportError:  # pragma: no cover
            return None
        if shell is None:
            return None
        return find_name(self, shell.user_ns)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.label}>"
