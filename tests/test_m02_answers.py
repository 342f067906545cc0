"""Module 02: known right answers pass, known wrong answers fail with the intended message.

Each question lists genuinely different correct solutions a learner writes (another
pipeline, ``confusion_matrix`` or counting by hand, ``roc_curve`` or sorting…) and the
typical mistakes with the message they must get: sensibilité and spécificité swapped,
the score taken from ``predict_proba`` column 0, the test set used for fitting or for
choosing a threshold.
"""

from __future__ import annotations

import math
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from answercheck import assert_correct, assert_incorrect, assert_not_attempted
from keys import m02 as keys
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import auc, confusion_matrix, recall_score, roc_auc_score, roc_curve
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from iasante.data import load_pima
from iasante.exercises import m02
from iasante.feedback import Outcome

BEFORE = list(m02.PREDICTORS_BEFORE_OGTT)


def stub(*_args, **_kwargs):
    raise NotImplementedError()


@pytest.fixture(scope="module")
def d():
    """The reference answers of the assignment, as a learner's notebook would hold them."""
    pima = load_pima("all")
    X = pima[BEFORE]
    y = (pima["type"] == "Yes").astype(int)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=0
    )
    logreg = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
    knn = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=15)).fit(
        X_train, y_train
    )
    return SimpleNamespace(
        pima=pima,
        X=X,
        y=y,
        X_train=X_train,
        X_test=X_test,
        y_train=y_train,
        y_test=y_test,
        logreg=logreg,
        knn=knn,
    )


def split_of(d):
    return d.X_train, d.y_train, d.X_test, d.y_test


# --------------------------------------------------------------------------- Q1 variables


def test_q1_right_answers(d):
    assert_correct(m02.q1_variables, d.X, d.y)
    assert_correct(
        m02.q1_variables, d.pima.drop(columns=["glu", "type", "split"]), d.pima["type"] == "Yes"
    )  # booleans
    assert_correct(
        m02.q1_variables,
        d.pima[BEFORE[::-1]],  # another column order
        np.where(d.pima["type"] == "Yes", 1, 0),
    )  # a NumPy array
    assert_correct(m02.q1_variables, d.X.astype(float), d.pima["type"].cat.codes)


def test_q1_map_on_the_categorical_column_is_a_numeric_target(d):
    """`.map({"Yes": 1, "No": 0})` keeps a categorical dtype: numbers, not « du texte »."""
    mapped = d.pima["type"].map({"Yes": 1, "No": 0})
    assert isinstance(mapped.dtype, pd.CategoricalDtype)
    assert_correct(m02.q1_variables, d.X, mapped)
    assert_correct(
        m02.q2_split,
        *train_test_split(d.X, mapped, test_size=0.25, stratify=mapped, random_state=0),
    )


def test_q1_wrong_answers(d):
    assert_not_attempted(m02.q1_variables, None, None)
    assert_incorrect(m02.q1_variables, d.pima[list(m02.PREDICTORS)], d.y, key="m02.x.has_glu")
    assert_incorrect(
        m02.q1_variables, d.pima.drop(columns=["glu", "split"]), d.y, key="m02.x.has_target"
    )
    assert_incorrect(
        m02.q1_variables, d.pima.drop(columns=["glu", "type"]), d.y, key="m02.x.has_split"
    )
    assert_incorrect(m02.q1_variables, d.X, 1 - d.y, key="m02.q1.inverted")
    assert_incorrect(m02.q1_variables, d.X, d.pima["type"], key="m02.target.text")
    assert_incorrect(m02.q1_variables, d.X, d.pima["type"].astype(str), key="m02.target.text")
    assert_incorrect(m02.q1_variables, d.X[["bmi", "age"]], d.y, key="m02.x.missing")
    assert_incorrect(m02.q1_variables, d.X.head(100), d.y, key="m02.rows.wrong")


# --------------------------------------------------------------------------- Q2 split


def test_q2_right_answers(d):
    assert_correct(m02.q2_split, d.X_train, d.X_test, d.y_train, d.y_test)
    parts = train_test_split(d.X, d.y, test_size=0.25, stratify=d.y, random_state=42)
    assert_correct(m02.q2_split, *parts)  # another seed
    X_train, X_test, y_train, y_test = train_test_split(
        d.X, d.y.to_numpy(), test_size=0.25, stratify=d.y, random_state=1, shuffle=True
    )
    assert_correct(m02.q2_split, X_train, X_test, y_train, y_test)  # y as an array


