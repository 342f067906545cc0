"""Module 01: known right answers pass, known wrong answers fail with the intended message.

Each question lists genuinely different correct solutions a learner writes (another
cleaning order, ``.loc`` vs ``.query`` vs ``.mask``, ``groupby`` vs ``pivot_table``), and
the typical mistakes with the message they must get. The answer keys live here, in
``tests/keys/m01.py``, not in the learner's package: the visible checks compare with
hand-made tables, and ``hidden(...)`` makes the call of the hidden tests (the key computed
on the data, passed as ``expected``), on the committed data or the cohort variant.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from answercheck import assert_correct, assert_incorrect, assert_not_attempted
from keys import m01 as keys

from iasante.data import cim10, load_cohort, load_cohort_raw, load_covid_testing
from iasante.data.nir import is_valid_nir, nir_key
from iasante.exercises import m01
from iasante.feedback import check_dataframe

matplotlib.use("Agg")
import matplotlib.pyplot as plt

KEY = b"cle-de-test-du-DIM-0123456789abcdef"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def tests_df():
    return load_covid_testing()


@pytest.fixture(scope="module")
def stays():
    return load_cohort("sejours")


@pytest.fixture(scope="module")
def clean_stays():
    return load_cohort("sejours", "propre")


@pytest.fixture(scope="module")
def labs():
    return load_cohort("biologie")


@pytest.fixture(scope="module")
def diagnoses():
    return load_cohort("diagnostics")


@pytest.fixture(scope="module")
def raw():
    return load_cohort_raw().head(400)


def stub(*_args, **_kwargs):
    raise NotImplementedError()


# --------------------------------------------------------------------------- Q1 subjects


def test_q1_right_answers(tests_df):
    q = m01.q1_subjects
    assert_correct(q, tests_df["subject_id"].nunique(), tests_df)
    assert_correct(q, len(tests_df.drop_duplicates("subject_id")), tests_df)
    assert_correct(q, len(set(tests_df["subject_id"])), tests_df)


def test_q1_wrong_answers(tests_df):
    q = m01.q1_subjects
    assert_not_attempted(q, None, tests_df)
    assert_incorrect(q, len(tests_df), tests_df, key="m01.q1.counted_tests")
    assert_incorrect(q, tests_df["subject_id"].unique(), tests_df, key="m01.q1.not_a_count")
    assert_incorrect(q, tests_df["subject_id"].max() - 1, tests_df, key="m01.q1.wrong")


# --------------------------------------------------------------------------- Q2 missing share


def test_q2_right_answers(tests_df):
    q = m01.q2_missing_share
    assert_correct(q, lambda df: df.isna().mean(), tests_df)
    assert_correct(q, lambda df: df.isna().sum() / len(df), tests_df)
    assert_correct(q, lambda df: 1 - df.count() / len(df), tests_df)
    assert_correct(q, lambda df: pd.Series({c: df[c].isna().mean() for c in df.columns}), tests_df)


def test_q2_wrong_answers(tests_df):
    q = m01.q2_missing_share
    assert_not_attempted(q, stub, tests_df)
    assert_incorrect(q, lambda df: 100 * df.isna().mean(), tests_df, key="m01.q2.percent")
    assert_incorrect(q, lambda df: df.isna().sum(), tests_df, key="m01.q2.counts")
    assert_incorrect(q, lambda df: df.isna().mean(axis=1), tests_df)  # per row
    assert_incorrect(q, lambda df: df.notna().mean(), tests_df)  # share present


# --------------------------------------------------------------------------- Q3 clean COVID


def clean_covid_loc(df):
    out = df.copy()
    out.loc[out["age"] > 120, "age"] = np.nan
    out.loc[out["ct_result"] == 45, "ct_result"] = np.nan
    out.loc[out["col_rec_tat"] < 0, "col_rec_tat"] = np.nan
    out.loc[out["rec_ver_tat"] < 0, "rec_ver_tat"] = np.nan
    return out


def clean_covid_assign(df):
    # another order, .mask/.where and assign, and a threshold >= 45 (no Ct above 45 exists)
    return df.assign(
        rec_ver_tat=df["rec_ver_tat"].where(df["rec_ver_tat"] >= 0),
        col_rec_tat=df["col_rec_tat"].mask(df["col_rec_tat"] < 0),
        ct_result=df["ct_result"].mask(df["ct_result"] >= 45),
        age=df["age"].mask(df["age"] > 120),
    )


def edge_tests(tests_df):
    edge = tests_df.head(4).copy()
    edge["age"] = [120.0, 120.5, np.nan, 0.0]
    edge["ct_result"] = [45.0, 44.9, np.nan, 14.05]
    edge["col_rec_tat"] = [0.0, -0.1, np.nan, 61370.2]
    edge["rec_ver_tat"] = [-18.6, 0.0, 5.0, np.nan]
    return edge


def test_q3_right_answers(tests_df):
    q = m01.q3_clean_covid
    for answer in (keys.clean_covid, clean_covid_loc, clean_covid_assign):
        assert_correct(q, answer, tests_df)
        assert_correct(q, answer, edge_tests(tests_df))


def test_q3_wrong_answers(tests_df):
    q = m01.q3_clean_covid
    assert_not_attempted(q, stub, tests_df)

    def drops_rows(df):
        return keys.clean_covid(df)[lambda d: d["age"].notna()]

    def in_place(df):
        df.loc[df["age"] > 120, "age"] = np.nan
        df.loc[df["ct_result"] == 45, "ct_result"] = np.nan
        for col in ("col_rec_tat", "rec_ver_tat"):
            df.loc[df[col] < 0, col] = np.nan
        return df

    def no_sentinel(df):
        return keys.clean_covid(df).assign(ct_result=df["ct_result"])

    def age_limit_100(df):
        return keys.clean_covid(df).assign(age=df["age"].where(df["age"] <= 100))

    def negative_kept(df):
        return keys.clean_covid(df).assign(rec_ver_tat=df["rec_ver_tat"])

    def strict_age(df):  # « < 120 »: only the hidden boundary case (age 120.0) sees it
        return keys.clean_covid(df).assign(age=df["age"].where(df["age"] < 120))

    assert_incorrect(q, drops_rows, tests_df, key="m01.q3.dropped_rows")
    assert_incorrect(q, in_place, tests_df, key="m01.q3.modified_input")
    assert_incorrect(q, no_sentinel, tests_df, key="m01.q3.sentinel_left")
    assert_incorrect(q, negative_kept, tests_df, contains="rec_ver_tat")
    assert_incorrect(q, age_limit_100, tests_df, key="m01.q3.age_boundary")
    # « < 120 » passed the visible check before (the extract has no age of exactly 120)
    assert_incorrect(q, strict_age, tests_df, key="m01.q3.age_boundary")
    assert_incorrect(q, strict_age, edge_tests(tests_df), key="m01.q3.age_boundary")


def test_q3_rules_absent_from_the_extract_are_checked_visibly(tests_df):
    """The real extract has no negative collection delay: the edge rows have one."""
    assert not (tests_df["col_rec_tat"] < 0).any()

    def forgets_collection_delay(df):
        return keys.clean_covid(df).assign(col_rec_tat=df["col_rec_tat"])

    assert_incorrect(
        m01.q3_clean_covid, forgets_collection_delay, tests_df, key="m01.q3.negative_left"
    )

    calls = []

    def modifies_only_later(df):  # leaves the first table alone, edits the next ones
        calls.append(1)
        if len(calls) > 1:
            df.loc[df["age"] > 120, "age"] = np.nan
        return keys.clean_covid(df)

    assert_incorrect(m01.q3_clean_covid, modifies_only_later, tests_df, key="m01.q3.modified_input")


# --------------------------------------------------------------------------- Q4 clean stays


def clean_stays_other_order(stays):
    # swap first, then recompute the length from the dates, then remove duplicates
    out = stays.copy()
    inverse = out["date_sortie"] < out["date_entree"]
    out[["date_entree", "date_sortie"]] = np.where(
        inverse.to_numpy()[:, None],
        out[["date_sortie", "date_entree"]].to_numpy(),
        out[["date_entree", "date_sortie"]].to_numpy(),
    )
    out["duree_sejour"] = (out["date_sortie"] - out["date_entree"]).dt.days
    out["temperature"] = np.where(
        out["temperature"] > 45, out["temperature"] / 10, out["temperature"]
    )
    out.loc[out["pas"] == 999, "pas"] = pd.NA
    return out.drop_duplicates().reset_index(drop=True)


def clean_stays_query(stays):
    out = stays.drop_duplicates()
    ok = out.query("date_sortie >= date_entree")
    bad = out.query("date_sortie < date_entree").rename(
        columns={"date_entree": "date_sortie", "date_sortie": "date_entree"}
    )
    bad = bad.assign(duree_sejour=-bad["duree_sejour"])
    out = pd.concat([ok, bad])
    return out.assign(
        temperature=out["temperature"].mask(out["temperature"] > 45, out["temperature"] / 10),
        pas=out["pas"].replace(999, pd.NA),
    )


def test_q4_right_answers(stays):
    q = m01.q4_clean_stays
    for answer in (keys.clean_stays, clean_stays_other_order, clean_stays_query):
        assert_correct(q, answer, stays)


def test_q4_wrong_answers(stays):
    q = m01.q4_clean_stays
    assert_not_attempted(q, stub, stays)
    ref = keys.clean_stays

    def keeps_duplicates(s):
        return pd.concat([ref(s), s[s.duplicated()]])

    def drops_swapped(s):
        return ref(s[s["date_sortie"] >= s["date_entree"]])

    def temperature_to_nan(s):
        out = ref(s)
        return out.assign(
            temperature=s.drop_duplicates()["temperature"].mask(
                s.drop_duplicates()["temperature"] > 45
            )
        )

    def pas_untouched(s):
        return ref(s).assign(pas=s.drop_duplicates()["pas"])

    def dates_not_swapped(s):
        out = ref(s)
        dedup = s.drop_duplicates()
        return out.assign(date_entree=dedup["date_entree"], date_sortie=dedup["date_sortie"])

    assert_incorrect(q, keeps_duplicates, stays, key="m01.q4.duplicates_left")
    assert_incorrect(q, drops_swapped, stays, key="m01.q4.too_few_rows")
    assert_incorrect(q, temperature_to_nan, stays, key="m01.q4.temperature_removed")
    assert_incorrect(q, pas_untouched, stays, key="m01.q4.pas")
    assert_incorrect(q, dates_not_swapped, stays, key="m01.q4.dates")


# --------------------------------------------------------------------------- Q5 lab units


def harmonise_np(labs):
    out = labs.query("valeur != 9999").copy()
    out["unite"] = out["unite"].astype(str)
    glucose = out["examen"].eq("glucose") & out["unite"].eq("g/L")
    hb = out["examen"].eq("hemoglobine") & out["unite"].eq("g/L")
    out["valeur"] = np.select(
        [glucose, hb], [out["valeur"] * 1000 / 180.16, out["valeur"] / 10], out["valeur"]
    )
    out["unite"] = np.select([glucose, hb], ["mmol/L", "g/dL"], out["unite"])
    return out


def test_q5_right_answers(labs):
    q = m01.q5_harmonise_labs
    assert_correct(q, keys.harmonise_labs, labs)
    assert_correct(q, harmonise_np, labs)

    def factor_5_55(labs):
        out = keys.harmonise_labs(labs)
        raw_glucose = labs.loc[out.index, "valeur"]
        converted = (labs.loc[out.index, "examen"] == "glucose") & (
            labs.loc[out.index, "unite"] == "g/L"
        )
        out.loc[converted, "valeur"] = raw_glucose[converted] * 5.55
        return out

    assert_correct(q, factor_5_55, labs)


def test_q5_wrong_answers(labs):
    q = m01.q5_harmonise_labs
    assert_not_attempted(q, stub, labs)
    ref = keys.harmonise_labs

    def keeps_sentinel(labs):
        return pd.concat([ref(labs), labs[labs["valeur"] == 9999]])

    def wrong_direction(labs):
        out = ref(labs)
        g = (labs.loc[out.index, "examen"] == "glucose") & (labs.loc[out.index, "unite"] == "g/L")
        out.loc[g, "valeur"] = labs.loc[out.index, "valeur"][g] / 5.551
        return out

    def unit_not_updated(labs):
        out = ref(labs)
        out["unite"] = labs.loc[out.index, "unite"].astype("string")
        return out

    def sentinel_to_nan(labs):
        return labs.assign(valeur=labs["valeur"].mask(labs["valeur"] == 9999)).pipe(
            lambda d: pd.concat([ref(labs), d[labs["valeur"] == 9999]])
        )

    assert_incorrect(q, keeps_sentinel, labs, key="m01.q5.sentinel_left")
    assert_incorrect(q, wrong_direction, labs, key="m01.q5.unit_value")
    assert_incorrect(q, unit_not_updated, labs, key="m01.q5.unit_label")
    assert_incorrect(q, sentinel_to_nan, labs)


# --------------------------------------------------------------------------- Q6 CIM-10 codes


def normalise_regex(code):
    match = re.fullmatch(r"([A-Z]\d\d)\.?(\w*)", code.strip().upper())
    letters, rest = match.groups()
    return f"{letters}.{rest}" if rest else letters


def test_q6_right_answers():
    q = m01.q6_normalise_code
    assert_correct(q, keys.normalise_code)
    assert_correct(q, normalise_regex)


def test_q6_delegating_to_the_course_tool_earns_nothing():
    """``iasante.data.cim10.normalize`` is the lesson's tool and Q6's answer key."""
    q = m01.q6_normalise_code
    assert_incorrect(q, cim10.normalize, key="m01.own_code")

    def via_alias(code):
        from iasante.data import cim10 as c

        return c.normalize(code)

    assert_incorrect(q, via_alias, key="m01.own_code")


def test_q6_wrong_answers():
    q = m01.q6_normalise_code
    assert_not_attempted(q, stub)
    assert_incorrect(q, lambda c: c.upper(), key="m01.q6.wrong")  # spaces and dots left
    assert_incorrect(q, lambda c: c.strip().upper().replace(".", ""), key="m01.q6.wrong")

    def always_dot(code):
        code = code.strip().upper().replace(".", "")
        return code[:3] + "." + code[3:]

    assert_incorrect(q, always_dot, key="m01.q6.wrong", contains="I10")


# --------------------------------------------------------------------------- Q7 chapters


def by_chapter_value_counts(diagnoses):
    dp = diagnoses.query("type_diagnostic == 'DP'").drop_duplicates()
    return dp["code_cim10"].map(cim10.chapter_of).value_counts()


def by_chapter_pivot(diagnoses):
    dp = diagnoses.loc[diagnoses["type_diagnostic"] == "DP"].copy()
    dp["chapitre"] = dp["code_cim10"].map(lambda c: cim10.chapter_of(normalise_regex(c)))
    return dp.pivot_table(index="chapitre", values="sejour_id", aggfunc="nunique")


def test_q7_right_answers(diagnoses):
    q = m01.q7_stays_by_chapter
    for answer in (keys.stays_by_chapter, by_chapter_value_counts, by_chapter_pivot):
        assert_correct(q, answer, diagnoses)


def test_q7_wrong_answers(diagnoses):
    q = m01.q7_stays_by_chapter
    assert_not_attempted(q, stub, diagnoses)
    assert_incorrect(
        q,
        lambda d: d["code_cim10"].map(cim10.chapter_of).value_counts(),
        diagnoses,
        key="m01.q7.all_diagnoses",
    )
    assert_incorrect(
        q,
        lambda d: (
            d.loc[d["type_diagnostic"] == "DP", "code_cim10"].map(cim10.chapter_of).value_counts()
        ),
        diagnoses,
        key="m01.q7.duplicates",
    )
    assert_incorrect(
        q,
        lambda d: (
            d.loc[d["type_diagnostic"] == "DP", "code_cim10"].map(cim10.normalize).value_counts()
        ),
        diagnoses,
        key="m01.q7.not_chapters",
    )


# --------------------------------------------------------------------------- Q8 NIR key


def nir_valid_dict(nir):
    corsica = {"2A": "19", "2B": "18"}
    if len(nir) != 15:
        return False
    number = nir[:5] + corsica.get(nir[5:7], nir[5:7]) + nir[7:13]
    return f"{97 - int(number) % 97:02d}" == nir[13:]


def test_q8_right_answers():
    q = m01.q8_nir_is_valid
    assert_correct(q, keys.nir_is_valid)
    assert_correct(q, nir_valid_dict)


def test_q8_delegating_to_the_course_tool_earns_nothing():
    """``iasante.data.nir`` computes Q8's answer: calling it, by any route, is not the skill."""
    q = m01.q8_nir_is_valid
    assert_incorrect(q, is_valid_nir, key="m01.own_code")

    def key_from_the_course(number):
        return len(number) == 15 and nir_key(number[:13]) == int(number[13:])

    assert_incorrect(q, key_from_the_course, key="m01.own_code")


