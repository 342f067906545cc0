"""Module 02 « Premier modèle » — checks of the lesson and of the graded assignment.

Data: Pima women of the NIDDK study (``iasante.data.load_pima("all")``, 532 complete
records, see ``data/pima.md``). Target: diabetes (WHO criteria) diagnosed within five years
of the baseline examination (Smith et al. 1988; ``type == "Yes"`` → 1); ``glu`` is the
2-hour glucose of the baseline oral glucose tolerance test (max 199 mg/dL, below the WHO
200 mg/dL criterion), a predictor, not the diagnosis of the target.

Conventions shared with ``iasante.metrics``: positive class = 1 (diabète); a
patient is predicted positive when ``score >= threshold``.

- sensibilité (*recall*) = VP / (VP + FN); spécificité = VN / (VN + FP)
- VPP (*precision*) = VP / (VP + FP); VPN = VN / (VN + FN)
- VPP(p) = se·p / (se·p + (1 − sp)(1 − p))  (Bayes)

Graded answer keys are not here (a learner's kernel imports this module). Functions the
learner writes are checked on small hand-made inputs whose right answer is written as a
literal (counts chosen so that every metric is a short fraction, a few score lists with
their threshold); answers computed on the Pima data are checked against the statement's
rules and the learner's own objects (split, fitted models), and the usual mistakes are
named from the learner's output. The graded answer is computed in the hidden tests of
``source/m02_premier_modele``; the test-side references are in ``tests/keys/m02.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from iasante.feedback import (
    Incorrect,
    NotAttempted,
    Question,
    call_answer,
    catalogue_hints,
    check_estimator,
    check_in_range,
    check_number,
    check_type,
)
from iasante.feedback.delegation import runs_any
from iasante.messages import msg
from iasante.metrics import (
    clinical_metrics,
    confusion_at_threshold,
    ppv_npv_from_prevalence,
)

#: every measured variable of the Pima table (the lesson's first model)
PREDICTORS = ("npreg", "glu", "bp", "skin", "bmi", "ped", "age")
#: what is known *before* the oral glucose tolerance test (the assignment's model)
PREDICTORS_BEFORE_OGTT = ("npreg", "bp", "skin", "bmi", "ped", "age")
TEST_SIZE = 0.25
N_NEIGHBORS = 15
SENSITIVITY_TARGET = 0.90
METRIC_KEYS = ("sensibilite", "specificite", "vpp", "vpn", "exactitude")
COUNT_NAMES = ("tn", "fp", "fn", "tp")


# --------------------------------------------------------------------------------------------
# Data and lesson tools
# --------------------------------------------------------------------------------------------


def load_data() -> pd.DataFrame:
    from iasante.data import load_pima

    return load_pima("all")


def positive_scores(model: Any, X: Any) -> np.ndarray:
    """Predicted probability of the positive class (column 1 of ``predict_proba``)."""
    return np.asarray(model.predict_proba(X))[:, 1]


def odds_ratio_table(pipeline: Any, X: Any, y: Any, *, level: float = 0.95) -> pd.DataFrame:
    """Odds ratios per standard deviation with their Wald confidence intervals.

    ``pipeline`` is a fitted ``make_pipeline(StandardScaler(), LogisticRegression(C=np.inf))``
    (no penalty: maximum-likelihood estimates, what an epidemiologist reports). The standard
    errors come from the inverse of the observed information matrix, as in statsmodels'
    ``Logit``; the interval is exp(b ± z·se).
    """
    from scipy.stats import norm

    scaler, model = pipeline[0], pipeline[-1]
    Z = np.asarray(scaler.transform(X), dtype=float)
    design = np.column_stack([np.ones(len(Z)), Z])
    p = np.asarray(pipeline.predict_proba(X))[:, 1]
    information = design.T @ (design * (p * (1 - p))[:, None])
    se = np.sqrt(np.diag(np.linalg.inv(information)))[1:]
    coef = np.ravel(model.coef_)
    z = float(norm.ppf(0.5 + level / 2))
    names = getattr(pipeline, "feature_names_in_", None)
    if names is None:
        names = list(X.columns)
    return pd.DataFrame(
        {
            "variable": list(map(str, names)),
            "OR pour +1 écart-type": np.exp(coef),
            "IC 95 % bas": np.exp(coef - z * se),
            "IC 95 % haut": np.exp(coef + z * se),
            "1 écart-type vaut": np.asarray(scaler.scale_, dtype=float),
        }
    )


# --------------------------------------------------------------------------------------------
# Shared check helpers
# --------------------------------------------------------------------------------------------


def _as_01(values: Any, name: str) -> np.ndarray:
    """A learner's target as a 0/1 array, with French messages for text and other codes."""
    if values is None:
        raise NotAttempted.of("feedback.answer.missing", name=name)
    if isinstance(values, pd.DataFrame):
        if values.shape[1] != 1:
            raise Incorrect.of("m02.target.dataframe", name=name)
        values = values.iloc[:, 0]
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise Incorrect.of("m02.target.dataframe", name=name)
    if arr.dtype == bool:
        return arr.astype(int)
    dtype = getattr(values, "dtype", None)
    if isinstance(dtype, pd.CategoricalDtype):
        # pima["type"].map({"Yes": 1, "No": 0}) keeps a categorical dtype whose categories
        # are the numbers 1 and 0: that is a numeric 0/1 target, not text.
        if not pd.api.types.is_numeric_dtype(dtype.categories.dtype):
            raise Incorrect.of("m02.target.text", name=name)
        arr = np.asarray(pd.Series(values).astype(dtype.categories.dtype))
    if arr.dtype.kind in "OUS":
        if all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in arr):
            arr = arr.astype(int)
        else:
            raise Incorrect.of("m02.target.text", name=name)
    uniques = set(pd.unique(arr).tolist())
    if not uniques <= {0, 1}:
        raise Incorrect.of("m02.target.not_01", name=name)
    return arr.astype(int)


