"""Honest evaluation of a risk model: grouped cross-validation, bootstrap by patient,
calibration (Brier score, intercept and slope, reliability curve), external validation.

Plain functions over arrays, used by module 03 (lesson, assignment checks) and by the
calibration explorer. Conventions: ``y`` is 0/1 (1 = event), ``p`` a predicted risk in
[0, 1]; ``groups`` (e.g. ``patient_id``) marks rows that are not independent.

References for the definitions:

- calibration intercept (« calibration-in-the-large ») and slope: logistic recalibration
  ``logit P(y=1) = a + b·logit(p)``; the slope is ``b``, the intercept ``a`` fitted with
  ``b`` fixed to 1 (offset). Van Calster et al., *BMC Med* 2019;17:230,
  doi:10.1186/s12916-019-1466-7; Steyerberg, *Clinical Prediction Models*, 2nd ed., 2019.
- bootstrap percentile interval by cluster (resample patients, keep all their stays):
  Davison & Hinkley, *Bootstrap Methods and their Application*, 1997, § 3.8.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "as_binary",
    "brier_score",
    "bootstrap_ci",
    "calibration_intercept_slope",
    "cv_auc",
    "distort_risks",
    "logit",
    "reliability_curve",
    "threshold_for_sensitivity",
    "validation_summary",
]

_EPS = 1e-6


def as_binary(y: Any) -> np.ndarray:
    """0/1 integer array from booleans, 0/1 numbers or a pandas nullable boolean."""
    arr = np.asarray(pd.Series(y).astype(float))
    if not np.isin(arr, (0.0, 1.0)).all():
        raise ValueError("y must hold only 0/1 (or booleans)")
    return arr.astype(int)


def logit(p: Any) -> np.ndarray:
    """log(p / (1 − p)), with p clipped to [1e-6, 1 − 1e-6]."""
    q = np.clip(np.asarray(p, dtype=float), _EPS, 1 - _EPS)
    return np.log(q / (1 - q))


def _expit(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def brier_score(y: Any, p: Any) -> float:
    """Mean squared difference between the predicted risk and the outcome (0 = perfect)."""
    yy, pp = as_binary(y), np.asarray(p, dtype=float)
    return float(np.mean((pp - yy) ** 2))


def _logistic_fit(x: np.ndarray | None, y: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """Unpenalised maximum-likelihood logistic regression by Newton–Raphson (IRLS).

    ``logit P(y=1) = offset + b0 + b1·x`` (``x=None``: intercept only). Returns the
    coefficients. Small and dependency-free: sklearn penalises by default and statsmodels
    is not a course dependency.
    """
    design = np.ones((len(y), 1)) if x is None else np.column_stack([np.ones(len(y)), x])
    beta = np.zeros(design.shape[1])
    for _ in range(50):
        eta = offset + design @ beta
        mu = _expit(eta)
        w = np.clip(mu * (1 - mu), 1e-12, None)
        grad = design.T @ (y - mu)
        hess = design.T @ (design * w[:, None])
        step = np.linalg.solve(hess, grad)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-10:
            break
    return beta


def calibration_intercept_slope(y: Any, p: Any) -> tuple[float, float]:
    """Calibration intercept (« in the large », slope fixed at 1) and calibration slope.

    Perfect calibration: intercept 0 and slope 1. Intercept > 0: risks too low on average
    (under-estimation); < 0: too high. Slope < 1: predictions too extreme (typical of
    overfitting or of a model moved to another population); > 1: too timid.
    """
    yy = as_binary(y).astype(float)
    lp = logit(p)
    intercept = float(_logistic_fit(None, yy, lp)[0])
    slope = float(_logistic_fit(lp, yy, np.zeros_like(lp))[1])
    return intercept, slope


def distort_risks(p: Any, shift: float = 0.0, slope: float = 1.0) -> np.ndarray:
    """Risks moved on the logit scale: ``expit(shift + slope·logit(p))``.

    ``shift > 0`` raises every risk, ``slope > 1`` spreads them apart, ``slope < 1`` squeezes
    them towards the mean. For ``slope > 0`` the order of patients, hence the AUC, is kept:
    only calibration changes. With ``a`` and ``b`` of the logistic regression of the outcome
    on ``logit(p)`` (both fitted together), it is the logistic recalibration of a model.
    (The intercept of :func:`calibration_intercept_slope` is fitted with the slope fixed at
    1, so it is not that ``a``.)
    """
    return _expit(shift + slope * logit(p))


def reliability_curve(y: Any, p: Any, n_bins: int = 10, strategy: str = "quantile") -> pd.DataFrame:
    """Reliability diagram points: in each bin of predicted risk, mean predicted vs observed.

    ``strategy="quantile"`` makes bins of equal size (as many stays in each), ``"uniform"``
    cuts [0, 1] in equal widths. Columns: ``risque_predit``, ``taux_observe``, ``effectif``,
    one row per non-empty bin, in increasing predicted risk.
    """
    yy, pp = as_binary(y), np.asarray(p, dtype=float)
    if strategy == "quantile":
        edges = np.unique(np.quantile(pp, np.linspace(0, 1, n_bins + 1)))
    elif strategy == "uniform":
        edges = np.linspace(0, 1, n_bins + 1)
    else:
        raise ValueError("strategy must be 'quantile' or 'uniform'")
    if len(edges) < 2:
        edges = np.array([pp.min(), pp.max() + 1e-12])
    idx = np.clip(np.searchsorted(edges, pp, side="right") - 1, 0, len(edges) - 2)
    frame = pd.DataFrame({"bin": idx, "p": pp, "y": yy})
    out = frame.groupby("bin").agg(
        risque_predit=("p", "mean"), taux_observe=("y", "mean"), effectif=("y", "size")
    )
    return out.reset_index(drop=True)


def cv_auc(
    model: Any,
    X: Any,
    y: Any,
    groups: Any = None,
    n_splits: int = 5,
    seed: int = 0,
) -> np.ndarray:
    """AUC of each fold of a stratified cross-validation, grouped when ``groups`` is given.

    With ``groups`` (e.g. ``patient_id``), every stay of a patient falls in the same fold
    (:class:`~sklearn.model_selection.StratifiedGroupKFold`): the model is never tested
    on a patient it has seen. Without, folds are drawn stay by stay
    (:class:`~sklearn.model_selection.StratifiedKFold`).
    """
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold, cross_val_score

    yy = as_binary(y)
    if groups is None:
        cv = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
        return cross_val_score(model, X, yy, cv=cv, scoring="roc_auc")
    cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return cross_val_score(model, X, yy, cv=cv, groups=np.asarray(groups), scoring="roc_auc")


def _auc_from_ranks(y: np.ndarray, p: np.ndarray) -> float:
    """AUC by the Mann–Whitney statistic (ties count one half)."""
    from scipy.stats import rankdata

    n1 = int(y.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        return float("nan")
    ranks = rankdata(p)
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def bootstrap_ci(
    y: Any,
    p: Any,
    metric: Callable[[np.ndarray, np.ndarray], float] | None = None,
    groups: Any = None,
    n_boot: int = 500,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap confidence interval of ``metric(y, p)`` (default: the AUC).

    With ``groups``, whole groups are resampled (a patient drawn twice brings all their
    stays twice): stays of one patient are not independent, and resampling stays would
    give too narrow an interval. Replicates where the metric is undefined (one class only)
    are dropped. Covers sampling variability of *this* population only: not a change of
    hospital, period or case mix.
    """
    yy, pp = as_binary(y), np.asarray(p, dtype=float)
    stat = metric or _auc_from_ranks
    rng = np.random.default_rng(seed)
    if groups is None:
        rows = [rng.integers(0, len(yy), len(yy)) for _ in range(n_boot)]
    else:
        codes, uniques = pd.factorize(pd.Series(np.asarray(groups)))
        order = np.argsort(codes, kind="stable")
        starts = np.searchsorted(codes[order], np.arange(len(uniques)))
        sizes = np.bincount(codes, minlength=len(uniques))
        rows = []
        for _ in range(n_boot):
            picked = rng.integers(0, len(uniques), len(uniques))
            rows.append(order[_expand(starts[picked], sizes[picked])])
    values = np.array([stat(yy[r], pp[r]) for r in rows], dtype=float)
    values = values[np.isfinite(values)]
    alpha = (1 - level) / 2
    low, high = np.quantile(values, [alpha, 1 - alpha])
    return float(low), float(high)


