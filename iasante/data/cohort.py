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

from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Admitted:
    """The patients admitted in one round of :func:`_stays`, as they are on admission day.

    ``patient`` indexes the arrays of :func:`_patients`; every other field is aligned on it.
    """

    patient: np.ndarray
    day: np.ndarray  # admission, in days since START
    year: np.ndarray
    age: np.ndarray
    chronic: dict[str, np.ndarray]
    nb: np.ndarray
    female: np.ndarray
    site_b: np.ndarray
    c2s: np.ndarray
    unrecorded: np.ndarray

    @classmethod
    def of(cls, p: dict, patient: np.ndarray, day: np.ndarray) -> _Admitted:
        """Select ``patient`` and age them to ``day`` (no random draw)."""
        return cls(
            patient=patient,
            day=day,
            year=(START + day.astype("timedelta64[D]")).astype("datetime64[Y]").astype(int) + 1970,
            age=p["age0"][patient] + (day - p["first_day"][patient]) / 365.25,
            chronic={k: v[patient] for k, v in p["chronic"].items()},
            nb=p["nb"][patient],
            female=p["female"][patient],
            site_b=p["site_b"][patient],
            c2s=p["c2s"][patient],
            unrecorded=p["unrecorded"][patient],
        )

    @property
    def m(self) -> int:
        return len(self.patient)


def _stays(rng: np.random.Generator, p: dict) -> dict[str, np.ndarray]:
    """Generate stays round by round (vectorised across patients).

    A round gives every patient still followed one stay; those readmitted or coming back
    for a new stay before END take part in the next round. Each step below draws from
    ``rng`` in a fixed order: reordering them (or the draws inside one) changes every
    table of a seed, which ``tests/test_data_cohort.py`` pins against the committed CSVs.
    """
    chunks = []
    active = np.arange(len(p["site"]))
    day = p["first_day"].copy()
    for _ in range(MAX_ROUNDS):
        if active.size == 0:
            break
        a = _Admitted.of(p, active, day[active])
        admission = _admission(rng, a)
        labs = _admission_labs(rng, a, admission)
        vitals = _admission_vitals(rng, a, admission)
        course = _hospital_course(rng, a, admission)
        readmitted = _readmitted_within_30_days(rng, a, admission, labs["creat"], course)
        next_day, again = _next_admission(rng, a, course, readmitted)
        chunks.append(
            {
                "patient": active,
                "day": a.day,
                "los": course["los"],
                "age": a.age,
                "dp": admission["dp"],
                "unit": admission["unit"],
                "entry": admission["entry"],
                "exit": course["exit"],
                "died": course["died"],
                "readmitted": readmitted,
                **labs,
                **vitals,
                "cost": course["cost"],
            }
        )
        day[active[again]] = next_day[again]
        active = active[again]
    out = {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]}
    order = np.lexsort((out["patient"], out["day"]))
    return {k: v[order] for k, v in out.items()}


def _admission(rng: np.random.Generator, a: _Admitted) -> dict[str, np.ndarray]:
    """Main diagnosis (DP), unit, mode of entry and a latent severity.

    The DP weights follow the chronic conditions (a heart-failure patient comes back for
    I50.0), age and sex, and COVID-19's year; site B has no nephrology unit, and most
    patients of 80 and over (except infarctions) go to geriatrics.
    """
    covid_w = np.select(
        [a.year == y for y in COVID_WEIGHT_BY_YEAR], list(COVID_WEIGHT_BY_YEAR.values()), 0.2
    )
    chronic = a.chronic
    weights = np.column_stack(
        [
            0.4 + 3.0 * chronic["insuffisance_cardiaque"],  # I50.0
            2.5 * chronic["bpco"],  # J44.1
            1.2 + 0.3 * chronic["bpco"],  # J18.9
            1.0 + 0.5 * a.female + 0.4 * (a.age >= 80),  # N39.0
            0.4 + 1.0 * chronic["maladie_renale"],  # N17.9
            np.full(a.m, 0.5),  # A41.9
            0.3 + 1.2 * chronic["cardiopathie_ischemique"],  # I21.4
            covid_w,  # U07.1
            0.35 + 0.3 * (a.age >= 80),  # E87.1
        ]
    )
    dp_idx = _pick(rng, weights)
    dp = np.array(DP_CODES)[dp_idx]
    unit = np.array([DP[c][0] for c in DP_CODES])[dp_idx]
    unit = np.where(a.site_b & (unit == "néphrologie"), "médecine interne", unit)
    geri = (a.age >= 80) & (dp != "I21.4") & (rng.random(a.m) < P_GERIATRICS_80)
    unit = np.where(geri, "gériatrie", unit)
    entry = np.array(["urgences", "domicile", "transfert"])[
        _pick(rng, np.tile([0.72, 0.20, 0.08], (a.m, 1)))
    ]
    return {
        "dp_idx": dp_idx,
        "dp": dp,
        "infectious": np.array([DP[c][3] for c in DP_CODES])[dp_idx],
        "unit": unit,
        "entry": entry,
        "severity": rng.normal(size=a.m) + 0.15 * a.nb,
    }


