"""What every explorer shares: widget-or-static decision, figure to PNG, text formatting."""

from __future__ import annotations

import base64
import html
import io
import os
import re
from collections.abc import Callable, Sequence
from typing import Any

from iasante.feedback._core import is_graded_run
from iasante.feedback._display import in_notebook
from iasante.messages import msg
from iasante.plotstyle import course_style, french_number

Render = Callable[[], tuple[Any, str, dict[str, Any]]]

#: Set to any non-empty value to force static figures (e.g. to export a notebook to PDF).
STATIC_ENV = "IASANTE_STATIC_WIDGETS"


def ipywidgets_available() -> bool:
    try:
        import ipywidgets  # noqa: F401
    except Exception:  # noqa: BLE001 -- a broken widget install degrades to the static figure
        return False
    return True


def use_widgets(interactive: bool | None) -> bool:
    """Decide between a live widget and a static figure.

    ``interactive=None`` (default): widgets inside a Jupyter kernel with ipywidgets
    importable, static otherwise (plain Python, nbgrader runs, ``IASANTE_STATIC_WIDGETS``).
    ``True`` forces a widget when ipywidgets imports (tests build them headless);
    ``False`` forces the static figure.
    """
    if interactive is False or not ipywidgets_available():
        return False
    if interactive:
        return True
    if os.environ.get(STATIC_ENV) or is_graded_run():
        return False
    return in_notebook()


def new_figure(width: float, height: float, **margins: float) -> Any:
    """A matplotlib Figure outside pyplot (no global state, freed with the object).

    Fixed margins rather than constrained layout: a slider move must redraw fast.
    """
    from matplotlib.figure import Figure

    with course_style():
        fig = Figure(figsize=(width, height))
    fig.subplots_adjust(
        **{"left": 0.08, "right": 0.98, "bottom": 0.15, "top": 0.9, "wspace": 0.3, **margins}
    )
    return fig


def figure_png(fig: Any, dpi: int = 90) -> bytes:
    buf = io.BytesIO()
    with course_style():
        fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def pct(x: float) -> str:
    """« 85 % », or « non définie » for NaN."""
    if x is None or x != x:
        return msg("widgets.undefined")
    return french_number(100 * x, 0) + "\u00a0%"


def num(x: float, decimals: int = 2) -> str:
    return french_number(x, decimals)


def plain(text: str) -> str:
    """Catalogue text for a figure: drop the *italics* marks."""
    return re.sub(r"\*([^*]+)\*", r"\1", text)


def to_html(text: str) -> str:
    escaped = html.escape(text)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", escaped)


def html_list(lines: Sequence[str], intro: str = "") -> str:
    items = "".join(f"<li>{to_html(line)}</li>" for line in lines)
    head = f"<p>{to_html(intro)}</p>" if intro else ""
    return f'<div class="iasante-explorer">{head}<ul>{items}</ul></div>'


def html_to_text(markup: str) -> str:
    """Rough plain-text rendering of the summaries (lists and tables) for a terminal."""
    text = re.sub(r"\s*</t[dh]>\s*<t[dh][^>]*>\s*", " | ", markup)
    text = re.sub(r"<li>", "- ", text)
    text = re.sub(r"</(p|li|tr|h\d)>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    lines = [" ".join(line.split()) for line in html.unescape(text).splitlines()]
    return "\n".join(line for line in lines if line)


def build_widget(controls: Sequence[Any], render: Render) -> Any:
    """A VBox of ``controls``, the figure (PNG image) and an HTML summary, kept in sync.

    The returned box carries ``.controls``, ``.image``, ``.summary``, ``.figure`` (last
    matplotlib Figure), ``.state`` (last numbers shown) and ``.refresh()``.
    """
    import ipywidgets as widgets

    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
    summary = widgets.HTML()
    box = widgets.VBox([widgets.HBox(list(controls)), image, summary])

    def refresh(_change: Any = None) -> None:
        fig, markup, state = render()
        image.value = figure_png(fig)
        summary.value = markup
        box.figure, box.state = fig, state

    for control in controls:
        control.observe(refresh, names="value")
    box.controls, box.image, box.summary, box.refresh = list(controls), image, summary, refresh
    refresh()
    box._repr_mimebundle_ = _with_static_fallback(box)
    return box


def _with_static_fallback(box: Any) -> Callable[..., dict[str, Any]]:
    """The widget's MIME bundle plus an HTML image of its current state.

    JupyterLab shows the live widget (its MIME type ranks first); where no widget can be
    shown — an HTML export of an executed notebook (nbconvert drops the widget view when
    no widget state was saved), a headless run, GitHub's viewer — the image and the
    summary appear instead, as the lessons' text promises.
    """
    original = type(box)._repr_mimebundle_

    def bundle(**kwargs: Any) -> dict[str, Any]:
        data = original(box, **kwargs)
        notice = html.escape(msg("widgets.static_fallback_notice"))
        png = base64.b64encode(box.image.value or b"").decode("ascii")
        data["text/html"] = (
            f"<p><em>{notice}</em></p>"
            f'<img alt="" src="data:image/png;base64,{png}" style="max-width:100%">'
            f"{box.summary.value}"
        )
        return data

    return bundle


def launch(interactive: bool | None, build: Callable[[], Any], render: Render) -> Any:
    """Build the widget when possible; otherwise, or if building fails (no comm, broken
    ipywidgets install), draw the static figure and return None."""
    if use_widgets(interactive):
        try:
            return build()
        except Exception:  # degrade, never crash a lesson  # noqa: BLE001 -- a broken widget install degrades to the static figure
            pass
    show_static(render)
    return None


def show_static(render: Render) -> None:
    """Draw the explorer once, for its initial values, without widgets."""
    fig, markup, _state = render()
    notice = msg("widgets.static_notice")
    if in_notebook():
        from IPython.display import HTML, Image, display

        display(HTML(f"<p><em>{html.escape(notice)}</em></p>"))
        display(Image(data=figure_png(fig)))
        display(HTML(markup))
    else:
        print(notice)
        print(html_to_text(markup))
