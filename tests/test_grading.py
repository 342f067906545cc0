"""Grading pipeline: equality with stock `nbgrader autograde`, resilience, resume."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.converters import Autograde

from iasante.grading import GradingOptions
from iasante.grading.course import course_directory, load_config
from iasante.grading.products import simulate
from iasante.grading.run.pipeline import grade_assignment
from iasante.grading.status import Status

# Grades real notebooks through kernels: minutes in all, outside the fast tier.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "grading"
ASSIGNMENT = "ps1"
FAST = {
    "cell_timeout": 2,
    "notebook_timeout": 12,
    "memory_mb": 512,
    "progress": False,
    "preload": [],
}


@pytest.fixture(scope="module")
def base_course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("cours") / "cours"
    simulate.make_course(
        course, FIXTURE, ASSIGNMENT, data=False, config_file=REPO / "nbgrader_config.py"
    )
    return course


def copy_course(base: Path, dest: Path) -> Path:
    shutil.copytree(base, dest)
    return dest


def scores(course: Path) -> dict[tuple[str, str], tuple[float | None, bool]]:
    """(student, grade cell) -> (auto_score, needs_manual_grade)."""
    cfg = load_config(course)
    out = {}
    with Gradebook(cfg.CourseDirectory.db_url, "ia-sante") as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            for nb in sub.notebooks:
                for grade in nb.grades:
                    out[(sub.student.id, grade.name)] = (grade.auto_score, grade.needs_manual_grade)
    return out


def test_outcomes(course: Path, student: str) -> dict[str, list[str]]:
    """Test cell -> names of the errors in its outputs (pass = empty list)."""
    path = course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    out = {}
    for cell in nb.cells:
        md = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and md.get("grade") and not md.get("solution"):
            out[md["grade_id"]] = [
                o.get("ename") for o in cell.outputs if o.get("output_type") == "error"
            ]
    return out


test_outcomes.__test__ = False  # a helper, not a test


def stock_autograde(course: Path) -> None:
    cfg = load_config(course)
    coursedir = course_directory(cfg, ASSIGNMENT, student="*")
    converter = Autograde(coursedir=coursedir, config=cfg)
    converter.force = True
    converter.start()


def test_pipeline_equals_stock_nbgrader(base_course, tmp_path):
    kinds = ["correct", "partial", "unanswered", "deleted_test", "tampered_locked", "correct"]
    stock = copy_course(base_course, tmp_path / "stock")
    ours = copy_course(base_course, tmp_path / "ours")
    students = simulate.simulate_class(stock, ASSIGNMENT, kinds)
    simulate.simulate_class(ours, ASSIGNMENT, kinds)

    stock_autograde(stock)
    run = grade_assignment(ours, ASSIGNMENT, workers=2, **FAST)

    assert run.kernel_mode == "fork"
    assert scores(ours) == scores(stock)
    assert len(scores(ours)) == len(kinds) * 4  # 3 test cells + 1 manual cell each
    for student in students:
        assert test_outcomes(ours, student) == test_outcomes(stock, student)
    assert run.results["etudiant01"].score == 4.0  # correct: every autograded point
    assert run.results["etudiant03"].score == 0.0  # unanswered release: 0
    assert run.results["etudiant04"].status is Status.RESTORED


def test_untested_versions_switch_the_speed_ups_off_with_the_same_grades(
    base_course, tmp_path, monkeypatch
):
    """Outside the tested versions (grading/compat.py), nbgrader's own classes run: the
    grades are stock nbgrader's."""
    from iasante.grading import compat
    from iasante.grading.run import pipeline

    monkeypatch.setattr(compat, "private_apis_ok", lambda: False)
    kinds = ["correct", "partial", "tampered_locked"]
    stock = copy_course(base_course, tmp_path / "stock")
    ours = copy_course(base_course, tmp_path / "ours")
    simulate.simulate_class(stock, ASSIGNMENT, kinds)
    simulate.simulate_class(ours, ASSIGNMENT, kinds)
    stock_autograde(stock)
    grader = pipeline.ClassGrader(ours, ASSIGNMENT, GradingOptions(**FAST))
    assert not any("Remembering" in getattr(pp, "__name__", "") for pp in grader.sanitize_pps)
    grade_assignment(ours, ASSIGNMENT, workers=2, **FAST)
    assert scores(ours) == scores(stock)