def _same(a: Any, b: Any, tol: float = 1e-6) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, atol=tol, rtol=0))


def _concat(first: Any, second: Any) -> Any:
    if isinstance(first, (pd.DataFrame, pd.Series)):
        return pd.concat([first, second])
    return np.concatenate([np.asarray(first), np.asarray(second)])


def check_fitted_on_training_set(
    model: Any, name: str, X_train: Any, y_train: Any, X_test: Any, y_test: Any
) -> None:
    """The model predicts like a copy of itself fitted on (X_train, y_train), and only on it.

    Naming the usual mistakes: fitted on the test set, or on all the data (test included).
    """
    from sklearn.base import clone

    got = positive_scores(model, X_test)

    def refit(X: Any, y: Any) -> np.ndarray:
        return positive_scores(clone(model).fit(X, y), X_test)

    if _same(got, refit(X_train, y_train)):
        return
    if _same(got, refit(X_test, y_test)):
        raise Incorrect.of("m02.model.fitted_on_test", name=name)
    all_X, all_y = _concat(X_train, X_test), _concat(y_train, y_test)
    candidates = [(all_X, all_y)]
    if isinstance(all_X, pd.DataFrame) and isinstance(all_y, pd.Series):
        candidates.append((all_X.sort_index(), all_y.sort_index()))
    for X, y in candidates:
        if _same(got, refit(X, y)):
            raise Incorrect.of("m02.model.fitted_on_all", name=name)
    raise Incorrect.of("m02.model.not_fitted_on_train", name=name)


def _check_predictors(X: Any, name: str, wanted: Sequence[str]) -> None:
    check_type(X, pd.DataFrame, name=name)
    columns = set(map(str, X.columns))
    if "type" in columns:
        raise Incorrect.of("m02.x.has_target", name=name)
    if "split" in columns:
        raise Incorrect.of("m02.x.has_split", name=name)
    if "glu" in columns and "glu" not in wanted:
        raise Incorrect.of("m02.x.has_glu", name=name)
    missing = [c for c in wanted if c not in columns]
    if missing:
        raise Incorrect.of("m02.x.missing", name=name, columns=", ".join(missing))
    extra = sorted(columns - set(wanted))
    if extra:
        raise Incorrect.of("m02.x.extra", name=name, columns=", ".join(extra))


def _check_auc(
    value: Any,
    name: str,
    model: Any,
    X_test: Any,
    y_test: Any,
    X_train: Any = None,
    y_train: Any = None,
) -> None:
    from sklearn.metrics import roc_auc_score

    x = value
    check_type(x, float, name=name)
    expected = roc_auc_score(y_test, positive_scores(model, X_test))
    if math.isclose(x, expected, rel_tol=1e-6):
        return
    if math.isclose(x, 1 - expected, rel_tol=1e-6):
        raise Incorrect.of("m02.auc.column0", name=name)
    if math.isclose(x, roc_auc_score(y_test, model.predict(X_test)), rel_tol=1e-6):
        raise Incorrect.of("m02.auc.hard_labels", name=name)
    if X_train is not None and math.isclose(
        x, roc_auc_score(y_train, positive_scores(model, X_train)), rel_tol=1e-6
    ):
        raise Incorrect.of("m02.auc.train_set", name=name)
    check_in_range(x, 0, 1, name=name)
    raise Incorrect.of("m02.auc.wrong", name=name)


