"""Parallel autograding of a whole class around nbgrader's own preprocessors.

nbgrader's ``Autograde`` converter grades a submission in three steps, which this module runs
with nbgrader's own preprocessor classes, split across processes:

1. *sanitize* (parent): ``ClearOutput``, ``DeduplicateIds``, ``OverwriteKernelspec``,
   ``OverwriteCells`` (locked and test cells put back from the gradebook), ``CheckCellMetadata``;
2. *execute* (worker processes, N in parallel): ``Execute`` (in a fresh kernel forked from a
   pre-imported template, see :mod:`.kernels`), ``IgnorePattern``, ``ClearMetadataPreprocessor``,
   ``LimitOutput``;
3. *save* (parent, one submission at a time, so SQLite never sees two writers):
   ``SaveAutoGrades``, ``AssignLatePenalties``, ``CheckCellMetadata``.

The autograded notebooks are built in a staging folder and swapped into ``autograded/`` only
when grading succeeded, and grades are written only then: a failed attempt never replaces a
previous grade. A small state file (``autograded/.iasante/<assignment>.json``) records the
status of every submission, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import ast
import concurrent.futures as cf
import contextlib
import json
import multiprocessing
import os
import shutil
import time
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbgrader import utils as nbutils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.converters import Autograde
from traitlets.config import Config

from iasante.messages import msg

from . import compat, kernels, sandbox
from .course import course_directory, load_config
from .hidden import strip_hidden_tests
from .runlog import assignment_logger
from .savegrades import OneCommitSaveAutoGrades, with_one_commit
from .sourcecells import with_remembered_cells
from .status import Status
from .worker import execute_submission, init_worker, is_db_preprocessor, normalized, warm_up

#: libraries every course notebook is likely to import; preloaded in the kernel template
DEFAULT_PRELOAD = [
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "sklearn",
    "sklearn.linear_model",
    "sklearn.model_selection",
    "sklearn.metrics",
    "sklearn.tree",
    "sklearn.ensemble",
    "sklearn.preprocessing",
    "iasante",
]
STATE_DIR = ".iasante"


class GradingError(RuntimeError):
    """A problem that prevents grading the assignment at all (message in French)."""


@dataclass
class GradingOptions:
    workers: int | None = None  # default: number of CPU cores
    force: bool = False
    students: list[str] | None = None
    cell_timeout: int | None = None  # seconds; default: Execute.timeout of nbgrader_config.py
    notebook_timeout: float | None = 600.0  # seconds for the whole notebook
    memory_mb: int | None = 2048  # extra address space a kernel may use, MiB
    fork: bool = True  # fork kernels from a pre-imported template when possible
    preload: list[str] | None = None  # modules to preload (default: DEFAULT_PRELOAD + imports)
    progress: bool = True
    db_url: str | None = None
    sandbox: bool = True  # confine every kernel (see .sandbox); False only for debugging
    require_sandbox: bool = False  # refuse to grade if a protection is unavailable


@dataclass
class SubmissionResult:
    student: str
    status: Status
    score: float | None = None
    max_score: float | None = None
    detail: str = ""
    seconds: float = 0.0
    restored_cells: list[str] = field(default_factory=list)
    signature: str = ""
    #: what the submission tried that the sandbox refused or that alters the checks
    attempts: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SubmissionResult:
        data = dict(data)
        data["status"] = Status(data["status"])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def label(self) -> str:
        return self.status.label(self.detail)


@dataclass
class GradingRun:
    assignment: str
    results: dict[str, SubmissionResult]
    graded_now: list[str]
    skipped: list[str]
    kernel_mode: str
    workers: int
    seconds: float
    sandbox: dict[str, Any] | None = None  # what the machine allows (sandbox.probe())

    def counts(self) -> dict[Status, int]:
        out: dict[Status, int] = {}
        for res in self.results.values():
            out[res.status] = out.get(res.status, 0) + 1
        return out

    def summary(self) -> str:
        lines = [
            msg("grading.summary_header", assignment=self.assignment,
                count=len(self.graded_now), seconds=self.seconds)
        ]
        counts: dict[Status, int] = {}
        for student in self.graded_now:
            status = self.results[student].status
            counts[status] = counts.get(status, 0) + 1
        for status in Status:
            if counts.get(status):
                lines.append(msg("grading.summary_line", status=status.label("…"),
                                 count=counts[status]))
        lines.append(msg("grading.summary_kernels",
                         mode=msg(f"grading.kernel_mode.{self.kernel_mode}"),
                         workers=self.workers))
        lines.append("  " + sandbox_line(self.sandbox))
        flagged = [s for s in self.graded_now if self.results[s].attempts]
        if flagged:
            lines.append(msg("grading.sandbox.attempts_header"))
            for student in flagged:
                lines.append(msg("grading.sandbox.attempts", student=student,
                                 attempts=" ; ".join(self.results[student].attempts[:6])))
        if self.skipped:
            lines.append(msg("grading.resume_note", count=len(self.skipped)))
        return "\n".join(lines)


def sandbox_line(report: dict[str, Any] | None) -> str:
    """One French line: which protections the grading kernels have (``iasante grade``)."""
    if report is None:
        return msg("grading.sandbox.header", parts=msg("grading.sandbox.off"))
    parts = [msg("grading.sandbox.landlock", abi=report["landlock"]) if report.get("landlock")
             else msg("grading.sandbox.no_landlock"),
             msg("grading.sandbox.netns") if report.get("netns")
             else msg("grading.sandbox.no_netns"),
             msg("grading.sandbox.seccomp") if report.get("seccomp")
             else msg("grading.sandbox.no_seccomp")]
    limits = report.get("limits") or {}
    shown = []
    if "processes" in limits:
        shown.append(f"{limits['processes']} processus")
    else:
        parts.append(msg("grading.sandbox.no_nproc"))
    if limits.get("file_mb"):
        shown.append(f"fichiers ≤ {limits['file_mb']} Mo")
    if limits.get("open_files"):
        shown.append(f"{limits['open_files']} fichiers ouverts")
    if limits.get("cpu_seconds"):
        shown.append(f"{limits['cpu_seconds']} s de CPU")
    if shown:
        parts.append(msg("grading.sandbox.limits", limits=", ".join(shown)))
    return msg("grading.sandbox.header", parts=" ; ".join(parts))


def describe_attempts(records: list[dict[str, Any]]) -> list[str]:
    """French one-liners for the guard's records (sandbox reports left out)."""
    out: list[str] = []
    for record in records:
        kind = record.get("kind")
        if kind == "sandbox" or not isinstance(kind, str):
            continue
        try:
            label = msg(f"grading.sandbox.kind.{kind}")
        except Exception:  # noqa: BLE001 -- a record forged by the submission
            label = kind[:40]
        line = f"{label} ({str(record.get('what', ''))[:120]})"
        if line not in out:
            out.append(line)
    return out