def test_q2_wrong_answers(d):
    assert_not_attempted(m02.q2_split, None, None, None, None)
    plain = train_test_split(d.X, d.y, test_size=0.25, random_state=0)
    assert_incorrect(m02.q2_split, *plain, key="m02.q2.not_stratified")
    small = train_test_split(d.X, d.y, test_size=0.2, stratify=d.y, random_state=0)
    assert_incorrect(m02.q2_split, *small, key="m02.q2.test_size")
    X_train, X_test = train_test_split(d.X, test_size=0.25, random_state=0)
    y_train, y_test = train_test_split(d.y, test_size=0.25, random_state=1)
    assert_incorrect(m02.q2_split, X_train, X_test, y_train, y_test, key="m02.q2.misaligned")
    reset = [p.reset_index(drop=True) for p in (d.X_train, d.X_test, d.y_train, d.y_test)]
    assert_incorrect(m02.q2_split, *reset, key="m02.q2.index_lost")
    assert_incorrect(m02.q2_split, d.X_train, d.X_train, d.y_train, d.y_train, key="m02.q2.overlap")


# --------------------------------------------------------------------------- Q3 metrics


def metrics_loop(tp, fp, fn, tn):
    out = {}
    for key, (num, den) in {
        "sensibilite": (tp, tp + fn),
        "specificite": (tn, tn + fp),
        "vpp": (tp, tp + fp),
        "vpn": (tn, tn + fn),
    }.items():
        out[key] = num / den
    out["exactitude"] = (tp + tn) / sum([tp, fp, fn, tn])
    return out


def metrics_numpy(tp, fp, fn, tn):
    cm = np.array([[tn, fp], [fn, tp]])
    return {
        "sensibilite": cm[1, 1] / cm[1].sum(),
        "specificite": cm[0, 0] / cm[0].sum(),
        "vpp": cm[1, 1] / cm[:, 1].sum(),
        "vpn": cm[0, 0] / cm[:, 0].sum(),
        "exactitude": np.trace(cm) / cm.sum(),
        "prevalence": cm[1].sum() / cm.sum(),
    }


def test_q3_right_answers():
    assert_correct(m02.q3_metrics, keys.metrics)
    assert_correct(m02.q3_metrics, metrics_loop)
    assert_correct(m02.q3_metrics, metrics_numpy)  # NumPy numbers, an extra key


def test_q3_wrong_answers():
    def swapped(tp, fp, fn, tn):
        out = metrics_loop(tp, fp, fn, tn)
        out["sensibilite"], out["specificite"] = out["specificite"], out["sensibilite"]
        return out

    def sens_is_ppv(tp, fp, fn, tn):
        return {**metrics_loop(tp, fp, fn, tn), "sensibilite": tp / (tp + fp)}

    def ppv_npv_swapped(tp, fp, fn, tn):
        out = metrics_loop(tp, fp, fn, tn)
        out["vpp"], out["vpn"] = out["vpn"], out["vpp"]
        return out

    def accents(tp, fp, fn, tn):
        out = metrics_loop(tp, fp, fn, tn)
        out["sensibilité"] = out.pop("sensibilite")
        return out

    def rounded(tp, fp, fn, tn):
        return {k: round(v, 2) for k, v in metrics_loop(tp, fp, fn, tn).items()}

    assert_not_attempted(m02.q3_metrics, stub)
    assert_incorrect(m02.q3_metrics, swapped, key="m02.q3.swapped")
    assert_incorrect(m02.q3_metrics, sens_is_ppv, key="m02.q3.sens_is_ppv")
    assert_incorrect(m02.q3_metrics, ppv_npv_swapped, key="m02.q3.ppv_npv_swapped")
    assert_incorrect(m02.q3_metrics, accents, key="m02.q3.missing_keys", contains="sensibilite")
    assert_incorrect(m02.q3_metrics, rounded, key="m02.q3.wrong_metric")
    assert_incorrect(m02.q3_metrics, lambda tp, fp, fn, tn: [tp / (tp + fn)])


# --------------------------------------------------------------------------- Q4 logistic regression


def test_q4_right_answers(d):
    assert_correct(m02.q4_logreg, d.logreg, *split_of(d))
    named = Pipeline(
        [("echelle", StandardScaler()), ("modele", LogisticRegression(max_iter=1000, C=0.5))]
    )
    assert_correct(m02.q4_logreg, named.fit(d.X_train, d.y_train), *split_of(d))
    liblinear = make_pipeline(StandardScaler(), LogisticRegression(solver="liblinear"))
    assert_correct(m02.q4_logreg, liblinear.fit(d.X_train, d.y_train), *split_of(d))


