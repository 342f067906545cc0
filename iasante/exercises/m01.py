"""Module 01 « Données de santé » — checks of the lesson and of the graded assignment.

Rules and references used by the reference functions:
- Ages: no human life longer than 122 years has been validated (Jeanne Calment; Robine JM,
  Allard M. The oldest human. *Science* 1998;279:1834); above 120 years an age is impossible.
- ``ct_result`` = 45 in the COVID testing extract is very probably a code (45 = the maximum
  number of PCR cycles, « not detected »): the upstream codebook does not define it, it is
  the value of 93 % of the rows (data/covid_testing.md).
- Turnaround times below zero are impossible (a result validated before it was received).
- Cohort defects and units: data/cohorte.md (1 g/L of glucose = 5.551 mmol/L, M = 180.16 g/mol;
  haemoglobin g/L ÷ 10 = g/dL; PAS 999 and potassium 9999 are sentinel codes).
- CIM-10 chapters: WHO ICD-10 ranges, ``iasante.data.cim10.CHAPTERS``.
- NIR key: 97 − (NIR13 mod 97), Corsica « 2A » → 19, « 2B » → 18 (INSEE rule,
  ``iasante.data.nir``); the NIR has 13 characters, followed by a 2-digit key
  (Service-Public.fr). Published example: 2 69 05 49 588 157 80 (specimen of the
  Assurance maladie's carte Vitale).
- Keyed hash: HMAC (RFC 2104) with SHA-256, Python's ``hmac`` module.
"""

from __future__ import annotations

import hashlib
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from iasante.data import cim10, nir, variants
from iasante.data.pseudonyms import hmac_sha256, plain_sha256
from iasante.feedback import (
    Incorrect,
    NotAttempted,
    Question,
    call_explaining_slips,
    catalogue_hints,
    check_columns,
    check_dataframe,
    check_figure,
    check_series,
    check_type,
)
from iasante.messages import msg
from iasante.widgets.hashing import hash_explorer, hash_rows  # noqa: F401 -- m01.hash_explorer in the lesson

AGE_MAX = 120
CT_NOT_DETECTED = 45.0
TAT_COLUMNS = ("col_rec_tat", "rec_ver_tat")
TEMPERATURE_MAX = 45.0
PAS_SENTINEL = 999
LAB_SENTINEL = 9999
GLUCOSE_MMOL_PER_G = 5.551
DIRECT_IDENTIFIERS = (
    "ipp",
    "nom",
    "prenom",
    "nir",
    "date_naissance",
    "adresse",
    "code_postal",
    "commune",
)
PSEUDO_KEEP = (
    "sexe",
    "departement",
    "territoire",
    "quintile_fdep",
    "c2s",
    "nb_maladies_chroniques",
)
TABLE_ONE_COLUMNS = ("n_sejours", "age_moyen", "duree_mediane", "pct_deces", "pct_readmission")


# --------------------------------------------------------------------------------------------
# Reference functions (the rules the questions ask for)
# --------------------------------------------------------------------------------------------


def reference_missing_share(df: pd.DataFrame) -> pd.Series:
    return df.isna().mean()


