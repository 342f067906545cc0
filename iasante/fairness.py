"""Pure functions for auditing a model by subgroup (module 04 « Biais et équité »).

Everything here works on the synthetic cohort (``iasante.data``) or on plain arrays, and is
tested without a browser. Conventions of ``iasante.metrics``: positive class = 1,
predicted positive when ``score >= threshold``; a ratio whose denominator is 0 is NaN.

- :func:`readmission_table`, :func:`split_by_patient`, :func:`fit_readmission_model`,
  :func:`readmission_audit` — the lesson's and the assignment's 30-day readmission model and
  its audit set (stays of patients never seen in training);
- :func:`patient_table` — one row per patient: need, next-year cost, C2S, site, past stays;
- :func:`proportion_ci` — Wilson 95 % interval of a proportion (``k`` out of ``n``);
- :func:`audit_with_ci` — fairlearn ``MetricFrame`` audit with counts and intervals;
- :func:`top_share`, :func:`top_share_bounds` — share of a group in the top ``frac`` of a
  ranking (and its range over every way of breaking ties);
- :func:`thresholds_for_sensitivity`, :func:`predict_by_group` — per-group thresholds;
- :func:`fairness_gaps` — demographic parity, equal opportunity, equalised odds gaps;
- :func:`group_threshold_table` — what one threshold per group does, group by group and in
  total (behind ``iasante.widgets.group_threshold_explorer``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "READMISSION_FEATURES",
    "CREATININE_OFFSET_SITE_B",
    "readmission_table",
    "split_by_patient",
    "fit_readmission_model",
    "readmission_audit",
    "patient_table",
    "proportion_ci",
    "audit_with_ci",
    "top_share",
    "top_share_bounds",
    "thresholds_for_sensitivity",
    "predict_by_group",
    "fairness_gaps",
    "group_threshold_table",
]

#: what a discharge-time readmission model uses (no site, no C2S, no sex)
READMISSION_FEATURES = (
    "age_entree",
    "nb_maladies_chroniques",
    "duree_sejour",
    "creatinine",
    "dp_insuffisance_cardiaque",
    "dp_bpco",
)
#: site B's creatinine analyser reads 8 % higher (documented in ``data/cohorte.md``)
CREATININE_OFFSET_SITE_B = 1.08
AGE_BANDS = ([0, 60, 75, 200], ["18-59 ans", "60-74 ans", "75 ans et plus"])


def _clean_tables(tables: dict[str, pd.DataFrame] | None) -> dict[str, pd.DataFrame]:
    if tables is not None:
        return tables
    from iasante.data import load_cohort

    return {k: load_cohort(k, "propre") for k in ("patients", "stays", "diagnoses", "labs")}


def readmission_table(tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per stay with a known 30-day outcome, ready for the audit.

    ``iasante.data.modelling_table`` plus: ``readmission_30j`` as 0/1 (stays whose outcome
    is unknown — in-hospital deaths — are dropped), ``dp_insuffisance_cardiaque`` and
    ``dp_bpco`` (0/1 main-diagnosis flags), ``tranche_age`` (18-59, 60-74, 75 and more:
    the labels sort in age order), and categorical columns as plain text.
    """
    from iasante.data import modelling_table

    df = _plain_text(modelling_table(_clean_tables(tables)))
    df = df.dropna(subset=["readmission_30j"]).reset_index(drop=True)
    df["readmission_30j"] = df["readmission_30j"].astype(int)
    df["dp_insuffisance_cardiaque"] = (df["diagnostic_principal"] == "I50.0").astype(int)
    df["dp_bpco"] = (df["diagnostic_principal"] == "J44.1").astype(int)
    edges, labels = AGE_BANDS
    df["tranche_age"] = pd.cut(df["age_entree"], edges, right=False, labels=labels).astype(str)
    df["c2s"] = df["c2s"].map({True: "C2S", False: "sans C2S"})
    df["quintile_fdep"] = "Q" + df["quintile_fdep"].astype(str)
    return df


