"""CIM-10 (ICD-10, French edition) support for the codes the course uses.

* :func:`normalize` turns « i50.0 », « I500 », « I50.0 » into the canonical « I50.0 »;
* :func:`chapter_of` works for **any** well-formed code (WHO chapter ranges, 22 chapters);
* :func:`block_of` and :func:`label_fr` use the small committed table ``data/cim10.csv``
  (codes of the synthetic cohort; see ``data/cim10.md`` for the source of the labels).
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from iasante.messages import msg

_CODE = re.compile(r"^([A-Z])([0-9]{2})(?:\.?([0-9A-Z]{1,2}))?[+*]?$")

# WHO ICD-10 chapters: (first code, last code, roman numeral, French title).
CHAPTERS: tuple[tuple[str, str, str, str], ...] = (
    ("A00", "B99", "I", "Certaines maladies infectieuses et parasitaires"),
    ("C00", "D48", "II", "Tumeurs"),
    (
        "D50",
        "D89",
        "III",
        "Maladies du sang et des organes hématopoïétiques et certains troubles "
        "du système immunitaire",
    ),
    ("E00", "E90", "IV", "Maladies endocriniennes, nutritionnelles et métaboliques"),
    ("F00", "F99", "V", "Troubles mentaux et du comportement"),
    ("G00", "G99", "VI", "Maladies du système nerveux"),
    ("H00", "H59", "VII", "Maladies de l'œil et de ses annexes"),
    ("H60", "H95", "VIII", "Maladies de l'oreille et de l'apophyse mastoïde"),
    ("I00", "I99", "IX", "Maladies de l'appareil circulatoire"),
    ("J00", "J99", "X", "Maladies de l'appareil respiratoire"),
    ("K00", "K93", "XI", "Maladies de l'appareil digestif"),
    ("L00", "L99", "XII", "Maladies de la peau et du tissu cellulaire sous-cutané"),
    (
        "M00",
        "M99",
        "XIII",
        "Maladies du système ostéo-articulaire, des muscles et du tissu conjonctif",
    ),
    ("N00", "N99", "XIV", "Maladies de l'appareil génito-urinaire"),
    ("O00", "O99", "XV", "Grossesse, accouchement et puerpéralité"),
    (
        "P00",
        "P96",
        "XVI",
        "Certaines affections dont l'origine se situe dans la période périnatale",
    ),
    ("Q00", "Q99", "XVII", "Malformations congénitales et anomalies chromosomiques"),
    (
        "R00",
        "R99",
        "XVIII",
        "Symptômes, signes et résultats anormaux d'examens cliniques et de laboratoire, "
        "non classés ailleurs",
    ),
    (
        "S00",
        "T98",
        "XIX",
        "Lésions traumatiques, empoisonnements et certaines autres conséquences de causes externes",
    ),
    ("V01", "Y98", "XX", "Causes externes de morbidité et de mortalité"),
    (
        "Z00",
        "Z99",
        "XXI",
        "Facteurs influant sur l'état de santé et motifs de recours aux services de santé",
    ),
    ("U00", "U99", "XXII", "Codes d'utilisation particulière"),
)


def normalize(code: str) -> str:
    """Canonical form of a code: upper case, trimmed, dot after 3 characters (« I50.0 »)."""
    text = str(code).strip().upper().replace(" ", "")
    match = _CODE.match(text)
    if not match:
        raise ValueError(msg("data.cim10_bad_code", code=code))
    letter, digits, rest = match.groups()
    return f"{letter}{digits}.{rest}" if rest else f"{letter}{digits}"


def chapter_of(code: str) -> str:
    """Roman numeral of the chapter of any well-formed code (« I50.0 » → « IX »)."""
    category = normalize(code)[:3]
    for first, last, roman, _title in CHAPTERS:
        if first <= category <= last:
            return roman
    raise ValueError(msg("data.cim10_bad_code", code=code))


def chapter_title(roman: str) -> str:
    """French title of a chapter given its roman numeral."""
    for _first, _last, numeral, title in CHAPTERS:
        if numeral == roman:
            return title
    raise ValueError(msg("data.bad_choice", name="chapitre", value=roman, choices="I à XXII"))


@cache
def _table() -> pd.DataFrame:
    from iasante.data.loaders import load_cim10

    return load_cim10().set_index("code")


def _row(code: str) -> pd.Series:
    key = normalize(code)
    table = _table()
    if key not in table.index:
        raise KeyError(msg("data.cim10_unknown", code=code))
    return table.loc[key]


def block_of(code: str) -> str:
    """Block (range of categories) of a code of the course table (« I50.0 » → « I30-I52 »)."""
    return str(_row(code)["bloc"])


def block_label(code: str) -> str:
    """French title of the block of a code of the course table."""
    return str(_row(code)["bloc_libelle"])


def label_fr(code: str) -> str:
    """French label of a code of the course table."""
    return str(_row(code)["libelle"])
