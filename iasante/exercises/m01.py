"""Module 01 « Données de santé » — checks of the lesson and of the graded assignment.

Graded questions keep their answer key out of this module (the learner's kernel imports
it): each visible check runs the learner's function on small hand-made tables whose right
answer is known by construction (written below as literal values), names the usual
mistakes from the learner's own output, and checks on the real table only the rules the
statement states (no row lost, no sentinel left…). The answers on the real data and on
the cohort variant (``cohort_tables(HIDDEN_TESTS_SEED)``) are computed in the hidden
tests of ``source/m01_donnees_sante`` and passed to the same checks as ``expected``.

Rules the statements ask for, and their sources:
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
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd

from iasante.data import cim10, nir, variants
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
from iasante.feedback.delegation import runs_any
from iasante.messages import msg
from iasante.widgets.hashing import hash_explorer, hash_rows  # noqa: F401 -- m01.hash_explorer in the lesson

AGE_MAX = 120
CT_NOT_DETECTED = 45.0
TAT_COLUMNS = ("col_rec_tat", "rec_ver_tat")
TEMPERATURE_MAX = 45.0
PAS_SENTINEL = 999
LAB_SENTINEL = 9999
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


def _call(func: Any, *args: Any, **kwargs: Any) -> Any:
    """``call_answer``, with the common beginner slips explained in French."""
    return call_explaining_slips("m01", func, *args, **kwargs)


def _call_on_copy(func: Any, table: pd.DataFrame, *args: Any, name: str) -> Any:
    """Call ``func(copy of table, *args)``; the statement's rule « do not modify the table
    you receive » (instructions of the assignment) is checked on the way."""
    given = table.copy()
    got = _call(func, given, *args)
    if not given.equals(table):
        raise Incorrect.of("m01.x.modified_input", name=name)
    return got


#: how a call on a hand-made table is named in the messages (« vos fonctions sont aussi
#: essayées sur de petits tableaux d'essai », instructions of the assignment)
TOY = "{}(tableau d'essai)"


@contextmanager
def _on_trial_table(show: str) -> Iterator[None]:
    """A comparison that fails on a hand-made table is told as such, with the code that
    displays that table (the learner never saw it): « Sur un petit tableau d'essai… »."""
    try:
        yield
    except Incorrect as exc:
        if str(exc.key).startswith(("feedback.df.", "feedback.series.")):
            raise Incorrect.of("m01.x.trial_table", detail=str(exc), show=show) from None
        raise


def _numbers(values: Any) -> pd.Series:
    return pd.to_numeric(pd.Series(values), errors="coerce")


def _with_values(rows: pd.DataFrame, **columns: Any) -> pd.DataFrame:
    """``rows`` (a few rows of the learner's table: every column and dtype of the real one)
    with hand-written values in the given columns, cast back to the column's dtype."""
    out = rows.copy()
    for col, values in columns.items():
        out[col] = pd.Series(values, index=out.index, dtype=object).astype(rows[col].dtype)
    return out


def _toy_rows(table: pd.DataFrame, n: int) -> pd.DataFrame:
    rows = table.head(n).copy()
    if len(rows) < n:  # a table too short for the hand-made rows: repeat its rows
        rows = table.sample(n, replace=True, random_state=0)
    return rows.set_axis(range(n))


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


#: six rows: 2 ages missing of 6, 1 sex of 6, no site, every Ct value
MISSING_TOY = {
    "age": [34.0, np.nan, 71.0, np.nan, 55.0, 18.0],
    "sexe": ["F", "M", None, "F", "M", "F"],
    "site": ["A", "A", "B", "B", "A", "B"],
    "ct": [np.nan] * 6,
}
_MISSING_TOY_SHARE = {"age": 2 / 6, "sexe": 1 / 6, "site": 0.0, "ct": 1.0}


