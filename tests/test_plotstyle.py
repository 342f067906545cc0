"""The course plot style: one call, colour-blind-safe palette, French numbers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from iasante.plotstyle import (
    OKABE_ITO,
    course_style,
    french_axis,
    french_number,
    percent_axis,
    use_course_style,
)


@pytest.fixture(autouse=True)
def _restore_rc():
    with mpl.rc_context():
        yield
    plt.close("all")


def test_use_course_style_sets_okabe_ito_and_readable_sizes():
    use_course_style()
    colors = mpl.rcParams["axes.prop_cycle"].by_key()["color"]
    assert colors[:3] == [OKABE_ITO["bleu"], OKABE_ITO["orange"], OKABE_ITO["vert"]]
    assert len(set(colors)) == 8 and mpl.rcParams["font.size"] >= 12
    fig, ax = plt.subplots()
    first, second = ax.plot([0, 1], [0, 1]), ax.plot([0, 1], [1, 0])
    # lines differ by colour AND style
    assert first[0].get_color() != second[0].get_color()
    assert first[0].get_linestyle() != second[0].get_linestyle()


def test_course_style_context_is_local():
    before = mpl.rcParams["font.size"]
    with course_style():
        assert mpl.rcParams["axes.spines.top"] is False
    assert mpl.rcParams["font.size"] == before


@pytest.mark.parametrize(
    ("x", "text"),
    [(1234.5, "1\u202f234,5"), (0.25, "0,25"), (3.0, "3"), (-0.001, "0"), (12, "12")],
)
def test_french_number(x, text):
    assert french_number(x) == text


def test_axes_formatters():
    fig, ax = plt.subplots()
    ax.plot([0, 0.5, 1], [0, 0.25, 1])
    percent_axis(ax)
    french_axis(ax, "x")
    fig.canvas.draw()
    ylabels = [t.get_text() for t in ax.get_yticklabels()]
    xlabels = [t.get_text() for t in ax.get_xticklabels()]
    assert "40\u00a0%" in ylabels and any("," in t for t in xlabels)
