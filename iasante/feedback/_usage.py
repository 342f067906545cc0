"""Record of the hints and solutions a learner revealed.

Kept in memory for the session and, best effort, in a small JSON file so that it
survives a kernel restart: ``.iasante-aides.json`` in the current working directory
(the notebook's folder), or the path in the environment variable
``IASANTE_USAGE_FILE`` (set it to an empty string to disable the file). Nothing is
written during an nbgrader run.
"""

from __future__ import annotations

import html
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iasante.messages import msg

from ._core import is_graded_run

DEFAULT_FILE = ".iasante-aides.json"

_EVENTS: list[dict[str, Any]] = []


def usage_file() -> Path | None:
    """Path of the JSON record, or None when persistence is disabled."""
    if is_graded_run():
        return None
    env = os.environ.get("IASANTE_USAGE_FILE")
    if env is not None:
        return Path(env) if env.strip() else None
    return Path.cwd() / DEFAULT_FILE


def _load(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    events = data.get("events", []) if isinstance(data, dict) else []
    return [e for e in events if isinstance(e, dict) and "question" in e and "kind" in e]


def record(question: str, kind: str, step: int | None = None) -> None:
    """Record one revealed hint (``kind="hint"``, ``step`` = its number) or solution."""
    event = {
        "question": question,
        "kind": kind,
        "step": step,
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    _EVENTS.append(event)
    path = usage_file()
    if path is None:
        return
    try:
        events = _load(path) + [event]
        path.write_text(
            json.dumps({"events": events}, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    except OSError:
        pass  # read-only folder: the in-memory record is enough


@dataclass
class UsageReport:
    """Hints and solutions revealed, per question, in the order questions were first helped."""

    events: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for e in self.events:
            entry = out.setdefault(e["question"], {"hints": [], "solution": False})
            if e["kind"] == "hint" and e.get("step") not in entry["hints"]:
                entry["hints"].append(e.get("step"))
            elif e["kind"] == "solution":
                entry["solution"] = True
        for entry in out.values():
            entry["hints"].sort()
        return out

    def lines(self) -> list[str]:
        lines = []
        for question, entry in self.summary().items():
            steps = ", ".join(str(s) for s in entry["hints"])
            if entry["hints"] and entry["solution"]:
                lines.append(
                    msg("feedback.usage.hints_and_solution", question=question, steps=steps)
                )
            elif entry["hints"]:
                lines.append(msg("feedback.usage.hints", question=question, steps=steps))
            elif entry["solution"]:
                lines.append(msg("feedback.usage.solution", question=question))
        return lines

    def __len__(self) -> int:
        return len(self.events)

    def __str__(self) -> str:
        lines = self.lines()
        if not lines:
            return msg("feedback.usage.empty")
        return msg("feedback.usage.title") + "\n" + "\n".join(f"- {line}" for line in lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        lines = self.lines()
        if not lines:
            return f"<p>{html.escape(msg('feedback.usage.empty'))}</p>"
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        return f"<p><strong>{html.escape(msg('feedback.usage.title'))}</strong></p><ul>{items}</ul>"


def usage_report(persisted: bool = True) -> UsageReport:
    """What was revealed: this session, plus earlier sessions recorded in the JSON file.

    Display it in a notebook (last line of a cell) or ``print`` it.
    """
    events = list(_EVENTS)
    path = usage_file() if persisted else None
    if path is not None and path.exists():
        stored = _load(path)
        seen = {(e["question"], e["kind"], e.get("step"), e.get("time")) for e in stored}
        events = stored + [
            e
            for e in events
            if (e["question"], e["kind"], e.get("step"), e.get("time")) not in seen
        ]
    return UsageReport(events)


def reset_usage(delete_file: bool = False) -> None:
    """Forget this session's record (and delete the JSON file if asked)."""
    _EVENTS.clear()
    path = usage_file()
    if delete_file and path is not None:
        try:
            path.unlink()
        except OSError:
            pass
