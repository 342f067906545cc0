"""The private-API speed-ups run only on the versions they were tested with."""

from __future__ import annotations

from pathlib import Path

import pytest

from iasante.grading import compat

REPO = Path(__file__).resolve().parents[1]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements" / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            pins[name.strip().lower().replace("_", "-")] = pinned.strip()
    return pins


@pytest.mark.parametrize("dist", sorted(compat.TESTED))
def test_the_pinned_versions_are_the_tested_ones(dist: str) -> None:
    pinned = _pins()[dist.lower().replace("_", "-")]
    low, high = compat.TESTED[dist]
    assert compat._parse(low) <= compat._parse(pinned) < compat._parse(high), (dist, pinned)


def test_the_installed_versions_switch_the_speed_ups_on() -> None:
    assert compat.untested_versions() == []
    assert compat.private_apis_ok()


def test_outside_the_range_the_speed_ups_are_off_with_a_warning(monkeypatch) -> None:
    monkeypatch.setitem(compat.TESTED, "nbgrader", ("0.1", "0.2"))
    compat.private_apis_ok.cache_clear()
    try:
        with pytest.warns(compat.UntestedVersionWarning, match=r"nbgrader 0\.9\.\d+"):
            assert compat.private_apis_ok() is False
    finally:
        compat.private_apis_ok.cache_clear()
