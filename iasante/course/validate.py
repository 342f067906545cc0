"""`iasante valider`: check a whole assignment before submitting, in French, from a terminal.

nbgrader's ``validate`` is what the Validate button runs; from a terminal it is often not
on ``PATH``, prints English and cuts long messages. This runs the same
:class:`nbgrader.validator.Validator` (same kernel, same checks, same notion of a locked
cell changed) on the learner's notebook and prints each result whole, in French.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from iasante.messages import msg

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class NotebookNotFound(FileNotFoundError):
    """No notebook matches what the learner typed."""


@dataclass
class Validation:
    notebook: Path
    failed: list[tuple[str, str]] = field(default_factory=list)  # (first line, error)
    changed: list[str] = field(default_factory=list)
    type_changed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.failed or self.changed or self.type_changed)


def find_notebooks(target: str, start: Path | None = None) -> list[Path]:
    """The notebooks meant by ``target``: a notebook path, a folder, or an assignment name
    looked up in the current folder, ``devoirs/`` (the workspace of ``iasante lab``) and
    ``espace-de-travail/devoirs/``."""
    start = start or Path.cwd()
    path = Path(target)
    if path.suffix == ".ipynb" and path.is_file():
        return [path]
    candidates = [
        path,
        start / target,
        start / "devoirs" / target,
        start / "espace-de-travail" / "devoirs" / target,
    ]
    for folder in candidates:
        if folder.is_dir():
            found = sorted(p for p in folder.glob("*.ipynb") if "nouvelle version" not in p.name)
            if found:
                return found
    raise NotebookNotFound(msg("cli.validate.not_found", target=target))


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line.strip()
    return source.strip().splitlines()[0] if source.strip() else ""


def validate_notebook(path: Path) -> Validation:
    """Run nbgrader's validator on one notebook (its kernel, in the notebook's folder)."""
    from nbgrader.validator import Validator

    results = Validator().validate(str(path.resolve()))
    out = Validation(path)
    out.type_changed = [_first_line(c["source"]) for c in results.get("type_changed", [])]
    out.changed = [_first_line(c["source"]) for c in results.get("changed", [])]
    out.failed = [
        (_first_line(c["source"]), _french(_ANSI.sub("", c.get("raw_error", "")).strip()))
        for c in results.get("failed", [])
    ]
    return out


#: nbgrader's own English messages, in French
_NBGRADER_TEXTS = {
    "You did not provide a response.": "cli.validate.no_written_answer",
}


def _french(error: str) -> str:
    key = _NBGRADER_TEXTS.get(error)
    return msg(key) if key else error


def report(validation: Validation) -> str:
    """The French report of one notebook, every message whole."""
    lines = [msg("cli.validate.title", name=validation.notebook.name)]
    for first in validation.type_changed:
        lines.append(msg("cli.validate.type_changed", cell=first))
    for first in validation.changed:
        lines.append(msg("cli.validate.changed", cell=first))
    for first, error in validation.failed:
        lines.append(msg("cli.validate.failed", cell=first))
        lines += [f"    {line}" for line in error.splitlines()[-6:]]
    if validation.ok:
        lines.append(msg("cli.validate.ok"))
    else:
        lines.append(
            msg(
                "cli.validate.summary",
                count=len(validation.failed)
                + len(validation.changed)
                + len(validation.type_changed),
            )
        )
    return "\n".join(lines)
