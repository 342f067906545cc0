"""The three explorers. Each is a thin layer over functions of :mod:`iasante.metrics`.

They return the widget (display it as the last line of a cell) or, where widgets cannot
render, draw a static figure for the initial values and return ``None``. Never graded.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from iasante import metrics as m
from iasante.messages import msg
from iasante.plotstyle import HATCHES, MARKERS, OKABE_ITO, PALETTE, course_style, percent_axis

from ._base import (
    build_widget,
    html_list,
    launch,
    new_figure,
    num,
    pct,
    plain,
    to_html,
)

__all__ = [
    "threshold_explorer",
    "prevalence_explorer",
    "subgroup_explorer",
    "render_threshold",
    "render_prevalence",
    "render_subgroups",
]


def _styled(render):
    """Run a render function inside the course style (rcParams apply when axes are made)."""

    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        with course_style(), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # a lesson shows figures, not library warnings
            return render(*args, **kwargs)

    return wrapper


_RIGHT = "#d7ecf5"  # light blue: right decisions
_WRONG = "#fbe3c8"  # light orange: errors (also named in words and hatched)


# =============================================================================================
# Decision threshold
# =============================================================================================


@_styled
def render_threshold(
    y_true: Any, scores: Any, threshold: float, roc: tuple[Any, Any, Any] | None = None
) -> tuple[Any, str, dict[str, Any]]:
    """Figure (confusion matrix + ROC point), HTML summary and numbers at ``threshold``."""
    state = m.metrics_at_threshold(y_true, scores, threshold)
    fpr, tpr, _ = roc if roc is not None else m.roc_points(y_true, scores)
    fig = new_figure(10, 4.2, left=0.12, wspace=0.35)
    ax_cm, ax_roc = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})

    cells = [  # (row, col, count key, label key, right decision?)
        (0, 0, "tp", "widgets.threshold.tp", True),
        (0, 1, "fn", "widgets.threshold.fn", False),
        (1, 0, "fp", "widgets.threshold.fp", False),
        (1, 1, "tn", "widgets.threshold.tn", True),
    ]
    from matplotlib.patches import Rectangle

    for row, col, key, label, right in cells:
        ax_cm.add_patch(
            Rectangle(
                (col, 1 - row),
                1,
                1,
                facecolor=_RIGHT if right else _WRONG,
                edgecolor="#333333",
                hatch="" if right else "//",
            )
        )
        ax_cm.text(
            col + 0.5,
            1 - row + 0.62,
            num(state[key], 0),
            ha="center",
            va="center",
            fontsize=20,
            fontweight="bold",
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )
        ax_cm.text(
            col + 0.5,
            1 - row + 0.25,
            msg(label),
            ha="center",
            va="center",
            fontsize=10,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )
    ax_cm.set(xlim=(0, 2), ylim=(0, 2), xticks=[0.5, 1.5], yticks=[1.5, 0.5])
    ax_cm.set_xticklabels([msg("widgets.predicted_pos"), msg("widgets.predicted_neg")])
    ax_cm.set_yticklabels([msg("widgets.sick"), msg("widgets.healthy")])
    ax_cm.set_xlabel(msg("widgets.prediction"))
    ax_cm.set_ylabel(msg("widgets.truth"))
    ax_cm.grid(False)
    ax_cm.set_title(msg("widgets.threshold.cm_title", threshold=num(threshold)))
    ax_cm.set_aspect("equal")

    ax_roc.plot(
        fpr, tpr, color=OKABE_ITO["bleu"], linestyle="-", label=msg("widgets.threshold.roc_model")
    )
    ax_roc.plot(
        [0, 1], [0, 1], color="#777777", linestyle=":", label=msg("widgets.threshold.roc_chance")
    )
    x, y = state["taux_faux_positifs"], state["sensibilite"]
    if x == x and y == y:
        ax_roc.plot(
            [x],
            [y],
            marker="o",
            markersize=11,
            linestyle="none",
            color=OKABE_ITO["vermillon"],
            markeredgecolor="black",
            label=msg("widgets.threshold.roc_point"),
        )
    ax_roc.set(
        xlim=(-0.02, 1.02),
        ylim=(-0.02, 1.02),
        xlabel=msg("widgets.threshold.roc_x"),
        ylabel=msg("widgets.threshold.roc_y"),
        title=msg("widgets.threshold.roc_title"),
    )
    percent_axis(ax_roc, "both")
    ax_roc.legend(loc="lower right")

    lines = [
        msg(
            "widgets.threshold.sens",
            value=pct(state["sensibilite"]),
            n_sick=state["tp"] + state["fn"],
            tp=state["tp"],
            fn=state["fn"],
        ),
        msg(
            "widgets.threshold.spec",
            value=pct(state["specificite"]),
            n_healthy=state["tn"] + state["fp"],
            tn=state["tn"],
            fp=state["fp"],
        ),
        msg(
            "widgets.threshold.ppv",
            value=pct(state["vpp"]),
            n_pos=state["tp"] + state["fp"],
            tp=state["tp"],
        ),
        msg(
            "widgets.threshold.npv",
            value=pct(state["vpn"]),
            n_neg=state["tn"] + state["fn"],
            tn=state["tn"],
        ),
    ]
    markup = html_list(lines, msg("widgets.threshold.intro", threshold=num(threshold)))
    return fig, markup, {**state, "threshold": float(threshold)}


def threshold_explorer(
    y_true: Any, scores: Any, *, threshold: float = 0.5, interactive: bool | None = None
) -> Any:
    """Slider on the decision threshold: confusion matrix, sensibilité, spécificité, VPP,
    VPN and the point on the ROC curve follow it.

    ``y_true``: 0/1 (1 = malade); ``scores``: predicted risk (higher = more likely ill).
    """
    y = np.asarray(y_true)
    s = np.asarray(scores, dtype=float)
    roc = m.roc_points(y, s)
    lo, hi = (0.0, 1.0) if s.min() >= 0 and s.max() <= 1 else (float(s.min()), float(s.max()))
    value = float(np.clip(threshold, lo, hi))

    def build() -> Any:
        import ipywidgets as widgets

        slider = widgets.FloatSlider(
            value=value,
            min=lo,
            max=hi,
            step=(hi - lo) / 100,
            description=msg("widgets.threshold"),
            readout_format=".2f",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        box = build_widget([slider], lambda: render_threshold(y, s, slider.value, roc))
        box.slider = slider
        return box

    return launch(interactive, build, lambda: render_threshold(y, s, value, roc))


# =============================================================================================
# Prevalence (Bayes) with natural frequencies
# =============================================================================================


@_styled
def render_prevalence(
    sens: float, spec: float, prevalence: float, n: int = 1000
) -> tuple[Any, str, dict[str, Any]]:
    """VPP/VPN curves against prevalence and an icon array « sur n personnes testées »."""
    ppv, npv = m.ppv_npv_from_prevalence(sens, spec, prevalence)
    freq = m.natural_frequencies(sens, spec, prevalence, n=n)
    fig = new_figure(11.5, 4.8, left=0.085, right=0.995, bottom=0.13, wspace=0.08)
    ax_curve, ax_icons = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.1]})

    grid = np.logspace(-3, np.log10(0.5), 200)
    ppv_grid, npv_grid = m.ppv_npv_from_prevalence(sens, spec, grid)
    ax_curve.plot(
        grid,
        ppv_grid,
        color=OKABE_ITO["vermillon"],
        linestyle="-",
        label=plain(msg("widgets.prevalence.ppv_label")),
    )
    ax_curve.plot(
        grid,
        npv_grid,
        color=OKABE_ITO["bleu"],
        linestyle="--",
        label=msg("widgets.prevalence.npv_label"),
    )
    ax_curve.axvline(
        prevalence, color="#555555", linestyle=":", label=msg("widgets.prevalence.current")
    )
    ax_curve.plot(
        [prevalence],
        [ppv],
        marker="o",
        color=OKABE_ITO["vermillon"],
        markeredgecolor="black",
        linestyle="none",
    )
    ax_curve.plot(
        [prevalence],
        [npv],
        marker="s",
        color=OKABE_ITO["bleu"],
        markeredgecolor="black",
        linestyle="none",
    )
    ax_curve.set_xscale("log")
    ax_curve.set(
        ylim=(-0.02, 1.02),
        xlabel=msg("widgets.prevalence.curve_x"),
        ylabel=msg("widgets.prevalence.curve_y"),
        title=msg("widgets.prevalence.curve_title"),
    )
    percent_axis(ax_curve, "y")
    from matplotlib.ticker import FuncFormatter, NullFormatter

    ax_curve.xaxis.set_minor_formatter(NullFormatter())
    ax_curve.xaxis.set_major_formatter(
        FuncFormatter(lambda x, _p: pct(x) if x >= 0.01 else num(100 * x, 1) + "\u00a0%")
    )
    ax_curve.legend(loc="center left")

    cols = 40
    rows = int(np.ceil(n / cols))
    kinds = [
        ("vp", "widgets.prevalence.icon_tp", OKABE_ITO["vermillon"], "o", 30),
        ("fn", "widgets.prevalence.icon_fn", OKABE_ITO["orange"], "X", 34),
        ("fp", "widgets.prevalence.icon_fp", OKABE_ITO["bleu"], "^", 26),
        ("vn", "widgets.prevalence.icon_tn", "#c8c8c8", "s", 10),
    ]
    start = 0
    for key, label, color, marker, size in kinds:
        k = freq[key]
        idx = np.arange(start, start + k)
        start += k
        ax_icons.scatter(
            idx % cols,
            rows - 1 - idx // cols,
            s=size,
            c=color,
            marker=marker,
            edgecolors="black" if key != "vn" else "none",
            linewidths=0.3,
            label=f"{msg(label)} : {num(k, 0)}",
        )
    ax_icons.set(
        xlim=(-1, cols),
        ylim=(-1, rows),
        xticks=[],
        yticks=[],
        title=msg("widgets.prevalence.icons_title", n=num(n, 0)),
    )
    ax_icons.grid(False)
    for side in ("left", "bottom"):
        ax_icons.spines[side].set_visible(False)
    ax_icons.set_aspect("equal")
    ax_icons.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncol=2,
        fontsize=8,
        markerscale=1.5,
        columnspacing=0.8,
        handletextpad=0.3,
    )

    text = msg(
        "widgets.prevalence.summary",
        n=num(n, 0),
        sick=freq["malades"],
        tp=freq["vp"],
        fn=freq["fn"],
        healthy=freq["non_malades"],
        fp=freq["fp"],
        n_pos=freq["positifs"],
        n_neg=freq["negatifs"],
        tn=freq["vn"],
        ppv=pct(ppv),
        npv=pct(npv),
    )
    markup = f'<div class="iasante-explorer"><p>{to_html(text)}</p></div>'
    state = {**freq, "vpp": ppv, "vpn": npv, "sens": sens, "spec": spec, "prevalence": prevalence}
    return fig, markup, state


def prevalence_explorer(
    sens: float = 0.9,
    spec: float = 0.9,
    *,
    prevalence: float = 0.05,
    n: int = 1000,
    interactive: bool | None = None,
) -> Any:
    """Sliders on sensibilité, spécificité and prévalence: how VPP and VPN change (Bayes)."""

    def build() -> Any:
        import ipywidgets as widgets

        style = {"description_width": "initial"}
        s_sens = widgets.FloatSlider(
            value=sens,
            min=0.5,
            max=1.0,
            step=0.01,
            readout_format=".2f",
            description=msg("widgets.prevalence.sens"),
            style=style,
        )
        s_spec = widgets.FloatSlider(
            value=spec,
            min=0.5,
            max=1.0,
            step=0.01,
            readout_format=".2f",
            description=msg("widgets.prevalence.spec"),
            style=style,
        )
        s_prev = widgets.FloatLogSlider(
            value=prevalence,
            base=10,
            min=-3,
            max=np.log10(0.5),
            step=0.05,
            readout_format=".3f",
            description=msg("widgets.prevalence.prev"),
            style=style,
        )
        box = build_widget(
            [s_sens, s_spec, s_prev],
            lambda: render_prevalence(s_sens.value, s_spec.value, s_prev.value, n),
        )
        box.sens_slider, box.spec_slider, box.prevalence_slider = s_sens, s_spec, s_prev
        return box

    return launch(interactive, build, lambda: render_prevalence(sens, spec, prevalence, n))


# =============================================================================================
# Subgroup audit
# =============================================================================================

SMALL_GROUP = 30


def _group_labels(index: pd.Index) -> list[str]:
    if isinstance(index, pd.MultiIndex):
        return [" / ".join(str(v) for v in tup) for tup in index]
    return [str(v) for v in index]


def format_subgroup_table(table: pd.DataFrame) -> str:
    """HTML table with French headers and percentages."""
    shown = pd.DataFrame(index=_group_labels(table.index))
    for col in table.columns:
        header = to_html(msg(f"widgets.col.{col}"))
        values = table[col].to_numpy()
        shown[header] = [num(v, 0) if col == "effectif" else pct(v) for v in values]
    shown.index.name = msg("widgets.col.groupe")
    return shown.to_html(escape=False, border=0, classes="iasante-table")


def bin_if_continuous(values: pd.Series, max_groups: int = 8, q: int = 4) -> pd.Series:
    """A numeric variable with many values (age, income) becomes quartile groups « 18–40 »."""
    if not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values):
        return values
    if values.nunique() <= max_groups:
        return values
    bins = pd.qcut(values, q=q, duplicates="drop")
    labels = {iv: f"{num(iv.left, 0)}–{num(iv.right, 0)}" for iv in bins.cat.categories}
    ordered = [labels[iv] for iv in bins.cat.categories]
    return pd.Categorical(bins.map(labels).astype(str), categories=ordered, ordered=True)


@_styled
def render_subgroups(
    df: pd.DataFrame,
    y_true_col: str,
    score_col: str,
    group_col: str | Sequence[str],
    threshold: float,
) -> tuple[Any, str, dict[str, Any]]:
    """Per-group sensibilité, false-positive rate and calibration, side by side."""
    cols = [group_col] if isinstance(group_col, str) else list(group_col)
    data = df.dropna(subset=[y_true_col, score_col, *cols]).copy()
    for col in cols:
        data[col] = bin_if_continuous(data[col])
    y = data[y_true_col].to_numpy()
    score = data[score_col].to_numpy(dtype=float)
    groups = data[cols[0]] if len(cols) == 1 else data[cols]
    table = m.subgroup_table(y, score >= threshold, score, groups)
    per_group = table.iloc[:-1]
    labels = _group_labels(per_group.index)

    fig = new_figure(12, 4.3, left=0.06, bottom=0.13, wspace=0.3)
    ax_sens, ax_fpr, ax_cal = fig.subplots(1, 3)
    xpos = np.arange(len(labels))
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(labels))]
    hatches = [HATCHES[i % len(HATCHES)] for i in range(len(labels))]
    for ax, col, title in (
        (ax_sens, "sensibilite", "widgets.subgroup.sens_title"),
        (ax_fpr, "taux_faux_positifs", "widgets.subgroup.fpr_title"),
    ):
        values = per_group[col].to_numpy(dtype=float)
        bars = ax.bar(xpos, np.nan_to_num(values), color=colors, hatch=hatches, edgecolor="black")
        ax.axhline(
            table[col].iloc[-1], color="#333333", linestyle=":", label=msg("widgets.col.overall")
        )
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
            xticks=xpos, ylim=(0, 1.1), title=msg(title), ylabel=msg("widgets.subgroup.rate_axis")
        )
        ax.set_xticklabels(
            labels,
            rotation=20 if len(labels) > 3 else 0,
            ha="right" if len(labels) > 3 else "center",
        )
        percent_axis(ax, "y")
        ax.legend(loc="upper right", fontsize=9)

    calib = m.calibration_by_group(
        y,
        score,
        groups
        if len(cols) == 1
        else pd.Series(_group_labels(pd.MultiIndex.from_frame(data[cols].astype(str)))),
        n_bins=5,
    )
    for i, label in enumerate(pd.unique(calib["groupe"])):
        part = calib[calib["groupe"] == label]
        j = labels.index(str(label)) if str(label) in labels else i
        ax_cal.plot(
            part["risque_predit"],
            part["taux_observe"],
            marker=MARKERS[j % len(MARKERS)],
            color=colors[j % len(colors)],
            linestyle="-",
            label=str(label),
        )
    ax_cal.plot(
        [0, 1], [0, 1], color="#777777", linestyle=":", label=msg("widgets.subgroup.perfect")
    )
    ax_cal.set(
        xlim=(0, 1),
        ylim=(0, 1),
        xlabel=msg("widgets.subgroup.calib_x"),
        ylabel=msg("widgets.subgroup.calib_y"),
        title=msg("widgets.subgroup.calib_title"),
    )
    percent_axis(ax_cal, "both")
    ax_cal.legend(loc="upper left", fontsize=9)

    parts = [
        f"<p>{to_html(msg('widgets.subgroup.intro', threshold=num(threshold)))}</p>",
        format_subgroup_table(table),
    ]
    small = [lab for lab, n in zip(labels, per_group["effectif"], strict=True) if n < SMALL_GROUP]
    if small:
        parts.append(
            "<p><strong>"
            + to_html(
                msg("widgets.subgroup.small_groups", groups=", ".join(small), n_min=SMALL_GROUP)
            )
            + "</strong></p>"
        )
    markup = '<div class="iasante-explorer">' + "".join(parts) + "</div>"
    return fig, markup, {"table": table, "group": cols, "threshold": float(threshold)}


def subgroup_explorer(
    df: pd.DataFrame,
    y_true_col: str,
    score_col: str,
    group_cols: str | Sequence[str],
    threshold: float = 0.5,
    *,
    interactive: bool | None = None,
) -> Any:
    """Pick a group variable and a threshold: per-group sensibilité, false-positive rate
    and calibration side by side (fairlearn ``MetricFrame`` underneath)."""
    options = [group_cols] if isinstance(group_cols, str) else list(group_cols)
    missing = [c for c in [y_true_col, score_col, *options] if c not in df.columns]
    if missing:
        raise KeyError(f"columns not in df: {missing}")

    def build() -> Any:
        import ipywidgets as widgets

        style = {"description_width": "initial"}
        dropdown = widgets.Dropdown(
            options=options,
            value=options[0],
            style=style,
            description=msg("widgets.subgroup.group_var"),
        )
        slider = widgets.FloatSlider(
            value=threshold,
            min=0.0,
            max=1.0,
            step=0.01,
            readout_format=".2f",
            description=msg("widgets.threshold"),
            style=style,
            continuous_update=False,
        )
        box = build_widget(
            [dropdown, slider],
            lambda: render_subgroups(df, y_true_col, score_col, dropdown.value, slider.value),
        )
        box.dropdown, box.slider = dropdown, slider
        return box

    return launch(
        interactive,
        build,
        lambda: render_subgroups(df, y_true_col, score_col, options[0], threshold),
    )
