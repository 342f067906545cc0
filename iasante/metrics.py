"""Clinical metrics: plain, tested functions that graded checks, lessons and the explorers
of ``iasante.widgets`` share (they lived in ``widgets/``; a grading reference should not
depend on a UI package).

Conventions: positive class = 1 (malade); a patient is predicted positive when
``score >= threshold`` (the convention of ``sklearn.metrics.roc_curve``).

- sensibilité (*recall*) = VP / (VP + FN)
- spécificité = VN / (VN + FP)
- VPP (*precision*) = VP / (VP + FP)
- VPN = VN / (VN + FN)

A ratio whose denominator is 0 is NaN (undefined), never 0 and never a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from iasante.messages import msg

__all__ = [
    "confusion_at_threshold",
    "clinical_metrics",
    "metrics_at_threshold",
    "roc_points",
    "ppv_npv_from_prevalence",
    "natural_frequencies",
    "subgroup_table",
    "calibration_by_group",
]


def _ratio(num: float, den: float) -> float:
    return float(num) / float(den) if den else float("nan")


def _binary(y_true: Any) -> np.ndarray:
    y = np.asarray(y_true)
    if y.dtype == bool:
        return y.astype(int)
    values = set(np.unique(y).tolist())
    if not values <= {0, 1}:
        raise ValueError(f"y_true must contain only 0/1 (or False/True), got {sorted(values)[:5]}")
    return y.astype(int)


def confusion_at_threshold(y_true: Any, scores: Any, threshold: float) -> dict[str, int]:
    """Counts ``{"tn", "fp", "fn", "tp"}`` when predicting positive for ``score >= threshold``."""
    y = _binary(y_true)
    s = np.asarray(scores, dtype=float)
    if y.shape != s.shape:
        raise ValueError("y_true and scores must have the same length")
    pred = s >= threshold
    pos = y == 1
    return {
        "tn": int(np.sum(~pred & ~pos)),
        "fp": int(np.sum(pred & ~pos)),
        "fn": int(np.sum(~pred & pos)),
        "tp": int(np.sum(pred & pos)),
    }


def clinical_metrics(tn: int, fp: int, fn: int, tp: int) -> dict[str, float]:
    """Sensibilité, spécificité, VPP, VPN, exactitude, prévalence and false-positive rate.

    Keys: ``sensibilite``, ``specificite``, ``vpp``, ``vpn``, ``exactitude``,
    ``prevalence``, ``taux_faux_positifs`` (= 1 − spécificité). NaN when undefined.
    """
    n = tn + fp + fn + tp
    return {
        "sensibilite": _ratio(tp, tp + fn),
        "specificite": _ratio(tn, tn + fp),
        "vpp": _ratio(tp, tp + fp),
        "vpn": _ratio(tn, tn + fn),
        "exactitude": _ratio(tp + tn, n),
        "prevalence": _ratio(tp + fn, n),
        "taux_faux_positifs": _ratio(fp, fp + tn),
    }


def metrics_at_threshold(y_true: Any, scores: Any, threshold: float) -> dict[str, float]:
    """Counts and clinical metrics at one threshold, in one dict."""
    counts = confusion_at_threshold(y_true, scores, threshold)
    return {**counts, **clinical_metrics(**counts)}


def roc_points(y_true: Any, scores: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(fpr, tpr, thresholds)`` of the ROC curve (scikit-learn's ``roc_curve``)."""
    from sklearn.metrics import roc_curve

    return roc_curve(_binary(y_true), np.asarray(scores, dtype=float))


def ppv_npv_from_prevalence(sens: Any, spec: Any, prevalence: Any) -> tuple[Any, Any]:
    """VPP and VPN from Bayes' theorem; works element-wise on arrays.

    VPP = sens·p / (sens·p + (1 − spec)(1 − p));  VPN = spec(1 − p) / (spec(1 − p) + (1 − sens)p)
    """
    se, sp, p = (np.asarray(v, dtype=float) for v in (sens, spec, prevalence))
    for label, v in (("sens", se), ("spec", sp), ("prevalence", p)):
        if np.any((v < 0) | (v > 1)):
            raise ValueError(f"{label} must be between 0 and 1")
    with np.errstate(invalid="ignore", divide="ignore"):
        tp, fp = se * p, (1 - sp) * (1 - p)
        tn, fn = sp * (1 - p), (1 - se) * p
        ppv = np.where(tp + fp > 0, tp / np.where(tp + fp > 0, tp + fp, 1), np.nan)
        npv = np.where(tn + fn > 0, tn / np.where(tn + fn > 0, tn + fn, 1), np.nan)
    if ppv.ndim == 0:
        return float(ppv), float(npv)
    return ppv, npv


def natural_frequencies(
    sens: float, spec: float, prevalence: float, n: int = 1000
) -> dict[str, int]:
    """Whole-person counts « sur n personnes testées » (rounded, totals add up to ``n``).

    Keys: ``n``, ``malades``, ``non_malades``, ``vp``, ``fn``, ``fp``, ``vn``,
    ``positifs``, ``negatifs``.
    """
    sick = int(round(n * prevalence))
    healthy = n - sick
    tp = int(round(sick * sens))
    tn = int(round(healthy * spec))
    fn, fp = sick - tp, healthy - tn
    return {
        "n": n,
        "malades": sick,
        "non_malades": healthy,
        "vp": tp,
        "fn": fn,
        "fp": fp,
        "vn": tn,
        "positifs": tp + fp,
        "negatifs": tn + fn,
    }


