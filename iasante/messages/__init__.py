"""One catalogue for every learner-facing string of the package.

Each area of the package keeps its strings in `iasante/messages/<lang>/<area>.py`
as a ``MESSAGES`` dict whose keys start with the area name (``"cli.unknown_assignment"``).
Code never writes French inline: it calls :func:`msg`, so an English edition is a
translation of this folder, not a rewrite of the code.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

DEFAULT_LANG = "fr"


@cache
def catalogue(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """Merge every area's ``MESSAGES`` dict for one language; a key defined twice is a bug."""
    package = importlib.import_module(f"{__name__}.{lang}")
    merged: dict[str, str] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for key, text in getattr(module, "MESSAGES", {}).items():
            if key in merged:
                raise RuntimeError(f"message key defined twice: {key!r} ({info.name})")
            merged[key] = text
    return merged


def msg(key: str, /, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """Return the catalogue text for ``key``, formatted with ``fields``."""
    try:
        text = catalogue(lang)[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in the {lang!r} catalogue") from None
    return text.format(**fields) if fields else text