def test_q4_wrong_answers(d):
    fresh = make_pipeline(StandardScaler(), LogisticRegression())
    assert_not_attempted(m02.q4_logreg, None, *split_of(d))
    assert_incorrect(m02.q4_logreg, fresh, *split_of(d), key="feedback.model.not_fitted")
    on_test = make_pipeline(StandardScaler(), LogisticRegression()).fit(d.X_test, d.y_test)
    assert_incorrect(m02.q4_logreg, on_test, *split_of(d), key="m02.model.fitted_on_test")
    on_all = make_pipeline(StandardScaler(), LogisticRegression()).fit(d.X, d.y)
    assert_incorrect(m02.q4_logreg, on_all, *split_of(d), key="m02.model.fitted_on_all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bare = LogisticRegression(max_iter=2000).fit(d.X_train, d.y_train)
    assert_incorrect(m02.q4_logreg, bare, *split_of(d), key="feedback.model.not_pipeline")
    tree = make_pipeline(StandardScaler(), DecisionTreeClassifier(random_state=0))
    assert_incorrect(
        m02.q4_logreg, tree.fit(d.X_train, d.y_train), *split_of(d), key="feedback.model.wrong_type"
    )


# --------------------------------------------------------------------------- Q5 odds ratio


def test_q5_right_answers(d):
    coefs = dict(zip(d.X_train.columns, d.logreg[-1].coef_[0], strict=True))
    odds = math.exp(coefs["bmi"])
    assert_correct(m02.q5_odds_ratio, odds, float(d.X_train["bmi"].std()), d.logreg, d.X_train)
    scale = float(d.logreg[0].scale_[list(d.X_train.columns).index("bmi")])  # ddof = 0
    assert_correct(m02.q5_odds_ratio, np.exp(coefs["bmi"]), scale, d.logreg, d.X_train)


def test_q5_wrong_answers(d):
    coefs = dict(zip(d.X_train.columns, d.logreg[-1].coef_[0], strict=True))
    sd = float(d.X_train["bmi"].std())
    model = (d.logreg, d.X_train)
    assert_not_attempted(m02.q5_odds_ratio, None, None, *model)
    assert_incorrect(
        m02.q5_odds_ratio, float(coefs["bmi"]), sd, *model, key="m02.q5.not_exponentiated"
    )
    assert_incorrect(
        m02.q5_odds_ratio, math.exp(coefs["age"]), sd, *model, key="m02.q5.other_feature"
    )
    assert_incorrect(m02.q5_odds_ratio, math.exp(-coefs["bmi"]), sd, *model, key="m02.q5.inverse")
    assert_incorrect(
        m02.q5_odds_ratio, math.exp(coefs["bmi"]), sd**2, *model, key="m02.q5.variance"
    )
    assert_incorrect(
        m02.q5_odds_ratio,
        math.exp(coefs["bmi"]),
        float(d.pima["bmi"].mean()),
        *model,
        key="m02.q5.wrong_sd",
    )


# --------------------------------------------------------------------------- Q6 k-NN


def test_q6_right_answers(d):
    assert_correct(m02.q6_knn, d.knn, *split_of(d))
    minmax = Pipeline([("mm", MinMaxScaler()), ("knn", KNeighborsClassifier(n_neighbors=15))])
    assert_correct(m02.q6_knn, minmax.fit(d.X_train, d.y_train), *split_of(d))


def test_q6_wrong_answers(d):
    bare = KNeighborsClassifier(n_neighbors=15).fit(d.X_train, d.y_train)
    assert_incorrect(m02.q6_knn, bare, *split_of(d), key="feedback.model.needs_scaler")
    five = make_pipeline(StandardScaler(), KNeighborsClassifier()).fit(d.X_train, d.y_train)
    assert_incorrect(m02.q6_knn, five, *split_of(d), contains="n_neighbors")
    on_test = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=15))
    assert_incorrect(
        m02.q6_knn, on_test.fit(d.X_test, d.y_test), *split_of(d), key="m02.model.fitted_on_test"
    )
    on_all = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=15))
    assert_incorrect(m02.q6_knn, on_all.fit(d.X, d.y), *split_of(d), key="m02.model.fitted_on_all")


# --------------------------------------------------------------------------- Q7 AUC


def q7_args(d):
    return (d.logreg, d.knn, d.X_train, d.y_train, d.X_test, d.y_test)


