"""nbgrader's own filesystem exchange, hardened so that students cannot reach each other's
work when every student runs as **their own Unix user** (issue 21).

Stock nbgrader 0.9.6 already makes ``inbound/`` write-only for students (``2733``: nobody
but the instructor can list it) and names a submission ``<student>+<devoir>+<horodatage>+
<aléa>``. Three gaps remain, each closed here by a class plugged through nbgrader's
``ExchangeFactory`` (see ``deploy/nbgrader_config.py``):

- :class:`ReleaseAssignment` — ``inbound/`` gets the **sticky bit** (``3733``, as ``/tmp``):
  without it, a student who knows (or guesses) another's folder name may rename or delete
  it, because deleting an entry only needs write access to the parent folder.
- :class:`Submit` — stock nbgrader leaves each submission folder ``0777`` and its files
  ``0644``: anyone who learns the name reads, replaces or deletes the copy. Here the folder
  becomes ``0770``; it inherits the instructors' group from ``inbound/`` (set-group-id), so
  the teaching team reads it (``nbgrader collect``) and other students cannot even enter it.
- :class:`Collect` — anyone may drop a folder *named* after another student in
  ``inbound/``; stock ``collect`` only logs « cheating attempt? » and collects it, so a
  later forged copy replaces the real one. Here a submission whose Unix owner is not the
  student it names is **not collected** (logged as an error). When the owner cannot be
  resolved (Kubernetes: per-user uids have no ``/etc/passwd`` entry in the instructor's
  container) it falls back to nbgrader's warning.

Feedback (``feedback/<hash>.html``, folder ``0711``) is left as nbgrader makes it: the
folder cannot be listed, and the file name is a hash of a 64-byte secret that only the
student (their cache, in their ``0700`` home) and the instructor can read.

Uses ``ExchangeCollect._path_to_record`` (nbgrader pinned at 0.9.6 in
requirements/constraints.txt; tests/test_hub_exchange_plugins.py fails if it changes).
"""

from __future__ import annotations

import os
import pwd
import stat
from typing import Any

from nbgrader.exchange.default import (
    ExchangeCollect,
    ExchangeReleaseAssignment,
    ExchangeSubmit,
)
from traitlets import Bool

#: submission folder: owner and instructors' group (inherited from inbound/), nobody else
SUBMISSION_MODE = 0o770
#: inbound/: set-group-id, sticky, write-and-enter only for the others (nbgrader's 2733 + t)
INBOUND_MODE = stat.S_ISGID | stat.S_ISVTX | 0o733
#: label of a forged record: cannot be a hub user name, so it never competes with real ones
FORGED = "\0usurpation:"


class ReleaseAssignment(ExchangeReleaseAssignment):
    """``nbgrader release_assignment``, then the sticky bit on ``inbound/``."""

    def init_dest(self) -> None:
        super().init_dest()
        inbound = self.inbound_path
        mode = os.stat(inbound).st_mode
        if mode & INBOUND_MODE != INBOUND_MODE and os.stat(inbound).st_uid == os.getuid():
            os.chmod(inbound, stat.S_IMODE(mode) | INBOUND_MODE)


class Submit(ExchangeSubmit):
    """``nbgrader submit``, then the submission folder closed to other students."""

    def copy_files(self) -> None:
        super().copy_files()
        os.chmod(os.path.join(self.inbound_path, self.assignment_filename), SUBMISSION_MODE)


def owner_name(path: str) -> str | None:
    """The Unix user owning ``path``, or None when its uid has no name here."""
    try:
        return pwd.getpwuid(os.stat(path).st_uid).pw_name
    except KeyError:
        return None


class Collect(ExchangeCollect):
    """``nbgrader collect`` that leaves out submissions not owned by the student they name."""

    reject_foreign_owner = Bool(
        True,
        help="Skip (instead of only logging) a submission whose Unix owner is another user.",
    ).tag(config=True)

    def _path_to_record(self, path: str) -> dict[str, Any]:
        record: dict[str, Any] = super()._path_to_record(path)
        if not self.reject_foreign_owner:
            return record
        owner = owner_name(os.path.join(self.inbound_path, record["filename"]))
        if owner is not None and owner != record["username"]:
            self.log.error(
                "Copie %s ignorée : elle porte le nom de %s mais appartient à %s.",
                record["filename"],
                record["username"],
                owner,
            )
            record["username"] = FORGED + owner
        return record

    def copy_files(self) -> None:
        records: list[dict[str, Any]] = self.src_records  # type: ignore[has-type]
        self.src_records = [r for r in records if not r["username"].startswith(FORGED)]
        super().copy_files()
