"""A hostile class: every submission attacks the grader; the sandbox must hold.

Each hostile copy is a *correct* submission with one attack cell inserted after the first
answer. The attack prints ``ATTAQUE-REUSSIE`` if it got through and ``ATTAQUE-BLOQUEE``
if it was refused. For each attack: it fails inside the kernel, the honest students of the
same run keep their exact scores, the gradebook is intact, nothing is left outside the
working directory or running after the run, and the status says what was tried.

``test_attacks_succeed_without_sandbox`` runs part of the same class with the sandbox off:
the attacks then succeed, so these tests can fail.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import sys
import threading
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from iasante.grading.course import load_config
from iasante.grading.kernel import sandbox
from iasante.grading.products import simulate
from iasante.grading.run.options import GradingError
from iasante.grading.run.pipeline import grade_assignment
from iasante.grading.status import Status

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "grading"
ASSIGNMENT = "ps1"
FAST = {
    "cell_timeout": 3,
    "notebook_timeout": 15,
    "memory_mb": 512,
    "progress": False,
    "preload": [],
}

pytestmark = [
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="le bac à sable n'existe que sous Linux"
    ),
    pytest.mark.slow,  # grades hostile copies through kernels
]

PROBE = sandbox.probe() if sys.platform.startswith("linux") else {}
needs_landlock = pytest.mark.skipif(not PROBE.get("landlock"), reason="Landlock indisponible")
needs_netns = pytest.mark.skipif(
    not PROBE.get("netns"), reason="espace de noms réseau indisponible"
)
needs_full = pytest.mark.skipif(
    bool(sandbox.missing(PROBE)), reason=f"protections indisponibles : {sandbox.missing(PROBE)}"
)

WRAP = """import os, sys, time
try:
{body}
    print("ATTAQUE-REUSSIE")
except BaseException as exc:
    print("ATTAQUE-BLOQUEE", type(exc).__name__, str(exc)[:80])
