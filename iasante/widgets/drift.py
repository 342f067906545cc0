"""Monitoring explorer: pick a period and a site, watch AUC, calibration and alerts move.

A thin layer over :func:`iasante.drift.period_performance` and
:func:`iasante.drift.calibration_curve_table` (tested without a browser). Never graded.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

import numpy as np
import pandas as pd

from iasante.drift import calibration_curve_table, period_performance
from iasante.messages import msg
from iasante.plotstyle import MARKERS, PALETTE, course_style, french_axis, percent_axis

from ._base import build_widget, launch, new_figure, num, pct, to_html

__all__ = ["monitoring_explorer", "monitoring_state", "render_monitoring"]

ALL_SITES = "__all__"


def _styled(render):
    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        with course_style(), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return render(*args, **kwargs)

    return wrapper


def _subset(df: pd.DataFrame, site_col: str | None, site: str) -> pd.DataFrame:
    if site_col is None or site == ALL_SITES:
        return df
    return df[df[site_col].astype(str) == str(site)]


def monitoring_state(
    df: pd.DataFrame,
    y_col: str,
    score_col: str,
    period_col: str,
    period: Any,
    site_col: str | None = None,
    site: str = ALL_SITES,
    threshold: float = 0.2,
) -> dict[str, Any]:
    """The numbers the explorer shows: the per-period table of the chosen site, the chosen
    period's row, and the calibration curves of the first period and the chosen one."""
    data = _subset(df, site_col, site).dropna(subset=[y_col, score_col, period_col])
    periods = data[period_col].astype(str)
    table = period_performance(data[y_col], data[score_col], periods, threshold=threshold)
    reference = table.index[0]
    chosen = str(period)
    if chosen not in table.index:
        raise KeyError(f"period {period!r} not in the data for this site")

    def curve(key: str) -> pd.DataFrame:
        part = data[periods == key]
        return calibration_curve_table(part[y_col], part[score_col], n_bins=5)

    return {
        "table": table,
        "period": chosen,
        "reference": reference,
        "row": table.loc[chosen],
        "curve_reference": curve(reference),
        "curve_period": curve(chosen),
        "site": site,
        "threshold": float(threshold),
    }


