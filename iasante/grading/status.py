"""Status of one graded submission, and its French label."""

from __future__ import annotations

from enum import Enum

from iasante.messages import msg


class Status(str, Enum):  # noqa: UP042 -- StrEnum needs Python 3.11
    """Why a submission has the grade it has.

    The first four mean the grades were written to the gradebook; the others mean they were
    not (a previous grade, if any, is kept) and the exports show the student with 0.
    """

    GRADED = "graded"
    RESTORED = "restored"
    CELL_TIMEOUT = "cell_timeout"
    MEMORY_ERROR = "memory_error"
    TIMED_OUT = "timed_out"
    KERNEL_DIED = "kernel_died"
    INVALID_NOTEBOOK = "invalid_notebook"
    MISSING_NOTEBOOK = "missing_notebook"
    NO_SUBMISSION = "no_submission"
    ERROR = "error"

    @property
    def written(self) -> bool:
        """Whether grades were written to the gradebook for this status."""
        return self in GRADED_STATUSES

    def label(self, detail: str = "") -> str:
        return msg(f"grading.status.{self.value}", detail=detail) if self is Status.ERROR else msg(
            f"grading.status.{self.value}"
        )


GRADED_STATUSES = frozenset(
    {Status.GRADED, Status.RESTORED, Status.CELL_TIMEOUT, Status.MEMORY_ERROR}
)
