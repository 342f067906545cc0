"""Module 06 « Cybersécurité et confidentialité » — data and checks of the lesson and of
the graded assignment.

Graded answer keys are not here: the visible checks run the learner's function on small
hand-made inputs whose right answer is known by construction (and name the usual mistake
from the learner's own output); the reference on the cohort variant is computed in the
assignment's hidden tests. References: ``iasante/privacy_metrics.py``.
"""

from __future__ import annotations

import hashlib
import math
import re
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from iasante.data import variants
from iasante.feedback import (
    Incorrect,
    NotAttempted,
    Question,
    call_answer,
    catalogue_hints,
    check_type,
)
from iasante.messages import msg

#: the quasi-identifiers an attacker can find about a named person
QUASI_IDENTIFIERS = ["sexe", "date_naissance", "code_postal"]
#: the generalised quasi-identifiers of question 4
GENERALISED_QI = ["sexe", "tranche_age", "departement", "annee_entree"]
SENSITIVE = "diagnostic"
K_TARGET = 5
MAX_SUPPRESSION = 0.05
MIN_AGE_BANDS = 4
EXACT_QI = ("date_naissance", "code_postal", "date_entree", "age_entree", "pseudo")
#: the seed of the cohort variant the assignment's hidden tests use
HIDDEN_TESTS_SEED = variants.HIDDEN_TESTS_SEED
#: scrypt settings accepted by question 8 (RFC 7914; OWASP Password Storage Cheat Sheet)
SCRYPT_N_RANGE = (2**14, 2**17)
SCRYPT_R_RANGE = (8, 16)
SCRYPT_P_RANGE = (1, 4)
SCRYPT_MAXMEM = 2**28
MAX_EVASION_CHARS = 600
URL = re.compile(r"https?://([^\s/]+)")
ACTION_WORDS = re.compile(
    r"identifi|mot de passe|connect|cliqu|saisi|coordonn|vérifi|paiement|régle|code",
    re.IGNORECASE,
)
LEGIT_DOMAIN = "chu-exemple.example"

# --------------------------------------------------------------------------------------------
# Data: the « de-identified » extract and the named directory, derived from the cohort
# --------------------------------------------------------------------------------------------


def _tables(seed: int | None) -> dict[str, pd.DataFrame]:
    if seed is None:
        from iasante.data import load_cohort, load_cohort_raw

        return {
            "raw_patients": load_cohort_raw(),
            "patients": load_cohort("patients", "propre"),
            "stays": load_cohort("sejours", "propre"),
            "diagnoses": load_cohort("diagnostics", "propre"),
        }
    from iasante.data.variants import cohort_variant

    return cohort_variant(seed, "propre")


