"""Module 07 through stock nbgrader with answers a real learner writes.

Different but correct answers (another way to pick the threshold, a table built column by
column, a file written with the ``csv`` module) earn full marks; typical mistakes lose
exactly the questions they break. No hidden label is involved: the checks are on format.
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

ASSIGNMENT = "m07_datathon"

pytestmark = pytest.mark.slow

ALTERNATIVES = {
    "m07_q1_reponse": "seuil = float(np.sort(proba)[int(0.85 * len(proba))])",
    "m07_q2_reponse": (
        "predictions = defi.test[['sejour_id']].copy()\n"
        "predictions['probabilite'] = proba\n"
        "predictions['decision'] = np.where(proba >= seuil, 1, 0)"
    ),
    "m07_q3_reponse": (
        "import csv\n"
        "with open('predictions.csv', 'w', newline='', encoding='utf-8') as f:\n"
        "    w = csv.writer(f)\n"
        "    w.writerow(['sejour_id', 'probabilite', 'decision'])\n"
        "    for row in predictions.itertuples(index=False):\n"
        "        w.writerow(list(row))"
    ),
}

MISTAKES = {
    # the index written as a first column: only the file is wrong
    "index_ecrit": dict(ALTERNATIVES, m07_q3_reponse="predictions.to_csv('predictions.csv')"),
    # decisions from another threshold than the declared one (the file itself is valid)
    "autre_seuil": dict(
        ALTERNATIVES,
        m07_q2_reponse=(
            "predictions = pd.DataFrame({'sejour_id': defi.test['sejour_id'],\n"
            "                            'probabilite': proba,\n"
            "                            'decision': (proba >= np.quantile(proba, 0.75))\n"
            "                                        .astype(int)})"
        ),
    ),
    # 0.5, the default of predict(): almost nobody is flagged, beyond the capacity rule,
    # so the table and the file built from it are refused too
    "seuil_par_defaut": dict(ALTERNATIVES, m07_q1_reponse="seuil = 0.5"),
}
BROKEN_BY_MISTAKES = {
    "index_ecrit": {"m07_q3_fichier"},
    "autre_seuil": {"m07_q2_predictions"},
    "seuil_par_defaut": {"m07_q1_seuil", "m07_q2_predictions", "m07_q3_fichier"},
}


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = ASSIGNMENT
    ALTERNATIVES = ALTERNATIVES
    MISTAKES = MISTAKES
    BROKEN = BROKEN_BY_MISTAKES