def test_q7_right_answers(d):
    auc_lr = roc_auc_score(d.y_test, d.logreg.predict_proba(d.X_test)[:, 1])
    auc_knn = roc_auc_score(d.y_test, d.knn.predict_proba(d.X_test)[:, 1])
    assert_correct(m02.q7_auc, auc_lr, auc_knn, *q7_args(d))
    # decision_function ranks like the probability; auc() over roc_curve is the same area
    fpr, tpr, _ = roc_curve(d.y_test, d.knn.predict_proba(d.X_test)[:, 1])
    assert_correct(
        m02.q7_auc,
        roc_auc_score(d.y_test, d.logreg.decision_function(d.X_test)),
        auc(fpr, tpr),
        *q7_args(d),
    )


def test_q7_wrong_answers(d):
    good_knn = roc_auc_score(d.y_test, d.knn.predict_proba(d.X_test)[:, 1])
    column0 = roc_auc_score(d.y_test, d.logreg.predict_proba(d.X_test)[:, 0])
    hard = roc_auc_score(d.y_test, d.logreg.predict(d.X_test))
    train = roc_auc_score(d.y_train, d.logreg.predict_proba(d.X_train)[:, 1])
    assert_not_attempted(m02.q7_auc, None, None, *q7_args(d))
    assert_incorrect(m02.q7_auc, column0, good_knn, *q7_args(d), key="m02.auc.column0")
    assert_incorrect(m02.q7_auc, hard, good_knn, *q7_args(d), key="m02.auc.hard_labels")
    assert_incorrect(m02.q7_auc, train, good_knn, *q7_args(d), key="m02.auc.train_set")
    assert_incorrect(m02.q7_auc, good_knn, good_knn, *q7_args(d), key="m02.auc.wrong")


# --------------------------------------------------------------------------- Q8 counts


def test_q8_right_answers(d):
    y_pred = d.logreg.predict(d.X_test)
    tn, fp, fn, tp = confusion_matrix(d.y_test, y_pred).ravel()
    assert_correct(m02.q8_counts, tn, fp, fn, tp, d.logreg, d.X_test, d.y_test)
    # by hand, from the probability of column 1
    pos = d.logreg.predict_proba(d.X_test)[:, 1] >= 0.5
    sick = d.y_test.to_numpy() == 1
    counts = [
        int(np.sum(~pos & ~sick)),
        int(np.sum(pos & ~sick)),
        int(np.sum(~pos & sick)),
        int(np.sum(pos & sick)),
    ]
    assert_correct(m02.q8_counts, *counts, d.logreg, d.X_test, d.y_test)


def test_q8_wrong_answers(d):
    y_pred = d.logreg.predict(d.X_test)
    args = (d.logreg, d.X_test, d.y_test)
    assert_not_attempted(m02.q8_counts, None, None, None, None, *args)
    tn, fp, fn, tp = confusion_matrix(y_pred, d.y_test).ravel()  # arguments swapped
    assert_incorrect(m02.q8_counts, tn, fp, fn, tp, *args, key="m02.q8.fp_fn_swapped")
    tp, fn, fp, tn = confusion_matrix(d.y_test, y_pred).ravel()  # wrong unpacking
    assert_incorrect(m02.q8_counts, tn, fp, fn, tp, *args, key="m02.q8.classes_swapped")
    train = confusion_matrix(d.y_train, d.logreg.predict(d.X_train)).ravel()
    assert_incorrect(m02.q8_counts, *train, *args, key="m02.q8.total")
    col0 = d.logreg.predict_proba(d.X_test)[:, 0] >= 0.5  # column 0 as the score
    wrong = confusion_matrix(d.y_test, col0.astype(int)).ravel()
    assert_incorrect(m02.q8_counts, *wrong, *args)
    assert_incorrect(m02.q8_counts, 1.5, 2, 3, 4, *args, contains="tn")


# --------------------------------------------------------------------------- Q9 threshold


def threshold_sorted(y_true, scores, target):
    sick = np.sort(np.asarray(scores, dtype=float)[np.asarray(y_true) == 1])[::-1]
    return float(sick[math.ceil(target * len(sick)) - 1])


def threshold_roc(y_true, scores, target):
    _, tpr, thresholds = roc_curve(y_true, scores, drop_intermediate=False)
    return float(thresholds[np.argmax(tpr >= target)])


def threshold_roc_default(y_true, scores, target):
    """`roc_curve` drops points by default: with tied scores the lookup lands too low."""
    _, tpr, thresholds = roc_curve(y_true, scores)
    return float(thresholds[np.argmax(tpr >= target)])


def threshold_loop(y_true, scores, target):
    y_true, scores = np.asarray(y_true), np.asarray(scores)
    for t in sorted(set(scores.tolist()), reverse=True):
        if np.mean(scores[y_true == 1] >= t) >= target:
            return float(t)
    return float(min(scores))


