"""Every lesson notebook runs top to bottom, as a learner would, in under 30 s."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))
TIME_BUDGET_S = 30.0

pytestmark = pytest.mark.slow


def test_there_are_lessons() -> None:
    assert LESSONS


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_runs_without_error_in_time(path: Path) -> None:
    """Cells tagged ``raises-exception`` (error-reading lessons) may fail; no other may."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_BUDGET_S, f"{path.name} took {elapsed:.1f} s (budget {TIME_BUDGET_S} s)"
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        stderr = [o for o in cell.outputs if o.get("name") == "stderr"]
        assert not stderr, f"{path.name}: a cell writes to stderr: {stderr[0]['text'][:200]}"
