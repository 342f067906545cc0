"""Benchmark: what the grading sandbox costs per kernel (forked kernels, one worker).

Usage::

    .venv/bin/python benchmarks/bench_sandbox.py [--kernels 20]

Starts the kernel template once (the course's default preload), then starts, uses (one
small cell) and kills kernels one after the other, alternating *sandboxed* and *unconfined*
kernels so that the load of a shared machine affects both alike. Prints the median wall time
of each and their difference: the cost of the sandbox per submission (scratch directory,
Landlock rules, namespaces, seccomp, the guard, the process scan and clean-up after the
kernel).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from iasante.grading.kernel import managers as kernels  # noqa: E402
from iasante.grading.run.preload import DEFAULT_PRELOAD  # noqa: E402

CELL = "import numpy as np\nx = np.arange(10).sum()\nprint(x)"


async def one_kernel(sandboxed: bool, cwd: str) -> float:
    kernels.SANDBOX = {"course_root": cwd, "require": False} if sandboxed else None
    started = time.perf_counter()
    km = kernels.ForkKernelManager()
    # as nbgrader's Execute starts its kernels
    await km.start_kernel(cwd=cwd, extra_arguments=["--HistoryManager.hist_file=:memory:"])
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=60)
    msg_id = kc.execute(CELL)
    while True:
        reply = await kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    kc.stop_channels()
    await km.shutdown_kernel(now=True)
    records = kernels.take_sandbox_records()
    if sandboxed:
        assert any(r.get("kind") == "sandbox" for r in records), records
    return time.perf_counter() - started


async def main_async(n: int) -> None:
    cwd = tempfile.mkdtemp(prefix="bench-sandbox-")
    with kernels.ZygoteServer(DEFAULT_PRELOAD, cwd=cwd) as zygote:
        kernels.ZYGOTE_SOCKET = zygote.socket_path
        kernels.KERNEL_MEMORY_EXTRA = 2048 * 2**20
        await one_kernel(True, cwd)  # warm both paths once
        await one_kernel(False, cwd)
        times: dict[bool, list[float]] = {True: [], False: []}
        for i in range(2 * n):
            sandboxed = i % 2 == 0
            times[sandboxed].append(await one_kernel(sandboxed, cwd))
    on, off = statistics.median(times[True]), statistics.median(times[False])
    print(f"{n} kernels each, start + one cell + kill, median wall time:")
    print(f"  unconfined: {off * 1000:7.1f} ms")
    print(f"  sandboxed:  {on * 1000:7.1f} ms")
    print(f"  cost of the sandbox per kernel: {(on - off) * 1000:+.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kernels", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main_async(args.kernels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
