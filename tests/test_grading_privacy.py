"""Grade exports and reports are never written where git would commit them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from iasante.grading.products.privacy import (
    PersonalDataInGit,
    check_private_destination,
    tracked_by_git,
)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "cours"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def test_a_tracked_folder_is_refused_an_ignored_one_accepted(tmp_path):
    repo = _repo(tmp_path)
    assert tracked_by_git(repo / "exports")
    with pytest.raises(PersonalDataInGit, match="--dans-git"):
        check_private_destination(repo / "exports")
    check_private_destination(repo / "exports", allow_in_git=True)  # told to
    (repo / ".gitignore").write_text("/exports/\n/rapports/\n")
    check_private_destination(repo / "exports")
    check_private_destination(repo / "rapports" / "sous-dossier")
    with pytest.raises(PersonalDataInGit):
        check_private_destination(repo / "docs")


def test_outside_git_anything_goes(tmp_path):
    assert not tracked_by_git(tmp_path / "exports")
    check_private_destination(tmp_path / "exports")


def test_the_course_repository_ignores_its_default_destinations():
    repo = Path(__file__).resolve().parents[1]
    if not (repo / ".git").exists():
        pytest.skip("not a git checkout")
    assert not tracked_by_git(repo / "exports") and not tracked_by_git(repo / "rapports")