def kernel_cpu_seconds(options: GradingOptions) -> int:
    """CPU seconds a kernel may use (RLIMIT_CPU): the notebook's time limit plus a margin."""
    return int(options.notebook_timeout or 600) + 60


def sandbox_failure(records: list[dict[str, Any]]) -> str:
    """Why a kernel could not start confined (its last words in the guard's pipe), or ''."""
    for record in records:
        if record.get("kind") == "sandbox" and record.get("what") in ("erreur", "refus"):
            return str(record.get("error", "")).strip().splitlines()[-1:][0][:200] \
                if record.get("error") else ""
    return ""


def check_sandbox(options: GradingOptions) -> dict[str, Any] | None:
    """What the kernels' sandbox will have here; GradingError (French) if it is required
    and incomplete."""
    if not options.sandbox:
        if options.require_sandbox:
            raise GradingError(msg("grading.sandbox.required_missing", missing="tout"))
        return None
    report = sandbox.probe()
    if report.get("limits", {}).get("cpu_seconds"):
        report["limits"]["cpu_seconds"] = kernel_cpu_seconds(options)
    if options.require_sandbox and sandbox.missing(report):
        names = [msg(f"grading.sandbox.missing.{m}") for m in sandbox.missing(report)]
        raise GradingError(msg("grading.sandbox.required_missing", missing=", ".join(names)))
    return report