def _check_metrics_dict(
    func: Callable[..., Any], counts: dict[str, int], expected: dict[str, float]
) -> None:
    got = call_answer(func, **counts)
    check_type(got, dict, name="metrics_from_counts")
    missing = [k for k in METRIC_KEYS if k not in got]
    if missing:
        raise Incorrect.of("m02.q3.missing_keys", keys=", ".join(missing))
    for key in METRIC_KEYS:
        _as_number = got[key]
        check_type(_as_number, (int, float), name=f"['{key}']")
    close = {k: math.isclose(float(got[k]), expected[k], rel_tol=1e-9) for k in METRIC_KEYS}
    if all(close.values()):
        return
    if math.isclose(
        float(got["sensibilite"]), expected["specificite"], rel_tol=1e-9
    ) and math.isclose(float(got["specificite"]), expected["sensibilite"], rel_tol=1e-9):
        raise Incorrect.of("m02.q3.swapped")
    if not close["sensibilite"] and math.isclose(
        float(got["sensibilite"]), expected["vpp"], rel_tol=1e-9
    ):
        raise Incorrect.of("m02.q3.sens_is_ppv")
    if (
        not close["vpp"]
        and math.isclose(float(got["vpp"]), expected["vpn"], rel_tol=1e-9)
        and math.isclose(float(got["vpn"]), expected["vpp"], rel_tol=1e-9)
    ):
        raise Incorrect.of("m02.q3.ppv_npv_swapped")
    for key in METRIC_KEYS:
        if not close[key]:
            shown = ", ".join(f"{k}={v}" for k, v in counts.items())
            raise Incorrect.of("m02.q3.wrong_metric", key=key, counts=shown)


# --------------------------------------------------------------------------------------------
# Graded assignment (source/m02_premier_modele): visible tests call ``assert_correct``
# --------------------------------------------------------------------------------------------


class Q1Variables(Question):
    """``X`` (the six predictors known before the OGTT) and ``y`` (1 = diabète)."""

    title = msg("m02.q1.title")
    hints = catalogue_hints("m02.q1", 2)
    solution_text = None

    def _check(self, X: Any = None, y: Any = None) -> None:
        if X is None and y is None:
            raise NotAttempted.of("m02.q1.not_attempted")
        pima = load_data()
        _check_predictors(X, "X", PREDICTORS_BEFORE_OGTT)
        if len(X) != len(pima):
            raise Incorrect.of("m02.rows.wrong", name="X", got=len(X))
        target = _as_01(y, "y")
        if len(target) != len(pima):
            raise Incorrect.of("m02.rows.wrong", name="y", got=len(target))
        # The statement's rule: 1 exactly where ``type`` is "Yes".
        expected = (pima["type"] == "Yes").to_numpy().astype(int)
        if np.array_equal(target, 1 - expected):
            raise Incorrect.of("m02.q1.inverted")
        if not np.array_equal(target, expected):
            raise Incorrect.of("m02.q1.wrong_y")


def _split_parts(X_train: Any, X_test: Any, y_train: Any, y_test: Any) -> None:
    for value, label in ((X_train, "X_train"), (X_test, "X_test")):
        check_type(value, pd.DataFrame, name=label)
    for value, label in ((y_train, "y_train"), (y_test, "y_test")):
        if value is None:
            raise NotAttempted.of("feedback.answer.missing", name=label)


class Q2Split(Question):
    """A stratified split, 25 % test, rows of X and y kept together."""

    title = msg("m02.q2.title")
    hints = catalogue_hints("m02.q2", 3)
    solution_text = None

    def _check(  # noqa: C901 -- an ordered table of diagnoses; kept flat to read as the statement's rules
        self, X_train: Any = None, X_test: Any = None, y_train: Any = None, y_test: Any = None
    ) -> None:
        if all(v is None for v in (X_train, X_test, y_train, y_test)):
            raise NotAttempted.of("m02.q2.not_attempted")
        _split_parts(X_train, X_test, y_train, y_test)
        pima = load_data()
        n = len(pima)
        for part in (X_train, X_test):
            _check_predictors(
                part, "X_train" if part is X_train else "X_test", PREDICTORS_BEFORE_OGTT
            )
        if all(
            isinstance(part.index, pd.RangeIndex) and part.index.start == 0
            for part in (X_train, X_test)
        ):
            raise Incorrect.of("m02.q2.index_lost")
        if set(X_train.index) & set(X_test.index):
            raise Incorrect.of("m02.q2.overlap")
        if len(X_train) + len(X_test) != n:
            raise Incorrect.of("m02.q2.not_all_rows", got=len(X_train) + len(X_test))
        if len(X_test) != math.ceil(TEST_SIZE * n):
            raise Incorrect.of("m02.q2.test_size", got=len(X_test))
        ytr, yte = _as_01(y_train, "y_train"), _as_01(y_test, "y_test")
        if len(ytr) != len(X_train) or len(yte) != len(X_test):
            raise Incorrect.of("m02.q2.y_length")
        truth = (pima["type"] == "Yes").astype(int)  # the statement's rule, as in question 1
        if not set(X_train.index) <= set(truth.index):
            raise Incorrect.of("m02.q2.index_lost")
        for part, got in ((X_train, ytr), (X_test, yte)):
            if not np.array_equal(truth.loc[part.index].to_numpy(), got):
                raise Incorrect.of("m02.q2.misaligned")
            rows = pima.loc[part.index, list(PREDICTORS_BEFORE_OGTT)].astype(float)
            if not np.allclose(
                rows.to_numpy(), part[list(PREDICTORS_BEFORE_OGTT)].astype(float).to_numpy()
            ):
                raise Incorrect.of("m02.q2.index_lost")
        # Stratified: the test set holds the prevalence of the whole table, to one patient.
        if abs(int(yte.sum()) - len(yte) * truth.mean()) > 1:
            raise Incorrect.of("m02.q2.not_stratified")


