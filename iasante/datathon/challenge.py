"""The datathon challenge, derived from a secret: public tables for the teams, hidden labels
for the instructor.

A secret (a phrase the instructor never commits) seeds a fresh synthetic cohort
(:func:`iasante.data.generate_cohort`, clean variant), so no committed file holds the
labels. From it:

* ``entrainement`` — every stay admitted in 2022–2023 (both sites), with its label
  ``readmission_30j``: what a hospital would have had at the start of 2024;
* ``test`` — stays admitted in 2024, **one per patient** (the patient's first stay of
  2024, the « index stay » of readmission studies), without the label. One stay per
  patient, so that a patient's later stay (the readmission itself)
  never sits in the test table next to the stay whose outcome it would reveal;
* ``etiquettes`` (hidden) — the 2024 labels, each stay assigned to the **public** part
  (ranked during the day) or the **private** part (ranked at the end).

Stays ending in death are left out (no readmission to predict), and so are 2024 stays
discharged less than 30 days before the end of the data (follow-up incomplete). Stay and
patient identifiers are replaced by opaque codes derived from the secret (HMAC-SHA256), so
that the order of the original numbers cannot hint at a stay left out of the test table.
In 2024 the cohort's structured follow-up after heart-failure stays removes most of their
excess risk (``READMISSION_HF_2024`` in :mod:`iasante.data.cohort`): the shift the teams
must anticipate. Same secret → same challenge, bit for bit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

#: bump when the derivation changes: an old secret would give another challenge
CHALLENGE_VERSION = 1
N_PATIENTS = 25000
TRAIN_YEARS = (2022, 2023)
TEST_YEAR = 2024
#: the last discharge date whose 30-day follow-up is complete (the data end on 2024-12-31)
LAST_TEST_DISCHARGE = "2024-12-01"
PUBLIC_FRACTION = 0.30
#: the self-learner's challenge: a published phrase, so its labels are not hidden at all
DEFAULT_SECRET = "defi-par-defaut-iasante-sante"
MIN_SECRET_LENGTH = 12

ID = "sejour_id"
LABEL = "readmission_30j"
GROUP = "c2s"
PART = "partie"
PUBLIC, PRIVATE = "public", "prive"

DATA_FOLDER = "donnees"
TRAIN_FILE = "entrainement.csv"
TEST_FILE = "test.csv"
INFO_FILE = "defi.json"
LABELS_FILE = "etiquettes_cachees.csv"
SECRET_FILE = "secret.txt"


def seed_from_secret(secret: str) -> int:
    """A 64-bit seed for the cohort generator, from the secret (SHA-256)."""
    digest = hashlib.sha256(f"iasante-datathon-v{CHALLENGE_VERSION}:{secret}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def fingerprint(secret: str) -> str:
    """A short public name of the challenge (it identifies, it does not reveal the secret)."""
    return hashlib.sha256(f"empreinte:{secret}".encode()).hexdigest()[:12]


def _opaque(secret: str, prefix: str, values: pd.Series) -> pd.Series:
    key = f"ids:{secret}".encode()

    def one(value: str) -> str:
        return prefix + hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:10].upper()

    mapping = {v: one(v) for v in pd.unique(values)}
    return values.map(mapping)


@dataclass(frozen=True)
class Challenge:
    """One challenge: ``train`` (with labels), ``test`` (features only) and the hidden
    ``labels`` (``sejour_id``, ``readmission_30j``, ``partie``, ``c2s``)."""

    train: pd.DataFrame
    test: pd.DataFrame
    labels: pd.DataFrame
    fingerprint: str
    default: bool

    def info(self) -> dict:
        """What the teams may know about the challenge (written next to the public tables)."""
        return {
            "version": CHALLENGE_VERSION,
            "empreinte": self.fingerprint,
            "par_defaut": self.default,
            "annees_entrainement": list(TRAIN_YEARS),
            "annee_test": TEST_YEAR,
            "n_entrainement": len(self.train),
            "n_test": len(self.test),
            "part_publique": PUBLIC_FRACTION,
        }


def build_challenge(secret: str) -> Challenge:
    """Derive the whole challenge from ``secret`` (deterministic, about one second)."""
    from iasante.data import generate_cohort, modelling_table

    if not isinstance(secret, str) or not secret.strip():
        raise ValueError("secret vide")
    seed = seed_from_secret(secret)
    table = modelling_table(generate_cohort(seed, N_PATIENTS, defects=False))
    rng = np.random.default_rng([seed, 7])
    table = table[table["mode_sortie"] != "décès"].copy()
    table[LABEL] = table[LABEL].astype(bool)
    table["sejour_id"] = _opaque(secret, "SJ", table["sejour_id"])
    table["patient_id"] = _opaque(secret, "PT", table["patient_id"])
    table = table.drop(columns=["annee"])
    year = pd.to_datetime(table["date_entree"]).dt.year

    train = table[year.isin(TRAIN_YEARS)].sort_values(["date_entree", ID], kind="stable")
    later = table[(year == TEST_YEAR) & (table["date_sortie"] <= LAST_TEST_DISCHARGE)]
    # each patient's first stay of the year (the « index stay » of readmission studies),
    # then the rows shuffled: their order says nothing
    later = later.sort_values(["date_entree", ID], kind="stable")
    first = later.drop_duplicates("patient_id", keep="first")
    test_full = first.iloc[rng.permutation(len(first))].reset_index(drop=True)
    parts = np.full(len(test_full), PRIVATE, dtype=object)
    parts[rng.permutation(len(test_full))[: round(PUBLIC_FRACTION * len(test_full))]] = PUBLIC
    labels = pd.DataFrame(
        {
            ID: test_full[ID],
            LABEL: test_full[LABEL].astype(int),
            PART: parts,
            GROUP: test_full[GROUP].astype(bool),
        }
    )
    return Challenge(
        train=train.reset_index(drop=True),
        test=test_full.drop(columns=[LABEL]),
        labels=labels,
        fingerprint=fingerprint(secret),
        default=secret == DEFAULT_SECRET,
    )


@cache
def _default_challenge() -> Challenge:
    return build_challenge(DEFAULT_SECRET)


def default_challenge() -> Challenge:
    """The documented challenge of self-learners: its secret is public, so are its labels.

    Built once per process; every call returns fresh copies of the tables."""
    c = _default_challenge()
    return Challenge(c.train.copy(), c.test.copy(), c.labels.copy(), c.fingerprint, c.default)


# --------------------------------------------------------------------------------------
# Writing: the public part (in the assignment) and the private part (instructor only)
# --------------------------------------------------------------------------------------


def _csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_public(challenge: Challenge, assignment_dir: str | Path) -> list[Path]:
    """Write ``donnees/entrainement.csv``, ``donnees/test.csv`` and ``donnees/defi.json``."""
    folder = Path(assignment_dir) / DATA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in ((TRAIN_FILE, challenge.train), (TEST_FILE, challenge.test)):
        (folder / name).write_bytes(_csv_bytes(frame))
        written.append(folder / name)
    info = folder / INFO_FILE
    info.write_text(json.dumps(challenge.info(), ensure_ascii=False, indent=2) + "\n", "utf-8")
    written.append(info)
    return written


def _private_file(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def prepare_private_dir(private_dir: str | Path) -> Path:
    """Create the instructor's folder: readable by its owner only, ignored by git by itself
    (a ``.gitignore`` containing ``*``), wherever it is."""
    folder = Path(private_dir)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Données de l'enseignant : jamais dans git.\n*\n", "utf-8")
    return folder


def write_private(challenge: Challenge, private_dir: str | Path) -> Path:
    """Write the hidden labels (``etiquettes_cachees.csv``, mode 600) in the private folder."""
    folder = prepare_private_dir(private_dir)
    path = folder / LABELS_FILE
    _private_file(path, _csv_bytes(challenge.labels))
    _private_file(
        folder / INFO_FILE,
        (json.dumps(challenge.info(), ensure_ascii=False, indent=2) + "\n").encode(),
    )
    return path


def read_secret(private_dir: str | Path) -> str | None:
    path = Path(private_dir) / SECRET_FILE
    return path.read_text("utf-8").strip() if path.exists() else None


def store_secret(private_dir: str | Path, secret: str) -> Path:
    folder = prepare_private_dir(private_dir)
    path = folder / SECRET_FILE
    _private_file(path, (secret + "\n").encode())
    return path


def read_labels(private_dir: str | Path) -> pd.DataFrame:
    """The hidden labels, as written by :func:`write_private`."""
    labels = pd.read_csv(Path(private_dir) / LABELS_FILE, dtype={ID: str, PART: str})
    labels[GROUP] = labels[GROUP].astype(bool)
    labels[LABEL] = labels[LABEL].astype(int)
    return labels


# --------------------------------------------------------------------------------------
# What a team's notebook loads
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicChallenge:
    """The part of a challenge the teams see."""

    train: pd.DataFrame
    test: pd.DataFrame
    info: dict

    @property
    def default(self) -> bool:
        return bool(self.info.get("par_defaut"))


def load_public(folder: str | Path = ".") -> PublicChallenge:
    """The public tables next to the notebook (``donnees/``), written by the instructor's
    ``iasante datathon preparer``; without them, the default challenge (self-learners)."""
    data = Path(folder) / DATA_FOLDER
    if (data / TRAIN_FILE).exists() and (data / TEST_FILE).exists():
        ids = {ID: str, "patient_id": str, "quintile_fdep": "Int64"}
        train = pd.read_csv(data / TRAIN_FILE, dtype=ids)
        test = pd.read_csv(data / TEST_FILE, dtype=ids)
        info_path = data / INFO_FILE
        info = json.loads(info_path.read_text("utf-8")) if info_path.exists() else {}
        return PublicChallenge(train, test, info)
    c = _default_challenge()
    return PublicChallenge(c.train.copy(), c.test.copy(), c.info())


def local_validation_split(train: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A temporal split of the training table, built like the real one: fit on 2022, validate
    on 2023 stays discharged before 2023-12-01, each patient's first (as in the test table).

    It estimates the score on labels the team has, **not** on the hidden ones: it cannot
    see what changes in 2024.
    """
    year = pd.to_datetime(train["date_entree"]).dt.year
    fit = train[year == TRAIN_YEARS[0]]
    later = train[(year == TRAIN_YEARS[1]) & (train["date_sortie"] <= "2023-12-01")]
    valid = later.sort_values(["date_entree", ID]).drop_duplicates("patient_id", keep="first")
    return fit.reset_index(drop=True), valid.reset_index(drop=True)
