"""Synthetic French hospital cohort: a seeded, vectorised, documented generator.

Two hospitals of Auvergne-Rhône-Alpes / Centre (site « A », a university hospital in a
metropolitan area; site « B », a general hospital in a more rural, more deprived area),
adult medical stays admitted from 2022-01-01 to 2024-12-31.

The causal model (every coefficient below) is documented in ``data/cohorte.md``; the
constants of this module are the single source of truth for it. Tables (French columns):

* ``patients``   — one row per patient: sexe, année de naissance, département, territoire,
  quintile FDep, C2S, chronic conditions count (the *need*), next-year expenditure (the
  *cost* label);
* ``stays``      — one row per hospital stay (« séjour »): site, unit, dates, vitals, cost,
  30-day readmission;
* ``diagnoses``  — CIM-10 codes of each stay: one main diagnosis (DP), associated ones (DAS);
* ``labs``       — admission lab results, long format (examen, valeur, unité);
* ``raw_patients`` — the patients table *before* pseudonymisation: synthetic names, NIR with
  a valid key, date of birth, address (module 01 exercise only).

With ``defects=True`` (the committed default variant) deliberate, documented defects are
injected for the cleaning lesson; ``defects=False`` gives the clean ground truth.
Same seed and arguments → same tables, and same CSV bytes from :func:`write_cohort`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from iasante.data import _names
from iasante.data.integrity import COHORT_MANIFEST_NAME, write_manifest
from iasante.messages import msg

DEFAULT_SEED = 2026
DEFAULT_N_PATIENTS = 3500
GENERATOR_VERSION = 1
START = np.datetime64("2022-01-01")
END = np.datetime64("2024-12-31")
N_DAYS = int((END - START).astype(int)) + 1
MAX_ROUNDS = 15
MAX_LOS = 90

FILES = {
    "patients": "patients.csv",
    "stays": "sejours.csv",
    "diagnoses": "diagnostics.csv",
    "labs": "biologie.csv",
    "raw_patients": "patients_bruts.csv",
}

# ---------------------------------------------------------------- population (patients)
P_SITE_B = 0.42
DEPTS = {
    "A": (("69", "01", "38", "42"), (0.62, 0.14, 0.14, 0.10)),
    "B": (("03", "63", "23", "18"), (0.60, 0.15, 0.12, 0.13)),
}
P_RURAL = {"A": 0.18, "B": 0.55}
AGE_MEAN = {"A": 66.0, "B": 71.0}
AGE_SD = 16.0
P_FEMALE = 0.49
# Deprivation: latent z = N(0,1) + 0.45·rural + 0.35·site B, cut at the N(0,1) quintiles.
FDEP_RURAL, FDEP_SITE_B = 0.45, 0.35
FDEP_CUTS = (-0.8416, -0.2533, 0.2533, 0.8416)
# C2S: logit = -3.3 + 0.55·(quintile-1) + 0.7·[age<60] - 0.6·[age≥75]
C2S_COEF = {"intercept": -3.3, "quintile": 0.55, "age_lt_60": 0.7, "age_ge_75": -0.6}
# Frailty: 0.035·(age-66) + 0.18·(quintile-3) + 0.35·C2S + N(0, 0.7)
FRAILTY_COEF = {"age": 0.035, "quintile": 0.18, "c2s": 0.35, "sd": 0.7}
# Chronic conditions: P = logistic(intercept + male effect·[M] + frailty); code coded as DAS.
CHRONIC = {
    # name: (CIM-10 code, intercept, male effect)
    "hta": ("I10", 0.10, 0.0),
    "diabete": ("E11.9", -1.10, 0.2),
    "insuffisance_cardiaque": ("I50.9", -1.60, 0.2),
    "bpco": ("J44.9", -1.80, 0.3),
    "maladie_renale": ("N18.3", -1.80, 0.0),
    "obesite": ("E66.9", -1.50, 0.0),
    "cardiopathie_ischemique": ("I25.1", -1.70, 0.4),
}
# Next-year expenditure (the cost label), € :
#   access · (900 + 1900·nb_chroniques + 0.5·Σ stay costs) · LogNormal(0, 0.30)
#   access = exp(-0.40·C2S - 0.15·rural)   (≈ 0.67 for C2S, 0.86 for rural, at equal need)
COST_BASE, COST_PER_CONDITION, COST_STAY_SHARE, COST_SD = 900.0, 1900.0, 0.5, 0.30
ACCESS_C2S, ACCESS_RURAL = -0.40, -0.15

# ---------------------------------------------------------------- stays
# Main diagnoses (DP): code -> (unit, median length of stay (days), base cost €, infectious)
DP = {
    "I50.0": ("cardiologie", 8, 4300, False),
    "J44.1": ("pneumologie", 7, 3900, False),
    "J18.9": ("pneumologie", 7, 3800, True),
    "N39.0": ("médecine interne", 5, 3000, True),
    "N17.9": ("néphrologie", 6, 3600, False),
    "A41.9": ("médecine interne", 10, 6800, True),
    "I21.4": ("cardiologie", 5, 4700, False),
    "U07.1": ("pneumologie", 8, 5200, True),
    "E87.1": ("médecine interne", 6, 3100, False),
}
DP_CODES = tuple(DP)
COVID_WEIGHT_BY_YEAR = {2022: 1.2, 2023: 0.5, 2024: 0.2}
P_GERIATRICS_80 = 0.6  # age ≥ 80 and DP ≠ I21.4: geriatrics unit with this probability
# Readmission (logit), site A; site B multiplies the recorded-predictor terms by 0.4 and adds
# an unrecorded, patient-level post-discharge factor (isolement, médecin traitant) N(0,1) × 1.5.
READMISSION = {
    "intercept": -3.2,
    "age": 0.020,  # per year above 70
    "nb_chroniques": 0.28,
    "dp_insuffisance_cardiaque": 0.90,
    "dp_bpco": 0.45,
    "c2s": 0.50,
    "log_creatinine": 0.45,  # ln(creatinine / 80 µmol/L)
    "duree_sejour": 0.035,  # per day above 7
    "sortie_smr": -0.25,  # discharged to rehabilitation (SMR/SSR)
}
READMISSION_SITE_B = {"intercept": -3.0, "scale": 0.4, "unrecorded": 1.5}
# 2024: a structured follow-up programme after heart-failure stays removes most of its excess.
READMISSION_HF_2024 = 0.05
P_READMISSION_DELAY = (1, 30)  # days after discharge, uniform
# New (non-readmission) stays: P = logistic(-1.2 + 0.35·nb_chroniques), after 31 + Exp(200) days
NEW_STAY = {"intercept": -1.2, "nb_chroniques": 0.35, "delay_min": 31, "delay_mean": 200.0}
# In-hospital death: logit = -4.4 + 0.05·(age-70) + 0.6·severity + 1.0·[A41.9] + 0.5·[U07.1]
DEATH = {"intercept": -4.4, "age": 0.05, "severity": 0.6, "sepsis": 1.0, "covid": 0.5}
CREATININE_ASSAY_B = 1.08  # site B's assay reads 8 % higher (calibration difference)

# Missingness (both variants — it is part of the data, not a defect to repair)
MISSING = {
    "spo2": {"A": 0.04, "B": 0.22},
    "temperature": {"A": 0.03, "B": 0.12},
    "crp": {"A": 0.08, "B": 0.40},
    "other_lab": {"A": 0.02, "B": 0.06},
}

# Deliberate defects of the default variant (fractions of rows)
DEFECTS = {
    "stays_duplicated": 0.015,
    "labs_duplicated": 0.010,
    "diagnoses_duplicated": 0.005,
    "dates_swapped": 0.003,
    "temperature_x10": 0.005,
    "pas_999": 0.004,
    "potassium_9999": 0.005,
    "creatinine_mgdl_as_umol_2023_site_a": 0.025,
    "sexe_lower": 0.015,
    "sexe_nir_digit": 0.010,
    "birth_year_1900": 0.004,
    "departement_missing": 0.015,
    "code_lower": 0.03,
    "code_trailing_space": 0.01,
}
GLUCOSE_MMOL_PER_G = 5.551  # 1 g/L of glucose = 5.551 mmol/L (M = 180.16 g/mol)
CREATININE_UMOL_PER_MG_DL = 88.4

LABS = (  # examen, canonical unit
    ("creatinine", "µmol/L"),
    ("glucose", "mmol/L"),
    ("hemoglobine", "g/dL"),
    ("sodium", "mmol/L"),
    ("potassium", "mmol/L"),
    ("crp", "mg/L"),
)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _pick(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """Row-wise categorical draw from an (n, k) matrix of non-negative weights."""
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    return (cum < u[:, None]).sum(axis=1)


def _iso(days: np.ndarray) -> np.ndarray:
    """Days since START → ISO date strings."""
    return np.datetime_as_string(START + days.astype("timedelta64[D]"), unit="D")


def _patients(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    site_b = rng.random(n) < P_SITE_B
    site = np.where(site_b, "B", "A")
    age0 = np.clip(rng.normal(np.where(site_b, AGE_MEAN["B"], AGE_MEAN["A"]), AGE_SD), 18.0, 101.0)
    female = rng.random(n) < P_FEMALE
    rural = rng.random(n) < np.where(site_b, P_RURAL["B"], P_RURAL["A"])
    dept = np.empty(n, dtype="<U2")
    for name in ("A", "B"):
        codes, probs = DEPTS[name]
        mask = site == name
        dept[mask] = rng.choice(np.array(codes), size=mask.sum(), p=probs)
    z = rng.normal(size=n) + FDEP_RURAL * rural + FDEP_SITE_B * site_b
    quintile = 1 + np.searchsorted(np.array(FDEP_CUTS), z)
    c = C2S_COEF
    c2s = rng.random(n) < _logistic(
        c["intercept"]
        + c["quintile"] * (quintile - 1)
        + c["age_lt_60"] * (age0 < 60)
        + c["age_ge_75"] * (age0 >= 75)
    )
    f = FRAILTY_COEF
    frailty = (
        f["age"] * (age0 - 66)
        + f["quintile"] * (quintile - 3)
        + f["c2s"] * c2s
        + rng.normal(0, f["sd"], n)
    )
    chronic = {
        name: rng.random(n) < _logistic(intercept + male * (~female) + frailty)
        for name, (_code, intercept, male) in CHRONIC.items()
    }
    nb = np.sum(list(chronic.values()), axis=0)
    first_day = rng.integers(0, N_DAYS, n)
    # Post-discharge factor not recorded anywhere (drives readmission at site B).
    unrecorded = rng.normal(size=n)
    return {
        "site_b": site_b,
        "site": site,
        "age0": age0,
        "female": female,
        "rural": rural,
        "dept": dept,
        "quintile": quintile,
        "c2s": c2s,
        "chronic": chronic,
        "nb": nb,
        "first_day": first_day,
        "unrecorded": unrecorded,
    }


def _stays(rng: np.random.Generator, p: dict) -> dict[str, np.ndarray]:
    """Generate stays round by round (vectorised across patients)."""
    n = len(p["site"])
    chunks = []
    active = np.arange(n)
    day = p["first_day"].copy()
    for _ in range(MAX_ROUNDS):
        if active.size == 0:
            break
        m = active.size
        t = day[active]
        year = (START + t.astype("timedelta64[D]")).astype("datetime64[Y]").astype(int) + 1970
        age = p["age0"][active] + (t - p["first_day"][active]) / 365.25
        chronic = {k: v[active] for k, v in p["chronic"].items()}
        nb = p["nb"][active]
        female = p["female"][active]
        site_b = p["site_b"][active]
        # Main diagnosis
        covid_w = np.select(
            [year == y for y in COVID_WEIGHT_BY_YEAR], list(COVID_WEIGHT_BY_YEAR.values()), 0.2
        )
        weights = np.column_stack(
            [
                0.4 + 3.0 * chronic["insuffisance_cardiaque"],  # I50.0
                2.5 * chronic["bpco"],  # J44.1
                1.2 + 0.3 * chronic["bpco"],  # J18.9
                1.0 + 0.5 * female + 0.4 * (age >= 80),  # N39.0
                0.4 + 1.0 * chronic["maladie_renale"],  # N17.9
                np.full(m, 0.5),  # A41.9
                0.3 + 1.2 * chronic["cardiopathie_ischemique"],  # I21.4
                covid_w,  # U07.1
                0.35 + 0.3 * (age >= 80),  # E87.1
            ]
        )
        dp_idx = _pick(rng, weights)
        dp = np.array(DP_CODES)[dp_idx]
        infectious = np.array([DP[c][3] for c in DP_CODES])[dp_idx]
        unit = np.array([DP[c][0] for c in DP_CODES])[dp_idx]
        unit = np.where(site_b & (unit == "néphrologie"), "médecine interne", unit)
        geri = (age >= 80) & (dp != "I21.4") & (rng.random(m) < P_GERIATRICS_80)
        unit = np.where(geri, "gériatrie", unit)
        entry = np.array(["urgences", "domicile", "transfert"])[
            _pick(rng, np.tile([0.72, 0.20, 0.08], (m, 1)))
        ]
        severity = rng.normal(size=m) + 0.15 * nb
        # Labs (true values, canonical units)
        aki = np.select([dp == "N17.9", dp == "A41.9", dp == "I50.0"], [2.6, 1.5, 1.25], 1.0)
        creat = (
            np.where(female, 62.0, 80.0)
            * np.exp(0.006 * (age - 60) + 0.1 * severity)
            * (1 + 0.9 * chronic["maladie_renale"])
            * aki
            * rng.lognormal(0, 0.18, m)
        )
        diab = chronic["diabete"]
        glucose = np.where(diab, 8.8, 5.4) * rng.lognormal(0, np.where(diab, 0.30, 0.12)) + 1.2 * (
            (dp == "A41.9") | (dp == "I21.4")
        )
        hb = (
            np.where(female, 13.0, 14.2)
            - 1.3 * chronic["maladie_renale"]
            - 0.5 * (age >= 80)
            + rng.normal(0, 1.2, m)
        )
        sodium = np.where(dp == "E87.1", rng.normal(123, 4, m), rng.normal(139, 2.8, m)) - 2.0 * (
            dp == "I50.0"
        )
        potassium = (
            rng.normal(4.2, 0.45, m) + 0.4 * chronic["maladie_renale"] + 0.8 * (dp == "N17.9")
        )
        crp = np.where(
            infectious,
            np.minimum(rng.lognormal(np.log(110), 0.6, m), 480.0),
            rng.lognormal(np.log(6), 0.8, m),
        )
        # Vitals at admission
        fc = rng.normal(80, 13, m) + 18 * infectious + 10 * (dp == "I50.0") + 4 * severity
        pas = rng.normal(136, 19, m) - 22 * (dp == "A41.9") + 5 * chronic["hta"]
        temp = rng.normal(36.9, 0.35, m) + 1.2 * infectious * rng.random(m) * 1.6
        resp = np.isin(dp, ("J44.1", "J18.9", "U07.1"))
        spo2 = 97 - 4 * resp - 3 * (dp == "I50.0") + rng.normal(0, 1.6, m)
        # Length of stay, death, discharge
        median_los = np.array([DP[c][1] for c in DP_CODES])[dp_idx]
        los = np.clip(
            np.round(
                median_los
                * np.exp(
                    -0.25
                    + 0.012 * (age - 70)
                    + 0.06 * nb
                    + 0.25 * severity
                    + 0.10 * site_b
                    + 0.15 * (unit == "gériatrie")
                    + rng.normal(0, 0.35, m)
                )
            ),
            1,
            MAX_LOS,
        ).astype(np.int64)
        d = DEATH
        died = rng.random(m) < _logistic(
            d["intercept"]
            + d["age"] * (age - 70)
            + d["severity"] * severity
            + d["sepsis"] * (dp == "A41.9")
            + d["covid"] * (dp == "U07.1")
        )
        to_smr = ~died & (rng.random(m) < _logistic(-2.6 + 0.06 * (age - 70) + 0.3 * severity))
        exit_mode = np.where(died, "décès", np.where(to_smr, "transfert SMR", "domicile"))
        base_cost = np.array([DP[c][2] for c in DP_CODES], dtype=float)[dp_idx]
        cost = np.round(
            base_cost
            * (los / median_los) ** 0.7
            * np.exp(0.08 * severity)
            * rng.lognormal(0, 0.10, m)
        )
        # Readmission within 30 days (ground truth)
        r = READMISSION
        hf_effect = np.where(year >= 2024, READMISSION_HF_2024, r["dp_insuffisance_cardiaque"])
        recorded = (
            r["age"] * (age - 70)
            + r["nb_chroniques"] * nb
            + hf_effect * (dp == "I50.0")
            + r["dp_bpco"] * (dp == "J44.1")
            + r["c2s"] * p["c2s"][active]
            + r["log_creatinine"] * np.log(creat / 80.0)
            + r["duree_sejour"] * (los - 7)
            + r["sortie_smr"] * to_smr
        )
        rb = READMISSION_SITE_B
        logit = np.where(
            site_b,
            rb["intercept"] + rb["scale"] * recorded + rb["unrecorded"] * p["unrecorded"][active],
            r["intercept"] + recorded,
        )
        readmitted = ~died & (rng.random(m) < _logistic(logit))
        discharge = t + los
        nxt = NEW_STAY
        new_stay = (
            ~died
            & ~readmitted
            & (rng.random(m) < _logistic(nxt["intercept"] + nxt["nb_chroniques"] * nb))
        )
        delay = np.where(
            readmitted,
            rng.integers(P_READMISSION_DELAY[0], P_READMISSION_DELAY[1] + 1, m),
            nxt["delay_min"] + np.floor(rng.exponential(nxt["delay_mean"], m)).astype(np.int64),
        )
        chunks.append(
            {
                "patient": active,
                "day": t,
                "los": los,
                "age": age,
                "dp": dp,
                "unit": unit,
                "entry": entry,
                "exit": exit_mode,
                "died": died,
                "readmitted": readmitted,
                "creat": creat,
                "glucose": glucose,
                "hb": hb,
                "sodium": sodium,
                "potassium": potassium,
                "crp": crp,
                "fc": fc,
                "pas": pas,
                "temp": temp,
                "spo2": spo2,
                "cost": cost,
            }
        )
        nxt_day = discharge + delay
        keep = (readmitted | new_stay) & (nxt_day < N_DAYS)
        day[active[keep]] = nxt_day[keep]
        active = active[keep]
    out = {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]}
    order = np.lexsort((out["patient"], out["day"]))
    return {k: v[order] for k, v in out.items()}


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(numbers.astype(str), width))


def _clean_tables(rng: np.random.Generator, p: dict, s: dict) -> dict[str, pd.DataFrame]:
    n = len(p["site"])
    n_s = len(s["day"])
    patient_ids = _ids("P", rng.permutation(n) + 1, 6)
    pid = patient_ids[s["patient"]]
    site_b = p["site_b"][s["patient"]]
    site = np.where(site_b, "B", "A")
    sejour_id = _ids("S", np.arange(1, n_s + 1), 7)
    # Birth date: first admission minus age0 years.
    birth_day = p["first_day"] - np.round(p["age0"] * 365.25).astype(np.int64)
    birth = START + birth_day.astype("timedelta64[D]")
    birth_year = birth.astype("datetime64[Y]").astype(int) + 1970

    # Missingness depending on the site (kept in both variants).
    def missing(kind: str) -> np.ndarray:
        return rng.random(n_s) < np.where(site_b, MISSING[kind]["B"], MISSING[kind]["A"])

    spo2 = np.clip(np.round(s["spo2"]), 70, 100)
    spo2[missing("spo2")] = np.nan
    temp = np.round(s["temp"], 1)
    temp[missing("temperature")] = np.nan
    readm = pd.array(np.where(s["died"], None, s["readmitted"]), dtype="boolean")
    stays = pd.DataFrame(
        {
            "sejour_id": sejour_id,
            "patient_id": pid,
            "site": site,
            "unite": s["unit"],
            "mode_entree": s["entry"],
            "date_entree": _iso(s["day"]),
            "date_sortie": _iso(s["day"] + s["los"]),
            "duree_sejour": s["los"],
            "age_entree": np.floor(s["age"]).astype(np.int64),
            "fc": np.clip(np.round(s["fc"]), 35, 180).astype(np.int64),
            "pas": np.clip(np.round(s["pas"]), 60, 230).astype(np.int64),
            "temperature": temp,
            "spo2": spo2,
            "mode_sortie": s["exit"],
            "cout_sejour": s["cost"].astype(np.int64),
            "readmission_30j": readm,
        }
    )
    # Patients: cost label depends on need and access.
    stay_cost = np.bincount(s["patient"], weights=s["cost"], minlength=n)
    access = np.exp(ACCESS_C2S * p["c2s"] + ACCESS_RURAL * p["rural"])
    spend = (
        access
        * (COST_BASE + COST_PER_CONDITION * p["nb"] + COST_STAY_SHARE * stay_cost)
        * rng.lognormal(0, COST_SD, n)
    )
    patients = pd.DataFrame(
        {
            "patient_id": patient_ids,
            "sexe": np.where(p["female"], "F", "M"),
            "annee_naissance": birth_year,
            "departement": p["dept"],
            "territoire": np.where(p["rural"], "rural", "urbain"),
            "quintile_fdep": p["quintile"],
            "c2s": p["c2s"],
            "nb_maladies_chroniques": p["nb"],
            "depenses_annee_suivante": np.round(spend).astype(np.int64),
        }
    )
    # Diagnoses: DP, chronic conditions (coded with probability 0.92 at A, 0.80 at B),
    # lab-driven associated diagnoses, social code Z59.6 for C2S (under-coded: 0.25).
    idx = np.arange(n_s)
    parts = [(idx, np.full(n_s, "DP"), s["dp"])]
    p_coded = np.where(site_b, 0.80, 0.92)
    for name, (code, _i, _m) in CHRONIC.items():
        has = p["chronic"][name][s["patient"]] & (rng.random(n_s) < p_coded)
        has &= ~((code == "I50.9") & (s["dp"] == "I50.0")) & ~(
            (code == "J44.9") & (s["dp"] == "J44.1")
        )
        parts.append((idx[has], np.full(has.sum(), "DAS"), np.full(has.sum(), code)))
    for cond, code in (
        ((s["hb"] < 10.0), "D64.9"),
        ((s["potassium"] < 3.5), "E87.6"),
        ((s["sodium"] < 130) & (s["dp"] != "E87.1"), "E87.1"),
        (p["c2s"][s["patient"]] & (rng.random(n_s) < 0.25 / 0.7), "Z59.6"),
    ):
        has = cond & (rng.random(n_s) < 0.7)
        parts.append((idx[has], np.full(has.sum(), "DAS"), np.full(has.sum(), code)))
    d_idx = np.concatenate([x[0] for x in parts])
    d_type = np.concatenate([x[1] for x in parts])
    d_code = np.concatenate([x[2] for x in parts])
    order = np.lexsort((d_code, d_type != "DP", d_idx))
    diagnoses = pd.DataFrame(
        {
            "sejour_id": sejour_id[d_idx[order]],
            "type_diagnostic": d_type[order],
            "code_cim10": d_code[order],
        }
    )
    # Labs, long format, canonical units; missing results are absent rows.
    values = {
        "creatinine": np.round(s["creat"] * np.where(site_b, CREATININE_ASSAY_B, 1.0)),
        "glucose": np.round(s["glucose"], 1),
        "hemoglobine": np.round(s["hb"], 1),
        "sodium": np.round(s["sodium"]),
        "potassium": np.round(s["potassium"], 1),
        "crp": np.round(s["crp"], 1),
    }
    frames = []
    for k, (exam, _unit) in enumerate(LABS):
        present = ~missing("crp" if exam == "crp" else "other_lab")
        frames.append((idx[present], np.full(present.sum(), k), values[exam][present]))
    l_idx = np.concatenate([f[0] for f in frames])
    l_k = np.concatenate([f[1] for f in frames])
    l_val = np.concatenate([f[2] for f in frames])
    order = np.lexsort((l_k, l_idx))
    l_idx, l_k, l_val = l_idx[order], l_k[order], l_val[order]
    labs = pd.DataFrame(
        {
            "sejour_id": sejour_id[l_idx],
            "date_prelevement": _iso(s["day"][l_idx]),
            "examen": np.array([e for e, _u in LABS])[l_k],
            "valeur": l_val,
            "unite": np.array([u for _e, u in LABS])[l_k],
        }
    )
    raw = _raw_patients(rng, p, patients, birth)
    return {
        "patients": patients,
        "stays": stays,
        "diagnoses": diagnoses,
        "labs": labs,
        "raw_patients": raw,
    }


def _raw_patients(
    rng: np.random.Generator, p: dict, patients: pd.DataFrame, birth: np.ndarray
) -> pd.DataFrame:
    """Direct identifiers (synthetic) for the pseudonymisation exercise."""
    from iasante.data.nir import nir_key

    n = len(patients)
    female = p["female"]
    first = np.where(
        female,
        np.array(_names.FIRST_NAMES_F)[rng.integers(0, len(_names.FIRST_NAMES_F), n)],
        np.array(_names.FIRST_NAMES_M)[rng.integers(0, len(_names.FIRST_NAMES_M), n)],
    )
    last = np.array(_names.LAST_NAMES)[rng.integers(0, len(_names.LAST_NAMES), n)]
    year = birth.astype("datetime64[Y]").astype(int) + 1970
    month = birth.astype("datetime64[M]").astype(int) % 12 + 1
    # Birth place: home département 78 %, other département 12 %, Corsica 2 %, abroad 8 %.
    where = _pick(rng, np.tile([0.78, 0.12, 0.02, 0.08], (n, 1)))
    other = np.array(_names.OTHER_BIRTH_DEPTS)[rng.integers(0, len(_names.OTHER_BIRTH_DEPTS), n)]
    corsica = np.where(
        year >= 1976, np.where(rng.random(n) < 0.5, "2A", "2B"), "20"
    )  # 2A/2B only for births from 1976 (before: « 20 »)
    dept = np.select([where == 0, where == 1, where == 2], [p["dept"], other, corsica], "99")
    commune = np.where(
        dept == "99",
        np.array(_names.BIRTH_COUNTRIES)[rng.integers(0, len(_names.BIRTH_COUNTRIES), n)],
        np.char.zfill(rng.integers(1, 400, n).astype(str), 3),
    )
    order_no = np.char.zfill(rng.integers(1, 1000, n).astype(str), 3)
    nir13 = [
        f"{1 + f:d}{y % 100:02d}{mo:02d}{dp}{c}{o}"
        for f, y, mo, dp, c, o in zip(
            female.astype(int), year, month, dept, commune, order_no, strict=True
        )
    ]
    nir = [f"{x}{nir_key(x):02d}" for x in nir13]
    # Address in the département of residence, urban or rural commune by territory.
    towns: list[str] = []
    postcodes: list[str] = []
    pick = rng.random(n)
    choices = [
        _names.COMMUNES[dep][1 if rural else 0]
        for dep, rural in zip(p["dept"], p["rural"], strict=True)
    ]
    for i, options in enumerate(choices):
        name, code = options[int(pick[i] * len(options))]
        towns.append(name)
        postcodes.append(code)
    street = np.array(_names.STREETS)[rng.integers(0, len(_names.STREETS), n)]
    number = rng.integers(1, 150, n).astype(str)
    ipp = _ids("", rng.permutation(np.arange(10_000_000, 10_000_000 + n * 7, 7)), 8)
    raw = pd.DataFrame(
        {
            "ipp": ipp,
            "nom": np.char.upper(last),
            "prenom": first,
            "sexe": patients["sexe"].to_numpy(),
            "date_naissance": np.datetime_as_string(birth, unit="D"),
            "nir": nir,
            "adresse": np.char.add(np.char.add(number, " "), street),
            "code_postal": postcodes,
            "commune": towns,
            "departement": patients["departement"].to_numpy(),
            "territoire": patients["territoire"].to_numpy(),
            "quintile_fdep": patients["quintile_fdep"].to_numpy(),
            "c2s": patients["c2s"].to_numpy(),
            "nb_maladies_chroniques": patients["nb_maladies_chroniques"].to_numpy(),
        }
    )
    return raw


def _inject_defects(rng: np.random.Generator, t: dict[str, pd.DataFrame]) -> None:
    """Deliberate, documented defects of the default variant (in place)."""
    dfx = DEFECTS
    patients, stays, diagnoses, labs = t["patients"], t["stays"], t["diagnoses"], t["labs"]
    site_of = dict(zip(stays["sejour_id"], stays["site"], strict=True))

    # Patients: sexe coding, default birth year 1900, missing département.
    n = len(patients)
    sexe = patients["sexe"].to_numpy().astype(object)
    u = rng.random(n)
    lower = u < dfx["sexe_lower"]
    digit = (u >= dfx["sexe_lower"]) & (u < dfx["sexe_lower"] + dfx["sexe_nir_digit"])
    sexe[lower] = np.char.lower(sexe[lower].astype(str))
    sexe[digit] = np.where(sexe[digit] == "F", "2", "1")
    patients["sexe"] = sexe
    year = patients["annee_naissance"].to_numpy().copy()
    year[rng.random(n) < dfx["birth_year_1900"]] = 1900
    patients["annee_naissance"] = year
    dept = patients["departement"].to_numpy().astype(object)
    dept[rng.random(n) < dfx["departement_missing"]] = None
    patients["departement"] = dept

    # Stays: impossible values, swapped dates.
    m = len(stays)
    temp = stays["temperature"].to_numpy().copy()
    hit = (rng.random(m) < dfx["temperature_x10"]) & ~np.isnan(temp)
    temp[hit] = np.round(temp[hit] * 10)
    stays["temperature"] = temp
    pas = stays["pas"].to_numpy().copy()
    pas[rng.random(m) < dfx["pas_999"]] = 999
    stays["pas"] = pas
    swap = rng.random(m) < dfx["dates_swapped"]
    entree = stays["date_entree"].to_numpy().copy()
    sortie = stays["date_sortie"].to_numpy().copy()
    entree[swap], sortie[swap] = sortie[swap], entree[swap].copy()
    stays["date_entree"], stays["date_sortie"] = entree, sortie
    dur = stays["duree_sejour"].to_numpy().copy()
    dur[swap] = -dur[swap]
    stays["duree_sejour"] = dur

    # Labs: units by site (site B: glucose in g/L, haemoglobin in g/L), creatinine in mg/dL
    # labelled µmol/L (site A, 2023), potassium sentinel 9999.
    lab_site = labs["sejour_id"].map(site_of).to_numpy()
    exam = labs["examen"].to_numpy()
    val = labs["valeur"].to_numpy().copy()
    unit = labs["unite"].to_numpy().astype(object)
    g = (lab_site == "B") & (exam == "glucose")
    val[g] = np.round(val[g] / GLUCOSE_MMOL_PER_G, 2)
    unit[g] = "g/L"
    h = (lab_site == "B") & (exam == "hemoglobine")
    val[h] = np.round(val[h] * 10)
    unit[h] = "g/L"
    year = labs["date_prelevement"].str.slice(0, 4).to_numpy()
    c = (
        (lab_site == "A")
        & (exam == "creatinine")
        & (year == "2023")
        & (rng.random(len(labs)) < dfx["creatinine_mgdl_as_umol_2023_site_a"])
    )
    val[c] = np.round(val[c] / CREATININE_UMOL_PER_MG_DL, 2)
    k = (exam == "potassium") & (rng.random(len(labs)) < dfx["potassium_9999"])
    val[k] = 9999.0
    labs["valeur"], labs["unite"] = val, unit

    # Diagnoses: site B exports PMSI style without the dot; random lower case, trailing space.
    code = diagnoses["code_cim10"].to_numpy().astype(object)
    d_site = diagnoses["sejour_id"].map(site_of).to_numpy()
    b = d_site == "B"
    code[b] = np.char.replace(code[b].astype(str), ".", "")
    u = rng.random(len(code))
    low = u < dfx["code_lower"]
    code[low] = np.char.lower(code[low].astype(str))
    sp = (u >= dfx["code_lower"]) & (u < dfx["code_lower"] + dfx["code_trailing_space"])
    code[sp] = np.char.add(code[sp].astype(str), " ")
    diagnoses["code_cim10"] = code

    # Exact duplicate rows, placed right after their original (as a double export would).
    for key, frac in (
        ("stays", dfx["stays_duplicated"]),
        ("labs", dfx["labs_duplicated"]),
        ("diagnoses", dfx["diagnoses_duplicated"]),
    ):
        df = t[key]
        dup = np.flatnonzero(rng.random(len(df)) < frac)
        positions = np.concatenate([np.arange(len(df)), dup])
        t[key] = df.iloc[np.sort(positions, kind="stable")].reset_index(drop=True)


def generate_cohort(
    seed: int = DEFAULT_SEED,
    n_patients: int | None = None,
    *,
    defects: bool = True,
) -> dict[str, pd.DataFrame]:
    """Generate the linked tables of the synthetic cohort.

    Returns ``{"patients", "stays", "diagnoses", "labs", "raw_patients"}``. Deterministic:
    the same ``seed``/``n_patients``/``defects`` give identical tables. ``defects=False``
    gives the clean ground truth of the same cohort (same patients, stays and values).
    """
    n = DEFAULT_N_PATIENTS if n_patients is None else int(n_patients)
    if n < 50:
        raise ValueError(msg("data.cohort_too_small", n=n, minimum=50))
    rng = np.random.default_rng(seed)
    p = _patients(rng, n)
    s = _stays(rng, p)
    tables = _clean_tables(rng, p, s)
    if defects:
        _inject_defects(np.random.default_rng([seed, 1]), tables)
    return tables


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The exact bytes written for a table (UTF-8, ``\\n``, ISO dates, no index)."""
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_cohort(
    out_dir: str | Path,
    seed: int = DEFAULT_SEED,
    n_patients: int | None = None,
    *,
    defects: bool = True,
) -> dict[str, pd.DataFrame]:
    """Generate the cohort and write one CSV per table plus ``manifest.json`` in ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = generate_cohort(seed, n_patients, defects=defects)
    for key, name in FILES.items():
        (out / name).write_bytes(to_csv_bytes(tables[key]))
    write_manifest(
        out / COHORT_MANIFEST_NAME,
        {name: {"table": key} for key, name in FILES.items()},
        generator="iasante.data.cohort",
        generator_version=GENERATOR_VERSION,
        seed=seed,
        n_patients=DEFAULT_N_PATIENTS if n_patients is None else int(n_patients),
        defects=defects,
        card="data/cohorte.md",
        licence="CC0-1.0 (synthetic data)",
    )
    return tables


def regenerate_default_cohort(out_dir: str | Path | None = None, seed: int = DEFAULT_SEED) -> Path:
    """Rewrite the committed default cohort (``data/cohorte``), bit for bit for seed 2026."""
    from iasante.data.integrity import data_dir

    target = Path(out_dir) if out_dir is not None else data_dir() / "cohorte"
    write_cohort(target, seed=seed)
    return target
