"""Module 03 « Évaluer sans se tromper » — data, and checks of the lesson and the assignment.

Data: the synthetic cohort's modelling table (one row per stay), restricted to patients
discharged alive (a readmission can only follow a live discharge). Target: readmission
within 30 days (``readmission_30j``). Two columns are added the way a hospital extract
often carries them, and both leak the outcome (they are only known *after* it):

- ``nb_sejours_patient``: number of stays of the patient in the 2022–2024 extract, later
  stays (hence the readmission itself) included;
- ``jours_avant_sejour_suivant``: days from discharge to the patient's next admission.

Graded questions keep their answer key out of this module: a visible check tests the
properties the statement states (on hand-made data) and names typical mistakes from the
learner's own outputs; the hidden tests of ``source/m03_evaluer`` compare with values
computed there, on a cohort variant (``readmission_table(seed=HIDDEN_TESTS_SEED)``).
"""

from __future__ import annotations

import inspect
import math
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from iasante.evaluation import as_binary, logit
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

#: the cohort variant of the hidden tests (another seed than the committed cohort's 2026)
HIDDEN_TESTS_SEED = 7
TARGET = "readmission_30j"
GROUP = "patient_id"
#: the candidate variables of question 1 (what the DIM offers), in the order shown
CANDIDATES = (
    "age_entree",
    "duree_sejour",
    "mode_sortie",
    "creatinine",
    "nb_maladies_chroniques",
    "nb_sejours_patient",
    "jours_avant_sejour_suivant",
)
NUMERIC = (
    "age_entree",
    "duree_sejour",
    "nb_maladies_chroniques",
    "quintile_fdep",
    "fc",
    "pas",
    "temperature",
    "spo2",
    "creatinine",
    "crp",
    "glucose",
    "hemoglobine",
    "potassium",
    "sodium",
)
SENSITIVITY_TARGET = 0.80


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


@cache
def _readmission_table(seed: int | None) -> pd.DataFrame:
    from iasante.data import modelling_table

    if seed is None:
        table = modelling_table()
    else:
        from iasante.exercises.m01 import cohort_tables

        tables = cohort_tables(seed, "propre")
        table = modelling_table({k: tables[k] for k in ("patients", "stays", "diagnoses", "labs")})
    # The leaky columns are computed on every stay of the extract (a fatal later stay
    # counts too), then stays ending in death are removed.
    table = table.sort_values(["date_entree", "sejour_id"]).reset_index(drop=True)
    by_patient = table.groupby("patient_id", observed=True)
    table["nb_sejours_patient"] = by_patient["sejour_id"].transform("size").astype("Int64")
    next_entry = by_patient["date_entree"].shift(-1)
    table["jours_avant_sejour_suivant"] = (next_entry - table["date_sortie"]).dt.days.astype(
        "Int64"
    )
    table = table[table["mode_sortie"] != "décès"].copy()
    table["mode_sortie"] = table["mode_sortie"].cat.remove_unused_categories()
    return table.reset_index(drop=True)


def readmission_table(seed: int | None = None) -> pd.DataFrame:
    """Stays of patients discharged alive, with the two leaky columns (a copy).

    ``seed=None``: the committed cohort; another seed generates a cohort variant (the
    hidden tests use :data:`HIDDEN_TESTS_SEED`).
    """
    return _readmission_table(seed).copy()


def features(stays: pd.DataFrame) -> pd.DataFrame:
    """The predictors known at discharge, as numbers (missing values kept as NaN).

    Numeric measurements, ``c2s``, ``femme``, ``sortie_smr`` (discharge to rehabilitation)
    and one 0/1 column per main diagnosis (``dp_I50.0``…). No leaky column.
    """
    from iasante.data.cohort import DP_CODES

    X = stays[list(NUMERIC)].astype(float)
    X["c2s"] = stays["c2s"].astype(float)
    X["femme"] = (stays["sexe"] == "F").astype(float)
    X["sortie_smr"] = (stays["mode_sortie"] == "transfert SMR").astype(float)
    for code in DP_CODES:
        X[f"dp_{code}"] = (stays["diagnostic_principal"] == code).astype(float)
    return X