def threshold_floor(y_true, scores, target):
    """Rounds the number of cases to detect down: right only when target × n is whole."""
    sick = np.sort(np.asarray(scores, dtype=float)[np.asarray(y_true) == 1])[::-1]
    return float(sick[max(int(target * len(sick)), 1) - 1])


def test_q9_right_answers():
    for func in (
        threshold_sorted,
        threshold_roc,
        threshold_loop,
        keys.threshold_for_sensitivity,
    ):
        assert_correct(m02.q9_threshold_function, func)


def test_q9_cases_avoid_floating_point_traps():
    """``ceil(0.9 * 40)`` is 37 in floating point: no case may depend on that artefact."""
    for y, _scores, target, _threshold in m02.Q9ThresholdFunction.cases():
        n = int(np.sum(y))
        assert math.ceil(target * n) == math.ceil(round(target * n, 9))


def test_q9_wrong_answers():
    def lowest(y_true, scores, target):
        return float(np.min(np.asarray(scores)[np.asarray(y_true) == 1]))

    def one_too_far(y_true, scores, target):
        sick = np.sort(np.asarray(scores)[np.asarray(y_true) == 1])[::-1]
        return float(sick[min(math.ceil(target * len(sick)), len(sick) - 1)])

    def quantile(y_true, scores, target):
        return float(np.quantile(np.asarray(scores)[np.asarray(y_true) == 1], target))

    assert_not_attempted(m02.q9_threshold_function, stub)
    assert_incorrect(m02.q9_threshold_function, lowest, key="m02.threshold.not_highest")
    assert_incorrect(m02.q9_threshold_function, one_too_far, key="m02.threshold.not_highest")
    assert_incorrect(m02.q9_threshold_function, quantile, key="m02.threshold.below_target")


def test_q9_weak_threshold_functions_are_caught_visibly():
    """These passed the visible check before and missed the target on other data."""

    def quantile_interpolated(y_true, scores, target):
        sick = np.asarray(scores, dtype=float)[np.asarray(y_true) == 1]
        return float(np.quantile(sick, 1 - target))

    assert_incorrect(
        m02.q9_threshold_function, quantile_interpolated, key="m02.threshold.below_target"
    )
    assert_incorrect(
        m02.q9_threshold_function, threshold_roc_default, key="m02.threshold.not_highest"
    )
    assert_incorrect(m02.q9_threshold_function, threshold_floor, key="m02.threshold.below_target")


def test_q9_function_that_crashes_on_plain_lists_is_told_why():
    def arrays_only(y_true, scores, target):
        sick = np.sort(scores[y_true == 1])[::-1]
        return float(sick[math.ceil(target * len(sick)) - 1])

    assert_incorrect(m02.q9_threshold_function, arrays_only, key="m02.q9.list_input")


def test_q9_hidden_case_still_separates_floor_from_ceil():
    """The hidden test (31 sick, another seed) keeps catching a rounded-down count."""
    rng = np.random.default_rng(31)
    y = np.repeat([1, 0], [31, 69])
    s = rng.uniform(0, 1, 100) + 0.2 * y
    assert np.mean(s[y == 1] >= threshold_floor(y, s, 0.9)) < 0.9
    assert np.mean(s[y == 1] >= threshold_sorted(y, s, 0.9)) >= 0.9


# --------------------------------------------------------------------------- Q10 threshold 90 %


def q10_answers(d, choose=threshold_sorted, column=1, on="train"):
    X_fit, y_fit = (d.X_train, d.y_train) if on == "train" else (d.X_test, d.y_test)
    t = choose(y_fit, d.logreg.predict_proba(X_fit)[:, column], 0.9)
    pred = (d.logreg.predict_proba(d.X_test)[:, 1] >= t).astype(int)
    return t, float(recall_score(d.y_test, pred))


def q10_args(d):
    return (d.logreg, d.X_train, d.y_train, d.X_test, d.y_test)


def test_q10_right_answers(d):
    assert_correct(m02.q10_threshold_90, *q10_answers(d), *q10_args(d))
    assert_correct(m02.q10_threshold_90, *q10_answers(d, threshold_roc), *q10_args(d))
    assert_correct(m02.q10_threshold_90, *q10_answers(d, threshold_roc_default), *q10_args(d))
    t, _ = q10_answers(d)
    scores = d.logreg.predict_proba(d.X_test)[:, 1]
    by_hand = float(np.mean(scores[d.y_test.to_numpy() == 1] >= t))
    assert_correct(m02.q10_threshold_90, t, by_hand, *q10_args(d))