def reference_clean_covid(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["age"] = out["age"].where(out["age"] <= AGE_MAX)
    out["ct_result"] = out["ct_result"].where(out["ct_result"] != CT_NOT_DETECTED)
    for col in TAT_COLUMNS:
        out[col] = out[col].where(out[col] >= 0)
    return out


def reference_clean_stays(stays: pd.DataFrame) -> pd.DataFrame:
    out = stays.drop_duplicates().copy()
    swapped = out["date_sortie"] < out["date_entree"]
    entree, sortie = out["date_entree"].copy(), out["date_sortie"].copy()
    out["date_entree"] = entree.where(~swapped, sortie)
    out["date_sortie"] = sortie.where(~swapped, entree)
    out["duree_sejour"] = out["duree_sejour"].abs()
    temp = out["temperature"]
    out["temperature"] = temp.where(~(temp > TEMPERATURE_MAX), temp / 10)
    out["pas"] = out["pas"].mask(out["pas"] == PAS_SENTINEL)
    return out


def reference_harmonise_labs(labs: pd.DataFrame) -> pd.DataFrame:
    out = labs[labs["valeur"] != LAB_SENTINEL].copy()
    out["unite"] = out["unite"].astype("string")
    glucose = (out["examen"] == "glucose") & (out["unite"] == "g/L")
    out.loc[glucose, "valeur"] = out.loc[glucose, "valeur"] * GLUCOSE_MMOL_PER_G
    out.loc[glucose, "unite"] = "mmol/L"
    hb = (out["examen"] == "hemoglobine") & (out["unite"] == "g/L")
    out.loc[hb, "valeur"] = out.loc[hb, "valeur"] / 10
    out.loc[hb, "unite"] = "g/dL"
    return out


def reference_normalise_code(code: str) -> str:
    return cim10.normalize(code)


def reference_stays_by_chapter(diagnoses: pd.DataFrame) -> pd.Series:
    dp = diagnoses[diagnoses["type_diagnostic"] == "DP"]
    chapters = dp["code_cim10"].map(cim10.chapter_of)
    return dp.assign(chapitre=chapters).groupby("chapitre")["sejour_id"].nunique()


def reference_nir_is_valid(number: str) -> bool:
    return nir.is_valid_nir(number) and len(str(number)) == 15


def reference_pseudonymise(raw: pd.DataFrame, key: bytes) -> pd.DataFrame:
    out = raw[list(PSEUDO_KEEP)].copy()
    out.insert(0, "pseudo", [hmac_sha256(key, x) for x in raw["nir"]])
    out.insert(2, "annee_naissance", pd.to_datetime(raw["date_naissance"]).dt.year)
    return out


def reference_table_one(stays: pd.DataFrame) -> pd.DataFrame:
    g = stays.groupby("site", observed=True)
    table = pd.DataFrame(
        {
            "n_sejours": g.size(),
            "age_moyen": g["age_entree"].mean(),
            "duree_mediane": g["duree_sejour"].median(),
            "pct_deces": g["mode_sortie"].apply(lambda s: 100 * (s == "décès").mean()),
            "pct_readmission": 100 * g["readmission_30j"].mean(),
        }
    )
    table.index = table.index.astype(str)
    return table.astype(float)


# --------------------------------------------------------------------------------------------
# Data for checks: the committed files, and a cohort variant generated with another seed
# --------------------------------------------------------------------------------------------

#: the seed of the cohort variant the assignment's hidden tests use (``cohort_tables(7)``)
# The cohort variant of the hidden tests lives in iasante.data.variants (modules 01 and 04
# grade on it); these names stay for the notebooks that call them.
HIDDEN_TESTS_SEED = variants.HIDDEN_TESTS_SEED
cohort_tables = variants.cohort_variant


def grading_warm_up() -> None:
    """Called once by the grading template (``iasante.grading.kernel.zygote``) before it forks a
    kernel per student: the hidden tests' cohort, both variants, is generated and parsed
    there once instead of in every student's kernel (~0.6 CPU s each). No thread started."""
    variants.warm_variants(HIDDEN_TESTS_SEED)


def _same(a: pd.Series | pd.DataFrame, b: pd.Series | pd.DataFrame, **kw: Any) -> bool:
    """True when ``check_equal``-style comparison finds no difference (used to name mistakes)."""
    try:
        if isinstance(b, pd.DataFrame):
            check_dataframe(a, b, name="x", **kw)
        else:
            check_series(a, b, name="x", **kw)
    except (Incorrect, NotAttempted):
        return False
    return True


def _is_rounded(got: Any, expected: Any) -> bool:
    """True when ``got`` equals ``expected`` rounded to 0–4 decimals, but not ``expected``.

    Both are numeric Series (aligned on their index) or arrays of the same shape.
    """
    try:
        if isinstance(got, pd.Series) and isinstance(expected, pd.Series):
            got = got.reindex(expected.index)
        g = np.asarray(pd.to_numeric(pd.Series(np.ravel(got)), errors="coerce"), dtype=float)
        e = np.asarray(np.ravel(expected), dtype=float)
    except (TypeError, ValueError):
        return False
    if g.shape != e.shape:
        return False
    differ = ~np.isclose(g, e, rtol=1e-6, atol=0, equal_nan=True)
    if not differ.any():
        return False
    g, e = g[differ], e[differ]  # only the values that differ must be roundings
    return any(np.allclose(g, np.round(e, k), rtol=0, atol=1e-9, equal_nan=True) for k in range(5))


def _copy_args(*args: Any) -> list[Any]:
    return [a.copy() if isinstance(a, pd.DataFrame | pd.Series) else a for a in args]


def _call(func: Any, *args: Any, **kwargs: Any) -> Any:
    """``call_answer``, with the common beginner slips explained in French."""
    return call_explaining_slips("m01", func, *args, **kwargs)


# --------------------------------------------------------------------------------------------
# Graded assignment (source/m01_donnees_sante)
# --------------------------------------------------------------------------------------------


class Q1Subjects(Question):
    title = msg("m01.q1.title")
    hints = catalogue_hints("m01.q1", 2)
    solution_text = None

    def _check(self, n_subjects: Any = None, tests: Any = None) -> None:
        if n_subjects is None:
            raise NotAttempted.of("m01.q1.not_attempted")
        if pd.api.types.is_list_like(n_subjects):
            raise Incorrect.of("m01.q1.not_a_count")
        check_type(n_subjects, int, name="n_subjects")
        if n_subjects == len(tests):
            raise Incorrect.of("m01.q1.counted_tests")
        if n_subjects != tests["subject_id"].nunique():
            raise Incorrect.of("m01.q1.wrong", got=n_subjects)


class Q2MissingShare(Question):
    title = msg("m01.q2.title")
    hints = catalogue_hints("m01.q2", 2)
    solution_text = None

    def _check(self, missing_share: Any = None, tests: Any = None) -> None:
        got = _call(missing_share, tests.copy())
        expected = reference_missing_share(tests)
        if isinstance(got, pd.Series) and _same(got, expected * 100):
            raise Incorrect.of("m01.q2.percent")
        if isinstance(got, pd.Series) and _same(got, tests.isna().sum()):
            raise Incorrect.of("m01.q2.counts")
        if isinstance(got, pd.Series) and _is_rounded(got, expected):
            raise Incorrect.of("m01.q2.rounded")
        check_series(got, expected, name="missing_share(tests)", by_index=True)


class Q3CleanCovid(Question):
    title = msg("m01.q3.title")
    hints = catalogue_hints("m01.q3", 3)
    solution_text = None

    @staticmethod
    def edge_rows(tests: pd.DataFrame) -> pd.DataFrame:
        """Four rows at the bounds of every rule of the table, whatever the extract holds.

        The real extract has no negative collection delay: without these rows, a rule of
        the statement would never be exercised by the visible check.
        """
        rows = tests.head(4).copy()
        rows["age"] = [120.0, 120.5, np.nan, 0.0]
        rows["ct_result"] = [45.0, 44.9, np.nan, 14.05]
        rows["col_rec_tat"] = [0.0, -0.1, np.nan, 61370.2]
        rows["rec_ver_tat"] = [-18.6, 0.0, 5.0, np.nan]
        return rows

    def _check(self, clean_covid: Any = None, tests: Any = None) -> None:
        self._check_one(clean_covid, tests)
        self._check_one(clean_covid, self.edge_rows(tests))

    def _check_one(self, clean_covid: Any, tests: pd.DataFrame) -> None:
        given = tests.copy()
        got = _call(clean_covid, given)
        if not given.equals(tests):
            raise Incorrect.of("m01.q3.modified_input")
        check_type(got, pd.DataFrame, name="clean_covid(tests)")
        if len(got) < len(tests):
            raise Incorrect.of("m01.q3.dropped_rows")
        expected = reference_clean_covid(tests)
        for col in ("age", "ct_result", *TAT_COLUMNS):
            if col not in got.columns:
                continue
            values = pd.to_numeric(got[col], errors="coerce")
            if col == "age" and (values > AGE_MAX).any():
                raise Incorrect.of("m01.q3.ages_left")
            if col == "age" and values.isna().sum() > expected["age"].isna().sum():
                raise Incorrect.of("m01.q3.age_boundary")
            if col == "ct_result" and (values == CT_NOT_DETECTED).any():
                raise Incorrect.of("m01.q3.sentinel_left")
            if col in TAT_COLUMNS and (values < 0).any():
                raise Incorrect.of("m01.q3.negative_left", column=col)
        check_dataframe(got, expected, name="clean_covid(tests)")


class Q4CleanStays(Question):
    title = msg("m01.q4.title")
    hints = catalogue_hints("m01.q4", 3)
    solution_text = None

    def _check(self, clean_stays: Any = None, stays: Any = None) -> None:
        got = _call(clean_stays, stays.copy())
        check_type(got, pd.DataFrame, name="clean_stays(stays)")
        check_columns(got, list(stays.columns), name="clean_stays(stays)")
        expected = reference_clean_stays(stays)
        if len(got) == len(stays) and stays.duplicated().any():
            raise Incorrect.of("m01.q4.duplicates_left")
        if len(got) < len(expected):
            raise Incorrect.of("m01.q4.too_few_rows")
        temperature = pd.to_numeric(got["temperature"], errors="coerce")
        problems = (
            ((got["date_sortie"] < got["date_entree"]).any(), "m01.q4.dates"),
            (
                (pd.to_numeric(got["duree_sejour"], errors="coerce") < 0).any(),
                "m01.q4.negative_los",
            ),
            ((temperature > TEMPERATURE_MAX).any(), "m01.q4.temperature"),
            (
                temperature.isna().sum() > expected["temperature"].isna().sum(),
                "m01.q4.temperature_removed",
            ),
            ((pd.to_numeric(got["pas"], errors="coerce") == PAS_SENTINEL).any(), "m01.q4.pas"),
        )
        for found, key in problems:
            if found:
                raise Incorrect.of(key)
        check_dataframe(got, expected, name="clean_stays(stays)")


class Q5HarmoniseLabs(Question):
    title = msg("m01.q5.title")
    hints = catalogue_hints("m01.q5", 3)
    solution_text = None

    def _check(self, harmonise_labs: Any = None, labs: Any = None) -> None:
        got = _call(harmonise_labs, labs.copy())
        check_type(got, pd.DataFrame, name="harmonise_labs(labs)")
        expected = reference_harmonise_labs(labs)
        if {"valeur", "examen", "unite"} <= set(got.columns):
            values = pd.to_numeric(got["valeur"], errors="coerce")
            if (values == LAB_SENTINEL).any():
                raise Incorrect.of("m01.q5.sentinel_left")
            if len(got) < len(expected):
                raise Incorrect.of("m01.q5.too_few_rows")
            units = got["unite"].astype("string")
            for exam, canonical in (("glucose", "mmol/L"), ("hemoglobine", "g/dL")):
                rows = got["examen"].astype("string") == exam
                if (units[rows] != canonical).any():
                    raise Incorrect.of("m01.q5.unit_label", exam=exam)
                value_rows = expected["examen"] == exam
                got_median = float(values[rows].median())
                exp_median = float(expected.loc[value_rows, "valeur"].median())
                if not math.isclose(got_median, exp_median, rel_tol=0.05):
                    raise Incorrect.of("m01.q5.unit_value", exam=exam)
            if (
                "valeur" in got.columns
                and set(got.index) == set(expected.index)
                and _is_rounded(values, expected["valeur"])
            ):
                raise Incorrect.of("m01.q5.rounded")
        # 5.551, 5.55 and 1000/180.16 are all accepted for glucose.
        check_dataframe(got, expected, name="harmonise_labs(labs)", rel_tol=2e-3)


CODE_CASES = ("i50.0", "I500", "I50.0 ", "I10", " i10", "U071", "j44.1", "E119 ", "N18.3")


class Q6NormaliseCode(Question):
    title = msg("m01.q6.title")
    hints = catalogue_hints("m01.q6", 3)
    solution_text = None

    def _check(self, normalise_code: Any = None) -> None:
        for code in CODE_CASES:
            got = _call(normalise_code, code)
            check_type(got, str, name=f"normalise_code({code!r})")
            if got != reference_normalise_code(code):
                raise Incorrect.of("m01.q6.wrong", code=code, got=got)


class Q7StaysByChapter(Question):
    title = msg("m01.q7.title")
    hints = catalogue_hints("m01.q7", 3)
    solution_text = None

    def _check(self, stays_by_chapter: Any = None, diagnoses: Any = None) -> None:
        got = _call(stays_by_chapter, diagnoses.copy())
        expected = reference_stays_by_chapter(diagnoses)
        chapters_all = diagnoses["code_cim10"].map(cim10.chapter_of)
        if isinstance(got, pd.Series):
            if _same(got, chapters_all.value_counts()) or _same(
                got, diagnoses.assign(c=chapters_all).groupby("c")["sejour_id"].nunique()
            ):
                raise Incorrect.of("m01.q7.all_diagnoses")
            dp = diagnoses["type_diagnostic"] == "DP"
            if _same(got, chapters_all[dp].value_counts()):
                raise Incorrect.of("m01.q7.duplicates")
            if any(str(label) not in {c[2] for c in cim10.CHAPTERS} for label in got.index):
                raise Incorrect.of("m01.q7.not_chapters")
        check_series(got, expected, name="stays_by_chapter(diagnoses)", by_index=True)


def _nir_with_key(nir13: str) -> str:
    return f"{nir13}{nir.nir_key(nir13):02d}"


NIR_PLAIN = (_nir_with_key("1840375056123"), _nir_with_key("2950169123045"))
NIR_CORSICA = (_nir_with_key("192012A045123"), _nir_with_key("288102B120015"))


def _short_key_nir13() -> str:
    """A 13-character number whose key is a single digit (written « 0k » in the NIR)."""
    for order in range(1, 1000):
        nir13 = f"18403750561{order % 100:02d}"[:10] + f"{order:03d}"
        if nir.nir_key(nir13) < 10:
            return nir13
    raise AssertionError("no single-digit key found")  # pragma: no cover


_NIR13_SHORT_KEY = _short_key_nir13()
#: 14 characters (key « 07 » written « 7 ») and 16 characters (a zero too many before the
#: key): ``int(nir[13:]) == key`` holds for both, so only a length test refuses them.
NIR_WRONG_LENGTH = (
    _NIR13_SHORT_KEY + str(nir.nir_key(_NIR13_SHORT_KEY)),
    NIR_PLAIN[0][:13] + "0" + NIR_PLAIN[0][13:],
)


def _bad_key(number: str) -> str:
    return number[:13] + f"{(int(number[13:]) % 97) + 1:02d}"


class Q8NirIsValid(Question):
    title = msg("m01.q8.title")
    hints = catalogue_hints("m01.q8", 3)
    solution_text = None

    def _run(self, func: Any, cases: tuple[str, ...]) -> None:
        for number in cases:
            got = _call(func, number)
            if isinstance(got, str):
                raise Incorrect.of("m01.q8.is_text")
            check_type(got, bool, name=f"nir_is_valid({number!r})")
            if bool(got) != reference_nir_is_valid(number):
                raise Incorrect.of("m01.q8.wrong", nir=number, got=bool(got))

    def _check(self, nir_is_valid: Any = None) -> None:
        plain = NIR_PLAIN + tuple(_bad_key(x) for x in NIR_PLAIN)
        valid = _call(nir_is_valid, NIR_PLAIN[0])
        if isinstance(valid, bool | np.bool_) and not valid:
            # a valid NIR refused: the usual cause is ``key == N mod 97`` (97 − … forgotten)
            fake = NIR_PLAIN[0][:13] + f"{int(NIR_PLAIN[0][:13]) % 97:02d}"
            if _call(nir_is_valid, fake) is True:
                raise Incorrect.of("m01.q8.formula")
        self._run(nir_is_valid, plain)
        try:
            self._run(nir_is_valid, NIR_CORSICA + tuple(_bad_key(x) for x in NIR_CORSICA))
        except Incorrect as exc:
            raise Incorrect.of("m01.q8.corsica") from exc
        self._check_lengths(nir_is_valid)

    @staticmethod
    def _check_lengths(func: Any) -> None:
        """« False aussi si le texte n'a pas 15 caractères » : texts of 14 and 16 characters
        whose digits would pass a key test that forgets the length."""
        for number in NIR_WRONG_LENGTH:
            got = _call(func, number)
            if isinstance(got, str):
                raise Incorrect.of("m01.q8.is_text")
            if got is True or (isinstance(got, np.bool_) and bool(got)):
                raise Incorrect.of("m01.q8.length", nir=number, n=len(number))


class Q9Pseudonymise(Question):
    title = msg("m01.q9.title")
    hints = catalogue_hints("m01.q9", 3)
    solution_text = None

    def _check(self, pseudonymise: Any = None, raw: Any = None, key: Any = None) -> None:
        got = _call(pseudonymise, raw.copy(), key)
        check_type(got, pd.DataFrame, name="pseudonymise(raw, key)")
        left = [c for c in DIRECT_IDENTIFIERS if c in got.columns]
        if left:
            raise Incorrect.of("m01.q9.identifier_left", column=left[0])
        if "pseudo" not in got.columns:
            raise Incorrect.of("m01.q9.no_pseudo")
        pseudo = got["pseudo"].astype(str).tolist()
        nirs = raw["nir"].astype(str).tolist()
        if pseudo == [plain_sha256(x) for x in nirs]:
            raise Incorrect.of("m01.q9.plain_hash")
        other = _call(pseudonymise, raw.copy(), hashlib.sha256(key).digest())
        if (
            isinstance(other, pd.DataFrame)
            and "pseudo" in other.columns
            and (other["pseudo"].astype(str).tolist() == pseudo)
        ):
            raise Incorrect.of("m01.q9.key_unused")
        again = _call(pseudonymise, raw.copy(), key)
        if again["pseudo"].astype(str).tolist() != pseudo:
            raise Incorrect.of("m01.q9.not_deterministic")
        if pseudo != [hmac_sha256(key, x) for x in nirs]:
            raise Incorrect.of("m01.q9.wrong_pseudo")
        check_dataframe(got, reference_pseudonymise(raw, key), name="pseudonymise(raw, key)")


def _with_site_column(df: Any) -> Any:
    if isinstance(df, pd.DataFrame) and "site" not in df.columns:
        df = df.reset_index()
        if "site" not in df.columns and "index" in df.columns:
            df = df.rename(columns={"index": "site"})
    if isinstance(df, pd.DataFrame) and "site" in df.columns:
        df = df.assign(site=df["site"].astype(str))
    return df


class Q10TableOne(Question):
    title = msg("m01.q10.title")
    hints = catalogue_hints("m01.q10", 3)
    solution_text = None

    def _check(self, table_one: Any = None, stays: Any = None) -> None:
        got = _call(table_one, stays.copy())
        check_type(got, pd.DataFrame, name="table_one(stays)")
        got = _with_site_column(got)
        expected = _with_site_column(reference_table_one(stays))
        if "pct_readmission" in got.columns:
            g = stays.groupby("site", observed=True)["readmission_30j"]
            deaths_as_no = g.apply(lambda s: 100 * s.fillna(False).astype(bool).mean())
            values = got.set_index("site")["pct_readmission"] if "site" in got else None
            if values is not None and _same(values, deaths_as_no.rename(index=str)):
                raise Incorrect.of("m01.q10.deaths_in_denominator")
        for col in ("pct_deces", "pct_readmission"):
            if col in got.columns and "site" in got.columns:
                values = pd.to_numeric(got.set_index("site")[col], errors="coerce")
                if _same(values, expected.set_index("site")[col] / 100):
                    raise Incorrect.of("m01.q10.fraction", column=col)
        if "n_sejours" in got.columns and "site" in got.columns:
            patients = stays.groupby("site", observed=True)["patient_id"].nunique()
            n = got.set_index("site")["n_sejours"]
            if not patients.equals(stays.groupby("site", observed=True).size()) and _same(
                n, patients.rename(index=str)
            ):
                raise Incorrect.of("m01.q10.patients_not_stays")
        if "site" in got.columns:
            indexed, wanted = got.set_index("site"), expected.set_index("site")
            for col in TABLE_ONE_COLUMNS:
                if col in indexed.columns and _is_rounded(indexed[col], wanted[col]):
                    raise Incorrect.of("m01.q10.rounded", column=col)
        check_dataframe(got, expected, name="table_one(stays)", rel_tol=1e-6)


def _figure_texts(ax: Any) -> list[str]:
    texts = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    legend = ax.get_legend()
    if legend is not None:
        texts += [t.get_text() for t in legend.get_texts()]
    texts.append(ax.get_title())
    return [t.strip().lower() for t in texts if t and t.strip()]


def _mentions_site(texts: list[str], site: str) -> bool:
    site = site.lower()
    return any(t == site or t.endswith(f" {site}") or f"site {site}" in t for t in texts)


class Q11PlotLos(Question):
    title = msg("m01.q11.title")
    hints = catalogue_hints("m01.q11", 3)
    solution_text = None

    def _check(self, plot_los_by_site: Any = None, stays: Any = None) -> None:
        fig = _call(plot_los_by_site, stays.copy())
        from matplotlib.axes import Axes

        if isinstance(fig, Axes) or hasattr(fig, "axes"):
            drawn = [fig] if isinstance(fig, Axes) else [a for a in fig.axes if a.has_data()]
            for ax in drawn:
                # a categorical axis (« Site A », « Site B ») needs a name, not a unit
                ticks = [t.get_text().strip().lower() for t in ax.get_xticklabels()]
                if not ax.get_xlabel().strip() and any(t.startswith("site") for t in ticks):
                    raise Incorrect.of("m01.q11.no_group_label")
        check_figure(fig, name="plot_los_by_site(stays)", require_title=True)

        axes = [fig] if isinstance(fig, Axes) else [a for a in fig.axes if a.has_data()]
        labels = " ".join(a.get_xlabel() + " " + a.get_ylabel() for a in axes).lower()
        if not re.search(r"\bjours?\b|\(j\)|\bj\b", labels):  # « séjour » is not a unit
            raise Incorrect.of("m01.q11.unit")
        texts = [t for a in axes for t in _figure_texts(a)]
        for site in sorted(stays["site"].astype(str).unique()):
            if not _mentions_site(texts, site):
                raise Incorrect.of("m01.q11.sites")
        _check_plotted_los(axes, stays)


def _plotted_levels(ax: Any) -> set[float]:
    """Values of the horizontal and vertical segments (box medians, quartiles, whiskers)."""
    levels: set[float] = set()
    for line in ax.get_lines():
        x, y = np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)
        if len(y) >= 2 and np.allclose(y, y[0]):
            levels.add(round(float(y[0]), 6))
        if len(x) >= 2 and np.allclose(x, x[0]):
            levels.add(round(float(x[0]), 6))
    return levels


