"""Module 04 « Biais et équité » — checks of the lesson and of the graded assignment.

Data: the synthetic cohort (``iasante.fairness.readmission_audit`` and
``iasante.fairness.patient_table``). Graded checks here are **diagnostic**: they test the
type, shape and plausibility of an answer and name the classic mistakes by recomputing the
*wrong* formulas from the learner's own inputs and outputs. The reference results of graded
questions are computed in the hidden tests of ``source/m04_biais_equite`` (source only),
on the committed cohort and on a cohort variant (:data:`HIDDEN_TESTS_SEED`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from iasante import fairness
from iasante.feedback import (
    Incorrect,
    NotAttempted,
    Question,
    call_answer,
    catalogue_hints,
    format_value,
)
from iasante.feedback._core import type_label
from iasante.messages import msg

HIDDEN_TESTS_SEED = 7
RATE_KEYS = ("sensibilite", "taux_faux_positifs", "vpp", "taux_selection")
AUDIT_COLUMNS = ("effectif", *RATE_KEYS)
CRITERIA = ("parite_demographique", "egalite_chances", "cotes_egalisees", "parite_vpp")
GAP_KEYS = ("parite_demographique", "egalite_chances", "cotes_egalisees")
MAX_GAP = 0.05
MAX_SELECTION = 0.50
#: counts (tp, fp, fn, tn) where every classic mistake gives another number
Q1_CASES = ((30, 20, 10, 140), (8, 2, 12, 78), (45, 60, 5, 90))
Q1_ZERO_CASE = (0, 0, 10, 90)  # no alert: VPP undefined


def _close(a: Any, b: Any, tol: float = 1e-6) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tol


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def _number(value: Any, name: str) -> float:
    if value is None:
        raise NotAttempted.of("feedback.answer.missing", name=name)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise Incorrect.of("m04.not_number", name=name, actual=type_label(type(value)))
    return float(value)


def _rates_dict(got: Any, name: str) -> dict[str, float]:
    if not isinstance(got, dict):
        raise Incorrect.of("m04.not_dict", name=name, actual=type_label(type(got)))
    missing = [k for k in RATE_KEYS if k not in got]
    if missing:
        raise Incorrect.of("m04.missing_keys", name=name, keys=", ".join(missing))
    return got


def diagnose_rates(got: dict[str, Any], tp: float, fp: float, fn: float, tn: float) -> None:
    """Name the classic mistakes of a per-group rates dict (one group's counts)."""
    for key in RATE_KEYS:
        value = got[key]
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise Incorrect.of("m04.not_rate", key=key, value=format_value(value)) from None
        if not math.isnan(v) and not 0 <= v <= 1:
            raise Incorrect.of("m04.not_rate", key=key, value=format_value(value))
    n = tp + fp + fn + tn
    sens = _ratio(tp, tp + fn)
    if _close(got["taux_selection"], sens) and not _close((tp + fp) / n, sens):
        raise Incorrect.of("m04.selection_is_sensitivity")
    ppv = _ratio(tp, tp + fp)
    if (_close(got["sensibilite"], ppv) and not _close(ppv, sens)) or (
        _close(got["vpp"], sens) and not _close(ppv, sens)
    ):
        raise Incorrect.of("m04.sens_ppv_swapped")
    fpr = _ratio(fp, fp + tn)
    for wrong, key in (
        (_ratio(fp, fp + tp), "m04.fpr_over_alerts"),
        (_ratio(fp, tp + fn), "m04.fpr_over_sick"),
        (fp / n, "m04.fpr_over_all"),
    ):
        if _close(got["taux_faux_positifs"], wrong) and not _close(wrong, fpr):
            raise Incorrect.of(key)


# --------------------------------------------------------------------------------------------
# Graded questions (diagnostic visible checks; references in the hidden tests)
# --------------------------------------------------------------------------------------------


class Q1GroupRates(Question):
    """``group_rates(tp, fp, fn, tn)`` → dict of the four rates of one group."""

    title = msg("m04.q1.title")
    hints = catalogue_hints("m04.q1")
    solution_text = None

    def _check(self, group_rates: Callable[..., Any]) -> None:
        for counts in Q1_CASES:
            got = _rates_dict(call_answer(group_rates, *counts), "group_rates")
            diagnose_rates(got, *counts)
        got = _rates_dict(call_answer(group_rates, *Q1_ZERO_CASE), "group_rates")
        if not (isinstance(got["vpp"], float) and math.isnan(got["vpp"])):
            raise Incorrect.of("m04.zero_division", key="vpp", value=format_value(got["vpp"]))


class Q2AuditByGroup(Question):
    """``audit_by_group(df, group_col)`` → one row per group, columns of AUDIT_COLUMNS."""

    title = msg("m04.q2.title")
    hints = catalogue_hints("m04.q2")
    solution_text = None

    def _check(self, audit_by_group: Callable[..., Any], audit: pd.DataFrame) -> None:
        for group in ("site", "c2s"):
            df = audit[["readmission_30j", "alerte", group]].copy()
            table = call_answer(audit_by_group, df.copy(), group)
            check_audit_table(table, df, group)


def check_audit_table(table: Any, df: pd.DataFrame, group: str) -> None:
    """Diagnose a per-group audit table (shape, groups, counts, whole-population rates)."""
    if not isinstance(table, pd.DataFrame):
        actual = type_label(type(table))
        raise Incorrect.of("m04.q2.not_frame", name="audit_by_group", actual=actual)
    if "effectif" not in table.columns:
        raise Incorrect.of("m04.q2.no_counts")
    missing = [c for c in AUDIT_COLUMNS if c not in table.columns]
    if missing:
        raise Incorrect.of("m04.q2.missing_columns", columns=", ".join(missing))
    expected_groups = {str(v) for v in pd.unique(df[group])}
    got_groups = [str(v) for v in table.index]
    if set(got_groups) != expected_groups or len(got_groups) != len(expected_groups):
        raise Incorrect.of("m04.q2.groups", group=group, got=", ".join(got_groups[:6]))
    counts = pd.to_numeric(table["effectif"], errors="coerce")
    if not _close(counts.sum(), len(df)):
        raise Incorrect.of("m04.q2.counts_sum", got=format_value(counts.sum()))
    y, pred = df["readmission_30j"].to_numpy(), df["alerte"].to_numpy()
    tp, fp = int(((y == 1) & (pred == 1)).sum()), int(((y == 0) & (pred == 1)).sum())
    fn, tn = int(((y == 1) & (pred == 0)).sum()), int(((y == 0) & (pred == 0)).sum())
    overall = {
        "sensibilite": _ratio(tp, tp + fn),
        "taux_faux_positifs": _ratio(fp, fp + tn),
        "vpp": _ratio(tp, tp + fp),
        "taux_selection": (tp + fp) / len(df),
    }
    for column in RATE_KEYS:
        values = pd.to_numeric(table[column], errors="coerce")
        if values.notna().all() and all(_close(v, overall[column]) for v in values):
            raise Incorrect.of("m04.q2.whole_population", column=column)
    for label in table.index:
        sub = df[df[group].astype(str) == str(label)]
        y, pred = sub["readmission_30j"].to_numpy(), sub["alerte"].to_numpy()
        counts4 = (
            int(((y == 1) & (pred == 1)).sum()),
            int(((y == 0) & (pred == 1)).sum()),
            int(((y == 1) & (pred == 0)).sum()),
            int(((y == 0) & (pred == 0)).sum()),
        )
        diagnose_rates({k: table.loc[label, k] for k in RATE_KEYS}, *counts4)


class Q3Uncertainty(Question):
    """``n_readmis_b`` (denominator of site B's sensitivity) and ``ic_sens_b`` (its CI).

    The check reads site B's sensitivity from ``audit`` itself, not from question 2's
    ``audit_site``: a learner who has not answered question 2 gets the guiding « pas
    encore » on question 3, not a ``NameError``, and question 3 can be earned alone.
    """

    title = msg("m04.q3.title")
    hints = catalogue_hints("m04.q3")
    solution_text = None

    def _check(self, n_readmis_b: Any, ic_sens_b: Any, audit: pd.DataFrame) -> None:
        if n_readmis_b is None or ic_sens_b is None:
            raise NotAttempted.of("feedback.answer.missing", name="n_readmis_b")
        if isinstance(n_readmis_b, bool) or not isinstance(n_readmis_b, (int, np.integer)):
            if not (isinstance(n_readmis_b, float) and float(n_readmis_b).is_integer()):
                raise Incorrect.of("m04.q3.n_type", actual=type_label(type(n_readmis_b)))
        b = audit[audit["site"] == "B"]
        readmitted = b[b["readmission_30j"] == 1]
        n = int(n_readmis_b)
        if n == len(b) and n != len(readmitted):
            raise Incorrect.of("m04.q3.all_stays")
        if n == int(b["alerte"].sum()) and n != len(readmitted):
            raise Incorrect.of("m04.q3.alerts")
        try:
            low, high = (float(v) for v in ic_sens_b)
        except (TypeError, ValueError):
            raise Incorrect.of("m04.q3.ci_shape") from None
        if not 0 <= low < high <= 1:
            raise Incorrect.of("m04.q3.ci_shape")
        if len(readmitted):
            sensitivity = float(readmitted["alerte"].mean())
            if not low - 1e-9 <= sensitivity <= high + 1e-9:
                raise Incorrect.of("m04.q3.ci_outside")


def _small_patients() -> pd.DataFrame:
    """Twenty patients with distinct scores, where each classic mistake gives another share."""
    rng = np.random.default_rng(4)
    score = rng.permutation(np.arange(20) * 100.0 + 50)
    c2s = np.zeros(20, dtype=bool)
    c2s[np.argsort(score)[::-1][[0, 3, 6]]] = True  # 1 C2S among the top 2, 3 among the top 10
    c2s[np.argsort(score)[[0, 1]]] = True  # both lowest are C2S
    ids = [f"P{i:02d}" for i in range(20)]
    return pd.DataFrame({"patient_id": ids, "score": score, "c2s": c2s})


def diagnose_top_share(got: Any, df: pd.DataFrame, score_col: str, frac: float, name: str) -> None:
    value = _number(got, name)
    if not 0 <= value <= 1:
        raise Incorrect.of("m04.not_share", name=name, value=format_value(got))
    k = math.ceil(round(frac * len(df), 9))
    low = df.nsmallest(k, score_col)["c2s"].mean()
    high = df.nlargest(k, score_col)
    if _close(value, low) and not _close(low, high["c2s"].mean()):
        raise Incorrect.of("m04.q4.wrong_end")
    of_group = high["c2s"].sum() / max(1, df["c2s"].sum())
    if _close(value, of_group) and not _close(of_group, high["c2s"].mean()):
        raise Incorrect.of("m04.q4.share_of_group")
    for rows in (10, 100):
        if rows != k and rows < len(df):
            wrong = df.nlargest(rows, score_col)["c2s"].mean()
            if _close(value, wrong) and not _close(wrong, high["c2s"].mean()):
                raise Incorrect.of("m04.q4.n_rows", got=rows)


class Q4TopShare(Question):
    """``share_in_top(df, score_col, frac=0.10)`` → share of C2S among the top ``frac``."""

    title = msg("m04.q4.title")
    hints = catalogue_hints("m04.q4")
    solution_text = None

    def _check(self, share_in_top: Callable[..., Any]) -> None:
        df = _small_patients()
        before = df.copy()
        for frac in (0.10, 0.5):
            got = call_answer(share_in_top, df, "score", frac)
            if not df.equals(before):
                raise Incorrect.of("m04.q4.modified")
            diagnose_top_share(got, df, "score", frac, "share_in_top")
        # a property, not a key: with frac = 1 every patient is selected
        got = _number(call_answer(share_in_top, df, "score", 1.0), "share_in_top")
        if not _close(got, df["c2s"].mean()):
            raise Incorrect.of("m04.q4.frac_ignored")


class Q5CostVsNeed(Question):
    """``share_by_cost`` and ``share_by_need`` on the patients table."""

    title = msg("m04.q5.title")
    hints = []
    solution_text = None

    def _check(self, share_by_cost: Any, share_by_need: Any, patients: pd.DataFrame) -> None:
        cost = _number(share_by_cost, "share_by_cost")
        need = _number(share_by_need, "share_by_need")
        for name, value in (("share_by_cost", cost), ("share_by_need", need)):
            if not 0 <= value <= 1:
                raise Incorrect.of("m04.not_share", name=name, value=format_value(value))
        if _close(cost, need):
            raise Incorrect.of("m04.q5.same")
        lo, hi = fairness.top_share_bounds(patients["nb_maladies_chroniques"], patients["c2s"])
        by_cost = patients.nlargest(math.ceil(len(patients) / 10), "depenses_annee_suivante")
        if lo - 1e-9 <= cost <= hi + 1e-9 and _close(need, by_cost["c2s"].mean()):
            raise Incorrect.of("m04.q5.swapped")
        k = math.ceil(len(patients) / 10)
        low_end = patients.nsmallest(k, "depenses_annee_suivante")["c2s"].mean()
        if _close(cost, low_end):
            raise Incorrect.of("m04.q4.wrong_end")
        of_group = by_cost["c2s"].sum() / max(1, patients["c2s"].sum())
        if _close(cost, of_group):
            raise Incorrect.of("m04.q4.share_of_group")


def _small_creatinine() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sejour_id": [f"S{i}" for i in range(6)],
            "site": ["A", "B", "B", "A", "B", "A"],
            "creatinine": [80.0, 108.0, np.nan, 95.0, 216.0, np.nan],
        }
    )


