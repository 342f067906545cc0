"""`iasante donnees regenerer | verifier`."""

from __future__ import annotations

import argparse

import pytest

from iasante.data import cli


@pytest.fixture
def parser():
    p = argparse.ArgumentParser(prog="iasante")
    cli.register(p.add_subparsers(dest="command", required=True))
    return p


def test_verifier_on_committed_data(parser, capsys, monkeypatch):
    monkeypatch.delenv("IASANTE_COHORTE", raising=False)
    args = parser.parse_args(["donnees", "verifier", "--regenerer"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "intacts" in out and "octet pour octet" in out


def test_regenerer_variant_then_detect_alteration(parser, tmp_path, capsys):
    folder = tmp_path / "variante"
    args = parser.parse_args(
        ["donnees", "regenerer", "--seed", "7", "--patients", "200", "--dossier", str(folder)]
    )
    assert args.func(args) == 0
    assert "graine 7" in capsys.readouterr().out
    check = parser.parse_args(["donnees", "verifier", "--dossier", str(folder), "--regenerer"])
    assert check.func(check) == 0
    path = folder / "sejours.csv"
    path.write_text(path.read_text(encoding="utf-8") + "x\n", encoding="utf-8")
    assert check.func(check) == 1
    captured = capsys.readouterr()
    assert "ALTÉRÉ" in captured.out and "git checkout" in captured.err


def test_subcommand_is_required(parser):
    with pytest.raises(SystemExit):
        parser.parse_args(["donnees"])


def test_a_variant_never_overwrites_the_committed_cohort(capsys):
    from iasante.cli import main

    assert main(["donnees", "regenerer", "--seed", "7"]) == 2
    assert "--dossier" in capsys.readouterr().err
