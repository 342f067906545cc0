"""iasante.drift (monitoring functions) and the monitoring explorer built on them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from iasante.drift import calibration_curve_table, observed_expected, period_performance
from iasante.widgets import monitoring_explorer
from iasante.widgets.drift import ALL_SITES, monitoring_state, render_monitoring


def test_observed_expected_by_hand():
    assert observed_expected([1, 0, 0, 0], [0.5, 0.5, 0.5, 0.5]) == pytest.approx(0.5)
    assert observed_expected([1, 1], [0.25, 0.25]) == pytest.approx(4.0)
    assert np.isnan(observed_expected([0, 0], [0.0, 0.0]))
    with pytest.raises(ValueError):
        observed_expected([1, 0], [0.5])


def test_period_performance_by_hand():
    y = [0, 0, 1, 1, 0, 0, 0, 1]
    p = [0.1, 0.3, 0.2, 0.6, 0.1, 0.4, 0.3, 0.2]
    period = ["2024"] * 4 + ["2023"] * 4
    t = period_performance(y, p, period, threshold=0.2)
    assert list(t.index) == ["2023", "2024"]
    assert t.loc["2024", "effectif"] == 4 and t.loc["2024", "evenements"] == 2
    assert t.loc["2024", "ratio_oe"] == pytest.approx(0.5 / 0.3)
    assert t.loc["2024", "auc"] == pytest.approx(0.75)
    assert t.loc["2023", "auc"] == pytest.approx(1 / 3)
    # the threshold is inclusive: 0.2 raises an alert
    assert t.loc["2023", "taux_alerte"] == pytest.approx(0.75)
    assert t.loc["2024", "brier"] == pytest.approx(np.mean((np.array(p[:4]) - y[:4]) ** 2))


def test_period_performance_single_class_period_has_nan_auc():
    t = period_performance([0, 0, 1, 0], [0.1, 0.2, 0.3, 0.4], ["a", "a", "b", "b"])
    assert np.isnan(t.loc["a", "auc"]) and t.loc["a", "ratio_oe"] == 0.0


def test_calibration_curve_table_bins():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.01, 0.6, 2000)
    y = (rng.random(2000) < p).astype(int)
    c = calibration_curve_table(y, p, n_bins=5)
    assert len(c) == 5 and c["effectif"].sum() == 2000
    assert np.all(np.diff(c["risque_predit"]) > 0)
    assert np.allclose(c["risque_predit"], c["taux_observe"], atol=0.06)  # calibrated by design


@pytest.fixture(scope="module")
def deployed():
    """Synthetic deployment: calibrated in 2022–2023, over-predicting in 2024 at site A."""
    rng = np.random.default_rng(3)
    n = 3000
    df = pd.DataFrame(
        {
            "periode": rng.choice(["2022", "2023", "2024"], n),
            "site": rng.choice(["A", "B"], n),
            "p": rng.uniform(0.02, 0.5, n),
        }
    )
    true = np.where((df["periode"] == "2024") & (df["site"] == "A"), df["p"] * 0.6, df["p"])
    df["y"] = (rng.random(n) < true).astype(int)
    return df


def test_monitoring_state_shows_the_2024_overprediction(deployed):
    s = monitoring_state(deployed, "y", "p", "periode", "2024", "site", "A")
    assert s["reference"] == "2022" and s["period"] == "2024"
    assert s["row"]["ratio_oe"] < 0.8 < s["table"].loc["2022", "ratio_oe"]
    sub = deployed[(deployed["site"] == "A") & (deployed["periode"] == "2024")]
    assert s["row"]["auc"] == pytest.approx(roc_auc_score(sub["y"], sub["p"]))
    whole = monitoring_state(deployed, "y", "p", "periode", "2024", "site", ALL_SITES)
    assert whole["row"]["effectif"] == (deployed["periode"] == "2024").sum()
    with pytest.raises(KeyError):
        monitoring_state(deployed, "y", "p", "periode", "2030", "site", "A")


def test_render_monitoring_figure_and_summary(deployed):
    fig, markup, state = render_monitoring(deployed, "y", "p", "periode", "2023", "site", "B")
    axes = fig.axes
    assert len(axes) == 3 and all(ax.get_xlabel() and ax.get_ylabel() for ax in axes)
    assert fig._suptitle is not None and "B" in fig._suptitle.get_text()
    assert "Période 2023" in markup and "observé / attendu" in markup
    assert state["site"] == "B"


def test_monitoring_explorer_updates(deployed):
    w = monitoring_explorer(deployed, "y", "p", "periode", "site", interactive=True)
    assert w.state["period"] == "2024" and w.state["site"] == ALL_SITES
    image = w.image.value
    w.site_box.value = "A"
    assert w.state["site"] == "A" and w.image.value != image
    w.period_box.value = "2022"
    assert w.state["period"] == "2022" and "Période 2022" in w.summary.value
    with pytest.raises(KeyError):
        monitoring_explorer(deployed, "y", "p", "absent", interactive=True)


def test_monitoring_explorer_static_fallback(deployed, capsys):
    assert monitoring_explorer(deployed, "y", "p", "periode", "site", interactive=False) is None
    out = capsys.readouterr().out
    assert "Affichage statique" in out and "Période 2024" in out
