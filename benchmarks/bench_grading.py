"""Benchmark: `iasante grade` vs stock `nbgrader autograde` on the same class, in one run.

Usage::

    .venv/bin/python benchmarks/bench_grading.py [ASSIGNMENT] [--students 40] [--workers N]

Builds a throw-away course (temp directory) for a real module (default: the first in
source/), simulates a class of correct / partial / unanswered submissions, grades one copy
with stock ``nbgrader autograde`` (one command, as an instructor would) and another with the
pipeline, checks that every cell of every student has the same score, and prints the
throughput ratio. It also measures the *pure execution time* of each student's code: the
notebook's code cells run with ``exec`` in one warm process where the libraries are already
imported, which is the floor any grader could reach.
"""

from __future__ import annotations

import argparse
import contextlib
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
from iasante.grading.pipeline import DEFAULT_PRELOAD, grade_assignment  # noqa: E402


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


def pure_execution_seconds(course: Path, assignment: str, students: list[str]) -> list[float]:
    """Run each autograded notebook's code with exec() in this (warm) process."""
    import importlib

    from IPython.core.inputtransformer2 import TransformerManager

    os.environ["MPLBACKEND"] = "Agg"
    for name in DEFAULT_PRELOAD:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    import matplotlib.pyplot as plt

    transform = TransformerManager().transform_cell
    times = []
    here = os.getcwd()
    for student in students:
        folder = course / "autograded" / student / assignment
        cells = []
        for path in sorted(folder.glob("*.ipynb")):
            nb = nbformat.read(str(path), as_version=4)
            cells += [transform(c.source) for c in nb.cells if c.cell_type == "code"]
        namespace: dict = {"__name__": "__main__"}
        os.chdir(folder)
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            for source in cells:
                try:
                    exec(compile(source, "<cell>", "exec"), namespace)  # noqa: S102
                except BaseException:  # noqa: BLE001 -- student errors are expected
                    pass
        times.append(time.perf_counter() - started)
        os.chdir(here)
        plt.close("all")
    return times


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
        base = simulate.make_course(tmp / "base", REPO, assignment)
        kinds = simulate.class_kinds(args.students, broken=False)
        simulate.simulate_class(base, assignment, kinds)
        stock = tmp / "stock"
        ours = tmp / "ours"
        shutil.copytree(base, stock)
        shutil.copytree(base, ours)
        n = len(kinds)
        print(f"assignment {assignment}: {n} submissions, {os.cpu_count()} CPU(s)")

        started = time.perf_counter()
        proc = subprocess.run(
            [str(Path(sys.executable).parent / "nbgrader"), "autograde", assignment, "--force"],
            cwd=stock, capture_output=True, text=True)
        stock_s = time.perf_counter() - started
        if proc.returncode != 0:
            print(proc.stderr[-3000:])
            return 1
        print(f"stock nbgrader autograde: {stock_s:7.1f} s  ({stock_s / n:.2f} s/submission)")

        started = time.perf_counter()
        run = grade_assignment(ours, assignment, workers=args.workers, progress=False)
        ours_s = time.perf_counter() - started
        busy = sum(r.seconds for r in run.results.values())
        print(f"iasante grade ({run.kernel_mode}, {run.workers} workers): {ours_s:7.1f} s  "
              f"({ours_s / n:.2f} s/submission wall, {busy / n:.2f} s/submission in a worker)")

        same = gradebook_scores(stock, assignment) == gradebook_scores(ours, assignment)
        print(f"scores identical (every cell of every student): {same}")
        ratio = stock_s / ours_s
        print(f"throughput ratio: {ratio:.2f}x  (target >= 3x)")

        pure = pure_execution_seconds(ours, assignment, sorted(run.results))
        pure_mean = sum(pure) / len(pure)
        per_sub = ours_s * run.workers / n  # core-seconds per submission
        print(f"pure execution of the student's code: {pure_mean:.3f} s/submission; "
              f"pipeline cost {per_sub:.3f} core-s/submission = "
              f"{per_sub / max(pure_mean, 1e-9):.1f}x (target <= 1.5x)")
        return 0 if same else 2
    finally:
        if args.keep:
            print(f"kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
