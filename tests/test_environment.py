"""The installed environment is the classroom one: nbgrader's extensions on, French available."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest


def _jupyter(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "jupyter", *args], capture_output=True, text=True, timeout=120
    )
    return re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)


@pytest.mark.slow
def test_nbgrader_lab_extension_is_enabled() -> None:
    out = _jupyter("labextension", "list")
    assert re.search(r"@jupyter/nbgrader v0\.9\.\S+ enabled OK", out), out


@pytest.fixture(scope="module")
def server_extensions() -> str:
    """``jupyter server extension list`` takes ~40 s on 2 cores: run it once per module."""
    return _jupyter("server", "extension", "list")


@pytest.mark.slow
@pytest.mark.parametrize(
    "extension", ["formgrader", "validate_assignment", "assignment_list", "course_list"]
)
def test_nbgrader_server_extensions_are_enabled(extension: str, server_extensions: str) -> None:
    out = server_extensions
    assert re.search(rf"nbgrader\.server_extensions\.{extension} enabled", out), out


def test_french_language_pack_is_installed() -> None:
    from jupyterlab_server.translation_utils import get_language_packs

    packs, _ = get_language_packs("fr_FR")
    assert "fr_FR" in packs