def test_q8_wrong_answers():
    q = m01.q8_nir_is_valid
    assert_not_attempted(q, stub)

    def mod_only(nir):
        number = int(nir[:13].replace("2A", "19").replace("2B", "18"))
        return number % 97 == int(nir[13:])

    def no_corsica(nir):
        return 97 - int(nir[:13]) % 97 == int(nir[13:])

    def corsica_swapped(nir):  # 2A → 18, 2B → 19: wrong only for Corsica
        number = int(nir[:13].replace("2A", "18").replace("2B", "19"))
        return 97 - number % 97 == int(nir[13:])

    assert_incorrect(q, mod_only, key="m01.q8.formula")
    assert_incorrect(q, no_corsica, key="m01.q8.corsica")
    assert_incorrect(q, corsica_swapped, key="m01.q8.corsica")
    assert_incorrect(q, lambda nir: "True", key="m01.q8.is_text")
    assert_incorrect(q, lambda nir: True)


def test_q8_length_is_checked_visibly():
    """14- and 16-character texts were judged valid by a key test without `len(nir) == 15`."""

    def no_length(nir):
        number = int(nir[:13].replace("2A", "19").replace("2B", "18"))
        return 97 - number % 97 == int(nir[13:])

    assert_incorrect(m01.q8_nir_is_valid, no_length, key="m01.q8.length")
    assert [len(x) for x in m01.NIR_WRONG_LENGTH] == [14, 16]


