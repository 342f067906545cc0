"""Every file in data/ has a data card with a source and a licence, indexed in data/README.md."""

from __future__ import annotations

import json
import re

from iasante.data.integrity import COMMITTED_FILES, check_manifest, data_dir

ROOT = data_dir()
README = (ROOT / "README.md").read_text(encoding="utf-8")
HOUSEKEEPING = {"README.md", "MANIFEST.json", ".gitattributes"}


def _card_for(path) -> str:
    """The card documenting a data file: same stem, or the cohort card for cohorte/."""
    rel = path.relative_to(ROOT)
    if rel.parts[0] == "cohorte":
        return "cohorte.md"
    return f"{path.stem}.md"


def test_every_data_file_has_an_indexed_card_with_source_and_licence():
    data_files = [
        p
        for p in ROOT.rglob("*")
        if p.is_file() and p.suffix != ".md" and p.name not in HOUSEKEEPING
    ]
    assert data_files
    for path in data_files:
        card = ROOT / _card_for(path)
        assert card.is_file(), f"{path.name}: fiche {card.name} absente"
        assert f"({card.name})" in README, f"{card.name} absente de data/README.md"
        text = card.read_text(encoding="utf-8")
        assert re.search(r"\*\*Licence\*\*", text), card.name
        assert re.search(r"\*\*Source\*\*", text), card.name
        assert "Ce qu'il ne faut pas en conclure" in text, card.name


def test_every_card_is_indexed():
    for card in ROOT.glob("*.md"):
        if card.name != "README.md":
            assert f"({card.name})" in README, card.name


def test_manifests_cover_committed_files_and_verify():
    manifest = json.loads((ROOT / "MANIFEST.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == set(COMMITTED_FILES)
    for name, entry in manifest["files"].items():
        assert entry["licence"] and entry["card"] == COMMITTED_FILES[name]["card"]
    assert set(check_manifest(ROOT / "MANIFEST.json").values()) == {"ok"}
    cohort = ROOT / "cohorte" / "manifest.json"
    assert set(check_manifest(cohort).values()) == {"ok"}
    info = json.loads(cohort.read_text(encoding="utf-8"))
    assert info["seed"] == 2026 and info["licence"].startswith("CC0")


def test_data_stays_small():
    total = sum(p.stat().st_size for p in ROOT.rglob("*") if p.is_file())
    assert total < 6_000_000
