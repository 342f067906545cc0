"""The French NIR (numéro d'inscription au répertoire, « numéro de sécurité sociale »).

A NIR has 13 characters plus a 2-digit control key (« clé »):
sexe (1) · année (2) · mois (2) · département de naissance (2) · commune (3) · ordre (3) · clé (2).
The key is ``97 - (N mod 97)`` where N is the 13-character number read as an integer;
for people born in Corsica the département is « 2A » or « 2B », replaced by 19 and 18
respectively to compute the key (INSEE rule).
"""

from __future__ import annotations

import re

from iasante.messages import msg

_NIR13 = re.compile(r"^[0-9]{5}(?:[0-9]{2}|2[AB])[0-9]{6}$")


def _clean(nir: str) -> str:
    return str(nir).replace(" ", "").upper()


def nir_key(nir13: str) -> int:
    """Control key (1–97) of a 13-character NIR (spaces ignored; « 2A »/« 2B » allowed)."""
    text = _clean(nir13)
    if not _NIR13.match(text):
        raise ValueError(msg("data.nir_bad_format", nir=nir13, length=13))
    text = text[:5] + text[5:7].replace("2A", "19").replace("2B", "18") + text[7:]
    return 97 - int(text) % 97


def is_valid_nir(nir15: str) -> bool:
    """True if a 15-character NIR (spaces ignored) is well formed and its key is right."""
    text = _clean(nir15)
    if len(text) != 15 or not text[13:].isdigit() or not _NIR13.match(text[:13]):
        return False
    return nir_key(text[:13]) == int(text[13:])


def format_nir(nir15: str) -> str:
    """The usual printed layout: ``1 84 12 75 056 123 45``."""
    t = _clean(nir15)
    return " ".join((t[0], t[1:3], t[3:5], t[5:7], t[7:10], t[10:13], t[13:15]))