def test_nir_key_of_the_published_example():
    """The carte Vitale specimen of the Assurance maladie: 2 69 05 49 588 157, key 80."""
    assert nir_key("2690549588157") == 80
    assert keys.PUBLISHED_NIR == "269054958815780"
    assert keys.nir_is_valid(keys.PUBLISHED_NIR)
    assert not keys.nir_is_valid("269054958815781")
    assert keys.PUBLISHED_NIR in m01.NIR_PLAIN  # the visible check tries it
    # the same rule by hand, as the statement writes it: 97 − (N mod 97)
    assert 97 - 2690549588157 % 97 == 80


# --------------------------------------------------------------------------- Q9 pseudonymise

KEPT = ["sexe", "departement", "territoire", "quintile_fdep", "c2s", "nb_maladies_chroniques"]


def pseudonymise_drop(raw, key):
    out = raw.drop(columns=["ipp", "nom", "prenom", "adresse", "code_postal", "commune"])
    out["pseudo"] = out["nir"].map(lambda n: hmac.new(key, n.encode(), hashlib.sha256).hexdigest())
    out["annee_naissance"] = out["date_naissance"].dt.strftime("%Y").astype(int)
    return out.drop(columns=["nir", "date_naissance"])


def test_q9_right_answers(raw):
    q = m01.q9_pseudonymise
    assert_correct(q, keys.pseudonymise, raw, KEY)
    assert_correct(q, pseudonymise_drop, raw, KEY)


