"""Students cannot reach each other's work on the hub (issue 21): real Unix accounts.

The test creates three real Unix accounts (two students, one instructor; removed at the
end), starts the real hub with deploy/'s configuration and spawner (LocalProcessSpawner:
one uid per user; deploy/nbgrader_config.py's hardened exchange, iasante/exchange.py),
and runs the course's exchange journey: the instructor releases module 00 (nbgrader, as
their own Unix user), each student fetches and submits **through their own server's
nbgrader API** (what the Assignments tab calls), the instructor collects, grades and
releases feedback, each student fetches it.

Then student A, as a real process of A's Unix account (``runuser``), attacks B: list,
read, overwrite, delete B's submission (even knowing its exact name), B's home (fetched
notebook, nbgrader cache with the submission secret, fetched feedback), the released
feedback, the released assignment, the course folder, the instructor's ``source/`` and
gradebook. Every attempt must fail; the same script first does what A *is* allowed to
(read its own submission, the released assignment), so a broken script cannot pass.
A forged submission named after B (the inbound folder is writable, by design) must not
be collected in place of B's.

Negative control: ``IASANTE_ISOLATION_SHARED_UID=1`` runs every student's server as one
shared Unix account (what stock Zero to JupyterHub does: everyone is « jovyan »); the
test must then FAIL, listing the attacks that succeeded.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hub.course import ASSIGNMENT, NOTEBOOK, copy_release_course, instructor_env, server_post
from hub.hubrun import COURSE_ID, REPO, Hub, missing_tools, request, running_hub
from hub.unixpython import shared_python
from nbgrader.utils import notebook_hash

pytestmark = [pytest.mark.hub, pytest.mark.slow]

SHARED_UID = os.environ.get("IASANTE_ISOLATION_SHARED_UID") == "1"
SUFFIX = uuid.uuid4().hex[:6]
PROF, ALICE, BRUNO = f"prof-{SUFFIX}", f"etu-a-{SUFFIX}", f"etu-b-{SUFFIX}"
SHARED = f"etu-commun-{SUFFIX}"
#: the Unix account student A's server (and so A's terminal, A's code) runs as
ATTACKER = SHARED if SHARED_UID else ALICE

ATTACK = r'''
"""Run as the attacking student: try each operation, report which ones worked."""
import glob, json, os, shutil, sys

paths = json.loads(sys.argv[1])
P = {k: v for k, v in paths.items()}


def read(path):
    with open(path, "rb") as f:
        return len(f.read())


def write(path):
    with open(path, "wb") as f:
        f.write(b"pirate")


def append(path):
    with open(path, "ab") as f:
        f.write(b"pirate")


allowed = {
    "lire sa propre copie": lambda: read(P["own_notebook"]),
    "lire le devoir publié": lambda: read(P["released"]),
}
attacks = {
    "lister inbound/": lambda: os.listdir(P["inbound"]),
    "trouver les copies de B par motif": lambda: glob.glob(P["inbound"] + "/" + P["b"] + "+*")
    or (_ for _ in ()).throw(PermissionError("rien")),
    "lister la copie de B": lambda: os.listdir(P["b_submission"]),
    "lire la copie de B": lambda: read(P["b_submission"] + "/" + P["notebook"]),
    "lire le secret de B": lambda: read(P["b_submission"] + "/submission_secret.txt"),
    "modifier la copie de B": lambda: append(P["b_submission"] + "/" + P["notebook"]),
    "ajouter un fichier dans la copie de B": lambda: write(P["b_submission"] + "/pirate.txt"),
    "effacer le cahier de la copie de B": lambda: os.unlink(
        P["b_submission"] + "/" + P["notebook"]
    ),
    "renommer la copie de B": lambda: os.rename(P["b_submission"], P["inbound"] + "/volee"),
    "effacer la copie de B": lambda: shutil.rmtree(P["b_submission"]),
    "lister le dossier personnel de B": lambda: os.listdir(P["b_home"]),
    "lire le devoir récupéré par B": lambda: read(P["b_fetched"]),
    "modifier le devoir récupéré par B": lambda: append(P["b_fetched"]),
    "effacer le devoir récupéré par B": lambda: os.unlink(P["b_fetched"]),
    "écrire dans le dossier de B": lambda: write(P["b_home"] + "/pirate.txt"),
    "lire le cache nbgrader de B": lambda: os.listdir(P["b_cache"]),
    "remplacer le devoir publié": lambda: append(P["released"]),
    "renommer le dossier du cours dans l'échange": lambda: os.rename(
        P["course_exchange"], P["course_exchange"] + "-x"
    ),
    "lister source/ de l'enseignant": lambda: os.listdir(P["source"]),
    "lire le sujet corrigé de l'enseignant": lambda: read(P["source_notebook"]),
    "lire le carnet de notes": lambda: read(P["gradebook"]),
}
if "feedback_dir" in P:
    attacks.update({
        "lister feedback/": lambda: os.listdir(P["feedback_dir"]),
        "modifier le retour publié de B": lambda: append(P["b_feedback"]),
        "effacer le retour publié de B": lambda: os.unlink(P["b_feedback"]),
        "lire le retour récupéré par B": lambda: read(P["b_fetched_feedback"]),
    })
result = {"allowed": {}, "attacks": {}}
for group, table in (("allowed", allowed), ("attacks", attacks)):
    for name, action in table.items():
        try:
            action()
            result[group][name] = "réussi"
        except OSError as error:
            result[group][name] = f"refusé ({type(error).__name__})"
print(json.dumps(result, ensure_ascii=False))
'''


def _unix_tools_missing() -> str | None:
    if os.geteuid() != 0:
        return "creating real Unix accounts needs root (CI runs as root)"
    for tool in ("useradd", "userdel", "runuser"):
        if shutil.which(tool) is None:
            return f"{tool} not found"
    return missing_tools()


def _run(*command: str, user: str | None = None, env=None, cwd=None, timeout=900) -> str:
    if user is not None:
        command = ("runuser", "-u", user, "--", *command)
    done = subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} ({done.returncode}):\n{done.stdout}{done.stderr}"
        )
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def base() -> Iterator[tuple[Path, str]]:
    reason = _unix_tools_missing()
    if reason:
        pytest.skip(reason)
    # pytest's tmp folders are 0700 (root only): the students' servers must reach theirs.
    root = Path(tempfile.mkdtemp(prefix="iasante-isolation-", dir="/tmp"))
    os.chmod(root, 0o755)
    (root / "homes").mkdir(mode=0o755)
    created: list[str] = []
    try:
        for name in (PROF, ALICE, BRUNO) + ((SHARED,) if SHARED_UID else ()):
            # Debian's useradd default (HOME_MODE unset): a 0755 home; the hub's
            # pre_spawn_hook (deploy/jupyterhub_config.py) must close it.
            _run(
                "useradd",
                "--create-home",
                "--home-dir",
                str(root / "homes" / name),
                "--shell",
                "/bin/bash",
                "--user-group",
                name,
            )
            created.append(name)
        if SHARED_UID:
            for student in (ALICE, BRUNO):
                _run("chown", "-R", f"{SHARED}:{SHARED}", str(root / "homes" / student))
        # The students' and instructor's processes need a Python they may execute.
        yield root, shared_python(root / "python", PROF)
    finally:
        for name in created:
            subprocess.run(["userdel", name], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def hub(base: tuple[Path, str]) -> Iterator[Hub]:
    root, python = base
    with running_hub(
        root,
        [PROF],
        [ALICE, BRUNO],
        unix_users=True,
        shared_account=SHARED if SHARED_UID else None,
        exchange_mode=0o1777,
        server_python=python,
    ) as running:
        try:
            yield running
        finally:  # the base folder is removed: keep the hub's log for a failed run
            if running.log_path and running.log_path.is_file():
                keep = REPO / "artifacts" / "hub-isolation.log"
                keep.parent.mkdir(exist_ok=True)
                shutil.copyfile(running.log_path, keep)


def _attack(hub: Hub, paths: dict[str, str]) -> dict[str, dict[str, str]]:
    script = hub.base / "attaque.py"
    script.write_text(ATTACK, encoding="utf-8")
    os.chmod(script, 0o644)
    out = _run(
        hub.server_python or sys.executable, str(script), json.dumps(paths), user=ATTACKER, cwd="/"
    )
    return json.loads(out.strip().splitlines()[-1])


def _check(report: dict[str, dict[str, str]]) -> None:
    print(json.dumps(report, ensure_ascii=False, indent=1))
    assert all(v == "réussi" for v in report["allowed"].values()), report["allowed"]
    succeeded = [name for name, v in report["attacks"].items() if v == "réussi"]
    assert not succeeded, f"student A succeeded in: {succeeded}"


def test_hub_pages_speak_french(hub: Hub) -> None:
    """deploy/templates/ through c.JupyterHub.template_paths (deploy/jupyterhub_config.py)."""
    login = request("GET", f"{hub.url}/hub/login")
    assert login.status == 200, login.status
    for french in ("Connexion", "Identifiant :", "Mot de passe :", 'value="Se connecter"'):
        assert french in login.text, french
    assert "Sign in" not in login.text
    missing = request("GET", f"{hub.url}/hub/cette-page-n-existe-pas")
    assert missing.status == 404 and "Page introuvable" in missing.text, missing.text[:300]


def test_students_cannot_reach_each_other(hub: Hub) -> None:
    course = hub.home(PROF)
    copy_release_course(REPO, course)
    _run("chown", "-R", f"{PROF}:{PROF}", str(course))
    hub.spawn(PROF, ALICE, BRUNO)
    for user in (PROF, ALICE, BRUNO):  # the hub's pre_spawn_hook closed the 0755 homes
        assert stat.S_IMODE(hub.home(user).stat().st_mode) == 0o700, user
    tokens = {user: hub.user_token(user) for user in (PROF, ALICE, BRUNO)}

    # The instructor's terminal: same nbgrader config and hub identity as their server.
    env = instructor_env(hub.exchange, course)
    env.update(
        JUPYTER_CONFIG_PATH=str(hub.base / "etc-jupyter"),
        JUPYTERHUB_USER=PROF,
        JUPYTERHUB_API_TOKEN=tokens[PROF],
        JUPYTERHUB_API_URL=hub.api,
    )
    if hub.server_python:  # nbgrader runs `alembic` from PATH
        env["PATH"] = f"{Path(hub.server_python).parent}{os.pathsep}{env['PATH']}"

    def instructor(*args: str) -> str:
        python = hub.server_python or sys.executable
        return _run(python, "-m", "nbgrader", *args, user=PROF, env=env, cwd=course)

    instructor("generate_assignment", ASSIGNMENT, "--force")
    instructor("release_assignment", ASSIGNMENT, "--force")
    exchange_course = hub.exchange / COURSE_ID
    inbound = exchange_course / "inbound"
    assert stat.S_IMODE(inbound.stat().st_mode) == 0o3733, oct(inbound.stat().st_mode)

    for user in (ALICE, BRUNO):
        server_post(hub, user, tokens[user], "fetch")
        server_post(hub, user, tokens[user], "submit")
    submissions = {p.name.split("+")[0]: p for p in inbound.iterdir()}
    assert set(submissions) == {ALICE, BRUNO}, sorted(submissions)
    expected_owner = SHARED if SHARED_UID else BRUNO
    assert pwd.getpwuid(submissions[BRUNO].stat().st_uid).pw_name == expected_owner

    b_home = hub.home(BRUNO)
    paths = {
        "b": BRUNO,
        "notebook": NOTEBOOK,
        "inbound": str(inbound),
        "b_submission": str(submissions[BRUNO]),  # worst case: A learnt the exact name
        "own_notebook": str(submissions[ALICE] / NOTEBOOK),
        "released": str(exchange_course / "outbound" / ASSIGNMENT / NOTEBOOK),
        "course_exchange": str(exchange_course),
        "b_home": str(b_home),
        "b_fetched": str(b_home / COURSE_ID / ASSIGNMENT / NOTEBOOK),
        "b_cache": str(b_home / ".local" / "share" / "jupyter" / "nbgrader_cache"),
        "source": str(course / "source"),
        "source_notebook": str(course / "source" / ASSIGNMENT / NOTEBOOK),
        "gradebook": str(course / "gradebook.db"),
    }
    for key in ("b_fetched", "b_cache", "source_notebook", "gradebook"):
        assert Path(paths[key]).exists(), f"test set-up: {paths[key]} missing"
    _check(_attack(hub, paths))

    # A forged copy *named* after B (inbound/ accepts any new folder, by design): collect
    # must keep B's own, later-stamped forgery or not.
    forged = inbound / f"{BRUNO}+{ASSIGNMENT}+2099-01-01 00:00:00.000000 UTC+usurpation"
    _run("mkdir", str(forged), user=ATTACKER)
    _run("cp", paths["own_notebook"], str(forged / NOTEBOOK), user=ATTACKER)
    _run(
        "sh",
        "-c",
        f"echo '2099-01-01 00:00:00.000000 UTC' > '{forged}/timestamp.txt'",
        user=ATTACKER,
    )
    log = instructor("collect", ASSIGNMENT)
    assert "ignorée" in log, log
    real_stamp = (submissions[BRUNO] / "timestamp.txt").read_text()
    collected = course / "submitted" / BRUNO / ASSIGNMENT
    assert (collected / "timestamp.txt").read_text() == real_stamp
    assert (course / "submitted" / ALICE / ASSIGNMENT / NOTEBOOK).is_file()

    instructor("autograde", ASSIGNMENT, "--force")
    # HTML rendering as root: the system Python 3.11.2 of the bridge interpreter
    # (tests/hub/unixpython.py) cannot compile soupsieve's selectors; files then given
    # back to the instructor, as if they had run it.
    _run(
        sys.executable,
        "-m",
        "nbgrader",
        "generate_feedback",
        ASSIGNMENT,
        "--force",
        env={**env, "HOME": str(course)},
        cwd=course,
    )
    _run("chown", "-R", f"{PROF}:{PROF}", str(course))
    instructor("release_feedback", ASSIGNMENT)
    for user in (ALICE, BRUNO):
        server_post(hub, user, tokens[user], "fetch_feedback")
    b_feedback_fetched = sorted((b_home / COURSE_ID / ASSIGNMENT / "feedback").glob("*/*.html"))
    assert len(b_feedback_fetched) == 1, b_feedback_fetched
    # nbgrader names a released feedback after a hash of the submission's secret
    secret = (submissions[BRUNO] / "submission_secret.txt").read_text()
    b_feedback = (
        exchange_course
        / "feedback"
        / f"{notebook_hash(secret=secret, notebook_id=ASSIGNMENT)}.html"
    )
    assert b_feedback.is_file()
    paths.update(
        feedback_dir=str(exchange_course / "feedback"),
        b_feedback=str(b_feedback),
        b_fetched_feedback=str(b_feedback_fetched[0]),
    )
    report = _attack(hub, paths)
    _check(report)
    assert len(report["attacks"]) == 25
