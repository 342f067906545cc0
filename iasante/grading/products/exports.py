"""Grade exports: nbgrader's CSV, a per-question CSV and a Moodle-importable CSV.

Every file is UTF-8, comma-separated, with a header row. A status column tells why a student
has 0: no submission, invalid notebook, kernel died... (see :class:`.status.Status`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins.export import CsvExportPlugin

from iasante.messages import msg

from ..course import load_config
from ..run.state import load_results
from ..status import GRADED_STATUSES, Status

#: Moodle identifier columns and where their value comes from in nbgrader's gradebook
MOODLE_ID_FIELDS = {
    "email": "email",
    "idnumber": "id",
    "username": "id",
    "lms_user_id": "lms_user_id",
}


@dataclass
class QuestionScore:
    notebook: str
    name: str
    max_score: float
    auto_score: float | None
    manual_score: float | None
    score: float
    manual: bool  # a manually graded cell (answer or task)


@dataclass
class StudentGrades:
    student: str
    status: Status
    score: float
    max_score: float
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    lms_user_id: str | None = None
    detail: str = ""
    questions: list[QuestionScore] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return self.status.label(self.detail)

    @property
    def manual_pending(self) -> bool:
        """A manually graded question still waits for its grade (formgrader): the total
        so far would be read as the final grade."""
        return any(
            q.manual and q.manual_score is None and q.auto_score is None for q in self.questions
        )


def collect_grades(
    course_dir: str | Path, assignment: str, db_url: str | None = None
) -> tuple[list[StudentGrades], list[tuple[str, str, float, bool]]]:
    """Every student of the gradebook with status, total and per-question scores.

    Returns (students, questions) where questions are (notebook, name, max_score, manual).
    """
    cfg = load_config(course_dir, db_url)
    statuses = load_results(course_dir, assignment)
    out: list[StudentGrades] = []
    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        assign = gb.find_assignment(assignment)
        max_score = float(assign.max_score)
        questions: list[tuple[str, str, float, bool]] = []
        for nb in assign.notebooks:
            solution_names = {c.name for c in nb.solution_cells}
            for cell in nb.grade_cells:
                manual = cell.name in solution_names or cell.cell_type == "markdown"
                questions.append((nb.name, cell.name, float(cell.max_score), manual))
            for cell in nb.task_cells:
                questions.append((nb.name, cell.name, float(cell.max_score), True))
        order = {(q[0], q[1]): i for i, q in enumerate(questions)}
        manual_names = {(q[0], q[1]) for q in questions if q[3]}
        students = {s.id: s for s in gb.students}
        for student_id in sorted(set(students) | set(statuses)):
            student = students.get(student_id)
            previous = statuses.get(student_id)
            row = StudentGrades(
                student_id,
                Status.NO_SUBMISSION,
                0.0,
                max_score,
                email=getattr(student, "email", None),
                first_name=getattr(student, "first_name", None),
                last_name=getattr(student, "last_name", None),
                lms_user_id=getattr(student, "lms_user_id", None),
            )
            try:
                sub = gb.find_submission(assignment, student_id)
            except MissingEntry:
                sub = None
            graded = sub is not None and any(
                g.auto_score is not None or g.manual_score is not None
                for nb in sub.notebooks
                for g in nb.grades
            )
            if graded:
                penalty = sub.late_submission_penalty or 0.0
                row.score = float(sub.score) - float(penalty)
                row.status = Status.GRADED
                for nb in sub.notebooks:
                    for g in nb.grades:
                        row.questions.append(
                            QuestionScore(
                                nb.name,
                                g.name,
                                float(g.max_score),
                                g.auto_score,
                                g.manual_score,
                                float(g.score),
                                (nb.name, g.name) in manual_names,
                            )
                        )
                row.questions.sort(key=lambda q: order.get((q.notebook, q.name), 0))
            if previous is not None:
                # the latest attempt's status; grades (if any) are from the last success
                row.status = previous.status
                row.detail = previous.detail
            out.append(row)
    return out, questions


def export_nbgrader_csv(course_dir: str | Path, assignment: str, dest: Path) -> Path:
    """The CSV of ``nbgrader export`` (its own plugin), for this assignment."""
    cfg = load_config(course_dir)
    plugin = CsvExportPlugin(config=cfg)
    plugin.to = str(dest)
    plugin.assignment = [assignment]
    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        plugin.export(gb)
    return dest


def export_questions_csv(rows: list[StudentGrades], questions: list, dest: Path) -> Path:
    """One row per student, one column per question (score), plus status and total."""
    with dest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        names = [q[1] for q in questions]
        writer.writerow(["student_id", "status", "status_label", "score", "max_score", *names])
        writer.writerow(["", "", "", "", "max", *[f"{q[2]:g}" for q in questions]])
        for row in rows:
            by_name = {q.name: q.score for q in row.questions}
            writer.writerow(
                [
                    row.student,
                    row.status.value,
                    row.status_label,
                    f"{row.score:g}",
                    f"{row.max_score:g}",
                    *[f"{by_name[n]:g}" if n in by_name else "" for n in names],
                ]
            )
    return dest


@dataclass
class MoodleRows:
    """The Moodle file's rows, and the students left out of it with the reason.

    Moodle's CSV grade import (``gradeimport_csv_load_data``) aborts the **whole** file
    when one row's identifier is empty or matches no Moodle user, and reads an empty
    grade as « no grade » but ``0.00`` as a real zero. So: a student without a Moodle
    identifier is left out (``rejected``) instead of written with their nbgrader id; a
    student with no graded copy, or with a manual grade still pending, gets an empty
    grade (``blank``) and the reason in the feedback column.
    """

    rows: list[list[str]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    blank: list[tuple[str, str]] = field(default_factory=list)


def moodle_rows(
    rows: list[StudentGrades],
    id_field: str = "email",
    mapping: dict[str, str] | None = None,
    allow_pending: bool = False,
) -> MoodleRows:
    """Rows for Moodle's « Importer des notes : fichier CSV » (see :class:`MoodleRows`).

    ``allow_pending`` writes the total so far of a copy whose manual grading is pending
    (explicit choice of the instructor, e.g. a mid-term snapshot).
    """
    attr = MOODLE_ID_FIELDS.get(id_field, "id")
    out = MoodleRows()
    for row in rows:
        if mapping is not None and row.student in mapping:
            ident = mapping[row.student]
        elif attr == "id":
            ident = row.student
        else:
            ident = getattr(row, attr, None) or ""
        ident = ident.strip()
        if not ident or (id_field == "email" and "@" not in ident):
            out.rejected.append((row.student, msg("grading.export.no_moodle_id", field=id_field)))
            continue
        if row.status not in GRADED_STATUSES:
            grade, feedback = "", row.status_label
            out.blank.append((row.student, feedback))
        elif row.manual_pending and not allow_pending:
            grade, feedback = "", msg("grading.export.manual_pending")
            out.blank.append((row.student, feedback))
        else:
            grade, feedback = f"{row.score:.2f}", row.status_label
        out.rows.append([ident, grade, feedback])
    return out


def export_moodle_csv(
    rows: list[StudentGrades],
    assignment: str,
    dest: Path,
    id_field: str = "email",
    mapping: dict[str, str] | None = None,
    allow_pending: bool = False,
) -> MoodleRows:
    """Write the Moodle CSV: the identifier (``id_field``: email, idnumber, username...),
    the grade (column named after the assignment, to map on the grade item) and a feedback
    column (the status), to map on « Feedback » of the same item. ``mapping`` gives the
    identifier per student id (from a CSV with columns student_id,<id_field>); otherwise
    it comes from the gradebook. Students left out are written, with the reason, to
    ``<dest stem>_non_importes.csv`` (removed when there are none)."""
    result = moodle_rows(rows, id_field, mapping, allow_pending)
    with dest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([id_field, assignment, msg("grading.export.feedback_column")])
        writer.writerows(result.rows)
    rejected = dest.with_name(f"{dest.stem}_non_importes.csv")
    if result.rejected:
        with rejected.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["student_id", msg("grading.export.reason_column")])
            writer.writerows(result.rejected)
    else:
        rejected.unlink(missing_ok=True)
    return result


def read_mapping(path: str | Path, id_field: str) -> dict[str, str]:
    """Read a student_id → Moodle identifier CSV (columns ``student_id`` and ``id_field``)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return {
            r["student_id"].strip(): r[id_field].strip()
            for r in reader
            if r.get("student_id") and r.get(id_field)
        }