def _bar_containers(ax: Any) -> list[np.ndarray]:
    from matplotlib.container import BarContainer

    return [
        np.array([r.get_height() for r in c.patches], dtype=float)
        for c in ax.containers
        if isinstance(c, BarContainer)
    ]


def _check_plotted_los(axes: list[Any], stays: pd.DataFrame) -> None:
    """The figure shows the distribution of ``duree_sejour`` of each site, from its own stays.

    Recognised: box plots (each site's median among the drawn segments) and histograms
    (one bar series per site, whose counts add up to that site's stays). Other kinds of
    figure (violins, step histograms…) are not read. Catches the wrong column, one site
    drawn twice, and one bar per site (a median or a mean is not a distribution).
    """
    groups = {
        str(site): pd.to_numeric(g, errors="coerce").dropna()
        for site, g in stays.groupby(stays["site"].astype(str))["duree_sejour"]
    }
    levels = set().union(*(_plotted_levels(ax) for ax in axes))
    bars = [b for ax in axes for b in _bar_containers(ax)]
    summaries = [v for g in groups.values() for v in (g.median(), g.mean())]
    single_bars = [b for b in bars if len(b) == 1]
    flat = np.concatenate(bars) if bars else np.array([])
    if (
        bars
        and len(flat) == len(groups)
        and all(any(math.isclose(h, s, rel_tol=1e-6) for s in summaries) for h in flat)
    ):
        raise Incorrect.of("m01.q11.not_distribution")
    if single_bars and len(single_bars) == len(bars):
        raise Incorrect.of("m01.q11.not_distribution")
    is_box = not bars and any(
        any(math.isclose(level, g.median(), abs_tol=1e-6) for level in levels)
        for g in groups.values()
    )
    is_hist = any(
        any(math.isclose(float(b.sum()), len(g), rel_tol=1e-9) for b in bars)
        for g in groups.values()
    )
    if is_box:
        for g in groups.values():
            if not any(math.isclose(level, g.median(), abs_tol=1e-6) for level in levels):
                raise Incorrect.of("m01.q11.wrong_data")
    elif is_hist:
        used: list[int] = []
        for g in groups.values():
            match = [
                i
                for i, b in enumerate(bars)
                if i not in used and math.isclose(float(b.sum()), len(g), rel_tol=1e-9)
            ]
            if not match:
                raise Incorrect.of("m01.q11.wrong_data")
            used.append(match[0])
    elif (levels and not bars) or any(float(b.sum()).is_integer() and b.sum() > 0 for b in bars):
        # box plots, or count histograms, of something else than duree_sejour per site
        # (density histograms are not read: their heights are not counts)
        raise Incorrect.of("m01.q11.wrong_data")