# -- state file (resume) ----------------------------------------------------------------


def state_path(course_dir: str | Path, assignment: str) -> Path:
    cfg = load_config(course_dir)
    coursedir = course_directory(cfg)
    return Path(coursedir.root) / coursedir.autograded_directory / STATE_DIR / f"{assignment}.json"


def load_state(path: Path) -> dict[str, SubmissionResult]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: SubmissionResult.from_dict(v) for k, v in data.items()}


def save_state(path: Path, state: dict[str, SubmissionResult]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    data = {k: v.to_dict() for k, v in sorted(state.items())}
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def load_results(course_dir: str | Path, assignment: str) -> dict[str, SubmissionResult]:
    """Statuses recorded by previous runs of :func:`grade_assignment`."""
    return load_state(state_path(course_dir, assignment))


# -- helpers ------------------------------------------------------------------------------


def _exporter(preprocessors: list[Any], cfg: Config) -> NotebookExporter:
    c = Config(cfg)
    c.Exporter.default_preprocessors = []
    exporter = NotebookExporter(config=c)
    exporter._preprocessors = []
    for pp in preprocessors:
        exporter.register_preprocessor(pp)
    return exporter


def _signature(path: Path, timestamp: Any) -> str:
    if timestamp is not None:
        return f"timestamp:{timestamp}"
    mtimes = [p.stat().st_mtime_ns for p in path.rglob("*") if p.is_file()]
    return f"mtime:{max(mtimes, default=0)}"


def notebook_imports(paths: list[Path]) -> list[str]:
    """Top-level modules imported by the code cells of these notebooks (for preloading)."""
    found: list[str] = []
    for path in paths:
        try:
            nb = nbformat.read(str(path), as_version=4)
        except Exception:  # noqa: BLE001
            continue
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    # `from pkg import mod` imports the submodule: try both (a name that is
                    # not a module simply fails to preload)
                    names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                for name in names:
                    if name not in found:
                        found.append(name)
    return found


def _default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


# -- the grader ----------------------------------------------------------------------------


class ClassGrader:
    """Grade every submission of one assignment; see :func:`grade_assignment`."""

    def __init__(self, course_dir: str | Path, assignment: str, options: GradingOptions):
        self.course_dir = Path(course_dir).resolve()
        self.assignment = assignment
        self.options = options
        #: full tracebacks go to autograded/.iasante/<assignment>.log (the terminal and the
        #: status keep one line)
        self.log = assignment_logger(self.course_dir, assignment)
        self.cfg = load_config(self.course_dir, options.db_url)
        self.overrides: dict[str, dict[str, Any]] = {}
        if options.cell_timeout:
            self.overrides.setdefault("Execute", {})["timeout"] = int(options.cell_timeout)
        for section, values in self.overrides.items():
            for key, value in values.items():
                setattr(getattr(self.cfg, section), key, value)
        self.coursedir = course_directory(self.cfg, assignment)
        self.db_url = self.coursedir.db_url
        self.course_id = self.coursedir.course_id
        autograde = Autograde(coursedir=self.coursedir, config=self.cfg)
        self.sanitize_pps = list(autograde.sanitize_preprocessors)
        self.worker_pps = list(autograde.autograde_preprocessors)
        if compat.private_apis_ok():  # else nbgrader's own classes: same grades, slower
            self.sanitize_pps = with_remembered_cells(self.sanitize_pps)
            self.worker_pps = with_one_commit(self.worker_pps)
        self.db_pps = [pp(config=self.cfg) for pp in self.worker_pps if is_db_preprocessor(pp)]
        self.exclude_overwriting = dict(autograde.exclude_overwriting)
        self.root = Path(self.coursedir.root)
        self.state_file = self.root / self.coursedir.autograded_directory / STATE_DIR / (
            f"{assignment}.json"
        )
        self._gradebook: Gradebook | None = None  # open during a run (see gradebook())
        self._load_assignment()

    # paths
    def submitted(self, student: str) -> Path:
        return Path(self.coursedir.format_path(
            self.coursedir.submitted_directory, student, self.assignment))

    def autograded(self, student: str) -> Path:
        return Path(self.coursedir.format_path(
            self.coursedir.autograded_directory, student, self.assignment))

    @contextlib.contextmanager
    def gradebook(self) -> Iterator[Gradebook]:
        """The gradebook, for the grading process. During a run one connection is kept open
        (opening one costs ~10 ms: engine, schema check, course check; the process used to
        open three per submission); a failed operation is rolled back so the next student
        starts clean."""
        if self._gradebook is None:
            with Gradebook(self.db_url, self.course_id) as gb:
                yield gb
            return
        try:
            yield self._gradebook
        except BaseException:
            self._gradebook.db.rollback()
            raise
        finally:
            self._gradebook.db.rollback()  # end any read transaction (writes are committed)

    def _load_assignment(self) -> None:
        with Gradebook(self.db_url, self.course_id) as gb:
            try:
                assignment = gb.find_assignment(self.assignment)
            except MissingEntry:
                raise GradingError(
                    msg("grading.unknown_assignment", assignment=self.assignment)
                ) from None
            self.notebook_names = sorted(nb.name for nb in assignment.notebooks)
            self.max_score = float(assignment.max_score)
            # what a student is given for each locked cell (hidden tests removed)
            self.locked_sources: dict[str, dict[str, list[str]]] = {}
            self.graded_cells: dict[str, set[str]] = {}
            for nb in assignment.notebooks:
                self.locked_sources[nb.name] = {
                    cell.name: normalized(strip_hidden_tests(cell.source, note=False))
                    for cell in nb.source_cells if cell.locked
                }
                self.graded_cells[nb.name] = {c.name for c in nb.grade_cells} | {
                    c.name for c in nb.task_cells}

    def students(self) -> list[str]:
        pattern = self.coursedir.format_path(
            self.coursedir.submitted_directory, "*", self.assignment)
        import glob

        found = []
        prefix, suffix = pattern.split("*", 1)
        for path in sorted(glob.glob(pattern)):
            if os.path.isdir(path):
                found.append(path[len(prefix):len(path) - len(suffix)])
        exclude = set(filter(None, (self.coursedir.student_id_exclude or "").split(",")))
        if self.options.students:
            wanted = set(self.options.students)
            found = [s for s in found if s in wanted]
        return [s for s in found if s not in exclude]

    def _resources(self, student: str, notebook: str) -> dict[str, Any]:
        return {
            "unique_key": notebook,
            "output_files_dir": f"{notebook}_files",
            "nbgrader": {
                "student": student,
                "assignment": self.assignment,
                "notebook": notebook,
                "db_url": self.db_url,
            },
        }

    # step 1 ---------------------------------------------------------------------------
    def prepare(self, student: str) -> tuple[dict[str, Any] | None, SubmissionResult]:
        """Register the submission and stage its files; return (task for a worker, result)."""
        src = self.submitted(student)
        timestamp = self.coursedir.get_existing_timestamp(str(src))
        result = SubmissionResult(student, Status.GRADED, max_score=self.max_score,
                                  signature=_signature(src, timestamp))
        present = [n for n in self.notebook_names if (src / f"{n}.ipynb").exists()]
        if not present:
            result.status = Status.MISSING_NOTEBOOK
            return None, result
        with self.gradebook() as gb:
            gb.update_or_create_student(student)
            if timestamp:
                gb.update_or_create_submission(self.assignment, student, timestamp=timestamp)
            else:
                gb.update_or_create_submission(self.assignment, student)
        staging = self._staging(student)
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        self._copy_files(src, staging)
        task = {
            "student": student,
            "cwd": str(staging),
            "notebook_timeout": self.options.notebook_timeout,
            "sanitize": self.sanitize_pps,
            "execute": self.worker_pps,
            "notebooks": [
                {"name": name, "path": str(src / f"{name}.ipynb"),
                 "resources": self._resources(student, name),
                 "graded": self.graded_cells.get(name, set()),
                 "locked": self.locked_sources.get(name, {})}
                for name in present
            ],
        }
        return task, result

    def _staging(self, student: str) -> Path:
        dest = self.autograded(student)
        return dest.parent / f".{dest.name}.iasante-en-cours"

    def _copy_files(self, src: Path, dest: Path) -> None:
        """Copy the submission's extra files, then the source's (as nbgrader's converter)."""
        ignore = list(self.coursedir.ignore) + ["*.ipynb"]
        for filename in nbutils.find_all_files(str(src), ignore):
            target = dest / os.path.relpath(filename, src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(filename, target)
        source = Path(self.coursedir.format_path(
            self.coursedir.source_directory, ".", self.assignment))
        excluded = {str(source / x) for x in self.exclude_overwriting.get(self.assignment, [])}
        for filename in nbutils.find_all_files(str(source), ignore):
            if filename in excluded:
                continue
            target = dest / os.path.relpath(filename, source)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target.unlink()
            shutil.copy(filename, target)

    # step 3 ---------------------------------------------------------------------------
    def finish(self, result: SubmissionResult, outcome: dict[str, Any] | None) -> None:
        """Write grades and swap the autograded notebooks in, if execution succeeded."""
        student = result.student
        staging = self._staging(student)
        if outcome is None:
            shutil.rmtree(staging, ignore_errors=True)
            return
        result.seconds = float(outcome.get("seconds", 0.0))
        for nb in outcome["notebooks"]:
            result.restored_cells += [c for c in nb.get("restored", [])
                                      if c not in result.restored_cells]
            result.attempts += [a for a in describe_attempts(nb.get("sandbox") or [])
                                if a not in result.attempts]
        bad = [nb for nb in outcome["notebooks"] if nb["outcome"] != "ok"]
        if bad:
            first = bad[0]
            failure = sandbox_failure(first.get("sandbox") or [])
            if failure:  # the kernel could not be confined (--require-sandbox...)
                first = {**first, "error": f"{msg('grading.sandbox.failed')} : {failure}"}
            result.status = {
                "invalid_notebook": Status.INVALID_NOTEBOOK,
                "timed_out": Status.TIMED_OUT,
                "kernel_died": Status.KERNEL_DIED,
            }.get(first["outcome"], Status.ERROR)
            result.detail = f"{first['name']}: {first.get('error', '')}"[:300]
            self.log.error("%s: %s (%s)\n%s", student, result.status.value, result.detail,
                           first.get("traceback", ""))
            shutil.rmtree(staging, ignore_errors=True)
            return
        executed = [(nb["name"], nb["nb"]) for nb in outcome["notebooks"]]
        enames = {
            out.get("ename")
            for _, nb in executed for cell in nb.cells if cell.cell_type == "code"
            for out in cell.get("outputs", []) if out.get("output_type") == "error"
        }
        for name, nb in executed:
            resources = self._resources(student, name)
            resources["metadata"] = {"name": name, "path": str(staging)}
            for pp in self.db_pps:
                if isinstance(pp, OneCommitSaveAutoGrades):
                    pp.shared_gradebook = self._gradebook
                nb, resources = pp(nb, resources)
        self._zero_missing(student, {name for name, _ in executed})
        self._swap_in(student, staging)
        if result.attempts:
            result.status = Status.SUSPECT
            result.detail = " ; ".join(result.attempts[:3])[:300]
        elif result.restored_cells:
            result.status = Status.RESTORED
        elif "MemoryError" in enames:
            result.status = Status.MEMORY_ERROR
        elif {"CellTimeoutError", "KeyboardInterrupt"} & enames:
            result.status = Status.CELL_TIMEOUT
        with self.gradebook() as gb:
            sub = gb.find_submission(self.assignment, student)
            result.score = float(sub.score)
            result.max_score = float(sub.max_score)

    def _zero_missing(self, student: str, executed: set[str]) -> None:
        missing = [n for n in self.notebook_names if n not in executed]
        if not missing:
            return
        with self.gradebook() as gb:
            for name in missing:
                nb = gb.find_submission_notebook(name, self.assignment, student)
                for grade in nb.grades:
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
            gb.db.commit()

    def _swap_in(self, student: str, staging: Path) -> None:
        for dirname, _, filenames in os.walk(staging):
            for filename in filenames:
                os.chmod(os.path.join(dirname, filename), 0o444)
        dest = self.autograded(student)
        old = dest.parent / f".{dest.name}.iasante-ancien"
        if old.exists():
            shutil.rmtree(old)
        if dest.exists():
            os.replace(dest, old)
        os.replace(staging, dest)
        shutil.rmtree(old, ignore_errors=True)

    # orchestration --------------------------------------------------------------------
    def _is_done(self, student: str, previous: SubmissionResult | None) -> bool:
        if previous is None or previous.status is Status.ERROR:
            return False
        src = self.submitted(student)
        timestamp = self.coursedir.get_existing_timestamp(str(src))
        if previous.signature != _signature(src, timestamp):
            return False
        return not previous.status.written or self.autograded(student).exists()

    def preload_modules(self) -> list[str]:
        if self.options.preload is not None:
            return list(self.options.preload)
        source = Path(self.coursedir.format_path(
            self.coursedir.source_directory, ".", self.assignment))
        modules = list(DEFAULT_PRELOAD)
        for name in notebook_imports(sorted(source.glob("*.ipynb"))):
            if name not in modules:
                modules.append(name)
        return modules

    def run(self) -> GradingRun:
        with warnings.catch_warnings():
            # nbgrader's own SQLAlchemy usage warns on every new submission; not ours to fix
            warnings.filterwarnings("ignore", module="nbgrader.api")
            warnings.filterwarnings("ignore", message=".*not in session.*")
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            return self._run()

    def _run(self) -> GradingRun:
        started = time.monotonic()
        state = load_state(self.state_file)
        students = self.students()
        todo, skipped = [], []
        for student in students:
            if not self.options.force and self._is_done(student, state.get(student)):
                skipped.append(student)
            else:
                todo.append(student)
        workers = self.options.workers or _default_workers()
        workers = max(1, min(workers, len(todo) or 1))
        self.sandbox_report = check_sandbox(self.options)
        self.kernel_mode = "standard"
        zygote = None
        reason = kernels.fork_unavailable_reason() if self.options.fork else None
        if self.options.fork and reason is None and todo:
            try:
                # imports run in the background while the workers start (see _run_pool)
                zygote = kernels.ZygoteServer(self.preload_modules(), cwd=self.root,
                                              scrub_env=self.sandbox_report is not None
                                              ).launch()
                self.kernel_mode = "fork"
            except Exception as exc:  # noqa: BLE001
                reason = str(exc)
        if self.options.fork and reason and todo:
            warnings.warn(msg("grading.fork_unavailable", reason=reason), stacklevel=2)
        memory_extra = int(self.options.memory_mb * 2**20) if self.options.memory_mb else None
        graded_now: list[str] = []
        try:
            with Gradebook(self.db_url, self.course_id) as self._gradebook:
                for result in self._run_pool(todo, workers, zygote, memory_extra):
                    state[result.student] = result
                    save_state(self.state_file, state)
                    graded_now.append(result.student)
        finally:
            self._gradebook = None
            if zygote is not None:
                zygote.stop()
        results = {s: state[s] for s in students if s in state}
        return GradingRun(self.assignment, results, graded_now, skipped, self.kernel_mode,
                          workers, time.monotonic() - started, self.sandbox_report)

    def _run_pool(self, todo: list[str], workers: int, zygote: Any,
                  memory_extra: int | None) -> Iterator[SubmissionResult]:
        if not todo:
            return
        progress = _progress(len(todo), msg("grading.progress", assignment=self.assignment),
                             self.options.progress)
        config_args = {"course_dir": str(self.root), "db_url": self.options.db_url,
                       "overrides": self.overrides}
        sandbox_args = None
        if self.sandbox_report is not None and sandbox.apply_supported():
            sandbox_args = {"course_root": str(self.root),
                            "cpu_seconds": kernel_cpu_seconds(self.options),
                            "require": self.options.require_sandbox}
        ctx = _mp_context()
        pending = iter(todo)
        in_flight: dict[cf.Future, SubmissionResult] = {}
        pool = cf.ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=init_worker,
            initargs=(config_args, zygote.socket_path if zygote else None, memory_extra,
                      sandbox_args),
        )
        try:
            if zygote is not None:
                warm = [pool.submit(warm_up) for _ in range(workers)]
                try:
                    zygote.wait_ready()
                except Exception as exc:  # noqa: BLE001 -- workers fall back to ordinary kernels
                    warnings.warn(msg("grading.fork_unavailable", reason=exc), stacklevel=2)
                    self.kernel_mode = "standard"
                cf.wait(warm)
            exhausted = False
            while True:
                while not exhausted and len(in_flight) < 2 * workers:
                    student = next(pending, None)
                    if student is None:
                        exhausted = True
                        break
                    try:
                        task, result = self.prepare(student)
                    except Exception as exc:  # noqa: BLE001
                        self.log.exception("%s: preparing the copy failed", student)
                        task, result = None, SubmissionResult(
                            student, Status.ERROR, detail=f"{type(exc).__name__}: {exc}"[:300])
                    if task is None:
                        self.finish(result, None)
                        progress.update(1)
                        yield result
                        continue
                    in_flight[pool.submit(execute_submission, task)] = result
                if not in_flight:
                    break
                done, _ = cf.wait(list(in_flight), return_when=cf.FIRST_COMPLETED)
                for future in done:
                    result = in_flight.pop(future)
                    try:
                        outcome = future.result()
                        self.finish(result, outcome)
                    except Exception as exc:  # noqa: BLE001 -- a worker crash, a DB error...
                        self.log.exception("%s: grading failed", result.student)
                        result.status = Status.ERROR
                        result.detail = f"{type(exc).__name__}: {exc}"[:300]
                        self.finish(result, None)
                    progress.update(1)
                    yield result
        finally:
            for future in in_flight:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            progress.close()


def _mp_context() -> Any:
    """Worker processes come from a fork server that has imported the worker code once
    (and is reused by later runs in the same process); spawn where fork is unavailable."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["iasante.grading.worker"])
        return ctx
    return multiprocessing.get_context("spawn")


def _progress(total: int, desc: str, enabled: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="copie", disable=not enabled, dynamic_ncols=True)


def grade_assignment(
    course_dir: str | Path, assignment: str, options: GradingOptions | None = None, **kwargs: Any
) -> GradingRun:
    """Autograde every submission of ``assignment`` in ``course_dir/submitted``.

    Keyword arguments are :class:`GradingOptions` fields. Returns a :class:`GradingRun` whose
    ``results`` map each student to a :class:`SubmissionResult` (status, score).
    """
    options = options or GradingOptions(**kwargs)
    return ClassGrader(course_dir, assignment, options).run()
