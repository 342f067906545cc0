"""`iasante lien`: the nbgitpuller link instructors paste into Moodle (no hub needed)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from coursecopy import REPO, copy_course

from iasante.course import CourseLayout
from iasante.hub.cli import cmd_lien, register
from iasante.hub.lien import LinkError, build_link, repo_dir, resolve_module

HUB = "https://hub.univ.fr"
DEPOT = "https://github.com/org/ia-sante"


def _parse(link: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(link)
    query = parse_qs(parts.query, strict_parsing=True)
    assert all(len(v) == 1 for v in query.values()), query
    return f"{parts.scheme}://{parts.netloc}{parts.path}", {k: v[0] for k, v in query.items()}


def test_assignment_link_round_trips() -> None:
    layout = CourseLayout(REPO)
    link = build_link(HUB, DEPOT, resolve_module(layout, "m00"))
    base, query = _parse(link)
    assert base == "https://hub.univ.fr/hub/user-redirect/git-pull"
    assert query == {
        "repo": DEPOT,
        "branch": "main",
        "urlpath": "lab/tree/ia-sante/release/m00_prise_en_main/m00_prise_en_main.ipynb",
    }
    # Every value is encoded (like nbgitpuller's own generator): no raw '/' or ':' in the query.
    raw_query = urlsplit(link).query
    assert "/" not in raw_query and ":" not in raw_query
    assert (REPO / query["urlpath"].split("/", 3)[3]).is_file()  # the link opens a real file


def test_lesson_link_branch_and_git_suffix() -> None:
    layout = CourseLayout(REPO)
    target = resolve_module(layout, "m00_prise_en_main", "lecon")
    link = build_link(HUB + "/", DEPOT + ".git", target, branche="printemps-2026")
    _, query = _parse(link)
    assert query["repo"] == DEPOT + ".git"
    assert query["branch"] == "printemps-2026"
    assert query["urlpath"] == "lab/tree/ia-sante/notebooks/m00_prise_en_main.ipynb"
    assert link.startswith("https://hub.univ.fr/hub/user-redirect/git-pull?")


def test_hub_address_with_hub_suffix_and_odd_characters() -> None:
    link = build_link(
        "https://hub.univ.fr/hub/",
        "https://gitlab.univ.fr/du ia/cours&co.git",
        "release/m00 prise/é.ipynb",
        branche="a&b",
    )
    _, query = _parse(link)
    assert link.startswith("https://hub.univ.fr/hub/user-redirect/")
    assert query["repo"] == "https://gitlab.univ.fr/du ia/cours&co.git"
    assert query["branch"] == "a&b"
    assert unquote(query["urlpath"]) == "lab/tree/cours&co/release/m00 prise/é.ipynb"


@pytest.mark.parametrize(
    ("depot", "folder"),
    [
        ("https://github.com/org/ia-sante", "ia-sante"),
        ("https://github.com/org/ia-sante.git", "ia-sante"),
        ("https://github.com/org/ia-sante/", "ia-sante"),
        ("git@github.com:org/ia-sante.git", "ia-sante"),
        ("file:///srv/depots/cours-ia", "cours-ia"),
    ],
)
def test_repo_dir_is_what_nbgitpuller_clones_into(depot: str, folder: str) -> None:
    assert repo_dir(depot) == folder


def test_unknown_module_is_a_clear_french_error() -> None:
    with pytest.raises(LinkError, match="Module inconnu : « m42 »") as error:
        resolve_module(CourseLayout(REPO), "m42")
    assert "m00_prise_en_main" in str(error.value)  # the instructor sees what exists
    with pytest.raises(LinkError, match="aucune leçon"):
        resolve_module(CourseLayout(REPO), "m42", "lecon")


def test_ambiguous_prefix_and_missing_release(tmp_path: Path) -> None:
    layout = copy_course(tmp_path / "course")
    for name in ("m98_essai", "m98_essai_bis", "m97_pas_publie"):
        (layout.source / name).mkdir()
        (layout.source / name / f"{name}.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(LinkError, match="plusieurs modules"):
        resolve_module(layout, "m98")
    with pytest.raises(LinkError, match="iasante release m97_pas_publie"):
        resolve_module(layout, "m97")


@pytest.mark.parametrize("hub", ["hub.univ.fr", "ftp://hub.univ.fr", ""])
def test_bad_hub_address(hub: str) -> None:
    with pytest.raises(LinkError, match="Adresse de hub invalide"):
        build_link(hub, DEPOT, "release/x.ipynb")


def _run(argv: list[str], monkeypatch) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="iasante")
    register(parser.add_subparsers(dest="command", required=True))
    monkeypatch.chdir(REPO)
    return cmd_lien(parser.parse_args(argv))


def test_command_prints_only_the_link_on_stdout(capsys, monkeypatch) -> None:
    argv = ["lien", "--hub", HUB, "--depot", DEPOT, "--module", "m00", "--branche", "main"]
    assert _run(argv, monkeypatch) == 0
    out, err = capsys.readouterr()
    [line] = out.splitlines()
    assert line == build_link(HUB, DEPOT, resolve_module(CourseLayout(REPO), "m00"))
    assert "release/m00_prise_en_main/m00_prise_en_main.ipynb" in err


def test_command_lecon_and_unknown_module(capsys, monkeypatch) -> None:
    assert (
        _run(
            ["lien", "--hub", HUB, "--depot", DEPOT, "--module", "m00", "--lecon", "-q"],
            monkeypatch,
        )
        == 0
    )
    out, err = capsys.readouterr()
    assert "notebooks%2Fm00_prise_en_main.ipynb" in out and not err
    assert _run(["lien", "--hub", HUB, "--depot", DEPOT, "--module", "m99"], monkeypatch) == 2
    out, err = capsys.readouterr()
    assert not out and err.startswith("Erreur : Module inconnu : « m99 »")


def test_main_cli_offers_lien_when_registered(capsys, monkeypatch) -> None:
    from iasante import cli

    if "iasante.hub.cli" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "iasante.hub.cli"))
    monkeypatch.chdir(REPO)
    assert cli.main(["lien", "--hub", HUB, "--depot", DEPOT, "--module", "m00", "-q"]) == 0
    assert capsys.readouterr().out.startswith(HUB + "/hub/user-redirect/git-pull?repo=")


# -- Student edition by default, the full course only on request (issue 23) ---------------


def _repo_with(root: Path, files: dict[str, str]) -> Path:
    import subprocess

    root.mkdir(parents=True)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "x"], check=True)
    return root


def test_full_course_repository_needs_complet(tmp_path: Path, capsys, monkeypatch) -> None:
    full = _repo_with(
        tmp_path / "ia-sante",
        {"source/m00/m00.ipynb": "{}", "release/m00/m00.ipynb": "{}"},
    )
    argv = ["lien", "--hub", HUB, "--depot", f"file://{full}", "--module", "m00"]
    assert _run(argv, monkeypatch) == 2
    out, err = capsys.readouterr()
    assert not out and "contient source/" in err and "--complet" in err

    assert _run([*argv, "--complet"], monkeypatch) == 0
    out, err = capsys.readouterr()
    assert out.startswith(HUB + "/hub/user-redirect/git-pull?")
    assert "dépôt complet du cours" in err  # the instructor is told what they hand out
    with pytest.raises(LinkError, match="contient source/"):
        from iasante.hub.lien import check_student_repository

        check_student_repository(str(full), "main")


def test_student_edition_repository_is_the_default(tmp_path: Path, capsys, monkeypatch) -> None:
    from iasante.course.edition import build_edition

    edition = build_edition(CourseLayout(REPO), tmp_path / "ia-sante-etudiant")
    release = sorted(p.relative_to(edition.root).as_posix() for p in edition.root.rglob("*.ipynb"))
    repo = _repo_with(tmp_path / "depot" / "ia-sante-etudiant", {"EDITION.json": "{}"})
    argv = ["lien", "--hub", HUB, "--depot", f"file://{repo}", "--module", "m00", "-q"]
    assert _run(argv, monkeypatch) == 0
    out, err = capsys.readouterr()
    _, query = _parse(out.strip())
    assert not err and query["repo"] == f"file://{repo}"
    opened = query["urlpath"].split("/", 3)[3]
    assert opened in release  # the link opens a notebook the edition carries
    assert (edition.root / opened).is_file()