class Q3Metrics(Question):
    title = msg("m02.q3.title")
    hints = catalogue_hints("m02.q3", 3)
    solution_text = None

    #: counts and their five metrics (sensibilite, specificite, vpp, vpn, exactitude), chosen
    #: so that each is a short fraction read off the counts
    CASES = (
        ({"tp": 30, "fp": 20, "fn": 10, "tn": 80}, (3 / 4, 4 / 5, 3 / 5, 8 / 9, 11 / 14)),
        ({"tp": 90, "fp": 45, "fn": 10, "tn": 855}, (9 / 10, 19 / 20, 2 / 3, 171 / 173, 189 / 200)),
        ({"tp": 3, "fp": 1, "fn": 7, "tn": 189}, (3 / 10, 189 / 190, 3 / 4, 27 / 28, 24 / 25)),
    )

    def _check(self, metrics_from_counts: Any = None) -> None:
        from iasante.metrics import clinical_metrics

        for counts, values in self.CASES:
            expected = dict(zip(METRIC_KEYS, values, strict=True))
            _check_metrics_dict(metrics_from_counts, dict(counts), expected)
        if runs_any(metrics_from_counts, (clinical_metrics,), **self.CASES[0][0]):
            raise Incorrect.of("m02.own_code", name="metrics_from_counts")


class Q4LogReg(Question):
    """A scaled logistic regression fitted on the training set only."""

    title = msg("m02.q4.title")
    hints = catalogue_hints("m02.q4", 3)
    solution_text = None

    def _check(
        self,
        logreg: Any = None,
        X_train: Any = None,
        y_train: Any = None,
        X_test: Any = None,
        y_test: Any = None,
    ) -> None:
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        if logreg is None:
            raise NotAttempted.of("feedback.answer.missing", name="logreg")
        check_estimator(
            logreg,
            name="logreg",
            expected_type=LogisticRegression,
            steps=[StandardScaler, LogisticRegression],
            n_features=len(PREDICTORS_BEFORE_OGTT),
        )
        check_fitted_on_training_set(logreg, "logreg", X_train, y_train, X_test, y_test)


def _bmi_position(logreg: Any, X_train: Any) -> int:
    names = getattr(logreg, "feature_names_in_", None)
    if names is None:
        names = list(X_train.columns)
    return list(map(str, names)).index("bmi")


class Q5OddsRatio(Question):
    """Odds ratio of BMI per standard deviation, and that standard deviation in kg/m²."""

    title = msg("m02.q5.title")
    hints = catalogue_hints("m02.q5", 3)
    solution_text = None

    def _check(
        self,
        odds_ratio_bmi: Any = None,
        bmi_sd: Any = None,
        logreg: Any = None,
        X_train: Any = None,
    ) -> None:
        if odds_ratio_bmi is None and bmi_sd is None:
            raise NotAttempted.of("m02.q5.not_attempted")
        if logreg is None or not hasattr(logreg, "predict_proba"):
            raise NotAttempted.of("m02.q5.needs_q4")
        check_type(odds_ratio_bmi, float, name="odds_ratio_bmi")
        at = _bmi_position(logreg, X_train)
        coefs = np.ravel(logreg[-1].coef_)
        if math.isclose(odds_ratio_bmi, coefs[at], rel_tol=1e-6):
            raise Incorrect.of("m02.q5.not_exponentiated")
        odds_ratios = np.exp(coefs)
        if not math.isclose(odds_ratio_bmi, odds_ratios[at], rel_tol=1e-6):
            if any(math.isclose(odds_ratio_bmi, o, rel_tol=1e-6) for o in odds_ratios):
                raise Incorrect.of("m02.q5.other_feature")
            if math.isclose(odds_ratio_bmi, 1 / odds_ratios[at], rel_tol=1e-6):
                raise Incorrect.of("m02.q5.inverse")
            raise Incorrect.of("m02.q5.wrong_or")
        check_type(bmi_sd, float, name="bmi_sd")
        scale = float(logreg[0].scale_[at])
        sample_sd = float(pd.Series(X_train["bmi"], dtype=float).std())
        if any(math.isclose(bmi_sd, v, rel_tol=1e-6) for v in (scale**2, sample_sd**2)):
            raise Incorrect.of("m02.q5.variance")
        if not (
            math.isclose(bmi_sd, scale, rel_tol=1e-6)
            or math.isclose(bmi_sd, sample_sd, rel_tol=1e-6)
        ):
            raise Incorrect.of("m02.q5.wrong_sd", got=bmi_sd)


