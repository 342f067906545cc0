"""Where grading leans on other projects' internals, and the versions it was tested with.

The speed-ups of ``iasante grade`` touch private parts of nbgrader, jupyter_client and
SQLAlchemy (the table in ``docs/maintainers.md`` lists each override, its measured gain
and the test that pins it). They are only switched on for the versions they were tested
with (:data:`TESTED`); with any other version, grading falls back to stock behaviour for
each speed-up (same grades, slower) and warns once, so that an upgrade never silently
runs an override against code that changed under it.

The sandbox's kernel provisioners are registered through jupyter_client's public
``jupyter_client.kernel_provisioners`` entry point and picked by the kernelspec's
``kernel_provisioner`` stanza (``kernel.managers``); they are what confines student code,
so they are never switched off: ``tests/test_grading_sandbox.py`` is the test to re-run on
an upgrade.
"""

from __future__ import annotations

import warnings
from functools import cache
from importlib.metadata import PackageNotFoundError, version

#: distribution → (lowest tested version, first untested version)
TESTED: dict[str, tuple[str, str]] = {
    "nbgrader": ("0.9.5", "0.10"),
    "jupyter_client": ("8.6", "9"),
    "SQLAlchemy": ("2.0", "2.2"),
    "nbclient": ("0.10", "0.12"),
}


class UntestedVersionWarning(RuntimeWarning):
    """A library the grading speed-ups depend on is outside its tested range."""


def _parse(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
        if digits != piece:
            break
    return tuple(parts)


def untested_versions() -> list[str]:
    """« name installed (tested: >=low,<high) » for every library outside its range."""
    out = []
    for dist, (low, high) in TESTED.items():
        try:
            installed = version(dist)
        except PackageNotFoundError:
            continue
        if not (_parse(low) <= _parse(installed) < _parse(high)):
            out.append(f"{dist} {installed} (tested: >={low},<{high})")
    return out


@cache
def private_apis_ok() -> bool:
    """True when every library is in its tested range; otherwise warn once and say False
    (callers then keep the stock behaviour)."""
    outside = untested_versions()
    if outside:
        warnings.warn(
            "iasante grade: untested versions "
            + ", ".join(outside)
            + "; speed-ups that rely on their internals are off (same grades, slower). "
            "The sandbox still overrides jupyter_client's kernel start: re-run "
            "tests/test_grading*.py before grading a class.",
            UntestedVersionWarning,
            stacklevel=2,
        )
    return not outside
