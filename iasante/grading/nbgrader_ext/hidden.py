"""Hidden tests: remove them from what a student sees (feedback), keep the visible part."""

from __future__ import annotations

import re

from iasante.messages import msg

BEGIN = "### BEGIN HIDDEN TESTS"
END = "### END HIDDEN TESTS"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def is_unterminated(source: str, begin: str = BEGIN, end: str = END) -> bool:
    """True when a ``begin`` delimiter is not followed by its ``end``."""
    inside = False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
    return inside


def delimiters(cfg: object) -> tuple[str, str]:
    """The hidden-test delimiters of a course config (nbgrader's ``ClearHiddenTests``
    traits, spelt « delimeter » as nbgrader does), else nbgrader's defaults."""
    section = getattr(cfg, "ClearHiddenTests", {}) or {}
    return (
        section.get("begin_test_delimeter", BEGIN),
        section.get("end_test_delimeter", END),
    )


def strip_hidden_tests(source: str, note: bool = True, begin: str = BEGIN, end: str = END) -> str:
    """Return ``source`` without the lines between the hidden-test delimiters (inclusive).

    With ``note``, a comment line says that hidden tests were there. An unterminated block
    removes everything after its start (safer than showing it).
    """
    lines = source.splitlines()
    out: list[str] = []
    inside = False
    for line in lines:
        if begin in line:
            inside = True
            if note:
                indent = line[: len(line) - len(line.lstrip())]
                out.append(indent + msg("grading.hidden_tests_note"))
            continue
        if end in line and inside:
            inside = False
            continue
        if not inside:
            out.append(line)
    return "\n".join(out)


def hidden_lines(source: str, begin: str = BEGIN, end: str = END) -> list[str]:
    """The stripped, non-empty lines inside hidden-test blocks."""
    lines, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
            continue
        if end in line:
            inside = False
            continue
        if inside and line.strip():
            lines.append(line.strip())
    return lines


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)
