"""Capacity of one hub node: N simulated students working through a lesson at the same time.

Usage (from the repository root, after ``make hub-deps``)::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_hub_capacity.py [--levels 10 20 30]
        [--lesson m00_prise_en_main] [--think 2] [--max-minutes 25]

It starts the local test hub of tests/hub/hubrun.py (deploy/jupyterhub_config.py plus the
tests' overrides: 127.0.0.1 only, random ports, SimpleLocalProcessSpawner) and, level by
level, brings the number of students up to N: the new ones' servers are spawned together
(a class arriving), then **every** student of the level, in parallel, does what a learner
does: loads the JupyterLab page of the lesson and the notebook, starts a kernel, and runs
the notebook's code cells one by one through the kernel's websocket (the API JupyterLab
uses), with a think time between cells. Kernels stay up until the level is measured.

Recorded per level: resident memory (RSS and PSS) of each single-user server and each
kernel, CPU of the hub and the proxy and of everything the students run, p50/p95 latency
of a cell execution, of a page load and of a kernel start, spawn times, errors and
timeouts, and the load average before and during (the machine may be shared: the load
that is not ours shows there). The hub stops at the end, or after ``--max-minutes``, and
nothing it started survives (hubrun's marker). Output: ``benchmarks/results/hub_capacity.md``
and ``.json``. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
CELL_TIMEOUT = 120.0  # a cell slower than this counts as a timeout (the break point)
PAGE_TIMEOUT = 60.0
CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


# -- pure parts (tested by tests/test_bench_hub_capacity.py) -------------------------------


def percentile(values: Iterable[float], q: float) -> float | None:
    """The q-th percentile (0-100) by linear interpolation between closest ranks (numpy's
    default), None for no value."""
    data = sorted(values)
    if not data:
        return None
    rank = (len(data) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return data[low] + (data[high] - data[low]) * (rank - low)


def summary(values: list[float]) -> dict[str, float | int | None]:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": max(values) if values else None,
    }


def _fmt(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


COLUMNS = [
    ("students", "Étudiants actifs"),
    ("spawn_p50", "Démarrage serveur p50 (s)"),
    ("spawn_p95", "Démarrage serveur p95 (s)"),
    ("page_p50", "Chargement page p50 (s)"),
    ("page_p95", "Chargement page p95 (s)"),
    ("kernel_p95", "Démarrage noyau p95 (s)"),
    ("cell_p50", "Cellule p50 (s)"),
    ("cell_p95", "Cellule p95 (s)"),
    ("server_mib", "Serveur RSS (Mio)"),
    ("kernel_mib", "Noyau RSS (Mio)"),
    ("student_pss_mib", "PSS / étudiant (Mio)"),
    ("hub_cpu", "CPU hub (%)"),
    ("proxy_cpu", "CPU proxy (%)"),
    ("users_cpu", "CPU étudiants (cœurs)"),
    ("load", "Charge moy. avant → pendant"),
    ("errors", "Erreurs / délais dépassés"),
]


def table_row(level: dict[str, Any]) -> dict[str, str]:
    """The Markdown cells of one level's results."""
    lat = level["latency"]
    mem = level["memory"]
    cpu = level["cpu"]
    load = level["load"]
    return {
        "students": str(level["students"]),
        "spawn_p50": _fmt(lat["spawn"]["p50"], 1),
        "spawn_p95": _fmt(lat["spawn"]["p95"], 1),
        "page_p50": _fmt(lat["page"]["p50"]),
        "page_p95": _fmt(lat["page"]["p95"]),
        "kernel_p95": _fmt(lat["kernel_start"]["p95"], 1),
        "cell_p50": _fmt(lat["cell"]["p50"]),
        "cell_p95": _fmt(lat["cell"]["p95"]),
        "server_mib": _fmt(mem["server_rss_mib"]["p50"], 0),
        "kernel_mib": _fmt(mem["kernel_rss_mib"]["p50"], 0),
        "student_pss_mib": _fmt(mem["student_pss_mib"], 0),
        "hub_cpu": _fmt(cpu["hub_percent"], 1),
        "proxy_cpu": _fmt(cpu["proxy_percent"], 1),
        "users_cpu": _fmt(cpu["users_cores"]),
        "load": f"{_fmt(load['before'])} → {_fmt(load['during_mean'])}"
        f" (max {_fmt(load['during_max'])})",
        "errors": f"{level['errors']['count']} / {level['errors']['timeouts']}",
    }


