"""Module 05 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers (a PSI written by hand instead of the KS
statistic, a near-unpenalised recalibration, permutation importance with 20 repeats, a
site-only logistic regression, a lookup table for rule 11…) must earn full marks: the
hidden tests run on a cohort variant (another seed) and on references computed in the
hidden region. Two notebooks of typical mistakes must lose exactly the questions they
break, including those only a hidden test sees (a decision-support software in class I,
the follow-up programme called a covariate shift).
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

ASSIGNMENT = "m05_limites"

pytestmark = pytest.mark.slow

ALTERNATIVES = {
    "m05_q1_reponse": (
        "y, p, period = np.asarray(y), np.asarray(p, dtype=float), np.asarray(period)\n"
        "table = {}\n"
        "for key in np.unique(period):\n"
        "    yk, pk = y[period == key], p[period == key]\n"
        "    table[key] = [len(yk), yk.mean(), pk.mean(), yk.sum() / pk.sum(),\n"
        "                  roc_auc_score(yk, pk), np.mean(pk >= threshold)]\n"
        "return pd.DataFrame(table, index=['n', 'taux_observe', 'risque_moyen', 'ratio_oe',\n"
        "                                  'auc', 'taux_alerte']).T"
    ),
    "m05_q2_reponse": (
        "r, c = reference.dropna(), current.dropna()\n"
        "edges = np.unique(np.quantile(r, np.linspace(0, 1, 11)))\n"
        "edges[0], edges[-1] = -np.inf, np.inf\n"
        "share_r = np.maximum(np.histogram(r, edges)[0] / len(r), 0.0001)\n"
        "share_c = np.maximum(np.histogram(c, edges)[0] / len(c), 0.0001)\n"
        "return float(((share_c - share_r) * np.log(share_c / share_r)).sum())"
    ),
    "m05_q3_reponse": (
        "site_a = sejours.query(\"site == 'A'\")\n"
        "values = {}\n"
        "for col in MONITORED:\n"
        "    values[col] = drift_statistic(site_a.loc[site_a.annee < 2024, col],\n"
        "                                  site_a.loc[site_a.annee == 2024, col])\n"
        "drift_by_input = pd.Series(values).sort_values(ascending=False)\n"
        "most_drifted = max(values, key=values.get)"
    ),
    "m05_q4_reponse": (
        "shift_kinds = dict(e='concept', d='covariable', c='prevalence', b='concept',\n"
        "                   a='covariable')"
    ),
    "m05_q5_reponse": (
        "x_cal = np.log(np.asarray(p_cal) / (1 - np.asarray(p_cal)))[:, None]\n"
        "x_new = np.log(np.asarray(p_new) / (1 - np.asarray(p_new)))[:, None]\n"
        "fit = LogisticRegression(C=1e6, max_iter=1000).fit(x_cal, y_cal)\n"
        "return fit.predict_proba(x_new)[:, 1]"
    ),
    "m05_q6_reponse": (
        "first = a.query(\"semestre == '2024-S1'\")\n"
        "second = a.query(\"semestre == '2024-S2'\")\n"
        "oe_avant = second.y.mean() / second.p.mean()\n"
        "new_p = recalibrate(first.p.to_numpy(), first.y.to_numpy(), second.p.to_numpy())\n"
        "oe_apres = second.y.mean() / new_p.mean()"
    ),
    "m05_q7_reponse": (
        "r = permutation_importance(model_sites, X_2024, y_2024, scoring='roc_auc',\n"
        "                           n_repeats=20, random_state=0)\n"
        "importances = pd.Series(dict(zip(X_2024.columns, r.importances_mean)))\n"
        "importances = importances.sort_values(ascending=False)"
    ),
    "m05_q8_reponse": (
        "site_model = LogisticRegression().fit(X_train[['site_b']], y_train)\n"
        "site_score = site_model.predict_proba(X_2024[['site_b']])[:, 1]\n"
        "auc_site_seul = roc_auc_score(y_2024, site_score)\n"
        "sans = [c for c in X_train.columns if c != 'site_b']\n"
        "m = make_model([c for c in NUMERIC]).fit(X_train[sans], y_train)\n"
        "auc_sans_site = float(roc_auc_score(y_2024, m.predict_proba(X_2024[sans])[:, 1]))"
    ),
    "m05_q9_reponse": (
        "if not case['finalite_medicale']:\n"
        "    return 'non DM'\n"
        "table = {('decision', 'deces_irreversible'): 'III',\n"
        "         ('decision', 'deterioration_grave'): 'IIb'}\n"
        "if case['usage'] == 'decision':\n"
        "    return table.get(('decision', case['consequence']), 'IIa')\n"
        "if case['usage'] == 'surveillance':\n"
        "    return ['IIa', 'IIb'][bool(case['danger_immediat'])]\n"
        "return 'I'"
    ),
    "m05_q10_reponse": (
        "classement = {}\n"
        "for lettre, classe in zip('ABCDE', ['non DM', 'IIa', 'III', 'IIb', 'non DM']):\n"
        "    classement[lettre] = (classe, classe in ('IIa', 'IIb', 'III'))"
    ),
}

MISTAKES = {
    "erreurs": dict(
        ALTERNATIVES,
        # the outcome monitored with the inputs
        m05_q3_reponse=(
            "ref = a[a['annee'] <= 2023]\n"
            "cur = a[a['annee'] == 2024]\n"
            "drift_by_input = pd.Series({c: drift_statistic(ref[c], cur[c])\n"
            "                            for c in MONITORED + ['y']})\n"
            "most_drifted = drift_by_input.idxmax()"
        ),
        # the recalibration fitted on the period it is judged on
        m05_q6_reponse=(
            "s2 = a[a['semestre'] == '2024-S2']\n"
            "oe_avant = s2['y'].sum() / s2['p'].sum()\n"
            "oe_apres = s2['y'].sum() / recalibrate(s2['p'], s2['y'], s2['p']).sum()"
        ),
        # permutation importance on the training data (named by the visible check)
        m05_q7_reponse=(
            "r = permutation_importance(model_sites, X_train, y_train, scoring='roc_auc',\n"
            "                           n_repeats=10, random_state=0)\n"
            "importances = pd.Series(r.importances_mean, index=X_train.columns)\n"
            "importances = importances.sort_values(ascending=False)"
        ),
        # a decision-support software in class I (consistent, so only hidden tests see it)
        m05_q10_reponse=(
            "classement = {'A': ('non DM', False), 'B': ('I', False), 'C': ('III', True),\n"
            "              'D': ('IIb', True), 'E': ('non DM', False)}"
        ),
    ),
    "erreurs2": dict(
        ALTERNATIVES,
        # alerts counted with > instead of ≥
        m05_q1_reponse=(
            "df = pd.DataFrame({'y': np.asarray(y), 'p': np.asarray(p), 'g': np.asarray(period)})\n"
            "rows = {}\n"
            "for key, g in df.groupby('g'):\n"
            "    rows[key] = {'n': len(g), 'taux_observe': g.y.mean(),\n"
            "                 'risque_moyen': g.p.mean(), 'ratio_oe': g.y.mean() / g.p.mean(),\n"
            "                 'auc': roc_auc_score(g.y, g.p),\n"
            "                 'taux_alerte': (g.p > threshold).mean()}\n"
            "return pd.DataFrame(rows).T"
        ),
        # the p-value instead of the statistic (Q3 stays consistent with it)
        m05_q2_reponse="return float(ks_2samp(reference.dropna(), current.dropna()).pvalue)",
        # the follow-up programme seen as a change of population (hidden test only)
        m05_q4_reponse=(
            "shift_kinds = {'a': 'covariable', 'b': 'covariable', 'c': 'prevalence',\n"
            "               'd': 'covariable', 'e': 'concept'}"
        ),
        # intercept only: Q6, which uses this function, is wrong too
        m05_q5_reponse=(
            "def lg(q):\n"
            "    q = np.asarray(q, dtype=float)\n"
            "    return np.log(q / (1 - q))\n"
            "shift = lg(np.mean(y_cal)) - lg(np.mean(p_cal))\n"
            "return 1 / (1 + np.exp(-(lg(p_new) + shift)))"
        ),
        # AUCs measured on the training period
        m05_q8_reponse=(
            "auc_site_seul = roc_auc_score(y_train, X_train['site_b'])\n"
            "m = make_model(NUMERIC).fit(X_train[FEATURES], y_train)\n"
            "auc_sans_site = roc_auc_score(y_train, m.predict_proba(X_train[FEATURES])[:, 1])"
        ),
        # decision support in class I
        m05_q9_reponse=(
            "if not case['finalite_medicale']:\n"
            "    return 'non DM'\n"
            "if case['usage'] == 'surveillance':\n"
            "    return 'IIb' if case['danger_immediat'] else 'IIa'\n"
            "return 'I'"
        ),
    ),
}
BROKEN_BY_MISTAKES = {
    "erreurs": {"m05_q3_entrees", "m05_q6_periode", "m05_q7_importance", "m05_q10_produits"},
    "erreurs2": {
        "m05_q1_performance",
        "m05_q2_drift",
        "m05_q4_types",
        "m05_q5_recalibrer",
        "m05_q6_periode",
        "m05_q8_raccourci",
        "m05_q9_regle11",
    },
}


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = ASSIGNMENT
    ALTERNATIVES = ALTERNATIVES
    MISTAKES = MISTAKES
    BROKEN = BROKEN_BY_MISTAKES