"""

#: attack -> code (formatted with the paths of the run)
ATTACKS = {
    "lire_source": "print(open({src!r}).read()[:3000])",
    "lire_release": "print(open({rel!r}).read()[:3000])",
    "lister_cours": "print(os.listdir({course!r}))",
    "autre_etudiant": "print(os.listdir({submitted!r}))",
    "carnet_lecture": (
        "import sqlite3\nprint(sqlite3.connect({db!r}).execute('select * from grade').fetchall())"
    ),
    "carnet_ecriture": (
        "import sqlite3\nc = sqlite3.connect({db!r})\n"
        'c.execute("update grade set manual_score = 99, extra_credit = 20 '
        "where notebook_id in (select n.id from submitted_notebook n join "
        "submitted_assignment a on n.assignment_id = a.id where "
        "a.student_id = 'pirate_carnet_ecriture')\")\n"
        "c.commit()"
    ),
    "carnet_fichier": "open({db!r}, 'r+b').write(b'pirate')",
    "ecrire_home": "open({home_target!r}, 'w').write('pirate')",
    "ecrire_tmp": "open({tmp_target!r}, 'w').write('pirate')",
    "ecrire_cours": "open({course_target!r}, 'w').write('pirate')",
    "tcp_local": (
        "import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
        "s.sendall(b'secret')"
    ),
    "udp_local": (
        "import socket\nu = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "u.sendto(b'secret', ('127.0.0.1', {udp_port}))"
    ),
    # the template's Unix socket is on the stack of the forked kernel: ask it for an
    # unconfined kernel
    "gabarit": (
        "import socket\nf = sys._getframe()\npath = None\n"
        "while f is not None:\n"
        "    path = f.f_locals.get('socket_path') or path\n"
        "    f = f.f_back\n"
        "assert path, 'pas de socket trouve'\n"
        "z = socket.socket(socket.AF_UNIX)\nz.connect(path)\n"
        'z.sendall(b\'{{"op": "stop"}}\\n\')'
    ),
    "signal_parent": "os.kill(os.getppid(), 9)",
    "bombe": (
        "n = 0\nfor i in range(300):\n    if os.fork() == 0:\n"
        "        time.sleep(60)\n        os._exit(0)\n    n += 1\nprint(n, 'processus')"
    ),
    "orphelin": (
        "import subprocess\nsubprocess.Popen(['sleep', '300', {marker!r}])\n"
        "raise PermissionError('processus lancé : doit être tué après la copie')"
    ),
    "orphelin_session": (
        "import subprocess\nsubprocess.Popen(['sleep', '300', {marker!r}], start_new_session=True)"
    ),
    "memoire": "x = bytearray(2 * 2**30)",
    "gros_fichier": "open('gros.bin', 'wb').write(b'0' * 100 * 2**20)",
    "sortie": "for i in range(100):\n    sys.stdout.write('x' * 2**20)",
    # replaces math.isclose so that a wrong `moyenne` passes the hidden test
    "alteration": (
        "import math\nmath.isclose = lambda *a, **k: True\n"
        "def moyenne(xs):\n    return 2 if xs == [1, 3] else 0\n"
        "raise PermissionError('la triche doit etre annulee')"
    ),
}
#: attacks whose cell must print ATTAQUE-BLOQUEE (the others end the kernel or loop)
EXPECTED_STATUS = {name: Status.SUSPECT for name in ATTACKS}
EXPECTED_STATUS.update(memoire=Status.GRADED, gros_fichier=Status.GRADED, sortie=Status.GRADED)
EXPECTED_KIND = {
    "lire_source": "lecture de source/",
    "lire_release": "lecture de release/",
    "lister_cours": "accès au dossier du cours",
    "autre_etudiant": "copies d'autres",
    "carnet_lecture": "carnet de notes",
    "carnet_ecriture": "carnet de notes",
    "carnet_fichier": "carnet de notes",
    "ecrire_home": "écriture hors du dossier",
    "ecrire_tmp": "écriture hors du dossier",
    "ecrire_cours": "accès au dossier du cours",
    "tcp_local": "réseau",
    "udp_local": "réseau",
    "gabarit": "réseau",
    "signal_parent": "signal",
    "bombe": "processus",
    "orphelin": "processus",
    "orphelin_session": "processus",
    "alteration": "modification des vérifications",
}
#: attacks that are not refused inside the cell: the grader bounds them afterwards
NOT_REFUSED = {"sortie"}


@pytest.fixture(scope="module")
def base_course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("cours") / "cours"
    simulate.make_course(
        course, FIXTURE, ASSIGNMENT, data=False, config_file=REPO / "nbgrader_config.py"
    )
    return course


class Listener:
    """A TCP and a UDP server on 127.0.0.1 that remember whatever reaches them."""

    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.tcp.settimeout(0.2)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp.settimeout(0.2)
        self.port = self.tcp.getsockname()[1]
        self.udp_port = self.udp.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        import select

        while not self.stop.is_set():
            ready, _, _ = select.select([self.tcp, self.udp], [], [], 0.1)
            if self.tcp in ready:
                try:
                    conn, _ = self.tcp.accept()
                except OSError:
                    continue
                self.received.append(b"tcp-connexion")
                conn.settimeout(2)
                try:
                    self.received.append(b"tcp:" + conn.recv(100))
                except OSError:
                    pass
                conn.close()
            if self.udp in ready:
                try:
                    self.received.append(b"udp:" + self.udp.recv(100))
                except OSError:
                    pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.tcp.close()
        self.udp.close()


def hostile_notebook(course: Path, code: str, after: str = "carres") -> nbformat.NotebookNode:
    """A correct copy with ``code`` inserted after the answer cell ``after``."""
    source = nbformat.read(str(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), 4)
    release = nbformat.read(str(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), 4)
    nb = simulate.build_notebook(source, release, "correct")
    at = next(
        i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == after
    )
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(code))
    return nb


def lay_out_class(course: Path, attacks: list[str], paths: dict) -> dict[str, str]:
    """Write one hostile copy per attack, plus the honest and broken references."""
    students: dict[str, str] = {}
    for i, kind in enumerate(["correct", "partial", "os_exit", "unstoppable_loop"], 1):
        student = f"honnete{i:02d}" if kind in ("correct", "partial") else f"casse{i:02d}"
        simulate.write_submission(course, ASSIGNMENT, student, kind)
        students[student] = kind
    for attack in attacks:
        body = ATTACKS[attack].format(**paths)
        code = WRAP.format(body="\n".join("    " + line for line in body.splitlines()))
        dest = course / "submitted" / f"pirate_{attack}" / ASSIGNMENT
        dest.mkdir(parents=True)
        after = "moyenne" if attack == "alteration" else "carres"
        nbformat.write(hostile_notebook(course, code, after), str(dest / f"{ASSIGNMENT}.ipynb"))
        students[f"pirate_{attack}"] = attack
    return students


def run_paths(course: Path, tmp_path: Path, listener: Listener) -> dict:
    marker = f"0.{random.randrange(10**8, 10**9)}"
    return {
        "src": str(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
        "rel": str(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
        "course": str(course),
        "submitted": str(course / "submitted"),
        "db": str(course / "gradebook.db"),
        "home_target": str(Path.home() / f".iasante-pirate-{marker}"),
        "tmp_target": str(tmp_path / "pirate.txt"),
        "course_target": str(course / "pirate.txt"),
        "port": listener.port,
        "udp_port": listener.udp_port,
        "marker": marker,
    }


def cell_outputs(course: Path, student: str) -> str:
    """The outputs of the attack cell in the autograded copy (what feedback shows)."""
    path = course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    if not path.exists():
        return ""
    nb = nbformat.read(str(path), as_version=4)
    return json.dumps(
        [
            c.get("outputs", [])
            for c in nb.cells
            if c.cell_type == "code" and "ATTAQUE-REUSSIE" in c.source
        ],
        ensure_ascii=False,
    )


def processes_with(marker: str) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                cmdline = Path(entry.path, "cmdline").read_bytes()
            except OSError:
                continue
            if marker.encode() in cmdline:
                found.append(int(entry.name))
    return found


def gradebook_state(course: Path) -> dict:
    cfg = load_config(course)
    out = {}
    with Gradebook(cfg.CourseDirectory.db_url, "ia-sante") as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            for nb in sub.notebooks:
                for grade in nb.grades:
                    out[(sub.student.id, grade.name)] = (
                        grade.auto_score,
                        grade.manual_score,
                        grade.extra_credit,
                    )
    return out


def scratch_dirs() -> set[str]:
    import tempfile

    return {p.name for p in Path(tempfile.gettempdir()).glob("iask-*")}


@needs_full
def test_hostile_class(base_course, tmp_path):
    course = tmp_path / "cours"
    shutil.copytree(base_course, course)
    listener = Listener()
    before = scratch_dirs()
    try:
        paths = run_paths(course, tmp_path, listener)
        students = lay_out_class(course, list(ATTACKS), paths)
        run = grade_assignment(course, ASSIGNMENT, workers=2, require_sandbox=True, **FAST)
    finally:
        listener.close()
    results = run.results
    summary = run.summary()

    # honest students keep their exact scores, with no suspicion
    assert results["honnete01"].score == 4.0 and results["honnete01"].status is Status.GRADED
    assert results["honnete02"].score == 3.0 and results["honnete02"].status is Status.GRADED
    assert not results["honnete01"].attempts and not results["honnete02"].attempts
    assert results["casse03"].status is Status.KERNEL_DIED
    assert results["casse04"].status is Status.TIMED_OUT

    failures = []
    for student, attack in students.items():
        if not student.startswith("pirate_"):
            continue
        res = results[student]
        out = cell_outputs(course, student)
        if res.status is not EXPECTED_STATUS[attack]:
            failures.append(f"{attack}: statut {res.status.value} ({res.detail})")
        if attack not in NOT_REFUSED and "ATTAQUE-BLOQUEE" not in out:
            failures.append(f"{attack}: pas bloquée ({out[:300]})")
        if "ATTAQUE-REUSSIE" in out and attack not in NOT_REFUSED:
            failures.append(f"{attack}: réussie")
        if attack in EXPECTED_KIND and not any(EXPECTED_KIND[attack] in a for a in res.attempts):
            failures.append(f"{attack}: tentative non signalée ({res.attempts})")
        # nothing of the instructor's material reaches the copy (and its feedback)
        if "BEGIN HIDDEN TESTS" in out or "cas_cache" in out or "BEGIN SOLUTION" in out:
            failures.append(f"{attack}: solution ou test caché dans la copie")
    assert not failures, "\n".join(failures)

    # 100 MB of output: graded; what reaches the notebook is bounded (nbgrader's LimitOutput
    # and the kernel's output buffering: ~8 MB measured here)
    sortie = course / "autograded" / "pirate_sortie" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert results["pirate_sortie"].score == 4.0 and sortie.stat().st_size < 20 * 2**20
    # correct answers still score, the cheat does not: never an automatic zero
    assert results["pirate_lire_source"].score == 4.0
    assert results["pirate_alteration"].score == 3.0  # test_moyenne judged with math.isclose
    assert "pirate_alteration" in summary and "tentatives détectées" in summary

    # the gradebook: no manual score, no extra credit, nobody else's grade touched
    for (student, cell), (_auto, manual, extra) in gradebook_state(course).items():
        assert manual is None and not extra, (student, cell, manual, extra)
    # nothing written outside the working directories, nothing received, nothing running
    assert not Path(paths["home_target"]).exists()
    assert not Path(paths["tmp_target"]).exists()
    assert not Path(paths["course_target"]).exists()
    assert listener.received == []
    assert processes_with(paths["marker"]) == []
    assert scratch_dirs() <= before
    assert (
        not (course / "autograded" / "pirate_gros_fichier" / ASSIGNMENT / "gros.bin").exists()
        or (course / "autograded" / "pirate_gros_fichier" / ASSIGNMENT / "gros.bin").stat().st_size
        <= 64 * 2**20
    )
    assert run.sandbox and not sandbox.missing(run.sandbox)
    assert "Landlock ABI" in summary


ORDINARY_ATTACKS = [
    "lire_source",
    "carnet_ecriture",
    "ecrire_tmp",
    "tcp_local",
    "udp_local",
    "orphelin",
    "bombe",
    "alteration",
]


@needs_full
def test_hostile_class_with_ordinary_kernels(base_course, tmp_path):
    """The fallback without fork (``python -m iasante.grading.kernel.sandbox ... -- python -m
    ipykernel_launcher``) is confined the same way."""
    course = tmp_path / "cours"
    shutil.copytree(base_course, course)
    listener = Listener()
    try:
        paths = run_paths(course, tmp_path, listener)
        lay_out_class(course, ORDINARY_ATTACKS, paths)
        students = ["honnete01", *(f"pirate_{a}" for a in ORDINARY_ATTACKS)]
        run = grade_assignment(
            course,
            ASSIGNMENT,
            workers=2,
            fork=False,
            students=students,
            require_sandbox=True,
            **FAST,
        )
    finally:
        listener.close()
    assert run.kernel_mode == "standard"
    assert run.results["honnete01"].score == 4.0
    assert run.results["honnete01"].status is Status.GRADED
    for attack in ORDINARY_ATTACKS:
        res = run.results[f"pirate_{attack}"]
        out = cell_outputs(course, f"pirate_{attack}")
        assert res.status is Status.SUSPECT, (attack, res)
        assert "ATTAQUE-BLOQUEE" in out and "ATTAQUE-REUSSIE" not in out, (attack, out[:300])
        assert any(EXPECTED_KIND[attack] in a for a in res.attempts), (attack, res.attempts)
    assert run.results["pirate_alteration"].score == 3.0
    for (student, cell), (_auto, manual, extra) in gradebook_state(course).items():
        assert manual is None and not extra, (student, cell)
    # the exports carry the status and what was tried
    from iasante.grading.products.exports import export_grades

    export_grades(course, ASSIGNMENT, tmp_path / "exports", allow_pending=True)
    exported = (tmp_path / "exports").glob("*.csv")
    text = "\n".join(p.read_text(encoding="utf-8") for p in exported)
    assert "pirate_lire_source,suspect," in text and "lecture de source/" in text
    assert not Path(paths["tmp_target"]).exists()
    assert listener.received == []
    assert processes_with(paths["marker"]) == []


SAFE_ATTACKS = ["lire_source", "carnet_ecriture", "ecrire_tmp", "tcp_local", "alteration"]


def test_attacks_succeed_without_sandbox(base_course, tmp_path):
    """The same attacks, sandbox off: they get through (so the hostile test can fail)."""
    course = tmp_path / "cours"
    shutil.copytree(base_course, course)
    listener = Listener()
    try:
        paths = run_paths(course, tmp_path, listener)
        lay_out_class(course, SAFE_ATTACKS, paths)
        run = grade_assignment(
            course,
            ASSIGNMENT,
            workers=2,
            sandbox=False,
            students=[f"pirate_{a}" for a in SAFE_ATTACKS],
            **FAST,
        )
    finally:
        listener.close()
    for attack in SAFE_ATTACKS:
        if attack != "alteration":
            assert "ATTAQUE-REUSSIE" in cell_outputs(course, f"pirate_{attack}"), attack
    assert "BEGIN HIDDEN TESTS" in cell_outputs(course, "pirate_lire_source")
    assert Path(paths["tmp_target"]).exists()
    assert b"tcp-connexion" in listener.received
    # the cheat gets the hidden test's point unseen, and the manual score sticks
    assert run.results["pirate_alteration"].score == 4.0
    assert run.results["pirate_alteration"].status is Status.GRADED
    assert {
        manual
        for (student, _c), (_a, manual, _e) in gradebook_state(course).items()
        if student == "pirate_carnet_ecriture"
    } == {99}
    assert "désactivé" in run.summary()


def test_require_sandbox_refuses_when_a_protection_is_missing(base_course, tmp_path, monkeypatch):
    course = tmp_path / "cours"
    shutil.copytree(base_course, course)
    simulate.simulate_class(course, ASSIGNMENT, ["correct"])
    monkeypatch.setattr(sandbox, "probe", lambda: {**PROBE, "netns": False})
    with pytest.raises(GradingError, match="--require-sandbox.*espace de noms réseau"):
        grade_assignment(course, ASSIGNMENT, require_sandbox=True, **FAST)


# -- the mechanisms one by one, in a forked child (also as an unprivileged user) -------------


def _in_confined_child(policy: sandbox.Policy, code, uid: int | None = None) -> dict:
    """Run ``code()`` in a forked child after ``sandbox.apply(policy)``; its return value
    (JSON) comes back through a pipe."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            if uid is not None:
                os.setgroups([])
                os.setresgid(uid, uid, uid)
                os.setresuid(uid, uid, uid)
            result = {"report": sandbox.apply(policy)}
            result.update(code())
            os.write(write, json.dumps(result).encode())
        except BaseException as exc:  # noqa: BLE001
            os.write(write, json.dumps({"crash": repr(exc)}).encode())
        os._exit(0)
    os.close(write)
    data = b""
    while chunk := os.read(read, 65536):
        data += chunk
    os.close(read)
    os.waitpid(pid, 0)
    result = json.loads(data)
    sandbox.remove_cgroup(result.get("report", {}).get("cgroup"))
    return result


