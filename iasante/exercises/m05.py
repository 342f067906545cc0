"""Module 05 « Limites de l'IA » — data helpers and checks of the lesson and graded assignment.

Data: the synthetic cohort's modelling table (:func:`iasante.data.modelling_table`), one
row per stay with a known 30-day readmission. The cohort has, by construction (see
``data/cohorte.md``): a falling share of COVID-19 stays (covariate shift), a 2024
heart-failure follow-up programme (concept shift: the same heart-failure stay carries less
risk), and a site B whose readmissions depend on an unrecorded post-discharge factor.

Graded questions keep their reference results in the hidden-test region of
``source/m05_limites/`` and pass them in as ``expected=...``; the visible checks only test
properties (types, shapes, boundaries stated in the statement, consistency of the
learner's own outputs) and name the usual mistakes. Lesson checks (``L…``) may hold
references.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from iasante.data.variants import HIDDEN_TESTS_SEED
from iasante.feedback import (
    Incorrect,
    NotAttempted,
    Question,
    call_answer,
    catalogue_hints,
    check_in_range,
    check_type,
)
from iasante.messages import msg

#: numeric inputs of the readmission model (``c2s`` and ``sortie_smr`` are 0/1)
NUMERIC = [
    "age_entree",
    "nb_maladies_chroniques",
    "duree_sejour",
    "creatinine",
    "c2s",
    "sortie_smr",
]
CATEGORICAL = ["diagnostic_principal"]
FEATURES = NUMERIC + CATEGORICAL
#: inputs monitored for drift in the assignment (measured at admission, or the stay's length)
MONITORED = ["age_entree", "duree_sejour", "creatinine", "crp", "spo2", "temperature", "fc"]
#: a stay raises an alert when its predicted risk is at least this
THRESHOLD = 0.2
PERF_COLUMNS = ("n", "taux_observe", "risque_moyen", "ratio_oe", "auc", "taux_alerte")
SHIFT_KINDS = ("covariable", "prevalence", "concept")
MDR_CLASSES = ("non DM", "I", "IIa", "IIb", "III")


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


def readmission_table(tables: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Stays with a known readmission status, ready for the module's models.

    Adds ``y`` (1 = readmitted within 30 days), ``site_b`` and ``sortie_smr`` (0/1),
    ``c2s`` as 0/1, ``semestre`` (« 2024-S1 ») and the numeric inputs as floats. Stays
    ending in death have no readmission status and are left out.
    """
    from iasante.data import modelling_table

    df = modelling_table(dict(tables) if tables is not None else None)
    df = df[df["readmission_30j"].notna()].reset_index(drop=True)
    df["y"] = df["readmission_30j"].astype(int)
    df["site"] = df["site"].astype(str)
    df["site_b"] = (df["site"] == "B").astype(int)
    df["sortie_smr"] = (df["mode_sortie"].astype(str) == "transfert SMR").astype(int)
    df["c2s"] = df["c2s"].astype(int)
    df["diagnostic_principal"] = df["diagnostic_principal"].astype(str)
    df["annee"] = df["annee"].astype(int)
    half = np.where(df["date_entree"].dt.month <= 6, "S1", "S2")
    df["semestre"] = df["annee"].astype(str) + "-" + half
    for col in {*NUMERIC, *MONITORED}:
        df[col] = df[col].astype(float)
    return df


def make_model(numeric: list[str] | None = None, categorical: list[str] | None = None) -> Any:
    """The module's readmission model: median imputation and scaling of the numbers, one-hot
    diagnosis, logistic regression. Unfitted."""
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric = list(NUMERIC if numeric is None else numeric)
    categorical = list(CATEGORICAL if categorical is None else categorical)
    parts = []
    if numeric:
        parts.append(
            (make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), list(numeric))
        )
    if categorical:
        parts.append((OneHotEncoder(handle_unknown="ignore"), list(categorical)))
    return make_pipeline(make_column_transformer(*parts), LogisticRegression(max_iter=1000))


