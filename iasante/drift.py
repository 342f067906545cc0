"""Monitoring a deployed risk model: performance and calibration by period (or site).

Plain functions used by the module 05 lesson and by the monitoring explorer
(:mod:`iasante.widgets.drift`). Conventions: ``y`` is 0/1 (1 = the event, e.g. a 30-day
readmission), ``p`` a predicted probability of the event, an alert is ``p >= threshold``.

Drift statistics on inputs are not written here: the lesson uses
``scipy.stats.ks_2samp`` (a well-kept, documented implementation) and writes the
population stability index by hand, because writing it is what teaches it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["calibration_curve_table", "observed_expected", "period_performance"]


def _arrays(y: Any, p: Any) -> tuple[np.ndarray, np.ndarray]:
    y_arr = np.asarray(y, dtype=float).ravel()
    p_arr = np.asarray(p, dtype=float).ravel()
    if y_arr.shape != p_arr.shape:
        raise ValueError(f"y and p differ in length: {y_arr.shape} vs {p_arr.shape}")
    return y_arr, p_arr


def observed_expected(y: Any, p: Any) -> float:
    """Observed events divided by expected events (sum of predicted risks).

    1 = calibrated on average (« calibration dans l'ensemble »); below 1 the model
    over-predicts, above 1 it under-predicts. NaN when nothing is expected.
    """
    y_arr, p_arr = _arrays(y, p)
    expected = p_arr.sum()
    return float(y_arr.sum() / expected) if expected > 0 else float("nan")


def _auc(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    if len(np.unique(y)) < 2:
        return float("nan")
    return float(roc_auc_score(y, p))


def period_performance(y: Any, p: Any, period: Any, threshold: float = 0.2) -> pd.DataFrame:
    """One row per period (sorted): how a deployed model behaves over time.

    Columns: ``effectif`` (stays), ``evenements``, ``taux_observe`` (event rate),
    ``risque_moyen`` (mean predicted risk), ``ratio_oe`` (observed / expected),
    ``auc``, ``brier`` (mean squared error of the probabilities) and ``taux_alerte``
    (share of stays with ``p >= threshold``). ``period`` may be years, semesters, sites…
    """
    y_arr, p_arr = _arrays(y, p)
    groups = pd.Series(np.asarray(period, dtype=object)).reset_index(drop=True)
    if len(groups) != len(y_arr):
        raise ValueError("period must have one value per stay")
    rows = {}
    for key in sorted(pd.unique(groups.dropna())):
        mask = (groups == key).to_numpy()
        yk, pk = y_arr[mask], p_arr[mask]
        rows[key] = {
            "effectif": int(mask.sum()),
            "evenements": int(yk.sum()),
            "taux_observe": float(yk.mean()),
            "risque_moyen": float(pk.mean()),
            "ratio_oe": observed_expected(yk, pk),
            "auc": _auc(yk, pk),
            "brier": float(np.mean((pk - yk) ** 2)),
            "taux_alerte": float(np.mean(pk >= threshold)),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "periode"
    return table


def calibration_curve_table(y: Any, p: Any, n_bins: int = 5) -> pd.DataFrame:
    """Reliability curve by quantile bins of predicted risk: one row per bin.

    Columns ``risque_predit`` (mean predicted risk of the bin), ``taux_observe`` (event
    rate of the bin) and ``effectif``. Quantile bins keep enough stays in each point.
    """
    y_arr, p_arr = _arrays(y, p)
    if len(p_arr) == 0:
        return pd.DataFrame(columns=["risque_predit", "taux_observe", "effectif"])
    bins = pd.qcut(p_arr, q=n_bins, labels=False, duplicates="drop")
    frame = pd.DataFrame({"bin": bins, "y": y_arr, "p": p_arr})
    out = frame.groupby("bin").agg(
        risque_predit=("p", "mean"), taux_observe=("y", "mean"), effectif=("y", "size")
    )
    return out.reset_index(drop=True)