class Q6Knn(Question):
    title = msg("m02.q6.title")
    hints = catalogue_hints("m02.q6", 2)
    solution_text = None

    def _check(
        self,
        knn: Any = None,
        X_train: Any = None,
        y_train: Any = None,
        X_test: Any = None,
        y_test: Any = None,
    ) -> None:
        from sklearn.neighbors import KNeighborsClassifier

        if knn is None:
            raise NotAttempted.of("feedback.answer.missing", name="knn")
        check_estimator(
            knn,
            name="knn",
            expected_type=KNeighborsClassifier,
            require_scaler=True,
            params={"n_neighbors": N_NEIGHBORS},
            n_features=len(PREDICTORS_BEFORE_OGTT),
        )
        check_fitted_on_training_set(knn, "knn", X_train, y_train, X_test, y_test)


class Q7Auc(Question):
    title = msg("m02.q7.title")
    hints = catalogue_hints("m02.q7", 3)
    solution_text = None

    def _check(
        self,
        auc_logreg: Any = None,
        auc_knn: Any = None,
        logreg: Any = None,
        knn: Any = None,
        X_train: Any = None,
        y_train: Any = None,
        X_test: Any = None,
        y_test: Any = None,
    ) -> None:
        if auc_logreg is None and auc_knn is None:
            raise NotAttempted.of("m02.q7.not_attempted")
        for value, name, model in ((auc_logreg, "auc_logreg", logreg), (auc_knn, "auc_knn", knn)):
            if model is None or not hasattr(model, "predict_proba"):
                raise NotAttempted.of("m02.q7.needs_models")
            _check_auc(value, name, model, X_test, y_test, X_train, y_train)


class Q8Counts(Question):
    title = msg("m02.q8.title")
    hints = catalogue_hints("m02.q8", 3)
    solution_text = None

    def _check(
        self,
        tn: Any = None,
        fp: Any = None,
        fn: Any = None,
        tp: Any = None,
        logreg: Any = None,
        X_test: Any = None,
        y_test: Any = None,
    ) -> None:
        counts = {"tn": tn, "fp": fp, "fn": fn, "tp": tp}
        if all(v is None for v in counts.values()):
            raise NotAttempted.of("m02.q8.not_attempted")
        if logreg is None or not hasattr(logreg, "predict_proba"):
            raise NotAttempted.of("m02.q8.needs_q4")
        for name, value in counts.items():
            check_type(value, int, name=name)
        y = _as_01(y_test, "y_test")
        if sum(counts.values()) != len(y):
            raise Incorrect.of("m02.q8.total", total=sum(counts.values()))
        expected = confusion_at_threshold(y, positive_scores(logreg, X_test), 0.5)
        got = {k: int(v) for k, v in counts.items()}
        if got == expected:
            return
        if got == {**expected, "fp": expected["fn"], "fn": expected["fp"]}:
            raise Incorrect.of("m02.q8.fp_fn_swapped")
        if got == {
            "tn": expected["tp"],
            "fp": expected["fn"],
            "fn": expected["fp"],
            "tp": expected["tn"],
        }:
            raise Incorrect.of("m02.q8.classes_swapped")
        raise Incorrect.of("m02.q8.wrong")