def split_by_patient(
    df: pd.DataFrame, audit_size: float = 0.4, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(train, audit)``: every stay of a patient on the same side (``GroupShuffleSplit``)."""
    from sklearn.model_selection import GroupShuffleSplit

    splitter = GroupShuffleSplit(n_splits=1, test_size=audit_size, random_state=seed)
    train_idx, audit_idx = next(splitter.split(df, groups=df["patient_id"]))
    return (
        df.iloc[train_idx].reset_index(drop=True),
        df.iloc[audit_idx].reset_index(drop=True),
    )


def fit_readmission_model(train: pd.DataFrame) -> Any:
    """Median imputation, standardisation, logistic regression on :data:`READMISSION_FEATURES`."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(), LogisticRegression())
    return model.fit(train[list(READMISSION_FEATURES)], train["readmission_30j"])


def readmission_audit(
    tables: dict[str, pd.DataFrame] | None = None, threshold: float = 0.20
) -> tuple[Any, pd.DataFrame, pd.DataFrame]:
    """``(model, train, audit)``; ``audit`` gains ``score`` (predicted risk) and ``alerte``
    (0/1, ``score >= threshold``)."""
    train, audit = split_by_patient(readmission_table(tables))
    model = fit_readmission_model(train)
    audit["score"] = model.predict_proba(audit[list(READMISSION_FEATURES)])[:, 1]
    audit["alerte"] = (audit["score"] >= threshold).astype(int)
    return model, train, audit


def patient_table(tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per patient: the patients table plus ``site`` and ``age`` of the first stay,
    ``n_sejours`` and ``cout_sejours`` (sum of stay costs, €) over 2022-2024."""
    t = _clean_tables(tables)
    stays = t["stays"].sort_values(["patient_id", "date_entree"])
    per_patient = stays.groupby("patient_id").agg(
        site=("site", "first"),
        age=("age_entree", "first"),
        n_sejours=("sejour_id", "size"),
        cout_sejours=("cout_sejour", "sum"),
    )
    out = t["patients"].merge(per_patient, left_on="patient_id", right_index=True)
    return _plain_text(out)


def _plain_text(df: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as plain text: a beginner's ``map``, ``>=`` or ``==`` then work."""
    for column in df.columns:
        if isinstance(df[column].dtype, pd.CategoricalDtype):
            df[column] = df[column].astype(str)
    return df


def proportion_ci(k: float, n: float, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of the proportion ``k / n``; ``(nan, nan)`` when ``n == 0``."""
    from scipy.stats import norm

    if n <= 0:
        return (float("nan"), float("nan"))
    z = float(norm.ppf(0.5 + level / 2))
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def audit_with_ci(y_true: Any, y_pred: Any, groups: Any) -> pd.DataFrame:
    """Per-group audit (fairlearn ``MetricFrame`` through ``subgroup_table``) with the counts
    behind each rate and Wilson 95 % intervals.

    Columns: ``effectif``, ``n_malades`` (positives of the group), ``prevalence``,
    ``sensibilite`` with ``sens_bas``/``sens_haut``, ``taux_faux_positifs`` with
    ``tfp_bas``/``tfp_haut``, ``vpp``, ``taux_selection``.
    """
    from iasante.metrics import subgroup_table

    y = np.asarray(y_true).astype(int)
    pred = np.asarray(y_pred).astype(int)
    table = subgroup_table(y, pred, groups=groups)
    n_pos = np.rint(table["effectif"] * table["prevalence"]).astype(int)
    n_neg = table["effectif"] - n_pos
    tp = np.rint(table["sensibilite"].fillna(0) * n_pos).astype(int)
    fp = np.rint(table["taux_faux_positifs"].fillna(0) * n_neg).astype(int)
    out = pd.DataFrame(index=table.index)
    out["effectif"] = table["effectif"]
    out["n_malades"] = n_pos
    out["prevalence"] = table["prevalence"]
    out["sensibilite"] = table["sensibilite"]
    ci = [proportion_ci(k, n) for k, n in zip(tp, n_pos, strict=True)]
    out["sens_bas"], out["sens_haut"] = [c[0] for c in ci], [c[1] for c in ci]
    out["taux_faux_positifs"] = table["taux_faux_positifs"]
    ci = [proportion_ci(k, n) for k, n in zip(fp, n_neg, strict=True)]
    out["tfp_bas"], out["tfp_haut"] = [c[0] for c in ci], [c[1] for c in ci]
    out["vpp"] = table["vpp"]
    out["taux_selection"] = (tp + fp) / table["effectif"]
    return out


def top_share(scores: Any, member: Any, frac: float = 0.10, seed: int | None = 0) -> float:
    """Share of ``member`` patients among the ``ceil(frac · n)`` highest ``scores``.

    Ties at the boundary are broken at random (``seed``), as a programme would draw lots.
    """
    s = np.asarray(scores, dtype=float)
    g = np.asarray(member).astype(bool)
    k = math.ceil(round(frac * len(s), 9))
    jitter = np.random.default_rng(seed).random(len(s))
    order = np.lexsort((jitter, -s))
    return float(g[order[:k]].mean())


def top_share_bounds(scores: Any, member: Any, frac: float = 0.10) -> tuple[float, float]:
    """Lowest and highest :func:`top_share` over every way of breaking ties at the boundary,
    and over the number selected (``floor``, ``round`` or ``ceil`` of ``frac · n``, or every
    patient tied with the last one)."""
    s = np.asarray(scores, dtype=float)
    g = np.asarray(member).astype(bool)
    n = len(s)
    exact = round(frac * n, 9)
    sizes = {max(1, math.floor(exact)), max(1, math.ceil(exact)), max(1, round(exact))}
    ranked = np.sort(s)[::-1]
    sizes.add(int(np.sum(s >= ranked[max(1, math.ceil(exact)) - 1])))
    low, high = 1.0, 0.0
    for k in sizes:
        t = ranked[k - 1]
        above, at = s > t, s == t
        a, c = int(above.sum()), int(g[above].sum())
        m, m_g = int(at.sum()), int(g[at].sum())
        r = k - a
        low = min(low, (c + max(0, r - (m - m_g))) / k)
        high = max(high, (c + min(m_g, r)) / k)
    return (low, high)


def thresholds_for_sensitivity(
    y_true: Any, scores: Any, groups: Any, target: float
) -> dict[Any, float]:
    """For each group, the highest threshold whose sensitivity in that group is ≥ ``target``."""
    y = np.asarray(y_true).astype(int)
    s = np.asarray(scores, dtype=float)
    g = np.asarray(groups)
    out: dict[Any, float] = {}
    for label in sorted(pd.unique(g), key=str):
        pos = np.sort(s[(g == label) & (y == 1)])[::-1]
        needed = max(1, math.ceil(round(target * len(pos), 9)))
        out[label] = float(pos[needed - 1])
    return out


def predict_by_group(scores: Any, groups: Any, thresholds: dict[Any, float]) -> np.ndarray:
    """0/1 alerts: ``score >= thresholds[group]`` for each patient."""
    s = np.asarray(scores, dtype=float)
    g = np.asarray(groups)
    t = np.array([thresholds[v] for v in g], dtype=float)
    return (s >= t).astype(int)


def fairness_gaps(y_true: Any, y_pred: Any, groups: Any) -> dict[str, float]:
    """Gaps between the best- and worst-off groups (fairlearn's ``*_difference``, between
    groups): ``parite_demographique`` (selection rate), ``egalite_chances`` (sensitivity),
    ``cotes_egalisees`` (the larger of the sensitivity and false-positive-rate gaps)."""
    from fairlearn.metrics import (
        MetricFrame,
        demographic_parity_difference,
        equalized_odds_difference,
        true_positive_rate,
    )

    y = np.asarray(y_true).astype(int)
    pred = np.asarray(y_pred).astype(int)
    g = np.asarray(groups)
    tpr = MetricFrame(metrics=true_positive_rate, y_true=y, y_pred=pred, sensitive_features=g)
    return {
        "parite_demographique": float(demographic_parity_difference(y, pred, sensitive_features=g)),
        "egalite_chances": float(tpr.difference()),
        "cotes_egalisees": float(equalized_odds_difference(y, pred, sensitive_features=g)),
    }


def group_threshold_table(
    y_true: Any, scores: Any, groups: Any, thresholds: dict[Any, float]
) -> pd.DataFrame:
    """One row per group and « Ensemble »: ``seuil``, ``effectif``, ``n_malades``,
    ``alertes``, ``sensibilite``, ``taux_faux_positifs``, ``vpp``, ``taux_selection``, for
    alerts ``score >= thresholds[group]``."""
    from iasante.messages import msg

    y = np.asarray(y_true).astype(int)
    g = np.asarray(groups)
    pred = predict_by_group(scores, g, thresholds)
    rows = {}
    for label in [*sorted(pd.unique(g), key=str), None]:
        m = np.ones(len(y), dtype=bool) if label is None else g == label
        yy, pp = y[m], pred[m]
        tp, fp = int(((yy == 1) & (pp == 1)).sum()), int(((yy == 0) & (pp == 1)).sum())
        n_pos, n_neg = int((yy == 1).sum()), int((yy == 0).sum())
        rows[msg("widgets.col.overall") if label is None else label] = {
            "seuil": float("nan") if label is None else float(thresholds[label]),
            "effectif": int(m.sum()),
            "n_malades": n_pos,
            "alertes": tp + fp,
            "sensibilite": tp / n_pos if n_pos else float("nan"),
            "taux_faux_positifs": fp / n_neg if n_neg else float("nan"),
            "vpp": tp / (tp + fp) if tp + fp else float("nan"),
            "taux_selection": (tp + fp) / m.sum() if m.sum() else float("nan"),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
