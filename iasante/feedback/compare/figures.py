"""matplotlib: a figure of the right kind, with labelled axes.

All of them raise :class:`~iasante.feedback.Incorrect` (with the catalogue key of the
diagnosis) and never put the expected value in a message: they may quote the learner's own
value, the name of the learner's object, column names and units given by the statement.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from iasante.messages import msg

from .._core import Incorrect, type_label
from .scalars import _not_attempted_if_missing

# --------------------------------------------------------------------------------------------
# matplotlib
# --------------------------------------------------------------------------------------------


def _bar_patches(ax: Any) -> list[Any]:
    from matplotlib.container import BarContainer

    return [p for c in ax.containers if isinstance(c, BarContainer) for p in c.patches]


def _is_histogram(ax: Any) -> bool:
    """Histogram bars touch each other; bar-chart bars have gaps between them."""
    from matplotlib.container import BarContainer
    from matplotlib.patches import Polygon

    if any(isinstance(p, Polygon) for p in ax.patches):  # histtype="step"/"stepfilled"
        return True
    for c in ax.containers:
        if not isinstance(c, BarContainer) or len(c.patches) < 2:
            continue
        horizontal = getattr(c, "orientation", "vertical") == "horizontal"
        spans = sorted(
            (p.get_y(), p.get_y() + p.get_height())
            if horizontal
            else (p.get_x(), p.get_x() + p.get_width())
            for p in c.patches
        )
        width = max(abs(b - a) for a, b in spans) or 1.0
        if all(abs(spans[i][1] - spans[i + 1][0]) <= 1e-6 * width for i in range(len(spans) - 1)):
            return True
    return False


def _data_lines(ax: Any) -> list[Any]:
    """Lines plotted in data coordinates (not axhline/axvline) with a visible line style."""
    lines = []
    for line in ax.lines:
        if line.get_transform() is not ax.transData and not line.get_transform() == ax.transData:
            continue
        if line.get_linestyle() in ("None", "", " ", "none"):
            continue
        if len(np.atleast_1d(line.get_xdata())) < 2:
            continue
        lines.append(line)
    return lines


def _has_scatter(ax: Any) -> bool:
    from matplotlib.collections import PathCollection

    if any(isinstance(c, PathCollection) and np.size(c.get_offsets()) for c in ax.collections):
        return True
    return any(
        line.get_linestyle() in ("None", "", " ", "none")
        and line.get_marker() not in (None, "None", "")
        for line in ax.lines
    )


def _axes_has_content(ax: Any) -> bool:
    return bool(ax.lines or ax.patches or ax.collections or ax.images or ax.containers)


def check_figure(  # noqa: C901 -- an ordered table of diagnoses; kept flat to read as the statement's rules
    fig_or_ax: Any,
    *,
    name: str,
    kind: str | None = None,
    n_bars: int | None = None,
    n_lines: int | None = None,
    require_xlabel: bool = True,
    require_ylabel: bool = True,
    require_title: bool = False,
    ax_index: int | None = None,
) -> None:
    """Check a learner's matplotlib figure (a ``Figure`` or an ``Axes``).

    For a Figure with several Axes, the first Axes with something drawn is checked
    (or ``fig.axes[ax_index]``). ``kind``: "bar", "line", "hist" or "scatter";
    ``n_bars`` counts every bar of every bar container (a grouped bar chart of 3
    categories x 2 groups has 6 bars); ``n_lines`` counts lines in data coordinates
    (reference lines from axhline/axvline are not counted, a diagonal drawn with
    plot is). The title may be the Axes title or the Figure's suptitle.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    _not_attempted_if_missing(fig_or_ax, name)
    if isinstance(fig_or_ax, np.ndarray) and fig_or_ax.size and isinstance(fig_or_ax.flat[0], Axes):
        fig_or_ax = fig_or_ax.flat[0].figure
    ax: Any
    if isinstance(fig_or_ax, Axes):
        ax = fig_or_ax
    elif isinstance(fig_or_ax, (Figure, SubFigure)):
        axes = fig_or_ax.axes
        if ax_index is not None and ax_index < len(axes):
            ax = axes[ax_index]
        else:
            ax = next((a for a in axes if _axes_has_content(a)), None)
        if ax is None:
            raise Incorrect.of("feedback.figure.empty", name=name)
    else:
        raise Incorrect.of(
            "feedback.figure.not_figure", name=name, actual=type_label(type(fig_or_ax))
        )
    if not _axes_has_content(ax):
        raise Incorrect.of("feedback.figure.empty", name=name)

    if kind is not None:
        bars = _bar_patches(ax)
        ok = {
            "bar": bool(bars) and not _is_histogram(ax),
            "hist": _is_histogram(ax),
            "line": bool(_data_lines(ax)),
            "scatter": _has_scatter(ax),
        }.get(kind)
        if ok is None:
            raise ValueError(f"unknown figure kind {kind!r}")
        if not ok:
            raise Incorrect.of(
                "feedback.figure.wrong_kind",
                name=name,
                kind_label=msg(f"feedback.figure.kind.{kind}"),
            )
    if n_bars is not None:
        n = len(_bar_patches(ax))
        if n != n_bars:
            raise Incorrect.of("feedback.figure.wrong_n_bars", name=name, n=n)
    if n_lines is not None:
        n = len(_data_lines(ax))
        if n != n_lines:
            raise Incorrect.of("feedback.figure.wrong_n_lines", name=name, n=n)
    if require_xlabel and not ax.get_xlabel().strip():
        raise Incorrect.of("feedback.figure.no_xlabel", name=name)
    if require_ylabel and not ax.get_ylabel().strip():
        raise Incorrect.of("feedback.figure.no_ylabel", name=name)
    if require_title:
        titles = [ax.get_title(loc) for loc in ("center", "left", "right")]
        sup = getattr(ax.figure, "_suptitle", None)
        if sup is not None:
            titles.append(sup.get_text())
        if not any(t.strip() for t in titles):
            raise Incorrect.of("feedback.figure.no_title", name=name)
