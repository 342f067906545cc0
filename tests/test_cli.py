"""The `iasante` command: errors a learner can act on, a workspace that never loses work,
and `lab` really serving the learner's copy of the course."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from coursecopy import REPO, copy_course

from iasante.cli import main
from iasante.course import CourseLayout, sync_workspace
from iasante.course.workspace import MANIFEST


def test_unknown_assignment_is_a_clear_french_error(capsys, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    assert main(["release", "m99_inexistant"]) == 2
    err = capsys.readouterr().err
    assert "Devoir inconnu" in err and "m99_inexistant" in err
    assert "m00_prise_en_main" in err  # the learner sees what exists


def test_missing_config_is_reported(tmp_path: Path) -> None:
    from iasante.course import ReleaseError, generate_release

    layout = copy_course(tmp_path / "course")
    (layout.root / "nbgrader_config.py").unlink()
    with pytest.raises(ReleaseError, match="Fichier introuvable"):
        generate_release(layout)


def test_list_shows_assignments_and_lessons(capsys, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    assert main(["liste"]) == 0
    out = capsys.readouterr().out
    assert "m00_prise_en_main" in out and "m00_prise_en_main.ipynb" in out


# ----------------------------------------------------------------------------- workspace


@pytest.fixture()
def course(tmp_path: Path) -> CourseLayout:
    layout = copy_course(tmp_path / "course")
    (layout.root / "notebooks").mkdir()
    (layout.notebooks / "lecon.ipynb").write_text("version 1", encoding="utf-8")
    return layout


def test_first_sync_copies_lessons_assignments_and_data(course: CourseLayout, tmp_path) -> None:
    ws = tmp_path / "ws"
    report = sync_workspace(course, ws)
    assert (ws / "lecons/lecon.ipynb").read_text(encoding="utf-8") == "version 1"
    assert (ws / "devoirs/m00_prise_en_main/m00_prise_en_main.ipynb").is_file()
    assert (ws / "data/m00_constantes.csv").is_file()
    assert "lecons/lecon.ipynb" in report.created
    again = sync_workspace(course, ws)
    assert not again.created and not again.updated and not again.kept_with_new_version


def test_untouched_copy_follows_the_course(course: CourseLayout, tmp_path) -> None:
    ws = tmp_path / "ws"
    sync_workspace(course, ws)
    (course.notebooks / "lecon.ipynb").write_text("version 2", encoding="utf-8")
    report = sync_workspace(course, ws)
    assert report.updated == ["lecons/lecon.ipynb"]
    assert (ws / "lecons/lecon.ipynb").read_text(encoding="utf-8") == "version 2"


def test_learners_work_is_never_overwritten(course: CourseLayout, tmp_path) -> None:
    ws = tmp_path / "ws"
    sync_workspace(course, ws)
    (ws / "lecons/lecon.ipynb").write_text("mes réponses", encoding="utf-8")
    (course.notebooks / "lecon.ipynb").write_text("version 2", encoding="utf-8")
    report = sync_workspace(course, ws)
    assert (ws / "lecons/lecon.ipynb").read_text(encoding="utf-8") == "mes réponses"
    [(kept, beside)] = report.kept_with_new_version
    assert kept == "lecons/lecon.ipynb"
    assert (ws / beside).read_text(encoding="utf-8") == "version 2"
    # A second sync neither duplicates the new version nor touches the work.
    report = sync_workspace(course, ws)
    assert not report.kept_with_new_version
    assert len(list((ws / "lecons").glob("lecon (nouvelle version*"))) == 1
    assert (ws / "lecons/lecon.ipynb").read_text(encoding="utf-8") == "mes réponses"


def test_an_edited_copy_of_an_unchanged_course_gets_no_new_version(course, tmp_path) -> None:
    """Regression (issue 13): edit, relaunch, nothing new beside the learner's work."""
    ws = tmp_path / "ws"
    sync_workspace(course, ws)
    (ws / "lecons/lecon.ipynb").write_text("mes réponses", encoding="utf-8")
    for _ in range(2):
        report = sync_workspace(course, ws)
        assert not report.kept_with_new_version and "lecons/lecon.ipynb" in report.unchanged
    assert not list((ws / "lecons").glob("lecon (nouvelle version*"))
    assert (ws / "lecons/lecon.ipynb").read_text(encoding="utf-8") == "mes réponses"


def test_corrupt_manifest_never_leads_to_overwriting(course: CourseLayout, tmp_path) -> None:
    ws = tmp_path / "ws"
    sync_workspace(course, ws)
    (ws / "lecons/lecon.ipynb").write_text("mes réponses", encoding="utf-8")
    (ws / MANIFEST).write_text("{pas du json", encoding="utf-8")
    (course.notebooks / "lecon.ipynb").write_text("version 2", encoding="utf-8")
    sync_workspace(course, ws)
    assert (ws / "lecons/lecon.ipynb").read_text(encoding="utf-8") == "mes réponses"
    json.loads((ws / MANIFEST).read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- lab, headless


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


@pytest.mark.slow
def test_lab_serves_the_learners_copy_in_french(tmp_path: Path) -> None:
    port, token, ws = _free_port(), "jeton-de-test", tmp_path / "espace"
    command = [
        sys.executable,
        "-m",
        "iasante.cli",
        "lab",
        "--no-browser",
        "--port",
        str(port),
        "--dossier",
        str(ws),
        f"--IdentityProvider.token={token}",
        "--ServerApp.ip=127.0.0.1",
    ]
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    proc = subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                listing = _get(f"{base}/api/contents/lecons?token={token}")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                    pytest.fail(f"JupyterLab did not answer:\n{out[-3000:]}")
                time.sleep(0.5)
        names = {item["name"] for item in listing["content"]}
        assert "m00_prise_en_main.ipynb" in names
        devoirs = _get(f"{base}/api/contents/devoirs/m00_prise_en_main?token={token}")
        assert {"m00_prise_en_main.ipynb", "constantes_urgences.csv"} <= {
            item["name"] for item in devoirs["content"]
        }
        # Classroom overrides become the defaults of JupyterLab's settings schemas.
        settings = _get(
            f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin?token={token}"
        )
        assert settings["schema"]["properties"]["locale"]["default"] == "fr_FR"
        news = _get(
            f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}"
        )
        assert news["schema"]["properties"]["fetchNews"]["default"] == "false"
    finally:
        _stop_group(proc)


def _stop_group(proc: subprocess.Popen) -> None:
    """Stop the launcher and its jupyter-lab child (same session), even if one is gone."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