def test_q10_wrong_answers(d):
    t, sens = q10_answers(d)
    assert sens < 0.9  # the lesson of the question: the target is not met on the test set
    assert_not_attempted(m02.q10_threshold_90, None, None, *q10_args(d))
    assert_incorrect(
        m02.q10_threshold_90, *q10_answers(d, column=0), *q10_args(d), key="m02.q10.column0"
    )
    assert_incorrect(
        m02.q10_threshold_90, *q10_answers(d, on="test"), *q10_args(d), key="m02.q10.on_test"
    )
    assert_incorrect(m02.q10_threshold_90, t, 0.9, *q10_args(d), key="m02.q10.target_copied")
    train_pred = (d.logreg.predict_proba(d.X_train)[:, 1] >= t).astype(int)
    assert_incorrect(
        m02.q10_threshold_90,
        t,
        float(recall_score(d.y_train, train_pred)),
        *q10_args(d),
        key="m02.q10.train_sensitivity",
    )
    test_pred = (d.logreg.predict_proba(d.X_test)[:, 1] >= t).astype(int)
    spec = float(recall_score(d.y_test, test_pred, pos_label=0))
    assert_incorrect(m02.q10_threshold_90, t, spec, *q10_args(d), key="m02.q10.specificity")
    assert_incorrect(
        m02.q10_threshold_90, 0.5, sens, *q10_args(d), key="m02.threshold.below_target"
    )


# --------------------------------------------------------------------------- Q11 VPP


def test_q11_right_answers():
    assert_correct(m02.q11_ppv, lambda se, sp, p: se * p / (se * p + (1 - sp) * (1 - p)))

    def with_odds(sens, spec, prevalence):  # Bayes with odds and likelihood ratio
        post_odds = prevalence / (1 - prevalence) * sens / (1 - spec)
        return post_odds / (1 + post_odds)

    def natural(sens, spec, prevalence, n=100_000.0):
        sick = n * prevalence
        return sens * sick / (sens * sick + (1 - spec) * (n - sick))

    assert_correct(m02.q11_ppv, with_odds)
    assert_correct(m02.q11_ppv, natural)


def test_q11_wrong_answers():
    assert_not_attempted(m02.q11_ppv, stub)
    assert_incorrect(
        m02.q11_ppv, lambda se, sp, p: sp * p / (sp * p + (1 - se) * (1 - p)), key="m02.q11.swapped"
    )
    assert_incorrect(
        m02.q11_ppv,
        lambda se, sp, p: sp * (1 - p) / (sp * (1 - p) + (1 - se) * p),
        key="m02.q11.npv",
    )
    assert_incorrect(m02.q11_ppv, lambda se, sp, p: se * p, key="m02.q11.no_false_positives")
    assert_incorrect(
        m02.q11_ppv, lambda se, sp, p: se * p / (se * p + (1 - sp)), key="m02.q11.wrong"
    )


# --------------------------------------------------------------------------- messages


def test_messages_never_carry_the_expected_value(d):
    """A wrong AUC or count is answered without the right one in the message."""
    right = roc_auc_score(d.y_test, d.logreg.predict_proba(d.X_test)[:, 1])
    message = m02.q7_auc.evaluate(0.5, 0.5, *q7_args(d)).message
    assert f"{right:.2f}"[2:] not in message and f"{right:.3f}"[2:] not in message
    tn, fp, fn, tp = confusion_matrix(d.y_test, d.logreg.predict(d.X_test)).ravel()
    message = m02.q8_counts.evaluate(
        1, 1, 1, len(d.y_test) - 3, d.logreg, d.X_test, d.y_test
    ).message
    assert str(tp) not in message and str(tn) not in message


def test_graded_questions_carry_no_solution():
    for name in dir(m02):
        question = getattr(m02, name)
        if isinstance(question, m02.Question) and name.startswith("q"):
            assert question.solution_text is None, name


# --------------------------------------------------------------------------- lesson checks


@pytest.fixture(scope="module")
def lesson():
    pima = load_pima("all")
    X = pima[list(m02.PREDICTORS)]
    y = (pima["type"] == "Yes").astype(int)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=0
    )
    tree = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X_train, y_train)
    return SimpleNamespace(
        pima=pima,
        X=X,
        y=y,
        X_train=X_train,
        X_test=X_test,
        y_train=y_train,
        y_test=y_test,
        tree=tree,
    )


