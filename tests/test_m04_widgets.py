"""Module 04's explorer (one threshold per group) and the pure function behind it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iasante import fairness
from iasante.widgets import group_threshold_explorer


@pytest.fixture
def toy():
    rng = np.random.default_rng(0)
    n = 400
    g = np.where(rng.random(n) < 0.4, "B", "A")
    y = (rng.random(n) < np.where(g == "B", 0.3, 0.15)).astype(int)
    score = np.clip(0.2 * y + rng.random(n) * 0.8, 0, 1)
    return pd.DataFrame({"site": g, "y": y, "score": score})


def test_group_threshold_table_counts(toy):
    table = fairness.group_threshold_table(
        toy["y"], toy["score"], toy["site"], {"A": 0.5, "B": 0.3}
    )
    assert list(table.index) == ["A", "B", "Ensemble"]
    a = toy[toy["site"] == "A"]
    alerts_a = a["score"] >= 0.5
    assert table.loc["A", "alertes"] == alerts_a.sum()
    assert table.loc["A", "sensibilite"] == pytest.approx(alerts_a[a["y"] == 1].mean())
    assert table.loc["Ensemble", "alertes"] == table.loc[["A", "B"], "alertes"].sum()
    assert table.loc["Ensemble", "effectif"] == len(toy)
    # the same thresholds for every group give the single-threshold audit
    same = fairness.group_threshold_table(toy["y"], toy["score"], toy["site"], {"A": 0.4, "B": 0.4})
    audit = fairness.audit_with_ci(toy["y"], (toy["score"] >= 0.4).astype(int), toy["site"])
    assert same["sensibilite"].to_numpy() == pytest.approx(audit["sensibilite"].to_numpy())


def test_thresholds_for_sensitivity_reach_the_target_in_each_group(toy):
    th = fairness.thresholds_for_sensitivity(toy["y"], toy["score"], toy["site"], 0.7)
    table = fairness.group_threshold_table(toy["y"], toy["score"], toy["site"], th)
    assert (table.loc[["A", "B"], "sensibilite"] >= 0.7).all()
    # the highest such threshold: one step up, the target is missed
    for site, t in th.items():
        sub = toy[(toy["site"] == site) & (toy["y"] == 1)]
        assert (sub["score"] > t).mean() < 0.7


def test_explorer_updates_and_static_fallback(toy, capsys):
    w = group_threshold_explorer(toy, "y", "score", "site", 0.5, interactive=True)
    image = w.image.value
    w.sliders["B"].value = 0.2
    assert w.state["thresholds"] == {"A": 0.5, "B": 0.2}
    assert (
        w.image.value != image
        and "alertes sur 400" in w.summary.value
        and "points" in w.summary.value
    )
    assert group_threshold_explorer(toy, "y", "score", "site", {"A": 0.4, "B": 0.3}) is None
    assert "Écarts entre groupes" in capsys.readouterr().out
    with pytest.raises(KeyError):
        group_threshold_explorer(toy, "y", "score", "absent")