q1_subjects = Q1Subjects()
q2_missing_share = Q2MissingShare()
q3_clean_covid = Q3CleanCovid()
q4_clean_stays = Q4CleanStays()
q5_harmonise_labs = Q5HarmoniseLabs()
q6_normalise_code = Q6NormaliseCode()
q7_stays_by_chapter = Q7StaysByChapter()
q8_nir_is_valid = Q8NirIsValid()
q9_pseudonymise = Q9Pseudonymise()
q10_table_one = Q10TableOne()
q11_plot_los = Q11PlotLos()


# --------------------------------------------------------------------------------------------
# Lesson (notebooks/m01_donnees_sante.ipynb): instant checks with hints and solutions
# --------------------------------------------------------------------------------------------


class L1DirectIdentifiers(Question):
    """Which columns of the raw patient table identify a person directly."""

    title = msg("m01.l1.title")
    hints = catalogue_hints("m01.l1", 2)
    solution_text = msg("m01.l1.solution")

    def _check(self, direct_identifiers: Any = None) -> None:
        if not isinstance(direct_identifiers, list | tuple | set):
            raise Incorrect.of("m01.l1.not_a_list")
        chosen = {str(c) for c in direct_identifiers}
        required = {"nom", "prenom", "nir", "adresse"}
        missing = required - chosen
        if missing:
            raise Incorrect.of("m01.l1.missing", column=sorted(missing)[0])
        not_direct = chosen & {
            "sexe",
            "departement",
            "territoire",
            "quintile_fdep",
            "c2s",
            "nb_maladies_chroniques",
        }
        if not_direct:
            raise Incorrect.of("m01.l1.not_direct", column=sorted(not_direct)[0])
        quasi = chosen & {"date_naissance", "code_postal", "commune"}
        if quasi:
            raise Incorrect.of("m01.l1.quasi_identifier", column=sorted(quasi)[0])


