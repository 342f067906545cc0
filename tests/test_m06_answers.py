"""Module 06: known right answers pass, known wrong answers fail with the intended diagnosis.

Each graded question lists genuinely different correct answers (``transform('size')`` or
``duplicated(keep=False)``; ``groupby().size().min()`` or ``value_counts``; another
generalisation that reaches k ≥ 5 within the allowed loss; scrypt settings anywhere in the
accepted range; ``roc_curve`` or a loop over thresholds) and the typical mistakes named by
the issue: k over all columns, a suppression that drops most of the table, the membership
advantage on the test set only, the entropy of one password instead of the policy.
"""

from __future__ import annotations

import hashlib
import math
import os
import secrets

import numpy as np
import pandas as pd
import pytest
from answercheck import assert_correct, assert_incorrect, assert_not_attempted
from sklearn.metrics import roc_curve

from iasante.exercises import m06


def stub(*_args, **_kwargs):
    raise NotImplementedError()


@pytest.fixture(scope="module")
def extract():
    return m06.deidentified_extract()


@pytest.fixture(scope="module")
def model():
    X_train, _, y_train, _ = m06.phishing_split()
    return m06.phishing_model(X_train, y_train)


# ------------------------------------------------------------------ Q1 uniqueness


def uniq_transform(df, qi):
    return float((df.groupby(qi)[qi[0]].transform("size") == 1).mean())


def uniq_duplicated(df, qi):
    return 1 - df.duplicated(subset=qi, keep=False).mean()


def test_q1_right_answers():
    assert_correct(m06.q1_uniqueness, uniq_transform)
    assert_correct(m06.q1_uniqueness, uniq_duplicated)
    assert_correct(m06.q1_uniqueness, lambda df, qi: (df.value_counts(qi) == 1).sum() / len(df))


def test_q1_wrong_answers():
    assert_not_attempted(m06.q1_uniqueness, None)
    assert_not_attempted(m06.q1_uniqueness, stub)
    assert_incorrect(
        m06.q1_uniqueness, lambda df, qi: 100 * uniq_transform(df, qi), key="m06.x.percent"
    )
    assert_incorrect(
        m06.q1_uniqueness,
        lambda df, qi: int((df.groupby(qi)[qi[0]].transform("size") == 1).sum()),
        key="m06.x.count_not_share",
    )
    assert_incorrect(
        m06.q1_uniqueness,
        lambda df, qi: (df.groupby(qi).size() == 1).mean(),
        key="m06.q1.classes_not_rows",
    )
    assert_incorrect(
        m06.q1_uniqueness,
        lambda df, qi: 1 - df.duplicated(keep=False).mean(),
        key="m06.x.all_columns",
    )
    assert_incorrect(
        m06.q1_uniqueness,
        lambda df, qi: (~df.duplicated(qi)).mean(),
        key="m06.q1.distinct_not_unique",
    )

    def modifies(df, qi):
        df["n"] = df.groupby(qi)[qi[0]].transform("size")
        return float((df["n"] == 1).mean())

    assert_incorrect(m06.q1_uniqueness, modifies, key="m06.x.modified_input")


# ------------------------------------------------------------------ Q2 k


def test_q2_right_answers():
    assert_correct(m06.q2_k_anonymity, lambda df, qi: int(df.groupby(qi).size().min()))
    assert_correct(m06.q2_k_anonymity, lambda df, qi: df.value_counts(qi).min())
    assert_correct(m06.q2_k_anonymity, lambda df, qi: df.groupby(qi)[qi[0]].transform("size").min())


