"""The instructor's semester, end to end, in the documented order (docs/instructor-grading.md).

Release, students fetch and submit through nbgrader's exchange (one copy also dropped into
``submitted/`` by hand, one copy whose code prints a hidden test), collect, ``iasante
grade``, manual grading of one reflection through nbgrader's own API, feedback for one
student then for all, the Moodle CSV (fed to Moodle's import rules), the report, and the
course in git. Each assertion is one of the traps found when the flow was walked through.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from moodle_import import moodle_import
from nbgrader.api import Gradebook

from iasante.grading import cli
from iasante.grading.course import load_config
from iasante.grading.products import simulate

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "grading"
ASSIGNMENT = "ps1"
HIDDEN_LINE = "assert carres(0) == [], 'cas_cache_vide'"
EMAILS = {
    "alice": "alice@exemple.fr",
    "bruno": "bruno@exemple.fr",
    "chloe": "chloe@exemple.fr",
    "denis": "denis@exemple.fr",
}


def _nbgrader(cwd: Path, *args: str, env: dict[str, str]) -> None:
    exe = Path(sys.executable).with_name("nbgrader")
    done = subprocess.run(
        [str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"nbgrader {args}: {done.stdout}{done.stderr}"


def _answer(nb_path: Path, kind: str) -> None:
    """A student's work on the fetched notebook."""
    nb = nbformat.read(str(nb_path), as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "carres":
            cell.source = "def carres(n):\n    return [i * i for i in range(n)]"
            if kind == "leaky":  # prints a hidden-test line it got hold of
                cell.source += f"\nprint({HIDDEN_LINE!r})"
        elif grade_id == "moyenne" and kind != "partial":
            cell.source = "def moyenne(xs):\n    return sum(xs) / len(xs)"
        elif grade_id == "seuil":
            cell.source = "SEUIL = 0.3"
        elif grade_id == "reflexion":
            cell.source = "Elle additionne les valeurs et divise par leur nombre."
    nbformat.write(nb, str(nb_path))


def test_the_semester_in_the_documented_order(tmp_path, monkeypatch, capsys):
    course = simulate.make_course(
        tmp_path / "cours", FIXTURE, ASSIGNMENT, data=False, config_file=REPO / "nbgrader_config.py"
    )
    shutil.copy(REPO / ".gitignore", course / ".gitignore")
    subprocess.run(["git", "init", "-q"], cwd=course, check=True)
    exchange = tmp_path / "echange"
    exchange.mkdir()
    monkeypatch.setenv("IASANTE_EXCHANGE_ROOT", str(exchange))
    env = dict(os.environ)
    cfg = load_config(course)
    with Gradebook(cfg.CourseDirectory.db_url, "ia-sante") as gb:
        for student, email in EMAILS.items():
            gb.update_or_create_student(student, email=email)
        gb.update_or_create_student("etienne")  # no e-mail: Moodle would reject the file

    # 1. release through the exchange
    _nbgrader(course, "release_assignment", ASSIGNMENT, "--force", env=env)

    # 2. three students fetch, work and submit; a fourth hands in a copy by e-mail
    for student, kind in (("alice", "correct"), ("bruno", "partial"), ("chloe", "leaky")):
        home = tmp_path / "homes" / student
        home.mkdir(parents=True)
        student_env = {**env, "USER": student, "LOGNAME": student, "HOME": str(home)}
        where = ["--course", "ia-sante", f"--Exchange.root={exchange}"]  # the hub's config
        _nbgrader(home, "fetch_assignment", ASSIGNMENT, *where, env=student_env)
        _answer(home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", kind)
        _nbgrader(home, "submit", ASSIGNMENT, *where, f"--student={student}", env=student_env)
    _nbgrader(course, "collect", ASSIGNMENT, env=env)
    by_hand = course / "submitted" / "denis" / ASSIGNMENT
    by_hand.mkdir(parents=True)
    shutil.copy(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", by_hand)
    _answer(by_hand / f"{ASSIGNMENT}.ipynb", "correct")
    (course / "submitted" / "etienne" / ASSIGNMENT).mkdir(parents=True)
    shutil.copy(
        course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        course / "submitted" / "etienne" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
    )

    # 3. grade: the run ends with the names of the copies to open
    assert cli.main(["grade", ASSIGNMENT, "--course", str(course), "-q", "-j", "2"]) == 0
    out = capsys.readouterr().out
    assert "À regarder en premier" in out
    assert "alice" in out and "réponse à corriger à la main" in out

    # 4. manual grading of alice's reflection, through nbgrader's own API (formgrader's)
    with Gradebook(cfg.CourseDirectory.db_url, "ia-sante") as gb:
        grade = gb.find_grade("reflexion", ASSIGNMENT, ASSIGNMENT, "alice")
        assert grade.needs_manual_grade
        grade.manual_score = 1
        gb.db.commit()

    # 5. feedback for one student: only hers is produced and released
    base = ["feedback", ASSIGNMENT, "--course", str(course)]
    assert cli.main([*base, "--student", "alice", "--release"]) == 0
    assert len(list(exchange.rglob("feedback/*.html"))) == 1
    capsys.readouterr()
    # then for all: chloe's leaking copy is withheld (not a crash); bruno's and denis's are
    # held (reflection pending); etienne's (dropped by hand, no exchange trace) is named
    assert cli.main([*base, "--release"]) == 1
    captured = capsys.readouterr()
    assert "Retour de chloe retenu" in captured.err
    assert "correction manuelle en attente : bruno, denis." in captured.err
    assert "retours non publiés : etienne." in captured.out  # to hand over directly
    released = list(exchange.rglob("feedback/*.html"))
    assert len(released) == 1  # alice's only
    for path in (course / "feedback").rglob("*.html"):
        assert HIDDEN_LINE not in path.read_text(encoding="utf-8")

    # 6. Moodle CSV: accepted by Moodle's import rules; no pending grade exported as zero
    assert cli.main(["export", ASSIGNMENT, "--course", str(course)]) == 0
    moodle = course / "exports" / f"{ASSIGNMENT}_moodle.csv"
    text = moodle.read_text(encoding="utf-8")
    recorded = moodle_import(text, "email", ASSIGNMENT, set(EMAILS.values()), 5)
    assert recorded["alice@exemple.fr"] == 5.0
    assert recorded["bruno@exemple.fr"] is None  # reflection pending: no grade, not 4.0
    with (course / "exports" / f"{ASSIGNMENT}_moodle_non_importes.csv").open() as fh:
        assert [r["student_id"] for r in csv.DictReader(fh)] == ["etienne"]

    # 7. report, then git: nothing personal is tracked
    assert cli.main(["rapport", ASSIGNMENT, "--course", str(course)]) == 0
    page = (course / "rapports" / f"{ASSIGNMENT}_rapport.html").read_text(encoding="utf-8")
    assert "À regarder en premier" in page and "<strong>bruno</strong>" in page
    subprocess.run(["git", "add", "-A"], cwd=course, check=True)
    staged = subprocess.run(
        ["git", "diff", "--cached", "--name-only"],
        cwd=course,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "exports/" not in staged and "rapports/" not in staged and "gradebook.db" not in staged
    assert (
        cli.main(["export", ASSIGNMENT, "--course", str(course), "-o", str(course / "docs")]) == 1
    )  # a tracked folder is refused
