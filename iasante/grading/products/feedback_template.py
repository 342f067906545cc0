"""A French version of nbgrader's feedback template (same layout, same CSS).

Built at run time from nbgrader's own ``feedback/index.html.j2``: its English labels are
replaced by ``{{ 'key' | fr }}`` (strings from the message catalogue), so it follows the
installed nbgrader. If a label is not found (a newer nbgrader changed its template), the
original template is used unchanged.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import nbgrader

from iasante.messages import msg

NAME = "feedback_fr"
NBGRADER_TEMPLATES = (
    Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / ("templates")
)

#: (English text in nbgrader's template, replacement)
REPLACEMENTS = [
    ("<html>", '<html lang="fr">'),
    ("(Score: ", "({{ 'score' | fr }} "),
    (">Test cell</a>", ">{{ 'test_cell' | fr }}</a>"),
    (">Coding free-response</a>", ">{{ 'code_answer' | fr }}</a>"),
    (">Written response</a>", ">{{ 'written_answer' | fr }}</a>"),
    (">Task</a>", ">{{ 'task' | fr }}</a>"),
    (">Comment</a>", ">{{ 'comment' | fr }}</a>"),
    ("Late submission penalty", "{{ 'late_penalty' | fr }}"),
    ("      Score: {{", "      {{ 'score' | fr }} {{"),
    ("(Top)", "({{ 'top' | fr }})"),
    ("Student's answer", "{{ 'student_answer' | fr }}"),
    ("Student's task", "{{ 'student_task' | fr }}"),
    ("Grade cell: <code>", "{{ 'test_cell' | fr }} : <code>"),
    ("Task: <code>", "{{ 'task' | fr }} : <code>"),
    (
        "<b>Comments:</b> {{ cell.metadata.nbgrader.comment |",
        "<b>{{ 'comments' | fr }}</b> {{ cell.metadata.nbgrader.comment | fr_comment |",
    ),
]


def fr(key: str) -> str:
    return msg(f"grading.feedback.{key}")


def fr_comment(comment: str | None) -> str:
    """nbgrader's automatic comment on an unanswered cell, in French."""
    if comment and comment.strip() == "No response.":
        return msg("grading.feedback.no_response")
    return comment or ""


def french_template() -> str | None:
    """nbgrader's feedback template with French labels, or None if it no longer matches."""
    original = NBGRADER_TEMPLATES / "feedback" / "index.html.j2"
    try:
        text = original.read_text(encoding="utf-8")
    except OSError:
        return None
    for english, french in REPLACEMENTS:
        if english not in text:
            return None
        text = text.replace(english, french)
    return text


def template_basedir() -> Path | None:
    """A folder holding ``feedback_fr/`` (rewritten at each call), or None."""
    text = french_template()
    if text is None:
        return None
    base = Path(tempfile.gettempdir()) / "iasante-templates"
    folder = base / NAME
    folder.mkdir(parents=True, exist_ok=True)
    conf = json.loads((NBGRADER_TEMPLATES / "feedback" / "conf.json").read_text())
    (folder / "conf.json").write_text(json.dumps(conf), encoding="utf-8")
    (folder / "index.html.j2").write_text(text, encoding="utf-8")
    return base