@cache
def _variant(seed: int) -> pd.DataFrame:
    from iasante.data.variants import cohort_variant

    return readmission_table(cohort_variant(seed, "propre"))


def variant_table(seed: int = HIDDEN_TESTS_SEED) -> pd.DataFrame:
    """:func:`readmission_table` of a cohort generated with another seed (a copy each call)."""
    return _variant(int(seed)).copy(deep=True)


def grading_warm_up() -> None:
    """Build the hidden tests' cohort variant once in the grading template (no thread)."""
    _variant(HIDDEN_TESTS_SEED)


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


def _float(value: Any, name: str) -> float:
    check_type(value, (int, float), name=name)
    x = float(value)
    if math.isnan(x):
        raise Incorrect.of("m05.value.nan", name=name)
    return x


def _close(a: Any, b: Any, atol: float) -> bool:
    a_arr, b_arr = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a_arr.shape == b_arr.shape and bool(
        np.allclose(a_arr, b_arr, atol=atol, rtol=0, equal_nan=True)
    )


# --------------------------------------------------------------------------------------------
# Lesson checks (they may hold references)
# --------------------------------------------------------------------------------------------


class L1RatioOE(Question):
    """Observed / expected readmissions at site A in 2024 for the model trained on 2022–2023."""

    title = msg("m05.l1.title")
    hints = catalogue_hints("m05.l1", 2)
    solution_text = "ratio_oe_2024 = a2024['y'].sum() / a2024['p'].sum()"

    def _check(self, ratio_oe_2024: Any = None, a2024: Any = None) -> None:
        if ratio_oe_2024 is None:
            raise NotAttempted.of("feedback.answer.missing", name="ratio_oe_2024")
        x = _float(ratio_oe_2024, "ratio_oe_2024")
        observed, expected = float(a2024["y"].sum()), float(a2024["p"].sum())
        if math.isclose(x, expected / observed, rel_tol=1e-6):
            raise Incorrect.of("m05.l1.inverted")
        if not math.isclose(x, observed / expected, rel_tol=1e-6):
            raise Incorrect.of("m05.l1.wrong")


class L2ShiftKind(Question):
    title = msg("m05.l2.title")
    hints = catalogue_hints("m05.l2", 1)
    solution_text = "kind_hf_2024 = 'concept'"

    def _check(self, kind_hf_2024: Any = None) -> None:
        if kind_hf_2024 is None:
            raise NotAttempted.of("feedback.answer.missing", name="kind_hf_2024")
        check_type(kind_hf_2024, str, name="kind_hf_2024")
        if kind_hf_2024 not in SHIFT_KINDS:
            raise Incorrect.of("m05.shift.unknown_label", name="kind_hf_2024", got=kind_hf_2024)
        if kind_hf_2024 != "concept":
            raise Incorrect.of("m05.l2.not_concept")


class L3MdrClass(Question):
    title = msg("m05.l3.title")
    hints = catalogue_hints("m05.l3", 2)
    solution_text = "classe_sepsis = 'III'"

    def _check(self, classe_sepsis: Any = None) -> None:
        if classe_sepsis is None:
            raise NotAttempted.of("feedback.answer.missing", name="classe_sepsis")
        check_type(classe_sepsis, str, name="classe_sepsis")
        if classe_sepsis not in MDR_CLASSES:
            raise Incorrect.of("m05.mdr.unknown_class", name="classe_sepsis", got=classe_sepsis)
        if classe_sepsis in ("I", "non DM"):
            raise Incorrect.of("m05.mdr.informs_decision_class_i", name="classe_sepsis")
        if classe_sepsis != "III":
            raise Incorrect.of("m05.l3.not_death_risk")


# --------------------------------------------------------------------------------------------
# Graded assignment (source/m05_limites)
# --------------------------------------------------------------------------------------------

