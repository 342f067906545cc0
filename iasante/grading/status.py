"""Status of one graded submission, and its French label."""

from __future__ import annotations

from enum import Enum

from iasante.messages import msg


class Status(str, Enum):  # noqa: UP042 -- StrEnum needs Python 3.11
    """Why a submission has the grade it has.

    ``SUSPECT``: graded, but the submission tried something the sandbox refused or altered
    the checking machinery (the detail says what): the instructor reviews it; the grade is
    neither silently kept as full marks nor zeroed automatically.

    The first five mean the grades were written to the gradebook; the others mean they were
    not (a previous grade, if any, is kept) and the exports show the student with 0.
    """

    GRADED = "graded"
    RESTORED = "restored"
    SUSPECT = "suspect"
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
        if self in (Status.ERROR, Status.SUSPECT):
            return msg(f"grading.status.{self.value}", detail=detail)
        return msg(f"grading.status.{self.value}")


GRADED_STATUSES = frozenset(
    {Status.GRADED, Status.RESTORED, Status.SUSPECT, Status.CELL_TIMEOUT, Status.MEMORY_ERROR}
)
