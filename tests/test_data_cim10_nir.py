"""CIM-10 lookups and the NIR control key."""

from __future__ import annotations

import pytest

from iasante.data import cim10
from iasante.data.nir import format_nir, is_valid_nir, nir_key


@pytest.mark.parametrize(
    ("code", "chapter"),
    [
        ("I50.0", "IX"),
        ("i500", "IX"),
        (" J44.1 ", "X"),
        ("A41.9", "I"),
        ("C50.9", "II"),
        ("D48.9", "II"),
        ("D64.9", "III"),
        ("H59.0", "VII"),
        ("H66.9", "VIII"),
        ("S72.0", "XIX"),
        ("T14", "XIX"),
        ("W19", "XX"),
        ("Z59.6", "XXI"),
        ("U07.1", "XXII"),
    ],
)
def test_chapter_of(code, chapter):
    assert cim10.chapter_of(code) == chapter


def test_normalize_and_lookups():
    assert cim10.normalize("i210") == "I21.0"
    assert cim10.normalize("I10") == "I10"
    assert cim10.block_of("I500") == "I30-I52"
    assert cim10.label_fr("n390") == "Infection des voies urinaires, siège non précisé"
    assert cim10.block_label("E11.9") == "Diabète sucré"
    assert cim10.chapter_title("IX") == "Maladies de l'appareil circulatoire"


def test_bad_and_unknown_codes_have_french_messages():
    with pytest.raises(ValueError, match="illisible"):
        cim10.chapter_of("50.0")
    with pytest.raises(KeyError, match="absent de la table"):
        cim10.label_fr("K35.8")


def test_table_is_consistent_with_chapter_ranges():
    from iasante.data import load_cim10

    table = load_cim10()
    for row in table.itertuples():
        assert cim10.chapter_of(row.code) == row.chapitre
        assert cim10.normalize(row.code_pmsi) == row.code
        first, last = row.bloc.split("-")
        assert first <= row.code[:3] <= last


def test_nir_key_known_example():
    # Example used by INSEE/Wikipedia: 2 55 08 14 168 025 38
    assert nir_key("2550814168025") == 38
    assert is_valid_nir("2 55 08 14 168 025 38")
    assert not is_valid_nir("2 55 08 14 168 025 39")
    assert format_nir("255081416802538") == "2 55 08 14 168 025 38"


def test_nir_corsica_substitution():
    # 2A is read as 19 and 2B as 18 to compute the key.
    assert nir_key("185022A123456") == 97 - int("1850219123456") % 97
    assert nir_key("185022B123456") == 97 - int("1850218123456") % 97
    assert is_valid_nir(f"185022B123456{nir_key('185022B123456'):02d}")


def test_nir_rejects_malformed():
    with pytest.raises(ValueError, match="NIR illisible"):
        nir_key("12345")
    assert not is_valid_nir("1850222A12345600")
    assert not is_valid_nir("abc")
