"""Explorers: their plain functions checked numerically, the widgets built and updated headless."""

from __future__ import annotations

import builtins
import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import confusion_matrix, precision_score, recall_score

from iasante.widgets import (
    calibration_by_group,
    clinical_metrics,
    confusion_at_threshold,
    natural_frequencies,
    ppv_npv_from_prevalence,
    prevalence_explorer,
    subgroup_explorer,
    subgroup_table,
    threshold_explorer,
)


@pytest.fixture(scope="module")
def cohort():
    rng = np.random.default_rng(42)
    n = 400
    y = rng.binomial(1, 0.3, n)
    score = np.clip(0.25 + 0.35 * y + rng.normal(0, 0.2, n), 0, 1)
    sexe = rng.choice(["F", "M"], n)
    site = rng.choice(["A", "B", "C"], n)
    return pd.DataFrame({"y": y, "score": score, "sexe": sexe, "site": site})


# ------------------------------------------------------------------ plain functions
@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.71, 1.0, 1.5])
def test_confusion_counts_equal_sklearn(cohort, threshold):
    got = confusion_at_threshold(cohort["y"], cohort["score"], threshold)
    tn, fp, fn, tp = confusion_matrix(
        cohort["y"], (cohort["score"] >= threshold).astype(int), labels=[0, 1]
    ).ravel()
    assert got == {"tn": tn, "fp": fp, "fn": fn, "tp": tp}


def test_confusion_accepts_booleans_and_rejects_other_labels():
    assert confusion_at_threshold([True, False], [0.9, 0.1], 0.5) == {
        "tn": 1,
        "fp": 0,
        "fn": 0,
        "tp": 1,
    }
    with pytest.raises(ValueError):
        confusion_at_threshold([0, 2], [0.1, 0.2], 0.5)


def test_clinical_metrics_definitions(cohort):
    counts = confusion_at_threshold(cohort["y"], cohort["score"], 0.5)
    got = clinical_metrics(**counts)
    pred = (cohort["score"] >= 0.5).astype(int)
    assert got["sensibilite"] == pytest.approx(recall_score(cohort["y"], pred))
    assert got["vpp"] == pytest.approx(precision_score(cohort["y"], pred))
    assert got["specificite"] == pytest.approx(recall_score(1 - cohort["y"], 1 - pred))
    assert got["vpn"] == pytest.approx(precision_score(1 - cohort["y"], 1 - pred))
    assert clinical_metrics(tn=50, fp=10, fn=5, tp=35) == pytest.approx(
        {
            "sensibilite": 35 / 40,
            "specificite": 50 / 60,
            "vpp": 35 / 45,
            "vpn": 50 / 55,
            "exactitude": 85 / 100,
            "prevalence": 40 / 100,
            "taux_faux_positifs": 10 / 60,
        }
    )


def test_clinical_metrics_nan_safe(recwarn):
    got = clinical_metrics(tn=10, fp=0, fn=0, tp=0)  # no patient ill, nobody flagged
    assert math.isnan(got["sensibilite"]) and math.isnan(got["vpp"])
    assert got["specificite"] == 1.0 and got["vpn"] == 1.0
    assert all(math.isnan(v) for v in clinical_metrics(0, 0, 0, 0).values())
    assert len(recwarn) == 0


def test_bayes_ppv_equals_counts_on_simulated_population():
    rng = np.random.default_rng(7)
    sens, spec, prev, n = 0.85, 0.92, 0.04, 400_000
    ill = rng.random(n) < prev
    positive = np.where(ill, rng.random(n) < sens, rng.random(n) >= spec)
    tp, fp = np.sum(ill & positive), np.sum(~ill & positive)
    tn, fn = np.sum(~ill & ~positive), np.sum(ill & ~positive)
    ppv, npv = ppv_npv_from_prevalence(sens, spec, prev)
    assert ppv == pytest.approx(tp / (tp + fp), abs=0.01)
    assert npv == pytest.approx(tn / (tn + fn), abs=0.001)
    # and exactly equal to the counts of an exact population
    ppv2, _ = ppv_npv_from_prevalence(0.9, 0.9, 0.01)
    assert ppv2 == pytest.approx(9 / (9 + 99))


