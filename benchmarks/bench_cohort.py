"""Benchmark of the synthetic cohort generator.

Usage: ``python benchmarks/bench_cohort.py [--repeats 5]``.
Prints, for cohorts of growing size, the best wall time of ``generate_cohort`` (with the
default-variant defects), the number of stays and stays per second, then the time to
generate **10,000 stays** (interpolated from the measured rate) and to write the CSV files.
The issue's target is ≥ 10,000 stays in under 2 s.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time

import numpy as np

from iasante.data.cohort import generate_cohort, write_cohort


def best_time(func, repeats: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print(f"{'patients':>9} {'séjours':>9} {'temps (s)':>10} {'séjours/s':>11}")
    rates = []
    for n in (1_000, 3_500, 6_500, 13_000):
        seconds, tables = best_time(lambda n=n: generate_cohort(2026, n), args.repeats)
        stays = len(tables["stays"])
        rates.append(stays / seconds)
        print(f"{n:>9} {stays:>9} {seconds:>10.3f} {stays / seconds:>11,.0f}")
    seconds, tables = best_time(lambda: generate_cohort(2026, 6_500), args.repeats)
    stays = len(tables["stays"])
    print(
        f"\n10 000 séjours : {seconds * 10_000 / stays:.3f} s "
        f"(mesuré : {stays} séjours en {seconds:.3f} s ; objectif < 2 s)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        seconds, _ = best_time(lambda: write_cohort(tmp, seed=2026, n_patients=6_500), 3)
    print(f"Génération + écriture des CSV ({stays} séjours) : {seconds:.3f} s")


if __name__ == "__main__":
    main()
