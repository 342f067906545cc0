"""The gradebook on PostgreSQL (issue 21): same scores as SQLite, read while being written.

A real PostgreSQL server (tests/hub/postgres.py: Debian's package, installed by
ci/install-hub-deps.sh; a cluster in a temporary folder on a Unix socket) holds the
gradebook of a small class of module 00: correct, half-answered and untouched copies. The
same class goes twice through the instructor's commands, once per gradebook, the URL given
by ``IASANTE_GRADEBOOK_URL`` (read by the course's nbgrader_config.py):
``nbgrader generate_assignment``, ``nbgrader db student import``, ``iasante grade``,
``feedback``, ``export``, ``rapport``. While ``iasante grade`` writes to PostgreSQL,
another process reads the gradebook as formgrader does (tests/hub/gradebook_reader.py).

No copy of this class depends on timing (no timeout, no memory limit reached), so both
runs must agree cell by cell; the broken copies are covered by tests/test_grading.py.
Marked ``hub``: it needs what ci/install-hub-deps.sh installs (psycopg, PostgreSQL) and
skips with the reason without it; CI runs that script first, so it runs there.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from hub.course import (
    ASSIGNMENT,
    NOTEBOOK,
    answered,
    copy_release_course,
    nbgrader,
)
from hub.hubrun import REPO
from hub.postgres import missing_postgres, running_postgres

pytestmark = [pytest.mark.hub, pytest.mark.slow]

COURSE_ID = "ia-sante"
KINDS = ["correct", "partial", "untouched"] * 2
#: « m00_prise_en_main (Note : 17.0 / 20.0) », then one per graded cell: the course's template
NOTE = re.compile(r"\(Note\s*:\s*([0-9.]+)\s*/\s*([0-9.]+)\)")
READER = Path(__file__).parent / "hub" / "gradebook_reader.py"


def _iasante(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("iasante")
    done = subprocess.run(
        [str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"iasante {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


def _env(db_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["IASANTE_COURSE_ID"] = COURSE_ID
    env["IASANTE_GRADEBOOK_URL"] = db_url
    return env


def _submission(release: Path, source: Path, kind: str) -> nbformat.NotebookNode:
    """A student's notebook: every answer (correct), every other one (partial), none."""
    if kind == "untouched":
        return nbformat.read(release, as_version=4)
    nb = answered(release, source)
    if kind == "partial":
        stubs = {
            c.metadata["nbgrader"]["grade_id"]: c.source
            for c in nbformat.read(release, as_version=4).cells
            if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
        }
        for i, cell in enumerate(
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") in stubs
        ):
            if i % 2:
                cell.source = stubs[cell.metadata["nbgrader"]["grade_id"]]
    return nb


def _build_class(root: Path, env: dict[str, str]) -> Path:
    """The course, its assignment in the gradebook, the roster, one copy per student."""
    course = copy_release_course(REPO, root / "cours")
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force", env=env)
    roster = root / "etudiants.csv"
    with roster.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "first_name", "last_name", "email"])
        for i, _ in enumerate(KINDS, 1):
            writer.writerow([f"etudiant{i:02d}", "Étudiant", f"n°{i}", f"e{i}@exemple.fr"])
        writer.writerow(["etudiant_absent", "Élise", "Absente", "absente@exemple.fr"])
    nbgrader(course, "db", "student", "import", str(roster), env=env)
    release = course / "release" / ASSIGNMENT / NOTEBOOK
    source = course / "source" / ASSIGNMENT / NOTEBOOK
    for i, kind in enumerate(KINDS, 1):
        dest = course / "submitted" / f"etudiant{i:02d}" / ASSIGNMENT
        dest.mkdir(parents=True)
        nbformat.write(_submission(release, source, kind), dest / NOTEBOOK)
    return course


def _after_grading(root: Path, course: Path, env: dict[str, str]) -> None:
    _iasante("feedback", ASSIGNMENT, "--course", str(course), env=env, cwd=course)
    _iasante("export", ASSIGNMENT, "--course", str(course), "-o", str(root / "exports"),
             env=env, cwd=course)  # fmt: skip
    _iasante("rapport", ASSIGNMENT, "--course", str(course), "-o", str(root / "rapport"),
             env=env, cwd=course)  # fmt: skip


def _grades(db_url: str) -> dict[tuple[str, str, str], tuple]:
    """Every grade cell of the assignment: (student, notebook, cell) -> its scores."""
    from nbgrader.api import Gradebook, MissingEntry

    found = {}
    with Gradebook(db_url, COURSE_ID) as gb:
        for student in gb.students:
            try:
                sub = gb.find_submission(ASSIGNMENT, student.id)
            except MissingEntry:
                continue
            for nb in sub.notebooks:
                for grade in nb.grades:
                    found[(student.id, nb.name, grade.name)] = (
                        grade.auto_score,
                        grade.manual_score,
                        grade.extra_credit,
                        grade.max_score,
                        grade.needs_manual_grade,
                    )
    return found


