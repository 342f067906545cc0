"""The instructor's side of the exchange journey: stock nbgrader commands in a course copy."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from hub.hubrun import COURSE_ID, Hub, request

ASSIGNMENT = "m00_prise_en_main"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
MARKER_LINE = re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS|MARK SCHEME)\s*$")


def nbgrader(course: Path, *args: str, env: dict[str, str], timeout: float = 600) -> str:
    """Run ``nbgrader <args>`` in the course directory; fail with its output."""
    exe = Path(sys.executable).with_name("nbgrader")
    command = [str(exe) if exe.is_file() else "nbgrader", *args]
    done = subprocess.run(
        command, cwd=course, env=env, capture_output=True, text=True, timeout=timeout
    )
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed ({done.returncode}):\n{output}")
    return output


def iasante_grade_available() -> bool:
    """The parallel grading pipeline's CLI (`iasante grade`), when it exists."""
    exe = Path(sys.executable).with_name("iasante")
    if not exe.is_file():
        return False
    done = subprocess.run(
        [str(exe), "grade", "--help"], capture_output=True, text=True, timeout=120
    )
    return done.returncode == 0


def instructor_env(exchange: Path, course: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["IASANTE_EXCHANGE_ROOT"] = str(exchange)
    env["IASANTE_COURSE_ROOT"] = str(course)
    env["IASANTE_COURSE_ID"] = "ia-sante"
    env.pop("JUPYTER_CONFIG_PATH", None)
    return env


def answered(fetched: Path, source: Path) -> dict:
    """The fetched student notebook with every answer cell filled from the instructor's
    version (solution lines only, markers removed): what a student who succeeds types."""
    nb = nbformat.read(fetched, as_version=4)
    solutions = {
        cell.metadata["nbgrader"]["grade_id"]: cell.source
        for cell in nbformat.read(source, as_version=4).cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }
    filled = 0
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in solutions and cell.metadata["nbgrader"].get("solution"):
            if cell.cell_type == "markdown":
                cell.source = "Je vérifierais les données et le contexte avant de conclure."
            else:
                cell.source = "\n".join(
                    line for line in solutions[grade_id].splitlines() if not MARKER_LINE.match(line)
                )
            filled += 1
    assert filled >= 2, "no answer cell found in the fetched notebook"
    return nb


def points(source: Path) -> tuple[float, float]:
    """(auto-graded points, total points) of an instructor notebook."""
    auto = total = 0.0
    for cell in nbformat.read(source, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            total += float(meta.get("points", 0))
            if cell.cell_type == "code":
                auto += float(meta.get("points", 0))
    return auto, total


def copy_release_course(repo: Path, dest: Path) -> Path:
    """The instructor's copy of the course (config, source/, data/) in their hub home."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(repo / "nbgrader_config.py", dest / "nbgrader_config.py")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    shutil.copytree(repo / "source" / ASSIGNMENT, dest / "source" / ASSIGNMENT, ignore=ignore)
    if (repo / "data").is_dir():
        shutil.copytree(repo / "data", dest / "data", ignore=ignore)
    return dest


SCORE = re.compile(r"Score:\s*([0-9.]+)\s*/\s*([0-9.]+)")


def feedback_scores(html: str) -> list[tuple[float, float]]:
    """Every « Score: x / y » of an nbgrader feedback page (total first, then each cell)."""
    return [(float(a), float(b)) for a, b in SCORE.findall(html)]


def grade(course: Path, assignment: str, env: dict[str, str]) -> str:
    """Grade with the project's pipeline (`iasante grade`) when it exists, else stock
    `nbgrader autograde`; return which one ran."""
    if iasante_grade_available():
        exe = Path(sys.executable).with_name("iasante")
        done = subprocess.run(
            [str(exe), "grade", assignment, "--course", str(course), "--force", "-q"],
            cwd=course,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if done.returncode != 0:
            raise AssertionError(
                f"iasante grade failed ({done.returncode}):\n{done.stdout}{done.stderr}"
            )
        return "iasante grade"
    nbgrader(course, "autograde", assignment, "--force", env=env, timeout=900)
    return "nbgrader autograde"


def server_post(hub: Hub, user: str, token: str, action: str) -> list[dict]:
    """POST /user/<user>/assignments/<action> as the student's JupyterLab extension does
    (fetch, submit, fetch_feedback of module 00); the listing nbgrader answers with."""
    response = request(
        "POST",
        f"{hub.server_url(user)}/assignments/{action}",
        token=token,
        form={"course_id": COURSE_ID, "assignment_id": ASSIGNMENT},
        timeout=300,
    )
    assert response.status == 200, f"{action} for {user}: {response.status} {response.text}"
    payload = response.json()
    assert payload.get("success"), f"{action} for {user}: {str(payload)[:800]}"
    return payload["value"]
