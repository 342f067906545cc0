"""Shared test set-up: headless plotting, the environment's scripts on PATH."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

from iasante._env import ensure_scripts_on_path

ensure_scripts_on_path()