class Q9ThresholdFunction(Question):
    title = msg("m02.q9.title")
    hints = catalogue_hints("m02.q9", 3)
    solution_text = None

    @staticmethod
    def cases() -> list[tuple[np.ndarray, np.ndarray, float, float]]:
        """``(y_true, scores, target, threshold)``: ten diseased with a target of 80 %, twenty
        diseased with 50 %, 90 % and 100 %, and tied scores. ``threshold`` is the right
        answer, found by hand on the sorted scores of the diseased (checked against the
        test-side key in ``tests/test_m02_answers.py``)."""
        rng = np.random.default_rng(2)
        y = np.repeat([1, 0], [20, 40])
        scores = np.clip(0.3 * y + rng.uniform(0, 0.7, 60), 0, 1).round(3)
        tied_y = np.repeat([1, 0], [17, 33])
        tied_scores = (np.random.default_rng(17).uniform(0, 0.8, 50) + 0.2 * tied_y).round(1)
        return [
            (
                np.array([0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1]),
                np.array(
                    [0.1, 0.2, 0.3, 0.35, 0.4, 0.6, 0.65, 0.7, 0.8, 0.9, 0.91, 0.92, 0.93, 0.95]
                    + [0.97]
                ),
                0.8,
                0.6,  # the 8th highest of the ten diseased
            ),
            (y, scores, 0.9, 0.405),  # the 18th of twenty
            (y, scores, 0.5, 0.603),  # the 10th
            (y, scores, 1.0, 0.339),  # the lowest
            # Scores with ties (one decimal, as a coarse score gives) and a target that is
            # not a whole number of patients (0.8 × 17 = 13.6, so 14): `np.quantile`
            # interpolates between two scores and a lookup in `roc_curve` (which drops
            # points) both miss it.
            (tied_y, tied_scores, 0.8, 0.3),
        ]

    def _check(self, threshold_for_sensitivity: Any = None) -> None:
        from iasante.evaluation import threshold_for_sensitivity as library_threshold

        for y, scores, target, expected in self.cases():
            got = call_answer(threshold_for_sensitivity, y.copy(), scores.copy(), target)
            check_type(got, float, name="threshold_for_sensitivity")
            _check_threshold(got, y, scores, target, expected, name="threshold_for_sensitivity")
        # The statement says « les vraies classes, les scores » : plain lists too.
        y, scores, target, expected = self.cases()[0]
        try:
            got = call_answer(threshold_for_sensitivity, y.tolist(), scores.tolist(), target)
        except Incorrect as exc:
            if exc.key in ("feedback.call.raised", "feedback.call.raised_no_msg"):
                raise Incorrect.of("m02.q9.list_input", **exc.fields) from None
            raise
        check_type(got, float, name="threshold_for_sensitivity")
        _check_threshold(got, y, scores, target, expected, name="threshold_for_sensitivity")
        if runs_any(threshold_for_sensitivity, (library_threshold,), y, scores, target):
            raise Incorrect.of("m02.own_code", name="threshold_for_sensitivity")


def _sensitivity(threshold: float, y: Any, scores: Any) -> float:
    return float(clinical_metrics(**confusion_at_threshold(y, scores, threshold))["sensibilite"])


def _check_threshold(
    got: float, y: Any, scores: Any, target: float, expected: float, *, name: str
) -> None:
    """Raise unless ``got`` reaches the sensitivity target with as few false alarms as the
    right threshold ``expected`` (the highest one reaching it). A lower threshold that adds
    true positives but no false positive (``roc_curve`` drops such intermediate points) is
    as good clinically."""
    if _sensitivity(got, y, scores) < target - 1e-12:
        raise Incorrect.of("m02.threshold.below_target", name=name)
    fp = confusion_at_threshold(y, scores, got)["fp"]
    if fp != confusion_at_threshold(y, scores, expected)["fp"]:
        raise Incorrect.of("m02.threshold.not_highest", name=name)


class Q10Threshold90(Question):
    """Threshold chosen on the training set for a sensitivity of 90 %; its sensitivity on test."""

    title = msg("m02.q10.title")
    hints = catalogue_hints("m02.q10", 3)
    solution_text = None

    def _check(  # noqa: C901 -- an ordered table of diagnoses; kept flat to read as the statement's rules
        self,
        threshold_90: Any = None,
        test_sensitivity_90: Any = None,
        logreg: Any = None,
        X_train: Any = None,
        y_train: Any = None,
        X_test: Any = None,
        y_test: Any = None,
    ) -> None:
        if threshold_90 is None and test_sensitivity_90 is None:
            raise NotAttempted.of("m02.q10.not_attempted")
        if logreg is None or not hasattr(logreg, "predict_proba"):
            raise NotAttempted.of("m02.q8.needs_q4")
        check_type(threshold_90, float, name="threshold_90")
        ytr, yte = _as_01(y_train, "y_train"), _as_01(y_test, "y_test")
        p_train = np.asarray(logreg.predict_proba(X_train))
        p_test = np.asarray(logreg.predict_proba(X_test))
        target = SENSITIVITY_TARGET

        def chosen_on(y: np.ndarray, scores: np.ndarray) -> bool:
            """``threshold_90`` is what the statement's rule gives on these scores: the score
            of a diseased patient that reaches the target while the next higher one does not.
            Used to name where a wrong threshold was chosen; whether it is the highest on the
            training set is graded by the hidden tests."""
            sick = scores[y == 1]
            if not np.any(np.isclose(sick, threshold_90, rtol=1e-12, atol=0)):
                return False
            if np.mean(sick >= threshold_90) < target - 1e-12:
                return False
            above = sick[sick > threshold_90]
            return above.size == 0 or np.mean(sick >= above.min()) < target - 1e-12

        if not chosen_on(ytr, p_train[:, 1]):
            if chosen_on(ytr, p_train[:, 0]):
                raise Incorrect.of("m02.q10.column0")
            if chosen_on(yte, p_test[:, 1]):
                raise Incorrect.of("m02.q10.on_test")
        if _sensitivity(threshold_90, ytr, p_train[:, 1]) < target - 1e-12:
            raise Incorrect.of("m02.threshold.below_target", name="threshold_90")
        check_type(test_sensitivity_90, float, name="test_sensitivity_90")
        expected = clinical_metrics(**confusion_at_threshold(yte, p_test[:, 1], threshold_90))
        if math.isclose(test_sensitivity_90, target, rel_tol=1e-9) and not math.isclose(
            expected["sensibilite"], target, rel_tol=1e-9
        ):
            raise Incorrect.of("m02.q10.target_copied")
        train_sens = clinical_metrics(**confusion_at_threshold(ytr, p_train[:, 1], threshold_90))
        if math.isclose(test_sensitivity_90, train_sens["sensibilite"], rel_tol=1e-9) and not (
            math.isclose(expected["sensibilite"], train_sens["sensibilite"], rel_tol=1e-9)
        ):
            raise Incorrect.of("m02.q10.train_sensitivity")
        if math.isclose(test_sensitivity_90, expected["specificite"], rel_tol=1e-9) and not (
            math.isclose(expected["sensibilite"], expected["specificite"], rel_tol=1e-9)
        ):
            raise Incorrect.of("m02.q10.specificity")
        check_number(test_sensitivity_90, expected["sensibilite"], name="test_sensitivity_90")


