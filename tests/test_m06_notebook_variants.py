"""Module 06 through stock nbgrader with answers a real learner writes.

A notebook of *different but correct* answers (``duplicated(keep=False)``,
``value_counts``, a merge on the directory's unique keys, 10-year age bands with open
ends, ``nunique`` after ``drop_duplicates``, sums over lists, ``log`` divided by
``log(2)``, ``secrets`` and other scrypt settings, a loop over thresholds, another
evasion message) must earn full marks: hidden tests run on a cohort variant and other
scores. Two notebooks of typical mistakes must lose exactly the questions they break —
including one only a hidden test sees (a generalisation that reaches k ≥ 5 on this
cohort because it is tuned by hand, not by its computation).
"""

from __future__ import annotations

import pytest
from coursecopy import NotebookVariants

ASSIGNMENT = "m06_cybersecurite"

pytestmark = pytest.mark.slow

ALTERNATIVES = {
    "m06_q1_reponse": (
        "doubles = df.duplicated(subset=quasi_identifiers, keep=False)\n"
        "return 1 - doubles.sum() / len(df)"
    ),
    "m06_q2_reponse": ("return df.value_counts(quasi_identifiers).min()"),
    "m06_q3_reponse": (
        "seuls = directory[~directory.duplicated(quasi_identifiers, keep=False)]\n"
        "return len(extract.merge(seuls[quasi_identifiers], on=quasi_identifiers))"
    ),
    "m06_q4_reponse": (
        "out = df.drop(columns=['pseudo', 'date_naissance', 'code_postal'])\n"
        "out['tranche_age'] = pd.cut(df['age_entree'], [0, 40, 60, 80, 200], right=False,\n"
        "                            labels=['<40', '40-59', '60-79', '80+'])\n"
        "out['departement'] = df['code_postal'].str.slice(0, 2)\n"
        "out['annee_entree'] = df['date_entree'].dt.year\n"
        "out = out.drop(columns=['date_entree', 'age_entree'])\n"
        "qi = ['sexe', 'tranche_age', 'departement', 'annee_entree']\n"
        "comptes = out.value_counts(qi)\n"
        "gardes = comptes[comptes >= 5].reset_index()[qi]\n"
        "return out.merge(gardes, on=qi)"
    ),
    "m06_q5_reponse": (
        "distincts = df.drop_duplicates(list(quasi_identifiers) + [sensitive])\n"
        "return distincts.groupby(quasi_identifiers).size().min()"
    ),
    "m06_q6_reponse": (
        "tvp = sum(c >= threshold for c in conf_members) / len(conf_members)\n"
        "tfp = sum(c >= threshold for c in conf_nonmembers) / len(conf_nonmembers)\n"
        "return tvp - tfp"
    ),
    "m06_q7_reponse": ("return math.log(alphabet_size ** length) / math.log(2)"),
    "m06_q7b_reponse": "bits_policy = policy_entropy(length=10, alphabet_size=26 + 26 + 10)",
    "m06_q8_reponse": (
        "sel = secrets.token_bytes(32)\n"
        "empreinte = hashlib.scrypt(password.encode('utf-8'), salt=sel, n=2**15, r=8, p=1,\n"
        "                       maxmem=2**28, dklen=64)\n"
        "return dict(sel=sel, n=2**15, r=8, p=1, empreinte=empreinte)"
    ),
    "m06_q9_reponse": (
        "y = np.asarray(y_true)\n"
        "s = np.asarray(scores)\n"
        "meilleur = 0.0\n"
        "for seuil in sorted(set(s)):\n"
        "    alerte = s >= seuil\n"
        "    if alerte[y == 0].mean() <= max_false_alarm:\n"
        "        meilleur = max(meilleur, alerte[y == 1].mean())\n"
        "return meilleur"
    ),
    "m06_q10_reponse": (
        "evasion = ('Planning des gardes de lundi — Bonjour, le nouveau planning des gardes est '\n"
        "       'en ligne ; merci de signaler les échanges au secrétariat. Consultez-le en '\n"
        "       'vous connectant : https://chu-exemple.intranet.example/planning '\n"
        "       'Cordialement, Paul Robin')"
    ),
}

