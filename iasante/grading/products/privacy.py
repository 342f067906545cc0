"""Personal data stays out of git: grade exports and class reports name students.

The course repository is public (it is the course). An export or a report written inside
its work tree, in a path git would track, is one ``git add .`` away from publishing
every student's e-mail and grades. :func:`check_private_destination` refuses such a
destination unless the instructor says otherwise; ``exports/`` and ``rapports/`` are in
the course's ``.gitignore``, so the default destinations pass.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from iasante.messages import msg


class PersonalDataInGit(PermissionError):
    """The destination is inside a git work tree and not ignored by git."""


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=30, check=False
    )


def tracked_by_git(path: Path) -> bool:
    """True when ``path`` lies in a git work tree and git does not ignore it."""
    probe = path if path.is_dir() else path.parent
    while not probe.exists():
        probe = probe.parent
    try:
        inside = _git("rev-parse", "--is-inside-work-tree", cwd=probe)
    except (OSError, subprocess.SubprocessError):
        return False  # no git: nothing can be committed by mistake
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return False
    ignored = _git("check-ignore", "-q", str(path.resolve() / "fichier.csv"), cwd=probe)
    return ignored.returncode != 0


def check_private_destination(path: str | Path, allow_in_git: bool = False) -> None:
    """Raise :class:`PersonalDataInGit` if personal data written to ``path`` (a folder)
    could be committed, unless ``allow_in_git``."""
    folder = Path(path)
    if not allow_in_git and tracked_by_git(folder):
        raise PersonalDataInGit(msg("grading.privacy.tracked", path=folder))
