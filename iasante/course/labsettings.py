"""Classroom settings for JupyterLab: French interface, no news pop-up, autosave.

JupyterLab reads administrator defaults from
``{sys.prefix}/share/jupyter/lab/settings/overrides.d/*.json``; an editable pip
install does not copy data files there, so ``iasante lab`` (and the hub image)
put the course's file in place. A learner can still change any of these settings.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from iasante.course.layout import CourseLayout

OVERRIDES = Path("jupyter-config/lab/settings/overrides.d/iasante.json")


def overrides_target(prefix: str = sys.prefix) -> Path:
    return Path(prefix) / "share/jupyter/lab/settings/overrides.d/iasante.json"


def install_lab_settings(layout: CourseLayout, prefix: str = sys.prefix) -> Path | None:
    """Copy the course's overrides into the environment; None when it cannot be written."""
    origin = layout.root / OVERRIDES
    target = overrides_target(prefix)
    if not origin.is_file():
        return None
    try:
        if target.is_file() and target.read_bytes() == origin.read_bytes():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, target)
    except OSError:
        return None
    return target
