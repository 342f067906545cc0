"""Accessible course plot style, applied with one call: ``use_course_style()``.

- Okabe–Ito palette (distinguishable with the common colour-vision deficiencies), with
  a line-style cycle so that lines differ by more than colour;
- readable font sizes, light grid, no top/right frame;
- French number formatting on demand: decimal comma and percentages (« 25 % »).

Explorer figures use :func:`course_style` as a context so they look the same whatever
the learner's global settings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from cycler import cycler

__all__ = [
    "OKABE_ITO",
    "PALETTE",
    "MARKERS",
    "HATCHES",
    "COURSE_RC",
    "use_course_style",
    "course_style",
    "french_number",
    "french_axis",
    "percent_axis",
]

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "bleu": "#0072B2",
    "orange": "#E69F00",
    "vert": "#009E73",
    "vermillon": "#D55E00",
    "pourpre": "#CC79A7",
    "bleu_ciel": "#56B4E9",
    "jaune": "#F0E442",
    "noir": "#000000",
}
#: Cycle order: strongest contrasts on white first, yellow late.
PALETTE = list(OKABE_ITO.values())
#: Markers and hatches to pair with colours, so that meaning never rests on colour alone.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "oo", "--"]
_LINESTYLES = [
    "-",
    "--",
    ":",
    "-.",
    (0, (5, 1, 1, 1)),
    (0, (1, 3)),
    (0, (8, 2)),
    (0, (3, 1, 1, 1, 1, 1)),
]

COURSE_RC: dict[str, Any] = {
    "axes.prop_cycle": cycler(color=PALETTE) + cycler(linestyle=_LINESTYLES),
    "figure.figsize": (7.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.titleweight": "bold",
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "lines.linewidth": 2.2,
    "lines.markersize": 7,
    "patch.edgecolor": "#333333",
    "patch.linewidth": 0.6,
    "image.cmap": "cividis",
    "axes.formatter.use_locale": False,
}


def use_course_style() -> None:
    """Apply the course style to every following matplotlib figure of this session."""
    import matplotlib as mpl

    mpl.rcParams.update(COURSE_RC)  # type: ignore[arg-type]  # keys checked by matplotlib


@contextlib.contextmanager
def course_style() -> Iterator[None]:
    """The course style for the figures created inside the ``with`` block only."""
    import matplotlib as mpl

    with mpl.rc_context(COURSE_RC):  # type: ignore[arg-type]
        yield


def french_number(x: float, decimals: int = 2) -> str:
    """« 1 234,5 »: decimal comma, narrow no-break space between thousands, no trailing zeros."""
    text = f"{x:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return "0" if text in {"-0", ""} else text


def french_axis(ax: Any, which: str = "both", decimals: int = 2) -> Any:
    """Format tick labels of ``ax`` the French way (decimal comma). Returns ``ax``."""
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda x, _pos: french_number(x, decimals))
    if which in ("x", "both"):
        ax.xaxis.set_major_formatter(fmt)
    if which in ("y", "both"):
        ax.yaxis.set_major_formatter(fmt)
    return ax


def percent_axis(ax: Any, which: str = "y", xmax: float = 1.0, decimals: int = 0) -> Any:
    """Show proportions as French percentages (« 25 % », space before %). Returns ``ax``."""
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda x, _pos: french_number(100 * x / xmax, decimals) + "\u00a0%")
    if which in ("x", "both"):
        ax.xaxis.set_major_formatter(fmt)
    if which in ("y", "both"):
        ax.yaxis.set_major_formatter(fmt)
    return ax