# A small hand-made case whose answers were worked out by hand (not a cohort result):
# period 2023: y 0 0 1 1, p .1 .3 .2 .6 → n 4, rate .5, mean risk .3, O/E 5/3, AUC 3/4,
# alerts (p ≥ 0.2) 3/4; period 2024: y 0 0 0 1, p .1 .4 .3 .2 → rate .25, mean risk .25,
# O/E 1, AUC 1/3, alerts 3/4 (the 0.2 counts: « au moins »).
_Q1_CASE = {
    "y": np.array([0, 0, 1, 1, 0, 0, 0, 1]),
    "p": np.array([0.1, 0.3, 0.2, 0.6, 0.1, 0.4, 0.3, 0.2]),
    "period": np.array(["2023"] * 4 + ["2024"] * 4),
}
_Q1_HAND = pd.DataFrame(
    {
        "n": [4, 4],
        "taux_observe": [0.5, 0.25],
        "risque_moyen": [0.3, 0.25],
        "ratio_oe": [0.5 / 0.3, 1.0],
        "auc": [0.75, 1 / 3],
        "taux_alerte": [0.75, 0.75],
    },
    index=["2023", "2024"],
)


def _check_perf_table(got: Any, expected: pd.DataFrame, name: str) -> None:
    check_type(got, pd.DataFrame, name=name)
    missing = [c for c in PERF_COLUMNS if c not in got.columns]
    if missing:
        raise Incorrect.of("m05.q1.columns", name=name, columns=", ".join(missing))
    got_index = [str(i) for i in got.index]
    want_index = [str(i) for i in expected.index]
    if sorted(got_index) != sorted(want_index):
        raise Incorrect.of("m05.q1.index", name=name)
    if got_index != want_index:
        raise Incorrect.of("m05.q1.order", name=name)
    got = got.copy()
    got.index = got_index
    exp = expected.copy()
    exp.index = want_index
    if not _close(got["n"], exp["n"], 1e-9):
        raise Incorrect.of("m05.q1.n", name=name)
    if not _close(got["taux_observe"], exp["taux_observe"], 1e-6):
        raise Incorrect.of("m05.q1.rate", name=name)
    if not _close(got["risque_moyen"], exp["risque_moyen"], 1e-6):
        raise Incorrect.of("m05.q1.mean_risk", name=name)
    if not _close(got["ratio_oe"], exp["ratio_oe"], 1e-6):
        if _close(got["ratio_oe"], 1 / exp["ratio_oe"], 1e-6):
            raise Incorrect.of("m05.q1.ratio_inverted", name=name)
        raise Incorrect.of("m05.q1.ratio", name=name)
    if not _close(got["auc"], exp["auc"], 1e-6):
        raise Incorrect.of("m05.q1.auc", name=name)
    if not _close(got["taux_alerte"], exp["taux_alerte"], 1e-6):
        raise Incorrect.of("m05.q1.alerts", name=name)


class Q1PerformanceByPeriod(Question):
    """``performance_by_period(y, p, period)``: one row per period, six columns."""

    title = msg("m05.q1.title")
    hints = catalogue_hints("m05.q1", 3)
    solution_text = None

    def _check(
        self,
        performance_by_period: Any = None,
        y: Any = None,
        p: Any = None,
        period: Any = None,
        expected: pd.DataFrame | None = None,
    ) -> None:
        case = _Q1_CASE
        given = {k: v.copy() for k, v in case.items()}
        got = call_answer(performance_by_period, given["y"], given["p"], given["period"])
        if any(not np.array_equal(given[k], case[k]) for k in case):
            raise Incorrect.of("m05.input_modified", name="performance_by_period")
        _check_perf_table(got, _Q1_HAND, "performance_by_period")
        if expected is not None:
            got = call_answer(performance_by_period, y, p, period)
            _check_perf_table(got, expected, "performance_by_period")


