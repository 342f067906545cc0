"""In-kernel evidence: what a submission tried, for the instructor to see.

Installed in a grading kernel right after the sandbox (:mod:`.sandbox`), before any student
code runs. An audit hook (PEP 578: it cannot be removed from Python code) records

* what the sandbox refuses -- opening a file outside the allowed folders (``source/``,
  ``release/``, the gradebook, other students, the home...), a non-Unix socket, a connection,
  signalling another process;
* what no sandbox stops -- replacing the checking machinery: builtins the tests rely on,
  ``numpy.testing``/``pandas.testing``, the course's exercise modules and their question
  objects, or the modules in ``sys.modules`` (compared with a snapshot taken before the
  student's first cell, at each cell the kernel executes), adding an audit hook, poking memory
  with ``ctypes``;
* starting processes (a fork bomb, an orphan).

Each record is one JSON line written to a pipe whose other end the grading worker reads when
the kernel is gone: a student can add lines (only against themself) but not remove one.
Records are deduplicated and capped (:data:`MAX_RECORDS`).
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

MAX_RECORDS = 40

#: builtins a test cell relies on (IPython adds and removes its own while running cells)
BUILTINS = (
    "abs",
    "all",
    "any",
    "bool",
    "dict",
    "enumerate",
    "float",
    "getattr",
    "hasattr",
    "int",
    "isinstance",
    "len",
    "list",
    "map",
    "max",
    "min",
    "print",
    "range",
    "round",
    "set",
    "sorted",
    "str",
    "sum",
    "tuple",
    "type",
    "zip",
    "AssertionError",
    "Exception",
    "ValueError",
    "TypeError",
    "__import__",
    "exec",
    "eval",
    "compile",
)
#: modules whose attributes the checks use (plus every ``iasante.exercises.*`` module)
CHECK_MODULES = (
    "numpy.testing",
    "pandas.testing",
    "math",
    "numpy",
    "pandas",
    "answercheck",
    "iasante.exercises",
    "iasante.exercises.base",
    "iasante.feedback",
)

_CELL_FILE = re.compile(r"ipykernel_\d+[/\\]")  # ipykernel's name for a cell's code
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _under(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


class Guard:
    def __init__(self, fd: int, watched: dict[str, str], allowed: list[str]) -> None:
        self.fd = fd
        self.watched = sorted(watched.items(), key=lambda kv: -len(kv[0]))
        self.allowed = [os.path.realpath(p) for p in allowed]
        self.seen: set[tuple[str, str]] = set()
        self.count = 0
        self.snapshot: dict[str, tuple[Any, str, Any]] = {}
        self.checking = False
        # Armed at the first cell the kernel runs: what the kernel does while it starts
        # (listing IPython's startup folders, probing a subprocess...) is not the student's.
        self.armed = False

    # -- records ------------------------------------------------------------------------
    def record(self, kind: str, what: str, **extra: Any) -> None:
        key = (kind, what)
        if key in self.seen or self.count >= MAX_RECORDS:
            return
        self.seen.add(key)
        self.count += 1
        line = json.dumps({"kind": kind, "what": what[:200], **extra}) + "\n"
        try:
            os.write(self.fd, line.encode())
        except OSError:
            pass  # pipe full or closed: evidence is best effort, grading goes on

    # -- integrity of the checking machinery ---------------------------------------------
    def _targets(self) -> dict[str, tuple[Any, str, Any]]:
        """key -> (owner, attribute, value); owner ``sys.modules`` is a dict."""
        import builtins

        out: dict[str, tuple[Any, str, Any]] = {
            f"builtins.{n}": (builtins, n, getattr(builtins, n))
            for n in BUILTINS
            if hasattr(builtins, n)
        }
        names = [m for m in sys.modules if m.startswith("iasante.exercises")]
        for name in dict.fromkeys([*CHECK_MODULES, *names]):
            module = sys.modules.get(name)
            if module is None:
                continue
            out[f"sys.modules[{name}]"] = (sys.modules, name, module)
            for attr, value in list(vars(module).items()):
                if attr.startswith("__"):
                    continue
                out[f"{name}.{attr}"] = (module, attr, value)
                if (
                    name.startswith("iasante.exercises")
                    and hasattr(value, "__dict__")
                    and not isinstance(value, type)
                    and type(value).__module__.startswith("iasante")
                ):
                    for sub, subvalue in list(vars(value).items()):
                        out[f"{name}.{attr}.{sub}"] = (value, sub, subvalue)
                    for sub, subvalue in list(vars(type(value)).items()):
                        if not sub.startswith("__"):
                            out[f"{name}.{attr}.<classe>.{sub}"] = (type(value), sub, subvalue)
        return out

    def check_integrity(self) -> None:
        """Compare with the snapshot; record and undo every change (the checks then run
        with the pristine objects: replacing them gains nothing)."""
        if self.checking:
            return
        self.checking = True
        try:
            now = self._targets()
            for key, (owner, attr, original) in self.snapshot.items():
                current = now.get(key)
                if current is not None and current[2] is original:
                    continue
                self.record("alteration", key)
                try:
                    if isinstance(owner, dict):
                        owner[attr] = original
                    else:
                        setattr(owner, attr, original)
                except Exception:  # noqa: BLE001 -- a read-only attribute: recorded anyway
                    pass
            for key, value in now.items():
                self.snapshot.setdefault(key, value)  # lazily imported modules, new names
        finally:
            self.checking = False

    # -- the audit hook --------------------------------------------------------------------
    def _path_kind(self, path: str, write: bool) -> str | None:
        real = os.path.realpath(path)
        if _under(real, self.allowed):
            return None
        for root, kind in self.watched:
            if _under(real, [root]):
                if real.endswith((".db", ".sqlite", ".sqlite3")):
                    return "base_de_notes"
                return kind
        if real.endswith((".db", ".sqlite", ".sqlite3")):
            return "base_de_notes"
        return "ecriture_hors_dossier" if write else "lecture_hors_dossier"

    def hook(self, event: str, args: tuple) -> None:  # noqa: C901 -- one audit hook dispatching on event names; split costs a call per event
        if not self.armed:
            if event == "exec" and _is_cell(args[0] if args else None):
                self.snapshot = self._targets()
                self.armed = True
            return
        if event == "exec":
            self.check_integrity()
        elif event == "open":
            path, mode, flags = args
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            if not isinstance(path, str) or not path:
                return
            write = (
                bool(flags & _WRITE_FLAGS)
                if isinstance(flags, int) and flags
                else any(c in str(mode or "") for c in "wax+")
            )
            kind = self._path_kind(os.path.abspath(path), write)
            if kind:
                self.record(kind, path)
        elif event == "sqlite3.connect":
            path = str(args[0]) if args else ""
            if path and path != ":memory:" and not path.startswith("file::memory"):
                kind = self._path_kind(os.path.abspath(path), True)
                if kind:
                    self.record("base_de_notes", path)
        elif event in ("os.listdir", "os.scandir"):
            path = args[0] if args else "."
            if isinstance(path, (str, bytes)) and path:
                path = os.fsdecode(path)
                kind = self._path_kind(os.path.abspath(path), False)
                if kind:
                    self.record(kind, path)
        elif event == "socket.__new__":
            family = args[1] if len(args) > 1 else None
            if family not in (1, None):  # AF_UNIX
                self.record("reseau", f"socket famille {int(family)}")
        elif event in ("socket.connect", "socket.bind", "socket.sendto"):
            address = args[1] if len(args) > 1 else ""
            if not (isinstance(address, (str, bytes)) and event == "socket.bind"):
                self.record("reseau", f"{event.split('.')[1]} {address!r}")
        elif event in (
            "subprocess.Popen",
            "os.system",
            "os.posix_spawn",
            "os.exec",
            "os.fork",
            "os.forkpty",
            "pty.spawn",
        ):
            self.record("processus", event)
        elif event in ("os.kill", "os.killpg", "signal.pthread_kill"):
            pid = args[0] if args else 0
            if pid not in (0, os.getpid()):
                self.record("signal", f"{event} {pid}")
        elif event == "sys.addaudithook":
            self.record("alteration", "sys.addaudithook")
        elif event in (
            "ctypes.cdata",
            "ctypes.cdata/buffer",
            "ctypes.string_at",
            "ctypes.wstring_at",
        ):
            self.record("alteration", event)


def _is_cell(code: Any) -> bool:
    """Whether ``code`` is a notebook cell compiled by IPython/ipykernel."""
    name = getattr(code, "co_filename", "") or ""
    return name.startswith("<ipython-input") or _CELL_FILE.search(name) is not None


def install(
    fd: int | None,
    watched: dict[str, str],
    allowed: list[str],
    report: dict[str, Any] | None = None,
) -> Guard | None:
    """Start recording to ``fd`` (non-blocking); the first line is the sandbox report."""
    if fd is None:
        return None
    try:
        os.set_blocking(fd, False)
    except OSError:
        return None
    guard = Guard(fd, watched, allowed)
    if report is not None:
        guard.record("sandbox", "rapport", report=report)
        guard.count -= 1  # the report is not an attempt
    sys.addaudithook(guard.hook)
    return guard


#: beyond this many bytes in the pipe, the journal was flooded (the guard writes far less)
FLOODED = 48 * 1024


def read_records(fd: int) -> list[dict[str, Any]]:
    """Every record written to the pipe ``fd`` (the reading end); closes it. A journal with
    lines that are not records, or flooded (a full pipe drops the guard's next records),
    adds an ``alteration`` record: the submission wrote to the guard's pipe itself."""
    data = b""
    try:
        os.set_blocking(fd, False)
        while True:
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            data += chunk
    finally:
        os.close(fd)
    out = []
    garbled = False
    for line in data.decode(errors="replace").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            garbled = True
            continue
        if isinstance(item, dict) and "kind" in item:
            out.append(item)
        else:
            garbled = True
    if garbled or len(data) >= FLOODED:
        out.append({"kind": "alteration", "what": "journal du bac à sable (tube du gardien)"})
    return out