def test_q9_wrong_answers(raw):
    q = m01.q9_pseudonymise
    assert_not_attempted(q, stub, raw, KEY)
    ref = keys.pseudonymise

    def plain(raw, key):
        return ref(raw, key).assign(
            pseudo=[hashlib.sha256(n.encode()).hexdigest() for n in raw["nir"]]
        )

    def fixed_key(raw, key):
        return ref(raw, b"toujours-la-meme-cle")

    def random_ids(raw, key):
        return ref(raw, key).assign(pseudo=[uuid.uuid4().hex for _ in range(len(raw))])

    def hashes_ipp(raw, key):
        return ref(raw, key).assign(pseudo=[keys.pseudo_of(key, i) for i in raw["ipp"]])

    def keeps_name(raw, key):
        return ref(raw, key).assign(nom=raw["nom"])

    def keeps_birth_date(raw, key):
        return ref(raw, key).assign(date_naissance=raw["date_naissance"])

    assert_incorrect(q, plain, raw, KEY, key="m01.q9.plain_hash")
    assert_incorrect(q, fixed_key, raw, KEY, key="m01.q9.key_unused")
    assert_incorrect(q, random_ids, raw, KEY, key="m01.q9.not_deterministic")
    assert_incorrect(q, hashes_ipp, raw, KEY, key="m01.q9.wrong_pseudo")
    assert_incorrect(q, keeps_name, raw, KEY, key="m01.q9.identifier_left", contains="nom")
    assert_incorrect(q, keeps_birth_date, raw, KEY, contains="date_naissance")
    assert_incorrect(
        q, lambda r, k: ref(r, k).drop(columns="pseudo"), raw, KEY, key="m01.q9.no_pseudo"
    )


# --------------------------------------------------------------------------- Q10 Table 1


def table_one_agg(stays):
    return (
        stays.assign(
            deces=stays["mode_sortie"].eq("décès"), readm=stays["readmission_30j"].astype("Float64")
        )
        .groupby("site", observed=True)
        .agg(
            n_sejours=("sejour_id", "count"),
            age_moyen=("age_entree", "mean"),
            duree_mediane=("duree_sejour", "median"),
            pct_deces=("deces", "mean"),
            pct_readmission=("readm", "mean"),
        )
        .assign(
            pct_deces=lambda t: 100 * t["pct_deces"],
            pct_readmission=lambda t: 100 * t["pct_readmission"],
        )
        .reset_index()
    )


def table_one_pivot(stays):
    s = stays.assign(
        deces=100.0 * (stays["mode_sortie"] == "décès"),
        readm=100.0 * stays["readmission_30j"].astype("Float64"),
    )
    t = s.pivot_table(
        index="site", values=["age_entree", "deces", "readm"], aggfunc="mean", observed=True
    )
    t["duree_mediane"] = s.pivot_table(
        index="site", values="duree_sejour", aggfunc="median", observed=True
    )["duree_sejour"]
    t["n_sejours"] = s.pivot_table(
        index="site", values="sejour_id", aggfunc="count", observed=True
    )["sejour_id"]
    return t.rename(
        columns={"age_entree": "age_moyen", "deces": "pct_deces", "readm": "pct_readmission"}
    )


def test_q10_right_answers(clean_stays):
    q = m01.q10_table_one
    for answer in (keys.table_one, table_one_agg, table_one_pivot):
        assert_correct(q, answer, clean_stays)