def test_ppv_vectorised_and_monotone():
    prev = np.linspace(0.001, 0.5, 50)
    ppv, npv = ppv_npv_from_prevalence(0.9, 0.9, prev)
    assert ppv.shape == (50,) and np.all(np.diff(ppv) > 0) and np.all(np.diff(npv) < 0)
    assert ppv_npv_from_prevalence(0.9, 0.9, 0.5) == pytest.approx((0.9, 0.9))
    with pytest.raises(ValueError):
        ppv_npv_from_prevalence(1.2, 0.9, 0.1)


@pytest.mark.parametrize(
    ("sens", "spec", "prev"), [(0.9, 0.9, 0.01), (0.8, 0.95, 0.123), (0.99, 0.5, 0.5)]
)
def test_natural_frequencies_add_up(sens, spec, prev):
    f = natural_frequencies(sens, spec, prev, n=1000)
    assert f["vp"] + f["fn"] + f["fp"] + f["vn"] == 1000
    assert f["malades"] == f["vp"] + f["fn"] and f["positifs"] == f["vp"] + f["fp"]
    ppv, _ = ppv_npv_from_prevalence(sens, spec, prev)
    assert f["vp"] / f["positifs"] == pytest.approx(ppv, abs=0.02)
    assert natural_frequencies(0.9, 0.9, 0.01) == {
        "n": 1000,
        "malades": 10,
        "non_malades": 990,
        "vp": 9,
        "fn": 1,
        "fp": 99,
        "vn": 891,
        "positifs": 108,
        "negatifs": 892,
    }


def test_subgroup_table_matches_direct_computation(cohort):
    pred = cohort["score"] >= 0.5
    table = subgroup_table(cohort["y"], pred, cohort["score"], cohort["sexe"])
    assert list(table.index) == ["F", "M", "Ensemble"]
    for g in ("F", "M"):
        part = cohort[cohort["sexe"] == g]
        c = confusion_at_threshold(part["y"], part["score"], 0.5)
        expected = clinical_metrics(**c)
        row = table.loc[g]
        assert row["effectif"] == len(part)
        assert row["sensibilite"] == pytest.approx(expected["sensibilite"])
        assert row["taux_faux_positifs"] == pytest.approx(expected["taux_faux_positifs"])
        assert row["risque_predit"] == pytest.approx(part["score"].mean())
        assert row["taux_observe"] == pytest.approx(part["y"].mean())
    assert table.loc["Ensemble", "effectif"] == len(cohort)
    both = subgroup_table(cohort["y"], pred, None, cohort[["sexe", "site"]])
    assert len(both) == 7 and "risque_predit" not in both.columns


def test_subgroup_table_group_without_positives_is_nan():
    table = subgroup_table([0, 0, 1, 1], [0, 1, 1, 0], None, ["a", "a", "b", "b"])
    assert math.isnan(table.loc["a", "sensibilite"]) and table.loc["b", "sensibilite"] == 0.5


def test_calibration_by_group(cohort):
    cal = calibration_by_group(cohort["y"], cohort["score"], cohort["sexe"], n_bins=4)
    assert set(cal["groupe"]) == {"F", "M"}
    assert cal.groupby("groupe")["effectif"].sum().sum() == len(cohort)


# ------------------------------------------------------------------ widgets, headless
def test_threshold_explorer_updates(cohort):
    w = threshold_explorer(cohort["y"], cohort["score"], interactive=True)
    image, summary = w.image.value, w.summary.value
    assert image[:4] == b"\x89PNG" and "patients manqués" in summary
    assert "<em>recall</em>" in summary and "<em>precision</em>" in summary
    w.slider.value = 0.8
    assert w.image.value != image and w.summary.value != summary
    expected = confusion_at_threshold(cohort["y"], cohort["score"], 0.8)
    assert {k: w.state[k] for k in expected} == expected
    assert f"{expected['fn']} sont des patients manqués" in w.summary.value


