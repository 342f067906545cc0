"""Module 04: right answers pass the visible checks, typical mistakes fail with their key.

Graded checks of m04 are diagnostic (no answer key in the package): they must accept
genuinely different correct answers (``MetricFrame`` or ``groupby``, fairlearn or by hand,
``ThresholdOptimizer`` or hand-tuned thresholds) and name each classic mistake. The
reference values are pinned here and in the hidden tests of the source notebook.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from answercheck import assert_correct, assert_incorrect, assert_not_attempted
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from fairlearn.postprocessing import ThresholdOptimizer

from iasante import fairness
from iasante.exercises import m04


def stub(*_args, **_kwargs):
    raise NotImplementedError()


@pytest.fixture(scope="module")
def data():
    model, train, audit = fairness.readmission_audit()
    return model, audit, fairness.patient_table()


def _ratio(a, b):
    return a / b if b else float("nan")


# --------------------------------------------------------------------------- Q1


def rates_ok(tp, fp, fn, tn):
    return {
        "sensibilite": _ratio(tp, tp + fn),
        "taux_faux_positifs": _ratio(fp, fp + tn),
        "vpp": _ratio(tp, tp + fp),
        "taux_selection": _ratio(tp + fp, tp + fp + fn + tn),
    }


def rates_numpy(tp, fp, fn, tn):  # another correct form: NumPy floats, nan from np.nan
    with np.errstate(all="ignore"):
        c = np.array([tp, fp, fn, tn], dtype=float)
        out = {
            "sensibilite": c[0] / (c[0] + c[2]) if c[0] + c[2] else np.nan,
            "taux_faux_positifs": c[1] / (c[1] + c[3]) if c[1] + c[3] else np.nan,
            "vpp": c[0] / (c[0] + c[1]) if c[0] + c[1] else np.nan,
            "taux_selection": (c[0] + c[1]) / c.sum(),
        }
    return {k: float(v) for k, v in out.items()}


def test_q1_right_answers():
    assert_correct(m04.q1_group_rates, rates_ok)
    assert_correct(m04.q1_group_rates, rates_numpy)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"taux_selection": lambda tp, fp, fn, tn: tp / (tp + fn)}, "m04.selection_is_sensitivity"),
        ({"taux_faux_positifs": lambda tp, fp, fn, tn: fp / (fp + tp)}, "m04.fpr_over_alerts"),
        ({"taux_faux_positifs": lambda tp, fp, fn, tn: fp / (tp + fn)}, "m04.fpr_over_sick"),
        (
            {"taux_faux_positifs": lambda tp, fp, fn, tn: fp / (tp + fp + fn + tn)},
            "m04.fpr_over_all",
        ),
        ({"sensibilite": lambda tp, fp, fn, tn: _ratio(tp, tp + fp)}, "m04.sens_ppv_swapped"),
        (
            {"taux_selection": lambda tp, fp, fn, tn: 100 * (tp + fp) / (tp + fp + fn + tn)},
            "m04.not_rate",
        ),
    ],
)
def test_q1_wrong_answers(change, key):
    def answer(tp, fp, fn, tn):
        out = rates_ok(tp, fp, fn, tn)
        for k, f in change.items():
            out[k] = f(tp, fp, fn, tn)
        return out

    assert_incorrect(m04.q1_group_rates, answer, key=key)


def test_q1_zero_denominator_and_stub():
    assert_not_attempted(m04.q1_group_rates, stub)

    def zero_instead_of_nan(tp, fp, fn, tn):
        out = rates_ok(tp, fp, fn, tn)
        out["vpp"] = tp / (tp + fp) if tp + fp else 0.0
        return out

    assert_incorrect(m04.q1_group_rates, zero_instead_of_nan, key="m04.zero_division")

    def crashes(tp, fp, fn, tn):
        return {**rates_ok(tp, fp, fn, tn), "vpp": tp / (tp + fp)}

    assert_incorrect(m04.q1_group_rates, crashes)
    assert_incorrect(m04.q1_group_rates, lambda *c: list(rates_ok(*c).values()), key="m04.not_dict")
    assert_incorrect(
        m04.q1_group_rates,
        lambda *c: {k: v for k, v in rates_ok(*c).items() if k != "vpp"},
        key="m04.missing_keys",
    )


# --------------------------------------------------------------------------- Q2


def audit_metricframe(df, group_col):
    frame = MetricFrame(
        metrics={
            "effectif": lambda y, p: len(y),
            "sensibilite": true_positive_rate,
            "taux_faux_positifs": false_positive_rate,
            "vpp": lambda y, p: y[p == 1].mean() if (p == 1).any() else float("nan"),
            "taux_selection": selection_rate,
        },
        y_true=df["readmission_30j"],
        y_pred=df["alerte"],
        sensitive_features=df[group_col],
    )
    return frame.by_group


def audit_groupby(df, group_col):
    rows = {}
    for label, sub in df.groupby(group_col):
        y, p = sub["readmission_30j"], sub["alerte"]
        tp, fp = int(((y == 1) & (p == 1)).sum()), int(((y == 0) & (p == 1)).sum())
        fn, tn = int(((y == 1) & (p == 0)).sum()), int(((y == 0) & (p == 0)).sum())
        rows[label] = {"effectif": len(sub), **rates_ok(tp, fp, fn, tn)}
    return pd.DataFrame(rows).T


def test_q2_right_answers(data):
    _, audit, _ = data
    assert_correct(m04.q2_audit_by_group, audit_metricframe, audit)
    assert_correct(m04.q2_audit_by_group, audit_groupby, audit)
    # the answer reproduces the pinned audit of the committed cohort
    table = audit_groupby(audit, "site")
    assert table.loc["B", "effectif"] == 1028
    assert table.loc["B", "sensibilite"] == pytest.approx(48 / 187)


def test_q2_wrong_answers(data):
    _, audit, _ = data
    q = m04.q2_audit_by_group
    assert_not_attempted(q, stub, audit)

    def whole_population(df, group_col):  # the overall rates copied into every row
        overall = audit_groupby(df.assign(_all="x"), "_all").iloc[0]
        table = audit_groupby(df, group_col)
        for column in m04.RATE_KEYS:
            table[column] = overall[column]
        return table

    assert_incorrect(q, whole_population, audit, key="m04.q2.whole_population")
    assert_incorrect(
        q,
        lambda df, g: audit_groupby(df, g).drop(columns="effectif"),
        audit,
        key="m04.q2.no_counts",
    )
    assert_incorrect(
        q,
        lambda df, g: audit_groupby(df, g).drop(columns="vpp"),
        audit,
        key="m04.q2.missing_columns",
    )

    def with_overall_row(df, g):
        table = audit_groupby(df, g)
        table.loc["Ensemble"] = audit_groupby(df.assign(_all="x"), "_all").iloc[0]
        return table

    assert_incorrect(q, with_overall_row, audit, key="m04.q2.groups")

    def selection_as_sensitivity(df, g):
        table = audit_groupby(df, g)
        table["taux_selection"] = table["sensibilite"]
        return table

    assert_incorrect(q, selection_as_sensitivity, audit, key="m04.selection_is_sensitivity")

    def fpr_over_alerts(df, g):
        table = audit_groupby(df, g)
        table["taux_faux_positifs"] = 1 - table["vpp"]
        return table

    assert_incorrect(q, fpr_over_alerts, audit, key="m04.fpr_over_alerts")


# --------------------------------------------------------------------------- Q3


def test_q3_uncertainty(data):
    _, audit, _ = data
    q = m04.q3_uncertainty
    b = audit[(audit["site"] == "B") & (audit["readmission_30j"] == 1)]
    n, k = len(b), int(b["alerte"].sum())
    assert (n, k) == (187, 48)  # pinned on the committed cohort
    ci = fairness.proportion_ci(k, n)
    assert ci == pytest.approx((0.1994, 0.3237), abs=1e-4)
    assert_correct(q, n, ci, audit)
    assert_correct(q, np.int64(n), list(ci), audit)
    assert_not_attempted(q, None, None, audit)
    all_b = audit[audit["site"] == "B"]
    assert_incorrect(
        q, len(all_b), fairness.proportion_ci(k, len(all_b)), audit, key="m04.q3.all_stays"
    )
    alerts = int(all_b["alerte"].sum())
    assert_incorrect(q, alerts, ci, audit, key="m04.q3.alerts")
    assert_incorrect(q, n, (ci[1], ci[0]), audit, key="m04.q3.ci_shape")
    assert_incorrect(q, n, (0.5, 0.6), audit, key="m04.q3.ci_outside")


# --------------------------------------------------------------------------- Q4, Q5


def share_nlargest(df, score_col, frac=0.10):
    return float(df.nlargest(math.ceil(frac * len(df)), score_col)["c2s"].mean())


def share_sort(df, score_col, frac=0.10):
    ranked = df.sort_values(score_col, ascending=False)
    top = ranked.iloc[: math.ceil(frac * len(df))]
    return top["c2s"].sum() / len(top)


def test_q4_right_answers():
    assert_correct(m04.q4_top_share, share_nlargest)
    assert_correct(m04.q4_top_share, share_sort)


def test_q4_wrong_answers():
    q = m04.q4_top_share
    assert_not_attempted(q, stub)

    def wrong_end(df, score_col, frac=0.10):
        return float(df.nsmallest(math.ceil(frac * len(df)), score_col)["c2s"].mean())

    def share_of_group(df, score_col, frac=0.10):
        top = df.nlargest(math.ceil(frac * len(df)), score_col)
        return top["c2s"].sum() / df["c2s"].sum()

    def ten_rows(df, score_col, frac=0.10):
        return float(df.nlargest(10, score_col)["c2s"].mean())

    def in_place(df, score_col, frac=0.10):
        df.sort_values(score_col, ascending=False, inplace=True)
        return float(df.head(math.ceil(frac * len(df)))["c2s"].mean())

    assert_incorrect(q, wrong_end, key="m04.q4.wrong_end")
    assert_incorrect(q, share_of_group, key="m04.q4.share_of_group")
    assert_incorrect(q, ten_rows, key="m04.q4.n_rows")
    assert_incorrect(q, in_place, key="m04.q4.modified")

    def hard_coded(df, score_col, frac=0.10):
        return float(df.nlargest(math.ceil(len(df) / 10), score_col)["c2s"].mean())

    assert_incorrect(q, hard_coded, key="m04.q4.frac_ignored")


def test_q5_cost_vs_need(data):
    _, _, patients = data
    q = m04.q5_cost_vs_need
    cost = share_nlargest(patients, "depenses_annee_suivante")
    need = share_nlargest(patients, "nb_maladies_chroniques")
    # the documented mirror of Obermeyer 2019 on the committed cohort
    assert cost == pytest.approx(0.083, abs=0.001)
    low, high = fairness.top_share_bounds(patients["nb_maladies_chroniques"], patients["c2s"])
    assert low <= need <= high and low > 0.2 > cost + 0.1
    assert_correct(q, cost, need, patients)
    # need with ties broken another way (a documented equivalent: by number of stays)
    need_ties = (
        patients.sort_values(["nb_maladies_chroniques", "n_sejours"], ascending=False)
        .head(350)["c2s"]
        .mean()
    )
    assert_correct(q, cost, need_ties, patients)
    assert_not_attempted(q, None, None, patients)
    assert_incorrect(q, need, cost, patients, key="m04.q5.swapped")
    assert_incorrect(q, cost, cost, patients, key="m04.q5.same")
    low_end = patients.nsmallest(350, "depenses_annee_suivante")["c2s"].mean()
    assert_incorrect(q, low_end, need, patients, key="m04.q4.wrong_end")
    assert_incorrect(q, 100 * cost, need, patients, key="m04.not_share")


# --------------------------------------------------------------------------- Q6


def test_q6_creatinine():
    q = m04.q6_creatinine

    def loc(df):
        df = df.copy()
        df.loc[df["site"] == "B", "creatinine"] /= 1.08
        return df

    def where(df):
        return df.assign(
            creatinine=np.where(df["site"] == "B", df["creatinine"] / 1.08, df["creatinine"])
        )

    assert_correct(q, loc)
    assert_correct(q, where)
    assert_not_attempted(q, stub)

    def multiplied(df):
        return df.assign(
            creatinine=np.where(df["site"] == "B", df["creatinine"] * 1.08, df["creatinine"])
        )

    def minus(df):
        return df.assign(
            creatinine=np.where(df["site"] == "B", df["creatinine"] * 0.92, df["creatinine"])
        )

    def everyone(df):
        return df.assign(creatinine=df["creatinine"] / 1.08)

    def in_place(df):
        df.loc[df["site"] == "B", "creatinine"] /= 1.08
        return df

    def filled(df):
        return where(df).fillna({"creatinine": 0})

    def only_b(df):
        return where(df)[df["site"] == "B"]

    assert_incorrect(q, multiplied, key="m04.q6.multiplied")
    assert_incorrect(q, minus, key="m04.q6.minus")
    assert_incorrect(q, everyone, key="m04.q6.site_a")
    assert_incorrect(q, in_place, key="m04.q6.modified")
    assert_incorrect(q, filled, key="m04.q6.missing")
    assert_incorrect(q, only_b, key="m04.q6.rows")


# --------------------------------------------------------------------------- Q7, Q8


def gaps_fairlearn(y, p, g):
    tpr = MetricFrame(metrics=true_positive_rate, y_true=y, y_pred=p, sensitive_features=g)
    return {
        "parite_demographique": demographic_parity_difference(y, p, sensitive_features=g),
        "egalite_chances": tpr.difference(),
        "cotes_egalisees": equalized_odds_difference(y, p, sensitive_features=g),
    }


def gaps_by_hand(y, p, g):
    df = pd.DataFrame({"y": np.asarray(y), "p": np.asarray(p), "g": np.asarray(g)})
    sel = df.groupby("g")["p"].mean()
    tpr = df[df["y"] == 1].groupby("g")["p"].mean()
    fpr = df[df["y"] == 0].groupby("g")["p"].mean()
    return {
        "parite_demographique": sel.max() - sel.min(),
        "egalite_chances": tpr.max() - tpr.min(),
        "cotes_egalisees": max(tpr.max() - tpr.min(), fpr.max() - fpr.min()),
    }


def test_q7_right_answers(data):
    _, audit, _ = data
    assert_correct(m04.q7_fairness_gaps, gaps_fairlearn)
    assert_correct(m04.q7_fairness_gaps, gaps_by_hand)
    for g in ("site", "tranche_age"):
        a = gaps_fairlearn(audit["readmission_30j"], audit["alerte"], audit[g])
        b = gaps_by_hand(audit["readmission_30j"], audit["alerte"], audit[g])
        assert a == pytest.approx(b)
        assert a == pytest.approx(
            fairness.fairness_gaps(audit["readmission_30j"], audit["alerte"], audit[g])
        )


def test_q7_wrong_answers():
    q = m04.q7_fairness_gaps
    assert_not_attempted(q, stub)

    def ratio(y, p, g):
        return {
            **gaps_by_hand(y, p, g),
            "parite_demographique": demographic_parity_ratio(y, p, sensitive_features=g),
        }

    def parity_on_tpr(y, p, g):
        out = gaps_by_hand(y, p, g)
        return {**out, "parite_demographique": out["egalite_chances"]}

    def eo_fpr_only(y, p, g):
        df = pd.DataFrame({"y": y, "p": p, "g": g})
        fpr = df[df["y"] == 0].groupby("g")["p"].mean()
        return {**gaps_by_hand(y, p, g), "cotes_egalisees": fpr.max() - fpr.min()}

    def signed(y, p, g):
        df = pd.DataFrame({"y": y, "p": p, "g": g})
        sel = df.groupby("g")["p"].mean()
        return {**gaps_by_hand(y, p, g), "parite_demographique": sel.iloc[0] - sel.iloc[1]}

    assert_incorrect(q, ratio, key="m04.q7.ratio")
    assert_incorrect(q, parity_on_tpr, key="m04.q7.sel_is_tpr")
    assert_incorrect(q, eo_fpr_only, key="m04.q7.eo_small")
    assert_incorrect(q, signed, key="m04.q7.negative")


def test_q8_criteria():
    q = m04.q8_criteria
    assert_correct(q, ["egalite_chances"])
    assert_correct(q, {"egalite_chances"})
    assert_correct(q, [])  # the visible check is diagnostic: the hidden test decides
    assert_not_attempted(q, None)
    assert_incorrect(q, "egalite_chances", key="m04.q8.type")
    assert_incorrect(q, ["equal_opportunity"], key="m04.q8.unknown")
    assert_incorrect(q, ["cotes_egalisees"], key="m04.q8.eo_implies")


# --------------------------------------------------------------------------- Q9, Q10


def hand_thresholds(audit, target=0.6):
    th = fairness.thresholds_for_sensitivity(
        audit["readmission_30j"], audit["score"], audit["site"], target
    )
    return fairness.predict_by_group(audit["score"], audit["site"], th)


def threshold_optimizer(model, audit):
    features = audit[list(fairness.READMISSION_FEATURES)]
    to = ThresholdOptimizer(
        estimator=model,
        constraints="true_positive_rate_parity",
        objective="balanced_accuracy_score",
        prefit=True,
        predict_method="predict_proba",
    )
    to.fit(features, audit["readmission_30j"], sensitive_features=audit["site"])
    return to.predict(features, sensitive_features=audit["site"], random_state=0)


def test_q9_right_answers(data):
    model, audit, _ = data
    q = m04.q9_equalised_thresholds
    assert_correct(q, hand_thresholds(audit), audit)
    assert_correct(q, hand_thresholds(audit, 0.45).astype(bool), audit)
    assert_correct(q, pd.Series(threshold_optimizer(model, audit)), audit)


def test_q9_wrong_answers(data):
    _, audit, _ = data
    q = m04.q9_equalised_thresholds
    assert_not_attempted(q, None, audit)
    assert_incorrect(q, audit["alerte"], audit, key="m04.q9.gap")  # the current rule
    assert_incorrect(q, np.ones(len(audit), dtype=int), audit, key="m04.q9.too_many")
    assert_incorrect(q, np.zeros(len(audit), dtype=int), audit, key="m04.q9.lower")
    assert_incorrect(q, hand_thresholds(audit, 0.2), audit, key="m04.q9.lower")
    assert_incorrect(q, hand_thresholds(audit)[:100], audit, key="m04.q9.shape")
    assert_incorrect(q, audit["score"], audit, key="m04.q9.not_01")


def test_q10_price(data):
    _, audit, _ = data
    q = m04.q10_price
    after = hand_thresholds(audit)
    y = audit["readmission_30j"].to_numpy() == 1
    before_sens = audit["alerte"].to_numpy()[y].mean()
    after_sens = after[y].mean()
    extra = int(after.sum() - audit["alerte"].sum())
    assert extra > 0 and after_sens > before_sens
    assert_correct(q, before_sens, after_sens, extra, after, audit)
    assert_correct(q, float(before_sens), float(after_sens), float(extra), list(after), audit)
    assert_not_attempted(q, None, None, None, after, audit)
    assert_incorrect(q, 100 * before_sens, after_sens, extra, after, audit, key="m04.q10.percent")
    assert_incorrect(q, before_sens, after_sens, -extra, after, audit, key="m04.q10.sign")
    assert_incorrect(
        q, before_sens, after[y == 0].mean(), extra, after, audit, key="m04.q10.inconsistent"
    )


# --------------------------------------------------------------------------- lesson


def test_lesson_exercises(data):
    _, audit, patients = data
    assert_correct(m04.l1_cost_share, share_nlargest(patients, "depenses_annee_suivante"), patients)
    assert_incorrect(
        m04.l1_cost_share,
        share_nlargest(patients, "nb_maladies_chroniques"),
        patients,
        key="m04.l1.wrong",
    )
    low_end = patients.nsmallest(350, "depenses_annee_suivante")["c2s"].mean()
    assert_incorrect(m04.l1_cost_share, low_end, patients, key="m04.q4.wrong_end")
    b = audit[audit["site"] == "B"]
    assert_correct(
        m04.l2_site_sensitivity, b.loc[b["readmission_30j"] == 1, "alerte"].mean(), audit
    )
    assert_incorrect(
        m04.l2_site_sensitivity, b["alerte"].mean(), audit, key="m04.selection_is_sensitivity"
    )
    assert m04.l1_cost_share.solution_text and m04.q1_group_rates.solution_text is None


# --------------------------------------------------------------------------- fairness.py


def test_top_share_bounds_cover_every_tie_break():
    scores = np.array([5, 4, 4, 4, 1, 0, 0, 0, 0, 0], dtype=float)
    member = np.array([0, 1, 0, 0, 1, 1, 1, 1, 1, 1], dtype=bool)
    low, high = fairness.top_share_bounds(scores, member, 0.2)
    assert (low, high) == (0.0, 0.5)
    for seed in range(20):
        assert low <= fairness.top_share(scores, member, 0.2, seed=seed) <= high


def test_proportion_ci_matches_wilson_textbook_values():
    # Wilson score interval: z = 1.96, centre (p + z²/2n) / (1 + z²/n); 0/10 and 5/10
    assert fairness.proportion_ci(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert fairness.proportion_ci(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    assert all(math.isnan(v) for v in fairness.proportion_ci(0, 0))


def test_documented_effects_hold_on_other_seeds():
    """The lesson's claims hold on cohort variants, not only on the committed seed (also
    measured on seeds 1-20: C2S share by cost 4-9 %, by need 18-29 %; site B's sensitivity
    below and false-positive rate above site A's on all 20)."""
    for seed in (m04.HIDDEN_TESTS_SEED, 11):
        tables = m04.cohort_variant(seed)
        patients = fairness.patient_table(tables)
        cost = fairness.top_share(patients["depenses_annee_suivante"], patients["c2s"])
        need = fairness.top_share(patients["nb_maladies_chroniques"], patients["c2s"])
        assert need - cost > 0.08, (seed, cost, need)
        _, _, audit = fairness.readmission_audit(tables)
        table = fairness.audit_with_ci(audit["readmission_30j"], audit["alerte"], audit["site"])
        assert table.loc["B", "prevalence"] > table.loc["A", "prevalence"]
        assert table.loc["B", "taux_faux_positifs"] > table.loc["A", "taux_faux_positifs"]
        assert table.loc["B", "sensibilite"] < table.loc["A", "sensibilite"]
        # Q9 stays feasible: 60 % sensitivity in each site with at most one alert in two
        # (measured on seeds 1-20: 34 % to 46 % of stays alerted)
        th = fairness.thresholds_for_sensitivity(
            audit["readmission_30j"], audit["score"], audit["site"], 0.6
        )
        assert fairness.predict_by_group(audit["score"], audit["site"], th).mean() <= 0.5
