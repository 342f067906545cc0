"""A plain ``pip install .`` (the hub image's route) carries the package and its datasets."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

LOAD_EVERY_DATASET = """
import iasante, iasante.data as d
from pathlib import Path
assert "site-packages" in iasante.__file__, iasante.__file__
assert d.data_dir().name == "_donnees", d.data_dir()
sizes = {
    "covid": len(d.load_covid_testing()),
    "pima": len(d.load_pima("all")),
    "cancer": len(d.load_breast_cancer_fr()),
    "cim10": len(d.load_cim10()),
    "raw": len(d.load_cohort_raw()),
    "model": len(d.modelling_table()),
}
for variant in ("default", "propre"):
    for table in ("patients", "stays", "diagnoses", "labs"):
        sizes[f"{variant}-{table}"] = len(d.load_cohort(table, variant=variant))
assert all(sizes.values()), sizes
print(sizes)
"""


def test_listed_packages_are_the_tree() -> None:
    """pyproject lists packages by hand (to map data/ into the wheel): none forgotten."""
    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "iasante").rglob("__init__.py")
    }
    assert listed == found | {"iasante._donnees", "iasante._donnees.cohorte"}


@pytest.mark.slow
def test_a_wheel_in_a_fresh_venv_loads_every_dataset(tmp_path: Path) -> None:
    dist, venv = tmp_path / "dist", tmp_path / "venv"
    pip = [sys.executable, "-m", "pip"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)], check=True, cwd=tmp_path
    )
    wheel = next(dist.glob("iasante-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "-c",
            str(REPO / "requirements" / "constraints.txt"),
            str(wheel),
        ],
        check=True,
    )
    done = subprocess.run(
        [str(python), "-c", LOAD_EVERY_DATASET],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
