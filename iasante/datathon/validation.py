"""Validation of a team's predictions file, without the hidden labels.

The same function runs in the learner's notebook (format checks of module 07) and in the
instructor's ``iasante datathon classement``. It only *reads* a CSV file as text: no
student code is imported or executed. Each problem carries a catalogue key and a French
message that names it (missing or duplicated ids, rows of the training table, extra rows,
probabilities outside [0, 1] or missing, wrong columns, decisions inconsistent with a
threshold, a share of flagged stays outside the programme's capacity, a file too large,
a link or a path leading outside the team's folder).

File format: UTF-8 CSV, comma separator, three columns ``sejour_id`` (one row per stay of
``donnees/test.csv``), ``probabilite`` (estimated probability of readmission within 30
days, in [0, 1]) and ``decision`` (1 = orient to the follow-up programme, 0 = not); the
decision must be ``probabilite >= seuil`` for one threshold.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from iasante.messages import msg

PREDICTIONS_FILE = "predictions.csv"
COLUMNS = ("sejour_id", "probabilite", "decision")
#: the follow-up programme can take at most 30 % of discharged patients; fewer than 10 %
#: would make the decision (and its fairness) meaningless
CAPACITY = (0.10, 0.30)
#: 9 800 rows take about 350 kB; a file 6 times larger is not a predictions file
MAX_BYTES = 2_000_000
MAX_EXAMPLES = 3


@dataclass(frozen=True)
class Problem:
    key: str
    message: str
    fields: dict = field(default_factory=dict, compare=False)


@dataclass
class Validation:
    """The outcome of validating one file: ``problems`` (empty when valid) and, when valid,
    ``predictions`` (one row per test stay, in the order of the test table)."""

    problems: list[Problem] = field(default_factory=list)
    predictions: pd.DataFrame | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    def add(self, key: str, **fields: Any) -> None:
        self.problems.append(Problem(key, msg(key, **fields), dict(fields)))

    def report(self) -> str:
        return "\n".join(f"- {p.message}" for p in self.problems)


def _examples(values: Iterable[object]) -> str:
    items = [str(v) for v in values]
    shown = ", ".join(items[:MAX_EXAMPLES])
    return shown + (", …" if len(items) > MAX_EXAMPLES else "")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def read_predictions_text(
    path: str | Path, *, root: str | Path | None = None, max_bytes: int = MAX_BYTES
) -> tuple[str | None, Validation]:
    """Read a predictions file as text, refusing links, paths leading outside ``root`` (the
    team's folder) and files larger than ``max_bytes`` before reading a byte of them."""
    result = Validation()
    file = Path(path)
    if file.is_symlink():
        result.add("datathon.fichier.lien", path=file.name)
        return None, result
    if root is not None and (
        not _inside(file, Path(root)) or any(p.is_symlink() for p in _between(file, Path(root)))
    ):
        result.add("datathon.fichier.hors_dossier", path=file.name)
        return None, result
    if not file.exists():
        result.add("datathon.fichier.absent", path=file.name)
        return None, result
    if not file.is_file():
        result.add("datathon.fichier.pas_un_fichier", path=file.name)
        return None, result
    size = file.stat().st_size
    if size > max_bytes:
        result.add("datathon.fichier.trop_gros", size=_size(size), limit=_size(max_bytes))
        return None, result
    with open(file, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we looked
        result.add("datathon.fichier.trop_gros", size=_size(len(data)), limit=_size(max_bytes))
        return None, result
    try:
        return data.decode("utf-8-sig"), result
    except UnicodeDecodeError:
        result.add("datathon.fichier.encodage")
        return None, result


def _between(file: Path, root: Path) -> list[Path]:
    """``file`` and its parents up to (not including) ``root``, as written (not resolved)."""
    out = [file]
    for parent in file.parents:
        if parent == root or parent == parent.parent:
            break
        out.append(parent)
    return out


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} Mo".replace(".", ",")


def validate_text(text: str, test_ids: Iterable[str], train_ids: Iterable[str] = ()) -> Validation:
    """Validate the content of a predictions file against the public test and train ids."""
    result = Validation()
    if not text.strip():
        result.add("datathon.fichier.vide")
        return result
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        result.add("datathon.fichier.illisible", error=str(error).splitlines()[0][:120])
        return result
    columns = [str(c).strip() for c in frame.columns]
    frame.columns = columns
    if len(columns) == 1 and ";" in columns[0]:
        result.add("datathon.fichier.point_virgule")
        return result
    missing = [c for c in COLUMNS if c not in columns]
    extra = [c for c in columns if c not in COLUMNS]
    if missing:
        result.add("datathon.colonnes.manquantes", columns=", ".join(missing))
    if extra:
        result.add("datathon.colonnes.en_trop", columns=", ".join(extra))
    if len(set(columns)) != len(columns):
        result.add("datathon.colonnes.doublees")
    if not result.valid:
        return result
    if frame.empty:
        result.add("datathon.fichier.vide")
        return result

    ids = frame["sejour_id"].str.strip()
    test = pd.Index([str(i) for i in test_ids])
    test_set = set(test)
    train = set(map(str, train_ids))
    duplicated = ids[ids.duplicated()].unique()
    if len(duplicated):
        result.add("datathon.ids.doublons", n=len(duplicated), examples=_examples(duplicated))
    from_train = [i for i in pd.unique(ids) if i in train and i not in test_set]
    if from_train:
        result.add("datathon.ids.entrainement", n=len(from_train), examples=_examples(from_train))
    unknown = [i for i in pd.unique(ids) if i not in test_set and i not in train]
    if unknown:
        result.add("datathon.ids.inconnus", n=len(unknown), examples=_examples(unknown))
    absent = test.difference(pd.Index(ids))
    if len(absent):
        result.add("datathon.ids.manquants", n=len(absent), total=len(test))

    raw_p = frame["probabilite"].str.strip()
    if raw_p.str.contains(",", regex=False).any():
        result.add("datathon.proba.virgule")
        return result
    p = pd.to_numeric(raw_p.replace("", np.nan), errors="coerce")
    not_numbers = raw_p[p.isna() & ~raw_p.str.lower().isin(["", "nan", "na", "none"])]
    if len(not_numbers):
        result.add("datathon.proba.texte", examples=_examples(not_numbers.unique()))
    elif p.isna().any():
        result.add("datathon.proba.manquante", n=int(p.isna().sum()))
    finite = p.dropna()
    outside = finite[(finite < 0) | (finite > 1) | ~np.isfinite(finite)]
    if len(outside):
        result.add("datathon.proba.hors_bornes", n=len(outside), examples=_examples(outside))

    raw_d = frame["decision"].str.strip().str.lower()
    mapping = {"0": 0, "1": 1, "0.0": 0, "1.0": 1, "true": 1, "false": 0}
    decision = raw_d.map(mapping)
    if decision.isna().any():
        bad = raw_d[decision.isna()].unique()
        result.add("datathon.decision.valeurs", examples=_examples([b or "(vide)" for b in bad]))
    if not result.valid:
        return result

    decision = decision.astype(int)
    flagged, kept = p[decision == 1], p[decision == 0]
    if len(flagged) and len(kept) and kept.max() >= flagged.min():
        result.add(
            "datathon.decision.incoherente",
            p_kept=_fr(kept.max()),
            p_flagged=_fr(flagged.min()),
        )
    share = float(decision.mean())
    low, high = CAPACITY
    if not low <= share <= high:
        result.add(
            "datathon.decision.capacite",
            share=_pct(share),
            low=_pct(low),
            high=_pct(high),
        )
    if result.valid:
        predictions = pd.DataFrame(
            {"sejour_id": ids.to_numpy(), "probabilite": p.to_numpy(), "decision": decision}
        ).set_index("sejour_id")
        result.predictions = predictions.loc[test].reset_index()
    return result


def _fr(x: float) -> str:
    return f"{x:.3f}".replace(".", ",")


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %".replace(".", ",")


def validate_file(
    path: str | Path,
    test_ids: Iterable[str],
    train_ids: Iterable[str] = (),
    *,
    root: str | Path | None = None,
    max_bytes: int = MAX_BYTES,
) -> Validation:
    """Validate a predictions file on disk (see :func:`read_predictions_text` for ``root``)."""
    text, result = read_predictions_text(path, root=root, max_bytes=max_bytes)
    if text is None:
        return result
    return validate_text(text, test_ids, train_ids)


def validate_frame(
    frame: pd.DataFrame, test_ids: Iterable[str], train_ids: Iterable[str] = ()
) -> Validation:
    """Validate a DataFrame as it would be written by ``to_csv(index=False)``."""
    return validate_text(frame.to_csv(index=False), test_ids, train_ids)


def decisions_at(probabilities: Iterable[float], threshold: float) -> np.ndarray:
    """The decision of the file format: 1 when ``probabilite >= seuil``."""
    p = np.asarray(list(probabilities), dtype=float)
    if math.isnan(threshold):
        raise ValueError("threshold is NaN")
    return (p >= threshold).astype(int)
