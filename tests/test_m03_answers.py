"""Module 03: known right answers pass, known wrong answers fail with the intended diagnosis.

Each question lists genuinely different correct solutions a learner writes (``GroupKFold``,
``StratifiedGroupKFold`` or ``GroupShuffleSplit``; a hand-written bootstrap or
``scipy.stats.bootstrap``; a manual Brier score or ``brier_score_loss``; ``Pipeline`` or
``make_pipeline``) and the typical mistakes with the catalogue key they must get: split by
stay instead of patient, scaler fitted before the split, threshold picked on the test set
or in-sample, bootstrap resampling stays instead of patients, percentile taken on the wrong
scale or tails swapped, calibration with the classes swapped.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from answercheck import assert_correct, assert_incorrect, assert_not_attempted
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import (
    GroupKFold,
    GroupShuffleSplit,
    StratifiedGroupKFold,
    StratifiedKFold,
    cross_val_predict,
    cross_val_score,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from iasante import evaluation as ev
from iasante.exercises import m03

#: the answer of question 1 (kept out of the package: a graded answer key)
LEAKS = {"nb_sejours_patient", "jours_avant_sejour_suivant"}


def stub(*_args, **_kwargs):
    raise NotImplementedError()


# ------------------------------------------------------------------------- reference answers


def make_model():
    return make_pipeline(
        SimpleImputer(strategy="median"), StandardScaler(), LogisticRegression(max_iter=1000)
    )


def grouped_cv_auc(model, X, y, groups):
    scores = cross_val_score(model, X, y, groups=groups, cv=GroupKFold(5), scoring="roc_auc")
    return float(scores.mean())


def bootstrap_auc_ci(y, p, groups, n_boot=200, seed=0):
    y, p, groups = np.asarray(y), np.asarray(p), np.asarray(groups)
    rng = np.random.default_rng(seed)
    patients, codes = np.unique(groups, return_inverse=True)
    rows_of = [np.flatnonzero(codes == k) for k in range(len(patients))]
    aucs = []
    for _ in range(n_boot):
        drawn = rng.integers(0, len(patients), size=len(patients))
        rows = np.concatenate([rows_of[k] for k in drawn])
        if y[rows].min() == y[rows].max():
            continue
        aucs.append(roc_auc_score(y[rows], p[rows]))
    low, high = np.quantile(aucs, [0.025, 0.975])
    return float(low), float(high)


def brier(y, p):
    return float(np.mean((np.asarray(p, dtype=float) - np.asarray(y)) ** 2))


def calibration_slope(y, p):
    p = np.asarray(p, dtype=float)
    lp = np.log(p / (1 - p)).reshape(-1, 1)
    return float(LogisticRegression(C=np.inf).fit(lp, y).coef_[0, 0])


@pytest.fixture(scope="module")
def d():
    """The data and the reference answers of the assignment, as a notebook holds them."""
    sejours = m03.readmission_table()
    dev = sejours[sejours["site"] == "A"].reset_index(drop=True)
    ext = sejours[sejours["site"] == "B"].reset_index(drop=True)
    X_dev, y_dev, g_dev = m03.features(dev), m03.target(dev), dev["patient_id"].to_numpy()
    X_ext, y_ext, g_ext = m03.features(ext), m03.target(ext), ext["patient_id"].to_numpy()
    oof = cross_val_predict(
        make_model(), X_dev, y_dev, groups=g_dev, cv=GroupKFold(5), method="predict_proba"
    )[:, 1]
    threshold = ev.threshold_for_sensitivity(y_dev, oof, 0.80)
    final = make_model().fit(X_dev, y_dev)
    p_ext = final.predict_proba(X_ext)[:, 1]
    external = {
        "auc": roc_auc_score(y_ext, p_ext),
        "brier": brier(y_ext, p_ext),
        "pente_calibration": calibration_slope(y_ext, p_ext),
        "sensibilite": float(np.mean(p_ext[y_ext == 1] >= threshold)),
    }
    return SimpleNamespace(
        sejours=sejours,
        X_dev=X_dev,
        y_dev=y_dev,
        g_dev=g_dev,
        X_ext=X_ext,
        y_ext=y_ext,
        g_ext=g_ext,
        oof=oof,
        threshold=threshold,
        final=final,
        p_ext=p_ext,
        external=external,
    )


# ------------------------------------------------------------------------------ the data


def test_readmission_table_has_no_death_and_the_two_leaky_columns():
    table = m03.readmission_table()
    assert (table["mode_sortie"] != "décès").all()
    assert LEAKS <= set(table.columns)
    assert set(m03.CANDIDATES) <= set(table.columns)
    # the delay to the next stay encodes the outcome (except readmissions after 2024)
    delay = table["jours_avant_sejour_suivant"]
    agree = ((delay <= 30).fillna(False).to_numpy() == m03.target(table).astype(bool)).mean()
    assert agree > 0.99


def test_features_hold_no_leak_and_are_numeric():
    X = m03.features(m03.readmission_table())
    assert not set(X.columns) & LEAKS
    assert "readmission_30j" not in X.columns
    assert all(pd.api.types.is_float_dtype(t) for t in X.dtypes)


def test_readmission_table_is_a_copy_and_the_variant_differs():
    first = m03.readmission_table()
    first.loc[0, "age_entree"] = -1
    assert m03.readmission_table().loc[0, "age_entree"] != -1
    variant = m03.readmission_table(seed=m03.HIDDEN_TESTS_SEED)
    assert len(variant) != len(first)


# ----------------------------------------------------------------------------- Q1 leaks


@pytest.mark.parametrize(
    "answer",
    [
        ["nb_sejours_patient", "jours_avant_sejour_suivant"],
        ("jours_avant_sejour_suivant", "nb_sejours_patient"),
        {"nb_sejours_patient", "jours_avant_sejour_suivant"},
    ],
)
def test_q1_right_answers(answer):
    assert_correct(m03.q1_leaks, answer)
    assert_correct(m03.q1_leaks, answer, LEAKS)


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        ("nb_sejours_patient", "m03.q1.not_a_list"),
        ([], "m03.q1.empty"),
        (["readmission_30j"], "m03.q1.has_target"),
        (["nb_sejour_patient"], "m03.q1.unknown"),
    ],
)
def test_q1_visible_mistakes(answer, key):
    assert_incorrect(m03.q1_leaks, answer, key=key)


def test_q1_hidden_mistakes():
    one = ["jours_avant_sejour_suivant"]
    assert_correct(m03.q1_leaks, one)  # the visible check cannot know
    assert_incorrect(m03.q1_leaks, one, LEAKS, key="m03.q1.missed")
    too_many = [*LEAKS, "duree_sejour"]
    assert_incorrect(m03.q1_leaks, too_many, LEAKS, key="m03.q1.known_at_discharge")


def test_q1_not_attempted():
    assert_not_attempted(m03.q1_leaks, None)


# -------------------------------------------------------------------------- Q2 pipeline


def named_pipeline():
    return Pipeline(
        [
            ("manquantes", SimpleImputer(strategy="mean")),
            ("echelle", MinMaxScaler()),
            ("modele", LogisticRegression(C=0.5, max_iter=500)),
        ]
    )


@pytest.mark.parametrize("answer", [make_model, named_pipeline])
def test_q2_right_answers(answer):
    assert_correct(m03.q2_model, answer)


SHARED = make_model()


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        (lambda: LogisticRegression(max_iter=1000), "m03.q2.not_pipeline"),
        (lambda: make_model().fit(*m03._small_frame()), "m03.q2.fitted"),
        (
            lambda: make_pipeline(SimpleImputer(), LogisticRegression(max_iter=1000)),
            "m03.q2.no_scaler",
        ),
        (
            lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
            "m03.q2.no_imputer",
        ),
        (
            lambda: make_pipeline(SimpleImputer(), StandardScaler(), RandomForestClassifier()),
            "m03.q2.not_logistic",
        ),
        (lambda: SHARED, "m03.q2.same_object"),
        (lambda: 42, "m03.q2.not_a_model"),
    ],
)
def test_q2_mistakes(answer, key):
    assert_incorrect(m03.q2_model, answer, key=key)


def test_q2_not_attempted():
    assert_not_attempted(m03.q2_model, stub)


# ----------------------------------------------------------------------- Q3 grouped CV


def cv_stratified_group(model, X, y, groups):
    cv = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=1)
    return cross_val_score(model, X, y, groups=groups, cv=cv, scoring="roc_auc").mean()


def cv_shuffle_split(model, X, y, groups):
    cv = GroupShuffleSplit(n_splits=5, test_size=0.2, random_state=0)
    return float(np.mean(cross_val_score(model, X, y, groups=groups, cv=cv, scoring="roc_auc")))


def cv_by_hand(model, X, y, groups):
    from sklearn.base import clone

    aucs = []
    for train, test in GroupKFold(n_splits=5).split(X, y, groups):
        fitted = clone(model).fit(X.iloc[train], np.asarray(y)[train])
        aucs.append(roc_auc_score(np.asarray(y)[test], fitted.predict_proba(X.iloc[test])[:, 1]))
    return float(np.mean(aucs))


@pytest.mark.parametrize(
    "answer", [grouped_cv_auc, cv_stratified_group, cv_shuffle_split, cv_by_hand]
)
def test_q3_right_answers(answer):
    assert_correct(m03.q3_grouped_cv, answer)


@pytest.fixture(scope="module")
def variant():
    table = m03.readmission_table(seed=m03.HIDDEN_TESTS_SEED)
    model = make_model()
    data = {
        "model": model,
        "X": m03.features(table),
        "y": m03.target(table),
        "groups": table["patient_id"].to_numpy(),
    }
    reference = cross_val_score(
        model,
        data["X"],
        data["y"],
        groups=data["groups"],
        scoring="roc_auc",
        cv=StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=0),
    ).mean()
    return reference, data


@pytest.mark.parametrize("answer", [grouped_cv_auc, cv_shuffle_split, cv_by_hand])
def test_q3_right_answers_on_the_cohort_variant(answer, variant):
    assert_correct(m03.q3_grouped_cv, answer, *variant)


def cv_by_stay(model, X, y, groups):
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return float(cross_val_score(model, X, y, cv=cv, scoring="roc_auc").mean())


def cv_scores(model, X, y, groups):
    return cross_val_score(model, X, y, groups=groups, cv=GroupKFold(5), scoring="roc_auc")


def cv_package(model, X, y, groups):
    return float(ev.cv_auc(model, X, y, groups=groups).mean())


def cv_accuracy(model, X, y, groups):
    return float(cross_val_score(model, X, y, groups=groups, cv=GroupKFold(5)).mean())


def cv_dropping_rows(model, X, y, groups):
    X.drop(X.index[:3], inplace=True)
    return 0.5


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        (cv_by_stay, "m03.q3.split_by_stay"),
        (cv_scores, "m03.not_a_mean"),
        (cv_package, "m03.own_code"),
        (cv_dropping_rows, "m03.modified_input"),
    ],
)
def test_q3_mistakes(answer, key):
    assert_incorrect(m03.q3_grouped_cv, answer, key=key)


def test_q3_accuracy_instead_of_auc_is_caught_by_the_hidden_test(variant):
    assert_correct(m03.q3_grouped_cv, cv_accuracy)  # chance level on the visible toy data
    assert_incorrect(m03.q3_grouped_cv, cv_accuracy, *variant, key="m03.q3.far_from_cohort")


def test_q3_not_attempted():
    assert_not_attempted(m03.q3_grouped_cv, stub)


# -------------------------------------------------------------------- Q4 bootstrap CI


def ci_scipy(y, p, groups, n_boot=200, seed=0):
    from scipy.stats import bootstrap

    y, p = np.asarray(y), np.asarray(p)
    frame = pd.DataFrame({"g": np.asarray(groups)})
    members = list(frame.groupby("g").indices.values())

    def auc_of(patient_idx):
        rows = np.concatenate([members[int(i)] for i in patient_idx])
        return roc_auc_score(y[rows], p[rows])

    result = bootstrap(
        (np.arange(len(members)),),
        auc_of,
        n_resamples=n_boot,
        method="percentile",
        vectorized=False,
        rng=np.random.default_rng(seed),
    )
    return float(result.confidence_interval.low), float(result.confidence_interval.high)


def ci_pandas(y, p, groups, n_boot=200, seed=0):
    frame = pd.DataFrame({"y": np.asarray(y), "p": np.asarray(p), "g": np.asarray(groups)})
    patients = frame["g"].unique()
    rng = np.random.default_rng(seed)
    by_patient = {g: part for g, part in frame.groupby("g")}
    values = []
    for _ in range(n_boot):
        sample = pd.concat([by_patient[g] for g in rng.choice(patients, len(patients))])
        if sample["y"].nunique() == 2:
            values.append(roc_auc_score(sample["y"], sample["p"]))
    return tuple(float(v) for v in np.percentile(values, [2.5, 97.5]))


@pytest.mark.parametrize("answer", [bootstrap_auc_ci, ci_scipy, ci_pandas])
def test_q4_right_answers(answer):
    assert_correct(m03.q4_bootstrap_ci, answer)


@pytest.mark.slow  # fast tier (make test-fast) under a minute: seconds each
def test_q4_coverage_of_the_reference_answer():
    assert m03.Q4BootstrapCi.coverage(bootstrap_auc_ci) >= 0.85
    assert_correct(m03.q4_bootstrap_ci, bootstrap_auc_ci, True)


def ci_by_stay(y, p, groups, n_boot=200, seed=0):
    y, p = np.asarray(y), np.asarray(p)
    rng = np.random.default_rng(seed)
    aucs = []
    for _ in range(n_boot):
        rows = rng.integers(0, len(y), len(y))
        if y[rows].min() != y[rows].max():
            aucs.append(roc_auc_score(y[rows], p[rows]))
    return tuple(float(v) for v in np.quantile(aucs, [0.025, 0.975]))


def _aucs(y, p, groups, n_boot, seed):
    y, p, groups = np.asarray(y), np.asarray(p), np.asarray(groups)
    rng = np.random.default_rng(seed)
    patients = np.unique(groups)
    out = []
    for _ in range(n_boot):
        rows = np.concatenate(
            [np.flatnonzero(groups == g) for g in rng.choice(patients, len(patients))]
        )
        out.append(roc_auc_score(y[rows], p[rows]))
    return np.array(out)


def ci_percent_scale(y, p, groups, n_boot=200, seed=0):
    return tuple(float(v) for v in np.percentile(_aucs(y, p, groups, n_boot, seed), [0.025, 0.975]))


def ci_swapped(y, p, groups, n_boot=200, seed=0):
    return tuple(float(v) for v in np.quantile(_aucs(y, p, groups, n_boot, seed), [0.975, 0.025]))


def ci_unseeded(y, p, groups, n_boot=200, seed=0):
    return tuple(float(v) for v in np.quantile(_aucs(y, p, groups, n_boot, None), [0.025, 0.975]))


def ci_one_value(y, p, groups, n_boot=200, seed=0):
    return float(np.median(_aucs(y, p, groups, n_boot, seed)))


def ci_package(y, p, groups, n_boot=200, seed=0):
    return ev.bootstrap_ci(y, p, groups=groups, n_boot=n_boot, seed=seed)


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        (ci_by_stay, "m03.q4.resamples_stays"),
        (ci_percent_scale, "m03.q4.percent_scale"),
        (ci_swapped, "m03.q4.order"),
        (ci_unseeded, "m03.q4.not_seeded"),
        (ci_one_value, "m03.q4.not_pair"),
        (ci_package, "m03.own_code"),
    ],
)
def test_q4_mistakes(answer, key):
    assert_incorrect(m03.q4_bootstrap_ci, answer, key=key)


def ci_68(y, p, groups, n_boot=200, seed=0):
    return tuple(float(v) for v in np.quantile(_aucs(y, p, groups, n_boot, seed), [0.16, 0.84]))


def test_q4_a_68_percent_interval_fails_only_the_hidden_test():
    assert_correct(m03.q4_bootstrap_ci, ci_68)
    assert_incorrect(m03.q4_bootstrap_ci, ci_68, True, key="m03.q4.level")


def ci_point(y, p, groups, n_boot=200, seed=0):
    # an « interval » of almost nothing around the AUC: passes the visible properties only
    auc = roc_auc_score(y, p)
    return auc - 1e-3, auc + 1e-3


def test_q4_a_degenerate_interval_fails_the_hidden_test():
    assert_incorrect(m03.q4_bootstrap_ci, ci_point, True, key="m03.q4.level")


@pytest.mark.parametrize("answer", [bootstrap_auc_ci, ci_scipy])
def test_q4_width_ratio_of_right_answers_is_about_one(answer):
    assert 0.8 < m03.Q4BootstrapCi.width_ratio(answer) < 1.25


def test_q4_not_attempted():
    assert_not_attempted(m03.q4_bootstrap_ci, stub)


# ------------------------------------------------------------------------------- Q5 Brier


def brier_sklearn(y, p):
    return float(brier_score_loss(y, p))


def brier_loop(y, p):
    total = 0.0
    for outcome, risk in zip(y, p, strict=True):
        total += (risk - outcome) ** 2
    return total / len(y)


@pytest.mark.parametrize("answer", [brier, brier_sklearn, brier_loop])
def test_q5_right_answers(answer):
    assert_correct(m03.q5_brier, answer)


def brier_in_place(y, p):
    p -= y
    return float(np.mean(p**2))


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        (lambda y, p: float(np.sqrt(np.mean((p - y) ** 2))), "m03.q5.root"),
        (lambda y, p: float(np.sum((p - y) ** 2)), "m03.q5.sum"),
        (lambda y, p: float(np.mean((1 - p - y) ** 2)), "m03.q5.classes_swapped"),
        (lambda y, p: float(np.mean(np.abs(p - y))), "m03.q5.absolute"),
        (brier_in_place, "m03.modified_input"),
        (lambda y, p: 0.25, "m03.q5.wrong"),
        (lambda y, p: np.mean((p - y) ** 2, axis=None, keepdims=True), "m03.not_a_mean"),
    ],
)
def test_q5_mistakes(answer, key):
    assert_incorrect(m03.q5_brier, answer, key=key)


def test_q5_not_attempted():
    assert_not_attempted(m03.q5_brier, stub)


# ------------------------------------------------------------------ Q6 calibration slope


def slope_default_penalty(y, p):
    lp = np.log(np.asarray(p) / (1 - np.asarray(p)))
    return float(LogisticRegression().fit(pd.DataFrame({"lp": lp}), y).coef_[0][0])


def slope_newton(y, p):
    y, lp = np.asarray(y, float), np.log(np.asarray(p) / (1 - np.asarray(p)))
    design = np.column_stack([np.ones_like(lp), lp])
    beta = np.zeros(2)
    for _ in range(25):
        mu = 1 / (1 + np.exp(-design @ beta))
        beta += np.linalg.solve(design.T @ (design * (mu * (1 - mu))[:, None]), design.T @ (y - mu))
    return float(beta[1])


@pytest.mark.parametrize("answer", [calibration_slope, slope_default_penalty, slope_newton])
def test_q6_right_answers(answer):
    assert_correct(m03.q6_slope, answer)


def slope_on_p(y, p):
    return float(LogisticRegression(C=np.inf).fit(np.reshape(p, (-1, 1)), y).coef_[0, 0])


def slope_swapped(y, p):
    return calibration_slope(1 - np.asarray(y), p)


def slope_intercept(y, p):
    lp = np.log(np.asarray(p) / (1 - np.asarray(p))).reshape(-1, 1)
    return float(LogisticRegression(C=np.inf).fit(lp, y).intercept_[0])


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        (slope_on_p, "m03.q6.not_logit"),
        (slope_swapped, "m03.q6.classes_swapped"),
        (slope_intercept, "m03.q6.wrong"),
        (lambda y, p: [1.0], "m03.not_a_mean"),
    ],
)
def test_q6_mistakes(answer, key):
    assert_incorrect(m03.q6_slope, answer, key=key)


def test_q6_not_attempted():
    assert_not_attempted(m03.q6_slope, stub)


# --------------------------------------------------------- Q7 threshold on validation folds


def q7(d, oof, threshold):
    return (oof, threshold, make_model, d.X_dev, d.y_dev, d.X_ext, d.y_ext)


def test_q7_reference(d):
    assert_correct(m03.q7_oof_threshold, *q7(d, d.oof, d.threshold))


def test_q7_other_grouped_folds_and_a_hand_written_threshold(d):
    oof = cross_val_predict(
        make_model(),
        d.X_dev,
        d.y_dev,
        groups=d.g_dev,
        method="predict_proba",
        cv=StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=3),
    )[:, 1]
    sick = np.sort(oof[d.y_dev == 1])[::-1]
    threshold = float(sick[int(np.ceil(0.8 * len(sick))) - 1])
    assert_correct(m03.q7_oof_threshold, *q7(d, list(oof), threshold))


def test_q7_mistakes(d):
    in_sample = d.final.predict_proba(d.X_dev)[:, 1]
    t_in = ev.threshold_for_sensitivity(d.y_dev, in_sample, 0.8)
    assert_incorrect(m03.q7_oof_threshold, *q7(d, in_sample, t_in), key="m03.q7.in_sample")
    assert_incorrect(m03.q7_oof_threshold, *q7(d, d.oof, t_in), key="m03.q7.threshold_in_sample")
    t_ext = ev.threshold_for_sensitivity(d.y_ext, d.p_ext, 0.8)
    assert_incorrect(m03.q7_oof_threshold, *q7(d, d.oof, t_ext), key="m03.q7.on_test")
    assert_incorrect(m03.q7_oof_threshold, *q7(d, 1 - d.oof, d.threshold), key="m03.q7.column0")
    two = np.column_stack([1 - d.oof, d.oof])
    assert_incorrect(m03.q7_oof_threshold, *q7(d, two, d.threshold), key="m03.q7.two_columns")
    assert_incorrect(m03.q7_oof_threshold, *q7(d, d.oof[:-5], d.threshold), key="m03.q7.length")
    too_high = float(np.quantile(d.oof, 0.9))
    assert_incorrect(m03.q7_oof_threshold, *q7(d, d.oof, too_high), key="m03.q7.below_target")
    assert_incorrect(m03.q7_oof_threshold, *q7(d, d.oof, 0.0), key="m03.q7.not_highest")


def test_q7_not_attempted(d):
    assert_not_attempted(m03.q7_oof_threshold, *q7(d, None, None))


# ------------------------------------------------------------- Q8 external validation


def q8(d, model, external, threshold=None):
    t = d.threshold if threshold is None else threshold
    return (model, external, t, d.X_dev, d.y_dev, d.X_ext, d.y_ext)


def test_q8_reference_and_library_functions(d):
    assert_correct(m03.q8_external, *q8(d, d.final, d.external))
    other = dict(d.external, brier=brier_score_loss(d.y_ext, d.p_ext))
    assert_correct(m03.q8_external, *q8(d, d.final, other))


def test_q8_mistakes(d):
    on_ext = make_model().fit(d.X_ext, d.y_ext)
    assert_incorrect(m03.q8_external, *q8(d, on_ext, d.external), key="m03.q8.fitted_on_external")
    half = make_model().fit(d.X_dev.iloc[::2], d.y_dev[::2])
    assert_incorrect(m03.q8_external, *q8(d, half, d.external), key="m03.q8.not_fitted_on_dev")
    assert_incorrect(m03.q8_external, *q8(d, make_model(), d.external), key="m03.q8.not_fitted")
    auc_dev = roc_auc_score(d.y_dev, d.final.predict_proba(d.X_dev)[:, 1])
    assert_incorrect(
        m03.q8_external, *q8(d, d.final, dict(d.external, auc=auc_dev)), key="m03.q8.on_dev"
    )
    assert_incorrect(
        m03.q8_external,
        *q8(d, d.final, dict(d.external, auc=1 - d.external["auc"])),
        key="m03.q8.column0",
    )
    at_half = float(np.mean(d.p_ext[d.y_ext == 1] >= 0.5))
    assert_incorrect(
        m03.q8_external,
        *q8(d, d.final, dict(d.external, sensibilite=at_half)),
        key="m03.q8.default_threshold",
    )
    assert_incorrect(
        m03.q8_external,
        *q8(d, d.final, dict(d.external, sensibilite=0.8)),
        key="m03.q8.target_copied",
    )
    missing = {k: v for k, v in d.external.items() if k != "brier"}
    assert_incorrect(m03.q8_external, *q8(d, d.final, missing), key="m03.q8.missing_keys")
    rmse = dict(d.external, brier=float(np.sqrt(d.external["brier"])))
    assert_incorrect(m03.q8_external, *q8(d, d.final, rmse), key="m03.q8.wrong")


def test_q8_not_attempted(d):
    assert_not_attempted(m03.q8_external, *q8(d, None, None))


# ----------------------------------------------------------------- Q9 CI of external AUC


def q9(d, ci):
    return (ci, d.external, bootstrap_auc_ci, d.final, d.X_ext, d.y_ext, d.g_ext)


@pytest.mark.slow  # fast tier (make test-fast) under a minute: seconds each
def test_q9_reference(d):
    ci = bootstrap_auc_ci(d.y_ext, d.p_ext, d.g_ext, n_boot=200, seed=0)
    assert_correct(m03.q9_external_ci, *q9(d, ci))
    other_seed = bootstrap_auc_ci(d.y_ext, d.p_ext, d.g_ext, n_boot=300, seed=7)
    assert_correct(m03.q9_external_ci, *q9(d, other_seed))


@pytest.mark.slow  # fast tier (make test-fast) under a minute: seconds each
def test_q9_mistakes(d):
    by_stay = bootstrap_auc_ci(d.y_ext, d.p_ext, np.arange(len(d.y_ext)), n_boot=200, seed=0)
    assert_incorrect(m03.q9_external_ci, *q9(d, by_stay), key="m03.q9.by_stay")
    on_dev = bootstrap_auc_ci(d.y_dev, d.final.predict_proba(d.X_dev)[:, 1], d.g_dev)
    assert_incorrect(m03.q9_external_ci, *q9(d, on_dev), key="m03.q4.not_around_auc")
    assert_incorrect(m03.q9_external_ci, *q9(d, 0.58), key="m03.q4.not_pair")


def test_q9_not_attempted(d):
    assert_not_attempted(m03.q9_external_ci, *q9(d, None))


# ---------------------------------------------------------------------------- lessons


def test_lesson_checks():
    toy = m03.cloned_patients()
    forest = RandomForestClassifier(n_estimators=10, random_state=0)
    random = cross_val_score(
        forest,
        toy["X"],
        toy["y"],
        scoring="roc_auc",
        cv=StratifiedKFold(5, shuffle=True, random_state=0),
    )
    grouped = cross_val_score(
        forest,
        toy["X"],
        toy["y"],
        groups=toy["groups"],
        scoring="roc_auc",
        cv=StratifiedGroupKFold(5, shuffle=True, random_state=0),
    )
    assert_correct(m03.l1_group_kfold, grouped, random)
    assert_incorrect(m03.l1_group_kfold, random, random, key="m03.l1.same_as_random")
    assert_incorrect(m03.l1_group_kfold, grouped[:3], random, key="m03.l1.five_folds")
    assert_not_attempted(m03.l1_group_kfold, None, random)

    y, p = m03.simulated_calibration(1.0, n=500)
    assert_correct(m03.l2_brier, float(np.mean((p - y) ** 2)), y, p)
    assert_correct(m03.l2_brier, brier_score_loss(y, p), y, p)
    assert_incorrect(m03.l2_brier, float(np.sqrt(np.mean((p - y) ** 2))), y, p, key="m03.q5.root")
    assert_not_attempted(m03.l2_brier, None, y, p)
    for question in (m03.l1_group_kfold, m03.l2_brier):
        assert question.solution_text and question.hints


def test_graded_questions_carry_no_solution():
    for name in dir(m03):
        question = getattr(m03, name)
        if name.startswith("q") and hasattr(question, "solution_text"):
            assert question.solution_text is None, name


def test_every_key_raised_by_the_checks_is_in_the_catalogue():
    import inspect
    import re

    from iasante.messages import catalogue

    source = inspect.getsource(m03)
    keys = set(re.findall(r"\.of\(\s*\"([a-z0-9_.]+)\"", source))
    assert {"m03.q3.split_by_stay", "m03.q4.resamples_stays"} <= keys
    assert not keys - set(catalogue()), keys - set(catalogue())


def test_module_messages_follow_french_typography():
    import re

    from iasante.messages.fr import m03 as fr_m03

    for key, text in fr_m03.MESSAGES.items():
        assert key.startswith("m03."), key
        if key.endswith(".solution"):  # code, not prose
            continue
        assert "  " not in text, key
        assert not re.search(r"[A-Za-zÀ-ÿ»][;?!]", text), key
        assert not re.search(r"[A-Za-zÀ-ÿ»)]:(?!\d)", text.replace("`", "")), key