def test_prevalence_explorer_updates():
    w = prevalence_explorer(0.9, 0.9, interactive=True)
    image = w.image.value
    w.prevalence_slider.value = 0.2
    assert w.image.value != image
    assert w.state["vpp"] == pytest.approx(
        ppv_npv_from_prevalence(0.9, 0.9, w.state["prevalence"])[0]
    )
    assert "Sur 1\u202f000 personnes testées" in w.summary.value
    w.sens_slider.value = 0.6
    assert w.state["sens"] == 0.6


def test_subgroup_explorer_updates(cohort):
    w = subgroup_explorer(cohort, "y", "score", ["sexe", "site"], interactive=True)
    assert list(w.state["table"].index) == ["F", "M", "Ensemble"]
    image = w.image.value
    w.dropdown.value = "site"
    assert list(w.state["table"].index) == ["A", "B", "C", "Ensemble"]
    assert w.image.value != image and "Sensibilité" in w.summary.value
    w.slider.value = 0.3
    assert w.state["threshold"] == 0.3
    with pytest.raises(KeyError):
        subgroup_explorer(cohort, "y", "score", "absent", interactive=True)


def test_static_fallback_outside_a_kernel(cohort, capsys):
    assert threshold_explorer(cohort["y"], cohort["score"]) is None
    out = capsys.readouterr().out
    assert "Affichage statique" in out and "patients manqués" in out
    assert prevalence_explorer() is None
    assert "fausse alerte" in capsys.readouterr().out
    assert subgroup_explorer(cohort, "y", "score", "sexe", interactive=False) is None
    assert "F | 2" in capsys.readouterr().out  # a text table row


def test_static_fallback_when_ipywidgets_missing(cohort, monkeypatch, capsys):
    real_import = builtins.__import__

    def no_ipywidgets(name, *args, **kwargs):
        if name.startswith("ipywidgets"):
            raise ImportError("no ipywidgets")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ipywidgets)
    assert threshold_explorer(cohort["y"], cohort["score"], interactive=True) is None
    assert "Affichage statique" in capsys.readouterr().out


def test_static_in_graded_run(cohort, monkeypatch, capsys):
    from iasante.widgets._base import use_widgets

    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert use_widgets(None) is False
    monkeypatch.delenv("NBGRADER_EXECUTION")
    monkeypatch.setenv("IASANTE_STATIC_WIDGETS", "1")
    assert use_widgets(None) is False
    assert use_widgets(True) is True


def test_subgroup_explorer_bins_a_continuous_variable(cohort):
    data = cohort.assign(age=np.random.default_rng(1).integers(18, 95, len(cohort)))
    w = subgroup_explorer(data, "y", "score", ["age"], interactive=True)
    labels = list(w.state["table"].index)
    assert len(labels) == 5 and labels[-1] == "Ensemble" and "–" in labels[0]
    assert w.state["table"]["effectif"].iloc[:-1].sum() == len(data)


def test_static_fallback_when_widget_creation_fails(cohort, monkeypatch, capsys):
    import ipywidgets

    def broken(*args, **kwargs):
        raise RuntimeError("no comm")

    monkeypatch.setattr(ipywidgets, "FloatSlider", broken)
    assert threshold_explorer(cohort["y"], cohort["score"], interactive=True) is None
    assert "Affichage statique" in capsys.readouterr().out


def test_a_live_explorer_carries_its_static_image_for_exports_and_headless_runs():
    """Where no widget can be shown (HTML export of an executed notebook, headless run),
    the image and summary appear instead, as the lessons promise."""
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    from iasante.widgets import threshold_explorer

    y = np.array([0, 0, 1, 1, 0, 1])
    scores = np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.9])
    box = threshold_explorer(y, scores, interactive=True)
    data = box._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data  # JupyterLab: the live widget
    assert "data:image/png;base64,iVBOR" in data["text/html"]
    assert "Image fixe" in data["text/html"]
    # nbconvert's HTML export, without saved widget state, picks the fallback
    pick = WidgetsDataTypeFilter(notebook_metadata={})
    pick.display_data_priority = [
        "application/vnd.jupyter.widget-view+json",
        "text/html",
        "image/png",
        "text/plain",
    ]
    assert pick(data) == ["text/html"]
