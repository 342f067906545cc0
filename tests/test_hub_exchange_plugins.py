"""The exchange plugins of iasante/exchange.py on a real folder (no hub; root for chown).

The hub test (tests/test_hub_isolation.py) runs them through students' servers; this one
pins what they rely on in nbgrader 0.9.6 (``ExchangeCollect._path_to_record``, the
attributes set by ``init_dest``) in the fast tier.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from nbgrader.coursedir import CourseDirectory

from iasante.exchange import FORGED, INBOUND_MODE, Collect

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown"
)


def _submission(inbound: Path, student: str, stamp: str, owner_uid: int) -> Path:
    folder = inbound / f"{student}+m00+{stamp}+abc"
    folder.mkdir()
    (folder / "timestamp.txt").write_text(stamp)
    os.chown(folder, owner_uid, -1)
    return folder


def test_collect_skips_a_copy_not_owned_by_the_student_it_names(tmp_path: Path) -> None:
    import pwd

    nobody = pwd.getpwnam("nobody").pw_uid
    inbound = tmp_path / "exchange" / "ia-sante" / "inbound"
    inbound.mkdir(parents=True)
    _submission(inbound, "root", "2026-01-01 10:00:00.000000 UTC", 0)  # genuine
    _submission(inbound, "root", "2026-01-02 10:00:00.000000 UTC", nobody)  # forged, later
    _submission(inbound, "nobody", "2026-01-01 11:00:00.000000 UTC", nobody)  # genuine
    course = tmp_path / "course"
    course.mkdir()
    coursedir = CourseDirectory(root=str(course), course_id="ia-sante", assignment_id="m00")
    collect = Collect(coursedir=coursedir, root=str(tmp_path / "exchange"))
    collect.init_src()
    kept = {r["username"]: r for r in collect.src_records}
    assert set(kept) == {"root", "nobody", FORGED + "nobody"}
    assert str(kept["root"]["timestamp"]).startswith("2026-01-01 10:00")  # not the forgery
    collect.copy_files()
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["nobody", "root"]
    stamp = (course / "submitted" / "root" / "m00" / "timestamp.txt").read_text()
    assert stamp.startswith("2026-01-01 10:00")


def test_modes() -> None:
    assert stat.S_IMODE(INBOUND_MODE) == 0o3733
