"""Class report: per-question success rates and score distribution (PNG + one HTML page).

Colours are the Okabe-Ito palette (readable with every common colour-vision deficiency);
every label is French. The HTML page embeds its images, so it can be mailed or archived.
"""

from __future__ import annotations

import base64
import html
import io
import statistics
from pathlib import Path
from typing import Any

from iasante.messages import msg

from ..status import GRADED_STATUSES, Status
from . import diagnoses as diag
from .attention import attention_list
from .exports import collect_grades

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "grey": "#999999",
}


def question_rates(course_dir: str | Path, assignment: str) -> tuple[list[dict], list]:
    """[{question, points, rate (0-100 or None), manual}] and the per-student rows."""
    rows, questions = collect_grades(course_dir, assignment)
    graded = [r for r in rows if r.status in GRADED_STATUSES]
    out = []
    for notebook, name, points, manual in questions:
        scores = []
        for row in graded:
            for q in row.questions:
                if q.notebook == notebook and q.name == name:
                    value = q.manual_score if q.manual_score is not None else q.auto_score
                    if value is not None and not (manual and q.manual_score is None):
                        scores.append(value)
        rate = 100 * statistics.fmean(scores) / points if scores and points else None
        out.append(
            {
                "question": name,
                "notebook": notebook,
                "points": points,
                "rate": rate,
                "manual": manual,
                "n": len(scores),
            }
        )
    return out, rows


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return buf.getvalue()


