"""One obvious call per dataset. Every loader reads committed files only (never the network),
checks them against their SHA-256 manifest, and returns a DataFrame with proper dtypes.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from iasante.data.integrity import (
    COHORT_MANIFEST_NAME,
    MANIFEST_NAME,
    DataFileAlteredError,
    data_dir,
    default_cohort_dir,
    verify_file,
)
from iasante.messages import msg

TABLE_ALIASES = {
    "patients": "patients",
    "stays": "stays",
    "sejours": "stays",
    "séjours": "stays",
    "diagnoses": "diagnoses",
    "diagnostics": "diagnoses",
    "labs": "labs",
    "biologie": "labs",
}
VARIANTS = ("default", "propre")


def _choice(name: str, value: str, choices: tuple[str, ...] | list[str]) -> None:
    if value not in choices:
        raise ValueError(
            msg("data.bad_choice", name=name, value=value, choices=", ".join(map(repr, choices)))
        )


def _committed(name: str) -> Path:
    root = data_dir()
    return verify_file(root / name, root / MANIFEST_NAME)


# ------------------------------------------------------------------ real datasets


def load_covid_testing() -> pd.DataFrame:
    """COVID-19 PCR tests at CHOP, 2020 (R package *medicaldata*, MIT): 15,524 rows.

    Kept **as published**, defects included (ages up to 138, negative turnaround times,
    ``ct_result`` = 45 meaning "not detected", heavy missingness). See data/covid_testing.md.
    """
    df = pd.read_csv(
        _committed("covid_testing.csv"),
        dtype={
            "subject_id": "Int64",
            "fake_first_name": "string",
            "fake_last_name": "string",
            "gender": "category",
            "pan_day": "Int64",
            "test_id": "category",
            "clinic_name": "category",
            "result": "category",
            "demo_group": "category",
            "age": "float64",
            "drive_thru_ind": "Int64",
            "ct_result": "float64",
            "orderset": "Int64",
            "payor_group": "category",
            "patient_class": "category",
            "col_rec_tat": "float64",
            "rec_ver_tat": "float64",
        },
    )
    for col in ("drive_thru_ind", "orderset"):
        df[col] = df[col].astype("boolean")
    return df


def load_pima(split: str = "train") -> pd.DataFrame:
    """Pima women diabetes data (MASS ``Pima.tr``/``Pima.te``): 200 train + 332 test rows.

    ``split`` is ``"train"``, ``"test"`` or ``"all"`` (the ``split`` column says which).
    ``type`` is the target, categorical ``"No"``/``"Yes"`` (diabetes by WHO criteria).
    """
    _choice("split", split, ("train", "test", "all"))
    df = pd.read_csv(
        _committed("pima.csv"),
        dtype={
            "split": "category",
            "npreg": "Int64",
            "glu": "Int64",
            "bp": "Int64",
            "skin": "Int64",
            "bmi": "float64",
            "ped": "float64",
            "age": "Int64",
        },
    )
    df["type"] = pd.Categorical(df["type"], categories=["No", "Yes"])
    if split != "all":
        df = df[df["split"] == split].drop(columns="split").reset_index(drop=True)
    return df


_BC_MEASURES = {
    "radius": "rayon",
    "texture": "texture",
    "perimeter": "perimetre",
    "area": "aire",
    "smoothness": "regularite",
    "compactness": "compacite",
    "concavity": "concavite",
    "concave points": "points_concaves",
    "symmetry": "symetrie",
    "fractal dimension": "dimension_fractale",
}
_BC_STATS = {"mean": "moyenne", "error": "erreur_type", "worst": "pire"}


def _bc_name(column: str) -> str:
    for en, fr in _BC_STATS.items():
        if column.startswith(en + " "):
            return f"{_BC_MEASURES[column[len(en) + 1 :]]}_{fr}"
        if column.endswith(" " + en):
            return f"{_BC_MEASURES[column[: -len(en) - 1]]}_{fr}"
    raise KeyError(column)


def load_breast_cancer_fr() -> pd.DataFrame:
    """Wisconsin Diagnostic Breast Cancer (scikit-learn's copy) with French column names.

    569 tumours, 30 measurements of cell nuclei; ``diagnostic`` is ``"bénigne"``/``"maligne"``
    and ``maligne`` is a boolean (True = malignant — scikit-learn's own target uses 0 for
    malignant, a classic trap). Ships with scikit-learn: nothing to download.
    """
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer(as_frame=True)
    df = bunch.data.rename(columns=_bc_name)
    malignant = bunch.target.to_numpy() == 0
    df["diagnostic"] = pd.Categorical(
        np.where(malignant, "maligne", "bénigne"), categories=["bénigne", "maligne"]
    )
    df["maligne"] = pd.array(malignant, dtype="boolean")
    return df


def load_cim10() -> pd.DataFrame:
    """The course's CIM-10 table: codes of the cohort, French labels, chapter, block."""
    return pd.read_csv(_committed("cim10.csv"), dtype="string").astype(
        {"chapitre": "category", "bloc": "category"}
    )


# ------------------------------------------------------------------ synthetic cohort

_COHORT_DTYPES = {
    "patients": {
        "patient_id": "string",
        "sexe": "category",
        "annee_naissance": "Int64",
        "departement": "string",
        "territoire": "category",
        "quintile_fdep": "Int64",
        "c2s": "boolean",
        "nb_maladies_chroniques": "Int64",
        "depenses_annee_suivante": "float64",
    },
    "stays": {
        "sejour_id": "string",
        "patient_id": "string",
        "site": "category",
        "unite": "category",
        "mode_entree": "category",
        "duree_sejour": "Int64",
        "age_entree": "Int64",
        "fc": "Int64",
        "pas": "Int64",
        "temperature": "float64",
        "spo2": "float64",
        "mode_sortie": "category",
        "cout_sejour": "float64",
        "readmission_30j": "boolean",
    },
    "diagnoses": {
        "sejour_id": "string",
        "type_diagnostic": "category",
        "code_cim10": "string",
    },
    "labs": {
        "sejour_id": "string",
        "examen": "category",
        "valeur": "float64",
        "unite": "category",
    },
    "raw_patients": {
        "ipp": "string",
        "nom": "string",
        "prenom": "string",
        "sexe": "category",
        "nir": "string",
        "adresse": "string",
        "code_postal": "string",
        "commune": "string",
        "departement": "string",
        "territoire": "category",
        "quintile_fdep": "Int64",
        "c2s": "boolean",
        "nb_maladies_chroniques": "Int64",
    },
}
_COHORT_DATES = {
    "patients": [],
    "stays": ["date_entree", "date_sortie"],
    "diagnoses": [],
    "labs": ["date_prelevement"],
    "raw_patients": ["date_naissance"],
}


def _read_cohort_table(source: Any, key: str) -> pd.DataFrame:
    df = pd.read_csv(source, dtype=_COHORT_DTYPES[key], keep_default_na=True)
    for col in _COHORT_DATES[key]:
        # errors="coerce": never fails on a defect; dates are ISO (AAAA-MM-JJ).
        df[col] = pd.to_datetime(df[col], format="%Y-%m-%d", errors="coerce")
    return df


def _cohort_file(key: str, dossier: str | Path | None) -> Path:
    from iasante.data.cohort import FILES

    folder = Path(dossier) if dossier is not None else default_cohort_dir()
    return verify_file(folder / FILES[key], folder / COHORT_MANIFEST_NAME, regen=True)


@cache
def _clean_cohort_bytes(seed: int, n_patients: int, stays_sha256: str) -> dict[str, bytes]:
    """Clean tables of a cohort, after checking that this machine regenerates it exactly.

    The check compares the regenerated default ``sejours.csv`` with the manifest's checksum:
    a different NumPy could change the random streams, and a ground truth that does not
    match the committed files would silently mislead.
    """
    import numpy as np

    from iasante.data.cohort import generate_cohort, to_csv_bytes
    from iasante.data.integrity import sha256_bytes

    dirty = generate_cohort(seed, n_patients, defects=True)["stays"]
    if sha256_bytes(to_csv_bytes(dirty)) != stays_sha256:
        raise DataFileAlteredError(
            msg("data.cohort_not_reproducible", seed=seed, numpy=np.__version__)
        )
    tables = generate_cohort(seed, n_patients, defects=False)
    return {key: to_csv_bytes(df) for key, df in tables.items()}


def cohort_manifest(dossier: str | Path | None = None) -> dict:
    """The manifest of a cohort folder (seed, size, checksums)."""
    folder = Path(dossier) if dossier is not None else default_cohort_dir()
    path = folder / COHORT_MANIFEST_NAME
    from iasante.data.integrity import read_manifest

    return read_manifest(path, path, regen=True)


def load_cohort(
    table: str = "patients", variant: str = "default", dossier: str | Path | None = None
) -> pd.DataFrame:
    """A table of the synthetic hospital cohort.

    ``table``: ``"patients"``, ``"stays"`` (``"sejours"``), ``"diagnoses"``
    (``"diagnostics"``) or ``"labs"`` (``"biologie"``).
    ``variant``: ``"default"`` — the committed files, **with** the deliberate defects of the
    cleaning lesson; ``"propre"`` — the same cohort without defects (ground truth),
    regenerated in memory from the seed recorded in the manifest.
    ``dossier``: another cohort folder written by ``iasante donnees regenerer --dossier``
    (default: ``data/cohorte``, or ``$IASANTE_COHORTE``).
    """
    _choice("table", table, list(TABLE_ALIASES))
    _choice("variant", variant, VARIANTS)
    key = TABLE_ALIASES[table]
    if variant == "default":
        return _read_cohort_table(_cohort_file(key, dossier), key)
    info = cohort_manifest(dossier)
    if not info.get("defects", True):  # a folder written without defects is already clean
        return _read_cohort_table(_cohort_file(key, dossier), key)
    _cohort_file("stays", dossier)  # the committed file must be intact to serve as reference
    stays_sha = info["files"]["sejours.csv"]["sha256"]
    data = _clean_cohort_bytes(int(info["seed"]), int(info["n_patients"]), stays_sha)[key]
    return _read_cohort_table(io.BytesIO(data), key)


def load_cohort_raw(dossier: str | Path | None = None) -> pd.DataFrame:
    """Patients **before** pseudonymisation: synthetic names, NIR, birth date, address.

    For the pseudonymisation exercise only (module 01). Rows are in the same order as
    ``load_cohort("patients", "propre")``; the link to ``patient_id`` is deliberately absent.
    """
    return _read_cohort_table(_cohort_file("raw_patients", dossier), "raw_patients")


def modelling_table(tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per stay, ready for a first model: stay + patient + main diagnosis + labs.

    Built from **clean** tables (``generate_cohort(..., defects=False)`` or, by default, the
    ``"propre"`` variant of the committed cohort). Labs are in canonical units, one column each.
    """
    if tables is None:
        tables = {k: load_cohort(k, "propre") for k in ("patients", "stays", "diagnoses", "labs")}
    stays = tables["stays"].copy()
    patients = tables["patients"]
    dp = tables["diagnoses"]
    dp = dp[dp["type_diagnostic"] == "DP"][["sejour_id", "code_cim10"]].rename(
        columns={"code_cim10": "diagnostic_principal"}
    )
    labs = (
        tables["labs"]
        .pivot_table(index="sejour_id", columns="examen", values="valeur", observed=True)
        .reset_index()
    )
    labs.columns.name = None
    out = (
        stays.merge(
            patients[
                [
                    "patient_id",
                    "sexe",
                    "territoire",
                    "quintile_fdep",
                    "c2s",
                    "nb_maladies_chroniques",
                ]
            ],
            on="patient_id",
            how="left",
        )
        .merge(dp, on="sejour_id", how="left")
        .merge(labs, on="sejour_id", how="left")
    )
    out["annee"] = pd.to_datetime(out["date_entree"]).dt.year.astype("Int64")
    return out
