"""Who needs the instructor: the copies a grade alone does not settle.

Counts by status say *that* five copies timed out; an instructor needs *whose* they are,
on the first screen: a copy not graded (timed out, kernel died, unreadable, missing), a
copy graded but with something to look at (cells restored, a cell interrupted, memory
exhausted), and a copy whose manual grading is still pending. A student who submitted
nothing is not on it (nothing to open), but counted elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from iasante.messages import msg

from ..status import Status

#: statuses that send the instructor to the copy (``graded`` and ``no_submission`` do not)
NEEDS_LOOK = frozenset(Status) - {Status.GRADED, Status.NO_SUBMISSION}


class _Graded(Protocol):
    student: str
    status: Status

    @property
    def status_label(self) -> str: ...

    @property
    def manual_pending(self) -> bool: ...


def attention_list(rows: Iterable[_Graded]) -> list[tuple[str, str]]:
    """(student, reason) for every copy to open, ordered by student."""
    out = []
    for row in sorted(rows, key=lambda r: r.student):
        if row.status in NEEDS_LOOK:
            out.append((row.student, row.status_label))
        elif row.manual_pending:
            out.append((row.student, msg("grading.attention.manual_pending")))
    return out