def test_q10_wrong_answers(clean_stays):
    q = m01.q10_table_one
    assert_not_attempted(q, stub, clean_stays)
    ref = keys.table_one

    def fractions(s):
        t = ref(s)
        return t.assign(pct_deces=t["pct_deces"] / 100)

    def deaths_as_no(s):
        g = s.groupby("site", observed=True)["readmission_30j"]
        return ref(s).assign(
            pct_readmission=100
            * g.apply(lambda x: x.fillna(False).astype(bool).mean()).rename(index=str)
        )

    def patients(s):
        return ref(s).assign(
            n_sejours=s.groupby("site", observed=True)["patient_id"]
            .nunique()
            .rename(index=str)
            .astype(float)
        )

    def mean_los(s):
        return ref(s).assign(
            duree_mediane=s.groupby("site", observed=True)["duree_sejour"].mean().rename(index=str)
        )

    assert_incorrect(q, fractions, clean_stays, key="m01.q10.fraction", contains="pct_deces")
    assert_incorrect(q, deaths_as_no, clean_stays, key="m01.q10.deaths_in_denominator")
    assert_incorrect(q, patients, clean_stays, key="m01.q10.patients_not_stays")
    assert_incorrect(q, mean_los, clean_stays, contains="duree_mediane")


# --------------------------------------------------------------------------- Q11 figure


def _los(stays, site):
    return stays.loc[stays["site"] == site, "duree_sejour"].dropna()


def boxplot_fig(stays, *, ylabel="Durée de séjour (jours)", title="Séjours plus longs en B"):
    fig, ax = plt.subplots()
    ax.boxplot([_los(stays, "A"), _los(stays, "B")], tick_labels=["Site A", "Site B"])
    ax.set_xlabel("Hôpital")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return fig


def histogram_ax(stays, *, legend=True):
    _fig, ax = plt.subplots()
    for site, hatch in (("A", None), ("B", "//")):
        ax.hist(_los(stays, site), bins=30, alpha=0.5, hatch=hatch, label=f"Site {site}")
    ax.set_xlabel("Durée de séjour (jours)")
    ax.set_ylabel("Nombre de séjours")
    ax.set_title("Durée de séjour par site")
    if legend:
        ax.legend()
    return ax


def test_q11_right_answers(clean_stays):
    q = m01.q11_plot_los
    assert_correct(q, boxplot_fig, clean_stays)
    assert_correct(q, histogram_ax, clean_stays)


def test_q11_wrong_answers(clean_stays):
    q = m01.q11_plot_los
    assert_not_attempted(q, stub, clean_stays)
    assert_incorrect(
        q, lambda s: boxplot_fig(s, ylabel="Durée de séjour"), clean_stays, key="m01.q11.unit"
    )
    assert_incorrect(q, lambda s: boxplot_fig(s, title=""), clean_stays)
    assert_incorrect(q, lambda s: histogram_ax(s, legend=False), clean_stays, key="m01.q11.sites")

    def forgets_return(s):
        fig = boxplot_fig(s)  # noqa: F841 - the mistake under test

    assert_incorrect(q, forgets_return, clean_stays, contains="return")


# --------------------------------------------------------------------------- another seed


def hidden(question, answer, *data):
    """The call of the hidden tests: the answer key, computed there, passed as ``expected``."""
    key = {
        "Q2MissingShare": keys.missing_share,
        "Q3CleanCovid": keys.clean_covid,
        "Q4CleanStays": keys.clean_stays,
        "Q5HarmoniseLabs": keys.harmonise_labs,
        "Q7StaysByChapter": keys.stays_by_chapter,
        "Q9Pseudonymise": keys.pseudonymise,
        "Q10TableOne": keys.table_one,
    }[type(question).__name__]
    return question.evaluate(answer, *data, key(*data))


def test_checks_grade_a_cohort_generated_with_another_seed():
    tables = m01.cohort_tables(7)
    clean = m01.cohort_tables(7, "propre")
    cases = [
        (m01.q4_clean_stays, keys.clean_stays, tables["stays"]),
        (m01.q5_harmonise_labs, keys.harmonise_labs, tables["labs"]),
        (m01.q7_stays_by_chapter, keys.stays_by_chapter, tables["diagnoses"]),
        (m01.q9_pseudonymise, keys.pseudonymise, tables["raw_patients"].head(300), KEY),
        (m01.q10_table_one, keys.table_one, clean["stays"]),
    ]
    for question, answer, *data in cases:
        assert_correct(question, answer, *data)
        assert hidden(question, answer, *data).correct


def test_a_pasted_result_fails_visibly_and_on_another_seed(diagnoses, clean_stays):
    """A result computed once and returned whatever the input: the hand-made table of the
    visible check sees it, and so does the hidden test on the cohort variant."""
    frozen_chapters = keys.stays_by_chapter(diagnoses)
    frozen_table = keys.table_one(clean_stays)
    assert_incorrect(m01.q7_stays_by_chapter, lambda d: frozen_chapters, diagnoses)
    assert_incorrect(m01.q10_table_one, lambda s: frozen_table, clean_stays)
    variant = m01.cohort_tables(7)["diagnoses"]
    assert not hidden(m01.q7_stays_by_chapter, lambda d: frozen_chapters, variant).correct


def test_a_former_reference_function_earns_nothing(stays, diagnoses):
    """Issue 14: ``return m01.reference_clean_stays(stays)`` earned full marks while the
    answer keys were importable. They are gone: the check fails cleanly (a diagnosed
    wrong answer, not a crash of the checker), visible and hidden calls alike."""
    for name in ("reference_clean_stays", "reference_stays_by_chapter", "reference_table_one"):
        assert not hasattr(m01, name)

    def calls_the_former_key(s):
        return m01.reference_clean_stays(s)

    result = m01.q4_clean_stays.evaluate(calls_the_former_key, stays)
    assert not result.correct and result.key == "feedback.call.raised", result.message
    assert "reference_clean_stays" in result.message
    assert hidden(m01.q4_clean_stays, calls_the_former_key, stays).key == "feedback.call.raised"
    assert_incorrect(
        m01.q7_stays_by_chapter,
        lambda d: m01.reference_stays_by_chapter(d),
        diagnoses,
        key="feedback.call.raised",
    )
    assert not any(name.startswith("reference_") for name in dir(m01))


