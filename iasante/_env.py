"""Make the environment's own scripts reachable, as nbgrader expects.

nbgrader runs ``alembic`` (and kernels run ``python``) by name through PATH. When
``iasante`` is started as ``.venv/bin/iasante`` without activating the virtual
environment, that folder is not on PATH and nbgrader fails with
``FileNotFoundError: 'alembic'``; putting it first fixes every entry point at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def ensure_scripts_on_path() -> None:
    scripts = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if scripts not in parts:
        os.environ["PATH"] = os.pathsep.join([scripts, *filter(None, parts)])
