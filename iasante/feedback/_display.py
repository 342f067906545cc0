"""Showing feedback: rich HTML in a notebook, plain text elsewhere (terminal, tests)."""

from __future__ import annotations

import html
import re

from iasante.messages import msg

# Not attempted is neutral; colour is never the only signal (symbol + word + colour).
_STYLES = {
    "not_attempted": ("○", "#555555", "#f2f2f2"),
    "incorrect": ("✗", "#a63d00", "#fff3e6"),
    "correct": ("✓", "#00603f", "#e6f5ef"),
    "hint": ("💡", "#004a7a", "#e8f1f8"),
    "solution": ("📖", "#4b2a66", "#f3edf7"),
    "info": ("ℹ", "#333333", "#f7f7f7"),
}


def in_notebook() -> bool:
    """True inside a Jupyter kernel (where rich display is possible)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _inline_code(text: str) -> str:
    """Escape, then render `code` spans."""
    escaped = html.escape(text)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def render_html(kind: str, title: str, body: str = "", code: str | None = None) -> str:
    symbol, fg, bg = _STYLES[kind]
    parts = [
        f'<div class="iasante-feedback iasante-{kind}" role="status" style="border-left:4px solid '
        f'{fg};background:{bg};padding:0.5em 0.8em;margin:0.3em 0;color:#1a1a1a;">',
        f'<strong style="color:{fg};">{symbol} {html.escape(title)}</strong>',
    ]
    if body:
        paragraphs = [p for p in body.split("\n") if p.strip()]
        parts.extend(f'<div style="margin-top:0.3em;">{_inline_code(p)}</div>' for p in paragraphs)
    if code:
        parts.append(f'<pre style="background:#ffffff;padding:0.5em;">{html.escape(code)}</pre>')
    parts.append("</div>")
    return "".join(parts)


def render_text(kind: str, title: str, body: str = "", code: str | None = None) -> str:
    symbol = _STYLES[kind][0]
    text = f"{symbol} {title}"
    if body:
        text += " — " + body if "\n" not in body else "\n" + body
    if code:
        text += "\n\n" + code
    return text


def show(kind: str, title: str, body: str = "", code: str | None = None) -> None:
    """Display one feedback box (HTML in a notebook, text on stdout otherwise)."""
    if in_notebook():
        from IPython.display import display

        bundle = {
            "text/html": render_html(kind, title, body, code),
            "text/plain": render_text(kind, title, body, code),
        }
        display(bundle, raw=True)  # type: ignore[no-untyped-call]
    else:
        print(render_text(kind, title, body, code))


def outcome_title(outcome: str) -> str:
    return msg(f"feedback.outcome.{outcome}")