class Q6Creatinine(Question):
    """``correct_creatinine(df)`` → a copy where site B's creatinine is divided by 1.08."""

    title = msg("m04.q6.title")
    hints = catalogue_hints("m04.q6")
    solution_text = None

    def _check(self, correct_creatinine: Callable[..., Any]) -> None:
        df = _small_creatinine()
        before = df.copy()
        got = call_answer(correct_creatinine, df)
        if not df.equals(before):
            raise Incorrect.of("m04.q6.modified")
        if not isinstance(got, pd.DataFrame) or "creatinine" not in got:
            actual = type_label(type(got))
            raise Incorrect.of("m04.q6.not_frame", name="correct_creatinine", actual=actual)
        if len(got) != len(df) or list(got["sejour_id"]) != list(df["sejour_id"]):
            raise Incorrect.of("m04.q6.rows")
        new = pd.to_numeric(got["creatinine"], errors="coerce").to_numpy(dtype=float)
        old = before["creatinine"].to_numpy(dtype=float)
        if not np.array_equal(np.isnan(new), np.isnan(old)):
            raise Incorrect.of("m04.q6.missing")
        a = (before["site"] == "A").to_numpy() & ~np.isnan(old)
        b = (before["site"] == "B").to_numpy() & ~np.isnan(old)
        if not np.allclose(new[a], old[a]):
            raise Incorrect.of("m04.q6.site_a")
        if np.allclose(new[b], old[b] * fairness.CREATININE_OFFSET_SITE_B):
            raise Incorrect.of("m04.q6.multiplied")
        if np.allclose(new[b], old[b] * 0.92):
            raise Incorrect.of("m04.q6.minus")
        if not np.allclose(new[b] * fairness.CREATININE_OFFSET_SITE_B, old[b]):
            raise Incorrect.of("m04.q6.site_b")


