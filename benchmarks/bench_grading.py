"""Benchmark: `iasante grade` vs stock `nbgrader autograde` on the same class, in one run.

Usage::

    .venv/bin/python benchmarks/bench_grading.py [ASSIGNMENT] [--students 40] [--workers N]

Builds a throw-away course (temp directory) for a real module (default: the first in
source/), simulates a class of correct / partial / unanswered submissions and measures, in
the same run (these machines are noisy: compare ratios, not seconds):

1. **throughput**: stock ``nbgrader autograde`` (one command, as an instructor would) vs the
   pipeline with its default workers, on two copies of the class; every cell of every
   student must get the same score;
2. **cost of one more submission**, in CPU seconds of the whole machine (``/proc/stat``:
   grading process, workers, template, kernels): the pipeline on the whole class and on a
   fifth of it; the difference divided by the extra submissions is what a submission costs
   once the fixed start-up (template imports, worker start) is paid. Where ``/proc/stat`` is
   missing, wall-clock time multiplied by the number of workers stands in (an upper bound);
3. the two references that cost is compared with, in CPU seconds, on the same notebooks,
   each student starting from the state a graded kernel starts from (libraries imported,
   nothing else: one student's run leaves no cache for the next): *pure execution* -- the
   code cells run with ``exec`` in a fresh fork of this process, figures drawn to PNG as the
   inline backend would -- and *running kernel* -- the same cells sent by nbclient to a
   kernel forked from the pipeline's template, timed from its first cell: the floor of any
   grader that must produce the notebook's outputs through the Jupyter protocol, as
   nbgrader does. The difference between the two is the protocol and IPython's own work
   per cell; the difference between the second and the cost of a submission is what
   grading adds (kernel start, nbgrader's checks, gradebook writes).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from iasante._env import ensure_scripts_on_path  # noqa: E402
from iasante.course import CourseLayout, list_assignments  # noqa: E402
from iasante.grading.course import load_config  # noqa: E402
from iasante.grading.kernel import zygote  # noqa: E402
from iasante.grading.products import simulate  # noqa: E402
from iasante.grading.run.options import GradingOptions  # noqa: E402
from iasante.grading.run.pipeline import ClassGrader, grade_assignment  # noqa: E402


def gradebook_scores(course: Path, assignment: str) -> dict:
    from nbgrader.api import Gradebook

    cfg = load_config(course)
    out = {}
    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        for sub in gb.assignment_submissions(assignment):
            for nb in sub.notebooks:
                for grade in nb.grades:
                    out[(sub.student.id, nb.name, grade.name)] = grade.auto_score
    return out


def code_cells(course: Path, assignment: str, student: str) -> tuple[Path, list[str]]:
    """The autograded notebooks' code cells (hidden tests included), as the grader ran them."""
    folder = course / "autograded" / student / assignment
    cells: list[str] = []
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        cells += [c.source for c in nb.cells if c.cell_type == "code"]
    return folder, cells