def _normal_samples(seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    base = rng.normal(0, 1, 600)
    return {
        "same_a": base,
        "same_b": rng.normal(0, 1, 500),
        "small": rng.normal(0.2, 1, 500),
        "large": rng.normal(1.0, 1, 500),
    }


class Q2DriftStatistic(Question):
    """``drift_statistic(reference, current)``: KS statistic or PSI, NaN ignored."""

    title = msg("m05.q2.title")
    hints = catalogue_hints("m05.q2", 3)
    solution_text = None

    def _check(self, drift_statistic: Any = None, cases: Any = None, expected: Any = None) -> None:
        from scipy.stats import ks_2samp

        s = _normal_samples(5)
        name = "drift_statistic"

        def run(a: np.ndarray, b: np.ndarray) -> float:
            ref, cur = pd.Series(a.copy()), pd.Series(b.copy())
            got = call_answer(drift_statistic, ref, cur)
            if not (ref.equals(pd.Series(a)) and cur.equals(pd.Series(b))):
                raise Incorrect.of("m05.input_modified", name=name)
            check_type(got, (int, float), name=f"{name}(...)")
            return float(got)

        same = run(s["same_a"], s["same_a"])
        large_p = ks_2samp(s["same_a"], s["large"]).pvalue
        if math.isclose(same, 1.0, abs_tol=1e-9) and math.isclose(  # p-values, not statistics
            run(s["same_a"], s["large"]), large_p, rel_tol=1e-6, abs_tol=1e-12
        ):
            raise Incorrect.of("m05.q2.pvalue", name=name)
        if abs(same) > 1e-9:
            raise Incorrect.of("m05.q2.not_zero", name=name)
        small, large = run(s["same_a"], s["small"]), run(s["same_a"], s["large"])
        if not (large > small > 0):
            if math.isclose(large, ks_2samp(s["same_a"], s["large"]).pvalue, rel_tol=1e-6):
                raise Incorrect.of("m05.q2.pvalue", name=name)
            raise Incorrect.of("m05.q2.not_growing", name=name)
        with_nan = np.concatenate([s["same_b"], [np.nan] * 20])
        value = run(s["same_a"], with_nan)
        if math.isnan(value):
            raise Incorrect.of("m05.q2.nan", name=name)
        if expected is not None:  # hidden tests: cases and their accepted values (KS or PSI)
            for (a, b), accepted in zip(cases, expected, strict=True):
                got = run(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
                if not any(math.isclose(got, v, rel_tol=0.05, abs_tol=1e-6) for v in accepted):
                    raise Incorrect.of("m05.q2.wrong", name=name)


class Q3DriftByInput(Question):
    """``drift_by_input`` (a Series over ``MONITORED``) and ``most_drifted`` (its argmax)."""

    title = msg("m05.q3.title")
    hints = catalogue_hints("m05.q3", 3)
    solution_text = None

    def _check(
        self,
        drift_by_input: Any = None,
        most_drifted: Any = None,
        drift_statistic: Any = None,
        sejours: Any = None,
    ) -> None:
        if drift_by_input is None and most_drifted is None:
            raise NotAttempted.of("m05.q3.not_attempted")
        check_type(drift_by_input, pd.Series, name="drift_by_input")
        cols = [str(c) for c in drift_by_input.index]
        outcome = {"y", "readmission_30j"}
        if outcome & set(cols):
            raise Incorrect.of("m05.q3.outcome_included")
        missing = [c for c in MONITORED if c not in cols]
        extra = [c for c in cols if c not in MONITORED]
        if missing or extra:
            raise Incorrect.of("m05.q3.index", columns=", ".join(MONITORED))
        a = sejours[sejours["site"] == "A"]
        ref, cur = a[a["annee"] <= 2023], a[a["annee"] == 2024]
        values = drift_by_input.rename(index=str)
        for col in MONITORED:
            mine = float(call_answer(drift_statistic, ref[col].copy(), cur[col].copy()))
            if math.isclose(float(values[col]), mine, rel_tol=1e-6, abs_tol=1e-12):
                continue
            both = sejours[sejours["annee"] <= 2023], sejours[sejours["annee"] == 2024]
            theirs = float(call_answer(drift_statistic, both[0][col].copy(), both[1][col].copy()))
            if math.isclose(float(values[col]), theirs, rel_tol=1e-6, abs_tol=1e-12):
                raise Incorrect.of("m05.q3.both_sites")
            raise Incorrect.of("m05.q3.wrong_value", column=col)
        check_type(most_drifted, str, name="most_drifted")
        if most_drifted not in MONITORED:
            raise Incorrect.of("m05.q3.most_not_input", got=most_drifted)
        if values[most_drifted] < values.max() - 1e-12:
            raise Incorrect.of("m05.q3.most_not_max")


#: scenario letter → kind of shift (the statement describes each scenario)
Q4_SCENARIOS = ("a", "b", "c", "d", "e")


class Q4ShiftKinds(Question):
    """``shift_kinds``: a dict scenario → « covariable », « prevalence » or « concept »."""

    title = msg("m05.q4.title")
    hints = catalogue_hints("m05.q4", 3)
    solution_text = None

    def _check(self, shift_kinds: Any = None, expected: Mapping[str, str] | None = None) -> None:
        if shift_kinds is None:
            raise NotAttempted.of("feedback.answer.missing", name="shift_kinds")
        check_type(shift_kinds, dict, name="shift_kinds")
        keys = sorted(map(str, shift_kinds))
        if keys != list(Q4_SCENARIOS):
            raise Incorrect.of("m05.q4.keys", keys=", ".join(Q4_SCENARIOS))
        for key, value in shift_kinds.items():
            if not isinstance(value, str) or value not in SHIFT_KINDS:
                raise Incorrect.of(
                    "m05.shift.unknown_label", name=f"shift_kinds['{key}']", got=value
                )
        if expected is None:
            return
        wrong = [k for k in Q4_SCENARIOS if shift_kinds[k] != expected[k]]
        if not wrong:
            return
        for k in wrong:
            if expected[k] == "concept" and shift_kinds[k] == "covariable":
                raise Incorrect.of("m05.q4.concept_as_covariate", item=k)
        raise Incorrect.of("m05.q4.wrong", n=len(wrong))


def _calibration_case(seed: int, n: int = 800) -> tuple[np.ndarray, ...]:
    """Predicted risks that are too high and too spread: recalibration has work to do."""
    rng = np.random.default_rng(seed)
    p = np.clip(rng.beta(2, 9, n), 0.005, 0.95)
    logit = np.log(p / (1 - p))
    true = 1 / (1 + np.exp(-(-0.5 + 0.7 * logit)))
    y = (rng.random(n) < true).astype(int)
    p_new = np.clip(rng.beta(2, 9, 300), 0.005, 0.95)
    return p, y, p_new


class Q5Recalibrate(Question):
    """``recalibrate(p_cal, y_cal, p_new)``: logistic recalibration (intercept and slope)."""

    title = msg("m05.q5.title")
    hints = catalogue_hints("m05.q5", 3)
    solution_text = None

    def _check(self, recalibrate: Any = None, cases: Any = None, expected: Any = None) -> None:
        name = "recalibrate"
        p, y, p_new = _calibration_case(11)
        args = (p.copy(), y.copy(), p_new.copy())
        got = call_answer(recalibrate, *args)
        if not (
            np.array_equal(args[0], p)
            and np.array_equal(args[1], y)
            and np.array_equal(args[2], p_new)
        ):
            raise Incorrect.of("m05.input_modified", name=name)
        arr = np.asarray(got, dtype=float).ravel()
        if arr.shape == p.shape and arr.shape != p_new.shape:
            raise Incorrect.of("m05.q5.wrong_length", name=name)
        if arr.shape != p_new.shape:
            raise Incorrect.of("m05.q5.wrong_length", name=name)
        if np.any(~np.isfinite(arr)) or np.any(arr <= 0) or np.any(arr >= 1):
            raise Incorrect.of("m05.q5.not_probabilities", name=name)
        order = np.argsort(p_new)
        if np.any(np.diff(arr[order]) < -1e-12):
            raise Incorrect.of("m05.q5.not_monotone", name=name)
        on_cal = np.asarray(call_answer(recalibrate, p.copy(), y.copy(), p.copy()), dtype=float)
        if abs(on_cal.mean() - y.mean()) > 0.005:
            raise Incorrect.of("m05.q5.mean_not_matched", name=name)
        # intercept only (a shift of the logit) keeps the spread of the old model
        logit_new = np.log(p_new / (1 - p_new))
        got_logit = np.log(arr / (1 - arr))
        slope = np.polyfit(logit_new, got_logit, 1)[0]
        if math.isclose(slope, 1.0, abs_tol=1e-3):
            raise Incorrect.of("m05.q5.intercept_only", name=name)
        if expected is not None:
            for (pc, yc, pn), want in zip(cases, expected, strict=True):
                out = np.asarray(
                    call_answer(recalibrate, pc.copy(), yc.copy(), pn.copy()), dtype=float
                ).ravel()
                if not _close(out, want, 0.015):
                    raise Incorrect.of("m05.q5.wrong", name=name)


class Q6RecalibratedRatio(Question):
    """``oe_avant`` and ``oe_apres``: O/E on 2024-S2 (site A), before / after recalibration
    fitted on 2024-S1."""

    title = msg("m05.q6.title")
    hints = catalogue_hints("m05.q6", 3)
    solution_text = None

    def _check(
        self,
        oe_avant: Any = None,
        oe_apres: Any = None,
        expected: tuple[float, float] | None = None,
        fitted_on_s2: float | None = None,
    ) -> None:
        if oe_avant is None and oe_apres is None:
            raise NotAttempted.of("m05.q6.not_attempted")
        before = _float(oe_avant, "oe_avant")
        after = _float(oe_apres, "oe_apres")
        for value, label in ((before, "oe_avant"), (after, "oe_apres")):
            check_in_range(value, 0.2, 5, name=label)
        if math.isclose(after, 1.0, abs_tol=1e-3):
            raise Incorrect.of("m05.q6.fitted_on_evaluation")
        if expected is None:
            return
        if fitted_on_s2 is not None and math.isclose(after, fitted_on_s2, rel_tol=1e-3):
            raise Incorrect.of("m05.q6.fitted_on_evaluation")
        if not math.isclose(before, expected[0], rel_tol=1e-4):
            if math.isclose(before, 1 / expected[0], rel_tol=1e-4):
                raise Incorrect.of("m05.q1.ratio_inverted", name="oe_avant")
            raise Incorrect.of("m05.q6.before_wrong")
        if not math.isclose(after, expected[1], rel_tol=0.02):
            raise Incorrect.of("m05.q6.after_wrong")


def _importance(model: Any, X: Any, y: Any) -> pd.Series:
    """Permutation importance (AUC, 10 repeats, seed 0): the checks use it on the *training*
    data only, to name that mistake; it is not the answer (which is on 2024)."""
    from sklearn.inspection import permutation_importance

    r = permutation_importance(model, X, y, scoring="roc_auc", n_repeats=10, random_state=0)
    return pd.Series(r.importances_mean, index=[str(c) for c in X.columns])


class Q7PermutationImportance(Question):
    """``importances``: permutation importance (AUC) of ``model_sites`` on the 2024 stays."""

    title = msg("m05.q7.title")
    hints = catalogue_hints("m05.q7", 3)
    solution_text = None

    TOLERANCE = 0.008

    def _check(  # noqa: C901 -- an ordered table of diagnoses; kept flat to read as the statement's rules
        self,
        importances: Any = None,
        features: Any = None,
        model: Any = None,
        X_train: Any = None,
        y_train: Any = None,
        expected: pd.Series | None = None,
        with_accuracy: pd.Series | None = None,
    ) -> None:
        if importances is None:
            raise NotAttempted.of("feedback.answer.missing", name="importances")
        if isinstance(importances, Mapping) or hasattr(importances, "importances_mean"):
            raise Incorrect.of("m05.q7.not_series")
        check_type(importances, pd.Series, name="importances")
        names = [str(i) for i in importances.index]
        if sorted(names) != sorted(map(str, features)):
            raise Incorrect.of("m05.q7.index", columns=", ".join(map(str, features)))
        values = importances.to_numpy(dtype=float)
        if np.any(np.isnan(values)):
            raise Incorrect.of("m05.value.nan", name="importances")
        if np.any(np.diff(values) > 1e-12):
            raise Incorrect.of("m05.q7.not_sorted")
        if np.all(np.abs(values) < 1e-12):
            raise Incorrect.of("m05.q7.all_zero")
        got = importances.rename(index=str)

        def near(ref: pd.Series | None) -> bool:
            if ref is None:
                return False
            ref = ref.rename(index=str)
            return bool(np.all(np.abs(got[ref.index] - ref) <= self.TOLERANCE))

        if expected is not None and near(expected):
            return
        if model is not None and X_train is not None:
            if near(_importance(model, X_train, y_train)):
                raise Incorrect.of("m05.q7.on_training")
        if expected is None:
            return
        if near(with_accuracy):
            raise Incorrect.of("m05.q7.accuracy")
        raise Incorrect.of("m05.q7.wrong")


class Q8Shortcut(Question):
    """``auc_site_seul`` (site alone) and ``auc_sans_site`` (model refit without the site)."""

    title = msg("m05.q8.title")
    hints = catalogue_hints("m05.q8", 3)
    solution_text = None

    def _check(
        self,
        auc_site_seul: Any = None,
        auc_sans_site: Any = None,
        X_train: Any = None,
        y_train: Any = None,
        expected: tuple[float, float] | None = None,
    ) -> None:
        if auc_site_seul is None and auc_sans_site is None:
            raise NotAttempted.of("m05.q8.not_attempted")
        alone = _float(auc_site_seul, "auc_site_seul")
        without = _float(auc_sans_site, "auc_sans_site")
        for value, label in ((alone, "auc_site_seul"), (without, "auc_sans_site")):
            check_in_range(value, 0, 1, name=label)
        if alone < 0.5:
            raise Incorrect.of("m05.q8.inverted")
        if X_train is not None:  # the training period is not the answer: name that mistake
            from sklearn.metrics import roc_auc_score

            train_alone = roc_auc_score(y_train, X_train["site_b"])
            if math.isclose(alone, train_alone, abs_tol=1e-6):
                raise Incorrect.of("m05.q8.training_data", name="auc_site_seul")
            fitted = make_model(NUMERIC).fit(X_train[FEATURES], y_train)
            train_without = roc_auc_score(y_train, fitted.predict_proba(X_train[FEATURES])[:, 1])
            if math.isclose(without, train_without, abs_tol=1e-4):
                raise Incorrect.of("m05.q8.training_data", name="auc_sans_site")
        if expected is None:
            return
        if not math.isclose(alone, expected[0], abs_tol=1e-6):
            raise Incorrect.of("m05.q8.alone_wrong")
        if not math.isclose(without, expected[1], abs_tol=1e-4):
            raise Incorrect.of("m05.q8.without_wrong")


#: the visible cases of Q9, with the class MDR 2017/745 Annex VIII rule 11 gives them
Q9_VISIBLE = (
    (
        {
            "finalite_medicale": False,
            "usage": "autre",
            "consequence": "aucune",
            "danger_immediat": False,
        },
        "non DM",
    ),
    (
        {
            "finalite_medicale": True,
            "usage": "decision",
            "consequence": "non grave",
            "danger_immediat": False,
        },
        "IIa",
    ),
    (
        {
            "finalite_medicale": True,
            "usage": "decision",
            "consequence": "deces_irreversible",
            "danger_immediat": False,
        },
        "III",
    ),
    (
        {
            "finalite_medicale": True,
            "usage": "surveillance",
            "consequence": "non grave",
            "danger_immediat": True,
        },
        "IIb",
    ),
    (
        {
            "finalite_medicale": True,
            "usage": "autre",
            "consequence": "non grave",
            "danger_immediat": False,
        },
        "I",
    ),
)


class Q9MdrClass(Question):
    """``mdr_class(case)``: MDR 2017/745, Annex VIII, rule 11, on structured cases."""

    title = msg("m05.q9.title")
    hints = catalogue_hints("m05.q9", 3)
    solution_text = None

    def _check(self, mdr_class: Any = None, cases: Any = None) -> None:
        all_cases = list(Q9_VISIBLE) + list(cases or ())
        for case, want in all_cases:
            given = dict(case)
            got = call_answer(mdr_class, given)
            if given != case:
                raise Incorrect.of("m05.input_modified", name="mdr_class")
            check_type(got, str, name="mdr_class(...)")
            if got not in MDR_CLASSES:
                raise Incorrect.of("m05.mdr.unknown_class", name="mdr_class(...)", got=got)
            if got == want:
                continue
            desc = _describe_case(case)
            if case["finalite_medicale"] and case["usage"] == "decision" and got == "I":
                raise Incorrect.of("m05.mdr.informs_decision_class_i", name=f"mdr_class({desc})")
            if not case["finalite_medicale"] and got != "non DM":
                raise Incorrect.of("m05.q9.no_medical_purpose", case=desc)
            if case["usage"] == "surveillance" and want != got:
                raise Incorrect.of("m05.q9.monitoring", case=desc)
            raise Incorrect.of("m05.q9.wrong", case=desc)


def _describe_case(case: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in case.items())


Q10_PRODUCTS = ("A", "B", "C", "D", "E")


class Q10Products(Question):
    """``classement``: product letter → (MDR class, high-risk under the AI Act art. 6(1))."""

    title = msg("m05.q10.title")
    hints = catalogue_hints("m05.q10", 3)
    solution_text = None

    def _check(
        self, classement: Any = None, expected: Mapping[str, tuple[str, bool]] | None = None
    ) -> None:
        if classement is None:
            raise NotAttempted.of("feedback.answer.missing", name="classement")
        check_type(classement, dict, name="classement")
        if sorted(map(str, classement)) != list(Q10_PRODUCTS):
            raise Incorrect.of("m05.q10.keys", keys=", ".join(Q10_PRODUCTS))
        for key, value in classement.items():
            if not (isinstance(value, tuple) and len(value) == 2):
                raise Incorrect.of("m05.q10.pair", item=key)
            cls, high = value
            if cls not in MDR_CLASSES:
                raise Incorrect.of("m05.mdr.unknown_class", name=f"classement['{key}'][0]", got=cls)
            if not isinstance(high, (bool, np.bool_)):
                raise Incorrect.of("m05.q10.bool", item=key)
            # AI Act art. 6(1) + Annex I: high-risk only if a notified body must assess the
            # device, i.e. class IIa or above for software (a class I software self-certifies).
            if cls in ("non DM", "I") and high:
                raise Incorrect.of("m05.q10.high_without_notified_body", item=key)
        if expected is None:
            return
        wrong = [k for k in Q10_PRODUCTS if tuple(classement[k]) != tuple(expected[k])]
        if not wrong:
            return
        for k in wrong:
            if expected[k][0] in ("IIa", "IIb", "III") and classement[k][0] == "I":
                raise Incorrect.of("m05.mdr.informs_decision_class_i", name=f"classement['{k}']")
        raise Incorrect.of("m05.q10.wrong", n=len(wrong))


l1_ratio_oe = L1RatioOE()
l2_shift_kind = L2ShiftKind()
l3_mdr_class = L3MdrClass()
q1_performance_by_period = Q1PerformanceByPeriod()
q2_drift_statistic = Q2DriftStatistic()
q3_drift_by_input = Q3DriftByInput()
q4_shift_kinds = Q4ShiftKinds()
q5_recalibrate = Q5Recalibrate()
q6_recalibrated_ratio = Q6RecalibratedRatio()
q7_permutation_importance = Q7PermutationImportance()
q8_shortcut = Q8Shortcut()
q9_mdr_class = Q9MdrClass()
q10_products = Q10Products()
