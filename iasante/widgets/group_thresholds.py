"""Explorer: one decision threshold per group, and what it does to each group and in total.

A thin layer over :func:`iasante.fairness.group_threshold_table` (tested without a
browser). Static figure where widgets cannot render (see ``_base.launch``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from iasante.fairness import group_threshold_table
from iasante.messages import msg
from iasante.plotstyle import HATCHES, PALETTE, french_number, percent_axis

from ._base import build_widget, launch, new_figure, pct, plain, to_html

MAX_GROUPS = 6


def render_group_thresholds(
    df: pd.DataFrame,
    y_true_col: str,
    score_col: str,
    group_col: str,
    thresholds: dict[Any, float],
) -> tuple[Any, str, dict[str, Any]]:
    """Sensibilité, false-positive rate and alert share per group, plus the totals."""
    data = df.dropna(subset=[y_true_col, score_col, group_col])
    table = group_threshold_table(
        data[y_true_col], data[score_col], data[group_col].astype(str), thresholds
    )
    per_group, overall = table.iloc[:-1], table.iloc[-1]
    labels = [str(v) for v in per_group.index]
    xpos = np.arange(len(labels))
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(labels))]
    hatches = [HATCHES[i % len(HATCHES)] for i in range(len(labels))]

    fig = new_figure(12, 4.0, left=0.06, bottom=0.12, wspace=0.3)
    for ax, col, title in zip(
        fig.subplots(1, 3),
        ("sensibilite", "taux_faux_positifs", "taux_selection"),
        ("sens_title", "fpr_title", "alerts_title"),
        strict=True,
    ):
        values = per_group[col].to_numpy(dtype=float)
        bars = ax.bar(xpos, np.nan_to_num(values), color=colors, hatch=hatches, edgecolor="black")
        ax.axhline(overall[col], color="#333333", linestyle=":", label=msg("widgets.col.overall"))
        for bar, v in zip(bars, values, strict=True):
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                (0 if v != v else v) + 0.02,
                pct(v),
                ha="center",
                va="bottom",
                fontsize=9,
            )
        ax.set(
            xticks=xpos,
            ylim=(0, 1.1),
            title=plain(msg(f"widgets.group_thresholds.{title}")),
            ylabel=msg("widgets.group_thresholds.rate_axis"),
        )
        ax.set_xticklabels(labels)
        percent_axis(ax, "y")
        ax.legend(loc="upper right", fontsize=9)

    def gap(col: str) -> str:
        values = per_group[col].dropna()
        if not len(values):
            return msg("widgets.undefined")
        return msg(
            "widgets.group_thresholds.points",
            n=french_number(100 * (values.max() - values.min()), 0),
        )

    summary = msg(
        "widgets.group_thresholds.summary",
        alerts=french_number(overall["alertes"], 0),
        n=french_number(overall["effectif"], 0),
        selection=pct(overall["taux_selection"]),
        sens=pct(overall["sensibilite"]),
        ppv=pct(overall["vpp"]),
        gap_sens=gap("sensibilite"),
        gap_fpr=gap("taux_faux_positifs"),
        gap_sel=gap("taux_selection"),
    )
    markup = (
        '<div class="iasante-explorer">'
        f"<p>{to_html(msg('widgets.group_thresholds.intro'))}</p>"
        f"<p>{to_html(summary)}</p></div>"
    )
    return fig, markup, {"table": table, "thresholds": dict(thresholds)}


def group_threshold_explorer(
    df: pd.DataFrame,
    y_true_col: str,
    score_col: str,
    group_col: str,
    thresholds: dict[Any, float] | float = 0.5,
    *,
    interactive: bool | None = None,
) -> Any:
    """One slider per group (at most six): move each group's threshold and watch the
    per-group sensitivity and false alerts, the total number of alerts and the gaps."""
    missing = [c for c in (y_true_col, score_col, group_col) if c not in df.columns]
    if missing:
        raise KeyError(f"columns not in df: {missing}")
    labels = sorted(df[group_col].dropna().astype(str).unique())
    if len(labels) > MAX_GROUPS:
        raise ValueError(f"at most {MAX_GROUPS} groups, got {len(labels)}")
    if isinstance(thresholds, (int, float)):
        start = {label: float(thresholds) for label in labels}
    else:
        start = {str(k): float(v) for k, v in thresholds.items()}

    def build() -> Any:
        import ipywidgets as widgets

        sliders = {
            label: widgets.FloatSlider(
                value=start[label],
                min=0.0,
                max=1.0,
                step=0.01,
                readout_format=".2f",
                description=msg("widgets.group_thresholds.slider", group=label),
                style={"description_width": "initial"},
                continuous_update=False,
            )
            for label in labels
        }
        box = build_widget(
            list(sliders.values()),
            lambda: render_group_thresholds(
                df,
                y_true_col,
                score_col,
                group_col,
                {k: s.value for k, s in sliders.items()},
            ),
        )
        box.sliders = sliders
        return box

    return launch(
        interactive,
        build,
        lambda: render_group_thresholds(df, y_true_col, score_col, group_col, start),
    )