def test_q2_wrong_answers():
    assert_not_attempted(m06.q2_k_anonymity, stub)
    assert_incorrect(
        m06.q2_k_anonymity, lambda df, qi: df.value_counts().min(), key="m06.x.all_columns"
    )
    assert_incorrect(
        m06.q2_k_anonymity, lambda df, qi: df.groupby(qi).size().max(), key="m06.k.largest_class"
    )
    assert_incorrect(
        m06.q2_k_anonymity, lambda df, qi: df.groupby(qi).ngroups, key="m06.k.n_classes"
    )
    assert_incorrect(
        m06.q2_k_anonymity, lambda df, qi: df.groupby(qi).size(), key="m06.x.not_a_number"
    )


# ------------------------------------------------------------------ Q3 linkage


def link_merge(extract, directory, qi):
    counts = directory.groupby(qi).size().rename("n").reset_index()
    return int((extract.merge(counts, on=qi, how="left")["n"] == 1).sum())


def link_unique_keys(extract, directory, qi):
    unique = directory[~directory.duplicated(qi, keep=False)]
    return len(extract.merge(unique[qi], on=qi))


def test_q3_right_answers(extract):
    assert_correct(m06.q3_linkage, link_merge)
    assert_correct(m06.q3_linkage, link_unique_keys)


def test_q3_wrong_answers():
    assert_not_attempted(m06.q3_linkage, stub)
    assert_incorrect(
        m06.q3_linkage, lambda e, d, qi: len(e.merge(d, on=qi)), key="m06.q3.all_matches"
    )
    assert_incorrect(
        m06.q3_linkage,
        lambda e, d, qi: int(e.merge(d[qi].drop_duplicates(), on=qi).shape[0]),
        key="m06.q3.at_least_one",
    )
    assert_incorrect(
        m06.q3_linkage,
        lambda e, d, qi: int((~e.duplicated(qi, keep=False)).sum()),
        key="m06.q3.unique_in_extract",
    )
    assert_incorrect(
        m06.q3_linkage, lambda e, d, qi: link_merge(e, d, qi) / len(e), key="m06.x.share_not_count"
    )


def test_q3_reference_on_the_cohort(extract):
    """The lesson's number: on the real extract almost everyone is re-identified."""
    directory = m06.named_directory()
    n = link_merge(extract, directory, m06.QUASI_IDENTIFIERS)
    assert 0.95 < n / len(extract) <= 1


# ------------------------------------------------------------------ Q4 anonymise