def _admission_labs(
    rng: np.random.Generator, a: _Admitted, admission: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """True admission lab values in canonical units, driven by the DP and the conditions.

    Creatinine carries the kidney story (chronic disease, acute injury, sepsis) that the
    readmission model reads; the site-B assay offset is applied later, when the labs
    table is written, so that the truth stays comparable across sites.
    """
    dp, severity, chronic = admission["dp"], admission["severity"], a.chronic
    aki = np.select([dp == "N17.9", dp == "A41.9", dp == "I50.0"], [2.6, 1.5, 1.25], 1.0)
    creat = (
        np.where(a.female, 62.0, 80.0)
        * np.exp(0.006 * (a.age - 60) + 0.1 * severity)
        * (1 + 0.9 * chronic["maladie_renale"])
        * aki
        * rng.lognormal(0, 0.18, a.m)
    )
    diab = chronic["diabete"]
    glucose = np.where(diab, 8.8, 5.4) * rng.lognormal(0, np.where(diab, 0.30, 0.12)) + 1.2 * (
        (dp == "A41.9") | (dp == "I21.4")
    )
    hb = (
        np.where(a.female, 13.0, 14.2)
        - 1.3 * chronic["maladie_renale"]
        - 0.5 * (a.age >= 80)
        + rng.normal(0, 1.2, a.m)
    )
    sodium = np.where(dp == "E87.1", rng.normal(123, 4, a.m), rng.normal(139, 2.8, a.m)) - 2.0 * (
        dp == "I50.0"
    )
    potassium = rng.normal(4.2, 0.45, a.m) + 0.4 * chronic["maladie_renale"] + 0.8 * (dp == "N17.9")
    crp = np.where(
        admission["infectious"],
        np.minimum(rng.lognormal(np.log(110), 0.6, a.m), 480.0),
        rng.lognormal(np.log(6), 0.8, a.m),
    )
    return {
        "creat": creat,
        "glucose": glucose,
        "hb": hb,
        "sodium": sodium,
        "potassium": potassium,
        "crp": crp,
    }


def _admission_vitals(
    rng: np.random.Generator, a: _Admitted, admission: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Vitals at admission: infection raises heart rate and temperature, sepsis lowers the
    blood pressure, respiratory DPs and heart failure lower the SpO2 (``data/cohorte.md``)."""
    dp, infectious, severity = admission["dp"], admission["infectious"], admission["severity"]
    fc = rng.normal(80, 13, a.m) + 18 * infectious + 10 * (dp == "I50.0") + 4 * severity
    pas = rng.normal(136, 19, a.m) - 22 * (dp == "A41.9") + 5 * a.chronic["hta"]
    temp = rng.normal(36.9, 0.35, a.m) + 1.2 * infectious * rng.random(a.m) * 1.6
    resp = np.isin(dp, ("J44.1", "J18.9", "U07.1"))
    spo2 = 97 - 4 * resp - 3 * (dp == "I50.0") + rng.normal(0, 1.6, a.m)
    return {"fc": fc, "pas": pas, "temp": temp, "spo2": spo2}


def _hospital_course(
    rng: np.random.Generator, a: _Admitted, admission: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Length of stay, in-hospital death, discharge destination and cost of the stay.

    The length of stay scales the DP's median (capped at MAX_LOS); the cost grows less
    than in proportion to it (exponent 0.7).
    """
    dp, dp_idx, severity = admission["dp"], admission["dp_idx"], admission["severity"]
    median_los = np.array([DP[c][1] for c in DP_CODES])[dp_idx]
    los = np.clip(
        np.round(
            median_los
            * np.exp(
                -0.25
                + 0.012 * (a.age - 70)
                + 0.06 * a.nb
                + 0.25 * severity
                + 0.10 * a.site_b
                + 0.15 * (admission["unit"] == "gériatrie")
                + rng.normal(0, 0.35, a.m)
            )
        ),
        1,
        MAX_LOS,
    ).astype(np.int64)
    d = DEATH
    died = rng.random(a.m) < _logistic(
        d["intercept"]
        + d["age"] * (a.age - 70)
        + d["severity"] * severity
        + d["sepsis"] * (dp == "A41.9")
        + d["covid"] * (dp == "U07.1")
    )
    to_smr = ~died & (rng.random(a.m) < _logistic(-2.6 + 0.06 * (a.age - 70) + 0.3 * severity))
    exit_mode = np.where(died, "décès", np.where(to_smr, "transfert SMR", "domicile"))
    base_cost = np.array([DP[c][2] for c in DP_CODES], dtype=float)[dp_idx]
    cost = np.round(
        base_cost
        * (los / median_los) ** 0.7
        * np.exp(0.08 * severity)
        * rng.lognormal(0, 0.10, a.m)
    )
    return {"los": los, "died": died, "to_smr": to_smr, "exit": exit_mode, "cost": cost}


def _readmitted_within_30_days(
    rng: np.random.Generator,
    a: _Admitted,
    admission: dict[str, np.ndarray],
    creat: np.ndarray,
    course: dict[str, np.ndarray],
) -> np.ndarray:
    """The ground-truth label of modules 03–05 (READMISSION, READMISSION_SITE_B).

    At site B the recorded predictors weigh 0.4 times as much and an unrecorded
    post-discharge factor dominates: a model trained at site A transfers badly (module 03).
    From 2024 the heart-failure excess almost vanishes (READMISSION_HF_2024, module 05).
    """
    dp = admission["dp"]
    r = READMISSION
    hf_effect = np.where(a.year >= 2024, READMISSION_HF_2024, r["dp_insuffisance_cardiaque"])
    recorded = (
        r["age"] * (a.age - 70)
        + r["nb_chroniques"] * a.nb
        + hf_effect * (dp == "I50.0")
        + r["dp_bpco"] * (dp == "J44.1")
        + r["c2s"] * a.c2s
        + r["log_creatinine"] * np.log(creat / 80.0)
        + r["duree_sejour"] * (course["los"] - 7)
        + r["sortie_smr"] * course["to_smr"]
    )
    rb = READMISSION_SITE_B
    logit = np.where(
        a.site_b,
        rb["intercept"] + rb["scale"] * recorded + rb["unrecorded"] * a.unrecorded,
        r["intercept"] + recorded,
    )
    return ~course["died"] & (rng.random(a.m) < _logistic(logit))


def _next_admission(
    rng: np.random.Generator, a: _Admitted, course: dict[str, np.ndarray], readmitted: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Day of each patient's next stay, and whether it falls in the next round.

    A readmission comes 1–30 days after discharge; otherwise a patient comes back with
    probability NEW_STAY, after at least 31 days. Stays that would start after END are cut.
    """
    nxt = NEW_STAY
    new_stay = (
        ~course["died"]
        & ~readmitted
        & (rng.random(a.m) < _logistic(nxt["intercept"] + nxt["nb_chroniques"] * a.nb))
    )
    delay = np.where(
        readmitted,
        rng.integers(P_READMISSION_DELAY[0], P_READMISSION_DELAY[1] + 1, a.m),
        nxt["delay_min"] + np.floor(rng.exponential(nxt["delay_mean"], a.m)).astype(np.int64),
    )
    next_day = a.day + course["los"] + delay
    return next_day, (readmitted | new_stay) & (next_day < N_DAYS)


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(numbers.astype(str), width))


def _clean_tables(rng: np.random.Generator, p: dict, s: dict) -> dict[str, pd.DataFrame]:
    """The five tables of one cohort, before any defect, from the arrays of
    :func:`_patients` and :func:`_stays`.

    One step per table, in a fixed order of draws from ``rng`` (see :func:`_stays`).
    """
    n_s = len(s["day"])
    patient_ids = _ids("P", rng.permutation(len(p["site"])) + 1, 6)
    sejour_id = _ids("S", np.arange(1, n_s + 1), 7)
    site_b = p["site_b"][s["patient"]]
    # Birth date: first admission minus age0 years.
    birth_day = p["first_day"] - np.round(p["age0"] * 365.25).astype(np.int64)
    birth = START + birth_day.astype("timedelta64[D]")
    stays = _stays_table(rng, s, sejour_id, patient_ids[s["patient"]], site_b)
    patients = _patients_table(rng, p, s, patient_ids, birth)
    diagnoses = _diagnoses_table(rng, p, s, sejour_id, site_b)
    labs = _labs_table(rng, s, sejour_id, site_b)
    raw = _raw_patients(rng, p, patients, birth)
    return {
        "patients": patients,
        "stays": stays,
        "diagnoses": diagnoses,
        "labs": labs,
        "raw_patients": raw,
    }


def _missing(rng: np.random.Generator, kind: str, site_b: np.ndarray) -> np.ndarray:
    """Which stays lack a measurement of ``kind``: site B records less (MISSING).

    Kept in both variants: it is part of the data, not a defect to repair.
    """
    return rng.random(len(site_b)) < np.where(site_b, MISSING[kind]["B"], MISSING[kind]["A"])


def _stays_table(
    rng: np.random.Generator,
    s: dict,
    sejour_id: np.ndarray,
    patient_id: np.ndarray,
    site_b: np.ndarray,
) -> pd.DataFrame:
    """One row per stay, vitals rounded and clipped as a monitor would record them.

    The readmission label is missing (``pd.NA``) after an in-hospital death: there is no
    discharge to be readmitted from.
    """
    spo2 = np.clip(np.round(s["spo2"]), 70, 100)
    spo2[_missing(rng, "spo2", site_b)] = np.nan
    temp = np.round(s["temp"], 1)
    temp[_missing(rng, "temperature", site_b)] = np.nan
    readm = pd.array(np.where(s["died"], None, s["readmitted"]), dtype="boolean")
    return pd.DataFrame(
        {
            "sejour_id": sejour_id,
            "patient_id": patient_id,
            "site": np.where(site_b, "B", "A"),
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


def _patients_table(
    rng: np.random.Generator, p: dict, s: dict, patient_ids: np.ndarray, birth: np.ndarray
) -> pd.DataFrame:
    """One row per patient, with the cost label of module 04.

    Next-year expenditure follows the need (chronic conditions, stays) times an access
    factor below 1 for C2S and rural patients: at equal need they cost less, so a model
    that ranks by cost under-serves them (ACCESS_C2S, ACCESS_RURAL).
    """
    stay_cost = np.bincount(s["patient"], weights=s["cost"], minlength=len(patient_ids))
    access = np.exp(ACCESS_C2S * p["c2s"] + ACCESS_RURAL * p["rural"])
    spend = (
        access
        * (COST_BASE + COST_PER_CONDITION * p["nb"] + COST_STAY_SHARE * stay_cost)
        * rng.lognormal(0, COST_SD, len(patient_ids))
    )
    return pd.DataFrame(
        {
            "patient_id": patient_ids,
            "sexe": np.where(p["female"], "F", "M"),
            "annee_naissance": birth.astype("datetime64[Y]").astype(int) + 1970,
            "departement": p["dept"],
            "territoire": np.where(p["rural"], "rural", "urbain"),
            "quintile_fdep": p["quintile"],
            "c2s": p["c2s"],
            "nb_maladies_chroniques": p["nb"],
            "depenses_annee_suivante": np.round(spend).astype(np.int64),
        }
    )


def _diagnoses_table(
    rng: np.random.Generator, p: dict, s: dict, sejour_id: np.ndarray, site_b: np.ndarray
) -> pd.DataFrame:
    """CIM-10 codes of each stay: its DP, then associated diagnoses (DAS) as coders miss them.

    Chronic conditions are coded with probability 0.92 at A and 0.80 at B (not twice when
    the DP already says it); anaemia, hypokalaemia and hyponatraemia from the labs, and
    the social code Z59.6 for C2S (under-coded: 0.25), with probability 0.7.
    """
    n_s = len(sejour_id)
    idx = np.arange(n_s)
    parts = [(idx, np.full(n_s, "DP"), s["dp"])]
    p_coded = np.where(site_b, 0.80, 0.92)
    for name, (code, _i, _m) in CHRONIC.items():
        has = p["chronic"][name][s["patient"]] & (rng.random(n_s) < p_coded)
        has &= ~((code == "I50.9") & (s["dp"] == "I50.0")) & ~(
            (code == "J44.9") & (s["dp"] == "J44.1")
        )
        parts.append((idx[has], np.full(has.sum(), "DAS"), np.full(has.sum(), code)))
    # The whole tuple is built (Z59.6's draw included) before the loop draws.
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
    return pd.DataFrame(
        {
            "sejour_id": sejour_id[d_idx[order]],
            "type_diagnostic": d_type[order],
            "code_cim10": d_code[order],
        }
    )


def _labs_table(
    rng: np.random.Generator, s: dict, sejour_id: np.ndarray, site_b: np.ndarray
) -> pd.DataFrame:
    """Admission labs in long format and canonical units; a missing result is an absent row.

    Site B's creatinine reads CREATININE_ASSAY_B times the truth (its assay's calibration),
    the offset module 04 asks learners to correct.
    """
    values = {
        "creatinine": np.round(s["creat"] * np.where(site_b, CREATININE_ASSAY_B, 1.0)),
        "glucose": np.round(s["glucose"], 1),
        "hemoglobine": np.round(s["hb"], 1),
        "sodium": np.round(s["sodium"]),
        "potassium": np.round(s["potassium"], 1),
        "crp": np.round(s["crp"], 1),
    }
    idx = np.arange(len(sejour_id))
    frames = []
    for k, (exam, _unit) in enumerate(LABS):
        present = ~_missing(rng, "crp" if exam == "crp" else "other_lab", site_b)
        frames.append((idx[present], np.full(present.sum(), k), values[exam][present]))
    l_idx = np.concatenate([f[0] for f in frames])
    l_k = np.concatenate([f[1] for f in frames])
    l_val = np.concatenate([f[2] for f in frames])
    order = np.lexsort((l_k, l_idx))
    l_idx, l_k, l_val = l_idx[order], l_k[order], l_val[order]
    return pd.DataFrame(
        {
            "sejour_id": sejour_id[l_idx],
            "date_prelevement": _iso(s["day"][l_idx]),
            "examen": np.array([e for e, _u in LABS])[l_k],
            "valeur": l_val,
            "unite": np.array([u for _e, u in LABS])[l_k],
        }
    )


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
    """Deliberate, documented defects of the default variant (in place), for module 01's
    cleaning exercises. The steps draw from ``rng`` in this order (see :func:`_stays`)."""
    site_of = dict(zip(t["stays"]["sejour_id"], t["stays"]["site"], strict=True))
    _patient_defects(rng, t["patients"])
    _stay_defects(rng, t["stays"])
    _lab_defects(rng, t["labs"], site_of)
    _code_defects(rng, t["diagnoses"], site_of)
    _duplicate_rows(rng, t)


def _patient_defects(rng: np.random.Generator, patients: pd.DataFrame) -> None:
    """Sex coded « f »/« m » or « 2 »/« 1 » (the NIR convention), birth year 1900 (the
    software's default date), missing département (``data/cohorte.md``, « Défauts »)."""
    dfx = DEFECTS
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


def _stay_defects(rng: np.random.Generator, stays: pd.DataFrame) -> None:
    """Impossible values (a temperature typed without its decimal comma, 372 for 37.2; the
    blood-pressure sentinel 999, « non mesurée ») and swapped admission and discharge
    dates (a negative length of stay)."""
    dfx = DEFECTS
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


def _lab_defects(rng: np.random.Generator, labs: pd.DataFrame, site_of: dict) -> None:
    """Units by site (site B: glucose in g/L, haemoglobin in g/L), creatinine in mg/dL
    labelled µmol/L (site A, 2023), potassium sentinel 9999: units to harmonise."""
    dfx = DEFECTS
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


def _code_defects(rng: np.random.Generator, diagnoses: pd.DataFrame, site_of: dict) -> None:
    """Site B exports PMSI style, without the dot (I500); random lower case and trailing
    spaces: codes to normalise before a join on the CIM-10."""
    dfx = DEFECTS
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


def _duplicate_rows(rng: np.random.Generator, t: dict[str, pd.DataFrame]) -> None:
    """Exact duplicate rows, placed right after their original (as a double export would)."""
    dfx = DEFECTS
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
