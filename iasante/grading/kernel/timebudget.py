"""A copy that has already timed out once gets a short limit for its remaining cells.

Most of a class's grading time used to go to broken copies: an infinite loop in a helper
function makes *every* test cell that calls it wait the full cell limit (60 s), one after
the other. Honest slow cells keep the full limit; but once a cell of a notebook has been
interrupted for taking too long, the following cells of that notebook get
``max(AFTER_TIMEOUT_FLOOR, limit // AFTER_TIMEOUT_DIVISOR)`` seconds (10 s for the
course's 60 s). Scores are unchanged for every copy whose later cells would have timed
out anyway; a later cell that would have needed more than the short limit after a first
timeout loses its points, a trade-off stated in the instructor guide.

It uses nbclient's public ``timeout_func`` trait: nbclient interrupts the kernel on a
timeout (``interrupt_on_timeout``), and the interrupted cell's error output
(``KeyboardInterrupt``) is what this module looks for in the cells already executed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

AFTER_TIMEOUT_DIVISOR = 6
AFTER_TIMEOUT_FLOOR = 5


def _interrupted(nb: Any, before: Any) -> bool:
    """True when a code cell executed before ``before`` was interrupted."""
    for cell in getattr(nb, "cells", []):
        if cell is before:
            return False
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") == "KeyboardInterrupt":
                return True
    return False


def shrinking_timeout(client: Any) -> Callable[[Any], int | None]:
    """A ``timeout_func`` for ``client`` (an nbclient ``NotebookClient``/nbgrader
    ``Execute``): its own ``timeout`` until a cell has been interrupted, then the short
    limit."""

    def timeout_for(cell: Any) -> int | None:
        full = client.timeout
        if not full or full < 0:
            return full
        if _interrupted(client.nb, cell):
            return max(AFTER_TIMEOUT_FLOOR, int(full) // AFTER_TIMEOUT_DIVISOR)
        return int(full)

    return timeout_for