def anonymise_20(df):
    out = pd.DataFrame(
        {
            "sexe": df["sexe"],
            "tranche_age": (df["age_entree"] // 20) * 20,
            "departement": df["code_postal"].str[:2],
            "annee_entree": df["date_entree"].dt.year,
            "diagnostic": df["diagnostic"],
        }
    )
    size = out.groupby(["sexe", "tranche_age", "departement", "annee_entree"])["sexe"]
    return out[size.transform("size") >= 5]


def anonymise_cut_open(df):
    """10-year bands, but the extremes grouped (« moins de 40 », « 80 et plus »)."""
    out = df.copy()
    out["tranche_age"] = pd.cut(
        out["age_entree"],
        bins=[0, 40, 50, 60, 70, 80, 200],
        right=False,
        labels=["<40", "40-49", "50-59", "60-69", "70-79", "80+"],
    )
    out["departement"] = out["code_postal"].str.slice(0, 2)
    out["annee_entree"] = out["date_entree"].dt.year
    out = out[["sexe", "tranche_age", "departement", "annee_entree", "diagnostic"]]
    counts = out.value_counts(["sexe", "tranche_age", "departement", "annee_entree"])
    keep = counts[counts >= 5].reset_index()[["sexe", "tranche_age", "departement", "annee_entree"]]
    return out.merge(keep, on=["sexe", "tranche_age", "departement", "annee_entree"])


def test_q4_right_answers(extract):
    assert_correct(m06.q4_anonymise, anonymise_20, extract)
    res = m06.q4_anonymise.evaluate(anonymise_cut_open, extract)
    # a learner's alternative: passes whenever it keeps ≤ 5 % suppressed (checked on both cohorts)
    if res.outcome != "correct":
        assert res.key == "m06.q4.too_much_suppressed", res.message
    variant = m06.deidentified_extract(m06.HIDDEN_TESTS_SEED)
    assert_correct(m06.q4_anonymise, anonymise_20, variant)


def test_q4_wrong_answers(extract):
    assert_not_attempted(m06.q4_anonymise, stub, extract)

    def ten_years(df):  # k ≥ 5 reached by suppressing about 10 % of the rows
        out = anonymise_20(df.assign(age_entree=df["age_entree"] // 10 * 10 // 1))
        out = pd.DataFrame(
            {
                "sexe": df["sexe"],
                "tranche_age": df["age_entree"] // 10 * 10,
                "departement": df["code_postal"].str[:2],
                "annee_entree": df["date_entree"].dt.year,
                "diagnostic": df["diagnostic"],
            }
        )
        size = out.groupby(m06.GENERALISED_QI)["sexe"].transform("size")
        return out[size >= 5]

    assert_incorrect(m06.q4_anonymise, ten_years, extract, key="m06.q4.too_much_suppressed")

    def monthly(df):  # month of admission: most of the table suppressed
        out = anonymise_20(df)
        return out.iloc[: len(out) // 3]

    assert_incorrect(m06.q4_anonymise, monthly, extract, key="m06.q4.too_much_suppressed")

    def no_suppression(df):
        out = pd.DataFrame(
            {
                "sexe": df["sexe"],
                "tranche_age": df["age_entree"] // 20 * 20,
                "departement": df["code_postal"].str[:2],
                "annee_entree": df["date_entree"].dt.year,
                "diagnostic": df["diagnostic"],
            }
        )
        return out

    assert_incorrect(m06.q4_anonymise, no_suppression, extract, key="m06.q4.k_too_small")
    assert_incorrect(
        m06.q4_anonymise,
        lambda df: anonymise_20(df).assign(code_postal="x"),
        extract,
        key="m06.q4.exact_qi_kept",
    )
    assert_incorrect(
        m06.q4_anonymise,
        lambda df: anonymise_20(df).assign(tranche_age=0),
        extract,
        key="m06.q4.too_coarse_age",
    )
    assert_incorrect(
        m06.q4_anonymise,
        lambda df: anonymise_20(df).drop(columns="annee_entree"),
        extract,
        key="m06.q4.missing_columns",
    )

    def modifies(df):
        df["departement"] = df["code_postal"].str[:2]
        return anonymise_20(df)

    assert_incorrect(m06.q4_anonymise, modifies, extract, key="m06.x.modified_input")


# ------------------------------------------------------------------ Q5 l-diversity


def test_q5_right_answers():
    assert_correct(m06.q5_l_diversity, lambda df, qi, s: int(df.groupby(qi)[s].nunique().min()))
    assert_correct(
        m06.q5_l_diversity, lambda df, qi, s: df.drop_duplicates([*qi, s]).groupby(qi).size().min()
    )


def test_q5_wrong_answers():
    assert_not_attempted(m06.q5_l_diversity, stub)
    assert_incorrect(
        m06.q5_l_diversity, lambda df, qi, s: df.groupby(qi).size().min(), key="m06.q5.counts_rows"
    )
    assert_incorrect(
        m06.q5_l_diversity, lambda df, qi, s: df[s].nunique(), key="m06.q5.whole_table"
    )
    assert_incorrect(
        m06.q5_l_diversity,
        lambda df, qi, s: df.groupby(qi)[s].nunique().max(),
        key="m06.k.largest_class",
    )


# ------------------------------------------------------------------ Q6 membership


def test_q6_right_answers():
    assert_correct(
        m06.q6_membership, lambda m, n, t: np.mean(np.asarray(m) >= t) - np.mean(np.asarray(n) >= t)
    )
    assert_correct(
        m06.q6_membership,
        lambda m, n, t: sum(x >= t for x in m) / len(m) - sum(x >= t for x in n) / len(n),
    )


def test_q6_wrong_answers():
    assert_not_attempted(m06.q6_membership, stub)
    a = np.asarray
    assert_incorrect(
        m06.q6_membership,
        lambda m, n, t: np.mean(a(n) >= t) - np.mean(a(m) >= t),
        key="m06.q6.reversed",
    )
    assert_incorrect(
        m06.q6_membership, lambda m, n, t: np.mean(a(m) >= t), key="m06.q6.members_only"
    )
    assert_incorrect(
        m06.q6_membership, lambda m, n, t: np.mean(a(n) >= t), key="m06.q6.nonmembers_only"
    )
    assert_incorrect(
        m06.q6_membership, lambda m, n, t: 1 - np.mean(a(n) >= t), key="m06.q6.nonmembers_only"
    )
    assert_incorrect(
        m06.q6_membership,
        lambda m, n, t: np.mean(a(m) > t) - np.mean(a(n) > t),
        key="m06.q6.strict",
    )
    assert_incorrect(
        m06.q6_membership,
        lambda m, n, t: (np.mean(a(m) >= t) + np.mean(a(n) < t)) / 2,
        key="m06.q6.accuracy",
    )
    assert_incorrect(
        m06.q6_membership,
        lambda m, n, t: (
            np.mean(m >= t) - np.mean(n >= t)
            if hasattr(m, "shape")
            else np.mean([x >= t for x in m]) - 0.5
        ),
        key="m06.q6.lists",
    )


# ------------------------------------------------------------------ Q7 entropy


def test_q7_right_answers():
    assert_correct(m06.q7_entropy, lambda n, a: n * math.log2(a), 10 * math.log2(62))
    assert_correct(m06.q7_entropy, lambda n, a: math.log2(a**n), math.log2(62**10))
    assert_correct(m06.q7_entropy, lambda n, a: n * np.log(a) / np.log(2), 59.541963103868754)


def test_q7_wrong_answers():
    good = 10 * math.log2(62)
    assert_not_attempted(m06.q7_entropy, stub, good)
    assert_incorrect(
        m06.q7_entropy, lambda n, a: n * math.log10(a), good, key="m06.entropy.log_base"
    )
    assert_incorrect(m06.q7_entropy, lambda n, a: a**n, good, key="m06.entropy.not_log")
    assert_incorrect(m06.q7_entropy, lambda n, a: math.log2(a), good, key="m06.q7.per_character")
    assert_incorrect(m06.q7_entropy, lambda n, a: n * a, good, key="m06.q7.swapped")
    # entropy of the example password instead of the policy
    pw = m06.EXAMPLE_PASSWORD
    assert_incorrect(
        m06.q7_entropy,
        lambda n, a: n * math.log2(a),
        len(pw) * math.log2(len(set(pw))),
        key="m06.q7.one_password",
    )
    assert_incorrect(
        m06.q7_entropy,
        lambda n, a: n * math.log2(a),
        8 * math.log2(62),
        key="m06.q7.bits_policy_wrong",
    )
    assert_not_attempted(m06.q7_entropy, lambda n, a: n * math.log2(a), None)


# ------------------------------------------------------------------ Q8 scrypt


def scrypt_record(password, n=2**14, r=8, p=1, dklen=32):
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=2**28)
    return {"sel": salt, "n": n, "r": r, "p": p, "empreinte": digest}


def test_q8_right_answers():
    assert_correct(m06.q8_hash_password, scrypt_record)
    assert_correct(m06.q8_hash_password, lambda pw: scrypt_record(pw, n=2**15, r=8, p=1, dklen=64))

    def with_secrets(password):
        sel = secrets.token_bytes(32)
        n, r, p = 2**16, 8, 2
        empreinte = hashlib.scrypt(password.encode("utf-8"), salt=sel, n=n, r=r, p=p, maxmem=2**27)
        return {"sel": sel, "n": n, "r": r, "p": p, "empreinte": empreinte}

    assert_correct(m06.q8_hash_password, with_secrets)


def test_q8_wrong_answers():
    assert_not_attempted(m06.q8_hash_password, stub)

    def sha(password):
        salt = os.urandom(16)
        return {
            "sel": salt,
            "n": 1,
            "r": 1,
            "p": 1,
            "empreinte": hashlib.sha256(salt + password.encode()).digest(),
        }

    assert_incorrect(m06.q8_hash_password, sha, key="m06.q8.fast_hash")
    fixed = b"0123456789abcdef"

    def fixed_salt(password):
        d = hashlib.scrypt(password.encode(), salt=fixed, n=2**14, r=8, p=1, dklen=32)
        return {"sel": fixed, "n": 2**14, "r": 8, "p": 1, "empreinte": d}

    assert_incorrect(m06.q8_hash_password, fixed_salt, key="m06.q8.fixed_salt")
    assert_incorrect(
        m06.q8_hash_password,
        lambda pw: scrypt_record(pw, n=2**10),
        key="m06.q8.params_out_of_range",
    )
    assert_incorrect(
        m06.q8_hash_password, lambda pw: scrypt_record(pw, r=1), key="m06.q8.params_out_of_range"
    )

    def short_salt(password):
        rec = scrypt_record(password)
        salt = os.urandom(4)
        rec["sel"] = salt
        rec["empreinte"] = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
        return rec

    assert_incorrect(m06.q8_hash_password, short_salt, key="m06.q8.short_salt")

    def wrong_n(password):
        rec = scrypt_record(password, n=2**15)
        rec["n"] = 2**14
        return rec

    assert_incorrect(m06.q8_hash_password, wrong_n, key="m06.q8.not_scrypt")
    assert_incorrect(
        m06.q8_hash_password, lambda pw: scrypt_record("toujours-le-meme"), key="m06.q8.not_scrypt"
    )
    assert_incorrect(
        m06.q8_hash_password,
        lambda pw: {**scrypt_record(pw), "empreinte": "abc"},
        key="m06.q8.not_bytes",
    )
    assert_incorrect(m06.q8_hash_password, lambda pw: "abc", key="m06.q8.not_dict")
    assert_incorrect(m06.q8_hash_password, lambda pw: {"sel": b"x"}, key="m06.q8.missing_keys")


# ------------------------------------------------------------------ Q9 recall at false alarm


def recall_roc(y_true, scores, max_false_alarm):
    fpr, tpr, _ = roc_curve(y_true, scores)
    return float(tpr[fpr <= max_false_alarm].max())


def recall_loop(y_true, scores, max_false_alarm):
    y, s = np.asarray(y_true), np.asarray(scores)
    best = 0.0
    for t in np.unique(s):
        alarms = s >= t
        far = (alarms & (y == 0)).sum() / (y == 0).sum()
        if far <= max_false_alarm:
            best = max(best, (alarms & (y == 1)).sum() / (y == 1).sum())
    return best


def test_q9_right_answers():
    assert_correct(m06.q9_recall, recall_roc)
    assert_correct(m06.q9_recall, recall_loop)


def test_q9_wrong_answers():
    assert_not_attempted(m06.q9_recall, stub)

    def over_all(y_true, scores, max_false_alarm):
        y, s = np.asarray(y_true), np.asarray(scores)
        best = 0.0
        for t in np.unique(s):
            alarms = s >= t
            if (alarms & (y == 0)).sum() / len(y) <= max_false_alarm:
                best = max(best, (alarms & (y == 1)).sum() / (y == 1).sum())
        return best

    assert_incorrect(m06.q9_recall, over_all, key="m06.q9.rate_over_all")

    def strict(y_true, scores, max_false_alarm):
        fpr, tpr, _ = roc_curve(y_true, scores)
        return float(tpr[fpr < max_false_alarm].max()) if (fpr < max_false_alarm).any() else 0.0

    assert_incorrect(m06.q9_recall, strict, key="m06.q9.strict")

    def threshold(y_true, scores, max_false_alarm):
        fpr, tpr, th = roc_curve(y_true, scores)
        ok = fpr <= max_false_alarm
        return float(th[ok][np.argmax(tpr[ok])])

    assert_incorrect(m06.q9_recall, threshold, key="m06.q9.threshold_returned")


# ------------------------------------------------------------------ Q10 evasion

EVADE = (
    "Staff de cardiologie — Bonjour, le compte rendu de la réunion est disponible sur "
    "l'intranet ; merci de confirmer votre présence. Pour le consulter, identifiez-vous : "
    "https://intranet-chu-exemple.example/documents Bonne journée, Claire Martin"
)


def test_q10_right_answer(model):
    assert_correct(m06.q10_evasion, EVADE, model)
    assert_correct(m06.q10_evasion, EVADE.replace("/documents ", "/documents, "), model)
    assert_correct(m06.l4_evasion, EVADE, model)


def test_q10_wrong_answers(model):
    assert_not_attempted(m06.q10_evasion, "", model)
    phish = (
        "URGENT : votre compte sera suspendu — Cher utilisateur, confirmez vos "
        "identifiants : https://verif-compte.example/login Le support technique"
    )
    assert_incorrect(m06.q10_evasion, phish, model, key="m06.evasion.detected")
    assert_incorrect(
        m06.q10_evasion,
        EVADE.replace("https://intranet-chu-exemple.example/documents", ""),
        model,
        key="m06.evasion.no_link",
    )
    assert_incorrect(
        m06.q10_evasion,
        EVADE.replace("intranet-chu-exemple.example", "intranet.chu-exemple.example"),
        model,
        key="m06.evasion.legit_link",
    )
    assert_incorrect(
        m06.q10_evasion,
        "Bonjour, le staff est à 9 h. https://x.example/a",
        model,
        key="m06.evasion.no_request",
    )
    assert_incorrect(m06.q10_evasion, EVADE * 3, model, key="m06.evasion.too_long")
    assert_incorrect(
        m06.q10_evasion,
        EVADE.replace("intranet-chu-exemple.example", "intranet-chu-exemple.fr"),
        model,
        key="m06.evasion.real_domain",
    )


# ------------------------------------------------------------------ lesson exercises


def test_lesson_exercises(extract, model):
    sizes = extract.groupby(m06.QUASI_IDENTIFIERS)["pseudo"].transform("size")
    assert_correct(m06.l1_uniqueness, float((sizes == 1).mean()), extract)
    assert_incorrect(
        m06.l1_uniqueness, 100 * float((sizes == 1).mean()), extract, key="m06.x.percent"
    )
    table = anonymise_20(extract)
    k = int(table.groupby(m06.GENERALISED_QI).size().min())
    assert_correct(m06.l2_k, k, table)
    assert_incorrect(
        m06.l2_k,
        int(table.groupby(m06.GENERALISED_QI).size().max()),
        table,
        key="m06.k.largest_class",
    )
    assert_correct(m06.l3_passphrase, 5 * math.log2(7776))
    assert_incorrect(m06.l3_passphrase, 5 * math.log10(7776), key="m06.entropy.log_base")


def test_graded_questions_carry_no_solution():
    for name in dir(m06):
        if name.startswith("q") and name[1].isdigit():
            assert getattr(m06, name).solution_text is None, name


def test_privacy_metrics_hold_no_graded_answer():
    import iasante.privacy_metrics as pm

    graded = {
        "uniqueness_rate",
        "k_anonymity",
        "l_diversity",
        "count_reidentified",
        "membership_advantage",
        "policy_entropy",
        "recall_at_false_alarm",
    }
    assert not graded & set(dir(pm))