def _q7_case() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two groups where selection, sensitivity and false-positive gaps all differ."""
    y = np.array([1] * 10 + [0] * 30 + [1] * 20 + [0] * 20)
    pred = np.array(
        [1] * 8
        + [0] * 2
        + [1] * 3
        + [0] * 27  # group X: TPR 0.8, FPR 0.1
        + [1] * 10
        + [0] * 10
        + [1] * 6
        + [0] * 14  # group Y: TPR 0.5, FPR 0.3
    )
    g = np.array(["X"] * 40 + ["Y"] * 40)
    return y, pred, g


class Q7FairnessGaps(Question):
    """``fairness_gaps(y_true, y_pred, groups)`` → dict of three gaps."""

    title = msg("m04.q7.title")
    hints = catalogue_hints("m04.q7")
    solution_text = None

    def _check(self, fairness_gaps: Callable[..., Any]) -> None:
        y, pred, g = _q7_case()
        got = call_answer(fairness_gaps, y.copy(), pred.copy(), g.copy())
        if not isinstance(got, dict):
            raise Incorrect.of("m04.not_dict", name="fairness_gaps", actual=type_label(type(got)))
        missing = [k for k in GAP_KEYS if k not in got]
        if missing:
            raise Incorrect.of("m04.missing_keys", name="fairness_gaps", keys=", ".join(missing))
        values = {k: _number(got[k], k) for k in GAP_KEYS}
        for k, v in values.items():
            if v < 0:
                raise Incorrect.of("m04.q7.negative", key=k, value=format_value(v))
        rates = {}
        for label in ("X", "Y"):
            m = g == label
            yy, pp = y[m], pred[m]
            rates[label] = (pp.mean(), pp[yy == 1].mean(), pp[yy == 0].mean())
        sel, tpr, fpr = (sorted(r[i] for r in rates.values()) for i in range(3))
        for key, (lo, hi) in (("parite_demographique", sel), ("egalite_chances", tpr)):
            if _close(values[key], lo / hi) and not _close(lo / hi, hi - lo):
                raise Incorrect.of("m04.q7.ratio", key=key)
        if _close(values["parite_demographique"], tpr[1] - tpr[0]):
            raise Incorrect.of("m04.q7.sel_is_tpr")
        if values["cotes_egalisees"] < values["egalite_chances"] - 1e-9:
            raise Incorrect.of("m04.q7.eo_small")


class Q8Criteria(Question):
    """``criteres_respectes``: names among :data:`CRITERIA`."""

    title = msg("m04.q8.title")
    hints = []
    solution_text = None

    def _check(self, criteres: Any) -> None:
        if criteres is None:
            raise NotAttempted.of("feedback.answer.missing", name="criteres_respectes")
        if isinstance(criteres, str) or not isinstance(criteres, (list, tuple, set, frozenset)):
            raise Incorrect.of("m04.q8.type", actual=type_label(type(criteres)))
        for name in criteres:
            if name not in CRITERIA:
                raise Incorrect.of("m04.q8.unknown", name=str(name), allowed=", ".join(CRITERIA))
        # a property, not a key: equalised odds includes equal opportunity
        if "cotes_egalisees" in criteres and "egalite_chances" not in criteres:
            raise Incorrect.of("m04.q8.eo_implies")


def _as_alerts(values: Any, n: int) -> np.ndarray:
    if values is None:
        raise NotAttempted.of("feedback.answer.missing", name="alerte_egalisee")
    arr = np.asarray(values)
    if arr.ndim != 1 or len(arr) != n:
        raise Incorrect.of("m04.q9.shape", expected=n, got=arr.size)
    if arr.dtype == bool:
        return arr.astype(int)
    try:
        as_float = arr.astype(float)
    except (TypeError, ValueError):
        raise Incorrect.of("m04.q9.not_01") from None
    if not set(np.unique(as_float).tolist()) <= {0.0, 1.0}:
        raise Incorrect.of("m04.q9.not_01")
    return as_float.astype(int)


def _sensitivity(y: np.ndarray, pred: np.ndarray) -> float:
    return float(pred[y == 1].mean())


def _pct(x: float) -> str:
    return f"{100 * x:.0f}".replace(".", ",") + " %"


class Q9EqualisedThresholds(Question):
    """``alerte_egalisee``: sensitivities of sites A and B within 5 points, at most one alert
    for two stays, overall sensitivity not below the current rule. Properties, not a key."""

    title = msg("m04.q9.title")
    hints = catalogue_hints("m04.q9")
    solution_text = None

    def _check(self, alerte_egalisee: Any, audit: pd.DataFrame) -> None:
        pred = _as_alerts(alerte_egalisee, len(audit))
        y = audit["readmission_30j"].to_numpy()
        site = audit["site"].to_numpy()
        sens = {s: _sensitivity(y[site == s], pred[site == s]) for s in ("A", "B")}
        gap = abs(sens["A"] - sens["B"])
        if gap > MAX_GAP:
            raise Incorrect.of("m04.q9.gap", gap=f"{100 * gap:.0f}")
        if pred.mean() > MAX_SELECTION:
            raise Incorrect.of("m04.q9.too_many", share=_pct(pred.mean()))
        before = _sensitivity(y, audit["alerte"].to_numpy())
        after = _sensitivity(y, pred)
        if after < before - 1e-9:
            raise Incorrect.of("m04.q9.lower", value=_pct(after))


class Q10Price(Question):
    """``sens_avant``, ``sens_apres``, ``alertes_en_plus`` from the learner's own alerts."""

    title = msg("m04.q10.title")
    hints = catalogue_hints("m04.q10")
    solution_text = None

    def _check(
        self,
        sens_avant: Any,
        sens_apres: Any,
        alertes_en_plus: Any,
        alerte_egalisee: Any,
        audit: pd.DataFrame,
    ) -> None:
        values = {
            "sens_avant": _number(sens_avant, "sens_avant"),
            "sens_apres": _number(sens_apres, "sens_apres"),
            "alertes_en_plus": _number(alertes_en_plus, "alertes_en_plus"),
        }
        pred = _as_alerts(alerte_egalisee, len(audit))
        y = audit["readmission_30j"].to_numpy()
        before = audit["alerte"].to_numpy()
        truth = {
            "sens_avant": _sensitivity(y, before),
            "sens_apres": _sensitivity(y, pred),
        }
        for name, value in truth.items():
            if _close(values[name], 100 * value, 1e-4) and value:
                raise Incorrect.of("m04.q10.percent", name=name, value=format_value(values[name]))
            if not _close(values[name], value, 1e-6):
                raise Incorrect.of("m04.q10.inconsistent", name=name)
        extra = int(pred.sum() - before.sum())
        if extra and _close(values["alertes_en_plus"], -extra):
            raise Incorrect.of("m04.q10.sign")
        if not _close(values["alertes_en_plus"], extra):
            raise Incorrect.of("m04.q10.inconsistent", name="alertes_en_plus")