class Q11Ppv(Question):
    title = msg("m02.q11.title")
    hints = catalogue_hints("m02.q11", 3)
    solution_text = None

    #: (sensibilité, spécificité, prévalence) and, worked out by hand on 1 unit of
    #: population, the VPP, the VPP with se and sp swapped, and the VPN
    CASES = (
        ((0.8, 0.9, 0.2), 2 / 3, 9 / 17, 18 / 19),
        ((0.9, 0.6, 0.25), 3 / 7, 2 / 3, 18 / 19),
        ((0.7, 0.99, 0.01), 70 / 169, 1 / 31, 3267 / 3277),
        ((0.95, 0.5, 0.05), 1 / 11, 10 / 29, 190 / 191),
    )

    def _check(self, ppv_at_prevalence: Any = None) -> None:
        from iasante.metrics import ppv_npv_from_prevalence

        for (se, sp, p), ppv, swapped, npv in self.CASES:
            got = call_answer(ppv_at_prevalence, se, sp, p)
            check_type(got, float, name="ppv_at_prevalence")
            if math.isclose(got, ppv, rel_tol=1e-6):
                continue
            if math.isclose(got, swapped, rel_tol=1e-6):
                raise Incorrect.of("m02.q11.swapped")
            if math.isclose(got, npv, rel_tol=1e-6):
                raise Incorrect.of("m02.q11.npv")
            if math.isclose(got, se * p, rel_tol=1e-6):
                raise Incorrect.of("m02.q11.no_false_positives")
            check_in_range(got, 0, 1, name="ppv_at_prevalence")
            raise Incorrect.of("m02.q11.wrong", sens=se, spec=sp, prevalence=p)
        if runs_any(ppv_at_prevalence, (ppv_npv_from_prevalence,), *self.CASES[0][0]):
            raise Incorrect.of("m02.own_code", name="ppv_at_prevalence")


q1_variables = Q1Variables()
q2_split = Q2Split()
q3_metrics = Q3Metrics()
q4_logreg = Q4LogReg()
q5_odds_ratio = Q5OddsRatio()
q6_knn = Q6Knn()
q7_auc = Q7Auc()
q8_counts = Q8Counts()
q9_threshold_function = Q9ThresholdFunction()
q10_threshold_90 = Q10Threshold90()
q11_ppv = Q11Ppv()


# --------------------------------------------------------------------------------------------
# Lesson (notebooks/m02_premier_modele.ipynb): instant checks with hints and solutions
# --------------------------------------------------------------------------------------------


class L1Prevalence(Question):
    title = msg("m02.l1.title")
    hints = catalogue_hints("m02.l1", 2)
    solution_text = msg("m02.l1.solution")

    def _check(self, prevalence: Any = None, pima: Any = None) -> None:
        if isinstance(prevalence, (pd.Series, pd.DataFrame)):
            raise Incorrect.of("m02.l1.not_a_number")
        check_type(prevalence, float, name="prevalence")
        data = load_data() if pima is None else pima
        expected = float((data["type"] == "Yes").mean())
        if math.isclose(prevalence, 1 - expected, rel_tol=1e-9):
            raise Incorrect.of("m02.l1.complement")
        if math.isclose(prevalence, expected * 100, rel_tol=1e-9):
            raise Incorrect.of("m02.l1.percent")
        check_in_range(prevalence, 0, 1, name="prevalence")
        check_number(prevalence, expected, name="prevalence")