@_styled
def render_monitoring(
    df: pd.DataFrame,
    y_col: str,
    score_col: str,
    period_col: str,
    period: Any,
    site_col: str | None = None,
    site: str = ALL_SITES,
    threshold: float = 0.2,
) -> tuple[Any, str, dict[str, Any]]:
    """Figure (AUC and O/E by period; calibration curves; alert and event rates) and summary."""
    state = monitoring_state(df, y_col, score_col, period_col, period, site_col, site, threshold)
    table, chosen = state["table"], state["period"]
    labels = list(table.index)
    x = np.arange(len(labels))
    at = labels.index(chosen)

    fig = new_figure(14, 4.6, left=0.06, bottom=0.2, wspace=0.32, top=0.84)
    ax_perf, ax_cal, ax_rate = fig.subplots(1, 3)
    site_label = (
        msg("widgets.drift.all_sites")
        if site == ALL_SITES
        else msg("widgets.drift.site_name", site=site)
    )
    fig.suptitle(msg("widgets.drift.suptitle", site=site_label), fontsize=13)

    ax_perf.plot(x, table["auc"], marker=MARKERS[0], color=PALETTE[0], label="AUC")
    ax_perf.plot(
        x,
        table["ratio_oe"],
        marker=MARKERS[1],
        color=PALETTE[1],
        linestyle="--",
        label=msg("widgets.drift.oe"),
    )
    ax_perf.axhline(1.0, color="#777777", linestyle=":", linewidth=1)
    ax_perf.axvspan(at - 0.4, at + 0.4, color="#dddddd", zorder=0)
    ax_perf.set(
        xticks=x,
        ylim=(0.4, 1.6),
        title=msg("widgets.drift.perf_title"),
        xlabel=msg("widgets.drift.period_axis"),
        ylabel=msg("widgets.drift.value_axis"),
    )
    ax_perf.set_xticklabels(labels, rotation=30, ha="right")
    french_axis(ax_perf, "y", 1)
    ax_perf.legend(loc="lower left", fontsize=9)

    for curve, key, i, style in (
        (state["curve_reference"], state["reference"], 0, "-"),
        (state["curve_period"], chosen, 1, "--"),
    ):
        ax_cal.plot(
            curve["risque_predit"],
            curve["taux_observe"],
            marker=MARKERS[i + 2],
            color=PALETTE[i + 2],
            linestyle=style,
            label=str(key),
        )
    top = float(
        np.nanmax(
            [
                0.5,
                *state["curve_reference"]["risque_predit"],
                *state["curve_period"]["risque_predit"],
                *state["curve_period"]["taux_observe"],
            ]
        )
    )
    top = min(1.0, top * 1.1)
    ax_cal.plot(
        [0, top], [0, top], color="#777777", linestyle=":", label=msg("widgets.subgroup.perfect")
    )
    ax_cal.set(
        xlim=(0, top),
        ylim=(0, top),
        title=msg("widgets.drift.calib_title"),
        xlabel=msg("widgets.subgroup.calib_x"),
        ylabel=msg("widgets.subgroup.calib_y"),
    )
    percent_axis(ax_cal, "both")
    ax_cal.legend(loc="upper left", fontsize=9)

    width = 0.38
    ax_rate.bar(
        x - width / 2,
        table["taux_alerte"],
        width,
        color=PALETTE[4],
        hatch="//",
        edgecolor="black",
        label=msg("widgets.drift.alert_rate"),
    )
    ax_rate.bar(
        x + width / 2,
        table["taux_observe"],
        width,
        color=PALETTE[5],
        edgecolor="black",
        label=msg("widgets.col.taux_observe"),
    )
    ax_rate.axvspan(at - 0.5, at + 0.5, color="#dddddd", zorder=0)
    ax_rate.set(
        xticks=x,
        title=msg("widgets.drift.rate_title", threshold=pct(threshold)),
        xlabel=msg("widgets.drift.period_axis"),
        ylabel=msg("widgets.subgroup.rate_axis"),
    )
    ax_rate.set_xticklabels(labels, rotation=30, ha="right")
    top_rate = float(np.nanmax([table["taux_alerte"].max(), table["taux_observe"].max()]))
    ax_rate.set_ylim(0, max(0.05, top_rate * 1.35))
    percent_axis(ax_rate, "y")
    ax_rate.legend(loc="upper left", fontsize=9, ncol=2)

    row = state["row"]
    markup = (
        '<div class="iasante-explorer"><p>'
        + to_html(
            msg(
                "widgets.drift.summary",
                period=chosen,
                site=site_label,
                n=num(row["effectif"], 0),
                auc=num(row["auc"]),
                oe=num(row["ratio_oe"]),
                observed=pct(row["taux_observe"]),
                predicted=pct(row["risque_moyen"]),
                alerts=pct(row["taux_alerte"]),
                reference=state["reference"],
            )
        )
        + "</p></div>"
    )
    return fig, markup, state


def monitoring_explorer(
    df: pd.DataFrame,
    y_col: str,
    score_col: str,
    period_col: str,
    site_col: str | None = None,
    threshold: float = 0.2,
    *,
    period: Any = None,
    interactive: bool | None = None,
) -> Any:
    """Pick a period (and a site): AUC, O/E ratio, calibration curve and alert rate of a
    deployed model, against its first period. Static figure where widgets cannot render."""
    missing = [c for c in (y_col, score_col, period_col, site_col) if c and c not in df.columns]
    if missing:
        raise KeyError(f"columns not in df: {missing}")
    periods = sorted(df[period_col].dropna().astype(str).unique())
    start = str(period) if period is not None else periods[-1]
    sites = [ALL_SITES] + (sorted(df[site_col].astype(str).unique()) if site_col else [])

    def build() -> Any:
        import ipywidgets as widgets

        style = {"description_width": "initial"}
        period_box = widgets.Dropdown(
            options=periods, value=start, description=msg("widgets.drift.period"), style=style
        )
        site_box = widgets.Dropdown(
            options=[(msg("widgets.drift.all_sites") if s == ALL_SITES else s, s) for s in sites],
            value=ALL_SITES,
            description=msg("widgets.drift.site"),
            style=style,
        )
        controls = [period_box, site_box] if site_col else [period_box]
        box = build_widget(
            controls,
            lambda: render_monitoring(
                df,
                y_col,
                score_col,
                period_col,
                period_box.value,
                site_col,
                site_box.value,
                threshold,
            ),
        )
        box.period_box, box.site_box = period_box, site_box
        return box

    return launch(
        interactive,
        build,
        lambda: render_monitoring(
            df, y_col, score_col, period_col, start, site_col, ALL_SITES, threshold
        ),
    )