@pytest.mark.slow
def test_pipeline_equals_stock_with_ordinary_kernels(base_course, tmp_path):
    """The fallback (no fork: Windows, macOS) gives the same grades too."""
    kinds = ["correct", "partial"]
    stock = copy_course(base_course, tmp_path / "stock")
    ours = copy_course(base_course, tmp_path / "ours")
    simulate.simulate_class(stock, ASSIGNMENT, kinds)
    simulate.simulate_class(ours, ASSIGNMENT, kinds)
    stock_autograde(stock)
    run = grade_assignment(ours, ASSIGNMENT, workers=1, fork=False, **FAST)
    assert run.kernel_mode == "standard"
    assert scores(ours) == scores(stock)


def test_broken_class_is_graded_to_the_end(base_course, tmp_path):
    course = copy_course(base_course, tmp_path / "cours")
    kinds = ["correct"] + simulate.BROKEN_KINDS + ["partial"]
    students = simulate.simulate_class(course, ASSIGNMENT, kinds)

    started = time.monotonic()
    run = grade_assignment(course, ASSIGNMENT, workers=2, **FAST)
    assert time.monotonic() - started < 60

    for student, kind in students.items():
        assert run.results[student].status.value == simulate.EXPECTED_STATUS[kind], (
            student,
            kind,
            run.results[student],
        )
    grades = scores(course)
    correct = run.results["etudiant01"]
    assert correct.score == 4.0
    assert grades[("etudiant01", "test_carres")][0] == 2
    last = f"etudiant{len(kinds):02d}"
    assert run.results[last].score == 3.0  # partial: carres right, moyenne unanswered
    # restored cells are graded with the instructor's tests, not the student's version
    tampered = next(s for s, k in students.items() if k == "tampered_locked")
    assert run.results[tampered].restored_cells == ["test_carres"]
    assert grades[(tampered, "test_carres")][0] == 2
    # a failed submission has no autograded folder and no grade
    died = next(s for s, k in students.items() if k == "os_exit")
    assert not (course / "autograded" / died / ASSIGNMENT).exists()
    assert grades[(died, "test_carres")][0] is None
    assert not list((course / "autograded").glob("*/.*iasante*"))  # no staging left
    # the terminal keeps one line; the log keeps the whole traceback (issue 12)
    from iasante.grading.runlog import log_path

    log = log_path(course, ASSIGNMENT).read_text(encoding="utf-8")
    invalid = next(s for s, k in students.items() if k == "invalid_json")
    assert f"{invalid}: invalid_notebook" in log and "Traceback (most recent call last)" in log


def test_resume_force_and_no_overwrite_by_failure(base_course, tmp_path):
    course = copy_course(base_course, tmp_path / "cours")
    simulate.simulate_class(course, ASSIGNMENT, ["correct", "partial"])
    first = grade_assignment(course, ASSIGNMENT, workers=2, **FAST)
    assert sorted(first.graded_now) == ["etudiant01", "etudiant02"]

    again = grade_assignment(course, ASSIGNMENT, workers=2, **FAST)
    assert again.graded_now == [] and sorted(again.skipped) == ["etudiant01", "etudiant02"]
    assert again.results["etudiant01"].score == 4.0

    forced = grade_assignment(course, ASSIGNMENT, force=True, students=["etudiant02"], **FAST)
    assert forced.graded_now == ["etudiant02"]

    # etudiant01 resubmits a notebook that kills its kernel: the old grade stays
    time.sleep(0.01)
    simulate.write_submission(course, ASSIGNMENT, "etudiant01", "os_exit")
    failed = grade_assignment(course, ASSIGNMENT, **FAST)
    assert failed.graded_now == ["etudiant01"]
    assert failed.results["etudiant01"].status is Status.KERNEL_DIED
    assert scores(course)[("etudiant01", "test_carres")][0] == 2
    assert (course / "autograded" / "etudiant01" / ASSIGNMENT / "ps1.ipynb").exists()


# -- feedback, exports, report, CLI -------------------------------------------------------


@pytest.fixture(scope="module")
def graded_course(base_course, tmp_path_factory) -> Path:
    course = copy_course(base_course, tmp_path_factory.mktemp("corrige") / "cours")
    kinds = ["correct", "partial", "unanswered", "tampered_locked", "invalid_json", "os_exit"]
    simulate.simulate_class(course, ASSIGNMENT, kinds)
    cfg = load_config(course)
    with Gradebook(cfg.CourseDirectory.db_url, "ia-sante") as gb:
        gb.update_or_create_student("absent", email="absent@exemple.fr")
        gb.update_or_create_student("etudiant01", email="e01@exemple.fr")
    grade_assignment(course, ASSIGNMENT, workers=2, **FAST)
    return course


