"""Moodle's CSV grade import, re-implemented from its source for tests.

The rules of ``gradeimport_csv_load_data::prepare_import_grade_data`` and
``update_grade_item`` (moodle/moodle, ``grade/import/csv/classes/load_data.php``):

- a line with at most one field is skipped;
- the identifier column of each other line must be non-empty and match an existing
  user, **otherwise the whole import is aborted** (« usermappingerror » /
  « usermappingerrorusernotfound »: nothing is imported);
- a grade of ``""`` or ``"-"`` means « no grade » (``null``), not zero;
- a grade that is not a number (after the locale's decimal separator) aborts the import
  (« badgrade »);
- a grade above the item's maximum is refused at commit (the grade-import Behat feature
  « Max grade of grade item is respected »).
"""

from __future__ import annotations

import csv
import io


class MoodleImportAborted(Exception):
    """Moodle imported nothing from the file; the message is Moodle's reason."""


def moodle_import(
    text: str, id_column: str, grade_column: str, users: set[str], grade_max: float
) -> dict[str, float | None]:
    """The grades Moodle would record, user → grade (``None`` = no grade), or raise."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    id_at, grade_at = header.index(id_column), header.index(grade_column)
    recorded: dict[str, float | None] = {}
    for line in reader:
        if len(line) <= 1:
            continue
        ident, value = line[id_at].strip(), line[grade_at].strip()
        if not ident:
            raise MoodleImportAborted("usermappingerrorusernotfound")
        if ident not in users:
            raise MoodleImportAborted(f"usermappingerror: {ident}")
        if value in ("", "-"):
            recorded[ident] = None
            continue
        try:
            grade = float(value.replace(",", "."))
        except ValueError:
            raise MoodleImportAborted(f"badgrade: {value}") from None
        if grade > grade_max:
            raise MoodleImportAborted(f"grade above maximum: {value}")
        recorded[ident] = grade
    return recorded
