"""The datathon score: one documented rule, computed in the instructor's process.

    score = AUC − ECE − max(0, écart de sensibilité C2S − 0,10)

* **AUC** (discrimination): area under the ROC curve of ``probabilite``.
* **ECE** (*expected calibration error*, calibration): stays sorted by predicted probability
  (ties broken by ``sejour_id``) and cut into 10 groups of equal size (group of the stay of
  rank ``r`` among ``n`` = ``floor(10·r/n)``); ECE = Σ (n_g/n)·|taux observé_g − probabilité
  moyenne_g|. A model that predicts 20 % where 12 % are readmitted loses about 0.08.
* **Fairness constraint**: sensitivity of the team's ``decision`` among C2S patients and
  among the others; the gap beyond a tolerance of 0.10 is subtracted.

The decision must flag between 10 % and 30 % of the stays (the follow-up programme's
capacity, checked on the file, see :mod:`iasante.datathon.validation`), so a team cannot
erase the gap by flagging nobody. Scores are compared rounded to 3 decimals; equal
rounded scores share a rank (ex aequo).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

N_BINS = 10
FAIRNESS_TOLERANCE = 0.10
ROUNDING = 3


def roc_auc(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p))


def calibration_error(y: np.ndarray, p: np.ndarray, ids: np.ndarray, n_bins: int = N_BINS) -> float:
    """ECE over ``n_bins`` equal-size groups of predicted probability (see module doc)."""
    n = len(p)
    order = np.lexsort((ids, p))
    groups = np.empty(n, dtype=int)
    groups[order] = (np.arange(n) * n_bins) // n
    counts = np.bincount(groups, minlength=n_bins)
    observed = np.bincount(groups, weights=y, minlength=n_bins)
    predicted = np.bincount(groups, weights=p, minlength=n_bins)
    keep = counts > 0
    gaps = np.abs(observed[keep] - predicted[keep]) / counts[keep]
    return float(np.sum(counts[keep] / n * gaps))


def sensitivity(y: np.ndarray, decision: np.ndarray) -> float:
    positives = y == 1
    return float(decision[positives].mean()) if positives.any() else math.nan


def score_predictions(
    y: np.ndarray, p: np.ndarray, decision: np.ndarray, group: np.ndarray, ids: np.ndarray
) -> dict[str, float]:
    """Every component of the score on one set of stays (all arrays aligned)."""
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    decision = np.asarray(decision, dtype=int)
    group = np.asarray(group, dtype=bool)
    auc = roc_auc(y, p)
    ece = calibration_error(y, p, np.asarray(ids))
    sens_c2s = sensitivity(y[group], decision[group])
    sens_other = sensitivity(y[~group], decision[~group])
    gap = abs(sens_c2s - sens_other) if not (math.isnan(sens_c2s) or math.isnan(sens_other)) else 0
    penalty = max(0.0, gap - FAIRNESS_TOLERANCE)
    return {
        "score": auc - ece - penalty,
        "auc": auc,
        "ece": ece,
        "sensibilite": sensitivity(y, decision),
        "sensibilite_c2s": sens_c2s,
        "sensibilite_autres": sens_other,
        "ecart_sensibilite": gap,
        "penalite_equite": penalty,
        "part_signalee": float(decision.mean()),
        "n": len(y),
    }


def score_parts(predictions: pd.DataFrame, labels: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Scores on the public and the private part of the hidden labels.

    ``predictions``: validated (``sejour_id``, ``probabilite``, ``decision``), one row per
    test stay; ``labels``: ``sejour_id``, ``readmission_30j``, ``partie``, ``c2s``.
    """
    from iasante.datathon.challenge import GROUP, ID, LABEL, PART, PRIVATE, PUBLIC

    merged = labels.merge(predictions, on=ID, how="left", validate="one_to_one")
    if merged["probabilite"].isna().any():
        raise ValueError("predictions do not cover every labelled stay")
    out = {}
    for part in (PUBLIC, PRIVATE):
        rows = merged[merged[PART] == part]
        out[part] = score_predictions(
            rows[LABEL].to_numpy(),
            rows["probabilite"].to_numpy(),
            rows["decision"].to_numpy(),
            rows[GROUP].to_numpy(),
            rows[ID].to_numpy(),
        )
    return out


def rounded(value: float) -> float:
    return round(float(value), ROUNDING)


def bootstrap_intervals(
    y: np.ndarray,
    p: np.ndarray,
    decision: np.ndarray,
    group: np.ndarray,
    ids: np.ndarray,
    *,
    n_resamples: int = 200,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Percentile bootstrap intervals (stays resampled with replacement) of the score and of
    its components, for a model card's « métriques avec intervalles »."""
    y, p = np.asarray(y, dtype=int), np.asarray(p, dtype=float)
    decision, group = np.asarray(decision, dtype=int), np.asarray(group, dtype=bool)
    ids = np.asarray(ids, dtype=str)
    rng = np.random.default_rng(seed)
    rank = np.argsort(np.argsort(ids, kind="stable"), kind="stable")
    keys = ("score", "auc", "ece", "sensibilite_c2s", "sensibilite_autres", "ecart_sensibilite")
    draws: dict[str, list[float]] = {k: [] for k in keys}
    n = len(y)
    for _ in range(n_resamples):
        idx = rng.integers(0, n, n)
        if y[idx].min() == y[idx].max():
            continue
        # ties in the calibration order broken by the original name of the stay
        one = score_predictions(y[idx], p[idx], decision[idx], group[idx], rank[idx])
        for k in keys:
            draws[k].append(one[k])
    point = score_predictions(y, p, decision, group, ids)
    alpha = (1 - level) / 2
    rows = [
        {
            "indicateur": k,
            "valeur": point[k],
            "borne_basse": float(np.nanquantile(draws[k], alpha)),
            "borne_haute": float(np.nanquantile(draws[k], 1 - alpha)),
        }
        for k in keys
    ]
    return pd.DataFrame(rows)