def fixture_hidden_lines() -> list[str]:
    from iasante.grading.nbgrader_ext.hidden import hidden_lines

    nb = nbformat.read(str(FIXTURE / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), 4)
    return [line for cell in nb.cells for line in hidden_lines(cell.source)]


def test_feedback_shows_answers_and_visible_tests_but_no_hidden_test(graded_course, tmp_path):
    from iasante.grading.products.feedback import find_leaks, generate_feedback, html_text

    result = generate_feedback(graded_course, ASSIGNMENT)
    assert not result.withheld and not result.failed
    files = result.written
    assert sorted(p.parent.parent.name for p in files) == [
        "etudiant01",
        "etudiant02",
        "etudiant03",
        "etudiant04",
    ]
    assert find_leaks(graded_course, ASSIGNMENT, files) == []
    secret = fixture_hidden_lines()
    assert len(secret) == 3
    for path in files:
        text = html_text(path)
        raw = path.read_text(encoding="utf-8")
        for line in secret + ["BEGIN HIDDEN TESTS", "cas_cache"]:
            assert line not in text and line not in raw, (path, line)
    partial = html_text(next(p for p in files if "etudiant02" in str(p)))
    assert "moyenne([1, 3]) doit valoir 2" in partial  # the visible test and its message
    assert "NotImplementedError" in partial  # the student's error is shown
    assert "raise NotImplementedError(" in partial  # their answer too
    assert "remplacez ces deux lignes" in partial  # the French stub says what to do
    assert "tests cachés" in partial
    # nbgrader's feedback page, with French labels
    assert "Votre réponse" in partial and "Cellule de test" in partial
    assert "Pas de réponse." in partial and "Student's answer" not in partial

    # stock nbgrader feedback would have shown them (jupyter/nbgrader#917)
    stock = copy_course(graded_course, tmp_path / "stock")
    shutil.rmtree(stock / "feedback")
    cfg = load_config(stock)
    from nbgrader.converters import GenerateFeedback

    converter = GenerateFeedback(coursedir=course_directory(cfg, ASSIGNMENT), config=cfg)
    converter.force = True
    converter.start()
    assert find_leaks(stock, ASSIGNMENT)


