"""Module 04 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers (a ``groupby`` audit instead of
``MetricFrame``, gaps by hand instead of fairlearn, need ranked with ties broken by the
number of stays, ``ThresholdOptimizer`` instead of hand-tuned thresholds…) must earn full
marks. Two notebooks of typical mistakes must lose exactly the questions they break —
including those only the hidden tests see, on the committed cohort or on the variant
(a sensitivity of 0 instead of « non défini », a Clopper-Pearson interval instead of the
requested Wilson one, the fraction hard-coded, a gap between the first two groups only).
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

ASSIGNMENT = "m04_biais_equite"

pytestmark = pytest.mark.slow

ALTERNATIVES = {
    "m04_q1_reponse": (
        "n = tp + fp + fn + tn\n"
        "out = {}\n"
        "out['sensibilite'] = tp / (tp + fn) if tp + fn > 0 else np.nan\n"
        "out['taux_faux_positifs'] = fp / (fp + tn) if fp + tn > 0 else np.nan\n"
        "out['vpp'] = tp / (tp + fp) if tp + fp > 0 else np.nan\n"
        "out['taux_selection'] = (tp + fp) / n if n > 0 else np.nan\n"
        "return out"
    ),
    "m04_q2_reponse": (
        "rows = {}\n"
        "for label, sub in df.groupby(group_col):\n"
        "    y, p = sub['readmission_30j'], sub['alerte']\n"
        "    rows[label] = {\n"
        "        'effectif': len(sub),\n"
        "        'sensibilite': p[y == 1].mean(),\n"
        "        'taux_faux_positifs': p[y == 0].mean(),\n"
        "        'vpp': y[p == 1].mean() if (p == 1).any() else float('nan'),\n"
        "        'taux_selection': p.mean(),\n"
        "    }\n"
        "return pd.DataFrame.from_dict(rows, orient='index')"
    ),
    "m04_q3_reponse": (
        "site_b = audit['site'] == 'B'\n"
        "sick = audit['readmission_30j'] == 1\n"
        "n_readmis_b = int((site_b & sick).sum())\n"
        "tp_b = int((site_b & sick & (audit['alerte'] == 1)).sum())\n"
        "low, high = proportion_ci(tp_b, n_readmis_b)\n"
        "ic_sens_b = [low, high]"
    ),
    "m04_q4_reponse": (
        "ranked = df.sort_values(score_col, ascending=False)\n"
        "top = ranked.head(math.ceil(frac * len(ranked)))\n"
        "return top['c2s'].sum() / len(top)"
    ),
    "m04_q5_reponse": (
        "k = math.ceil(len(patients) / 10)\n"
        "share_by_cost = patients.nlargest(k, 'depenses_annee_suivante')['c2s'].mean()\n"
        "by_need = patients.sort_values(['nb_maladies_chroniques', 'n_sejours'],\n"
        "                               ascending=False)\n"
        "share_by_need = by_need.head(k)['c2s'].mean()"
    ),
    "m04_q6_reponse": (
        "return df.assign(creatinine=np.where(df['site'] == 'B', df['creatinine'] / 1.08,\n"
        "                                     df['creatinine']))"
    ),
    "m04_q7_reponse": (
        "d = pd.DataFrame({'y': np.asarray(y_true), 'p': np.asarray(y_pred),\n"
        "                  'g': np.asarray(groups)})\n"
        "sel = d.groupby('g')['p'].mean()\n"
        "tpr = d[d['y'] == 1].groupby('g')['p'].mean()\n"
        "fpr = d[d['y'] == 0].groupby('g')['p'].mean()\n"
        "return {'parite_demographique': sel.max() - sel.min(),\n"
        "        'egalite_chances': tpr.max() - tpr.min(),\n"
        "        'cotes_egalisees': max(tpr.max() - tpr.min(), fpr.max() - fpr.min())}"
    ),
    "m04_q8_reponse": "criteres_respectes = {'egalite_chances'}",
    "m04_q9_reponse": (
        "features = audit[list(fairness.READMISSION_FEATURES)]\n"
        "optimizer = ThresholdOptimizer(estimator=model,\n"
        "                               constraints='true_positive_rate_parity',\n"
        "                               objective='balanced_accuracy_score',\n"
        "                               prefit=True, predict_method='predict_proba')\n"
        "optimizer.fit(features, audit['readmission_30j'], sensitive_features=audit['site'])\n"
        "alerte_egalisee = optimizer.predict(features, sensitive_features=audit['site'],\n"
        "                                    random_state=0)"
    ),
    "m04_q10_reponse": (
        "from sklearn.metrics import recall_score\n"
        "sens_avant = recall_score(audit['readmission_30j'], audit['alerte'])\n"
        "sens_apres = recall_score(audit['readmission_30j'], alerte_egalisee)\n"
        "alertes_en_plus = int(sum(alerte_egalisee)) - int(audit['alerte'].sum())"
    ),
}

MISTAKES = {
    "erreurs": dict(
        ALTERNATIVES,
        # the selection rate confused with the sensitivity
        m04_q1_reponse=(
            "r = lambda a, b: a / b if b else float('nan')\n"
            "return {'sensibilite': r(tp, tp + fn), 'taux_faux_positifs': r(fp, fp + tn),\n"
            "        'vpp': r(tp, tp + fp), 'taux_selection': r(tp, tp + fn)}"
        ),
        # a gap reported without the group sizes
        m04_q2_reponse=ALTERNATIVES["m04_q2_reponse"].replace("'effectif': len(sub),", ""),
        # the top 10 % taken from the wrong end
        m04_q4_reponse=(
            "return float(df.nsmallest(math.ceil(frac * len(df)), score_col)['c2s'].mean())"
        ),
        # the offset applied the wrong way
        m04_q6_reponse=(
            "df = df.copy()\ndf.loc[df['site'] == 'B', 'creatinine'] *= 1.08\nreturn df"
        ),
        # a ratio instead of a difference
        m04_q7_reponse=(
            "from fairlearn.metrics import demographic_parity_ratio\n"
            "tpr = MetricFrame(metrics=true_positive_rate, y_true=y_true, y_pred=y_pred,\n"
            "                  sensitive_features=groups)\n"
            "return {'parite_demographique': demographic_parity_ratio(\n"
            "            y_true, y_pred, sensitive_features=groups),\n"
            "        'egalite_chances': tpr.ratio(),\n"
            "        'cotes_egalisees': equalized_odds_difference(\n"
            "            y_true, y_pred, sensitive_features=groups)}"
        ),
        # the current single threshold kept
        m04_q9_reponse="alerte_egalisee = audit['alerte'].to_numpy()",
    ),
    "erreurs2": dict(
        ALTERNATIVES,
        # 0 instead of « non défini » when nobody in the group is sick (hidden test)
        m04_q1_reponse=(
            "return {'sensibilite': tp / (tp + fn) if tp + fn else 0.0,\n"
            "        'taux_faux_positifs': fp / (fp + tn) if fp + tn else float('nan'),\n"
            "        'vpp': tp / (tp + fp) if tp + fp else float('nan'),\n"
            "        'taux_selection': (tp + fp) / (tp + fp + fn + tn)}"
        ),
        # a Clopper-Pearson interval instead of the requested Wilson one (hidden test)
        m04_q3_reponse=(
            "from scipy.stats import binomtest\n"
            "b = audit[(audit['site'] == 'B') & (audit['readmission_30j'] == 1)]\n"
            "n_readmis_b = len(b)\n"
            "ci = binomtest(int(b['alerte'].sum()), n_readmis_b).proportion_ci()\n"
            "ic_sens_b = (ci.low, ci.high)"
        ),
        # 10 % hard-coded, the parameter frac ignored (the visible check tries frac=1)
        m04_q4_reponse=(
            "top = df.nlargest(math.ceil(len(df) / 10), score_col)\nreturn float(top['c2s'].mean())"
        ),
        # the gap between the first two groups only (hidden test, 3 and 5 groups)
        m04_q7_reponse=(
            "labels = list(pd.unique(np.asarray(groups)))[:2]\n"
            "y, p, g = np.asarray(y_true), np.asarray(y_pred), np.asarray(groups)\n"
            "def rates(lab):\n"
            "    m = g == lab\n"
            "    return p[m].mean(), p[m & (y == 1)].mean(), p[m & (y == 0)].mean()\n"
            "a, b = rates(labels[0]), rates(labels[1])\n"
            "return {'parite_demographique': abs(a[0] - b[0]),\n"
            "        'egalite_chances': abs(a[1] - b[1]),\n"
            "        'cotes_egalisees': max(abs(a[1] - b[1]), abs(a[2] - b[2]))}"
        ),
        # equal sensitivities taken for equalised odds (hidden test)
        m04_q8_reponse="criteres_respectes = ['egalite_chances', 'cotes_egalisees']",
    ),
}
BROKEN_BY_MISTAKES = {
    "erreurs": {
        "m04_q1_group_rates",
        "m04_q2_audit_by_group",
        "m04_q4_top_share",
        "m04_q6_creatinine",
        "m04_q7_fairness_gaps",
        "m04_q9_equalised",
    },
    "erreurs2": {
        "m04_q1_group_rates",
        "m04_q3_uncertainty",
        "m04_q4_top_share",
        "m04_q7_fairness_gaps",
        "m04_q8_criteria",
    },
}


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = ASSIGNMENT
    ALTERNATIVES = ALTERNATIVES
    MISTAKES = MISTAKES
    BROKEN = BROKEN_BY_MISTAKES