def markdown_table(levels: list[dict[str, Any]]) -> str:
    header = "| " + " | ".join(title for _, title in COLUMNS) + " |"
    rule = "|" + "|".join("---:" for _ in COLUMNS) + "|"
    rows = []
    for level in levels:
        cells = table_row(level)
        rows.append("| " + " | ".join(cells[key] for key, _ in COLUMNS) + " |")
    return "\n".join([header, rule, *rows])


#: a learner's tempo in a lesson: reading, thinking, typing -- one cell every 30 s
LEARNER_CELLS_PER_MINUTE = 2.0


def sizing(
    levels: list[dict[str, Any]],
    cores: int,
    mem_gib: float,
    cells_per_minute: float = LEARNER_CELLS_PER_MINUTE,
) -> dict[str, Any]:
    """Students per node, from the largest level that ran without errors.

    Memory: PSS of a student's server and kernel, x1.5 for the heavier modules (scikit-learn)
    and peaks, 80 % of the node's memory. CPU: the CPU one executed cell costs (measured at
    the benchmark's fast tempo), at a learner's tempo (``cells_per_minute``), 70 % of the
    node's cores. The benchmark's own tempo (a cell every ~2 s) is the worst case: everyone
    pressing « run all » together."""
    clean = [lv for lv in levels if lv["errors"]["count"] == 0] or levels
    ref = max(clean, key=lambda lv: lv["students"])
    mem_mib = ref["memory"]["student_pss_mib"] or 0.0
    per_cell = ref["cpu"].get("users_cpu_s_per_cell") or 0.0
    per_student = per_cell * cells_per_minute / 60
    by_mem = math.floor(mem_gib * 1024 * 0.8 / (mem_mib * 1.5) + 1e-9) if mem_mib else None
    by_cpu = math.floor(cores * 0.7 / per_student + 1e-9) if per_student else None
    limits = [n for n in (by_mem, by_cpu) if n is not None]
    return {
        "reference_level": ref["students"],
        "memory_per_student_mib": mem_mib,
        "cpu_s_per_cell": per_cell,
        "cells_per_minute": cells_per_minute,
        "cores_per_active_student": per_student,
        "cores_per_student_at_bench_tempo": ref["cpu"]["users_cores"] / ref["students"],
        "students_by_memory": by_mem,
        "students_by_cpu": by_cpu,
        "students": min(limits) if limits else None,
    }


# -- measuring processes -----------------------------------------------------------------


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def cpu_seconds(pid: int) -> float:
    stat = _read(Path(f"/proc/{pid}/stat"))
    if not stat:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB; PSS shares the libraries' pages among the processes using them."""
    rss = pss = 0
    for line in _read(Path(f"/proc/{pid}/smaps_rollup")).splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1])
        elif line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss, pss


def cmdline(pid: int) -> str:
    return _read(Path(f"/proc/{pid}/cmdline")).replace("\0", " ")


def classify(pids: Iterable[int]) -> dict[str, list[int]]:
    kinds: dict[str, list[int]] = {"server": [], "kernel": [], "other": []}
    for pid in pids:
        line = cmdline(pid)
        if "jupyterhub-singleuser" in line:
            kinds["server"].append(pid)
        elif "ipykernel" in line:
            kinds["kernel"].append(pid)
        else:
            kinds["other"].append(pid)
    return kinds