def test_one_leaking_copy_is_withheld_and_does_not_block_the_class(
    graded_course, tmp_path, monkeypatch, capsys
):
    """A copy whose own output shows a hidden line (e.g. read from source/) loses its
    feedback; the others are written and released, and only those asked for."""
    from iasante.grading.products.feedback import generate_feedback, release_feedback
    from iasante.grading.runlog import log_path

    course = copy_course(graded_course, tmp_path / "cours")
    shutil.rmtree(course / "feedback", ignore_errors=True)
    path = course / "autograded" / "etudiant03" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    answer = next(
        c
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
    )
    answer.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="\n".join(fixture_hidden_lines()))
    ]
    nbformat.write(nb, str(path))

    # etudiant01 submitted through the exchange (nbgrader's collect keeps timestamp.txt);
    # the others were dropped into submitted/ by hand
    exchanged = course / "autograded" / "etudiant01" / ASSIGNMENT
    (exchanged / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC")
    (exchanged / "submission_secret.txt").write_text("secret-de-test")
    result = generate_feedback(course, ASSIGNMENT)
    assert sorted(result.withheld) == ["etudiant03"] and not result.failed
    assert result.students == ["etudiant01", "etudiant02", "etudiant04"]
    assert not (course / "feedback" / "etudiant03").joinpath(ASSIGNMENT).exists()
    assert "etudiant03" in log_path(course, ASSIGNMENT).read_text(encoding="utf-8")

    exchange = tmp_path / "echange"
    exchange.mkdir()
    monkeypatch.setenv("IASANTE_EXCHANGE_ROOT", str(exchange))
    assert release_feedback(course, ASSIGNMENT, ["etudiant01"]) == []
    assert len(list(exchange.rglob("*.html"))) == 1  # one student asked, one notebook
    # everyone: the hand-dropped copies are skipped and named, not a crash
    assert release_feedback(course, ASSIGNMENT) == ["etudiant02", "etudiant04"]
    assert len(list(exchange.rglob("*.html"))) == 1

    # through the CLI, a copy whose reflection still waits for manual grading is held back
    from iasante.grading import cli

    shutil.rmtree(exchange)
    exchange.mkdir()
    args = ["feedback", ASSIGNMENT, "--course", str(course), "--student", "etudiant01"]
    assert cli.main([*args, "--release"]) == 0
    assert "correction manuelle en attente : etudiant01" in capsys.readouterr().err
    assert not list(exchange.rglob("*.html"))
    assert cli.main([*args, "--release", "--notes-partielles"]) == 0
    assert len(list(exchange.rglob("*.html"))) == 1


def test_exports_have_statuses_and_a_moodle_header(graded_course, tmp_path):
    import csv

    from moodle_import import MoodleImportAborted, moodle_import

    from iasante.grading.products.exports import export_grades

    paths = export_grades(graded_course, ASSIGNMENT, tmp_path / "exports")
    text = paths["moodle"].read_text(encoding="utf-8")
    moodle = list(csv.reader(text.splitlines()))
    assert moodle[0] == ["email", ASSIGNMENT, "Statut de la correction"]
    rows = {r[0]: r for r in moodle[1:]}
    # no pending manual grade exported as a grade, no missing copy exported as a zero
    assert rows["e01@exemple.fr"][1:] == ["", "correction manuelle en attente (note non exportée)"]
    assert rows["absent@exemple.fr"][1:] == ["", "aucune copie rendue"]
    # students without an e-mail are left out (Moodle would reject the whole file) and listed
    assert set(rows) == {"e01@exemple.fr", "absent@exemple.fr"}
    with paths["moodle_rejected"].open(encoding="utf-8") as fh:
        rejected = {r["student_id"] for r in csv.DictReader(fh)}
    assert rejected == {f"etudiant0{i}" for i in range(2, 7)}
    # Moodle's import rules accept the file and record no grade (not zero) for both
    users = {"e01@exemple.fr", "absent@exemple.fr"}
    assert moodle_import(text, "email", ASSIGNMENT, users, 5) == dict.fromkeys(users)
    # the importer can fail: a row keyed by an nbgrader id (the old behaviour) aborts it all
    with pytest.raises(MoodleImportAborted, match="usermappingerror"):
        moodle_import(text + "etudiant02,3.00,corrigé\n", "email", ASSIGNMENT, users, 5)

    with paths["questions"].open(encoding="utf-8") as fh:
        questions = list(csv.DictReader(fh))
    by_student = {r["student_id"]: r for r in questions}
    assert by_student["etudiant02"]["test_carres"] == "2"
    assert by_student["etudiant02"]["test_moyenne"] == "0"
    assert by_student["etudiant02"]["status"] == "graded"
    assert by_student["absent"]["status"] == "no_submission"
    assert by_student["etudiant05"]["status"] == "invalid_notebook"

    header = paths["nbgrader"].read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("assignment,duedate,timestamp,student_id")

    mapped = export_grades(
        graded_course,
        ASSIGNMENT,
        tmp_path / "m",
        id_field="idnumber",
        mapping={"etudiant01": "2024-0001"},
        allow_pending=True,
    )
    text = mapped["moodle"].read_text(encoding="utf-8")
    assert text.startswith("idnumber,ps1,") and "2024-0001,4.00,corrigé" in text
    # idnumber defaults to the nbgrader id (a university student number) when not mapped
    users = {"2024-0001", "absent", *(f"etudiant0{i}" for i in range(2, 7))}
    recorded = moodle_import(text, "idnumber", ASSIGNMENT, users, 5)
    assert recorded["2024-0001"] == 4.0 and recorded["absent"] is None
    assert recorded["etudiant05"] is None  # unreadable notebook: no grade, not zero


def test_a_manual_grade_reaches_the_moodle_export(graded_course, tmp_path):
    """Once the reflection is graded (nbgrader's own API, as the formgrader does), the
    copy is complete and its total goes to Moodle."""
    from moodle_import import moodle_import

    from iasante.grading.products.exports import export_grades

    course = copy_course(graded_course, tmp_path / "cours")
    cfg = load_config(course)
    with Gradebook(cfg.CourseDirectory.db_url, "ia-sante") as gb:
        grade = gb.find_grade("reflexion", ASSIGNMENT, ASSIGNMENT, "etudiant01")
        assert grade.needs_manual_grade
        grade.manual_score = 1
        gb.db.commit()
    text = export_grades(course, ASSIGNMENT, tmp_path / "x")["moodle"].read_text("utf-8")
    users = {"e01@exemple.fr", "absent@exemple.fr"}
    assert moodle_import(text, "email", ASSIGNMENT, users, 5)["e01@exemple.fr"] == 5.0


def test_class_report_png_and_html(graded_course, tmp_path):
    from iasante.grading.products.report import class_report

    paths = class_report(graded_course, ASSIGNMENT, tmp_path / "rapport")
    for key in ("success_png", "distribution_png"):
        assert paths[key].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = paths["html"].read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "Taux de réussite par question" in page
    assert page.count("data:image/png;base64,") == 2
    assert "Question la moins réussie : test_moyenne" in page
    assert "Erreurs diagnostiquées, par question" in page and page.endswith("</html>")
    # who needs the instructor, by name, before the figures
    first_screen = page[: page.index("data:image/png")]
    assert "À regarder en premier" in first_screen
    assert "<strong>etudiant05</strong> : non corrigé : notebook illisible" in first_screen
    assert "<strong>etudiant01</strong> : réponse à corriger à la main" in first_screen
    assert "<strong>absent</strong>" not in first_screen


def test_cli_registers_instructor_subcommands(graded_course, tmp_path, capsys):
    import argparse

    from iasante.grading import cli

    parser = argparse.ArgumentParser(prog="iasante")
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["corriger", "ps1", "--course", str(graded_course), "-j", "3"])
    assert args.func is cli.cmd_grade and args.workers == 3
    for name in ("grade", "demo", "export", "rapport", "feedback", "retours", "report"):
        assert callable(parser.parse_args([name, "ps1"]).func)

    assert cli.main(["grade", "ps1", "--course", str(graded_course), "-q"]) == 0
    out = capsys.readouterr().out
    assert "déjà corrigée(s) conservée(s)" in out  # resumed: nothing to do
    # the run ends by naming who needs the instructor, not only counts
    assert "À regarder en premier" in out and "etudiant05" in out and "absent" not in out
    assert (
        cli.main(["export", "ps1", "--course", str(graded_course), "-o", str(tmp_path / "x")]) == 0
    )
    assert (tmp_path / "x" / "ps1_moodle.csv").exists()
    err = capsys.readouterr().err
    assert "hors du fichier Moodle" in err and "etudiant02" in err and "--notes-partielles" in err
    assert cli.main(["grade", "inconnu", "--course", str(graded_course), "-q"]) == 1