class Q2MissingShare(Question):
    title = msg("m01.q2.title")
    hints = catalogue_hints("m01.q2", 2)
    solution_text = None

    @staticmethod
    def trial_input() -> pd.DataFrame:
        """The hand-made table the check tries first."""
        return pd.DataFrame(MISSING_TOY)

    def _check(self, missing_share: Any = None, tests: Any = None, expected: Any = None) -> None:
        toy = self.trial_input()
        got = _call_on_copy(missing_share, toy, name="missing_share")
        want = pd.Series(_MISSING_TOY_SHARE)
        if isinstance(got, pd.Series) and _same(got, want * 100):
            raise Incorrect.of("m01.q2.percent")
        if isinstance(got, pd.Series) and _same(got, want * len(toy)):
            raise Incorrect.of("m01.q2.counts")
        if isinstance(got, pd.Series) and _is_rounded(got, want):
            raise Incorrect.of("m01.q2.rounded")
        with _on_trial_table("m01.q2_missing_share.trial_input()"):
            check_series(got, want, name=TOY.format("missing_share"), by_index=True)
        got = _call_on_copy(missing_share, tests, name="missing_share")
        check_type(got, pd.Series, name="missing_share(tests)")
        if (_numbers(got.to_numpy()) > 1).any():
            raise Incorrect.of("m01.q2.percent")
        if expected is None:
            # on the real table, one value per column (the values were checked above); a
            # missing value (NaN) in the learner's series is reported at its label
            got, expected = got.notna(), pd.Series(True, index=tests.columns)
        check_series(got, expected, name="missing_share(tests)", by_index=True)


#: four rows at the bounds of every rule of the table (the real extract has no negative
#: collection delay, no age of exactly 120): values given, then the cleaned values
COVID_EDGES = {
    "age": [120.0, 120.5, np.nan, 0.0],
    "ct_result": [45.0, 44.9, np.nan, 14.05],
    "col_rec_tat": [0.0, -0.1, np.nan, 61370.2],
    "rec_ver_tat": [-18.6, 0.0, 5.0, np.nan],
}
_COVID_EDGES_CLEAN = {
    "age": [120.0, np.nan, np.nan, 0.0],
    "ct_result": [np.nan, 44.9, np.nan, 14.05],
    "col_rec_tat": [0.0, np.nan, np.nan, 61370.2],
    "rec_ver_tat": [np.nan, 0.0, 5.0, np.nan],
}


class Q3CleanCovid(Question):
    title = msg("m01.q3.title")
    hints = catalogue_hints("m01.q3", 3)
    solution_text = None

    @staticmethod
    def edge_rows(tests: pd.DataFrame) -> pd.DataFrame:
        """Four rows of ``tests`` with the values of ``COVID_EDGES``."""
        return _with_values(_toy_rows(tests, 4), **COVID_EDGES)

    def _check(self, clean_covid: Any = None, tests: Any = None, expected: Any = None) -> None:
        self._check_one(clean_covid, tests, expected)
        edges = self.edge_rows(tests)
        with _on_trial_table("m01.q3_clean_covid.edge_rows(tests)"):
            self._check_one(
                clean_covid,
                edges,
                _with_values(edges, **_COVID_EDGES_CLEAN),
                TOY.format("clean_covid"),
            )

    def _check_one(
        self, clean_covid: Any, tests: pd.DataFrame, expected: Any, call: str = "clean_covid(tests)"
    ) -> None:
        given = tests.copy()
        got = _call(clean_covid, given)
        if not given.equals(tests):
            raise Incorrect.of("m01.q3.modified_input")
        check_type(got, pd.DataFrame, name=call)
        if len(got) < len(tests):
            raise Incorrect.of("m01.q3.dropped_rows")
        for col in ("age", "ct_result", *TAT_COLUMNS):
            if col not in got.columns:
                continue
            values = pd.to_numeric(got[col], errors="coerce")
            if col == "age" and (values > AGE_MAX).any():
                raise Incorrect.of("m01.q3.ages_left")
            # ages that become missing: only those above 120
            erased = values.isna().sum() - tests["age"].isna().sum()
            if col == "age" and erased > (tests["age"] > AGE_MAX).sum():
                raise Incorrect.of("m01.q3.age_boundary")
            if col == "ct_result" and (values == CT_NOT_DETECTED).any():
                raise Incorrect.of("m01.q3.sentinel_left")
            if col in TAT_COLUMNS and (values < 0).any():
                raise Incorrect.of("m01.q3.negative_left", column=col)
        check_columns(got, list(tests.columns), name=call)
        if expected is not None:
            check_dataframe(got, expected, name=call)


