"""Every catalogue key written literally in the package, the notebooks and the tests exists.

A key that exists nowhere fails only when its diagnosis fires, on a learner's screen,
as a ``KeyError``; this finds it before. Keys built at run time (``f"feedback.figure.
kind.{kind}"``) are not literals and are not checked here: their families are tested
where they are built. The test can fail: ``test_the_scan_finds_a_missing_key``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from iasante.feedback import Incorrect, Question
from iasante.messages import catalogue

REPO = Path(__file__).resolve().parents[1]

# msg("a.b"), Incorrect.of("a.b"), NotAttempted.of("a.b"), key="a.b", catalogue_hints("a.b", 3)
_KEY = r"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"
_LITERAL_KEY = re.compile(r"(?:\bmsg|\.of)\(\s*[\"']" + _KEY + r"[\"']")
_TEST_KEY = re.compile(r"\bkey=[\"']" + _KEY + r"[\"']")
_HINTS = re.compile(r"catalogue_hints\(\s*[\"']" + _KEY + r"[\"']\s*,\s*(\d+)\s*\)")


def _sources() -> list[tuple[Path, str]]:
    files = [*REPO.glob("iasante/**/*.py"), *REPO.glob("tests/*.py")]
    skip = {Path(__file__).resolve()}
    found = [
        (p, p.read_text(encoding="utf-8"))
        for p in files
        if "messages" not in p.parts and p.resolve() not in skip
    ]
    for nb in [*REPO.glob("notebooks/*.ipynb"), *REPO.glob("source/*/*.ipynb")]:
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        found.append((nb, "\n".join("".join(c["source"]) for c in cells)))
    return found


def keys_used(text: str) -> set[str]:
    keys = set(_LITERAL_KEY.findall(text)) | set(_TEST_KEY.findall(text))
    for prefix, count in _HINTS.findall(text):
        keys |= {f"{prefix}.hint{i}" for i in range(1, int(count) + 1)}
    return keys


def test_the_scan_finds_a_missing_key() -> None:
    text = 'raise Incorrect.of("m02.model.fitted_on_tset")\nh = catalogue_hints("m00.q1", 99)'
    missing = keys_used(text) - set(catalogue())
    assert {"m02.model.fitted_on_tset", "m00.q1.hint99"} <= missing
    assert "m00.q1.hint1" not in missing


def test_every_literal_key_exists() -> None:
    known = set(catalogue())
    missing = {
        f"{path.relative_to(REPO)}: {key}"
        for path, text in _sources()
        for key in keys_used(text)
        if key not in known and not key.startswith(("iasante.", "tests."))
    }
    assert not missing, sorted(missing)


def test_assert_incorrect_compares_keys_not_message_prefixes() -> None:
    """The weakness the code review measured: ``fitted_on_test`` and ``fitted_on_all`` open
    with the same words, so a prefix comparison passed with either. Keys tell them apart."""
    from answercheck import assert_incorrect

    class FittedOnAll(Question):
        def _check(self, answer: object) -> None:
            raise Incorrect.of("m02.model.fitted_on_all", name="modele")

    assert_incorrect(FittedOnAll(), 1, key="m02.model.fitted_on_all")
    with pytest.raises(AssertionError, match="fitted_on_all"):
        assert_incorrect(FittedOnAll(), 1, key="m02.model.fitted_on_test")
