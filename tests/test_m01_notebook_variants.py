"""Module 01 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers (another cleaning order, ``.loc`` vs
``.query`` vs ``.mask``, ``groupby`` vs ``pivot_table``, a histogram instead of a box
plot) must earn full marks; a notebook of typical mistakes must lose exactly the
questions they break — here mistakes that **only the hidden tests** see: counting the
subjects of a filtered table, ``< 120`` instead of ``<= 120`` at the boundary, and a
Table 1 computed from the global table instead of the function's argument (caught on
the cohort generated with seed 7).
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

ASSIGNMENT = "m01_donnees_sante"

pytestmark = pytest.mark.slow

ALTERNATIVES = {
    "m01_q1_reponse": "n_subjects = len(set(tests['subject_id']))",
    "m01_q2_reponse": "return df.isna().sum() / len(df)",
    "m01_q3_reponse": (
        "out = df.copy()\n"
        "out.loc[out['rec_ver_tat'] < 0, 'rec_ver_tat'] = np.nan\n"
        "out.loc[out['col_rec_tat'] < 0, 'col_rec_tat'] = np.nan\n"
        "out.loc[out['ct_result'] == 45, 'ct_result'] = np.nan\n"
        "out.loc[out['age'] > 120, 'age'] = np.nan\n"
        "return out"
    ),
    "m01_q4_reponse": (
        "ok = stays.query('date_sortie >= date_entree')\n"
        "bad = stays.query('date_sortie < date_entree').rename(\n"
        "    columns={'date_entree': 'date_sortie', 'date_sortie': 'date_entree'})\n"
        "out = pd.concat([ok, bad]).drop_duplicates()\n"
        "out['duree_sejour'] = (out['date_sortie'] - out['date_entree']).dt.days\n"
        "out['temperature'] = np.where(out['temperature'] > 45, out['temperature'] / 10,\n"
        "                              out['temperature'])\n"
        "out['pas'] = out['pas'].replace(999, pd.NA)\n"
        "return out"
    ),
    "m01_q5_reponse": (
        "out = labs.query('valeur != 9999').copy()\n"
        "out['unite'] = out['unite'].astype(str)\n"
        "g = out['examen'].eq('glucose') & out['unite'].eq('g/L')\n"
        "h = out['examen'].eq('hemoglobine') & out['unite'].eq('g/L')\n"
        "out['valeur'] = np.select([g, h], [out['valeur'] * 1000 / 180.16, out['valeur'] / 10],\n"
        "                          out['valeur'])\n"
        "out['unite'] = np.select([g, h], ['mmol/L', 'g/dL'], out['unite'])\n"
        "return out"
    ),
    "m01_q6_reponse": (
        "import re\n"
        "motif = r'([A-Z][0-9][0-9])\\.?(\\w*)'\n"
        "lettres, reste = re.fullmatch(motif, code.strip().upper()).groups()\n"
        "return f'{lettres}.{reste}' if reste else lettres"
    ),
    "m01_q7_reponse": (
        "dp = diagnoses.query(\"type_diagnostic == 'DP'\").drop_duplicates().copy()\n"
        "dp['chapitre'] = [chapter_of(normalise_code(c)) for c in dp['code_cim10']]\n"
        "return dp.pivot_table(index='chapitre', values='sejour_id', aggfunc='nunique')"
    ),
    "m01_q8_reponse": (
        "corse = {'2A': '19', '2B': '18'}\n"
        "if len(nir) != 15:\n"
        "    return False\n"
        "numero = nir[:5] + corse.get(nir[5:7], nir[5:7]) + nir[7:13]\n"
        "return f'{97 - int(numero) % 97:02d}' == nir[13:]"
    ),
    "m01_q9_reponse": (
        "out = raw.drop(columns=['ipp', 'nom', 'prenom', 'adresse', 'code_postal', 'commune'])\n"
        "out['pseudo'] = out['nir'].map(\n"
        "    lambda n: hmac.new(key, n.encode('utf-8'), hashlib.sha256).hexdigest())\n"
        "out['annee_naissance'] = out['date_naissance'].dt.strftime('%Y').astype(int)\n"
        "return out.drop(columns=['nir', 'date_naissance'])"
    ),
    "m01_q10_reponse": (
        "s = stays.assign(deces=100.0 * (stays['mode_sortie'] == 'décès'),\n"
        "                 readm=100.0 * stays['readmission_30j'].astype('Float64'))\n"
        "t = s.pivot_table(index='site', values=['age_entree', 'deces', 'readm'],\n"
        "                  aggfunc='mean', observed=True)\n"
        "t['duree_mediane'] = s.groupby('site', observed=True)['duree_sejour'].median()\n"
        "t['n_sejours'] = s.groupby('site', observed=True).size()\n"
        "return t.rename(columns={'age_entree': 'age_moyen', 'deces': 'pct_deces',\n"
        "                         'readm': 'pct_readmission'}).reset_index()"
    ),
    "m01_q11_reponse": (
        "fig, ax = plt.subplots()\n"
        "for site, motif in (('A', None), ('B', '//')):\n"
        "    d = stays.loc[stays['site'] == site, 'duree_sejour']\n"
        "    ax.hist(d, bins=30, alpha=0.5, hatch=motif, label=f'Site {site}')\n"
        "ax.set_xlabel('Durée de séjour (jours)')\n"
        "ax.set_ylabel('Nombre de séjours')\n"
        "ax.set_title('Durée de séjour par site')\n"
        "ax.legend()\n"
        "return fig"
    ),
}

MISTAKES = dict(
    ALTERNATIVES,
    # counts the subjects of a table filtered beforehand: the visible check, computed from
    # the same (filtered) table, agrees; the hidden test reloads the full extract.
    m01_q1_reponse=(
        "tests = tests[tests['age'] <= 120]\nn_subjects = tests['subject_id'].nunique()"
    ),
    m01_q3_reponse=(
        "out = df.copy()\n"
        "out['age'] = out['age'].where(out['age'] < 120)\n"
        "out['ct_result'] = out['ct_result'].mask(out['ct_result'] == 45)\n"
        "for col in ['col_rec_tat', 'rec_ver_tat']:\n"
        "    out[col] = out[col].mask(out[col] < 0)\n"
        "return out"
    ),
    m01_q10_reponse=(
        "g = clean_stays_ref.groupby('site', observed=True)\n"
        "return pd.DataFrame({\n"
        "    'n_sejours': g.size(),\n"
        "    'age_moyen': g['age_entree'].mean(),\n"
        "    'duree_mediane': g['duree_sejour'].median(),\n"
        "    'pct_deces': 100 * g['mode_sortie'].apply(lambda s: (s == 'décès').mean()),\n"
        "    'pct_readmission': 100 * g['readmission_30j'].mean(),\n"
        "})"
    ),
)
BROKEN_BY_MISTAKES = {"m01_q1_subjects", "m01_q3_clean_covid", "m01_q10_table_one"}


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = ASSIGNMENT
    ALTERNATIVES = ALTERNATIVES
    MISTAKES = {"erreurs": MISTAKES}
    BROKEN = {"erreurs": BROKEN_BY_MISTAKES}
