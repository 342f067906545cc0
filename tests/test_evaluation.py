"""``iasante.evaluation`` (module 03) checked against scikit-learn, SciPy and known answers,
and the calibration explorer built on it, headless and in its static fallback."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.calibration import calibration_curve  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import brier_score_loss, roc_auc_score  # noqa: E402
from sklearn.model_selection import GroupKFold, cross_val_score  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402

from iasante import evaluation as ev  # noqa: E402
from iasante.exercises import m03  # noqa: E402
from iasante.widgets import calibration_explorer  # noqa: E402
from iasante.widgets.calibration import calibration_state  # noqa: E402


@pytest.fixture(scope="module")
def sim():
    return m03.simulated_calibration(0.6, n=5000, seed=4)


def test_brier_equals_sklearn(sim):
    y, p = sim
    assert ev.brier_score(y, p) == pytest.approx(brier_score_loss(y, p))
    assert ev.brier_score([True, False], [1.0, 0.0]) == 0.0


def test_as_binary_rejects_other_codes():
    assert list(ev.as_binary(pd.array([True, False], dtype="boolean"))) == [1, 0]
    with pytest.raises(ValueError):
        ev.as_binary([0, 2])


def test_calibration_slope_and_intercept_equal_unpenalised_logistic_regression(sim):
    y, p = sim
    lp = ev.logit(p).reshape(-1, 1)
    slope = LogisticRegression(C=np.inf).fit(lp, y).coef_[0, 0]
    intercept, got_slope = ev.calibration_intercept_slope(y, p)
    assert got_slope == pytest.approx(slope, abs=1e-4)  # lbfgs stops at its tolerance
    # intercept with the slope fixed at 1: the offset model has its score equation at zero
    mu = 1 / (1 + np.exp(-(intercept + lp[:, 0])))
    assert np.sum(y - mu) == pytest.approx(0, abs=1e-6)
    assert 0.5 < got_slope < 0.7  # the simulated slope is 0.6


def test_perfectly_calibrated_risks_have_intercept_zero_and_slope_one():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.02, 0.6, 40_000)
    y = (rng.random(p.size) < p).astype(int)
    intercept, slope = ev.calibration_intercept_slope(y, p)
    assert abs(intercept) < 0.05 and abs(slope - 1) < 0.05


def test_distort_risks_keeps_the_order_and_recalibration_undoes_it(sim):
    y, p = sim
    moved = ev.distort_risks(p, shift=0.7, slope=1.8)
    assert roc_auc_score(y, moved) == pytest.approx(roc_auc_score(y, p))
    assert np.allclose(ev.distort_risks(p), p)
    joint = LogisticRegression(C=np.inf).fit(ev.logit(moved).reshape(-1, 1), y)
    back = ev.distort_risks(moved, shift=joint.intercept_[0], slope=joint.coef_[0, 0])
    a2, b2 = ev.calibration_intercept_slope(y, back)  # logistic recalibration
    assert abs(a2) < 1e-3 and abs(b2 - 1) < 1e-3


def test_reliability_curve_matches_sklearn_calibration_curve(sim):
    y, p = sim
    got = ev.reliability_curve(y, p, n_bins=10, strategy="uniform")
    observed, predicted = calibration_curve(y, p, n_bins=10, strategy="uniform")
    assert np.allclose(got["taux_observe"], observed)
    assert np.allclose(got["risque_predit"], predicted)
    quantile = ev.reliability_curve(y, p, n_bins=5)
    assert quantile["effectif"].sum() == len(y) and len(quantile) == 5
    assert quantile["risque_predit"].is_monotonic_increasing
    with pytest.raises(ValueError):
        ev.reliability_curve(y, p, strategy="kmeans")


def test_cv_auc_grouped_never_tests_a_seen_patient():
    toy = m03.cloned_patients()
    one_nn = KNeighborsClassifier(n_neighbors=1)
    by_stay = ev.cv_auc(one_nn, toy["X"], toy["y"]).mean()
    by_patient = ev.cv_auc(one_nn, toy["X"], toy["y"], groups=toy["groups"]).mean()
    assert by_stay > 0.9 and by_patient < 0.75
    reference = cross_val_score(
        one_nn, toy["X"], toy["y"], groups=toy["groups"], cv=GroupKFold(5), scoring="roc_auc"
    ).mean()
    assert abs(by_patient - reference) < 0.15


def test_bootstrap_ci_by_patient_is_wider_on_cloned_stays_and_reproducible():
    y, p = m03.binormal_scores(100, 0.75, 0.4, seed=8)
    reps = 4
    cy, cp = np.repeat(y, reps), np.repeat(p, reps)
    cg = np.repeat(np.arange(len(y)), reps)
    by_patient = ev.bootstrap_ci(cy, cp, groups=cg, n_boot=800, seed=1)
    by_stay = ev.bootstrap_ci(cy, cp, n_boot=800, seed=1)
    single = ev.bootstrap_ci(y, p, n_boot=800, seed=1)
    width = lambda ci: ci[1] - ci[0]  # noqa: E731
    assert width(by_stay) < 0.7 * width(by_patient)
    assert 0.8 < width(by_patient) / width(single) < 1.25
    assert ev.bootstrap_ci(cy, cp, groups=cg, n_boot=100, seed=3) == ev.bootstrap_ci(
        cy, cp, groups=cg, n_boot=100, seed=3
    )
    auc = roc_auc_score(y, p)
    assert single[0] < auc < single[1]


def test_bootstrap_ci_custom_metric_and_coverage():
    y, p = m03.binormal_scores(300, 0.8, 0.3, seed=2)
    low, high = ev.bootstrap_ci(
        y, p, metric=lambda yy, pp: float(np.mean(pp[yy == 1] > 0.5)), n_boot=300, seed=0
    )
    assert 0 <= low <= high <= 1
    hits = 0
    for i in range(40):
        yy, pp = m03.binormal_scores(150, 0.75, 0.3, seed=500 + i)
        lo, hi = ev.bootstrap_ci(yy, pp, n_boot=300, seed=i)
        hits += lo <= 0.75 <= hi
    assert hits >= 32  # about 95 % expected


def test_auc_from_ranks_equals_sklearn_with_ties():
    y = np.array([0, 1, 1, 0, 1, 0, 0, 1])
    p = np.array([0.2, 0.2, 0.9, 0.5, 0.5, 0.1, 0.3, 0.7])
    assert ev.validation_summary(y, p)["auc"] == pytest.approx(roc_auc_score(y, p))


def test_threshold_for_sensitivity_reaches_the_target_with_the_fewest_alerts():
    y = np.array([0, 0, 1, 0, 1, 1, 0, 1, 1, 1])
    p = np.array([0.1, 0.2, 0.3, 0.35, 0.4, 0.6, 0.65, 0.7, 0.8, 0.9])
    t = ev.threshold_for_sensitivity(y, p, 0.8)
    assert np.mean(p[y == 1] >= t) >= 0.8
    assert np.mean(p[y == 1] >= np.nextafter(t, 1)) < 0.8


# ------------------------------------------------------------------- calibration explorer


def test_calibration_state_moves_calibration_not_auc(sim):
    y, p = sim
    base = calibration_state(y, p)
    moved = calibration_state(y, p, shift=1.0, slope=2.0)
    assert moved["auc"] == pytest.approx(base["auc"])
    assert moved["brier"] != pytest.approx(base["brier"])
    assert moved["risque_moyen_predit"] > base["risque_moyen_predit"]
    assert moved["pente_calibration"] == pytest.approx(base["pente_calibration"] / 2, rel=1e-6)


def test_calibration_explorer_updates(sim):
    y, p = sim
    w = calibration_explorer(y, p, interactive=True)
    image, summary = w.image.value, w.summary.value
    assert image[:4] == b"\x89PNG" and "Score de Brier" in summary
    w.shift.value = 1.0
    assert w.image.value != image and w.summary.value != summary
    assert w.state["brier"] == pytest.approx(ev.brier_score(y, ev.distort_risks(p, 1.0, 1.0)))
    w.slope.value = 2.0
    assert w.state["slope"] == 2.0 and w.state["auc"] == pytest.approx(roc_auc_score(y, p))


def test_calibration_explorer_static_fallback(sim, capsys):
    y, p = sim
    assert calibration_explorer(y, p, interactive=False) is None
    out = capsys.readouterr().out
    assert "Affichage statique" in out and "Score de Brier" in out and "AUC" in out