def test_variant_tables_are_typed_like_the_loaders():
    tables = m01.cohort_tables(7)
    committed = load_cohort("sejours")
    assert dict(tables["stays"].dtypes) == dict(committed.dtypes)


# --------------------------------------------------------------------------- lesson


def test_lesson_solutions_pass(tests_df, stays, clean_stays, diagnoses):
    assert_correct(m01.l1_identifiers, ["ipp", "nom", "prenom", "nir", "adresse"])
    assert_correct(m01.l1_identifiers, ("nom", "prenom", "nir", "adresse"))
    assert_correct(m01.l2_impossible_ages, int((tests_df["age"] > 120).sum()), tests_df)
    assert_correct(
        m01.l3_sentinel, tests_df["ct_result"].mask(tests_df["ct_result"] == 45), tests_df
    )
    assert_correct(m01.l3_sentinel, tests_df["ct_result"].replace(45, np.nan), tests_df)
    assert_correct(m01.l4_duplicates, int(stays.duplicated().sum()), stays)
    assert_correct(m01.l4_duplicates, len(stays) - len(stays.drop_duplicates()), stays)
    codes = diagnoses.loc[diagnoses["type_diagnostic"] == "DP", "code_cim10"].head(8)
    assert_correct(m01.l5_chapters, codes.map(cim10.chapter_of), codes)
    assert_correct(m01.l5_chapters, codes.apply(lambda c: cim10.chapter_of(c)), codes)

    def key_of(nir13):
        return 97 - int(nir13.replace("2A", "19").replace("2B", "18")) % 97

    assert_correct(m01.l6_nir_key, key_of)
    assert_correct(
        m01.l7_median_los,
        clean_stays.groupby("site", observed=True)["duree_sejour"].median(),
        clean_stays,
    )
    assert_correct(
        m01.l7_median_los,
        clean_stays.pivot_table(
            index="site", values="duree_sejour", aggfunc="median", observed=True
        ),
        clean_stays,
    )


def test_lesson_mistakes(tests_df, stays, clean_stays):
    assert_incorrect(m01.l1_identifiers, "nom", key="m01.l1.not_a_list")
    assert_incorrect(m01.l1_identifiers, ["nom", "prenom"], key="m01.l1.missing")
    assert_incorrect(
        m01.l1_identifiers, ["nom", "prenom", "nir", "adresse", "sexe"], key="m01.l1.not_direct"
    )
    edge = tests_df.head(3).assign(age=[120.0, 130.0, 5.0])
    assert_incorrect(m01.l2_impossible_ages, 2, edge, key="m01.l2.boundary")
    assert_incorrect(
        m01.l3_sentinel,
        tests_df["ct_result"][tests_df["ct_result"] != 45],
        tests_df,
        key="m01.l3.length",
    )
    assert_incorrect(
        m01.l4_duplicates, int(stays.duplicated(keep=False).sum()), stays, key="m01.l4.keep_false"
    )
    assert_incorrect(
        m01.l4_duplicates,
        int(stays.duplicated(subset=["patient_id"]).sum()),
        stays,
        key="m01.l4.subset",
    )
    assert_incorrect(
        m01.l6_nir_key,
        lambda n: int(n.replace("2A", "19").replace("2B", "18")) % 97,
        key="m01.l6.formula",
    )
    assert_incorrect(
        m01.l6_nir_key,
        lambda n: 97 - int(n.replace("2A", "0").replace("2B", "0")) % 97,
        key="m01.l6.corsica",
    )
    assert_incorrect(
        m01.l7_median_los,
        clean_stays.groupby("site", observed=True)["duree_sejour"].mean(),
        clean_stays,
        key="m01.l7.mean",
    )


def test_hash_explorer_degrades_without_widgets(capsys):
    assert m01.hash_explorer(interactive=False) is None
    rows = m01.hash_rows("184037505612345", "k")
    assert rows[0][1] == hashlib.sha256(b"184037505612345").hexdigest()
    assert rows[1][1] == hmac.new(b"k", b"184037505612345", hashlib.sha256).hexdigest()
    pytest.importorskip("ipywidgets")
    box = m01.hash_explorer(interactive=True)
    text, secret, out = box.children
    before = out.value
    secret.value = "autre-cle"
    assert out.value != before


def test_variant_tables_are_fresh_copies_for_every_call():
    """The parsed cohort is kept, but a learner's function that modifies its input must not
    change what the next check receives."""
    first = m01.cohort_tables(m01.HIDDEN_TESTS_SEED)
    first["stays"].iloc[:, 0] = None
    first["labs"].iloc[:, 0] = None
    again = m01.cohort_tables(m01.HIDDEN_TESTS_SEED)
    assert again["stays"].iloc[:, 0].notna().all() and again["labs"].iloc[:, 0].notna().any()


def test_grading_warm_up_prepares_the_seed_the_hidden_tests_use():
    """The hidden tests name the seed (no literal that could drift from the warm-up's)."""
    from iasante.data import variants

    source = (REPO / "source" / "m01_donnees_sante" / "m01_donnees_sante.ipynb").read_text()
    assert not re.findall(r"cohort_tables\(\d", source)
    assert source.count("cohort_tables(m01.HIDDEN_TESTS_SEED") >= 2
    m01.grading_warm_up()
    assert variants._variant_tables.cache_info().currsize >= 2


# --------------------------------------------------------------------------- issue 13: rounding,
# figure data, quasi-identifiers (each failed, or passed wrongly, before)