q1_group_rates = Q1GroupRates()
q2_audit_by_group = Q2AuditByGroup()
q3_uncertainty = Q3Uncertainty()
q4_top_share = Q4TopShare()
q5_cost_vs_need = Q5CostVsNeed()
q6_creatinine = Q6Creatinine()
q7_fairness_gaps = Q7FairnessGaps()
q8_criteria = Q8Criteria()
q9_equalised_thresholds = Q9EqualisedThresholds()
q10_price = Q10Price()


# --------------------------------------------------------------------------------------------
# Lesson exercises (references allowed: lessons ship solutions)
# --------------------------------------------------------------------------------------------


class L1CostShare(Question):
    """Lesson: share of C2S patients among the 10 % most costly next year."""

    title = msg("m04.l1.title")
    hints = catalogue_hints("m04.q4")
    solution_text = (
        "k = math.ceil(0.10 * len(patients))\n"
        "top = patients.nlargest(k, 'depenses_annee_suivante')\n"
        "part_c2s_cout = top['c2s'].mean()"
    )

    def _check(self, value: Any, patients: pd.DataFrame) -> None:
        got = _number(value, "part_c2s_cout")
        expected = fairness.top_share(patients["depenses_annee_suivante"], patients["c2s"])
        if not _close(got, expected, 1e-9):
            diagnose_top_share(got, patients, "depenses_annee_suivante", 0.10, "part_c2s_cout")
            raise Incorrect.of("m04.l1.wrong")