class L2ImpossibleAges(Question):
    title = msg("m01.l2.title")
    hints = catalogue_hints("m01.l2", 2)
    solution_text = msg("m01.l2.solution")

    def _check(self, n_impossible_ages: Any = None, tests: Any = None) -> None:
        if pd.api.types.is_list_like(n_impossible_ages):
            raise Incorrect.of("m01.l2.not_a_count")
        check_type(n_impossible_ages, int, name="n_impossible_ages")
        if (
            n_impossible_ages
            == int((tests["age"] >= AGE_MAX).sum())
            != int((tests["age"] > AGE_MAX).sum())
        ):
            raise Incorrect.of("m01.l2.boundary")
        if n_impossible_ages != int((tests["age"] > AGE_MAX).sum()):
            raise Incorrect.of("m01.l2.wrong", got=n_impossible_ages)


class L3Sentinel(Question):
    title = msg("m01.l3.title")
    hints = catalogue_hints("m01.l3", 2)
    solution_text = msg("m01.l3.solution")

    def _check(self, ct_measured: Any = None, tests: Any = None) -> None:
        if isinstance(ct_measured, pd.DataFrame):
            raise Incorrect.of("m01.l3.dataframe")
        check_type(ct_measured, pd.Series, name="ct_measured")
        if len(ct_measured) != len(tests):
            raise Incorrect.of("m01.l3.length")
        if (pd.to_numeric(ct_measured, errors="coerce") == CT_NOT_DETECTED).any():
            raise Incorrect.of("m01.l3.sentinel_left")
        expected = tests["ct_result"].where(tests["ct_result"] != CT_NOT_DETECTED)
        if ct_measured.isna().sum() > expected.isna().sum():
            raise Incorrect.of("m01.l3.too_many_missing")
        check_series(ct_measured, expected, name="ct_measured", check_order=True, by_index=False)


