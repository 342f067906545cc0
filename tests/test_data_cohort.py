"""The synthetic cohort: deterministic, linked, plausible, and with its documented effects."""

from __future__ import annotations

import hashlib
import time

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from iasante.data import cohort as C
from iasante.data.cim10 import normalize
from iasante.data.integrity import data_dir
from iasante.data.loaders import load_cim10, modelling_table
from iasante.data.variants import HIDDEN_TESTS_SEED

# The committed seed and an instructor's variant: every documented effect must hold on both.
SEEDS = (C.DEFAULT_SEED, 11)


@pytest.fixture(scope="module", params=SEEDS, ids=lambda s: f"graine{s}")
def clean(request):
    return C.generate_cohort(request.param, defects=False)


@pytest.fixture(scope="module")
def dirty():
    return C.generate_cohort(C.DEFAULT_SEED, defects=True)


@pytest.fixture(scope="module")
def model_table(clean):
    return modelling_table(clean)


# ------------------------------------------------------------------ determinism, speed


def test_same_seed_same_bytes(tmp_path):
    C.write_cohort(tmp_path / "a", seed=7, n_patients=300)
    C.write_cohort(tmp_path / "b", seed=7, n_patients=300)
    for name in [*C.FILES.values(), "manifest.json"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_other_seed_other_cohort():
    a = C.generate_cohort(7, 300)["stays"]
    b = C.generate_cohort(8, 300)["stays"]
    assert not a.equals(b)


def test_committed_default_cohort_regenerates_bit_for_bit(dirty):
    folder = data_dir() / "cohorte"
    for key, name in C.FILES.items():
        committed = (folder / name).read_bytes().replace(b"\r\n", b"\n")
        assert committed == C.to_csv_bytes(dirty[key]), f"{name} differs from seed 2026"


# SHA-256 (first 16 hex digits) of each table's CSV bytes for the hidden tests' seed. The
# committed files pin seed 2026 with defects; this pins the variant the hidden tests grade
# on, and the clean truth, so that a refactor of the generator that reorders its random
# draws fails here instead of silently changing what is graded.
VARIANT_SEED_7 = {
    "default": {
        "patients": "158d1ec8a0f680e0",
        "stays": "7217547aa8e32e35",
        "diagnoses": "312fd806651b1201",
        "labs": "f7d7770233b4e7e9",
        "raw_patients": "d3a36e74a85f3654",
    },
    "propre": {
        "patients": "223542e5a4a9782d",
        "stays": "06a8b9a29ac30f80",
        "diagnoses": "1c7fbd5d75e0aa88",
        "labs": "ee487cd7ef228e39",
        "raw_patients": "d3a36e74a85f3654",
    },
}


@pytest.mark.parametrize("variant", sorted(VARIANT_SEED_7))
def test_hidden_tests_variant_regenerates_bit_for_bit(variant):
    assert C.DEFAULT_SEED != 7 == HIDDEN_TESTS_SEED
    tables = C.generate_cohort(HIDDEN_TESTS_SEED, defects=variant == "default")
    digests = {
        key: hashlib.sha256(C.to_csv_bytes(df)).hexdigest()[:16] for key, df in tables.items()
    }
    assert digests == VARIANT_SEED_7[variant]


def test_not_absurdly_slow():
    """Speed claims come from benchmarks/bench_cohort.py; this only catches a regression."""
    start = time.perf_counter()
    tables = C.generate_cohort(1, n_patients=6500, defects=True)
    elapsed = time.perf_counter() - start
    assert len(tables["stays"]) >= 10_000
    assert elapsed < 5.0


def test_clean_and_default_variants_share_the_same_cohort(clean, dirty):
    if len(clean["patients"]) != len(dirty["patients"]):
        pytest.skip("different seed")
    base = C.generate_cohort(C.DEFAULT_SEED, defects=False)
    assert set(dirty["stays"]["sejour_id"]) == set(base["stays"]["sejour_id"])
    assert dirty["patients"]["patient_id"].equals(base["patients"]["patient_id"])


# ------------------------------------------------------------------ structure, plausibility


def test_tables_are_linked(clean):
    patients, stays, diags, labs = (clean[k] for k in ("patients", "stays", "diagnoses", "labs"))
    assert patients["patient_id"].is_unique
    assert stays["sejour_id"].is_unique
    assert stays["patient_id"].isin(patients["patient_id"]).all()
    assert diags["sejour_id"].isin(stays["sejour_id"]).all()
    assert labs["sejour_id"].isin(stays["sejour_id"]).all()
    n_dp = diags[diags["type_diagnostic"] == "DP"].groupby("sejour_id").size()
    assert len(n_dp) == len(stays) and (n_dp == 1).all()
    assert set(diags["code_cim10"]) <= set(load_cim10()["code"])


def test_values_are_clinically_plausible(clean):
    p, s = clean["patients"], clean["stays"]
    assert set(p["sexe"]) == {"F", "M"}
    assert p["departement"].str.fullmatch(r"\d{2}").all()
    assert p["quintile_fdep"].between(1, 5).all()
    assert 0.08 < p["c2s"].mean() < 0.25
    assert s["age_entree"].between(18, 110).all()
    assert s["duree_sejour"].between(1, 90).all()
    assert (s["date_entree"] >= "2022-01-01").all() and (s["date_entree"] <= "2024-12-31").all()
    assert (s["date_sortie"] > s["date_entree"]).all()
    assert s["fc"].between(35, 180).all() and s["pas"].between(60, 230).all()
    assert s["temperature"].dropna().between(35.0, 41.5).all()
    assert s["spo2"].dropna().between(70, 100).all()
    assert 0.10 < s["readmission_30j"].mean() < 0.20
    assert 0.01 < (s["mode_sortie"] == "décès").mean() < 0.06
    assert 6 <= s["duree_sejour"].median() <= 9
    labs = clean["labs"]
    ranges = {
        "creatinine": (20, 1500, "µmol/L"),
        "glucose": (2, 40, "mmol/L"),
        "hemoglobine": (4, 20, "g/dL"),
        "sodium": (105, 160, "mmol/L"),
        "potassium": (2, 7.5, "mmol/L"),
        "crp": (0, 600, "mg/L"),
    }
    for exam, (low, high, unit) in ranges.items():
        rows = labs[labs["examen"] == exam]
        assert rows["valeur"].between(low, high).all(), exam
        assert (rows["unite"] == unit).all(), exam


def test_repeated_stays_and_readmission_consistency(clean):
    s = clean["stays"].sort_values(["patient_id", "date_entree"]).copy()
    assert (s.groupby("patient_id").size() >= 2).mean() > 0.30
    nxt = s.groupby("patient_id")["date_entree"].shift(-1)
    gap = (pd.to_datetime(nxt) - pd.to_datetime(s["date_sortie"])).dt.days
    has_next = gap.notna()
    readm = s["readmission_30j"].fillna(False).astype(bool)
    assert gap[has_next & readm].between(1, 30).all()
    assert (gap[has_next & ~readm] > 30).all()
    assert s.loc[s["mode_sortie"] == "décès", "readmission_30j"].isna().all()


def test_raw_variant_has_valid_nir_and_matches_patients(clean):
    from iasante.data.nir import is_valid_nir

    raw, patients = clean["raw_patients"], clean["patients"]
    assert raw["nir"].map(is_valid_nir).all()
    assert raw["nir"].is_unique
    assert (raw["sexe"].to_numpy() == patients["sexe"].to_numpy()).all()
    birth_year = pd.to_datetime(raw["date_naissance"]).dt.year.to_numpy()
    assert (birth_year == patients["annee_naissance"].to_numpy()).all()
    sex_digit = raw["nir"].str[0].map({"1": "M", "2": "F"})
    assert (sex_digit == raw["sexe"]).all()
    assert (raw["code_postal"].str[:2] == raw["departement"]).all()
    for col in ("nom", "prenom", "nir", "adresse", "date_naissance"):
        assert col not in patients.columns


# ------------------------------------------------------------------ documented effects


def test_cost_label_underserves_c2s_at_equal_need(clean):
    """Mirror of Obermeyer 2019: same need (chronic conditions), lower cost for C2S."""
    p = clean["patients"]
    ratios = []
    for need in range(1, 5):
        grp = p[p["nb_maladies_chroniques"] == need]
        ratios.append(
            grp.loc[grp["c2s"], "depenses_annee_suivante"].median()
            / grp.loc[~grp["c2s"], "depenses_annee_suivante"].median()
        )
    assert 0.55 < np.mean(ratios) < 0.80, ratios  # documented: ≈ 0.67
    # Selecting the top 10 % for extra help by cost admits fewer C2S patients than by need.
    k = len(p) // 10
    by_cost = p.nlargest(k, "depenses_annee_suivante")["c2s"].mean()
    rank_need = p["nb_maladies_chroniques"] + np.random.default_rng(0).random(len(p)) * 0.5
    by_need = p.loc[rank_need.nlargest(k).index, "c2s"].mean()
    assert by_need - by_cost > 0.05, (by_need, by_cost)
    # ... although C2S patients have more need on average.
    need = p.groupby("c2s")["nb_maladies_chroniques"].mean()
    assert need[True] > need[False]


FEATURES = [
    "age_entree",
    "nb_maladies_chroniques",
    "dp_ic",
    "dp_bpco",
    "c2s",
    "log_creat",
    "duree_sejour",
    "smr",
    "sexe_m",
    "fc",
    "pas",
    "sodium",
    "hemoglobine",
]


def _design(m: pd.DataFrame) -> pd.DataFrame:
    d = m.dropna(subset=["readmission_30j"]).copy()
    d["dp_ic"] = (d["diagnostic_principal"] == "I50.0").astype(float)
    d["dp_bpco"] = (d["diagnostic_principal"] == "J44.1").astype(float)
    d["c2s"] = d["c2s"].astype(float)
    d["sexe_m"] = (d["sexe"] == "M").astype(float)
    d["smr"] = (d["mode_sortie"] == "transfert SMR").astype(float)
    d["log_creat"] = np.log(d["creatinine"].astype(float) / 80)
    x = d[FEATURES].astype(float)
    d[FEATURES] = x.fillna(x.median())
    d["y"] = d["readmission_30j"].astype(int)
    return d


def _fit(d: pd.DataFrame):
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(
        d[FEATURES], d["y"]
    )


def test_model_trained_on_site_a_loses_auc_on_site_b(model_table):
    d = _design(model_table)
    a, b = d[d["site"] == "A"], d[d["site"] == "B"]
    patients = np.sort(a["patient_id"].unique())
    train_ids = np.random.default_rng(0).choice(patients, len(patients) // 2, replace=False)
    train, test = a[a["patient_id"].isin(train_ids)], a[~a["patient_id"].isin(train_ids)]
    model = _fit(train)
    internal = roc_auc_score(test["y"], model.predict_proba(test[FEATURES])[:, 1])
    external = roc_auc_score(b["y"], model.predict_proba(b[FEATURES])[:, 1])
    assert internal > 0.66, internal  # documented: ≈ 0.72
    assert internal - external > 0.05, (internal, external)  # documented: ≈ 0.60 at B


def test_readmission_depends_on_documented_drivers(model_table):
    d = _design(model_table)
    a = d[(d["site"] == "A") & (d["annee"] < 2024)]
    x = (a[FEATURES] - a[FEATURES].mean()) / a[FEATURES].std()
    coef = dict(
        zip(FEATURES, LogisticRegression(max_iter=1000).fit(x, a["y"]).coef_[0], strict=True)
    )
    for driver in ("nb_maladies_chroniques", "dp_ic", "c2s", "age_entree", "log_creat"):
        assert coef[driver] > 0, (driver, coef[driver])
    # Drift: in 2024 the excess readmission after heart failure mostly disappears.
    hf = d[(d["site"] == "A") & (d["dp_ic"] == 1)]
    other = d[(d["site"] == "A") & (d["dp_ic"] == 0)]
    before = hf[hf["annee"] < 2024]["y"].mean() - other[other["annee"] < 2024]["y"].mean()
    after = hf[hf["annee"] == 2024]["y"].mean() - other[other["annee"] == 2024]["y"].mean()
    assert before > after


def test_temporal_drift_in_case_mix(model_table):
    covid = (model_table["diagnostic_principal"] == "U07.1").groupby(model_table["annee"]).mean()
    assert covid[2022] > 2 * covid[2024]


def test_site_b_missingness_and_population(clean):
    s = clean["stays"]
    miss = s.groupby("site", observed=True)["spo2"].apply(lambda x: x.isna().mean())
    assert miss["B"] - miss["A"] > 0.10
    labs = clean["labs"]
    crp = labs[labs["examen"] == "crp"].merge(s[["sejour_id", "site"]], on="sejour_id")
    share = crp.groupby("site", observed=True).size() / s.groupby("site", observed=True).size()
    assert share["A"] - share["B"] > 0.20
    p = clean["patients"].merge(
        s.drop_duplicates("patient_id")[["patient_id", "site"]], on="patient_id"
    )
    rural = p.groupby("site")["territoire"].apply(lambda x: (x == "rural").mean())
    assert rural["B"] > rural["A"] + 0.2


# ------------------------------------------------------------------ deliberate defects


def test_default_variant_has_the_documented_defects(dirty):
    s, labs, diags, p = (dirty[k] for k in ("stays", "labs", "diagnoses", "patients"))
    assert 0.005 < s.duplicated().mean() < 0.03
    assert labs.duplicated().sum() > 0 and diags.duplicated().sum() > 0
    assert (s["duree_sejour"] < 0).sum() > 0
    assert (s["date_sortie"] < s["date_entree"]).sum() == (s["duree_sejour"] < 0).sum()
    assert (s["temperature"] > 100).sum() > 0
    assert (s["pas"] == 999).sum() > 0
    site = labs["sejour_id"].map(dict(zip(s["sejour_id"], s["site"], strict=False)))
    glucose = labs[labs["examen"] == "glucose"]
    assert set(glucose.loc[site == "B", "unite"]) == {"g/L"}
    assert set(glucose.loc[site == "A", "unite"]) == {"mmol/L"}
    creat = labs[(labs["examen"] == "creatinine") & (labs["unite"] == "µmol/L")]
    assert (creat["valeur"] < 15).sum() > 0  # mg/dL values labelled µmol/L
    assert (labs["valeur"] == 9999).sum() > 0
    codes = diags["code_cim10"]
    assert codes.str.fullmatch(r"[A-Z]\d{3}").any()  # PMSI style, site B
    assert codes.str.fullmatch(r"[a-z]\d{2}.*").any()  # lower case
    assert codes.str.endswith(" ").any()
    assert codes.map(normalize).isin(load_cim10()["code"]).all()  # all repairable
    assert {"f", "m", "1", "2"} <= set(p["sexe"].dropna())
    assert (p["annee_naissance"] == 1900).sum() > 0
    assert p["departement"].isna().sum() > 0


def test_cohort_rejects_a_tiny_size():
    with pytest.raises(ValueError, match="Cohorte trop petite"):
        C.generate_cohort(1, n_patients=10)


def test_labels_cluster_within_patients_at_site_b(clean):
    """The unrecorded patient factor at site B makes stays of one patient alike:
    a random (non-grouped) split leaks it (module 03, GroupKFold)."""
    s = clean["stays"].dropna(subset=["readmission_30j"]).sort_values(["patient_id", "date_entree"])
    s = s.assign(previous=s.groupby("patient_id")["readmission_30j"].shift(1))
    b = s[(s["site"] == "B") & s["previous"].notna()]
    rate = b.groupby(b["previous"].astype(bool))["readmission_30j"].mean()
    assert rate[True] - rate[False] > 0.05, rate
