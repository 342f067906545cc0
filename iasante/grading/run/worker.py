"""Code that runs in a grading worker process: sanitize and execute one submission.

The worker runs nbgrader's autograde preprocessor chain except the two that write to the
gradebook (``SaveAutoGrades``, ``AssignLatePenalties``): the sanitize step (``OverwriteCells``
and friends only *read* the gradebook), ``Execute`` in a fresh kernel, output filtering and
metadata checks. It writes the autograded notebook (the same JSON nbgrader writes) to the
staging folder and sends the executed notebook back to the parent, which writes the grades
one submission at a time.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
import warnings
from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbgrader.preprocessors import AssignLatePenalties, Execute, SaveAutoGrades
from traitlets.config import Config

from .. import compat
from ..kernel import managers, timebudget
from ..nbgrader_ext import sourcecells
from .answerkey_uses import answer_key_records
from .gradebook import normalized

#: preprocessors of nbgrader's autograde chain that write to the gradebook (parent only)
DB_PREPROCESSORS = (SaveAutoGrades, AssignLatePenalties)

_CONFIG: Config | None = None
_FORK = False


def init_worker(
    config_args: dict[str, Any],
    fork_socket: str | None,
    memory_extra: int | None,
    sandbox: dict[str, Any] | None = None,
) -> None:
    """Pool initializer: load the course config (as the parent did) and the kernel options."""
    global _CONFIG, _FORK
    from ..course import load_config

    _CONFIG = load_config(config_args["course_dir"], config_args.get("db_url"))
    for section, values in config_args.get("overrides", {}).items():
        for key, value in values.items():
            setattr(getattr(_CONFIG, section), key, value)
    _FORK = fork_socket is not None
    managers.ZYGOTE_SOCKET = fork_socket
    managers.KERNEL_MEMORY_EXTRA = memory_extra
    managers.SANDBOX = sandbox
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    _cache_metadata_validators()
    sourcecells.forget()


class _CachedJsonSchema:
    """Stand-in for the ``jsonschema`` module inside ``nbgrader.nbgraderformat.common``.

    nbgrader validates every cell's metadata with ``jsonschema.validate``, which re-checks the
    schema itself at each call (~4 ms a cell, twice per notebook). Same validation, same
    errors (``best_match``), the schema checked once.
    """

    def __init__(self, module: Any) -> None:
        self._module = module
        self._validators: dict[int, Any] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)

    def validate(self, instance: Any, schema: Any, cls: Any = None, *args: Any, **kw: Any) -> None:
        if cls is not None or args or kw:
            return self._module.validate(instance, schema, cls, *args, **kw)
        validator = self._validators.get(id(schema))
        if validator is None:
            klass = self._module.validators.validator_for(schema)
            klass.check_schema(schema)
            validator = self._validators[id(schema)] = (klass(schema), schema)
        error = self._module.exceptions.best_match(validator[0].iter_errors(instance))
        if error is not None:
            raise error


def warm_up() -> int:
    """A no-op task: makes the pool start its workers (and run init_worker) early."""
    return os.getpid()


def _cache_metadata_validators() -> None:
    from nbgrader.nbgraderformat import common

    if not compat.private_apis_ok():
        return

    if not isinstance(common.jsonschema, _CachedJsonSchema):
        common.jsonschema = _CachedJsonSchema(common.jsonschema)


def _exporter(preprocessors: list[Any], config: Config) -> NotebookExporter:
    cfg = Config(config)
    cfg.Exporter.default_preprocessors = []
    # validate the notebook once, after the chain, rather than after every preprocessor:
    # a notebook made invalid on the way is still refused
    cfg.Exporter.optimistic_validation = True
    exporter = NotebookExporter(config=cfg)
    exporter._preprocessors = []
    for pp in preprocessors:
        if isinstance(pp, type) and issubclass(pp, Execute):
            km_class = managers.ForkKernelManager if _FORK else managers.TrackedKernelManager
            instance = pp(parent=exporter, kernel_manager_class=km_class)
            # the kernel is killed by us at the end; no need for a graceful shutdown
            instance.shutdown_kernel = "immediate"
            # after a first timeout, the copy's remaining cells get a short limit
            instance.timeout_func = timebudget.shrinking_timeout(instance)
            exporter.register_preprocessor(instance)
        else:
            exporter.register_preprocessor(pp)
    return exporter


def is_db_preprocessor(pp: Any) -> bool:
    return isinstance(pp, type) and issubclass(pp, DB_PREPROCESSORS)


def restored_cells(nb: Any, graded: set[str], locked: dict[str, list[str]]) -> list[str]:
    """Graded cells the student deleted and locked cells they edited (nbgrader puts both
    back from the gradebook)."""
    seen: dict[str, list[str]] = {}
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id:
            seen[grade_id] = normalized(cell.get("source", ""))
    out = [grade_id for grade_id in sorted(graded) if grade_id not in seen]
    for grade_id, source in locked.items():
        if grade_id in seen and seen[grade_id] != source and grade_id not in out:
            out.append(grade_id)
    return out


def execute_submission(task: dict[str, Any]) -> dict[str, Any]:
    """Sanitize and execute every notebook of one submission.

    ``task``: student, cwd (staging folder), notebook_timeout, sanitize and execute
    (preprocessor classes), notebooks [{name, path, resources, graded, locked}].
    Returns {student, seconds, notebooks: [{name, outcome, nb, restored, error, seconds,
    sandbox}]} where outcome is ok, invalid_notebook, timed_out, kernel_died or error, and
    sandbox the records of the kernel's guard (:mod:`..kernel.guard`: what it tried, what
    applied) after those of :func:`.answerkey_uses.answer_key_records`.
    """
    assert _CONFIG is not None, "init_worker was not called"
    sanitize = _exporter(task["sanitize"], _CONFIG)
    execute = _exporter([pp for pp in task["execute"] if not is_db_preprocessor(pp)], _CONFIG)
    results: list[dict[str, Any]] = []
    started = time.monotonic()
    deadline = started + task["notebook_timeout"] if task.get("notebook_timeout") else None
    os.environ["NBGRADER_EXECUTION"] = "autograde"  # as nbgrader's Autograde converter sets
    for item in task["notebooks"]:
        t0 = time.monotonic()
        entry: dict[str, Any] = {
            "name": item["name"],
            "outcome": "ok",
            "nb": None,
            "restored": [],
            "error": "",
        }
        results.append(entry)
        resources = dict(item["resources"])
        resources["metadata"] = {"name": item["name"], "path": task["cwd"]}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                nb = nbformat.read(item["path"], as_version=4)
                entry["restored"] = restored_cells(nb, item["graded"], item["locked"])
                sanitized, _ = sanitize.from_notebook_node(nb, resources=dict(resources))
                nb = nbformat.reads(sanitized, as_version=4)
            # answer cells naming a removed answer key: read before they run
            keys_named = answer_key_records(nb)
        except Exception as exc:  # noqa: BLE001 -- invalid JSON, not a notebook, bad metadata
            entry["outcome"] = "invalid_notebook"
            entry["error"] = f"{type(exc).__name__}: {exc}"[:300]
            entry["traceback"] = traceback.format_exc()
            break
        fired = threading.Event()
        timer = None
        if deadline is not None:

            def _expire(fired: threading.Event = fired) -> None:
                fired.set()
                managers.kill_live_kernels()

            timer = threading.Timer(max(deadline - time.monotonic(), 0.1), _expire)
            timer.daemon = True
            timer.start()
        try:
            output, _ = execute.from_notebook_node(nb, resources=dict(resources))
            if fired.is_set():
                entry["outcome"] = "timed_out"
            else:
                path = os.path.join(task["cwd"], item["name"] + ".ipynb")
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(output)
                # already validated by the exporter: no second validation
                entry["nb"] = nbformat.v4.reads(output)
        except Exception as exc:  # noqa: BLE001 -- every failure becomes a status
            if fired.is_set() or _is_timeout(exc):
                entry["outcome"] = "timed_out"
            elif _is_dead_kernel(exc):
                entry["outcome"] = "kernel_died"
            else:
                entry["outcome"] = "error"
            entry["error"] = f"{type(exc).__name__}: {exc}"[:500]
            entry["traceback"] = traceback.format_exc()
        finally:
            if timer is not None:
                timer.cancel()
            managers.kill_live_kernels()
            managers.LIVE_KERNELS.clear()
            entry["sandbox"] = keys_named + managers.take_sandbox_records()
            entry["seconds"] = time.monotonic() - t0
        if entry["outcome"] != "ok":
            break
    return {"student": task["student"], "notebooks": results, "seconds": time.monotonic() - started}


def _is_timeout(exc: BaseException) -> bool:
    """A cell that could not be interrupted (nbclient gave up waiting for the kernel)."""
    from nbclient.exceptions import CellTimeoutError

    return isinstance(exc, (CellTimeoutError, TimeoutError))


def _is_dead_kernel(exc: BaseException) -> bool:
    from nbclient.exceptions import DeadKernelError
    from nbgrader.preprocessors.execute import UnresponsiveKernelError

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (DeadKernelError, UnresponsiveKernelError)):
            return True
        if "kernel died" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False