def export_grades(
    course_dir: str | Path,
    assignment: str,
    output_dir: str | Path | None = None,
    id_field: str = "email",
    mapping: dict[str, str] | None = None,
    allow_pending: bool = False,
) -> dict[str, Path]:
    """Write the three CSV files into ``output_dir`` (default: ``<course>/exports``), and
    ``<devoir>_moodle_non_importes.csv`` when students had to be left out of Moodle's."""
    return export_grades_report(
        course_dir, assignment, output_dir, id_field, mapping, allow_pending
    )[0]


def export_grades_report(
    course_dir: str | Path,
    assignment: str,
    output_dir: str | Path | None = None,
    id_field: str = "email",
    mapping: dict[str, str] | None = None,
    allow_pending: bool = False,
) -> tuple[dict[str, Path], MoodleRows]:
    """:func:`export_grades`, with what the Moodle file left out or left blank."""
    course_dir = Path(course_dir)
    out = Path(output_dir) if output_dir else course_dir / "exports"
    out.mkdir(parents=True, exist_ok=True)
    rows, questions = collect_grades(course_dir, assignment)
    moodle_path = out / f"{assignment}_moodle.csv"
    paths = {
        "nbgrader": export_nbgrader_csv(course_dir, assignment, out / f"{assignment}_nbgrader.csv"),
        "questions": export_questions_csv(rows, questions, out / f"{assignment}_questions.csv"),
        "moodle": moodle_path,
    }
    moodle = export_moodle_csv(rows, assignment, moodle_path, id_field, mapping, allow_pending)
    if moodle.rejected:
        paths["moodle_rejected"] = moodle_path.with_name(f"{moodle_path.stem}_non_importes.csv")
    return paths, moodle
