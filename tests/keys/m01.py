"""Answer keys of module 01's graded questions, for the answer tests only.

They were ``iasante.exercises.m01.reference_*`` and could be called from a learner's
kernel (issue 14); the hidden tests of ``source/m01_donnees_sante`` compute the same
answers inline. Sources of the rules: the docstring of ``iasante/exercises/m01.py``.
"""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd

from iasante.data import cim10

#: the specimen of the Assurance maladie's carte Vitale: 2 69 05 49 588 157, key 80
PUBLISHED_NIR = "269054958815780"
KEEP = ["sexe", "departement", "territoire", "quintile_fdep", "c2s", "nb_maladies_chroniques"]


def missing_share(df: pd.DataFrame) -> pd.Series:
    return df.isna().mean()


def clean_covid(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["age"] = out["age"].where(out["age"] <= 120)
    out["ct_result"] = out["ct_result"].where(out["ct_result"] != 45)
    for col in ("col_rec_tat", "rec_ver_tat"):
        out[col] = out[col].where(out[col] >= 0)
    return out


def clean_stays(stays: pd.DataFrame) -> pd.DataFrame:
    out = stays.drop_duplicates().copy()
    swapped = out["date_sortie"] < out["date_entree"]
    entree, sortie = out["date_entree"].copy(), out["date_sortie"].copy()
    out["date_entree"] = entree.where(~swapped, sortie)
    out["date_sortie"] = sortie.where(~swapped, entree)
    out["duree_sejour"] = out["duree_sejour"].abs()
    temp = out["temperature"]
    out["temperature"] = temp.where(~(temp > 45), temp / 10)
    out["pas"] = out["pas"].mask(out["pas"] == 999)
    return out


def harmonise_labs(labs: pd.DataFrame) -> pd.DataFrame:
    out = labs[labs["valeur"] != 9999].copy()
    out["unite"] = out["unite"].astype("string")
    glucose = (out["examen"] == "glucose") & (out["unite"] == "g/L")
    out.loc[glucose, "valeur"] = out.loc[glucose, "valeur"] * 5.551
    out.loc[glucose, "unite"] = "mmol/L"
    hb = (out["examen"] == "hemoglobine") & (out["unite"] == "g/L")
    out.loc[hb, "valeur"] = out.loc[hb, "valeur"] / 10
    out.loc[hb, "unite"] = "g/dL"
    return out


def normalise_code(code: str) -> str:
    """Written from the statement, not with ``cim10.normalize`` (a graded answer that
    calls the course tool earns nothing: ``m01.own_code``)."""
    text = str(code).strip().upper().replace(" ", "").replace(".", "")
    return f"{text[:3]}.{text[3:]}" if len(text) > 3 else text


def stays_by_chapter(diagnoses: pd.DataFrame) -> pd.Series:
    dp = diagnoses[diagnoses["type_diagnostic"] == "DP"]
    chapters = dp["code_cim10"].map(cim10.chapter_of)
    return dp.assign(chapitre=chapters).groupby("chapitre")["sejour_id"].nunique()


def nir_is_valid(number: str) -> bool:
    """Written from the statement (key = 97 − (13 digits mod 97), Corsica 2A → 19,
    2B → 18), not with ``iasante.data.nir``."""
    text = str(number)
    if len(text) != 15:
        return False
    body = text[:5] + {"2A": "19", "2B": "18"}.get(text[5:7], text[5:7]) + text[7:13]
    return body.isdigit() and text[13:].isdigit() and 97 - int(body) % 97 == int(text[13:])


def pseudo_of(key: bytes, value: str) -> str:
    return hmac.new(key, str(value).encode("utf-8"), hashlib.sha256).hexdigest()


def pseudonymise(raw: pd.DataFrame, key: bytes) -> pd.DataFrame:
    out = raw[KEEP].copy()
    out.insert(0, "pseudo", [pseudo_of(key, x) for x in raw["nir"]])
    out.insert(2, "annee_naissance", pd.to_datetime(raw["date_naissance"]).dt.year)
    return out


def table_one(stays: pd.DataFrame) -> pd.DataFrame:
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
