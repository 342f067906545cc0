"""``SaveAutoGrades`` writing a notebook's grades in one transaction.

nbgrader's ``SaveAutoGrades`` commits after every graded cell and every comment: about 24
SQLite commits (each one a write to disk) per notebook of module 00, about 50 ms per
submission in the process that owns the gradebook. This subclass runs nbgrader's own cell
code unchanged but turns those commits into flushes and commits once per notebook, so a
notebook's grades are also written all together or not at all.
"""

from __future__ import annotations

from typing import Any

from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades


class OneCommitSaveAutoGrades(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades`` with one commit per notebook."""

    #: an open gradebook to write to instead of opening one per notebook (the grading
    #: process keeps one for a whole run); None: open and close one, as nbgrader does
    shared_gradebook: Gradebook | None = None

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.student_id = resources["nbgrader"]["student"]
        self.db_url = resources["nbgrader"]["db_url"]
        if self.shared_gradebook is not None:
            self.gradebook = self.shared_gradebook
            return self._save(nb, resources)
        self.gradebook = Gradebook(self.db_url)
        with self.gradebook:
            return self._save(nb, resources)

    def _save(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        session = self.gradebook.db
        session.commit = session.flush  # what _add_score / _add_comment call per cell
        try:
            nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
        except BaseException:
            del session.commit
            session.rollback()
            raise
        del session.commit
        session.commit()
        return nb, resources


def with_one_commit(preprocessors: list[Any]) -> list[Any]:
    """The autograde chain with ``SaveAutoGrades`` replaced by the one-commit subclass."""
    return [OneCommitSaveAutoGrades if pp is SaveAutoGrades else pp for pp in preprocessors]