class LoadSampler:
    """/proc/loadavg (1 min) every few seconds, in a thread."""

    def __init__(self, every: float = 3.0):
        self.every = every
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.time(), os.getloadavg()[0]))
            self._stop.wait(self.every)

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def between(self, start: float, end: float) -> list[float]:
        return [v for t, v in self.samples if start <= t <= end]


def machine() -> dict[str, Any]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read(Path("/proc/cpuinfo")).splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kib = next(
        (
            int(line.split()[1])
            for line in _read(Path("/proc/meminfo")).splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 2**20, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


# -- one simulated student -----------------------------------------------------------------


@dataclass
class Student:
    name: str
    token: str = ""
    spawn: float | None = None
    pages: list[float] = field(default_factory=list)
    kernel_starts: list[float] = field(default_factory=list)
    cells: list[float] = field(default_factory=list)
    cell_errors: int = 0  # the lesson's deliberate errors (NameError...): not hub failures
    errors: list[str] = field(default_factory=list)
    timeouts: int = 0


def _execute_request(code: str, session: str) -> tuple[str, str]:
    msg_id = uuid.uuid4().hex
    message = {
        "header": {
            "msg_id": msg_id,
            "username": "etudiant",
            "session": session,
            "msg_type": "execute_request",
            "version": "5.3",
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        },
        "parent_header": {},
        "metadata": {},
        "content": {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": False,
        },
        "channel": "shell",
        "buffers": [],
    }
    return msg_id, json.dumps(message)


async def work_through_lesson(  # noqa: C901 -- one learner's session, step by step
    base: str, student: Student, notebook: str, cells: list[str], think: float, rng: random.Random
) -> None:
    """Page, notebook, kernel, cells with think time: what one learner's browser asks for."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    client = AsyncHTTPClient()
    headers = {"Authorization": f"token {student.token}"}
    server = f"{base}/user/{student.name}"

    async def get(url: str) -> None:
        await client.fetch(
            HTTPRequest(url, headers=headers, request_timeout=PAGE_TIMEOUT, follow_redirects=True)
        )

    try:
        start = time.perf_counter()
        await get(f"{server}/lab/tree/{notebook}")
        await get(f"{server}/api/contents/{notebook}?content=1")
        student.pages.append(time.perf_counter() - start)
        kernel_t0 = time.perf_counter()
        response = await client.fetch(
            HTTPRequest(
                f"{server}/api/sessions",
                method="POST",
                headers={**headers, "Content-Type": "application/json"},
                body=json.dumps(
                    {
                        "path": notebook,
                        "type": "notebook",
                        "name": "",
                        "kernel": {"name": "python3"},
                    }
                ),
                request_timeout=PAGE_TIMEOUT,
            )
        )
        kernel_id = json.loads(response.body)["kernel"]["id"]
        ws_url = f"{server.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels"
        ws = await websocket_connect(HTTPRequest(ws_url, headers=headers, request_timeout=60))
        session = uuid.uuid4().hex
        first = True
        for code in cells:
            msg_id, payload = _execute_request(code, session)
            start = time.perf_counter()
            await ws.write_message(payload)
            reply = idle = False
            deadline = start + CELL_TIMEOUT
            while not (reply and idle):
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError("cell")
                raw = await asyncio.wait_for(ws.read_message(), left)
                if raw is None:
                    raise ConnectionError("websocket closed")
                if not isinstance(raw, str):
                    continue
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg.get("msg_type") or msg["header"]["msg_type"]
                if kind == "execute_reply":
                    reply = True
                    if msg["content"].get("status") != "ok":
                        student.cell_errors += 1
                elif kind == "status" and msg["content"].get("execution_state") == "idle":
                    idle = True
            if first:  # the kernel is ready once its first cell has run: its start time
                student.kernel_starts.append(time.perf_counter() - kernel_t0)
                first = False
            else:
                student.cells.append(time.perf_counter() - start)
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
        ws.close()
    except TimeoutError as error:
        student.timeouts += 1
        student.errors.append(f"délai dépassé : {error}")
    except Exception as error:  # noqa: BLE001 -- every failure is a measurement
        student.errors.append(f"{type(error).__name__}: {error}"[:300])


# -- the run -------------------------------------------------------------------------------


def lesson_cells(path: Path, limit: int | None) -> list[str]:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    return cells[:limit] if limit else cells


def _spawn_all(hub: Any, names: list[str], timeout: float) -> dict[str, float | str]:
    """Start these servers together; seconds until each is ready (or the error)."""
    start = time.perf_counter()
    result: dict[str, float | str] = {}
    for name in names:
        try:
            hub.api_call("POST", f"/users/{name}/server")
        except Exception as error:  # noqa: BLE001
            result[name] = f"{type(error).__name__}: {error}"[:300]
    waiting = {n for n in names if n not in result}
    while waiting and time.perf_counter() - start < timeout:
        for name in sorted(waiting):
            try:
                model = hub.api_call("GET", f"/users/{name}")
            except Exception:  # noqa: BLE001 -- busy hub: ask again
                continue
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                result[name] = time.perf_counter() - start
                waiting.discard(name)
        time.sleep(0.5)
    for name in waiting:
        result[name] = "délai dépassé : serveur pas prêt"
    return result


def _processes(hub: Any) -> dict[str, list[int]]:
    from hub.hubrun import marked_processes

    pids = [p for p in marked_processes(hub.run_id) if p != (hub.proc.pid if hub.proc else 0)]
    return classify(pids)


def _proxy_pid(hub: Any) -> int | None:
    text = _read(hub.base / "proxy.pid").strip()
    return int(text) if text.isdigit() else None


def run_level(
    hub: Any,
    students: list[Student],
    new: list[Student],
    notebook: str,
    cells: list[str],
    think: float,
    load: LoadSampler,
    seed: int,
) -> dict[str, Any]:
    before = os.getloadavg()[0]
    start_errors = {s.name: len(s.errors) for s in students}
    spawned = _spawn_all(hub, [s.name for s in new], timeout=600)
    for s in new:
        value = spawned[s.name]
        if isinstance(value, float):
            s.spawn = value
        else:
            s.errors.append(value)
    for s in new:
        if s.spawn is not None:
            s.token = hub.user_token(s.name)
    active = [s for s in students if s.spawn is not None]
    for s in active:  # this level's measures only
        s.pages, s.kernel_starts, s.cells, s.cell_errors = [], [], [], 0
    hub_pid, proxy_pid = hub.proc.pid, _proxy_pid(hub)
    kinds = _processes(hub)
    cpu0 = {p: cpu_seconds(p) for p in kinds["server"] + kinds["other"]}
    hub0, proxy0 = cpu_seconds(hub_pid), cpu_seconds(proxy_pid) if proxy_pid else 0.0
    t0 = time.time()

    async def everyone() -> None:
        from tornado.httpclient import AsyncHTTPClient

        AsyncHTTPClient.configure(None, max_clients=max(10, 2 * len(active)))
        rngs = [random.Random(seed * 1000 + i) for i in range(len(active))]
        await asyncio.gather(
            *(
                work_through_lesson(hub.url, s, notebook, cells, think, rng)
                for s, rng in zip(active, rngs, strict=True)
            )
        )

    asyncio.run(everyone())
    t1 = time.time()
    kinds = _processes(hub)  # the kernels are up now: measure before they are shut down
    window = t1 - t0
    hub_cpu = (cpu_seconds(hub_pid) - hub0) / window * 100
    proxy_cpu = (cpu_seconds(proxy_pid) - proxy0) / window * 100 if proxy_pid else None
    # kernels started in this window: all their CPU is this level's
    users = sum(cpu_seconds(p) for p in kinds["kernel"]) + sum(
        cpu_seconds(p) - cpu0.get(p, 0.0) for p in kinds["server"]
    )
    server_mem = [memory_kib(p) for p in kinds["server"]]
    kernel_mem = [memory_kib(p) for p in kinds["kernel"]]
    pss_total = sum(m[1] for m in server_mem + kernel_mem) / 1024
    during = load.between(t0, t1)
    errors = [f"{s.name}: {e}" for s in students for e in s.errors[start_errors.get(s.name, 0) :]]
    result = {
        "students": len(students),
        "active": len(active),
        "duration_s": window,
        "latency": {
            "spawn": summary([s.spawn for s in new if s.spawn is not None]),
            "page": summary([x for s in active for x in s.pages]),
            "kernel_start": summary([x for s in active for x in s.kernel_starts]),
            "cell": summary([x for s in active for x in s.cells]),
        },
        "cells_executed": sum(len(s.cells) for s in active),
        "cells_with_error_reply": sum(s.cell_errors for s in active),
        "memory": {
            "servers": len(server_mem),
            "kernels": len(kernel_mem),
            "server_rss_mib": summary([m[0] / 1024 for m in server_mem]),
            "kernel_rss_mib": summary([m[0] / 1024 for m in kernel_mem]),
            "server_pss_mib": summary([m[1] / 1024 for m in server_mem]),
            "kernel_pss_mib": summary([m[1] / 1024 for m in kernel_mem]),
            "total_pss_mib": pss_total,
            "student_pss_mib": pss_total / len(active) if active else None,
        },
        "cpu": {
            "hub_percent": hub_cpu,
            "proxy_percent": proxy_cpu,
            "users_cores": users / window,
            # kernels' and servers' CPU per executed cell (kernel start included): the cost
            # of one learner action, whatever the tempo
            "users_cpu_s_per_cell": users / max(1, sum(len(s.cells) + 1 for s in active)),
        },
        "load": {
            "before": before,
            "during_mean": sum(during) / len(during) if during else None,
            "during_max": max(during) if during else None,
        },
        "errors": {
            "count": len(errors),
            "timeouts": sum(1 for e in errors if "délai" in e),
            "examples": errors[:10],
        },
    }
    _shutdown_kernels(hub, active)
    return result


def _shutdown_kernels(hub: Any, active: list[Student]) -> None:
    from hub.hubrun import request

    for s in active:
        try:
            sessions = request("GET", f"{hub.server_url(s.name)}/api/sessions", token=s.token)
            for session in sessions.json() if sessions.status == 200 else []:
                request(
                    "DELETE",
                    f"{hub.server_url(s.name)}/api/sessions/{session['id']}",
                    token=s.token,
                )
        except Exception:  # noqa: BLE001 -- the hub's stop ends them anyway
            pass


def prepare_homes(hub: Any, names: list[str], lesson: Path, data: list[Path]) -> str:
    """The lesson (and its data) in every student's home, as nbgitpuller would put it."""
    for name in names:
        course = hub.home(name) / "ia-sante"
        (course / "notebooks").mkdir(parents=True, exist_ok=True)
        (course / "data").mkdir(parents=True, exist_ok=True)
        shutil.copy(lesson, course / "notebooks" / lesson.name)
        for path in data:
            shutil.copy(path, course / "data" / path.name)
    return f"ia-sante/notebooks/{lesson.name}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[10, 20, 30])
    parser.add_argument("--lesson", default="m00_prise_en_main")
    parser.add_argument("--cells", type=int, default=None, help="only the first N code cells")
    parser.add_argument("--think", type=float, default=2.0, help="mean think time (s)")
    parser.add_argument("--max-minutes", type=float, default=25.0)
    parser.add_argument("--output", type=Path, default=RESULTS / "hub_capacity")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="re-derive the sizing and the table from <output>.json (no hub)",
    )
    args = parser.parse_args(argv)
    if args.report_only:
        report = json.loads(args.output.with_suffix(".json").read_text(encoding="utf-8"))
        m = report["machine"]
        report["sizing"] = sizing(report["levels"], m["cores"] or 1, m["memory_gib"])
        write_report(report, args.output)
        return 0

    sys.path.insert(0, str(REPO / "tests"))
    from hub.hubrun import missing_tools, running_hub

    reason = missing_tools()
    if reason:
        print(f"bench_hub_capacity: {reason}", file=sys.stderr)
        return 2
    lesson = REPO / "notebooks" / f"{args.lesson}.ipynb"
    cells = lesson_cells(lesson, args.cells)
    data = sorted((REPO / "data").glob(f"{args.lesson[:3]}_*.csv"))
    names = [f"etudiant{i:02d}" for i in range(1, max(args.levels) + 1)]
    students = [Student(n) for n in names]
    levels: list[dict[str, Any]] = []
    info = machine()
    info["load_before_start"] = os.getloadavg()
    started = time.time()
    print(f"machine: {info}", flush=True)

    def watchdog() -> None:  # bounded: the run stops by itself
        if not done.wait(args.max_minutes * 60):
            print("bench_hub_capacity: time limit reached, stopping the hub", file=sys.stderr)
            os.kill(os.getpid(), 2)

    done = threading.Event()
    threading.Thread(target=watchdog, daemon=True).start()
    base = Path(tempfile.mkdtemp(prefix="iasante-capacity-"))
    try:
        with LoadSampler() as load, running_hub(base, [], names) as hub:
            notebook = prepare_homes(hub, names, lesson, data)
            count = 0
            for level in sorted(args.levels):
                new = students[count:level]
                count = level
                print(f"niveau {level} étudiants : démarrage de {len(new)} serveurs", flush=True)
                result = run_level(
                    hub, students[:level], new, notebook, cells, args.think, load, args.seed
                )
                levels.append(result)
                print(markdown_table([result]).splitlines()[-1], flush=True)
                if result["errors"]["count"] > level // 2:
                    print("plus de la moitié des étudiants en erreur : arrêt", flush=True)
                    break
    except KeyboardInterrupt:
        print("bench_hub_capacity: interrupted; partial results written", file=sys.stderr)
    finally:
        done.set()
        shutil.rmtree(base, ignore_errors=True)
    info["load_after"] = os.getloadavg()
    report = {
        "machine": info,
        "lesson": args.lesson,
        "cells_per_student": len(cells),
        "think_s": args.think,
        "minutes": round((time.time() - started) / 60, 1),
        "levels": levels,
        "sizing": sizing(levels, info["cores"] or 1, info["memory_gib"]) if levels else None,
    }
    write_report(report, args.output)
    return 0


def write_report(report: dict[str, Any], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.with_suffix(".json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    m = report["machine"]
    lines = [
        "# Capacité du hub : mesure (benchmarks/bench_hub_capacity.py)",
        "",
        f"Machine : {m['cpu']}, {m['cores']} cœurs, {m['memory_gib']} Go, Linux {m['kernel']},"
        f" Python {m['python']} ; charge moyenne (1, 5, 15 min) au départ"
        f" {tuple(round(x, 2) for x in m['load_before_start'])}, à la fin"
        f" {tuple(round(x, 2) for x in m.get('load_after', (0, 0, 0)))}.",
        f"Leçon {report['lesson']} ({report['cells_per_student']} cellules de code par étudiant,"
        f" réflexion {report['think_s']} s en moyenne entre deux cellules) ;"
        f" durée totale {report['minutes']} min.",
        "",
        markdown_table(report["levels"]),
        "",
    ]
    s = report.get("sizing")
    if s:
        lines += [
            f"Référence : {s['reference_level']} étudiants ; mémoire (PSS) par étudiant actif"
            f" {s['memory_per_student_mib']:.0f} Mio ; CPU par cellule exécutée"
            f" {s['cpu_s_per_cell']:.2f} s, soit {s['cores_per_active_student']:.3f} cœur par"
            f" étudiant au rythme d'un apprenant ({s['cells_per_minute']:g} cellules/min)"
            f" et {s['cores_per_student_at_bench_tempo']:.3f} cœur au rythme du banc ;"
            f" limite par la mémoire {s['students_by_memory']}, par le CPU {s['students_by_cpu']}.",
            "",
        ]
    output.with_suffix(".md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