def _expand(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Concatenate ``range(start, start + size)`` for each pair, vectorised."""
    total = int(sizes.sum())
    offsets = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(starts, sizes) + np.arange(total) - offsets


def validation_summary(y: Any, p: Any) -> dict[str, float]:
    """What a validation reports (TRIPOD+AI, Van Calster 2019): discrimination and calibration.

    Keys: ``n``, ``taux_observe``, ``risque_moyen_predit``, ``auc``, ``brier``,
    ``intercept_calibration``, ``pente_calibration``.
    """
    yy, pp = as_binary(y), np.asarray(p, dtype=float)
    intercept, slope = calibration_intercept_slope(yy, pp)
    return {
        "n": int(len(yy)),
        "taux_observe": float(yy.mean()),
        "risque_moyen_predit": float(pp.mean()),
        "auc": _auc_from_ranks(yy, pp),
        "brier": brier_score(yy, pp),
        "intercept_calibration": intercept,
        "pente_calibration": slope,
    }


def threshold_for_sensitivity(y: Any, p: Any, target: float) -> float:
    """Highest threshold ``t`` such that ``p >= t`` detects at least ``target`` of the events.

    Choose it on validation predictions (out-of-fold), never on the test set: a threshold
    tuned on the data it is evaluated on reports an optimistic sensitivity.
    """
    import math

    yy, pp = as_binary(y), np.asarray(p, dtype=float)
    positives = np.sort(pp[yy == 1])[::-1]
    needed = max(1, math.ceil(round(target * len(positives), 9)))
    return float(positives[needed - 1])