class L4Duplicates(Question):
    title = msg("m01.l4.title")
    hints = catalogue_hints("m01.l4", 2)
    solution_text = msg("m01.l4.solution")

    def _check(self, n_duplicates: Any = None, stays: Any = None) -> None:
        if pd.api.types.is_list_like(n_duplicates):
            raise Incorrect.of("m01.l4.not_a_count")
        check_type(n_duplicates, int, name="n_duplicates")
        if n_duplicates == int(stays.duplicated(keep=False).sum()):
            raise Incorrect.of("m01.l4.keep_false")
        if n_duplicates == int(stays.duplicated(subset=["patient_id"]).sum()):
            raise Incorrect.of("m01.l4.subset")
        if n_duplicates != int(stays.duplicated().sum()):
            raise Incorrect.of("m01.l4.wrong", got=n_duplicates)


class L5Chapters(Question):
    title = msg("m01.l5.title")
    hints = catalogue_hints("m01.l5", 2)
    solution_text = msg("m01.l5.solution")

    def _check(self, chapters: Any = None, codes: Any = None) -> None:
        check_type(chapters, pd.Series, name="chapters")
        expected = codes.map(cim10.chapter_of)
        check_series(chapters, expected, name="chapters", check_order=True, by_index=False)


class L6NirKey(Question):
    title = msg("m01.l6.title")
    hints = catalogue_hints("m01.l6", 3)
    solution_text = msg("m01.l6.solution")

    def _check(self, key_of: Any = None) -> None:
        for number in ("1840375056123", "2950169123045", "192012A045123", "288102B120015"):
            got = _call(key_of, number)
            check_type(got, int, name=f"key_of({number!r})")
            if got == int(number.replace("2A", "19").replace("2B", "18")) % 97:
                raise Incorrect.of("m01.l6.formula")
            if got != nir.nir_key(number):
                key = "m01.l6.corsica" if "2A" in number or "2B" in number else "m01.l6.wrong"
                raise Incorrect.of(key, nir=number, got=got)


class L7MedianBySite(Question):
    title = msg("m01.l7.title")
    hints = catalogue_hints("m01.l7", 2)
    solution_text = msg("m01.l7.solution")

    def _check(self, median_los: Any = None, stays: Any = None) -> None:
        expected = stays.groupby("site", observed=True)["duree_sejour"].median()
        expected.index = expected.index.astype(str)
        if isinstance(median_los, pd.Series):
            median_los = median_los.rename(index=str)
            means = stays.groupby("site", observed=True)["duree_sejour"].mean().rename(index=str)
            if _same(median_los, means):
                raise Incorrect.of("m01.l7.mean")
        check_series(median_los, expected, name="median_los", by_index=True)


l1_identifiers = L1DirectIdentifiers()
l2_impossible_ages = L2ImpossibleAges()
l3_sentinel = L3Sentinel()
l4_duplicates = L4Duplicates()
l5_chapters = L5Chapters()
l6_nir_key = L6NirKey()
l7_median_los = L7MedianBySite()
