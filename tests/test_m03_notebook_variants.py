"""Module 03 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers (a named ``Pipeline``,
``StratifiedGroupKFold``, ``scipy.stats.bootstrap``, ``brier_score_loss``, a hand-written
Newton–Raphson, an out-of-fold loop written by hand…) must earn full marks: every expected
value is computed from the learner's own objects or on a cohort variant. Two notebooks of
typical mistakes must lose exactly the questions they break — including those only a
hidden test sees (one leaky variable forgotten; a 68 % interval instead of 95 %) and the
one a mistake carries over (a wrong calibration slope makes the external table wrong).
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

ASSIGNMENT = "m03_evaluer"

pytestmark = pytest.mark.slow

ALTERNATIVES = {
    "m03_q1_reponse": "leaky_columns = ('jours_avant_sejour_suivant', 'nb_sejours_patient')",
    "m03_q2_reponse": (
        "from sklearn.pipeline import Pipeline\n"
        "return Pipeline([\n"
        "    ('manquantes', SimpleImputer(strategy='median')),\n"
        "    ('echelle', StandardScaler()),\n"
        "    ('modele', LogisticRegression(max_iter=1000)),\n"
        "])"
    ),
    "m03_q3_reponse": (
        "folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=42)\n"
        "aucs = cross_val_score(model, X, y, groups=groups, cv=folds, scoring='roc_auc')\n"
        "return float(np.mean(aucs))"
    ),
    "m03_q4_reponse": (
        "from scipy.stats import bootstrap\n"
        "y, p = np.asarray(y), np.asarray(p)\n"
        "members = list(pd.DataFrame({'g': np.asarray(groups)}).groupby('g').indices.values())\n"
        "def auc_of(patients):\n"
        "    rows = np.concatenate([members[int(i)] for i in patients])\n"
        "    return roc_auc_score(y[rows], p[rows])\n"
        "result = bootstrap((np.arange(len(members)),), auc_of, n_resamples=n_boot,\n"
        "                   method='percentile', vectorized=False,\n"
        "                   rng=np.random.default_rng(seed))\n"
        "return (float(result.confidence_interval.low), float(result.confidence_interval.high))"
    ),
    "m03_q5_reponse": (
        "from sklearn.metrics import brier_score_loss\nreturn float(brier_score_loss(y, p))"
    ),
    "m03_q6_reponse": (
        "y = np.asarray(y, dtype=float)\n"
        "lp = np.log(np.asarray(p) / (1 - np.asarray(p)))\n"
        "design = np.column_stack([np.ones_like(lp), lp])\n"
        "beta = np.zeros(2)\n"
        "for _ in range(30):\n"
        "    mu = 1 / (1 + np.exp(-design @ beta))\n"
        "    w = mu * (1 - mu)\n"
        "    beta = beta + np.linalg.solve(design.T @ (design * w[:, None]), design.T @ (y - mu))\n"
        "return float(beta[1])"
    ),
    "m03_q7_reponse": (
        "from sklearn.base import clone\n"
        "oof_risk = np.zeros(len(y_dev))\n"
        "folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=7)\n"
        "for train, test in folds.split(X_dev, y_dev, groups_dev):\n"
        "    fitted = clone(make_model()).fit(X_dev.iloc[train], y_dev[train])\n"
        "    oof_risk[test] = fitted.predict_proba(X_dev.iloc[test])[:, 1]\n"
        "sick = np.sort(oof_risk[y_dev == 1])[::-1]\n"
        "threshold_80 = float(sick[int(np.ceil(0.8 * len(sick))) - 1])"
    ),
    "m03_q8_reponse": (
        "from sklearn.metrics import brier_score_loss\n"
        "final_model = make_model()\n"
        "final_model.fit(X_dev, y_dev)\n"
        "risk = final_model.predict_proba(X_ext)[:, 1]\n"
        "external = {}\n"
        "external['auc'] = float(roc_auc_score(y_ext, final_model.decision_function(X_ext)))\n"
        "external['brier'] = float(brier_score_loss(y_ext, risk))\n"
        "external['pente_calibration'] = calibration_slope(y_ext, risk)\n"
        "alerts = risk >= threshold_80\n"
        "external['sensibilite'] = alerts[y_ext == 1].sum() / (y_ext == 1).sum()"
    ),
    "m03_q9_reponse": (
        "risk = final_model.predict_proba(X_ext)[:, 1]\n"
        "auc_ext_ci = bootstrap_auc_ci(y_ext, risk, groups_ext, n_boot=250, seed=3)"
    ),
}

MISTAKES = {
    "erreurs": dict(
        ALTERNATIVES,
        # one leaky variable forgotten: only the hidden test knows the expected set
        m03_q1_reponse="leaky_columns = ['jours_avant_sejour_suivant']",
        # folds drawn stay by stay
        m03_q3_reponse=(
            "folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)\n"
            "return float(cross_val_score(model, X, y, cv=folds, scoring='roc_auc').mean())"
        ),
        # a 68 % interval: passes the visible properties, fails the hidden level test
        m03_q4_reponse=(
            "y, p, groups = np.asarray(y), np.asarray(p), np.asarray(groups)\n"
            "rng = np.random.default_rng(seed)\n"
            "patients = np.unique(groups)\n"
            "aucs = []\n"
            "for _ in range(n_boot):\n"
            "    drawn = rng.choice(patients, len(patients))\n"
            "    rows = np.concatenate([np.flatnonzero(groups == g) for g in drawn])\n"
            "    aucs.append(roc_auc_score(y[rows], p[rows]))\n"
            "return tuple(float(v) for v in np.quantile(aucs, [0.16, 0.84]))"
        ),
        # root mean square instead of the mean square
        m03_q5_reponse="return float(np.sqrt(np.mean((np.asarray(p) - np.asarray(y)) ** 2)))",
        # in-sample risks instead of out-of-fold ones
        m03_q7_reponse=(
            "oof_risk = make_model().fit(X_dev, y_dev).predict_proba(X_dev)[:, 1]\n"
            "threshold_80 = threshold_for_sensitivity(y_dev, oof_risk, 0.80)"
        ),
        # sensitivity at the default 0.5 threshold
        m03_q8_reponse=(
            "final_model = make_model().fit(X_dev, y_dev)\n"
            "risk = final_model.predict_proba(X_ext)[:, 1]\n"
            "external = {'auc': roc_auc_score(y_ext, risk), 'brier': brier(y_ext, risk),\n"
            "            'pente_calibration': calibration_slope(y_ext, risk),\n"
            "            'sensibilite': float(np.mean(risk[y_ext == 1] >= 0.5))}"
        ),
        # stays resampled: each stay its own group
        m03_q9_reponse=(
            "risk = final_model.predict_proba(X_ext)[:, 1]\n"
            "auc_ext_ci = bootstrap_auc_ci(y_ext, risk, np.arange(len(y_ext)), n_boot=200)"
        ),
    ),
    "erreurs2": dict(
        ALTERNATIVES,
        # a pipeline already fitted on all the development data
        m03_q2_reponse=(
            "return make_pipeline(SimpleImputer(strategy='median'), StandardScaler(),\n"
            "                     LogisticRegression(max_iter=1000)).fit(X_dev, y_dev)"
        ),
        # stays resampled instead of patients
        m03_q4_reponse=(
            "y, p = np.asarray(y), np.asarray(p)\n"
            "rng = np.random.default_rng(seed)\n"
            "aucs = []\n"
            "for _ in range(n_boot):\n"
            "    rows = rng.integers(0, len(y), len(y))\n"
            "    if y[rows].min() < y[rows].max():\n"
            "        aucs.append(roc_auc_score(y[rows], p[rows]))\n"
            "low, high = np.quantile(aucs, [0.025, 0.975])\n"
            "return float(low), float(high)"
        ),
        # the slope of y on the risk itself, not on its logit: the external table inherits it
        m03_q6_reponse=(
            "model = LogisticRegression(C=np.inf).fit(np.reshape(p, (-1, 1)), y)\n"
            "return float(model.coef_[0, 0])"
        ),
    ),
}
BROKEN_BY_MISTAKES = {
    "erreurs": {
        "m03_q1_leaks",
        "m03_q3_grouped_cv",
        "m03_q4_bootstrap_ci",
        "m03_q5_brier",
        "m03_q7_oof_threshold",
        "m03_q8_external",
        "m03_q9_external_ci",
    },
    "erreurs2": {"m03_q2_model", "m03_q4_bootstrap_ci", "m03_q6_slope", "m03_q8_external"},
}


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = ASSIGNMENT
    ALTERNATIVES = ALTERNATIVES
    MISTAKES = MISTAKES
    BROKEN = BROKEN_BY_MISTAKES