def _attempts(secret: Path, outside_dir: Path) -> dict:
    def attempt(fn) -> str:
        try:
            fn()
        except OSError as exc:
            return type(exc).__name__
        return "ok"

    return {
        "read_secret": attempt(lambda: secret.read_text()),
        "write_outside": attempt(lambda: (outside_dir / "x.txt").write_text("x")),
        "inet_socket": attempt(lambda: socket.create_connection(("127.0.0.1", 9), timeout=1)),
        "udp": attempt(
            lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("10.0.0.1", 53))
        ),
        "netlink_packet": attempt(lambda: socket.socket(17, socket.SOCK_RAW)),  # AF_PACKET
        "setsid": attempt(os.setsid),
    }


@pytest.mark.parametrize("unprivileged", [False, True], ids=["courant", "non_privilegie"])
def test_each_mechanism(tmp_path, unprivileged):
    uid = None
    if unprivileged:
        if os.geteuid() != 0:
            uid = None  # already unprivileged: this is the same test as the other one
        else:
            uid = 65534  # nobody
    work = tmp_path / "copie"
    scratch = tmp_path / "scratch"
    outside = tmp_path / "ailleurs"
    for d in (work, scratch, outside):
        d.mkdir()
    secret = outside / "source.ipynb"
    secret.write_text("solution")
    os.chmod(tmp_path, 0o755)
    for d in (work, scratch, outside):
        os.chmod(d, 0o777)
    os.chmod(secret, 0o644)
    policy = sandbox.Policy(
        read_only=[], read_write=[str(work), str(scratch)], scratch=str(scratch)
    )
    result = _in_confined_child(policy, lambda: _attempts(secret, outside), uid)
    assert "crash" not in result, result
    report = result["report"]
    if report["landlock"]:
        assert result["read_secret"] == "PermissionError"
        assert result["write_outside"] == "PermissionError"
    else:
        pytest.skip("Landlock indisponible : lecture et écriture hors du dossier possibles")
    assert result["inet_socket"] != "ok"
    assert result["netlink_packet"] != "ok"
    if report["seccomp"]:
        assert result["setsid"] == "PermissionError"
    if report["netns"] or report["seccomp"]:
        assert result["udp"] != "ok"
    if unprivileged and uid is not None:
        # what an instructor without root gets (user namespaces permitting)
        assert report["userns"] == PROBE.get("userns")


