"""Benchmark: `iasante grade` vs stock `nbgrader autograde` on the same class, in one run.

Usage::

    .venv/bin/python benchmarks/bench_grading.py [ASSIGNMENT] [--students 40] [--workers N]

Builds a throw-away course (temp directory) for a real module (default: the first in
source/), simulates a class of correct / partial / unanswered submissions and measures, in
the same run (these machines are noisy: compare ratios, not seconds):

1. **throughput**: stock ``nbgrader autograde`` (one command, as an instructor would) vs the
   pipeline with its default workers, on two copies of the class; every cell of every
   student must get the same score;
2. **cost of one more submission**: the pipeline with *one* worker on the whole class and on
   a fifth of it; the difference divided by the extra submissions is what a submission costs
   once the fixed start-up (template imports, worker start) is paid;
3. the two references that cost is compared with, on the same autograded notebooks:
   *pure execution* -- each student's code cells run with ``exec`` in one warm process where
   the libraries are already imported, figures drawn to PNG as the inline backend would --
   and *warm kernel* -- the same cells sent by nbclient to one Jupyter kernel started once,
   libraries imported, namespace reset between students: the floor of any grader that must
   produce the notebook's outputs through the Jupyter protocol, as nbgrader does.
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
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from iasante.grading import simulate  # noqa: E402
from iasante.grading.course import ensure_tools_on_path, list_assignments, load_config  # noqa: E402
from iasante.grading.pipeline import ClassGrader, GradingOptions, grade_assignment  # noqa: E402


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


def pure_execution_seconds(course: Path, assignment: str, students: list[str],
                           preload: list[str]) -> list[float]:
    """Each student's code run with exec() in this warm process (libraries imported)."""
    from IPython.core.inputtransformer2 import TransformerManager

    os.environ["MPLBACKEND"] = "Agg"
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    for name in preload:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    import matplotlib.pyplot as plt

    transform = TransformerManager().transform_cell
    times = []
    here = os.getcwd()
    for student in students:
        folder, sources = code_cells(course, assignment, student)
        cells = [compile(transform(s), "<cell>", "exec") for s in sources]
        namespace: dict = {"__name__": "__main__"}
        os.chdir(folder)
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            for code in cells:
                try:
                    exec(code, namespace)  # noqa: S102
                except BaseException:  # noqa: BLE001 -- student errors are expected
                    pass
                for number in plt.get_fignums():  # what the inline backend shows, then closes
                    plt.figure(number).savefig(io.BytesIO(), format="png")
                plt.close("all")
        times.append(time.perf_counter() - started)
        os.chdir(here)
    return times


def warm_kernel_seconds(course: Path, assignment: str, students: list[str],
                        preload: list[str]) -> list[float]:
    """Each student's cells sent by nbclient to one kernel started once, libraries imported."""
    from nbclient import NotebookClient

    env = {**os.environ, "NBGRADER_EXECUTION": "autograde"}
    env.pop("MPLBACKEND", None)
    scratch = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    client = NotebookClient(scratch, kernel_name="python3", timeout=120, allow_errors=True)
    times = []
    with client.setup_kernel(env=env):
        imports = "\n".join(f"try:\n    import {m}\nexcept Exception:\n    pass" for m in preload)
        client.execute_cell(nbformat.v4.new_code_cell(imports), 0)
        for student in students:
            folder, sources = code_cells(course, assignment, student)
            reset = nbformat.v4.new_code_cell(f"%reset -f\nimport os\nos.chdir({str(folder)!r})")
            client.nb = nbformat.v4.new_notebook(
                cells=[reset, *(nbformat.v4.new_code_cell(s) for s in sources)])
            client.execute_cell(client.nb.cells[0], 0)
            started = time.perf_counter()
            for index, cell in enumerate(client.nb.cells[1:], 1):
                client.execute_cell(cell, index)
            times.append(time.perf_counter() - started)
    return times


def timed_grading(course: Path, assignment: str, workers: int | None) -> tuple[float, object]:
    started = time.perf_counter()
    run = grade_assignment(course, assignment, workers=workers, progress=False)
    return time.perf_counter() - started, run


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("assignment", nargs="?", default=None)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the temp course directories")
    args = parser.parse_args()
    ensure_tools_on_path()
    assignment = args.assignment or list_assignments(REPO)[0]
    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        n = args.students
        small = max(2, n // 5)
        base = simulate.make_course(tmp / "base", REPO, assignment)
        simulate.simulate_class(base, assignment, simulate.class_kinds(n, broken=False))
        copies = {}
        for name in ("stock", "ours", "one_worker", "one_worker_small"):
            copies[name] = tmp / name
            shutil.copytree(base, copies[name])
        for extra in sorted((copies["one_worker_small"] / "submitted").iterdir())[small:]:
            shutil.rmtree(extra)
        print(f"assignment {assignment}: {n} submissions, {os.cpu_count()} CPU(s)")

        started = time.perf_counter()
        proc = subprocess.run(
            [str(Path(sys.executable).parent / "nbgrader"), "autograde", assignment, "--force"],
            cwd=copies["stock"], capture_output=True, text=True)
        stock_s = time.perf_counter() - started
        if proc.returncode != 0:
            print(proc.stderr[-3000:])
            return 1
        print(f"stock nbgrader autograde:          {stock_s:7.1f} s  "
              f"({stock_s / n:.2f} s/submission)")

        ours_s, run = timed_grading(copies["ours"], assignment, args.workers)
        print(f"iasante grade ({run.kernel_mode}, {run.workers} workers):   {ours_s:7.1f} s  "
              f"({ours_s / n:.2f} s/submission)")
        same = gradebook_scores(copies["stock"], assignment) == gradebook_scores(
            copies["ours"], assignment)
        print(f"scores identical (every cell of every student): {same}")
        print(f"throughput ratio: {stock_s / ours_s:.2f}x  (target >= 3x)")

        whole_s, _ = timed_grading(copies["one_worker"], assignment, 1)
        part_s, _ = timed_grading(copies["one_worker_small"], assignment, 1)
        per_submission = (whole_s - part_s) / (n - small)
        print(f"\none worker: {n} submissions {whole_s:.1f} s, {small} submissions {part_s:.1f} s"
              f" -> cost of one more submission {per_submission:.3f} s "
              f"(fixed start-up {part_s - small * per_submission:.1f} s)")

        students = sorted(run.results)
        preload = ClassGrader(copies["ours"], assignment, GradingOptions()).preload_modules()
        warm = mean(warm_kernel_seconds(copies["ours"], assignment, students, preload))
        pure = mean(pure_execution_seconds(copies["ours"], assignment, students, preload))
        cells = len(code_cells(copies["ours"], assignment, students[0])[1])
        print(f"pure execution of the student's code ({cells} cells, exec): {pure:.3f} s"
              f" -> per-submission cost {per_submission / pure:.1f}x  (target <= 1.5x)")
        print(f"same cells on a warm Jupyter kernel (nbclient):       {warm:.3f} s"
              f" -> per-submission cost {per_submission / warm:.1f}x")
        print(f"  (the Jupyter protocol alone: {1000 * (warm - pure) / cells:.1f} ms per cell)")
        return 0 if same else 2
    finally:
        if args.keep:
            print(f"kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
