"""``OverwriteCells`` reading the assignment's source cells from memory.

nbgrader's ``OverwriteCells`` asks the gradebook for the source cell of every graded cell,
and again for its points, in every notebook of every student: two SQL round trips per cell,
about 40 ms per submission of module 00. What it reads (cell type, locked flag, checksum,
source, points) is written when the assignment is generated and does not change while a
class is graded, so each grading worker reads it once and keeps a copy. The checks and the
repairs are nbgrader's own (``OverwriteCells.preprocess_cell``, unchanged).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from nbgrader.preprocessors import OverwriteCells

#: (db_url, assignment, notebook, kind, grade_id) -> copy of the gradebook row
_ROWS: dict[tuple[str, str, str, str, str], SimpleNamespace] = {}


def forget() -> None:
    """Drop the copies (a new grading run may follow a re-generated assignment)."""
    _ROWS.clear()


class _RememberedCells:
    """The two gradebook lookups ``OverwriteCells.preprocess_cell`` makes, remembered."""

    def __init__(self, gradebook: Any, db_url: str) -> None:
        self._gradebook = gradebook
        self._db_url = db_url

    def __getattr__(self, name: str) -> Any:
        return getattr(self._gradebook, name)

    def find_source_cell(self, name: str, notebook: str, assignment: str) -> SimpleNamespace:
        # an unknown cell raises MissingEntry, as nbgrader expects (and is not remembered)
        key = (self._db_url, assignment, notebook, "source", name)
        row = _ROWS.get(key)
        if row is None:
            cell = self._gradebook.find_source_cell(name, notebook, assignment)
            row = _ROWS[key] = SimpleNamespace(
                name=cell.name,
                cell_type=cell.cell_type,
                locked=cell.locked,
                checksum=cell.checksum,
                source=cell.source,
            )
        return row

    def find_graded_cell(self, name: str, notebook: str, assignment: str) -> SimpleNamespace:
        key = (self._db_url, assignment, notebook, "graded", name)
        row = _ROWS.get(key)
        if row is None:
            cell = self._gradebook.find_graded_cell(name, notebook, assignment)
            row = _ROWS[key] = SimpleNamespace(name=cell.name, max_score=cell.max_score)
        return row


class RememberingOverwriteCells(OverwriteCells):
    """nbgrader's ``OverwriteCells`` with the per-cell gradebook lookups remembered."""

    def preprocess_cell(self, cell: Any, resources: Any, cell_index: int) -> Any:
        real: Any = getattr(self, "gradebook")  # noqa: B009 -- set in nbgrader's preprocess(), untyped
        self.gradebook = _RememberedCells(real, self.db_url)
        try:
            return super().preprocess_cell(cell, resources, cell_index)
        finally:
            self.gradebook = real


def with_remembered_cells(preprocessors: list[Any]) -> list[Any]:
    """The sanitize chain with ``OverwriteCells`` replaced by the remembering subclass."""
    return [RememberingOverwriteCells if pp is OverwriteCells else pp for pp in preprocessors]