def _totals(db_url: str) -> dict[str, tuple[float, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url, COURSE_ID) as gb:
        return {s.student_id: (s.score, s.max_score) for s in gb.assignment_submissions(ASSIGNMENT)}


@pytest.fixture(scope="module")
def classes(tmp_path_factory):
    """Both runs of the class: folders, gradebook URLs, and what the reader saw."""
    reason = missing_postgres()
    if reason:
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("gradebooks")
    lite = root / "sqlite"
    lite.mkdir()
    lite_url = f"sqlite:///{lite / 'gradebook.db'}"
    env = _env(lite_url)
    course = _build_class(lite, env)
    _iasante("grade", ASSIGNMENT, "--course", str(course), "-j", "2", "-q", env=env, cwd=course)
    _after_grading(lite, course, env)

    with running_postgres() as pg:
        url = pg.create_database("carnet_de_notes")
        env = _env(url)
        pgroot = root / "postgres"
        pgroot.mkdir()
        course = _build_class(pgroot, env)
        stop, lines = root / "stop-reader", root / "reader.jsonl"
        reader = subprocess.Popen(
            [sys.executable, str(READER), url, COURSE_ID, ASSIGNMENT, str(stop), str(lines)],
            env=env,
        )
        try:
            time.sleep(2.0)  # the reader is reading before the first write
            _iasante("grade", ASSIGNMENT, "--course", str(course), "-j", "2", "-q",
                     env=env, cwd=course)  # fmt: skip
            time.sleep(1.0)
        finally:
            stop.touch()
            reader.wait(timeout=120)
        _after_grading(pgroot, course, env)
        read = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
        yield {"lite": lite, "lite_url": lite_url, "pg": pgroot, "pg_url": url, "reads": read}


def test_every_grade_cell_is_the_same_as_with_sqlite(classes):
    lite, pg = _grades(classes["lite_url"]), _grades(classes["pg_url"])
    assert len(lite) >= len(KINDS) * 5, "every copy should have its grade cells"
    assert pg == lite
    totals = _totals(classes["pg_url"])
    assert totals == _totals(classes["lite_url"])
    # the class is not trivially all-zero: the correct copies earn the automatic points
    scores = {score for score, _ in totals.values()}
    assert len(scores) == 3 and 0.0 in scores and max(scores) > 0, scores


def test_feedback_exports_and_report_match_sqlite(classes):
    lite, pg = classes["lite"], classes["pg"]
    lite_feedback = sorted(p.relative_to(lite / "cours") for p in
                           (lite / "cours" / "feedback").rglob("*.html"))  # fmt: skip
    pg_feedback = sorted(p.relative_to(pg / "cours") for p in
                         (pg / "cours" / "feedback").rglob("*.html"))  # fmt: skip
    assert pg_feedback and pg_feedback == lite_feedback
    for path in pg_feedback:  # the same scores printed in every student's feedback
        html = (pg / "cours" / path).read_text(encoding="utf-8")
        assert len(NOTE.findall(html)) > 5
        assert NOTE.findall(html) == NOTE.findall(
            (lite / "cours" / path).read_text(encoding="utf-8")
        )
    lite_csv = {p.name: p.read_text(encoding="utf-8") for p in (lite / "exports").glob("*.csv")}
    pg_csv = {p.name: p.read_text(encoding="utf-8") for p in (pg / "exports").glob("*.csv")}
    assert lite_csv, "iasante export should have written the CSV files"
    assert pg_csv == lite_csv
    assert sorted(p.name for p in (pg / "rapport").iterdir()) == sorted(
        p.name for p in (lite / "rapport").iterdir()
    )


def test_formgrader_reads_while_grading_writes(classes):
    reads = classes["reads"]
    errors = [r["error"] for r in reads if "error" in r]
    assert not errors, errors[:5]
    final = _totals(classes["pg_url"])
    snapshots = [r["scores"] for r in reads]
    assert len(snapshots) >= 10, "the reader should have read many times during grading"
    assert {r["how"] for r in reads} == {"kept", "new"}  # formgrader's pages and its API
    assert not snapshots[0], "the first read comes before any submission is registered"
    assert snapshots[-1] == {s: list(v) for s, v in final.items()}
    # partial states are seen, and each is consistent: a submission is either registered
    # and not yet graded (0) or carries its final total, never half of its grades
    assert any(0 < len(s) < len(final) for s in snapshots)
    for snapshot in snapshots:
        for student, (score, max_score) in snapshot.items():
            assert score in (0, final[student][0]), (student, score, final[student])
            assert max_score == final[student][1]
