"""Module 02 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers (boolean target, another seed, a named
Pipeline, MinMaxScaler for k-NN, ``decision_function`` and ``auc(roc_curve)``, counting by
hand, ``roc_curve`` for the threshold…) must earn full marks: every expected value is
computed from the learner's own split and models. Two notebooks of typical mistakes must
lose exactly the questions they break — including rounding the number of cases to detect
down and a default ``roc_curve`` lookup, which the visible check of Q9 now catches too.
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

ASSIGNMENT = "m02_premier_modele"

pytestmark = pytest.mark.slow

ALTERNATIVES = {
    "m02_q1_reponse": (
        "X = pima.drop(columns=['glu', 'type', 'split'])\ny = pima['type'] == 'Yes'"
    ),
    "m02_q2_reponse": (
        "X_train, X_test, y_train, y_test = train_test_split(\n"
        "    X, y, stratify=y, test_size=0.25, random_state=2026)"
    ),
    "m02_q3_reponse": (
        "total = tp + fp + fn + tn\n"
        "result = {}\n"
        "result['sensibilite'] = tp / (tp + fn)\n"
        "result['specificite'] = tn / (tn + fp)\n"
        "result['vpp'] = tp / (tp + fp)\n"
        "result['vpn'] = tn / (tn + fn)\n"
        "result['exactitude'] = (tp + tn) / total\n"
        "return result"
    ),
    "m02_q4_reponse": (
        "from sklearn.pipeline import Pipeline\n"
        "logreg = Pipeline([('echelle', StandardScaler()),\n"
        "                   ('modele', LogisticRegression(max_iter=500))])\n"
        "logreg.fit(X_train, y_train)"
    ),
    "m02_q5_reponse": (
        "coefs = dict(zip(X_train.columns, logreg.named_steps['modele'].coef_[0]))\n"
        "odds_ratio_bmi = math.exp(coefs['bmi'])\n"
        "bmi_sd = float(logreg.named_steps['echelle'].scale_[list(X_train.columns).index('bmi')])"
    ),
    "m02_q6_reponse": (
        "from sklearn.preprocessing import MinMaxScaler\n"
        "knn = make_pipeline(MinMaxScaler(), KNeighborsClassifier(n_neighbors=15))\n"
        "knn = knn.fit(X_train, y_train)"
    ),
    "m02_q7_reponse": (
        "from sklearn.metrics import auc, roc_curve\n"
        "auc_logreg = roc_auc_score(y_test, logreg.decision_function(X_test))\n"
        "fpr, tpr, _ = roc_curve(y_test, knn.predict_proba(X_test)[:, 1])\n"
        "auc_knn = float(auc(fpr, tpr))"
    ),
    "m02_q8_reponse": (
        "positive = logreg.predict_proba(X_test)[:, 1] >= 0.5\n"
        "sick = np.asarray(y_test) == 1\n"
        "tp = int((positive & sick).sum())\n"
        "fp = int((positive & ~sick).sum())\n"
        "fn = int((~positive & sick).sum())\n"
        "tn = int((~positive & ~sick).sum())"
    ),
    "m02_q9_reponse": (
        "from sklearn.metrics import roc_curve\n"
        "# drop_intermediate=False keeps every threshold (ties included)\n"
        "_, tpr, thresholds = roc_curve(y_true, scores, drop_intermediate=False)\n"
        "return float(thresholds[np.argmax(tpr >= target)])"
    ),
    "m02_q10_reponse": (
        "from sklearn.metrics import recall_score\n"
        "train_scores = logreg.predict_proba(X_train)[:, 1]\n"
        "threshold_90 = threshold_for_sensitivity(y_train, train_scores, 0.9)\n"
        "test_positive = logreg.predict_proba(X_test)[:, 1] >= threshold_90\n"
        "y_true = np.asarray(y_test, dtype=int)\n"
        "test_sensitivity_90 = recall_score(y_true, test_positive.astype(int))"
    ),
    "m02_q11_reponse": (
        "post_odds = prevalence / (1 - prevalence) * sens / (1 - spec)\n"
        "return post_odds / (1 + post_odds)"
    ),
}

MISTAKES = {
    "erreurs": dict(
        ALTERNATIVES,
        # sensibilité and spécificité swapped
        m02_q3_reponse=(
            "return {'sensibilite': tn / (tn + fp), 'specificite': tp / (tp + fn),\n"
            "        'vpp': tp / (tp + fp), 'vpn': tn / (tn + fn),\n"
            "        'exactitude': (tp + tn) / (tp + fp + fn + tn)}"
        ),
        # the test set used for fitting
        m02_q4_reponse=(
            "from sklearn.pipeline import Pipeline\n"
            "logreg = Pipeline([('echelle', StandardScaler()),\n"
            "                   ('modele', LogisticRegression(max_iter=500))])\n"
            "logreg.fit(X_test, y_test)"
        ),
        # predict_proba column 0 as the score
        m02_q7_reponse=(
            "auc_logreg = roc_auc_score(y_test, logreg.predict_proba(X_test)[:, 0])\n"
            "auc_knn = roc_auc_score(y_test, knn.predict_proba(X_test)[:, 1])"
        ),
        # int() rounds the number of cases down: the visible check of Q9 now sees it (a
        # case with 17 diseased and a target of 80 %), and Q10 misses its target
        m02_q9_reponse=(
            "sick = np.sort(np.asarray(scores)[np.asarray(y_true) == 1])[::-1]\n"
            "return float(sick[int(target * len(sick)) - 1])"
        ),
    ),
    "erreurs2": dict(
        ALTERNATIVES,
        # not stratified
        m02_q2_reponse=(
            "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25,\n"
            "                                                    random_state=0)"
        ),
        # k-NN without scaling
        m02_q6_reponse="knn = KNeighborsClassifier(n_neighbors=15).fit(X_train, y_train)",
        # confusion_matrix(predicted, true): fp and fn swapped
        m02_q8_reponse=(
            "tn, fp, fn, tp = confusion_matrix(logreg.predict(X_test), y_test).ravel()"
        ),
        # threshold chosen on predict_proba column 0
        m02_q10_reponse=(
            "no_diabetes = logreg.predict_proba(X_train)[:, 0]\n"
            "threshold_90 = threshold_for_sensitivity(y_train, no_diabetes, 0.9)\n"
            "test_positive = logreg.predict_proba(X_test)[:, 1] >= threshold_90\n"
            "test_sensitivity_90 = float(test_positive[np.asarray(y_test) == 1].mean())"
        ),
        # roc_curve's default drops thresholds: with tied scores the lookup lands too low
        # (it used to pass the visible check)
        m02_q9_reponse=(
            "from sklearn.metrics import roc_curve\n"
            "_, tpr, thresholds = roc_curve(y_true, scores)\n"
            "return float(thresholds[np.argmax(tpr >= target)])"
        ),
        # sensibilité and spécificité swapped in Bayes' formula
        m02_q11_reponse=(
            "return spec * prevalence / (spec * prevalence + (1 - sens) * (1 - prevalence))"
        ),
    ),
}
BROKEN_BY_MISTAKES = {
    "erreurs": {
        "m02_q3_metrics",
        "m02_q4_logreg",
        "m02_q7_auc",
        "m02_q9_threshold_function",
        "m02_q10_threshold_90",
    },
    "erreurs2": {
        "m02_q2_split",
        "m02_q6_knn",
        "m02_q8_counts",
        "m02_q9_threshold_function",
        "m02_q10_threshold_90",
        "m02_q11_ppv",
    },
}


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = ASSIGNMENT
    ALTERNATIVES = ALTERNATIVES
    MISTAKES = MISTAKES
    BROKEN = BROKEN_BY_MISTAKES