def _as_groups(groups: Any, index: pd.Index) -> pd.Series | pd.DataFrame:
    if isinstance(groups, (pd.Series, pd.DataFrame)):
        return groups.reset_index(drop=True)
    arr = np.asarray(groups)
    if arr.ndim == 2:
        return pd.DataFrame(arr)
    return pd.Series(arr, name="groupe")


def _mean_score(y_true: Any, y_pred: Any, score: Any) -> float:
    """fairlearn metric: the mean predicted risk of a group (its ``score`` sample param)."""
    return float(np.mean(score))


def subgroup_table(
    y_true: Any,
    y_pred: Any,
    y_score: Any = None,
    groups: Any = None,
) -> pd.DataFrame:
    """Per-group performance, with fairlearn's ``MetricFrame``: one row per group + « Ensemble ».

    Columns: ``effectif``, ``prevalence``, ``sensibilite``, ``taux_faux_positifs``,
    ``specificite``, ``vpp`` and, when ``y_score`` is given, ``risque_predit``
    (mean score) and ``taux_observe`` (observed rate) — their gap is the
    calibration-in-the-large of the group. ``groups`` may be a Series, an array, or a
    DataFrame of several group columns (then groups are their combinations).
    """
    from fairlearn.metrics import MetricFrame

    y = _binary(y_true)
    pred = _binary(y_pred)
    if groups is None:
        raise ValueError("groups is required")
    sf = _as_groups(groups, pd.RangeIndex(len(y)))

    def _counts(yt: np.ndarray, yp: np.ndarray) -> dict[str, int]:
        return confusion_at_threshold(yt, yp, 0.5)

    def sens(yt, yp):
        return clinical_metrics(**_counts(yt, yp))["sensibilite"]

    def fpr(yt, yp):
        return clinical_metrics(**_counts(yt, yp))["taux_faux_positifs"]

    def spec(yt, yp):
        return clinical_metrics(**_counts(yt, yp))["specificite"]

    def ppv(yt, yp):
        return clinical_metrics(**_counts(yt, yp))["vpp"]

    metrics: dict[str, Callable[..., Any]] = {
        "effectif": lambda yt, yp: len(yt),
        "prevalence": lambda yt, yp: float(np.mean(yt)) if len(yt) else float("nan"),
        "sensibilite": sens,
        "taux_faux_positifs": fpr,
        "specificite": spec,
        "vpp": ppv,
    }
    sample_params = None
    if y_score is not None:
        score = np.asarray(y_score, dtype=float)
        metrics["risque_predit"] = _mean_score
        metrics["taux_observe"] = lambda yt, yp: float(np.mean(yt))
        sample_params = {"risque_predit": {"score": score}}
    frame = MetricFrame(
        metrics=metrics,
        y_true=y,
        y_pred=pred,
        sensitive_features=sf,
        sample_params=sample_params,
    )
    table = frame.by_group.copy()
    overall = frame.overall
    overall_row = pd.DataFrame([overall.to_dict()], index=_overall_index(table.index))
    table = pd.concat([table, overall_row])
    table["effectif"] = table["effectif"].astype(int)
    return table.astype({c: float for c in table.columns if c != "effectif"})


def _overall_index(index: pd.Index) -> pd.Index:
    label = msg("widgets.col.overall")
    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_tuples([(label,) * index.nlevels], names=index.names)
    return pd.Index([label], name=index.name)


def calibration_by_group(
    y_true: Any, y_score: Any, groups: Any, n_bins: int = 5, strategy: str = "quantile"
) -> pd.DataFrame:
    """Reliability points per group: mean predicted risk vs observed rate in score bins.

    Returns a long DataFrame with columns ``groupe``, ``risque_predit``, ``taux_observe``,
    ``effectif`` (one row per non-empty bin and group).
    """
    y = _binary(y_true)
    score = np.asarray(y_score, dtype=float)
    g = np.asarray(
        groups
        if not isinstance(groups, pd.DataFrame)
        else groups.astype(str).agg(" / ".join, axis=1)
    )
    rows: list[dict[str, Any]] = []
    for label in pd.unique(g):
        mask = g == label
        s, yy = score[mask], y[mask]
        if strategy == "quantile":
            edges = np.unique(np.quantile(s, np.linspace(0, 1, n_bins + 1)))
        else:
            edges = np.linspace(0, 1, n_bins + 1)
        if len(edges) < 2:
            edges = np.array([s.min(), s.max() + 1e-12])
        idx = np.clip(np.searchsorted(edges, s, side="right") - 1, 0, len(edges) - 2)
        for b in range(len(edges) - 1):
            sel = idx == b
            if sel.any():
                rows.append(
                    {
                        "groupe": label,
                        "risque_predit": float(s[sel].mean()),
                        "taux_observe": float(yy[sel].mean()),
                        "effectif": int(sel.sum()),
                    }
                )
    return pd.DataFrame(rows, columns=["groupe", "risque_predit", "taux_observe", "effectif"])