def test_cli_reports_the_protections_first(base_course, tmp_path, capsys):
    from iasante.grading import cli

    course = tmp_path / "cours"
    shutil.copytree(base_course, course)
    simulate.simulate_class(course, ASSIGNMENT, ["correct"])
    code = cli.main(
        [
            "grade",
            ASSIGNMENT,
            "--course",
            str(course),
            "-q",
            "--cell-timeout",
            "3",
            "--notebook-timeout",
            "15",
            "--memory",
            "512",
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith("Bac à sable des noyaux : ")
    if PROBE.get("landlock"):
        assert "Landlock ABI" in out[0]


def test_a_kernel_that_cannot_be_confined_says_why():
    from iasante.grading.run.protections import sandbox_failure

    records = [{"kind": "sandbox", "what": "refus", "error": "sandbox incomplete: netns"}]
    assert sandbox_failure(records) == "sandbox incomplete: netns"
    assert sandbox_failure([{"kind": "sandbox", "what": "rapport", "report": {}}]) == ""


def test_a_flooded_or_garbled_journal_is_itself_evidence():
    from iasante.grading.kernel import guard

    for payload in (
        b'{"kind": "sandbox", "what": "rapport"}\nn importe quoi\n',
        b'{"kind": "x"}\n' * 5000,
    ):
        read, write = os.pipe()
        os.write(write, payload[:60000])
        os.close(write)
        records = guard.read_records(read)
        assert records[-1]["kind"] == "alteration", payload[:40]
    read, write = os.pipe()
    os.write(write, b'{"kind": "sandbox", "what": "rapport"}\n')
    os.close(write)
    assert [r["kind"] for r in guard.read_records(read)] == ["sandbox"]