def target(stays: pd.DataFrame) -> np.ndarray:
    """1 = readmitted within 30 days, 0 otherwise."""
    return stays[TARGET].astype(int).to_numpy()


def grading_warm_up() -> None:
    """Generate the hidden tests' cohort variant once in the grading template (no thread)."""
    _readmission_table(HIDDEN_TESTS_SEED)


# --------------------------------------------------------------------------------------------
# Hand-made data for the visible checks (properties the statements state)
# --------------------------------------------------------------------------------------------


def cloned_patients(n_patients: int = 80, stays_each: int = 4, seed: int = 0) -> dict[str, Any]:
    """Patients whose stays are identical copies: features and outcome depend on the patient
    only, and the outcome is unrelated to the features. A model that memorises patients
    looks excellent when a patient's stays are split between training and test, and no
    better than chance when they are not."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n_patients, 3))
    y = rng.permutation(np.repeat([0, 1], [n_patients // 2, n_patients - n_patients // 2]))
    rows = np.repeat(np.arange(n_patients), stays_each)
    X = pd.DataFrame(x[rows], columns=["a", "b", "c"])
    groups = np.array([f"P{i:03d}" for i in rows])
    return {"X": X, "y": y[rows], "groups": groups}


def binormal_scores(n: int, auc: float, prevalence: float, seed: int) -> tuple[np.ndarray, ...]:
    """Scores of a binormal model with a known AUC: scores of events ~ N(d, 1), others
    N(0, 1), with d = √2·Φ⁻¹(AUC). Returns (y, scores)."""
    from scipy.stats import norm

    rng = np.random.default_rng(seed)
    n1 = max(2, round(n * prevalence))
    y = np.repeat([1, 0], [n1, n - n1])
    d = math.sqrt(2) * norm.ppf(auc)
    s = rng.normal(size=n) + d * y
    return y, 1 / (1 + np.exp(-s))


def _auc(y: Any, p: Any) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(as_binary(y), np.asarray(p, dtype=float)))


def _uses(func: Any, *names: str) -> bool:
    """True when the learner's function calls one of ``names`` (a package shortcut)."""
    import re

    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return False
    return any(re.search(rf"(?<![\w]){re.escape(name)}", source) for name in names)


def _as_float(value: Any, name: str) -> float:
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)) and np.ndim(value) == 1:
        raise Incorrect.of("m03.not_a_mean", name=name)
    check_type(value, float, name=name)
    return float(value)


# --------------------------------------------------------------------------------------------
# Graded assignment (source/m03_evaluer)
# --------------------------------------------------------------------------------------------


class Q1Leaks(Question):
    """The candidate variables only known after the outcome (target leakage).

    Visible: a list of candidate names, without the target. Hidden: ``expected`` is the set
    computed in the hidden-test region.
    """

    title = msg("m03.q1.title")
    hints = catalogue_hints("m03.q1", 2)
    solution_text = None

    def _check(self, leaky_columns: Any = None, expected: Any = None) -> None:
        if leaky_columns is None:
            raise NotAttempted.of("feedback.answer.missing", name="leaky_columns")
        if isinstance(leaky_columns, str) or not isinstance(leaky_columns, (list, tuple, set)):
            raise Incorrect.of("m03.q1.not_a_list")
        names = [str(c) for c in leaky_columns]
        if not names:
            raise Incorrect.of("m03.q1.empty")
        if TARGET in names:
            raise Incorrect.of("m03.q1.has_target")
        unknown = [c for c in names if c not in CANDIDATES]
        if unknown:
            raise Incorrect.of("m03.q1.unknown", columns=", ".join(unknown))
        if expected is None:
            return
        wanted = set(expected)
        if set(names) - wanted:
            raise Incorrect.of("m03.q1.known_at_discharge")
        if wanted - set(names):
            raise Incorrect.of("m03.q1.missed")