def _stays_toy(stays: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Four stays and an exact duplicate of the first, each rule met once: dates swapped
    (length −8 days), a temperature typed without its comma (372), the boundary 45.0 °C
    (kept), the PAS code 999, a missing temperature (stays missing)."""
    given = {
        "sejour_id": ["T1", "T2", "T3", "T4", "T1"],
        "date_entree": ["2023-01-10", "2023-02-20", "2023-03-01", "2023-04-02", "2023-01-10"],
        "date_sortie": ["2023-01-15", "2023-02-12", "2023-03-01", "2023-04-09", "2023-01-15"],
        "duree_sejour": [5, -8, 0, 7, 5],
        "temperature": [37.2, 372.0, 45.0, np.nan, 37.2],
        "pas": [120, PAS_SENTINEL, 131, pd.NA, 120],
    }
    clean = {
        "sejour_id": ["T1", "T2", "T3", "T4"],
        "date_entree": ["2023-01-10", "2023-02-12", "2023-03-01", "2023-04-02"],
        "date_sortie": ["2023-01-15", "2023-02-20", "2023-03-01", "2023-04-09"],
        "duree_sejour": [5, 8, 0, 7],
        "temperature": [37.2, 37.2, 45.0, np.nan],
        "pas": [120, pd.NA, 131, pd.NA],
    }
    rows = _toy_rows(stays, 4)
    rows = pd.concat([rows, rows.head(1)]).set_axis(range(5))  # row 4: an exact duplicate
    toy = _with_values(rows, **{c: v for c, v in given.items() if c in rows})
    want = _with_values(rows.head(4), **{c: v for c, v in clean.items() if c in rows})
    return toy, want


class Q4CleanStays(Question):
    title = msg("m01.q4.title")
    hints = catalogue_hints("m01.q4", 3)
    solution_text = None

    @staticmethod
    def trial_input(stays: pd.DataFrame) -> pd.DataFrame:
        """The hand-made table the check tries first (five rows of ``stays``, rewritten)."""
        return _stays_toy(stays)[0]

    def _check(self, clean_stays: Any = None, stays: Any = None, expected: Any = None) -> None:
        toy, want = _stays_toy(stays)
        with _on_trial_table("m01.q4_clean_stays.trial_input(stays)"):
            self._check_one(clean_stays, toy, want, TOY.format("clean_stays"))
        self._check_one(clean_stays, stays, expected)

    def _check_one(
        self, clean_stays: Any, stays: pd.DataFrame, expected: Any, call: str = "clean_stays(stays)"
    ) -> None:
        got = _call_on_copy(clean_stays, stays, name="clean_stays")
        check_type(got, pd.DataFrame, name=call)
        check_columns(got, list(stays.columns), name=call)
        unique = stays.drop_duplicates()
        if got.duplicated().any() or (len(got) == len(stays) > len(unique)):
            raise Incorrect.of("m01.q4.duplicates_left")
        if len(got) < len(unique):
            raise Incorrect.of("m01.q4.too_few_rows")
        temperature = pd.to_numeric(got["temperature"], errors="coerce")
        problems = (
            ((got["date_sortie"] < got["date_entree"]).any(), "m01.q4.dates"),
            ((_numbers(got["duree_sejour"]) < 0).any(), "m01.q4.negative_los"),
            ((temperature > TEMPERATURE_MAX).any(), "m01.q4.temperature"),
            (
                temperature.isna().sum() > unique["temperature"].isna().sum(),
                "m01.q4.temperature_removed",
            ),
            ((_numbers(got["pas"]) == PAS_SENTINEL).any(), "m01.q4.pas"),
        )
        for found, key in problems:
            if found:
                raise Incorrect.of(key)
        if expected is not None:
            check_dataframe(got, expected, name=call)


def _labs_toy(labs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Eight results: glucose and haemoglobin in g/L and already in the reference unit, a
    potassium coded 9999 (removed), and an exact duplicate (kept: « ne retirez pas les
    doublons ici »)."""
    exams = ["glucose", "glucose", "glucose", "hemoglobine", "hemoglobine", "potassium"]
    given = {
        "examen": [*exams, "potassium", "glucose"],
        "valeur": [1.0, 0.93, 6.5, 125.0, 13.1, LAB_SENTINEL, 4.2, 6.5],
        "unite": ["g/L", "g/L", "mmol/L", "g/L", "g/dL", "mmol/L", "mmol/L", "mmol/L"],
    }
    clean = {
        "examen": [*exams[:5], "potassium", "glucose"],
        "valeur": [5.551, 0.93 * 5.551, 6.5, 12.5, 13.1, 4.2, 6.5],
        "unite": ["mmol/L", "mmol/L", "mmol/L", "g/dL", "g/dL", "mmol/L", "mmol/L"],
    }
    rows = _toy_rows(labs, 7)
    rows = pd.concat([rows, rows.iloc[[2]]]).set_axis(range(8))  # row 7: duplicate of row 2
    toy = _with_values(rows, **given)
    kept = rows.drop(index=5)
    want = _with_values(kept, **clean)
    want["unite"] = want["unite"].astype("string")
    return toy, want


class Q5HarmoniseLabs(Question):
    title = msg("m01.q5.title")
    hints = catalogue_hints("m01.q5", 3)
    solution_text = None

    @staticmethod
    def trial_input(labs: pd.DataFrame) -> pd.DataFrame:
        """The hand-made table the check tries first (eight rows of ``labs``, rewritten)."""
        return _labs_toy(labs)[0]

    def _check(self, harmonise_labs: Any = None, labs: Any = None, expected: Any = None) -> None:
        toy, want = _labs_toy(labs)
        with _on_trial_table("m01.q5_harmonise_labs.trial_input(labs)"):
            self._check_one(harmonise_labs, toy, want, TOY.format("harmonise_labs"))
        self._check_one(harmonise_labs, labs, expected)

    def _check_one(
        self,
        harmonise_labs: Any,
        labs: pd.DataFrame,
        expected: Any,
        call: str = "harmonise_labs(labs)",
    ) -> None:
        got = _call_on_copy(harmonise_labs, labs, name="harmonise_labs")
        check_type(got, pd.DataFrame, name=call)
        if {"valeur", "examen", "unite"} <= set(got.columns):
            values = pd.to_numeric(got["valeur"], errors="coerce")
            if (values == LAB_SENTINEL).any():
                raise Incorrect.of("m01.q5.sentinel_left")
            if len(got) < int((labs["valeur"] != LAB_SENTINEL).sum()):
                raise Incorrect.of("m01.q5.too_few_rows")
            units = got["unite"].astype("string")
            for exam, canonical in (("glucose", "mmol/L"), ("hemoglobine", "g/dL")):
                rows = got["examen"].astype("string") == exam
                if (units[rows] != canonical).any():
                    raise Incorrect.of("m01.q5.unit_label", exam=exam)
                if expected is None:
                    continue
                got_median = float(values[rows].median())
                exp_median = float(expected.loc[expected["examen"] == exam, "valeur"].median())
                if not math.isclose(got_median, exp_median, rel_tol=0.05):
                    raise Incorrect.of("m01.q5.unit_value", exam=exam)
            if (
                expected is not None
                and set(got.index) == set(expected.index)
                and _is_rounded(values, expected["valeur"])
            ):
                raise Incorrect.of("m01.q5.rounded")
        if expected is not None:
            # 5.551, 5.55 and 1000/180.16 are all accepted for glucose.
            check_dataframe(got, expected, name=call, rel_tol=2e-3)


#: raw writing → canonical form (upper case, no space, a dot after the third character)
_CODE_CASES = {
    "i50.0": "I50.0",
    "I500": "I50.0",
    "I50.0 ": "I50.0",
    "I10": "I10",
    " i10": "I10",
    "U071": "U07.1",
    "j44.1": "J44.1",
    "E119 ": "E11.9",
    "N18.3": "N18.3",
}


class Q6NormaliseCode(Question):
    title = msg("m01.q6.title")
    hints = catalogue_hints("m01.q6", 3)
    solution_text = None

    def _check(self, normalise_code: Any = None) -> None:
        for code, canonical in _CODE_CASES.items():
            got = _call(normalise_code, code)
            check_type(got, str, name=f"normalise_code({code!r})")
            if got != canonical:
                raise Incorrect.of("m01.q6.wrong", code=code, got=got)
        if runs_any(normalise_code, (cim10.normalize,), "i500 "):
            raise Incorrect.of("m01.own_code", name="normalise_code", tool="iasante.data.cim10")


#: six stays: S1 has a DAS of another chapter, S2's DP line is exported twice and written
#: « à la PMSI », S5 has no DP. Stays per DP chapter: IX (S1, S2) 2, X (S3) 1, IV (S4) 1,
#: XIV (S6) 1.
DIAGNOSES_TOY = {
    "sejour_id": ["S1", "S1", "S2", "S2", "S3", "S3", "S4", "S5", "S6"],
    "type_diagnostic": ["DP", "DAS", "DP", "DP", "DP", "DAS", "DP", "DAS", "DP"],
    "code_cim10": ["I50.0", "E11.9", "i500 ", "i500 ", "J44.1", "I10", "E119", "J18.9", "N18.3"],
}
_DIAGNOSES_TOY_COUNTS = {"IV": 1, "IX": 2, "X": 1, "XIV": 1}


def _as_series(got: Any) -> Any:
    return got.iloc[:, 0] if isinstance(got, pd.DataFrame) and got.shape[1] == 1 else got


class Q7StaysByChapter(Question):
    title = msg("m01.q7.title")
    hints = catalogue_hints("m01.q7", 3)
    solution_text = None

    @staticmethod
    def trial_input(diagnoses: pd.DataFrame) -> pd.DataFrame:
        """The hand-made table the check tries first (typed like ``diagnoses``)."""
        return pd.DataFrame(DIAGNOSES_TOY).astype(diagnoses.dtypes.to_dict())

    def _check(
        self, stays_by_chapter: Any = None, diagnoses: Any = None, expected: Any = None
    ) -> None:
        toy = self.trial_input(diagnoses)
        with _on_trial_table("m01.q7_stays_by_chapter.trial_input(diagnoses)"):
            self._check_one(
                stays_by_chapter,
                toy,
                pd.Series(_DIAGNOSES_TOY_COUNTS),
                TOY.format("stays_by_chapter"),
            )
        self._check_one(stays_by_chapter, diagnoses, expected)

    def _check_one(
        self,
        stays_by_chapter: Any,
        diagnoses: pd.DataFrame,
        expected: Any,
        call: str = "stays_by_chapter(diagnoses)",
    ) -> None:
        got = _as_series(_call_on_copy(stays_by_chapter, diagnoses, name="stays_by_chapter"))
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
        check_type(got, pd.Series, name=call)
        if expected is not None:
            check_series(got, expected, name=call, by_index=True)


#: NIR followed by its key → valid? Keys by the INSEE rule, 97 − (NIR13 mod 97), with
#: 2A → 19 and 2B → 18; the first is the published carte Vitale specimen.
NIR_PLAIN = ("269054958815780", "184037505612308", "295016912304542")
NIR_CORSICA = ("192012A04512368", "288102B12001586")
#: the same numbers with a key one too high
NIR_BAD_KEY = ("269054958815781", "184037505612309", "295016912304543")
NIR_CORSICA_BAD_KEY = ("192012A04512369", "288102B12001587")
#: 14 characters (key « 07 » written « 7 ») and 16 characters (a zero too many before the
#: key): ``int(nir[13:]) == key`` holds for both, so only a length test refuses them.
NIR_WRONG_LENGTH = ("18403750560259", "1840375056123008")


class Q8NirIsValid(Question):
    title = msg("m01.q8.title")
    hints = catalogue_hints("m01.q8", 3)
    solution_text = None

    def _run(self, func: Any, valid: tuple[str, ...], invalid: tuple[str, ...]) -> None:
        for number, want in [*((x, True) for x in valid), *((x, False) for x in invalid)]:
            got = _call(func, number)
            if isinstance(got, str):
                raise Incorrect.of("m01.q8.is_text")
            check_type(got, bool, name=f"nir_is_valid({number!r})")
            if bool(got) != want:
                raise Incorrect.of("m01.q8.wrong", nir=number, got=bool(got))

    def _check(self, nir_is_valid: Any = None) -> None:
        valid = _call(nir_is_valid, NIR_PLAIN[0])
        if isinstance(valid, bool | np.bool_) and not valid:
            # a valid NIR refused: the usual cause is ``key == N mod 97`` (97 − … forgotten)
            fake = NIR_PLAIN[0][:13] + f"{int(NIR_PLAIN[0][:13]) % 97:02d}"
            if _call(nir_is_valid, fake) is True:
                raise Incorrect.of("m01.q8.formula")
        self._run(nir_is_valid, NIR_PLAIN, NIR_BAD_KEY)
        try:
            self._run(nir_is_valid, NIR_CORSICA, NIR_CORSICA_BAD_KEY)
        except Incorrect as exc:
            raise Incorrect.of("m01.q8.corsica") from exc
        self._check_lengths(nir_is_valid)
        if runs_any(nir_is_valid, (nir.is_valid_nir, nir.nir_key), NIR_PLAIN[0]):
            raise Incorrect.of("m01.own_code", name="nir_is_valid", tool="iasante.data.nir")

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


#: three patients, their birth dates, the key, and the HMAC-SHA256 of each NIR with it
#: (``hmac.new(PSEUDO_TOY_KEY, nir.encode("utf-8"), hashlib.sha256).hexdigest()``)
PSEUDO_TOY_KEY = b"cle-de-controle-du-DIM"
PSEUDO_TOY = {
    "nir": ["269054958815780", "184037505612308", "192012A04512368"],
    "date_naissance": ["1969-05-12", "1984-03-30", "1920-01-01"],
}
_PSEUDO_TOY_ANSWER = {
    "pseudo": [
        "6fb21f04ad25e4b24a43b18d7f0ddebefd51918e85ea739d9b9a0ccfa6657b57",
        "7e5f82559bf9aff1e69161c1ccec16ae42433784fc92e1eda4fd2af8f8d9ab0e",
        "e817aafe72775295376f3e724fa162f298d46f7ce51c9382b28f1dc7086ac346",
    ],
    "annee_naissance": [1969, 1984, 1920],
}


class Q9Pseudonymise(Question):
    title = msg("m01.q9.title")
    hints = catalogue_hints("m01.q9", 3)
    solution_text = None

    @staticmethod
    def trial_input(raw: pd.DataFrame) -> tuple[pd.DataFrame, bytes]:
        """The hand-made table and key the check tries first (three rows of ``raw``)."""
        return _with_values(_toy_rows(raw, 3), **PSEUDO_TOY), PSEUDO_TOY_KEY

    def _check(
        self, pseudonymise: Any = None, raw: Any = None, key: Any = None, expected: Any = None
    ) -> None:
        toy, toy_key = self.trial_input(raw)
        want = toy[list(PSEUDO_KEEP)].assign(**_PSEUDO_TOY_ANSWER)
        with _on_trial_table("m01.q9_pseudonymise.trial_input(raw)"):
            self._check_one(pseudonymise, toy, toy_key, want, "pseudonymise(tableau d'essai, clé)")
        self._check_one(pseudonymise, raw, key, expected)

    def _check_one(
        self,
        pseudonymise: Any,
        raw: pd.DataFrame,
        key: Any,
        expected: Any,
        call: str = "pseudonymise(raw, key)",
    ) -> None:
        got = _call_on_copy(pseudonymise, raw, key, name="pseudonymise")
        check_type(got, pd.DataFrame, name=call)
        left = [c for c in DIRECT_IDENTIFIERS if c in got.columns]
        if left:
            raise Incorrect.of("m01.q9.identifier_left", column=left[0])
        if "pseudo" not in got.columns:
            raise Incorrect.of("m01.q9.no_pseudo")
        pseudo = got["pseudo"].astype(str).tolist()
        nirs = raw["nir"].astype(str).tolist()
        if pseudo == [hashlib.sha256(x.encode("utf-8")).hexdigest() for x in nirs]:
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
        if expected is None:
            return
        if sorted(pseudo) != sorted(expected["pseudo"].astype(str)):
            raise Incorrect.of("m01.q9.wrong_pseudo")
        check_dataframe(got, expected, name=call)


def _with_site_column(df: Any) -> Any:
    if isinstance(df, pd.DataFrame) and "site" not in df.columns:
        df = df.reset_index()
        if "site" not in df.columns and "index" in df.columns:
            df = df.rename(columns={"index": "site"})
    if isinstance(df, pd.DataFrame) and "site" in df.columns:
        df = df.assign(site=df["site"].astype(str))
    return df


def _stays_toy_for_table_one(stays: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Seven stays: patient P1 has two stays at site A, one death per site (whose
    readmission is missing), medians that are not means, shares that are not round."""
    given = {
        "site": ["A", "A", "A", "B", "B", "B", "B"],
        "patient_id": ["P1", "P1", "P2", "P3", "P4", "P5", "P6"],
        "age_entree": [70, 72, 80, 60, 65, 91, 50],
        "duree_sejour": [2, 3, 10, 4, 6, 20, 5],
        "mode_sortie": [
            "domicile",
            "domicile",
            "décès",
            "domicile",
            "transfert SMR",
            "décès",
            "domicile",
        ],
        "readmission_30j": [False, True, pd.NA, False, False, pd.NA, True],
    }
    table = pd.DataFrame(
        {
            "site": ["A", "B"],
            "n_sejours": [3.0, 4.0],
            "age_moyen": [74.0, 66.5],
            "duree_mediane": [3.0, 5.5],
            "pct_deces": [100 / 3, 25.0],
            "pct_readmission": [50.0, 100 / 3],
        }
    )
    return _with_values(_toy_rows(stays, 7), **given), table


class Q10TableOne(Question):
    title = msg("m01.q10.title")
    hints = catalogue_hints("m01.q10", 3)
    solution_text = None

    @staticmethod
    def trial_input(stays: pd.DataFrame) -> pd.DataFrame:
        """The hand-made table the check tries first (seven rows of ``stays``, rewritten)."""
        return _stays_toy_for_table_one(stays)[0]

    def _check(self, table_one: Any = None, stays: Any = None, expected: Any = None) -> None:
        toy, want = _stays_toy_for_table_one(stays)
        with _on_trial_table("m01.q10_table_one.trial_input(clean_stays_ref)"):
            self._check_one(table_one, toy, want, TOY.format("table_one"))
        if expected is not None:
            expected = _with_site_column(expected)
            expected = expected.astype({c: float for c in TABLE_ONE_COLUMNS if c in expected})
        self._check_one(table_one, stays, expected)

    def _check_one(
        self, table_one: Any, stays: pd.DataFrame, expected: Any, call: str = "table_one(stays)"
    ) -> None:
        got = _call_on_copy(table_one, stays, name="table_one")
        check_type(got, pd.DataFrame, name=call)
        got = _with_site_column(got)
        check_columns(got, ["site", *TABLE_ONE_COLUMNS], name=call)
        indexed = got.set_index("site")
        by_site = stays.groupby(stays["site"].astype(str), observed=True)
        deaths_as_no = by_site["readmission_30j"].apply(
            lambda s: 100 * s.fillna(False).astype(bool).mean()
        )
        if _same(indexed["pct_readmission"], deaths_as_no):
            raise Incorrect.of("m01.q10.deaths_in_denominator")
        patients = by_site["patient_id"].nunique()
        if not patients.equals(by_site.size()) and _same(indexed["n_sejours"], patients):
            raise Incorrect.of("m01.q10.patients_not_stays")
        if expected is None:
            return
        wanted = expected.set_index("site")
        for col in ("pct_deces", "pct_readmission"):
            if _same(indexed[col], wanted[col] / 100):
                raise Incorrect.of("m01.q10.fraction", column=col)
        for col in TABLE_ONE_COLUMNS:
            if _is_rounded(indexed[col], wanted[col]):
                raise Incorrect.of("m01.q10.rounded", column=col)
        check_dataframe(got, expected, name=call, rel_tol=1e-6)


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