class L2SiteSensitivity(Question):
    """Lesson: sensitivity of the alert at site B."""

    title = msg("m04.l2.title")
    hints = []
    solution_text = (
        "b = audit[(audit['site'] == 'B') & (audit['readmission_30j'] == 1)]\n"
        "sens_b = b['alerte'].mean()"
    )

    def _check(self, value: Any, audit: pd.DataFrame) -> None:
        got = _number(value, "sens_b")
        b = audit[audit["site"] == "B"]
        y, pred = b["readmission_30j"].to_numpy(), b["alerte"].to_numpy()
        expected = _sensitivity(y, pred)
        if not _close(got, expected, 1e-9):
            tp, fp = int(((y == 1) & (pred == 1)).sum()), int(((y == 0) & (pred == 1)).sum())
            if _close(got, (tp + fp) / len(b)):
                raise Incorrect.of("m04.selection_is_sensitivity")
            if _close(got, _ratio(tp, tp + fp)):
                raise Incorrect.of("m04.sens_ppv_swapped")
            raise Incorrect.of("m04.l2.wrong")


l1_cost_share = L1CostShare()
l2_site_sensitivity = L2SiteSensitivity()


def cohort_variant(seed: int = HIDDEN_TESTS_SEED) -> dict[str, pd.DataFrame]:
    """Clean tables of a cohort generated with another seed (hidden tests), as copies."""
    from iasante.data.variants import cohort_variant as variant

    return variant(seed, "propre")


_CACHE: dict[str, pd.DataFrame] = {}


def _cached(name: str, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    if name not in _CACHE:
        _CACHE[name] = build()
    return _CACHE[name].copy(deep=True)


def variant_audit() -> pd.DataFrame:
    """The audit table (``score``, ``alerte``) of the hidden tests' cohort variant, as a copy;
    built once per process (the model is refitted on the variant's own training stays)."""
    return _cached("variant_audit", lambda: fairness.readmission_audit(cohort_variant())[2])


def variant_patients() -> pd.DataFrame:
    """The patient table of the hidden tests' cohort variant, as a copy."""
    return _cached("variant_patients", lambda: fairness.patient_table(cohort_variant()))


def committed_audit() -> pd.DataFrame:
    """The assignment's audit table rebuilt from the committed cohort (a copy the learner's
    code cannot have modified), built once per process."""
    return _cached("committed_audit", lambda: fairness.readmission_audit()[2])


def grading_warm_up() -> None:
    """Build the hidden tests' tables once, in the grading template, before the forks."""
    variant_audit()
    variant_patients()
    committed_audit()