def _flat_steps(model: Any) -> list[Any]:
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline

    if isinstance(model, Pipeline):
        out: list[Any] = []
        for _, step in model.steps:
            out.extend(_flat_steps(step))
        return out
    if isinstance(model, ColumnTransformer):
        out = []
        for _, step, _cols in model.transformers:
            if step not in ("drop", "passthrough"):
                out.extend(_flat_steps(step))
        return out
    return [model]


def _small_frame(seed: int = 3) -> tuple[pd.DataFrame, np.ndarray]:
    """Forty rows with missing values, like the cohort's measurements."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(40, 3)) * [10, 1, 100] + [70, 0, 500], columns=list("abc"))
    X.iloc[::7, 0] = np.nan
    X.iloc[::5, 2] = np.nan
    y = (rng.random(40) < 1 / (1 + np.exp(-(X["b"].fillna(0).to_numpy())))).astype(int)
    y[:2] = [0, 1]
    return X, y


class Q2Model(Question):
    """``make_model()``: a new, unfitted Pipeline imputer → scaler → logistic regression."""

    title = msg("m03.q2.title")
    hints = catalogue_hints("m03.q2", 3)
    solution_text = None

    def _check(self, make_model: Any = None) -> None:
        from sklearn.exceptions import NotFittedError
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler
        from sklearn.utils.validation import check_is_fitted

        model = call_answer(make_model)
        if model is None or not hasattr(model, "fit"):
            raise Incorrect.of("m03.q2.not_a_model")
        if not isinstance(model, Pipeline):
            raise Incorrect.of("m03.q2.not_pipeline")
        try:
            check_is_fitted(model)
            raise Incorrect.of("m03.q2.fitted")
        except NotFittedError:
            pass
        steps = _flat_steps(model)
        if not isinstance(steps[-1], LogisticRegression):
            raise Incorrect.of("m03.q2.not_logistic")
        if not any(isinstance(s, (StandardScaler, MinMaxScaler, RobustScaler)) for s in steps):
            raise Incorrect.of("m03.q2.no_scaler")
        if not any(isinstance(s, SimpleImputer) or "Imputer" in type(s).__name__ for s in steps):
            raise Incorrect.of("m03.q2.no_imputer")
        second = call_answer(make_model)
        if second is model:
            raise Incorrect.of("m03.q2.same_object")
        X, y = _small_frame()
        try:
            model.fit(X, y)
            model.predict_proba(X)
        except Exception as exc:  # noqa: BLE001 -- any failure on NaN is the learner's model
            raise Incorrect.of("m03.q2.fit_fails", error=type(exc).__name__) from None


class Q3GroupedCv(Question):
    """``grouped_cv_auc(model, X, y, groups)``: mean AUC of a 5-fold CV grouped by patient.

    Visible: cloned patients (a 1-NN looks perfect when stays are split, chance otherwise),
    a float between 0 and 1, inputs not modified. Hidden: the cohort variant, compared with
    a reference computed in the hidden region (``reference`` argument).
    """

    title = msg("m03.q3.title")
    hints = catalogue_hints("m03.q3", 3)
    solution_text = None

    def _check(
        self,
        grouped_cv_auc: Any = None,
        reference: float | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        from sklearn.neighbors import KNeighborsClassifier

        if _uses(grouped_cv_auc, "cv_auc(", "iasante.evaluation", "import evaluation"):
            raise Incorrect.of("m03.own_code", name="grouped_cv_auc")
        toy = cloned_patients()
        X_before = toy["X"].copy()
        got = call_answer(
            grouped_cv_auc, KNeighborsClassifier(n_neighbors=1), toy["X"], toy["y"], toy["groups"]
        )
        value = _as_float(got, "grouped_cv_auc")
        check_in_range(value, 0, 1, name="grouped_cv_auc")
        if not toy["X"].equals(X_before):
            raise Incorrect.of("m03.modified_input", name="grouped_cv_auc")
        if value > 0.8:
            raise Incorrect.of("m03.q3.split_by_stay")
        if data is None or reference is None:
            return
        got = call_answer(grouped_cv_auc, data["model"], data["X"], data["y"], data["groups"])
        value = _as_float(got, "grouped_cv_auc")
        if abs(value - reference) > 0.03:
            raise Incorrect.of("m03.q3.far_from_cohort")


class Q4BootstrapCi(Question):
    """``bootstrap_auc_ci(y, p, groups, n_boot=..., seed=...)``: 95 % percentile interval of
    the AUC, resampling patients.

    Visible: two floats low < high around the AUC, reproducible with a seed, inputs intact,
    as wide as a patient-level bootstrap on cloned patients. Hidden: coverage on binormal
    data with a known AUC.
    """

    title = msg("m03.q4.title")
    hints = catalogue_hints("m03.q4", 3)
    solution_text = None

    @staticmethod
    def _interval(func: Any, y: Any, p: Any, groups: Any, n_boot: int, seed: int) -> tuple:
        got = call_answer(func, y, p, groups, n_boot=n_boot, seed=seed)
        if not isinstance(got, (tuple, list, np.ndarray)) or len(got) != 2:
            raise Incorrect.of("m03.q4.not_pair")
        low, high = got
        check_type(low, float, name="borne basse")
        check_type(high, float, name="borne haute")
        return float(low), float(high)

    def _check(self, bootstrap_auc_ci: Any = None, coverage: bool = False) -> None:
        if coverage:  # hidden test, after the visible check passed in the same cell
            if self.width_ratio(bootstrap_auc_ci) < 0.7:
                raise Incorrect.of("m03.q4.level")
            if self.coverage(bootstrap_auc_ci) < 0.6:
                raise Incorrect.of("m03.q4.coverage")
            return
        if _uses(bootstrap_auc_ci, "bootstrap_ci(", "iasante.evaluation", "import evaluation"):
            raise Incorrect.of("m03.own_code", name="bootstrap_auc_ci")
        y, p = binormal_scores(300, 0.75, 0.3, seed=11)
        groups = np.array([f"P{i // 3:03d}" for i in range(len(y))])
        y_in, p_in = y.copy(), p.copy()
        low, high = self._interval(bootstrap_auc_ci, y, p, groups, 50, 1)
        if not (np.array_equal(y, y_in) and np.array_equal(p, p_in)):
            raise Incorrect.of("m03.modified_input", name="bootstrap_auc_ci")
        if low > high:
            raise Incorrect.of("m03.q4.order")
        point = _auc(y, p)
        if high < point or low > point:
            if high < point and high - low < 0.02:
                raise Incorrect.of("m03.q4.percent_scale")
            raise Incorrect.of("m03.q4.not_around_auc")
        if (low, high) != self._interval(bootstrap_auc_ci, y, p, groups, 50, 1):
            raise Incorrect.of("m03.q4.not_seeded")
        # Patient-level resampling: on cloned patients (5 identical stays each), an interval
        # that resamples stays is about √5 ≈ 2.2 times too narrow.
        toy_y, toy_p = binormal_scores(60, 0.75, 0.4, seed=5)
        reps = 5
        cy, cp = np.repeat(toy_y, reps), np.repeat(toy_p, reps)
        cg = np.repeat([f"P{i:02d}" for i in range(len(toy_y))], reps)
        low, high = self._interval(bootstrap_auc_ci, cy, cp, cg, 150, 2)
        single = self._interval(
            bootstrap_auc_ci,
            toy_y,
            toy_p,
            np.array([f"P{i:02d}" for i in range(len(toy_y))]),
            150,
            2,
        )
        ratio = (high - low) / max(single[1] - single[0], 1e-9)
        if ratio < 0.7:
            raise Incorrect.of("m03.q4.resamples_stays")
        if ratio > 1.4:
            raise Incorrect.of("m03.q4.too_wide")

    @staticmethod
    def width_ratio(func: Any, seed: int = 21) -> float:
        """Width of the learner's interval (200 draws) over that of a patient-level percentile
        interval with 4,000 draws, on one data set (about 1 for a 95 % interval, 0.5 for 68 %)."""
        from iasante.evaluation import bootstrap_ci

        y, p = binormal_scores(200, 0.75, 0.3, seed=seed)
        groups = np.array([f"P{i // 2:03d}" for i in range(len(y))])
        low, high = Q4BootstrapCi._interval(func, y, p, groups, 200, 0)
        ref_low, ref_high = bootstrap_ci(y, p, groups=groups, n_boot=4000, seed=0)
        return (high - low) / (ref_high - ref_low)

    @staticmethod
    def coverage(func: Any, n_datasets: int = 12, auc: float = 0.75, seed: int = 100) -> float:
        """Share of intervals that contain the true AUC (hidden test: about 0.95)."""
        hits = 0
        for i in range(n_datasets):
            y, p = binormal_scores(150, auc, 0.3, seed=seed + i)
            groups = np.arange(len(y))
            low, high = Q4BootstrapCi._interval(func, y, p, groups, 100, i)
            hits += low <= auc <= high
        return hits / n_datasets


class Q5Brier(Question):
    """``brier(y, p)``: mean of (p − y)²; properties from the statement."""

    title = msg("m03.q5.title")
    hints = catalogue_hints("m03.q5", 2)
    solution_text = None

    def _check(self, brier: Any = None) -> None:
        y = np.array([1, 0, 0, 1, 0, 0, 0, 1])
        p = np.array([0.9, 0.2, 0.1, 0.6, 0.3, 0.05, 0.4, 0.7])
        p_in = p.copy()
        got = _as_float(call_answer(brier, y, p), "brier")
        if not np.array_equal(p, p_in):
            raise Incorrect.of("m03.modified_input", name="brier")
        squares = (p - y) ** 2
        if math.isclose(got, float(np.sqrt(squares.mean())), rel_tol=1e-9):
            raise Incorrect.of("m03.q5.root")
        if math.isclose(got, float(squares.sum()), rel_tol=1e-9):
            raise Incorrect.of("m03.q5.sum")
        if math.isclose(got, float(((1 - p - y) ** 2).mean()), rel_tol=1e-9):
            raise Incorrect.of("m03.q5.classes_swapped")
        if math.isclose(got, float(np.abs(p - y).mean()), rel_tol=1e-9):
            raise Incorrect.of("m03.q5.absolute")
        perfect = _as_float(call_answer(brier, y, y.astype(float)), "brier")
        half = _as_float(call_answer(brier, y, np.full(len(y), 0.5)), "brier")
        if not (math.isclose(perfect, 0, abs_tol=1e-12) and math.isclose(half, 0.25)):
            raise Incorrect.of("m03.q5.wrong")
        if not math.isclose(got, float(squares.mean()), rel_tol=1e-9):
            raise Incorrect.of("m03.q5.wrong")


def simulated_calibration(slope: float, n: int = 4000, seed: int = 0) -> tuple[np.ndarray, ...]:
    """Risks ``p`` and outcomes drawn with ``logit P(y=1) = slope·logit(p)``: a model whose
    calibration slope is ``slope`` (up to sampling error)."""
    rng = np.random.default_rng(seed)
    p = 1 / (1 + np.exp(-rng.normal(-1.5, 1.2, n)))
    y = (rng.random(n) < 1 / (1 + np.exp(-slope * logit(p)))).astype(int)
    return y, p


class Q6Slope(Question):
    """``calibration_slope(y, p)``: slope of the logistic regression of y on logit(p)."""

    title = msg("m03.q6.title")
    hints = catalogue_hints("m03.q6", 3)
    solution_text = None

    def _check(self, calibration_slope: Any = None) -> None:
        from sklearn.linear_model import LogisticRegression

        for true_slope, seed in ((1.0, 1), (0.5, 2), (1.6, 3)):
            y, p = simulated_calibration(true_slope, seed=seed)
            got = _as_float(call_answer(calibration_slope, y.copy(), p.copy()), "calibration_slope")
            if got < 0 and abs(got + true_slope) <= 0.15 * max(1, true_slope):
                raise Incorrect.of("m03.q6.classes_swapped")
            on_p = float(LogisticRegression(C=np.inf).fit(p[:, None], y).coef_[0, 0])
            if math.isclose(got, on_p, rel_tol=0.02):
                raise Incorrect.of("m03.q6.not_logit")
            if abs(got - true_slope) > 0.15 * max(1, true_slope):
                raise Incorrect.of("m03.q6.wrong")


class Q7OofThreshold(Question):
    """``oof_risk`` (out-of-fold risks of the development set) and ``threshold_80`` (highest
    threshold reaching 80 % sensitivity on them)."""

    title = msg("m03.q7.title")
    hints = catalogue_hints("m03.q7", 3)
    solution_text = None

    def _check(
        self,
        oof_risk: Any = None,
        threshold_80: Any = None,
        make_model: Any = None,
        X_dev: Any = None,
        y_dev: Any = None,
        X_ext: Any = None,
        y_ext: Any = None,
    ) -> None:
        from iasante.evaluation import threshold_for_sensitivity

        if oof_risk is None and threshold_80 is None:
            raise NotAttempted.of("m03.q7.not_attempted")
        if oof_risk is None:
            raise NotAttempted.of("feedback.answer.missing", name="oof_risk")
        risk = np.asarray(oof_risk, dtype=float)
        if risk.ndim == 2:
            raise Incorrect.of("m03.q7.two_columns")
        if risk.shape != (len(y_dev),):
            raise Incorrect.of("m03.q7.length", got=len(risk))
        if np.isnan(risk).any() or risk.min() < 0 or risk.max() > 1:
            raise Incorrect.of("m03.q7.not_risk")
        y = as_binary(y_dev)
        fitted = call_answer(make_model).fit(X_dev, y)
        in_sample = fitted.predict_proba(X_dev)[:, 1]
        if np.allclose(risk, in_sample, atol=1e-9):
            raise Incorrect.of("m03.q7.in_sample")
        if np.allclose(risk, 1 - in_sample, atol=1e-9) or np.corrcoef(risk, in_sample)[0, 1] < 0:
            raise Incorrect.of("m03.q7.column0")
        if np.corrcoef(risk, in_sample)[0, 1] < 0.8:
            raise Incorrect.of("m03.q7.not_model_risk")
        check_type(threshold_80, float, name="threshold_80")
        t = float(threshold_80)
        best = threshold_for_sensitivity(y, risk, SENSITIVITY_TARGET)
        sens = float((risk[y == 1] >= t).mean())
        fp = int((risk[y == 0] >= t).sum())
        if sens >= SENSITIVITY_TARGET - 1e-12 and fp == int((risk[y == 0] >= best).sum()):
            return
        if math.isclose(t, threshold_for_sensitivity(y, in_sample, SENSITIVITY_TARGET)):
            raise Incorrect.of("m03.q7.threshold_in_sample")
        if X_ext is not None:
            p_ext = fitted.predict_proba(X_ext)[:, 1]
            if math.isclose(
                t, threshold_for_sensitivity(as_binary(y_ext), p_ext, SENSITIVITY_TARGET)
            ):
                raise Incorrect.of("m03.q7.on_test")
        if sens < SENSITIVITY_TARGET - 1e-12:
            raise Incorrect.of("m03.q7.below_target")
        raise Incorrect.of("m03.q7.not_highest")


EXTERNAL_KEYS = ("auc", "brier", "pente_calibration", "sensibilite")


class Q8External(Question):
    """``final_model`` fitted on the whole development set (site A), and ``external``: its
    AUC, Brier score, calibration slope and sensitivity at ``threshold_80`` on site B."""

    title = msg("m03.q8.title")
    hints = catalogue_hints("m03.q8", 3)
    solution_text = None

    def _check(
        self,
        final_model: Any = None,
        external: Any = None,
        threshold_80: Any = None,
        X_dev: Any = None,
        y_dev: Any = None,
        X_ext: Any = None,
        y_ext: Any = None,
    ) -> None:
        from sklearn.base import clone

        from iasante.evaluation import validation_summary

        if final_model is None and external is None:
            raise NotAttempted.of("m03.q8.not_attempted")
        if final_model is None or not hasattr(final_model, "predict_proba"):
            raise NotAttempted.of("feedback.answer.missing", name="final_model")
        try:
            p_ext = np.asarray(final_model.predict_proba(X_ext))[:, 1]
        except Exception:  # noqa: BLE001 -- an unfitted or mis-shaped model
            raise Incorrect.of("m03.q8.not_fitted") from None
        yd, ye = as_binary(y_dev), as_binary(y_ext)
        ref = clone(final_model).fit(X_dev, yd).predict_proba(X_ext)[:, 1]
        if not np.allclose(p_ext, ref, atol=1e-6):
            on_ext = clone(final_model).fit(X_ext, ye).predict_proba(X_ext)[:, 1]
            if np.allclose(p_ext, on_ext, atol=1e-6):
                raise Incorrect.of("m03.q8.fitted_on_external")
            raise Incorrect.of("m03.q8.not_fitted_on_dev")
        check_type(external, dict, name="external")
        missing = [k for k in EXTERNAL_KEYS if k not in external]
        if missing:
            raise Incorrect.of("m03.q8.missing_keys", keys=", ".join(missing))
        values = {k: _as_float(external[k], f"external['{k}']") for k in EXTERNAL_KEYS}
        summary = validation_summary(ye, p_ext)
        if math.isclose(values["auc"], 1 - summary["auc"], abs_tol=1e-6):
            raise Incorrect.of("m03.q8.column0")
        if not math.isclose(values["auc"], summary["auc"], abs_tol=1e-6):
            p_dev = final_model.predict_proba(X_dev)[:, 1]
            if math.isclose(values["auc"], _auc(yd, p_dev), abs_tol=1e-6):
                raise Incorrect.of("m03.q8.on_dev")
            raise Incorrect.of("m03.q8.wrong", key="auc")
        if not math.isclose(values["brier"], summary["brier"], rel_tol=1e-6):
            raise Incorrect.of("m03.q8.wrong", key="brier")
        if abs(values["pente_calibration"] - summary["pente_calibration"]) > 0.02:
            raise Incorrect.of("m03.q8.wrong", key="pente_calibration")
        check_type(threshold_80, float, name="threshold_80")
        sens = float((p_ext[ye == 1] >= float(threshold_80)).mean())
        if not math.isclose(values["sensibilite"], sens, abs_tol=1e-9):
            if math.isclose(
                values["sensibilite"], float((p_ext[ye == 1] >= 0.5).mean()), abs_tol=1e-9
            ):
                raise Incorrect.of("m03.q8.default_threshold")
            if math.isclose(values["sensibilite"], SENSITIVITY_TARGET, abs_tol=1e-9):
                raise Incorrect.of("m03.q8.target_copied")
            raise Incorrect.of("m03.q8.wrong", key="sensibilite")


class Q9ExternalCi(Question):
    """``auc_ext_ci``: the learner's own bootstrap interval, by patient, of the AUC on site B."""

    title = msg("m03.q9.title")
    hints = catalogue_hints("m03.q9", 2)
    solution_text = None

    def _check(
        self,
        auc_ext_ci: Any = None,
        external: Any = None,
        bootstrap_auc_ci: Any = None,
        final_model: Any = None,
        X_ext: Any = None,
        y_ext: Any = None,
        groups_ext: Any = None,
    ) -> None:
        if auc_ext_ci is None:
            raise NotAttempted.of("feedback.answer.missing", name="auc_ext_ci")
        if not isinstance(auc_ext_ci, (tuple, list, np.ndarray)) or len(auc_ext_ci) != 2:
            raise Incorrect.of("m03.q4.not_pair")
        low, high = (float(v) for v in auc_ext_ci)
        if not isinstance(external, dict) or "auc" not in external or final_model is None:
            raise NotAttempted.of("m03.q9.needs_q8")
        auc = float(external["auc"])
        if not low <= auc <= high:
            raise Incorrect.of("m03.q4.not_around_auc")
        ye = as_binary(y_ext)
        p_ext = np.asarray(final_model.predict_proba(X_ext))[:, 1]
        # The statement fixes 200 draws and seed 0: the learner's own function, called so,
        # must give the same interval. Otherwise name the usual slip (each stay its own
        # group), or accept another seed whose width matches a patient-level interval.
        groups = np.asarray(groups_ext)
        by_patient = _pair(call_answer(bootstrap_auc_ci, ye, p_ext, groups, n_boot=200, seed=0))
        if np.allclose((low, high), by_patient, atol=1e-9):
            return
        by_stay = _pair(
            call_answer(bootstrap_auc_ci, ye, p_ext, np.arange(len(ye)), n_boot=200, seed=0)
        )
        if np.allclose((low, high), by_stay, atol=1e-9):
            raise Incorrect.of("m03.q9.by_stay")
        patient_width = by_patient[1] - by_patient[0]
        if not 0.7 * patient_width <= high - low <= 1.4 * patient_width:
            raise Incorrect.of("m03.q9.width")


