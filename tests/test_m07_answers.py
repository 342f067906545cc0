"""Module 07 « Datathon »: the format checks of the assignment, answer by answer."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from answercheck import assert_correct, assert_incorrect, assert_not_attempted

from iasante.datathon import load_public
from iasante.datathon.challenge import PublicChallenge
from iasante.exercises import m07


@cache
def _defi() -> PublicChallenge:
    return load_public(Path("/nonexistent-folder"))  # the default challenge


@pytest.fixture
def defi() -> PublicChallenge:
    d = _defi()
    return PublicChallenge(d.train.copy(), d.test.copy(), dict(d.info))


@pytest.fixture
def proba(defi: PublicChallenge) -> np.ndarray:
    rng = np.random.default_rng(0)
    return 1 / (
        1
        + np.exp(
            -(-1.8 + 0.02 * (defi.test["age_entree"] - 70) + rng.normal(0, 0.5, len(defi.test)))
        )
    )


def table(defi: PublicChallenge, proba: np.ndarray, seuil: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sejour_id": defi.test["sejour_id"],
            "probabilite": proba,
            "decision": (proba >= seuil).astype(int),
        }
    )


def seuil_at(proba: np.ndarray, share: float = 0.2) -> float:
    return float(np.quantile(proba, 1 - share))


# -- Question 1: the threshold ---------------------------------------------------------


def test_q1_correct_answers(proba: np.ndarray) -> None:
    assert_correct(m07.q1_threshold, seuil_at(proba), proba)
    assert_correct(m07.q1_threshold, np.float64(seuil_at(proba, 0.12)), pd.Series(proba))
    assert_correct(m07.q1_threshold, seuil_at(proba, 0.29), list(proba))


def test_q1_mistakes(proba: np.ndarray) -> None:
    assert_not_attempted(m07.q1_threshold, None, proba)
    assert_incorrect(m07.q1_threshold, 1.5, proba, key="m07.q1.bounds")
    assert_incorrect(m07.q1_threshold, 0.0, proba, key="m07.q1.bounds")
    assert_incorrect(m07.q1_threshold, float("nan"), proba, key="m07.q1.bounds")
    # 50 % of the stays: beyond the programme's capacity; 2 %: below
    assert_incorrect(
        m07.q1_threshold, seuil_at(proba, 0.5), proba, key="datathon.decision.capacite"
    )
    assert_incorrect(
        m07.q1_threshold, seuil_at(proba, 0.02), proba, key="datathon.decision.capacite"
    )
    # 20 (a percentage) is not a probability
    assert_incorrect(m07.q1_threshold, 20.0, proba, key="m07.q1.bounds")


# -- Question 2: the predictions table --------------------------------------------------


def test_q2_correct_answers(defi: PublicChallenge, proba: np.ndarray) -> None:
    s = seuil_at(proba)
    assert_correct(m07.q2_predictions, table(defi, proba, s), defi, s)
    # shuffled rows, other column order, booleans as decisions: still valid
    other = table(defi, proba, s).sample(frac=1, random_state=1)[
        ["decision", "sejour_id", "probabilite"]
    ]
    assert_correct(m07.q2_predictions, other, defi, s)
    as_bool = table(defi, proba, s).assign(decision=lambda d: d["decision"].astype(bool))
    assert_correct(m07.q2_predictions, as_bool, defi, s)


def test_q2_mistakes(defi: PublicChallenge, proba: np.ndarray) -> None:
    s = seuil_at(proba)
    good = table(defi, proba, s)
    assert_not_attempted(m07.q2_predictions, None, defi, s)
    train = pd.DataFrame({"sejour_id": defi.train["sejour_id"], "probabilite": 0.1, "decision": 0})
    assert_incorrect(m07.q2_predictions, train, defi, s, key="m07.q2.train_set")
    assert_incorrect(m07.q2_predictions, good.iloc[5:], defi, s, key="datathon.ids.manquants")
    assert_incorrect(
        m07.q2_predictions, pd.concat([good, good.iloc[:2]]), defi, s, key="datathon.ids.doublons"
    )
    percent = good.assign(probabilite=100 * good["probabilite"])
    assert_incorrect(m07.q2_predictions, percent, defi, s, key="datathon.proba.hors_bornes")
    assert_incorrect(
        m07.q2_predictions, good.assign(age=1), defi, s, key="datathon.colonnes.en_trop"
    )
    assert_incorrect(
        m07.q2_predictions,
        good.rename(columns={"probabilite": "proba"}),
        defi,
        s,
        key="datathon.colonnes.manquantes",
    )
    # decisions from another threshold than the declared one
    other = table(defi, proba, seuil_at(proba, 0.25))
    assert_incorrect(m07.q2_predictions, other, defi, s, key="m07.q2.not_this_threshold")
    # decisions that follow no threshold at all
    shuffled = good.assign(decision=np.random.default_rng(0).permutation(good["decision"]))
    assert_incorrect(m07.q2_predictions, shuffled, defi, s, key="datathon.decision.incoherente")
    # missing probabilities (a model that does not impute)
    holes = good.copy()
    holes.loc[:3, "probabilite"] = np.nan
    assert_incorrect(m07.q2_predictions, holes, defi, None, key="datathon.proba.manquante")
    assert_incorrect(m07.q2_predictions, good, "defi", s, key="m07.defi.absent")


# -- Question 3: the file --------------------------------------------------------------


def test_q3_correct_file(tmp_path: Path, defi: PublicChallenge, proba: np.ndarray) -> None:
    good = table(defi, proba, seuil_at(proba))
    good.to_csv(tmp_path / "predictions.csv", index=False)
    assert_correct(m07.q3_file, good, defi, tmp_path)
    # rounded probabilities in the file (float_format) are the same predictions
    good.to_csv(tmp_path / "predictions.csv", index=False, float_format="%.8f")
    assert_correct(m07.q3_file, good, defi, tmp_path)


def test_q3_mistakes(tmp_path: Path, defi: PublicChallenge, proba: np.ndarray) -> None:
    good = table(defi, proba, seuil_at(proba))
    assert_not_attempted(m07.q3_file, good, defi, tmp_path)  # no file yet
    good.to_csv(tmp_path / "predictions.csv")  # index written
    assert_incorrect(m07.q3_file, good, defi, tmp_path, key="datathon.colonnes.en_trop")
    good.to_csv(tmp_path / "predictions.csv", index=False, sep=";")
    assert_incorrect(m07.q3_file, good, defi, tmp_path, key="datathon.fichier.point_virgule")
    # a file written before the last model: not what will be scored
    table(defi, proba**2, seuil_at(proba**2)).to_csv(tmp_path / "predictions.csv", index=False)
    assert_incorrect(m07.q3_file, good, defi, tmp_path, key="m07.q3.stale")
    # a link to a file elsewhere
    (tmp_path / "predictions.csv").unlink()
    elsewhere = tmp_path.parent / f"{tmp_path.name}-ailleurs.csv"
    good.to_csv(elsewhere, index=False)
    (tmp_path / "predictions.csv").symlink_to(elsewhere)
    assert_incorrect(m07.q3_file, good, defi, tmp_path, key="datathon.fichier.lien")