def in_fresh_process(function: Callable[[], float]) -> float:
    """``function()`` run in a fork of this process, so that one student's run leaves no
    cache behind for the next (as each graded kernel is a fresh fork of the template)."""
    if not hasattr(os, "fork"):
        return function()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover -- child
        os.close(read_end)
        try:
            os.write(write_end, repr(function()).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as fh:
        value = fh.read()
    os.waitpid(pid, 0)
    return float(value)


def pure_execution_seconds(
    course: Path, assignment: str, students: list[str], preload: list[str]
) -> list[float]:
    """CPU seconds of each student's code run with exec(), each in a fresh fork of this
    process once the libraries are imported (the state a graded kernel starts from)."""
    from IPython.core.inputtransformer2 import TransformerManager

    os.environ["MPLBACKEND"] = "Agg"
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    for name in preload:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    zygote.warm_up(preload)  # the state the template forks kernels from
    import matplotlib.pyplot as plt

    transform = TransformerManager().transform_cell

    def run(cells: list[Any]) -> float:
        namespace: dict = {"__name__": "__main__"}
        started = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            for code in cells:
                try:
                    exec(code, namespace)
                except BaseException:  # noqa: BLE001 -- student errors are expected
                    pass
                for number in plt.get_fignums():  # what the inline backend shows, then closes
                    plt.figure(number).savefig(io.BytesIO(), format="png")
                plt.close("all")
        return time.process_time() - started

    times = []
    here = os.getcwd()
    for student in students:
        folder, sources = code_cells(course, assignment, student)
        cells = [compile(transform(s), "<cell>", "exec") for s in sources]
        os.chdir(folder)
        times.append(in_fresh_process(lambda cells=cells: run(cells)))
        os.chdir(here)
    return times


def warm_kernel_seconds(
    course: Path, assignment: str, students: list[str], preload: list[str]
) -> list[float]:
    """Machine CPU seconds (client and kernel) of each student's cells sent by nbclient to a
    kernel that is already running: a fresh fork of the pipeline's template (libraries
    imported), timed from its first cell, so start-up is left out (wall-clock where CPU is
    unknown). Without fork, one ordinary kernel is started per student."""
    from nbclient import NotebookClient

    from iasante.grading.kernel import managers as kernels

    env = {**os.environ, "NBGRADER_EXECUTION": "autograde"}
    env.pop("MPLBACKEND", None)
    fork = kernels.fork_unavailable_reason() is None
    template = kernels.ZygoteServer(preload).start() if fork else None
    kernels.ZYGOTE_SOCKET = template.socket_path if template else None
    manager = kernels.ForkKernelManager if fork else kernels.TrackedKernelManager
    times = []
    try:
        for student in students:
            folder, sources = code_cells(course, assignment, student)
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
            client = NotebookClient(
                nb,
                km=manager(kernel_name="python3"),
                timeout=120,
                allow_errors=True,
                resources={"metadata": {"path": folder}},
            )
            with client.setup_kernel(env=env):
                with Meter() as meter:
                    for index, cell in enumerate(nb.cells):
                        client.execute_cell(cell, index)
            times.append(meter.cpu if meter.cpu is not None else meter.wall)
    finally:
        if template is not None:
            template.stop()
    return times


def machine_cpu_seconds() -> float | None:
    """CPU time used by the whole machine since boot (Linux), idle and I/O wait excluded."""
    try:
        with open("/proc/stat") as fh:
            values = [int(x) for x in fh.readline().split()[1:]]
    except OSError:
        return None
    return (sum(values[:8]) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


class Meter:
    """Wall-clock and machine CPU seconds of a block (CPU is None where unknown)."""

    def __enter__(self) -> Meter:
        self.wall, self.cpu = time.perf_counter(), machine_cpu_seconds()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        end = machine_cpu_seconds()
        self.cpu = None if self.cpu is None or end is None else end - self.cpu


SANDBOX = True  # --no-sandbox: grade without the kernels' sandbox (to measure its cost)


def timed_grading(course: Path, assignment: str, workers: int | None) -> tuple[Meter, object]:
    with Meter() as meter:
        run = grade_assignment(course, assignment, workers=workers, progress=False, sandbox=SANDBOX)
    return meter, run


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("assignment", nargs="?", default=None)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the temp course directories")
    parser.add_argument(
        "--no-sandbox",
        action="store_true",
        help="grade without the kernels' sandbox (its cost: compare two runs)",
    )
    args = parser.parse_args()
    global SANDBOX
    SANDBOX = not args.no_sandbox
    ensure_scripts_on_path()
    assignment = args.assignment or list_assignments(CourseLayout(REPO))[0]
    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        n = args.students
        # a sample with the class's mix: whole cycles of simulate.class_kinds (5 kinds)
        small = max(5, n // 4 // 5 * 5)
        base = simulate.make_course(tmp / "base", REPO, assignment)
        simulate.simulate_class(base, assignment, simulate.class_kinds(n, broken=False))
        copies = {}
        for name in ("stock", "ours", "ours_small"):
            copies[name] = tmp / name
            shutil.copytree(base, copies[name])
        for extra in sorted((copies["ours_small"] / "submitted").iterdir())[small:]:
            shutil.rmtree(extra)
        print(f"assignment {assignment}: {n} submissions, {os.cpu_count()} CPU(s)")

        with Meter() as stock:
            proc = subprocess.run(
                [str(Path(sys.executable).parent / "nbgrader"), "autograde", assignment, "--force"],
                cwd=copies["stock"],
                capture_output=True,
                text=True,
            )
        if proc.returncode != 0:
            print(proc.stderr[-3000:])
            return 1
        print(
            f"stock nbgrader autograde:        {stock.wall:7.1f} s  "
            f"({stock.wall / n:.2f} s/submission)"
        )
        ours, run = timed_grading(copies["ours"], assignment, args.workers)
        print(
            f"iasante grade ({run.kernel_mode}, {run.workers} workers): {ours.wall:7.1f} s  "
            f"({ours.wall / n:.2f} s/submission)"
        )
        same = gradebook_scores(copies["stock"], assignment) == gradebook_scores(
            copies["ours"], assignment
        )
        print(f"scores identical (every cell of every student): {same}")
        from iasante.grading.run.protections import sandbox_line

        print(sandbox_line(run.sandbox))
        flagged = {s: r.attempts for s, r in run.results.items() if r.attempts}
        print(f"honest submissions flagged by the sandbox's guard: {len(flagged)} {flagged}")
        print(f"throughput ratio: {stock.wall / ours.wall:.2f}x  (target >= 3x)")

        part, _ = timed_grading(copies["ours_small"], assignment, args.workers)
        if ours.cpu is not None and part.cpu is not None:
            unit, whole_cost, part_cost = "CPU s", ours.cpu, part.cpu
        else:
            unit, whole_cost, part_cost = (
                "s x workers",
                ours.wall * run.workers,
                part.wall * run.workers,
            )
        per_submission = (whole_cost - part_cost) / (n - small)
        print(
            f"\ncost of the run: {n} submissions {whole_cost:.1f} {unit}, {small} submissions "
            f"{part_cost:.1f} {unit} -> one more submission costs {per_submission:.3f} {unit}"
            f" (fixed start-up {part_cost - small * per_submission:.1f} {unit})"
        )

        students = sorted(run.results)
        preload = ClassGrader(copies["ours"], assignment, GradingOptions()).preload_modules()
        warm = mean(warm_kernel_seconds(copies["ours"], assignment, students, preload))
        pure = mean(pure_execution_seconds(copies["ours"], assignment, students, preload))
        cells = len(code_cells(copies["ours"], assignment, students[0])[1])
        print(
            f"pure execution of the student's code ({cells} cells, exec): {pure:.3f} CPU s"
            f" -> one submission costs {per_submission / pure:.1f}x that  (target <= 1.5x)"
        )
        print(
            f"the same cells on a running Jupyter kernel (nbclient): {warm:.3f} CPU s"
            f" -> one submission costs {per_submission / warm:.1f}x that"
        )
        print(
            f"  (Jupyter protocol and IPython per cell: {1000 * (warm - pure) / cells:.1f} ms;"
            f" grading overhead per submission: {per_submission - warm:.3f} {unit})"
        )
        return 0 if same else 2
    finally:
        if args.keep:
            print(f"kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
