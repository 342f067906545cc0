"""Cohort variants: the same generator with another seed, typed exactly as the loaders type
the committed cohort. Hidden tests grade a learner's code on a variant (another seed), so
that a result copied from the committed data cannot pass.

Each variant is generated and parsed once per process (module 01's hidden tests ask for
it ten times; the grading template warms it once for a whole class, see
``grading_warm_up`` in ``docs/authoring.md``), and every call hands out deep copies: a
learner's function may modify the table it is given.
"""

from __future__ import annotations

import io
from functools import cache

import pandas as pd

from iasante.data.cohort import generate_cohort, to_csv_bytes
from iasante.data.loaders import _read_cohort_table

#: the seed of the cohort variant the hidden tests of the modules use
HIDDEN_TESTS_SEED = 7


@cache
def _variant_tables(seed: int, defects: bool) -> dict[str, pd.DataFrame]:
    raw = {k: to_csv_bytes(v) for k, v in generate_cohort(seed, defects=defects).items()}
    return {k: _read_cohort_table(io.BytesIO(v), k) for k, v in raw.items()}


def cohort_variant(seed: int, variant: str = "default") -> dict[str, pd.DataFrame]:
    """The tables of the cohort generated with ``seed``: ``variant="default"`` with the
    deliberate defects of the committed files, ``"propre"`` the clean truth. Keys:
    ``patients``, ``stays``, ``diagnoses``, ``labs``, ``raw_patients``."""
    tables = _variant_tables(int(seed), variant != "propre")
    return {k: v.copy(deep=True) for k, v in tables.items()}


def warm_variants(seed: int = HIDDEN_TESTS_SEED) -> None:
    """Generate and parse both variants of ``seed`` now (no thread, no process)."""
    for defects in (True, False):
        _variant_tables(seed, defects)