class L2SensSpec(Question):
    title = msg("m02.l2.title")
    hints = catalogue_hints("m02.l2", 2)
    solution_text = msg("m02.l2.solution")

    def _check(
        self,
        sensitivity: Any = None,
        specificity: Any = None,
        counts: dict[str, int] | None = None,
        y_true: Any = None,
        y_pred: Any = None,
    ) -> None:
        if sensitivity is None and specificity is None:
            raise NotAttempted.of("m02.l2.not_attempted")
        check_type(sensitivity, float, name="sensitivity")
        check_type(specificity, float, name="specificity")
        learner_counts = counts
        if y_true is not None and y_pred is not None:
            # The reference comes from the truth, not from the learner's tp, fn… (a wrong
            # unpacking order of confusion_matrix(...).ravel() would otherwise be « Correct »).
            truth = np.asarray(y_true).astype(int)
            pred = np.asarray(y_pred).astype(int)
            counts = {
                "tp": int(((pred == 1) & (truth == 1)).sum()),
                "fp": int(((pred == 1) & (truth == 0)).sum()),
                "fn": int(((pred == 0) & (truth == 1)).sum()),
                "tn": int(((pred == 0) & (truth == 0)).sum()),
            }
            if (
                learner_counts is not None
                and {k: int(v) for k, v in learner_counts.items()} != counts
            ):
                raise Incorrect.of("m02.l2.counts_order")
        if counts is None:  # the lesson always passes the counts or the predictions
            raise NotAttempted.of("m02.l2.not_attempted")
        expected = clinical_metrics(**counts)
        se, sp = expected["sensibilite"], expected["specificite"]
        if math.isclose(sensitivity, sp, rel_tol=1e-9) and math.isclose(
            specificity, se, rel_tol=1e-9
        ):
            raise Incorrect.of("m02.q3.swapped")
        if math.isclose(sensitivity, expected["vpp"], rel_tol=1e-9) and not math.isclose(
            se, expected["vpp"], rel_tol=1e-9
        ):
            raise Incorrect.of("m02.q3.sens_is_ppv")
        check_number(sensitivity, se, name="sensitivity")
        if math.isclose(specificity, expected["vpn"], rel_tol=1e-9) and not math.isclose(
            sp, expected["vpn"], rel_tol=1e-9
        ):
            raise Incorrect.of("m02.l2.spec_is_npv")
        check_number(specificity, sp, name="specificity")


class L3Knn(Question):
    title = msg("m02.l3.title")
    hints = catalogue_hints("m02.l3", 2)
    solution_text = msg("m02.l3.solution")

    def _check(
        self,
        knn: Any = None,
        X_train: Any = None,
        y_train: Any = None,
        X_test: Any = None,
        y_test: Any = None,
    ) -> None:
        from sklearn.neighbors import KNeighborsClassifier

        check_estimator(
            knn,
            name="knn",
            expected_type=KNeighborsClassifier,
            require_scaler=True,
            params={"n_neighbors": N_NEIGHBORS},
            n_features=len(PREDICTORS),
        )
        check_fitted_on_training_set(knn, "knn", X_train, y_train, X_test, y_test)


class L4Auc(Question):
    title = msg("m02.l4.title")
    hints = catalogue_hints("m02.l4", 2)
    solution_text = msg("m02.l4.solution")

    def _check(
        self,
        auc_tree: Any = None,
        tree: Any = None,
        X_test: Any = None,
        y_test: Any = None,
        X_train: Any = None,
        y_train: Any = None,
    ) -> None:
        _check_auc(auc_tree, "auc_tree", tree, X_test, y_test, X_train, y_train)


class L5Ppv(Question):
    title = msg("m02.l5.title")
    hints = catalogue_hints("m02.l5", 2)
    solution_text = msg("m02.l5.solution")

    def _check(
        self,
        ppv_screening: Any = None,
        sens: float = 0.0,
        spec: float = 0.0,
        prevalence: float = 0.0,
    ) -> None:
        check_type(ppv_screening, float, name="ppv_screening")
        swapped, _ = ppv_npv_from_prevalence(spec, sens, prevalence)
        if math.isclose(ppv_screening, swapped, rel_tol=1e-6):
            raise Incorrect.of("m02.q11.swapped")
        check_in_range(ppv_screening, 0, 1, name="ppv_screening")
        expected, _ = ppv_npv_from_prevalence(sens, spec, prevalence)
        check_number(ppv_screening, expected, name="ppv_screening", rel_tol=1e-4)


l1_prevalence = L1Prevalence()
l2_sens_spec = L2SensSpec()
l3_knn = L3Knn()
l4_auc = L4Auc()
l5_ppv = L5Ppv()
