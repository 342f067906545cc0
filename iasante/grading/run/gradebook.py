"""The grading process's gradebook: one connection per run, and the only writer.

Opening a gradebook costs ~10 ms (engine, schema check, course check); the process used to
open three per submission. During a run :class:`GradebookSession` keeps one connection; a
failed operation is rolled back so that the next student starts clean.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from nbgrader.api import Gradebook, MissingEntry

from iasante.messages import msg

from ..nbgrader_ext.hidden import strip_hidden_tests
from .options import GradingError


def normalized(source: str) -> list[str]:
    """A cell's non-blank lines, stripped (what tells an edited locked cell)."""
    return [line.strip() for line in source.splitlines() if line.strip()]


@dataclass
class AssignmentCells:
    """What the gradebook says of an assignment's notebooks, read once per run."""

    notebook_names: list[str]
    max_score: float
    #: notebook -> locked cell -> what a student is given (hidden tests removed)
    locked_sources: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: notebook -> names of its graded and task cells
    graded_cells: dict[str, set[str]] = field(default_factory=dict)


class GradebookSession:
    def __init__(self, db_url: str, course_id: str) -> None:
        self.db_url = db_url
        self.course_id = course_id
        self._open: Gradebook | None = None

    @contextlib.contextmanager
    def kept_open(self) -> Iterator[Gradebook]:
        """Keep one connection for the duration of the block (a run)."""
        try:
            with Gradebook(self.db_url, self.course_id) as self._open:
                yield self._open
        finally:
            self._open = None

    @contextlib.contextmanager
    def __call__(self) -> Iterator[Gradebook]:
        """The gradebook: the kept connection during a run, else a fresh one."""
        if self._open is None:
            with Gradebook(self.db_url, self.course_id) as gb:
                yield gb
            return
        try:
            yield self._open
        except BaseException:
            self._open.db.rollback()
            raise
        finally:
            self._open.db.rollback()  # end any read transaction (writes are committed)

    @property
    def shared(self) -> Gradebook | None:
        """The connection kept open by :meth:`kept_open`, if any."""
        return self._open

    def assignment_cells(self, assignment: str) -> AssignmentCells:
        """GradingError (French) if the assignment was never released."""
        with self() as gb:
            try:
                found = gb.find_assignment(assignment)
            except MissingEntry:
                raise GradingError(
                    msg("grading.unknown_assignment", assignment=assignment)
                ) from None
            cells = AssignmentCells(
                sorted(nb.name for nb in found.notebooks), float(found.max_score)
            )
            for nb in found.notebooks:
                cells.locked_sources[nb.name] = {
                    cell.name: normalized(strip_hidden_tests(cell.source, note=False))
                    for cell in nb.source_cells
                    if cell.locked
                }
                cells.graded_cells[nb.name] = {c.name for c in nb.grade_cells} | {
                    c.name for c in nb.task_cells
                }
            return cells

    def register_submission(self, assignment: str, student: str, timestamp: Any) -> None:
        with self() as gb:
            gb.update_or_create_student(student)
            if timestamp:
                gb.update_or_create_submission(assignment, student, timestamp=timestamp)
            else:
                gb.update_or_create_submission(assignment, student)

    def zero_notebooks(self, assignment: str, student: str, names: list[str]) -> None:
        """Zero the grades of notebooks the student did not hand in."""
        if not names:
            return
        with self() as gb:
            for name in names:
                nb = gb.find_submission_notebook(name, assignment, student)
                for grade in nb.grades:
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
            gb.db.commit()

    def score(self, assignment: str, student: str) -> tuple[float, float]:
        """(score, max score) of a submission as the gradebook has it now."""
        with self() as gb:
            sub = gb.find_submission(assignment, student)
            return float(sub.score), float(sub.max_score)