def _pair(value: Any) -> tuple[float, float]:
    if not isinstance(value, (tuple, list, np.ndarray)) or len(value) != 2:
        raise Incorrect.of("m03.q4.not_pair")
    return float(value[0]), float(value[1])


q1_leaks = Q1Leaks()
q2_model = Q2Model()
q3_grouped_cv = Q3GroupedCv()
q4_bootstrap_ci = Q4BootstrapCi()
q5_brier = Q5Brier()
q6_slope = Q6Slope()
q7_oof_threshold = Q7OofThreshold()
q8_external = Q8External()
q9_external_ci = Q9ExternalCi()


# --------------------------------------------------------------------------------------------
# Lesson (notebooks/m03_*.ipynb): instant checks with hints and solutions
# --------------------------------------------------------------------------------------------


class L1GroupKFold(Question):
    """The lesson's grouped cross-validation: fold AUCs computed without sharing patients."""

    title = msg("m03.l1.title")
    hints = catalogue_hints("m03.l1", 2)
    solution_text = msg("m03.l1.solution")

    def _check(self, scores_grouped: Any = None, scores_random: Any = None) -> None:
        if scores_grouped is None:
            raise NotAttempted.of("feedback.answer.missing", name="scores_grouped")
        arr = np.asarray(scores_grouped, dtype=float)
        if arr.ndim != 1 or len(arr) != 5:
            raise Incorrect.of("m03.l1.five_folds")
        if scores_random is not None and np.allclose(arr, np.asarray(scores_random, dtype=float)):
            raise Incorrect.of("m03.l1.same_as_random")
        if not ((arr > 0) & (arr < 1)).all():
            raise Incorrect.of("m03.l1.not_auc")


class L2Brier(Question):
    title = msg("m03.l2.title")
    hints = catalogue_hints("m03.l2", 2)
    solution_text = msg("m03.l2.solution")

    def _check(self, brier_a: Any = None, y: Any = None, p: Any = None) -> None:
        value = _as_float(brier_a, "brier_a")
        squares = (np.asarray(p, dtype=float) - as_binary(y)) ** 2
        if math.isclose(value, float(np.sqrt(squares.mean())), rel_tol=1e-6):
            raise Incorrect.of("m03.q5.root")
        if not math.isclose(value, float(squares.mean()), rel_tol=1e-6):
            raise Incorrect.of("m03.q5.wrong")


l1_group_kfold = L1GroupKFold()
l2_brier = L2Brier()
