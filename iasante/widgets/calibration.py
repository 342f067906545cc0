"""Calibration explorer: move a model's predicted risks on the logit scale and watch the
reliability diagram, the Brier score, the calibration intercept and slope — and the AUC,
which does not move. A thin layer over :mod:`iasante.evaluation`; never graded.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

import numpy as np

from iasante import evaluation as ev
from iasante.messages import msg
from iasante.plotstyle import OKABE_ITO, course_style, percent_axis

from ._base import build_widget, html_list, launch, new_figure, num, pct

__all__ = ["calibration_explorer", "calibration_state", "render_calibration"]


def calibration_state(
    y_true: Any, risks: Any, shift: float = 0.0, slope: float = 1.0, n_bins: int = 10
) -> dict[str, Any]:
    """Numbers the explorer shows for risks moved by ``shift`` and ``slope`` (logit scale).

    Keys: ``risques`` (the moved risks), ``courbe`` (reliability points), and the
    :func:`iasante.evaluation.validation_summary` keys (``auc``, ``brier``,
    ``intercept_calibration``, ``pente_calibration``, ``taux_observe``,
    ``risque_moyen_predit``, ``n``), plus ``shift`` and ``slope``.
    """
    y = ev.as_binary(y_true)
    moved = ev.distort_risks(risks, shift=shift, slope=slope)
    summary = ev.validation_summary(y, moved)
    return {
        **summary,
        "risques": moved,
        "courbe": ev.reliability_curve(y, moved, n_bins=n_bins),
        "shift": float(shift),
        "slope": float(slope),
    }


def _styled(render):
    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        with course_style(), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return render(*args, **kwargs)

    return wrapper


@_styled
def render_calibration(
    y_true: Any, risks: Any, shift: float = 0.0, slope: float = 1.0
) -> tuple[Any, str, dict[str, Any]]:
    """Reliability diagram (left) and distribution of the risks (right), with a summary."""
    state = calibration_state(y_true, risks, shift, slope)
    curve = state["courbe"]
    fig = new_figure(10.5, 4.4, left=0.08, right=0.98, bottom=0.15, wspace=0.3)
    ax_rel, ax_hist = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.2, 1]})
    top = float(max(curve["risque_predit"].max(), curve["taux_observe"].max(), 0.1)) * 1.1
    top = min(top, 1.0)
    ax_rel.plot(
        [0, top], [0, top], linestyle=":", color="#777777", label=msg("widgets.calibration.perfect")
    )
    ax_rel.plot(
        curve["risque_predit"],
        curve["taux_observe"],
        marker="o",
        linestyle="-",
        color=OKABE_ITO["bleu"],
        label=msg("widgets.calibration.model"),
    )
    ax_rel.set(
        xlim=(0, top),
        ylim=(0, top),
        xlabel=msg("widgets.calibration.x"),
        ylabel=msg("widgets.calibration.y"),
        title=msg("widgets.calibration.title"),
    )
    percent_axis(ax_rel, "both")
    ax_rel.legend(loc="upper left")

    y = ev.as_binary(y_true)
    bins = np.linspace(0, 1, 41)
    moved = state["risques"]
    ax_hist.hist(
        moved[y == 0],
        bins=bins,
        color=OKABE_ITO["bleu"],
        alpha=0.6,
        label=msg("widgets.calibration.not_readmitted"),
    )
    ax_hist.hist(
        moved[y == 1],
        bins=bins,
        color=OKABE_ITO["vermillon"],
        alpha=0.8,
        hatch="//",
        label=msg("widgets.calibration.readmitted"),
    )
    ax_hist.set(
        xlim=(0, 1),
        xlabel=msg("widgets.calibration.hist_x"),
        ylabel=msg("widgets.calibration.hist_y"),
        title=msg("widgets.calibration.hist_title"),
    )
    percent_axis(ax_hist, "x")
    ax_hist.legend(loc="upper right")

    lines = [
        msg(
            "widgets.calibration.mean",
            predicted=pct(state["risque_moyen_predit"]),
            observed=pct(state["taux_observe"]),
        ),
        msg("widgets.calibration.brier", value=num(state["brier"], 3)),
        msg(
            "widgets.calibration.intercept_slope",
            intercept=num(state["intercept_calibration"]),
            slope=num(state["pente_calibration"]),
        ),
        msg("widgets.calibration.auc", value=num(state["auc"], 3)),
    ]
    markup = html_list(lines, msg("widgets.calibration.intro", shift=num(shift), slope=num(slope)))
    return fig, markup, state


def calibration_explorer(
    y_true: Any,
    risks: Any,
    *,
    shift: float = 0.0,
    slope: float = 1.0,
    interactive: bool | None = None,
) -> Any:
    """Two sliders move every predicted risk on the logit scale: ``shift`` (all risks up or
    down) and ``slope`` (spread apart or squeezed together). The reliability diagram, the
    Brier score and the calibration intercept and slope follow; the AUC does not change,
    because the order of the patients does not.

    ``y_true``: 0/1 (1 = event); ``risks``: predicted risks in [0, 1].
    """
    y = ev.as_binary(y_true)
    p = np.asarray(risks, dtype=float)

    def build() -> Any:
        import ipywidgets as widgets

        style = {"description_width": "initial"}
        s_shift = widgets.FloatSlider(
            value=shift,
            min=-2.0,
            max=2.0,
            step=0.1,
            readout_format=".1f",
            style=style,
            description=msg("widgets.calibration.shift"),
        )
        s_slope = widgets.FloatSlider(
            value=slope,
            min=0.2,
            max=3.0,
            step=0.1,
            readout_format=".1f",
            style=style,
            description=msg("widgets.calibration.slope"),
        )
        box = build_widget(
            [s_shift, s_slope], lambda: render_calibration(y, p, s_shift.value, s_slope.value)
        )
        box.shift, box.slope = s_shift, s_slope
        return box

    return launch(interactive, build, lambda: render_calibration(y, p, shift, slope))