def test_rounded_answers_are_told_they_are_rounded(tests_df, labs, clean_stays):
    assert_incorrect(
        m01.q2_missing_share, lambda df: df.isna().mean().round(3), tests_df, key="m01.q2.rounded"
    )

    def glucose_to_a_tenth(df):
        out = keys.harmonise_labs(df)
        glucose = out["examen"] == "glucose"
        out.loc[glucose, "valeur"] = out.loc[glucose, "valeur"].round(1)
        return out

    assert_incorrect(m01.q5_harmonise_labs, glucose_to_a_tenth, labs, key="m01.q5.rounded")
    assert_incorrect(
        m01.q10_table_one,
        lambda s: keys.table_one(s).round(1),
        clean_stays,
        key="m01.q10.rounded",
    )


def test_q11_figure_data_is_checked_not_only_its_labels(clean_stays):
    q = m01.q11_plot_los

    def labelled(ax):
        ax.set_xlabel("Hôpital")
        ax.set_ylabel("Durée de séjour (jours)")
        ax.set_title("Séjours plus longs en B")
        return ax

    def wrong_variable(s):
        fig, ax = plt.subplots()
        ax.boxplot(
            [s.loc[s["site"] == x, "age_entree"].dropna() for x in "AB"],
            tick_labels=["Site A", "Site B"],
        )
        labelled(ax)
        return fig

    def same_site_twice(s):
        fig, ax = plt.subplots()
        ax.boxplot([_los(s, "A"), _los(s, "A")], tick_labels=["Site A", "Site B"])
        labelled(ax)
        return fig

    def two_medians_as_bars(s):
        fig, ax = plt.subplots()
        ax.bar(["Site A", "Site B"], [_los(s, "A").median(), _los(s, "B").median()])
        labelled(ax)
        return fig

    def same_site_histograms(s):
        ax = histogram_ax(s)
        ax.clear()
        for label in ("Site A", "Site B"):
            ax.hist(_los(s, "B"), bins=30, alpha=0.5, label=label)
        ax.set_xlabel("Durée de séjour (jours)")
        ax.set_ylabel("Nombre de séjours")
        ax.set_title("Durée de séjour par site")
        ax.legend()
        return ax

    assert_incorrect(q, wrong_variable, clean_stays, key="m01.q11.wrong_data")
    assert_incorrect(q, same_site_twice, clean_stays, key="m01.q11.wrong_data")
    assert_incorrect(q, two_medians_as_bars, clean_stays, key="m01.q11.not_distribution")
    assert_incorrect(q, same_site_histograms, clean_stays, key="m01.q11.wrong_data")
    plt.close("all")


def test_q11_other_correct_figures_still_pass(clean_stays):
    q = m01.q11_plot_los

    def pandas_boxplot(s):
        ax = s.boxplot(column="duree_sejour", by="site")
        ax.set_xlabel("Site")
        ax.set_ylabel("Durée de séjour (jours)")
        ax.set_title("Séjours plus longs au site B")
        return ax.figure

    def density_histograms(s):
        fig, ax = plt.subplots()
        for site in "AB":
            ax.hist(_los(s, site), bins=20, density=True, alpha=0.5, label=f"Site {site}")
        ax.axvline(_los(s, "A").median(), linestyle="--")
        ax.set_xlabel("Durée de séjour (jours)")
        ax.set_ylabel("Densité")
        ax.set_title("Séjours plus longs au site B")
        ax.legend()
        return fig

    assert_correct(q, pandas_boxplot, clean_stays)
    assert_correct(q, density_histograms, clean_stays)
    plt.close("all")


def test_q11_categorical_axis_is_asked_for_a_name_not_a_unit(clean_stays):
    def no_xlabel(s):
        fig = boxplot_fig(s)
        fig.axes[0].set_xlabel("")
        return fig

    assert_incorrect(m01.q11_plot_los, no_xlabel, clean_stays, key="m01.q11.no_group_label")
    plt.close("all")


def test_l1_quasi_identifiers_are_not_direct_identifiers():
    for quasi in ("date_naissance", "code_postal", "commune"):
        assert_incorrect(
            m01.l1_identifiers,
            ["ipp", "nom", "prenom", "nir", "adresse", quasi],
            key="m01.l1.quasi_identifier",
        )


def test_series_in_an_if_is_explained_in_french(tests_df):
    def series_in_if(df):
        df = df.copy()
        if df["age"] > 120:
            df["age"] = np.nan
        return df

    assert_incorrect(m01.q3_clean_covid, series_in_if, tests_df, key="m01.slip.series_in_if")


def test_other_slips_are_explained_in_french(tests_df):
    def uses_mean(df):
        return mean(df.isna())  # noqa: F821 - the slip under test

    assert_incorrect(m01.q2_missing_share, uses_mean, tests_df, key="m01.slip.mean_undefined")
    assert_incorrect(
        m01.q6_normalise_code, lambda code: len(code) ^ 2.0, key="m01.slip.caret_power"
    )


# --------------------------------------------------------------------------- issue 14: the
# visible checks test every rule of the statements on hand-made tables (no answer key)


def test_rules_the_real_tables_do_not_exercise_are_checked_visibly(stays, labs, raw, tests_df):
    def divides_from_45(s):  # « supérieure à 45 » read as « à partir de 45 »
        out = keys.clean_stays(s)
        t = s.drop_duplicates()["temperature"]
        return out.assign(temperature=t.mask(t >= 45, t / 10))

    def drops_duplicate_results(labs):  # « ne retirez pas les doublons ici »
        return keys.harmonise_labs(labs).drop_duplicates()

    def keeps_an_extra_column(raw, key):  # « exactement ces colonnes »
        return keys.pseudonymise(raw, key).assign(age=2024 - raw["date_naissance"].dt.year)

    def modifies_its_input(df):  # « vos fonctions ne doivent pas modifier le tableau reçu »
        df["age"] = df["age"].fillna(0)
        return keys.missing_share(df)

    assert_incorrect(
        m01.q4_clean_stays, divides_from_45, stays, key="m01.x.trial_table", contains="temperature"
    )
    assert_incorrect(
        m01.q5_harmonise_labs, drops_duplicate_results, labs, key="m01.q5.too_few_rows"
    )
    assert_incorrect(m01.q9_pseudonymise, keeps_an_extra_column, raw, KEY, key="m01.x.trial_table")
    assert_incorrect(m01.q2_missing_share, modifies_its_input, tests_df, key="m01.x.modified_input")


