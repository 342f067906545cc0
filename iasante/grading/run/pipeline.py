"""Parallel autograding of a whole class around nbgrader's own preprocessors.

nbgrader's ``Autograde`` converter grades a submission in three steps, which this module runs
with nbgrader's own preprocessor classes, split across processes:

1. *sanitize* (parent): ``ClearOutput``, ``DeduplicateIds``, ``OverwriteKernelspec``,
   ``OverwriteCells`` (locked and test cells put back from the gradebook), ``CheckCellMetadata``;
2. *execute* (worker processes, N in parallel, :mod:`.pool`, :mod:`.worker`): ``Execute`` (in
   a fresh kernel forked from a pre-imported template, see :mod:`..kernel.managers`),
   ``IgnorePattern``, ``ClearMetadataPreprocessor``, ``LimitOutput``;
3. *save* (parent, one submission at a time, so SQLite never sees two writers,
   :mod:`.gradebook`): ``SaveAutoGrades``, ``AssignLatePenalties``, ``CheckCellMetadata``.

The autograded notebooks are built in a staging folder and swapped into ``autograded/`` only
when grading succeeded (:mod:`.staging`), and grades are written only then: a failed attempt
never replaces a previous grade. A small state file (:mod:`.state`) records the status of
every submission, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import glob
import os
import shutil
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nbgrader.converters import Autograde

from iasante.messages import msg

from .. import compat
from ..course import course_directory, load_config
from ..kernel import managers, sandbox
from ..nbgrader_ext.savegrades import OneCommitSaveAutoGrades, with_one_commit
from ..nbgrader_ext.sourcecells import with_remembered_cells
from ..runlog import assignment_logger
from ..status import Status
from .gradebook import GradebookSession
from .options import GradingError, GradingOptions
from .pool import WorkerPool, default_workers, progress_bar
from .preload import preload_modules
from .protections import check_sandbox, describe_attempts, kernel_cpu_seconds, sandbox_failure
from .results import GradingRun, SubmissionResult
from .staging import copy_files, staging_dir, swap_in
from .state import load_state, save_state, signature, state_file
from .worker import is_db_preprocessor

#: worker outcome -> status when a notebook could not be graded
_FAILED_OUTCOMES = {
    "invalid_notebook": Status.INVALID_NOTEBOOK,
    "timed_out": Status.TIMED_OUT,
    "kernel_died": Status.KERNEL_DIED,
}


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
        autograde = Autograde(coursedir=self.coursedir, config=self.cfg)
        self.sanitize_pps = list(autograde.sanitize_preprocessors)
        self.worker_pps = list(autograde.autograde_preprocessors)
        if compat.private_apis_ok():  # else nbgrader's own classes: same grades, slower
            self.sanitize_pps = with_remembered_cells(self.sanitize_pps)
            self.worker_pps = with_one_commit(self.worker_pps)
        self.db_pps = [pp(config=self.cfg) for pp in self.worker_pps if is_db_preprocessor(pp)]
        self.exclude_overwriting = dict(autograde.exclude_overwriting)
        self.root = Path(self.coursedir.root)
        self.state_file = state_file(self.root, self.coursedir.autograded_directory, assignment)
        self.gradebook = GradebookSession(self.coursedir.db_url, self.coursedir.course_id)
        self.cells = self.gradebook.assignment_cells(assignment)

    # paths ------------------------------------------------------------------------------
    def submitted(self, student: str) -> Path:
        return Path(
            self.coursedir.format_path(self.coursedir.submitted_directory, student, self.assignment)
        )

    def autograded(self, student: str) -> Path:
        return Path(
            self.coursedir.format_path(
                self.coursedir.autograded_directory, student, self.assignment
            )
        )

    def source(self) -> Path:
        return Path(
            self.coursedir.format_path(self.coursedir.source_directory, ".", self.assignment)
        )

    def students(self) -> list[str]:
        pattern = self.coursedir.format_path(
            self.coursedir.submitted_directory, "*", self.assignment
        )
        found = []
        prefix, suffix = pattern.split("*", 1)
        for path in sorted(glob.glob(pattern)):
            if os.path.isdir(path):
                found.append(path[len(prefix) : len(path) - len(suffix)])
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
                "db_url": self.coursedir.db_url,
            },
        }

    # step 1 -----------------------------------------------------------------------------
    def prepare(self, student: str) -> tuple[dict[str, Any] | None, SubmissionResult]:
        """Register the submission and stage its files; return (task for a worker, result)."""
        src = self.submitted(student)
        timestamp = self.coursedir.get_existing_timestamp(str(src))
        result = SubmissionResult(
            student,
            Status.GRADED,
            max_score=self.cells.max_score,
            signature=signature(src, timestamp),
        )
        present = [n for n in self.cells.notebook_names if (src / f"{n}.ipynb").exists()]
        if not present:
            result.status = Status.MISSING_NOTEBOOK
            return None, result
        self.gradebook.register_submission(self.assignment, student, timestamp)
        staging = staging_dir(self.autograded(student))
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        source = self.source()
        excluded = {str(source / x) for x in self.exclude_overwriting.get(self.assignment, [])}
        copy_files(src, source, staging, list(self.coursedir.ignore), excluded)
        task = {
            "student": student,
            "cwd": str(staging),
            "notebook_timeout": self.options.notebook_timeout,
            "sanitize": self.sanitize_pps,
            "execute": self.worker_pps,
            "notebooks": [
                {
                    "name": name,
                    "path": str(src / f"{name}.ipynb"),
                    "resources": self._resources(student, name),
                    "graded": self.cells.graded_cells.get(name, set()),
                    "locked": self.cells.locked_sources.get(name, {}),
                }
                for name in present
            ],
        }
        return task, result

    # step 3 -----------------------------------------------------------------------------
    def finish(self, result: SubmissionResult, outcome: dict[str, Any] | None) -> None:
        """Write grades and swap the autograded notebooks in, if execution succeeded."""
        student = result.student
        staging = staging_dir(self.autograded(student))
        if outcome is None:
            shutil.rmtree(staging, ignore_errors=True)
            return
        result.seconds = float(outcome.get("seconds", 0.0))
        for nb in outcome["notebooks"]:
            result.restored_cells += [
                c for c in nb.get("restored", []) if c not in result.restored_cells
            ]
            result.attempts += [
                a for a in describe_attempts(nb.get("sandbox") or []) if a not in result.attempts
            ]
        bad = [nb for nb in outcome["notebooks"] if nb["outcome"] != "ok"]
        if bad:
            self._failed(result, bad[0])
            shutil.rmtree(staging, ignore_errors=True)
            return
        executed = [(nb["name"], nb["nb"]) for nb in outcome["notebooks"]]
        for name, nb in executed:
            resources = self._resources(student, name)
            resources["metadata"] = {"name": name, "path": str(staging)}
            for pp in self.db_pps:
                if isinstance(pp, OneCommitSaveAutoGrades):
                    pp.shared_gradebook = self.gradebook.shared
                nb, resources = pp(nb, resources)
        handed_in = {name for name, _ in executed}
        self.gradebook.zero_notebooks(
            self.assignment, student, [n for n in self.cells.notebook_names if n not in handed_in]
        )
        swap_in(staging, self.autograded(student))
        self._graded_status(result, [nb for _, nb in executed])
        result.score, result.max_score = self.gradebook.score(self.assignment, student)

    def _failed(self, result: SubmissionResult, first: dict[str, Any]) -> None:
        failure = sandbox_failure(first.get("sandbox") or [])
        if failure:  # the kernel could not be confined (--require-sandbox...)
            first = {**first, "error": f"{msg('grading.sandbox.failed')} : {failure}"}
        result.status = _FAILED_OUTCOMES.get(first["outcome"], Status.ERROR)
        result.detail = f"{first['name']}: {first.get('error', '')}"[:300]
        self.log.error(
            "%s: %s (%s)\n%s",
            result.student,
            result.status.value,
            result.detail,
            first.get("traceback", ""),
        )

    @staticmethod
    def _graded_status(result: SubmissionResult, notebooks: list[Any]) -> None:
        """Graded, but worth a look: suspect, restored cells, memory, cell timeouts."""
        enames = {
            out.get("ename")
            for nb in notebooks
            for cell in nb.cells
            if cell.cell_type == "code"
            for out in cell.get("outputs", [])
            if out.get("output_type") == "error"
        }
        if result.attempts:
            result.status = Status.SUSPECT
            result.detail = " ; ".join(result.attempts[:3])[:300]
        elif result.restored_cells:
            result.status = Status.RESTORED
        elif "MemoryError" in enames:
            result.status = Status.MEMORY_ERROR
        elif {"CellTimeoutError", "KeyboardInterrupt"} & enames:
            result.status = Status.CELL_TIMEOUT

    # orchestration ------------------------------------------------------------------------
    def _is_done(self, student: str, previous: SubmissionResult | None) -> bool:
        if previous is None or previous.status is Status.ERROR:
            return False
        src = self.submitted(student)
        timestamp = self.coursedir.get_existing_timestamp(str(src))
        if previous.signature != signature(src, timestamp):
            return False
        return not previous.status.written or self.autograded(student).exists()

    def preload_modules(self) -> list[str]:
        return preload_modules(self.source(), self.options.preload)

    def run(self) -> GradingRun:
        with warnings.catch_warnings():
            # nbgrader's own SQLAlchemy usage warns on every new submission; not ours to fix
            warnings.filterwarnings("ignore", module="nbgrader.api")
            warnings.filterwarnings("ignore", message=".*not in session.*")
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            return self._run()

    def _run(self) -> GradingRun:
        started = time.monotonic()
        if not managers.provisioners_registered():
            raise GradingError(msg("grading.kernel.provisioners_missing"))
        state = load_state(self.state_file)
        students = self.students()
        todo, skipped = [], []
        for student in students:
            if not self.options.force and self._is_done(student, state.get(student)):
                skipped.append(student)
            else:
                todo.append(student)
        workers = self.options.workers or default_workers()
        workers = max(1, min(workers, len(todo) or 1))
        self.sandbox_report = check_sandbox(self.options)
        self.kernel_mode = "standard"
        zygote = self._launch_template() if todo else None
        graded_now: list[str] = []
        try:
            with self.gradebook.kept_open():
                for result in self._grade(todo, workers, zygote):
                    state[result.student] = result
                    save_state(self.state_file, state)
                    graded_now.append(result.student)
        finally:
            if zygote is not None:
                zygote.stop()
        results = {s: state[s] for s in students if s in state}
        return GradingRun(
            self.assignment,
            results,
            graded_now,
            skipped,
            self.kernel_mode,
            workers,
            time.monotonic() - started,
            self.sandbox_report,
        )

    def _launch_template(self) -> managers.ZygoteServer | None:
        """The kernel template, importing in the background while the workers start; None
        (and a French warning) where kernels cannot be forked."""
        if not self.options.fork:
            return None
        reason = managers.fork_unavailable_reason()
        if reason is None:
            try:
                zygote = managers.ZygoteServer(
                    self.preload_modules(), cwd=self.root, scrub_env=self.sandbox_report is not None
                ).launch()
                self.kernel_mode = "fork"
                return zygote
            except Exception as exc:  # noqa: BLE001 -- ordinary kernels still grade
                reason = str(exc)
        warnings.warn(msg("grading.fork_unavailable", reason=reason), stacklevel=4)
        return None

    def _grade(
        self, todo: list[str], workers: int, zygote: managers.ZygoteServer | None
    ) -> Iterator[SubmissionResult]:
        if not todo:
            return
        memory_extra = int(self.options.memory_mb * 2**20) if self.options.memory_mb else None
        config_args = {
            "course_dir": str(self.root),
            "db_url": self.options.db_url,
            "overrides": self.overrides,
        }
        sandbox_args = None
        if self.sandbox_report is not None and sandbox.apply_supported():
            sandbox_args = {
                "course_root": str(self.root),
                "cpu_seconds": kernel_cpu_seconds(self.options),
                "require": self.options.require_sandbox,
            }
        initargs = (config_args, zygote.socket_path if zygote else None, memory_extra, sandbox_args)
        progress = progress_bar(
            len(todo), msg("grading.progress", assignment=self.assignment), self.options.progress
        )
        try:
            with WorkerPool(workers, initargs) as pool:
                if zygote is not None and not pool.warm_up(zygote):
                    self.kernel_mode = "standard"
                for result in pool.grade(todo, self.prepare, self.finish, self.log):
                    progress.update(1)
                    yield result
        finally:
            progress.close()


def grade_assignment(
    course_dir: str | Path, assignment: str, options: GradingOptions | None = None, **kwargs: Any
) -> GradingRun:
    """Autograde every submission of ``assignment`` in ``course_dir/submitted``.

    Keyword arguments are :class:`GradingOptions` fields. Returns a :class:`GradingRun` whose
    ``results`` map each student to a :class:`SubmissionResult` (status, score).
    """
    options = options or GradingOptions(**kwargs)
    return ClassGrader(course_dir, assignment, options).run()