def test_l1_prevalence(lesson):
    p = lesson.pima
    assert_correct(m02.l1_prevalence, float((p["type"] == "Yes").mean()), p)
    assert_correct(m02.l1_prevalence, 177 / 532, p)
    assert_incorrect(
        m02.l1_prevalence, float((p["type"] == "No").mean()), p, key="m02.l1.complement"
    )
    assert_incorrect(
        m02.l1_prevalence, float(100 * (p["type"] == "Yes").mean()), p, key="m02.l1.percent"
    )
    assert_incorrect(m02.l1_prevalence, p["type"] == "Yes", p, key="m02.l1.not_a_number")


def test_l2_sensitivity_specificity():
    counts = {"tp": 26, "fp": 10, "fn": 18, "tn": 79}
    assert_correct(m02.l2_sens_spec, 26 / 44, 79 / 89, counts)
    assert_incorrect(m02.l2_sens_spec, 79 / 89, 26 / 44, counts, key="m02.q3.swapped")
    assert_incorrect(m02.l2_sens_spec, 26 / 36, 79 / 89, counts, key="m02.q3.sens_is_ppv")
    assert_incorrect(m02.l2_sens_spec, 26 / 44, 79 / 97, counts, key="m02.l2.spec_is_npv")
    assert_not_attempted(m02.l2_sens_spec, None, None, counts)


def test_l2_reference_comes_from_the_predictions_not_the_learner_counts():
    """A wrong unpacking of confusion_matrix(...).ravel() was « ✓ Correct » before."""
    y_true = np.array([1] * 44 + [0] * 89)
    y_pred = np.array([1] * 26 + [0] * 18 + [1] * 10 + [0] * 79)
    right = {"tp": 26, "fp": 10, "fn": 18, "tn": 79}
    assert_correct(m02.l2_sens_spec, 26 / 44, 79 / 89, right, y_true, y_pred)
    # tp, fp, fn, tn = confusion_matrix(...).ravel(): tp is really tn, tn is really tp…
    misread = {"tp": 79, "fp": 10, "fn": 18, "tn": 26}
    assert_incorrect(
        m02.l2_sens_spec, 79 / 97, 26 / 36, misread, y_true, y_pred, key="m02.l2.counts_order"
    )


def test_odds_ratio_table_matches_an_independent_fit(lesson):
    """Unpenalised ORs and Wald CIs: the SEs equal those from a numerical Hessian."""
    from scipy.optimize import approx_fprime

    X, y = lesson.X_train, lesson.y_train
    pipe = make_pipeline(StandardScaler(), LogisticRegression(C=np.inf)).fit(X, y)
    table = m02.odds_ratio_table(pipe, X, y)
    Z = np.column_stack([np.ones(len(X)), pipe[0].transform(X)])
    beta = np.concatenate([pipe[-1].intercept_, pipe[-1].coef_[0]])
    yy = np.asarray(y, dtype=float)

    def score(b):
        return Z.T @ (yy - 1 / (1 + np.exp(-Z @ b)))

    hessian = np.array(
        [approx_fprime(beta, lambda b, i=i: score(b)[i], 1e-6) for i in range(len(beta))]
    )
    se = np.sqrt(np.diag(np.linalg.inv(-hessian)))[1:]
    assert np.allclose(
        np.log(table["IC 95 % haut"]) - np.log(table["OR pour +1 écart-type"]),
        1.959964 * se,
        rtol=1e-3,
    )
    bmi = table.set_index("variable").loc["bmi"]
    assert 2.0 < bmi["OR pour +1 écart-type"] < 2.3  # 2.14 unpenalised (2.06 with L2, C=1)
    assert bmi["IC 95 % bas"] > 1


def test_l3_knn(lesson):
    split = (lesson.X_train, lesson.y_train, lesson.X_test, lesson.y_test)
    good = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=15))
    assert_correct(m02.l3_knn, good.fit(lesson.X_train, lesson.y_train), *split)
    bare = KNeighborsClassifier(n_neighbors=15).fit(lesson.X_train, lesson.y_train)
    assert_incorrect(m02.l3_knn, bare, *split, key="feedback.model.needs_scaler")
    assert_not_attempted(m02.l3_knn, None, *split)


def test_l4_auc(lesson):
    args = (lesson.tree, lesson.X_test, lesson.y_test, lesson.X_train, lesson.y_train)
    proba = lesson.tree.predict_proba(lesson.X_test)
    assert_correct(m02.l4_auc, roc_auc_score(lesson.y_test, proba[:, 1]), *args)
    assert_incorrect(
        m02.l4_auc, roc_auc_score(lesson.y_test, proba[:, 0]), *args, key="m02.auc.column0"
    )