def test_hidden_calls_name_the_same_mistakes(tests_df, stays, clean_stays):
    """With the answer key passed as ``expected`` (the hidden tests), the diagnoses of the
    visible check stay the same."""
    rounded = hidden(m01.q2_missing_share, lambda df: df.isna().mean().round(3), tests_df)
    assert rounded.key == "m01.q2.rounded"

    def pas_untouched(s):
        return keys.clean_stays(s).assign(pas=s.drop_duplicates()["pas"])

    assert hidden(m01.q4_clean_stays, pas_untouched, stays).key == "m01.q4.pas"

    def fractions(s):
        t = keys.table_one(s)
        return t.assign(pct_deces=t["pct_deces"] / 100)

    assert hidden(m01.q10_table_one, fractions, clean_stays).key == "m01.q10.fraction"


def test_the_hand_made_answers_are_what_the_rules_give():
    """The literal answers of the visible checks, recomputed from the rules (test side)."""
    toy = pd.DataFrame(m01.MISSING_TOY)
    assert keys.missing_share(toy).to_dict() == pytest.approx(m01._MISSING_TOY_SHARE)
    for code, canonical in m01._CODE_CASES.items():
        assert keys.normalise_code(code) == canonical
    diagnoses = pd.DataFrame(m01.DIAGNOSES_TOY)
    assert keys.stays_by_chapter(diagnoses).to_dict() == m01._DIAGNOSES_TOY_COUNTS
    for number in (*m01.NIR_PLAIN, *m01.NIR_CORSICA):
        assert keys.nir_is_valid(number)
    for number in (*m01.NIR_BAD_KEY, *m01.NIR_CORSICA_BAD_KEY, *m01.NIR_WRONG_LENGTH):
        assert not keys.nir_is_valid(number)
    pseudo = [keys.pseudo_of(m01.PSEUDO_TOY_KEY, n) for n in m01.PSEUDO_TOY["nir"]]
    assert pseudo == m01._PSEUDO_TOY_ANSWER["pseudo"]


def test_the_hand_made_tables_answers_are_what_the_rules_give(tests_df, stays, labs, raw):
    edges = m01.q3_clean_covid.edge_rows(tests_df)
    check_dataframe(
        keys.clean_covid(edges), m01._with_values(edges, **m01._COVID_EDGES_CLEAN), name="q3"
    )
    toy, want = m01._stays_toy(stays)
    check_dataframe(keys.clean_stays(toy), want, name="q4", check_dtype=True)
    toy, want = m01._labs_toy(labs)
    check_dataframe(keys.harmonise_labs(toy), want, name="q5", rel_tol=1e-12)
    toy, want = m01._stays_toy_for_table_one(stays)
    check_dataframe(keys.table_one(toy).reset_index(names="site"), want, name="q10")
    toy = m01._with_values(m01._toy_rows(raw, 3), **m01.PSEUDO_TOY)
    got = keys.pseudonymise(toy, m01.PSEUDO_TOY_KEY)
    assert got["annee_naissance"].tolist() == m01._PSEUDO_TOY_ANSWER["annee_naissance"]


def test_a_mistake_seen_on_a_trial_table_says_how_to_display_it(stays, diagnoses):
    """The learner never saw the hand-made tables: the message names the code that shows
    the one their function got wrong, and that code runs."""

    def mean_instead_of_unique(d):
        dp = d[d["type_diagnostic"] == "DP"].drop_duplicates()
        return dp.groupby(dp["code_cim10"].map(cim10.chapter_of))["sejour_id"].size() * 1.5

    result = m01.q7_stays_by_chapter.evaluate(mean_instead_of_unique, diagnoses)
    assert result.key == "m01.x.trial_table", result.message
    assert "m01.q7_stays_by_chapter.trial_input(diagnoses)" in result.message
    shown = m01.q7_stays_by_chapter.trial_input(diagnoses)
    assert keys.stays_by_chapter(shown).to_dict() == m01._DIAGNOSES_TOY_COUNTS
    for question, data in (
        (m01.q4_clean_stays, stays),
        (m01.q10_table_one, stays),
        (m01.q5_harmonise_labs, load_cohort("biologie")),
    ):
        assert len(question.trial_input(data)) < 10
    assert len(m01.q9_pseudonymise.trial_input(load_cohort_raw())[0]) == 3
    assert m01.q2_missing_share.trial_input().shape == (6, 4)


def test_statement_keys_agree_with_the_course_tools_on_the_cohort():
    """The test keys of Q6 and Q8 are written from the statement; the course's own tools
    (``cim10.normalize``, ``is_valid_nir``) must give the same answers on every code and
    NIR of the cohort, so that neither drifts unseen."""
    codes = load_cohort("diagnoses")["code_cim10"].astype(str).drop_duplicates()
    assert [keys.normalise_code(c) for c in codes] == [cim10.normalize(c) for c in codes]
    nirs = load_cohort_raw()["nir"].astype(str)
    assert [keys.nir_is_valid(n) for n in nirs] == [is_valid_nir(n) for n in nirs]
    forged = [n[:13] + f"{int(n[13:]) % 97 + 1:02d}" for n in nirs.iloc[:200]]
    assert not any(keys.nir_is_valid(n) for n in forged)