@cache
def _extract_and_directory(seed: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    t = _tables(seed)
    raw = t["raw_patients"].reset_index(drop=True)
    raw = raw.assign(patient_id=t["patients"]["patient_id"].to_numpy())
    stays = t["stays"].sort_values(["date_entree", "sejour_id"])
    first = stays.drop_duplicates("patient_id")
    dg = t["diagnoses"]
    dp = dg[dg["type_diagnostic"] == "DP"].set_index("sejour_id")["code_cim10"]
    first = first.assign(diagnostic=first["sejour_id"].map(dp))
    merged = raw.merge(first, on="patient_id", how="inner")
    rng = np.random.default_rng(0 if seed is None else seed)
    order = rng.permutation(len(merged))
    extract = pd.DataFrame(
        {
            "pseudo": [f"X{i:05d}" for i in range(len(merged))],
            "sexe": merged["sexe"].astype(str).to_numpy()[order],
            "date_naissance": merged["date_naissance"].to_numpy()[order],
            "code_postal": merged["code_postal"].astype(str).to_numpy()[order],
            "date_entree": merged["date_entree"].to_numpy()[order],
            "age_entree": merged["age_entree"].astype(int).to_numpy()[order],
            "diagnostic": merged["diagnostic"].astype(str).to_numpy()[order],
            "duree_sejour": merged["duree_sejour"].astype(int).to_numpy()[order],
        }
    )
    directory = pd.DataFrame(
        {
            "nom": raw["nom"].astype(str),
            "prenom": raw["prenom"].astype(str),
            "sexe": raw["sexe"].astype(str),
            "date_naissance": raw["date_naissance"],
            "code_postal": raw["code_postal"].astype(str),
            "commune": raw["commune"].astype(str),
        }
    )
    return extract, directory


def deidentified_extract(seed: int | None = None) -> pd.DataFrame:
    """The « de-identified » research extract: one row per patient (first stay), no name,
    no NIR, a random pseudonym — but date of birth, sex, postcode and admission date kept.

    ``seed=None`` derives it from the committed cohort; another seed from a cohort variant
    (the hidden tests). A copy is returned each time.
    """
    return _extract_and_directory(seed)[0].copy()


def named_directory(seed: int | None = None) -> pd.DataFrame:
    """A named file an attacker could hold (members list, customer file…): name, sex,
    date of birth, postcode, commune of the same people."""
    return _extract_and_directory(seed)[1].copy()


@cache
def _phishing_split(seed: int) -> tuple[Any, Any, Any, Any]:
    from sklearn.model_selection import train_test_split

    from iasante.data.phishing import generate_phishing_corpus

    corpus = generate_phishing_corpus(seed)
    return train_test_split(
        corpus["message"],
        corpus["hameconnage"],
        test_size=0.3,
        stratify=corpus["hameconnage"],
        random_state=0,
    )


def phishing_split(seed: int = 2026) -> tuple[Any, Any, Any, Any]:
    """``X_train, X_test, y_train, y_test`` of the phishing corpus (30 % test, stratified)."""
    return tuple(x.copy() for x in _phishing_split(seed))


def phishing_model(X_train: Any, y_train: Any) -> Any:
    """The course's phishing filter: TF-IDF on words then a logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000)).fit(X_train, y_train)


def grading_warm_up() -> None:
    """Called once by the grading template before it forks a kernel per student."""
    _extract_and_directory(HIDDEN_TESTS_SEED)
    _extract_and_directory(None)
    _phishing_split(2026)


# --------------------------------------------------------------------------------------------
# Small hand-made inputs, right answers known by construction
# --------------------------------------------------------------------------------------------


def _toy_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pseudo": list("abcdefg"),
            "sexe": ["F", "F", "F", "M", "M", "M", "F"],
            "annee": [1950, 1950, 1950, 1950, 1962, 1962, 1980],
            "dept": ["69", "69", "69", "69", "03", "03", "03"],
            "diagnostic": ["I50", "J18", "I50", "J18", "N39", "N39", "A41"],
        }
    )


_QI_TOY = ["sexe", "annee", "dept"]
# (quasi-identifiers, uniqueness, k, l) on the toy table — counted by hand:
# classes on sexe/annee/dept: F-1950-69 (3 rows, I50/J18), M-1950-69 (1), M-1962-03 (2, N39),
# F-1980-03 (1); the same classes on sexe/dept; on sexe: F (4 rows, I50/J18/A41),
# M (3 rows, J18/N39); on dept: 69 (4 rows, I50/J18), 03 (3 rows, N39/A41)
_TOY_CASES = [
    (_QI_TOY, 2 / 7, 1, 1),
    (["sexe"], 0.0, 3, 2),
    (["dept"], 0.0, 3, 2),
    (["sexe", "dept"], 2 / 7, 1, 1),
]


def _same(a: Any, b: float) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    except (TypeError, ValueError):
        return False


def _number(value: Any, name: str) -> float:
    if isinstance(value, (pd.Series, pd.DataFrame, list, tuple, dict, np.ndarray)):
        raise Incorrect.of("m06.x.not_a_number", name=name, type_name=type(value).__name__)
    check_type(value, (int, float), name)
    return float(value)


def _call_on_copy(func: Any, df: pd.DataFrame, *args: Any) -> Any:
    given = df.copy()
    got = call_answer(func, given, *args)
    if not given.equals(df):
        raise Incorrect.of("m06.x.modified_input", name=getattr(func, "__name__", "fonction"))
    return got


# --------------------------------------------------------------------------------------------
# Lesson questions (references allowed: the lesson may show solutions)
# --------------------------------------------------------------------------------------------


class L1Uniqueness(Question):
    title = msg("m06.l1.title")
    hints = catalogue_hints("m06.l1")
    solution_text = (
        "qi = ['sexe', 'date_naissance', 'code_postal']\n"
        "tailles = extrait.groupby(qi).transform('size')['pseudo']\n"
        "part_uniques = (tailles == 1).mean()"
    )

    def _check(self, part_uniques: Any = None, extract: Any = None) -> None:
        value = _number(part_uniques, "part_uniques")
        sizes = extract.groupby(QUASI_IDENTIFIERS)["pseudo"].transform("size")
        share = float((sizes == 1).mean())
        if _same(value, 100 * share):
            raise Incorrect.of("m06.x.percent", name="part_uniques")
        if _same(value, (sizes == 1).sum()):
            raise Incorrect.of("m06.x.count_not_share", name="part_uniques")
        if not _same(value, share):
            raise Incorrect.of("m06.l1.wrong", name="part_uniques")


class L2KAnonymity(Question):
    title = msg("m06.l2.title")
    hints = catalogue_hints("m06.l2")
    solution_text = (
        "k_generalise = int(generalise.groupby(['sexe', 'tranche_age', 'departement',\n"
        "                                       'annee_entree']).size().min())"
    )

    def _check(self, k_generalise: Any = None, table: Any = None) -> None:
        value = _number(k_generalise, "k_generalise")
        sizes = table.groupby(GENERALISED_QI, observed=True).size()
        if _same(value, sizes.max()):
            raise Incorrect.of("m06.k.largest_class", name="k_generalise")
        if _same(value, len(sizes)):
            raise Incorrect.of("m06.k.n_classes", name="k_generalise")
        if not _same(value, sizes.min()):
            raise Incorrect.of("m06.l2.wrong", name="k_generalise")


class L3Passphrase(Question):
    title = msg("m06.l3.title")
    hints = catalogue_hints("m06.l3")
    solution_text = "bits_phrase = 5 * math.log2(7776)"

    def _check(self, bits_phrase: Any = None) -> None:
        value = _number(bits_phrase, "bits_phrase")
        if _same(value, 5 * math.log10(7776)) or _same(value, 5 * math.log(7776)):
            raise Incorrect.of("m06.entropy.log_base", name="bits_phrase")
        if _same(value, 7776**5):
            raise Incorrect.of("m06.entropy.not_log", name="bits_phrase")
        if _same(value, 5 * math.log2(26)) or _same(value, 25 * math.log2(26)):
            raise Incorrect.of("m06.l3.letters", name="bits_phrase")
        if not _same(value, 5 * math.log2(7776)):
            raise Incorrect.of("m06.l3.wrong", name="bits_phrase")


class L4Evasion(Question):
    title = msg("m06.l4.title")
    hints = catalogue_hints("m06.l4")
    solution_text = (
        "message_contourne = (\n"
        '    "Staff de cardiologie — Bonjour, le compte rendu de la réunion est disponible "\n'
        '    "sur l\'intranet ; merci de confirmer votre présence. Pour le consulter, "\n'
        '    "identifiez-vous : https://intranet-chu-exemple.example/documents "\n'
        '    "Bonne journée, Claire Martin")'
    )

    def _check(self, message: Any = None, model: Any = None) -> None:
        _check_evasion(message, model, "message_contourne")


def _check_evasion(message: Any, model: Any, name: str) -> None:
    if message is None or (isinstance(message, str) and not message.strip()):
        raise NotAttempted.of("m06.evasion.empty", name=name)
    check_type(message, str, name)
    if len(message) > MAX_EVASION_CHARS:
        raise Incorrect.of("m06.evasion.too_long", name=name, n=len(message))
    links = [host.rstrip(".,;:!?)»\"'").lower() for host in URL.findall(message)]
    if not links:
        raise Incorrect.of("m06.evasion.no_link", name=name)
    if not all(host.endswith(".example") for host in links):
        raise Incorrect.of("m06.evasion.real_domain", name=name)
    if all(host == LEGIT_DOMAIN or host.endswith("." + LEGIT_DOMAIN) for host in links):
        raise Incorrect.of("m06.evasion.legit_link", name=name)
    if not ACTION_WORDS.search(message):
        raise Incorrect.of("m06.evasion.no_request", name=name)
    score = float(model.predict_proba([message])[0, 1])
    if score >= 0.5:
        raise Incorrect.of(
            "m06.evasion.detected", name=name, value=f"{score:.2f}".replace(".", ",")
        )


# --------------------------------------------------------------------------------------------
# Graded questions
# --------------------------------------------------------------------------------------------


class Q1Uniqueness(Question):
    title = msg("m06.q1.title")
    hints = catalogue_hints("m06.q1")
    solution_text = None

    def _check(self, uniqueness_rate: Any = None) -> None:
        toy = _toy_table()
        for qi, want, _k, _l in _TOY_CASES:
            got = _call_on_copy(uniqueness_rate, toy, list(qi))
            value = _number(got, "uniqueness_rate(...)")
            if _same(value, want):
                continue
            sizes = toy.groupby(qi).size()
            if _same(value, 100 * want) and want:
                raise Incorrect.of("m06.x.percent", name="uniqueness_rate(...)")
            if _same(value, round(want * len(toy))) and want:
                raise Incorrect.of("m06.x.count_not_share", name="uniqueness_rate(...)")
            if _same(value, (sizes == 1).mean()):
                raise Incorrect.of("m06.q1.classes_not_rows")
            if _same(value, 1.0) and want < 1:
                raise Incorrect.of("m06.x.all_columns", name="uniqueness_rate(...)")
            if _same(value, (~toy.duplicated(qi)).mean()):
                raise Incorrect.of("m06.q1.distinct_not_unique")
            raise Incorrect.of("m06.q1.wrong", columns=", ".join(qi))


class Q2KAnonymity(Question):
    title = msg("m06.q2.title")
    hints = catalogue_hints("m06.q2")
    solution_text = None

    def _check(self, k_anonymity: Any = None) -> None:
        toy = _toy_table()
        for qi, _u, want, _l in _TOY_CASES:
            got = _call_on_copy(k_anonymity, toy, list(qi))
            value = _number(got, "k_anonymity(...)")
            if _same(value, want):
                continue
            sizes = toy.groupby(qi).size()
            if _same(value, 1) and want > 1:
                raise Incorrect.of("m06.x.all_columns", name="k_anonymity(...)")
            if _same(value, sizes.max()):
                raise Incorrect.of("m06.k.largest_class", name="k_anonymity(...)")
            if _same(value, len(sizes)):
                raise Incorrect.of("m06.k.n_classes", name="k_anonymity(...)")
            raise Incorrect.of("m06.q2.wrong", columns=", ".join(qi))
        value = _number(_call_on_copy(k_anonymity, toy.iloc[[0, 2]], ["sexe", "annee"]), "k")
        if not _same(value, 2):
            raise Incorrect.of("m06.q2.wrong", columns="sexe, annee")


def _toy_linkage() -> tuple[pd.DataFrame, pd.DataFrame]:
    # r1 → one person; r2 → two persons; r3 and r7 → nobody; r4 → one person;
    # r5 and r6 share their values and both point to the same single person.
    # Re-identified rows: r1, r4, r5, r6 = 4. A plain merge has 6 rows, 5 rows of the
    # extract match somebody, 3 rows are unique in the extract.
    extract = pd.DataFrame(
        {
            "pseudo": [f"r{i}" for i in range(1, 8)],
            "sexe": ["F", "M", "F", "M", "F", "F", "F"],
            "date_naissance": [
                "1950-01-02",
                "1961-05-06",
                "1970-07-07",
                "1980-03-04",
                "1990-09-09",
                "1990-09-09",
                "1970-07-07",
            ],
            "code_postal": ["69003", "03100", "23000", "63000", "42000", "42000", "23000"],
            "diagnostic": ["I50.0", "J18.9", "N39.0", "U07.1", "A41.9", "E87.1", "J44.1"],
        }
    )
    directory = pd.DataFrame(
        {
            "nom": ["Durand", "Petit", "Petit", "Moreau", "Roux", "Simon"],
            "sexe": ["F", "M", "M", "M", "F", "F"],
            "date_naissance": [
                "1950-01-02",
                "1961-05-06",
                "1961-05-06",
                "1980-03-04",
                "1990-09-09",
                "1975-01-01",
            ],
            "code_postal": ["69003", "03100", "03100", "63000", "42000", "69001"],
        }
    )
    return extract, directory


class Q3Linkage(Question):
    title = msg("m06.q3.title")
    hints = catalogue_hints("m06.q3")
    solution_text = None

    def _check(self, count_reidentified: Any = None) -> None:
        extract, directory = _toy_linkage()
        qi = QUASI_IDENTIFIERS
        given_d = directory.copy()
        got = _call_on_copy(count_reidentified, extract, given_d, list(qi))
        if not given_d.equals(directory):
            raise Incorrect.of("m06.x.modified_input", name="count_reidentified")
        value = _number(got, "count_reidentified(...)")
        if _same(value, 4):
            return
        if _same(value, 6):
            raise Incorrect.of("m06.q3.all_matches")
        if _same(value, 5):
            raise Incorrect.of("m06.q3.at_least_one")
        if _same(value, 3):
            raise Incorrect.of("m06.q3.unique_in_extract")
        if 0 < value < 1:
            raise Incorrect.of("m06.x.share_not_count", name="count_reidentified(...)")
        raise Incorrect.of("m06.q3.wrong")


def check_anonymised(table: Any, original: pd.DataFrame, name: str = "anonymise(extrait)") -> None:
    """The rules of question 4, checked on any extract (visible and hidden tests)."""
    if table is None:
        raise NotAttempted.of("m06.q4.none", name=name)
    if not isinstance(table, pd.DataFrame):
        raise Incorrect.of("m06.q4.not_dataframe", name=name, type_name=type(table).__name__)
    kept = [c for c in EXACT_QI if c in table.columns]
    if kept:
        raise Incorrect.of("m06.q4.exact_qi_kept", name=name, columns=", ".join(kept))
    missing = [c for c in [*GENERALISED_QI, SENSITIVE] if c not in table.columns]
    if missing:
        raise Incorrect.of("m06.q4.missing_columns", name=name, columns=", ".join(missing))
    if len(table) == 0:
        raise Incorrect.of("m06.q4.too_much_suppressed", name=name, value="100 %")
    suppressed = 1 - len(table) / len(original)
    if suppressed > MAX_SUPPRESSION + 1e-12:
        share = f"{100 * suppressed:.1f} %".replace(".", ",")
        raise Incorrect.of("m06.q4.too_much_suppressed", name=name, value=share)
    if table[GENERALISED_QI].isna().any().any():
        raise Incorrect.of("m06.q4.missing_values", name=name)
    if table["tranche_age"].nunique() < MIN_AGE_BANDS:
        raise Incorrect.of("m06.q4.too_coarse_age", name=name)
    depts = set(original["code_postal"].astype(str).str[:2])
    if not set(table["departement"].astype(str)) <= depts:
        raise Incorrect.of("m06.q4.not_departement", name=name)
    years = set(pd.to_datetime(original["date_entree"]).dt.year)
    try:
        got_years = {int(y) for y in table["annee_entree"]}
    except (TypeError, ValueError):
        raise Incorrect.of("m06.q4.not_year", name=name) from None
    if not got_years <= years:
        raise Incorrect.of("m06.q4.not_year", name=name)
    if table["sexe"].astype(str).nunique() < 2:
        raise Incorrect.of("m06.q4.sex_lost", name=name)
    k = int(table.groupby(GENERALISED_QI, observed=True).size().min())
    if k < K_TARGET:
        raise Incorrect.of("m06.q4.k_too_small", name=name, value=k)
    if not set(table[SENSITIVE].astype(str)) <= set(original[SENSITIVE].astype(str)):
        raise Incorrect.of("m06.q4.sensitive_changed", name=name)


class Q4Anonymise(Question):
    title = msg("m06.q4.title")
    hints = catalogue_hints("m06.q4")
    solution_text = None

    def _check(self, anonymise: Any = None, extract: Any = None) -> None:
        table = _call_on_copy(anonymise, extract)
        check_anonymised(table, extract)


class Q5LDiversity(Question):
    title = msg("m06.q5.title")
    hints = catalogue_hints("m06.q5")
    solution_text = None

    def _check(self, l_diversity: Any = None) -> None:
        toy = _toy_table()
        for qi, _u, k, want in _TOY_CASES:
            got = _call_on_copy(l_diversity, toy, list(qi), SENSITIVE)
            value = _number(got, "l_diversity(...)")
            if _same(value, want):
                continue
            if _same(value, k):
                raise Incorrect.of("m06.q5.counts_rows")
            if _same(value, toy[SENSITIVE].nunique()):
                raise Incorrect.of("m06.q5.whole_table")
            if _same(value, toy.groupby(qi)[SENSITIVE].nunique().max()):
                raise Incorrect.of("m06.k.largest_class", name="l_diversity(...)")
            raise Incorrect.of("m06.q5.wrong", columns=", ".join(qi))


# members and non-members: confidences counted by hand (threshold 0.6: 3 of 4 members,
# 1 of 5 non-members reach it → 0.75 − 0.2 = 0.55; threshold 0.5 → 0.75 − 0.4 = 0.35)
_MEMBERS = [0.9, 0.8, 0.6, 0.4]
_NONMEMBERS = [0.7, 0.5, 0.3, 0.2, 0.1]
_MIA_CASES = [(0.6, 0.55, 0.75, 0.2, 0.3), (0.5, 0.35, 0.75, 0.4, 0.55)]


class Q6Membership(Question):
    title = msg("m06.q6.title")
    hints = catalogue_hints("m06.q6")
    solution_text = None

    def _check(self, membership_advantage: Any = None) -> None:
        for t, want, tpr, fpr, strict in _MIA_CASES:
            got = call_answer(membership_advantage, np.array(_MEMBERS), np.array(_NONMEMBERS), t)
            value = _number(got, "membership_advantage(...)")
            if _same(value, want):
                continue
            if _same(value, -want):
                raise Incorrect.of("m06.q6.reversed")
            if _same(value, tpr):
                raise Incorrect.of("m06.q6.members_only")
            if _same(value, fpr) or _same(value, -fpr) or _same(value, 1 - fpr):
                raise Incorrect.of("m06.q6.nonmembers_only")
            if _same(value, strict):
                raise Incorrect.of("m06.q6.strict")
            pooled = (tpr * 4 + (1 - fpr) * 5) / 9
            if _same(value, pooled) or _same(value, (tpr + 1 - fpr) / 2):
                raise Incorrect.of("m06.q6.accuracy")
            raise Incorrect.of("m06.q6.wrong")
        got = call_answer(membership_advantage, [0.9, 0.9], [0.2, 0.3, 0.1], 0.5)
        if not _same(_number(got, "membership_advantage(...)"), 1.0):
            raise Incorrect.of("m06.q6.lists")


#: the policy of question 7 and the example password given in the statement
POLICY_LENGTH = 10
POLICY_ALPHABET = 62
EXAMPLE_PASSWORD = "Soleil2024"


def _one_password_values(password: str) -> list[float]:
    n = len(password)
    counts = pd.Series(list(password)).value_counts(normalize=True)
    shannon = float(-(counts * np.log2(counts)).sum())
    return [n * math.log2(len(set(password))), n * shannon, shannon]


class Q7Entropy(Question):
    title = msg("m06.q7.title")
    hints = catalogue_hints("m06.q7")
    solution_text = None

    def _check(self, policy_entropy: Any = None, bits_policy: Any = None) -> None:
        for length, size in [(8, 62), (5, 7776), (12, 26), (1, 2)]:
            got = _number(call_answer(policy_entropy, length, size), "policy_entropy(...)")
            if _same(got, length * math.log2(size)):
                continue
            if _same(got, length * math.log10(size)) or _same(got, length * math.log(size)):
                raise Incorrect.of("m06.entropy.log_base", name="policy_entropy(...)")
            if _same(got, size**length):
                raise Incorrect.of("m06.entropy.not_log", name="policy_entropy(...)")
            if _same(got, math.log2(size**length) / length) or _same(got, math.log2(size)):
                raise Incorrect.of("m06.q7.per_character")
            if _same(got, length * size) or _same(got, size * math.log2(length)):
                raise Incorrect.of("m06.q7.swapped")
            raise Incorrect.of("m06.q7.wrong")
        if bits_policy is None:
            raise NotAttempted.of("m06.x.none", name="bits_policy")
        bits = _number(bits_policy, "bits_policy")
        if any(_same(bits, v) for v in _one_password_values(EXAMPLE_PASSWORD)):
            raise Incorrect.of("m06.q7.one_password")
        own = float(call_answer(policy_entropy, POLICY_LENGTH, POLICY_ALPHABET))
        if not _same(bits, own):
            raise Incorrect.of("m06.q7.bits_policy_wrong")


def scrypt_of(password: str, record: dict) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=record["sel"],
        n=int(record["n"]),
        r=int(record["r"]),
        p=int(record["p"]),
        maxmem=SCRYPT_MAXMEM,
        dklen=len(record["empreinte"]),
    )


def _fast_hashes(password: str, salt: bytes) -> list[bytes]:
    pw = password.encode("utf-8")
    out = []
    for algo in ("sha256", "sha512", "md5", "sha1"):
        for data in (pw, salt + pw, pw + salt):
            h = hashlib.new(algo, data)
            out += [h.digest(), h.hexdigest().encode()]
    return out


class Q8HashPassword(Question):
    title = msg("m06.q8.title")
    hints = catalogue_hints("m06.q8")
    solution_text = None

    def _check(self, hash_password: Any = None) -> None:
        password = "Cafe-Gardes-2026"
        first = call_answer(hash_password, password)
        if not isinstance(first, dict):
            raise Incorrect.of("m06.q8.not_dict", type_name=type(first).__name__)
        missing = [k for k in ("sel", "n", "r", "p", "empreinte") if k not in first]
        if missing:
            raise Incorrect.of("m06.q8.missing_keys", columns=", ".join(missing))
        salt, digest = first["sel"], first["empreinte"]
        if not isinstance(salt, bytes) or not isinstance(digest, bytes):
            raise Incorrect.of("m06.q8.not_bytes")
        if len(salt) < 16:
            raise Incorrect.of("m06.q8.short_salt", n=len(salt))
        if digest in _fast_hashes(password, salt):
            raise Incorrect.of("m06.q8.fast_hash")
        try:
            n, r, p = int(first["n"]), int(first["r"]), int(first["p"])
        except (TypeError, ValueError):
            raise Incorrect.of("m06.q8.params_out_of_range") from None
        if (
            not SCRYPT_N_RANGE[0] <= n <= SCRYPT_N_RANGE[1]
            or n & (n - 1)
            or not SCRYPT_R_RANGE[0] <= r <= SCRYPT_R_RANGE[1]
            or not SCRYPT_P_RANGE[0] <= p <= SCRYPT_P_RANGE[1]
        ):
            raise Incorrect.of("m06.q8.params_out_of_range")
        if len(digest) < 16:
            raise Incorrect.of("m06.q8.short_digest", n=len(digest))
        if scrypt_of(password, first) != digest:
            raise Incorrect.of("m06.q8.not_scrypt")
        second = call_answer(hash_password, password)
        if not isinstance(second, dict) or second.get("sel") == salt:
            raise Incorrect.of("m06.q8.fixed_salt")
        if scrypt_of("autre-mot-de-passe", second) == second.get("empreinte"):
            raise Incorrect.of("m06.q8.ignores_password")


# Scores counted by hand: 10 legitimate messages, 5 phishing. Allowed false alarms:
# 0 → threshold above 0.95: recall 2/5; 0.1 and 0.15 (1 of 10) → 0.92: 3/5;
# 0.2 (2 of 10) → 0.75: 4/5. Dividing by all 15 messages would allow 2 at 0.15 → 4/5.
_LEGIT_SCORES = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.95]
_PHISH_SCORES = [0.99, 0.97, 0.92, 0.75, 0.35]
_RECALL_CASES = [(0.1, 0.6), (0.15, 0.6), (0.0, 0.4), (0.2, 0.8)]


class Q9RecallAtFalseAlarm(Question):
    title = msg("m06.q9.title")
    hints = catalogue_hints("m06.q9")
    solution_text = None

    def _check(self, recall_at_false_alarm: Any = None) -> None:
        y = np.r_[np.zeros(10, dtype=int), np.ones(5, dtype=int)]
        scores = np.r_[_LEGIT_SCORES, _PHISH_SCORES]
        for far, want in _RECALL_CASES:
            got = call_answer(recall_at_false_alarm, y.copy(), scores.copy(), far)
            value = _number(got, "recall_at_false_alarm(...)")
            if _same(value, want):
                continue
            if far == 0.15 and _same(value, 0.8):
                raise Incorrect.of("m06.q9.rate_over_all")
            if far == 0.1 and _same(value, 0.4):
                raise Incorrect.of("m06.q9.strict")
            if far == 0.1 and _same(value, 0.92):
                raise Incorrect.of("m06.q9.threshold_returned")
            if far == 0.1 and _same(value, 0.75):
                raise Incorrect.of("m06.q9.precision")
            raise Incorrect.of("m06.q9.wrong")


class Q10Evasion(Question):
    title = msg("m06.q10.title")
    hints = catalogue_hints("m06.q10")
    solution_text = None

    def _check(self, evasion: Any = None, model: Any = None) -> None:
        _check_evasion(evasion, model, "evasion")


# lesson instances
l1_uniqueness = L1Uniqueness()
l2_k = L2KAnonymity()
l3_passphrase = L3Passphrase()
l4_evasion = L4Evasion()
# graded instances (no solution text)
q1_uniqueness = Q1Uniqueness()
q2_k_anonymity = Q2KAnonymity()
q3_linkage = Q3Linkage()
q4_anonymise = Q4Anonymise()
q5_l_diversity = Q5LDiversity()
q6_membership = Q6Membership()
q7_entropy = Q7Entropy()
q8_hash_password = Q8HashPassword()
q9_recall = Q9RecallAtFalseAlarm()
q10_evasion = Q10Evasion()
