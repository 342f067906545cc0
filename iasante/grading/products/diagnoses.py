"""Which mistake, how many students: the diagnoses of every graded test cell of a class.

A visible test cell that fails raises the course's ``Incorrect`` (or ``NotAttempted``),
whose message is a catalogue text formatted with the learner's own values; nbgrader
keeps it as the ``evalue`` of the cell's error output in the autograded notebook. This
module reads those outputs back and names the catalogue **key** of each diagnosis, by
matching the message against the catalogue templates (literal parts exact, fields
anything, an optional appended sentence such as a unit hint or the hint invitation). When
two templates match, the one with the most literal text wins (« Le tableau {name} est vide » over
« {name} est vide »). No output of the notebook is changed for this, so reports can be
made from notebooks graded before this module existed, and stock ``nbgrader autograde``
output works too.

Failures that are not a catalogue diagnosis are counted too, under a pseudo-key:
``:hidden`` (a plain ``assert`` of a hidden test failed after the visible check passed),
``:error:<Name>`` (another exception escaped the cell), ``:unknown`` (an ``Incorrect``
whose text matches no template).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat

from iasante.messages import catalogue

HIDDEN = ":hidden"
UNKNOWN = ":unknown"
ERROR_PREFIX = ":error:"
#: exception names of the course's feedback (``iasante.feedback``)
_FEEDBACK_ENAMES = {"Incorrect", "NotAttempted"}
#: catalogue areas whose texts can be a check's diagnosis
_DIAGNOSIS_AREAS = re.compile(r"^(feedback|m\d\d)\.")
_MIN_LITERAL = 8
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class _Template:
    key: str
    pattern: re.Pattern[str]
    literal_length: int


@cache
def _templates() -> tuple[_Template, ...]:
    out = []
    for key, text in catalogue().items():
        if not _DIAGNOSIS_AREAS.match(key) or ".hint" in key or key.endswith(".title"):
            continue
        parts, literal = [], 0
        for lit, field_name, _spec, _conv in string.Formatter().parse(text):
            parts.append(re.escape(lit))
            literal += len(lit)
            if field_name is not None:
                parts.append(r".*?")
        if literal < _MIN_LITERAL:  # « {name} » alone would match any message
            continue
        pattern = re.compile("".join(parts) + r"(?:\s.*)?", re.DOTALL)
        out.append(_Template(key, pattern, literal))
    return tuple(sorted(out, key=lambda t: -t.literal_length))


def diagnosis_key(ename: str, evalue: str) -> str:
    """The catalogue key (or pseudo-key) of one error output of a graded test cell."""
    if ename not in _FEEDBACK_ENAMES:
        return HIDDEN if ename == "AssertionError" else f"{ERROR_PREFIX}{ename}"
    text = _ANSI.sub("", evalue).strip()
    for template in _templates():  # most literal text first
        if template.pattern.fullmatch(text):
            return template.key
    return UNKNOWN


def notebook_diagnoses(path: str | Path) -> dict[str, str]:
    """grade_id of each graded test cell that failed → key of its diagnosis."""
    nb = nbformat.read(str(path), as_version=4)
    found = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            found[meta.get("grade_id", "?")] = diagnosis_key(
                errors[0].get("ename", ""), errors[0].get("evalue", "")
            )
    return found


def class_diagnoses(
    course_dir: str | Path, assignment: str, autograded: str = "autograded"
) -> dict[str, Counter[str]]:
    """grade_id → Counter(diagnosis key → number of students), over every autograded
    notebook of the assignment (one student counts once per question). An unreadable
    notebook is skipped: its student's status already says why."""
    counts: dict[str, Counter[str]] = {}
    pattern = f"*/{assignment}/*.ipynb"
    for path in sorted((Path(course_dir) / autograded).glob(pattern)):
        try:
            found = notebook_diagnoses(path)
        except Exception:  # noqa: BLE001 - an invalid notebook is reported by its status
            continue
        for grade_id, key in found.items():
            counts.setdefault(grade_id, Counter())[key] += 1
    return counts


def describe(key: str) -> str:
    """What the instructor reads for a key: the catalogue text with its fields as « … »."""
    if key == HIDDEN or key == UNKNOWN or key.startswith(ERROR_PREFIX):
        return ""
    text = catalogue().get(key, "")
    return "".join(
        lit + ("…" if field_name is not None else "")
        for lit, field_name, _spec, _conv in string.Formatter().parse(text)
    )
