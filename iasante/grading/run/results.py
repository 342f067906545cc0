"""What a run returns: one :class:`SubmissionResult` per student, and the run's summary."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from iasante.messages import msg

from ..status import Status
from .protections import sandbox_line


@dataclass
class SubmissionResult:
    student: str
    status: Status
    score: float | None = None
    max_score: float | None = None
    detail: str = ""
    seconds: float = 0.0
    restored_cells: list[str] = field(default_factory=list)
    signature: str = ""
    #: what the submission tried that the sandbox refused or that alters the checks
    attempts: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SubmissionResult:
        data = dict(data)
        data["status"] = Status(data["status"])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def label(self) -> str:
        return self.status.label(self.detail)


@dataclass
class GradingRun:
    assignment: str
    results: dict[str, SubmissionResult]
    graded_now: list[str]
    skipped: list[str]
    kernel_mode: str
    workers: int
    seconds: float
    sandbox: dict[str, Any] | None = None  # what the machine allows (sandbox.probe())

    def summary(self) -> str:
        """The French summary ``iasante grade`` prints: statuses of the submissions graded
        now, kernels, protections, attempts per student."""
        lines = [
            msg(
                "grading.summary_header",
                assignment=self.assignment,
                count=len(self.graded_now),
                seconds=self.seconds,
            )
        ]
        counts: dict[Status, int] = {}
        for student in self.graded_now:
            status = self.results[student].status
            counts[status] = counts.get(status, 0) + 1
        for status in Status:
            if counts.get(status):
                lines.append(
                    msg("grading.summary_line", status=status.label("…"), count=counts[status])
                )
        lines.append(
            msg(
                "grading.summary_kernels",
                mode=msg(f"grading.kernel_mode.{self.kernel_mode}"),
                workers=self.workers,
            )
        )
        lines.append("  " + sandbox_line(self.sandbox))
        flagged = [s for s in self.graded_now if self.results[s].attempts]
        if flagged:
            lines.append(msg("grading.sandbox.attempts_header"))
            for student in flagged:
                lines.append(
                    msg(
                        "grading.sandbox.attempts",
                        student=student,
                        attempts=" ; ".join(self.results[student].attempts[:6]),
                    )
                )
        if self.skipped:
            lines.append(msg("grading.resume_note", count=len(self.skipped)))
        return "\n".join(lines)
