"""The worker processes of a run, fed as they free up.

At most two submissions per worker are staged ahead, so a long class never holds all its
copies at once; results come back in completion order. Workers come from a fork server
that has imported the worker code once (and is reused by later runs in the same process).
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import warnings
from collections.abc import Callable, Iterator
from logging import Logger
from typing import Any

from iasante.messages import msg

from ..status import Status
from .results import SubmissionResult
from .worker import execute_submission, init_worker, warm_up

#: (task for a worker or None when there is nothing to run, the result to fill)
Prepared = tuple[dict[str, Any] | None, SubmissionResult]


def default_workers() -> int:
    """The CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _mp_context() -> Any:
    """A fork server preloaded with the worker code; spawn where fork is unavailable."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["iasante.grading.run.worker"])
        return ctx
    return multiprocessing.get_context("spawn")


def progress_bar(total: int, desc: str, enabled: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="copie", disable=not enabled, dynamic_ncols=True)


def _failed(student: str, exc: BaseException) -> SubmissionResult:
    return SubmissionResult(student, Status.ERROR, detail=f"{type(exc).__name__}: {exc}"[:300])


class WorkerPool:
    """``with WorkerPool(n, initargs) as pool:`` then :meth:`warm_up` and :meth:`grade`."""

    def __init__(self, workers: int, initargs: tuple[Any, ...]) -> None:
        self.workers = workers
        self.executor = cf.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_mp_context(),
            initializer=init_worker,
            initargs=initargs,
        )
        self.in_flight: dict[cf.Future, SubmissionResult] = {}

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        for future in self.in_flight:
            future.cancel()
        self.executor.shutdown(wait=True, cancel_futures=True)

    def warm_up(self, zygote: Any) -> bool:
        """Start the workers while the kernel template imports its libraries; False (and a
        French warning) if the template failed: the workers then start ordinary kernels."""
        warm = [self.executor.submit(warm_up) for _ in range(self.workers)]
        ok = True
        try:
            zygote.wait_ready()
        except Exception as exc:  # noqa: BLE001 -- workers fall back to ordinary kernels
            warnings.warn(msg("grading.fork_unavailable", reason=exc), stacklevel=3)
            ok = False
        cf.wait(warm)
        return ok

    def grade(
        self,
        todo: list[str],
        prepare: Callable[[str], Prepared],
        finish: Callable[[SubmissionResult, dict[str, Any] | None], None],
        log: Logger,
    ) -> Iterator[SubmissionResult]:
        """Prepare (in this process), execute (in a worker) and finish (in this process)
        each student's submission; yield each result once finished."""
        pending = iter(todo)
        exhausted = False
        while True:
            while not exhausted and len(self.in_flight) < 2 * self.workers:
                student = next(pending, None)
                if student is None:
                    exhausted = True
                    break
                try:
                    task, result = prepare(student)
                except Exception as exc:
                    log.exception("%s: preparing the copy failed", student)
                    task, result = None, _failed(student, exc)
                if task is None:
                    finish(result, None)
                    yield result
                    continue
                self.in_flight[self.executor.submit(execute_submission, task)] = result
            if not self.in_flight:
                return
            done, _ = cf.wait(list(self.in_flight), return_when=cf.FIRST_COMPLETED)
            for future in done:
                result = self.in_flight.pop(future)
                try:
                    finish(result, future.result())
                except Exception as exc:
                    log.exception("%s: grading failed", result.student)
                    result.status = Status.ERROR
                    result.detail = f"{type(exc).__name__}: {exc}"[:300]
                    finish(result, None)
                yield result