def test_l5_ppv():
    sens, spec = 0.95, 0.5
    right = sens * 0.05 / (sens * 0.05 + (1 - spec) * 0.95)
    assert_correct(m02.l5_ppv, right, sens, spec, 0.05)
    swapped = spec * 0.05 / (spec * 0.05 + (1 - sens) * 0.95)
    assert_incorrect(m02.l5_ppv, swapped, sens, spec, 0.05, key="m02.q11.swapped")
    assert_incorrect(m02.l5_ppv, 0.5, sens, spec, 0.05)


def test_checks_write_nothing_to_stderr(d, capfd):
    m02.q4_logreg.evaluate(d.logreg, *split_of(d))
    m02.q10_threshold_90.evaluate(*q10_answers(d), *q10_args(d))
    assert capfd.readouterr().err == ""


def test_learner_objects_are_not_modified(d):
    before = d.X_train.copy()
    m02.q4_logreg.evaluate(d.logreg, *split_of(d))
    pd.testing.assert_frame_equal(before, d.X_train)


# --------------------------------------------------------------------------- answer keys


def test_visible_literals_agree_with_the_keys():
    """The hand-made expected values of the visible checks are the keys' answers."""
    for counts, values in m02.Q3Metrics.CASES:
        expected = keys.metrics(**counts)
        for key, value in zip(keys.METRIC_KEYS, values, strict=True):
            assert math.isclose(expected[key], value, rel_tol=1e-12), (counts, key)
    for y, scores, target, threshold in m02.Q9ThresholdFunction.cases():
        assert keys.threshold_for_sensitivity(y, scores, target) == threshold, target
    for (se, sp, p), ppv, swapped, npv in m02.Q11Ppv.CASES:
        assert math.isclose(keys.ppv(se, sp, p), ppv, rel_tol=1e-12)
        assert math.isclose(keys.ppv(sp, se, p), swapped, rel_tol=1e-12)
        assert math.isclose(keys.npv(se, sp, p), npv, rel_tol=1e-12)
        assert not math.isclose(ppv, swapped) and not math.isclose(ppv, npv)


def test_the_keys_agree_with_the_course_library():
    """``iasante.metrics`` (used by the explorers and lessons) computes the same values."""
    from iasante.metrics import clinical_metrics, ppv_npv_from_prevalence

    for counts, _ in m02.Q3Metrics.CASES:
        library = clinical_metrics(**counts)
        for key, value in keys.metrics(**counts).items():
            assert math.isclose(library[key], value, rel_tol=1e-12), key
    for (se, sp, p), *_ in m02.Q11Ppv.CASES:
        assert np.allclose(
            ppv_npv_from_prevalence(se, sp, p), (keys.ppv(se, sp, p), keys.npv(se, sp, p))
        )


def test_no_graded_reference_is_importable():
    """An answer that calls a former reference function fails (AttributeError), cleanly."""
    for name in ("reference_metrics", "reference_threshold_for_sensitivity", "reference_ppv"):
        assert not hasattr(m02, name), name
    result = m02.q3_metrics.evaluate(lambda tp, fp, fn, tn: m02.reference_metrics(tp, fp, fn, tn))
    assert result.outcome is Outcome.INCORRECT
    assert result.key == "feedback.call.raised"
    assert "AttributeError" in result.message
    assert_incorrect(
        m02.q11_ppv, lambda se, sp, p: m02.reference_ppv(se, sp, p), key="feedback.call.raised"
    )
    assert_incorrect(
        m02.q9_threshold_function,
        lambda y, s, t: m02.reference_threshold_for_sensitivity(y, s, t),
        key="feedback.call.raised",
    )


def test_delegating_to_the_course_library_is_named():
    """Right values obtained by calling the course's own tools, under any name, fail."""
    from iasante import evaluation
    from iasante.metrics import clinical_metrics as renamed
    from iasante.metrics import ppv_npv_from_prevalence

    def via_library(tp, fp, fn, tn):
        return {k: v for k, v in renamed(tn=tn, fp=fp, fn=fn, tp=tp).items()}

    assert_incorrect(m02.q3_metrics, via_library, key="m02.own_code")
    assert_incorrect(
        m02.q9_threshold_function,
        lambda y, s, t: evaluation.threshold_for_sensitivity(y, s, t),
        key="m02.own_code",
    )
    assert_incorrect(
        m02.q11_ppv,
        lambda se, sp, p: float(ppv_npv_from_prevalence(se, sp, p)[0]),
        key="m02.own_code",
    )
