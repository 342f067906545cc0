"""Lesson explorer: type a NIR and a secret key, see how a plain hash and a keyed hash
(HMAC-SHA256) pseudonym change (module 01; never graded)."""

from __future__ import annotations

from typing import Any

from iasante.data.pseudonyms import hmac_sha256, plain_sha256
from iasante.messages import msg


def hash_rows(value: str, key: str) -> list[tuple[str, str]]:
    """What the explorer shows: (label, digest) for SHA-256 and HMAC-SHA256 of ``value``."""
    return [
        (msg("m01.explorer.plain"), plain_sha256(value)),
        (msg("m01.explorer.keyed"), hmac_sha256(key.encode("utf-8"), value)),
    ]


def _hash_html(value: str, key: str) -> str:
    import html

    rows = "".join(
        f"<tr><td style='padding-right:1em'>{html.escape(label)}</td>"
        f"<td><code>{digest[:16]}…</code></td></tr>"
        for label, digest in hash_rows(value, key)
    )
    return f"<table>{rows}</table>"


def hash_explorer(
    value: str = "184037505612345", key: str = "clé-du-DIM", interactive: bool | None = None
) -> Any:
    """Type a NIR and a secret key: see how SHA-256 and HMAC-SHA256 pseudonyms change.

    Inside a Jupyter kernel with ipywidgets, two text boxes and a live table; anywhere
    else (plain Python, nbgrader, ``IASANTE_STATIC_WIDGETS``) the same table, static.
    """
    from IPython.display import HTML, display

    from iasante.widgets._base import use_widgets

    if not use_widgets(interactive):
        display(HTML(_hash_html(value, key)))
        return None
    import ipywidgets as w

    text = w.Text(value=value, description=msg("m01.explorer.value"))
    secret = w.Text(value=key, description=msg("m01.explorer.key"))
    out = w.HTML(_hash_html(value, key))

    def update(_change: Any = None) -> None:
        out.value = _hash_html(text.value, secret.value)

    text.observe(update, names="value")
    secret.observe(update, names="value")
    return w.VBox([text, secret, out])