def class_report(
    course_dir: str | Path, assignment: str, output_dir: str | Path | None = None
) -> dict[str, Path]:
    """Write ``<assignment>_reussite.png``, ``<assignment>_notes.png`` and
    ``<assignment>_rapport.html`` into ``output_dir`` (default: ``<course>/rapports``)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    course_dir = Path(course_dir)
    out = Path(output_dir) if output_dir else course_dir / "rapports"
    out.mkdir(parents=True, exist_ok=True)
    rates, rows = question_rates(course_dir, assignment)
    graded = [r for r in rows if r.status in GRADED_STATUSES]
    max_score = rows[0].max_score if rows else 0.0

    # 1. success rate per question, hardest at the top
    auto = [q for q in rates if q["rate"] is not None]
    auto.sort(key=lambda q: q["rate"], reverse=True)
    fig, ax = plt.subplots(figsize=(7, 0.45 * max(len(auto), 2) + 1.2))
    colors = [
        OKABE_ITO["vermillion"]
        if q["rate"] < 50
        else OKABE_ITO["orange"]
        if q["rate"] < 75
        else OKABE_ITO["blue"]
        for q in auto
    ]
    bars = ax.barh([q["question"] for q in auto], [q["rate"] for q in auto], color=colors)
    for bar, q in zip(bars, auto, strict=True):
        ax.text(
            min(q["rate"] + 1, 92),
            bar.get_y() + bar.get_height() / 2,
            f"{q['rate']:.0f} %",
            va="center",
            fontsize=9,
        )
    ax.set_xlim(0, 100)
    ax.set_xlabel(msg("grading.report.success_xlabel"))
    ax.set_title(msg("grading.report.success_title"))
    ax.spines[["top", "right"]].set_visible(False)
    success_png = _png(fig)
    plt.close(fig)

    # 2. distribution of the total scores of graded students
    fig, ax = plt.subplots(figsize=(7, 3.5))
    scores = [r.score for r in graded]
    if 0 < max_score <= 40:  # one bar per point
        bins = [i - 0.5 for i in range(int(max_score) + 2)]
    else:
        bins = [max_score * i / 20 for i in range(21)] if max_score else [0, 1]
    ax.hist(scores, bins=bins, color=OKABE_ITO["sky"], edgecolor=OKABE_ITO["blue"])
    ax.set_xlabel(msg("grading.report.distribution_xlabel", max_score=max_score))
    ax.set_ylabel(msg("grading.report.distribution_ylabel"))
    ax.set_title(msg("grading.report.distribution_title"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    dist_png = _png(fig)
    plt.close(fig)

    paths = {
        "success_png": out / f"{assignment}_reussite.png",
        "distribution_png": out / f"{assignment}_notes.png",
        "html": out / f"{assignment}_rapport.html",
    }
    paths["success_png"].write_bytes(success_png)
    paths["distribution_png"].write_bytes(dist_png)
    paths["html"].write_text(
        _html(assignment, rates, rows, graded, max_score, success_png, dist_png)
        + _diagnoses_html(diag.class_diagnoses(course_dir, assignment)),
        encoding="utf-8",
    )
    return paths


def _html(
    assignment: str,
    rates: list[dict[str, Any]],
    rows: list[Any],
    graded: list[Any],
    max_score: float,
    success_png: bytes,
    dist_png: bytes,
) -> str:
    esc = html.escape
    scores = [r.score for r in graded]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="fr"><head><meta charset="utf-8">',
        f"<title>{esc(msg('grading.report.title', assignment=assignment))}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:52em;margin:2em auto;"
        "padding:0 1em;color:#222}table{border-collapse:collapse}td,th{padding:.3em .8em;"
        "border-bottom:1px solid #ddd;text-align:left}img{max-width:100%}</style>",
        "</head><body>",
        f"<h1>{esc(msg('grading.report.title', assignment=assignment))}</h1>",
    ]
    if scores:
        parts.append(
            "<p>"
            + esc(
                msg(
                    "grading.report.summary",
                    graded=len(graded),
                    total=len(rows),
                    mean=statistics.fmean(scores),
                    median=statistics.median(scores),
                    max_score=max_score,
                )
            )
            + "</p>"
        )
    parts.append(_attention_html(rows))
    auto = [q for q in rates if q["rate"] is not None and not q["manual"]]
    if auto:
        hardest = min(auto, key=lambda q: q["rate"])
        parts.append(
            "<p><strong>"
            + esc(msg("grading.report.hardest", question=hardest["question"], rate=hardest["rate"]))
            + "</strong></p>"
        )
    for png, title in (
        (success_png, "grading.report.success_title"),
        (dist_png, "grading.report.distribution_title"),
    ):
        data = base64.b64encode(png).decode()
        parts.append(
            f'<h2>{esc(msg(title))}</h2><img alt="{esc(msg(title))}" '
            f'src="data:image/png;base64,{data}">'
        )
    parts.append(
        "<table><tr>"
        + "".join(
            f"<th>{esc(msg(k))}</th>"
            for k in (
                "grading.report.table_question",
                "grading.report.table_points",
                "grading.report.table_rate",
                "grading.report.table_type",
            )
        )
        + "</tr>"
    )
    for q in rates:
        rate = (
            f"{q['rate']:.0f} %" if q["rate"] is not None else msg("grading.report.manual_pending")
        )
        kind = msg("grading.report.type_manual" if q["manual"] else "grading.report.type_auto")
        parts.append(
            f"<tr><td>{esc(q['question'])}</td><td>{q['points']:g}</td>"
            f"<td>{esc(rate)}</td><td>{esc(kind)}</td></tr>"
        )
    parts.append("</table>")
    counts: dict[Status, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    parts.append(f"<h2>{esc(msg('grading.report.statuses'))}</h2><ul>")
    for status, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        parts.append(f"<li>{esc(status.label('…'))} : {n}</li>")
    parts.append("</ul>")
    return "\n".join(parts)


def _attention_html(rows: list) -> str:
    """The first screen: whose copy to open, and why (see :mod:`.attention`)."""
    esc = html.escape
    names = attention_list(rows)
    parts = [f"<h2>{esc(msg('grading.attention.title'))}</h2>"]
    if not names:
        parts.append(f"<p>{esc(msg('grading.attention.none'))}</p>")
        return "\n".join(parts)
    parts.append(f"<p>{esc(msg('grading.attention.intro'))}</p><ul>")
    parts += [f"<li><strong>{esc(s)}</strong> : {esc(reason)}</li>" for s, reason in names]
    parts.append("</ul>")
    return "\n".join(parts)


def diagnosis_label(key: str) -> str:
    """French label of a diagnosis key or pseudo-key (see :mod:`.diagnoses`)."""
    if key == diag.HIDDEN:
        return msg("grading.report.diag_hidden")
    if key == diag.UNKNOWN:
        return msg("grading.report.diag_unknown")
    if key.startswith(diag.ERROR_PREFIX):
        return msg("grading.report.diag_error", name=key.removeprefix(diag.ERROR_PREFIX))
    return diag.describe(key)


def _diagnoses_html(counts: dict) -> str:
    """« Which mistake, how many students », question by question, most frequent first."""
    esc = html.escape
    parts = [f"<h2>{esc(msg('grading.report.diagnoses'))}</h2>"]
    if not counts:
        parts.append(f"<p>{esc(msg('grading.report.no_diagnoses'))}</p>")
    else:
        parts.append(f"<p>{esc(msg('grading.report.diagnoses_intro'))}</p><table><tr>")
        heads = ("table_question", "table_diagnosis", "table_key", "table_students")
        parts.append("".join(f"<th>{esc(msg('grading.report.' + h))}</th>" for h in heads))
        parts.append("</tr>")
        for grade_id in sorted(counts):
            for key, n in counts[grade_id].most_common():
                parts.append(
                    f"<tr><td>{esc(grade_id)}</td><td>{esc(diagnosis_label(key))}</td>"
                    f"<td><code>{esc(key)}</code></td><td>{n}</td></tr>"
                )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)