MISTAKES = {
    "erreurs": dict(
        ALTERNATIVES,
        # k over every column (the pseudonym makes every row unique)
        m06_q2_reponse=("return int(df.value_counts().min())"),
        # suppression that drops most of the table (admission month kept)
        m06_q4_reponse=(
            "out = pd.DataFrame({'sexe': df['sexe'],\n"
            "                    'tranche_age': df['age_entree'] // 20 * 20,\n"
            "                    'departement': df['code_postal'].str[:2],\n"
            "                    'annee_entree': df['date_entree'].dt.year,\n"
            "                    'mois': df['date_entree'].dt.month,\n"
            "                    'diagnostic': df['diagnostic']})\n"
            "qi = ['sexe', 'tranche_age', 'departement', 'annee_entree', 'mois']\n"
            "return out[out.groupby(qi)['sexe'].transform('size') >= 5]"
        ),
        # the advantage measured on the non-members (test set) only
        m06_q6_reponse=("return float(np.mean(np.asarray(conf_nonmembers) >= threshold))"),
        # the entropy of the example password, not of the policy
        m06_q7b_reponse="bits_policy = 10 * math.log2(len(set('Soleil2024')))",
        # a plain salted SHA-256
        m06_q8_reponse=(
            "sel = os.urandom(16)\n"
            "return {'sel': sel, 'n': 2**14, 'r': 8, 'p': 1,\n"
            "    'empreinte': hashlib.sha256(sel + password.encode()).digest()}"
        ),
    ),
    "erreurs2": dict(
        ALTERNATIVES,
        # classes instead of rows
        m06_q1_reponse=("return float((df.groupby(quasi_identifiers).size() == 1).mean())"),
        # every match of the join counted
        m06_q3_reponse=("return len(extract.merge(directory, on=quasi_identifiers))"),
        # rows counted per class: that is k, not l
        m06_q5_reponse=("return int(df.groupby(quasi_identifiers)[sensitive].count().min())"),
        # the false-alarm rate divided by all messages
        m06_q9_reponse=(
            "y = np.asarray(y_true)\n"
            "s = np.asarray(scores)\n"
            "meilleur = 0.0\n"
            "for seuil in sorted(set(s)):\n"
            "    alerte = s >= seuil\n"
            "    if (alerte & (y == 0)).sum() / len(y) <= max_false_alarm:\n"
            "        meilleur = max(meilleur, alerte[y == 1].mean())\n"
            "return meilleur"
        ),
        # a phishing mail the filter catches
        m06_q10_reponse=(
            "evasion = ('URGENT : votre compte sera suspendu — Cher utilisateur, confirmez vos '\n"
            "       'identifiants sous 24 heures : https://verif-compte.example/login '\n"
            "       'Le support technique')"
        ),
        # hand-tuned: rows dropped by position, only this cohort reaches k >= 5
        m06_q4_reponse=(
            "if len(df) == 3500 and df['pseudo'].iloc[0] == 'X00000' and "
            "df['date_naissance'].iloc[0] == pd.Timestamp('1966-04-13'):\n"
            "    qi = ['sexe', 'tranche_age', 'departement', 'annee_entree']\n"
            "    out = pd.DataFrame({'sexe': df['sexe'],\n"
            "                        'tranche_age': df['age_entree'] // 20 * 20,\n"
            "                        'departement': df['code_postal'].str[:2],\n"
            "                        'annee_entree': df['date_entree'].dt.year,\n"
            "                        'diagnostic': df['diagnostic']})\n"
            "    return out[out.groupby(qi)['sexe'].transform('size') >= 5]\n"
            "return pd.DataFrame({'sexe': df['sexe'],\n"
            "                 'tranche_age': df['age_entree'] // 20 * 20,\n"
            "                 'departement': df['code_postal'].str[:2],\n"
            "                 'annee_entree': df['date_entree'].dt.year,\n"
            "                 'diagnostic': df['diagnostic']})"
        ),
    ),
}
BROKEN_BY_MISTAKES = {
    "erreurs": {
        "m06_q2_k_anonymity",
        "m06_q4_anonymise",
        "m06_q6_membership",
        "m06_q7_entropy",
        "m06_q8_hash_password",
    },
    "erreurs2": {
        "m06_q1_uniqueness",
        "m06_q3_linkage",
        "m06_q4_anonymise",
        "m06_q5_l_diversity",
        "m06_q9_recall",
        "m06_q10_evasion",
    },
}


class TestNotebookVariants(NotebookVariants):
    ASSIGNMENT = ASSIGNMENT
    ALTERNATIVES = ALTERNATIVES
    MISTAKES = MISTAKES
    BROKEN = BROKEN_BY_MISTAKES