@pytest.mark.slow
def test_demo_on_fixture_repository(tmp_path):
    from iasante.grading.products.demo import run_demo

    repo = tmp_path / "depot"
    shutil.copytree(FIXTURE / "source", repo / "source")
    shutil.copy(REPO / "nbgrader_config.py", repo / "nbgrader_config.py")
    result = run_demo(
        tmp_path / "demo-output",
        size=12,
        repo_root=repo,
        cell_timeout=2,
        notebook_timeout=8,
        progress=False,
        echo=lambda *a: None,
    )
    for student, kind in result["students"].items():
        assert result["run"].results[student].status.value == simulate.EXPECTED_STATUS[kind]
    assert result["report"]["html"].exists()
    assert all(p.exists() for p in result["exports"].values())
    assert not (repo / "gradebook.db").exists()


def test_forked_kernel_falls_back_to_an_ordinary_kernel_without_template(monkeypatch):
    """If the template process is gone mid-run, submissions still get a (slower) kernel."""
    import asyncio

    from iasante.grading.kernel import managers as kernels

    monkeypatch.setattr(kernels, "ZYGOTE_SOCKET", "/nonexistent/zygote.sock")

    async def run() -> tuple[str, str]:
        km = kernels.ForkKernelManager()
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            reply = await kc.execute_interactive("x = 1", timeout=30)
            return reply["content"]["status"], type(km.provisioner.process).__name__
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    assert asyncio.run(run()) == ("ok", "Popen")


def test_a_line_the_student_wrote_is_not_a_leak(tmp_path):
    """An honest answer written exactly like a line of the hidden reference (m00's
    `return "surpoids"`) is the student's own text: it must not withhold their feedback,
    while a hidden line they did not write still counts (own_lines is per copy)."""
    from iasante.grading.products.feedback import own_lines

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell('def classe(imc):\n    return "surpoids"'),
        nbformat.v4.new_code_cell(
            "assert classe(27) == 'surpoids'\n### BEGIN HIDDEN TESTS\n"
            'def _ref(imc):\n    return "surpoids"\nassert _cas_secret()\n### END HIDDEN TESTS'
        ),
    ]
    nbformat.write(notebook, tmp_path / "copie.ipynb")
    (tmp_path / "illisible.ipynb").write_text("{", encoding="utf-8")
    mine = own_lines(tmp_path, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
    assert 'return "surpoids"' in mine
    assert "assert classe(27) == 'surpoids'" in mine
    assert "assert _cas_secret()" not in mine and "def _ref(imc):" not in mine
