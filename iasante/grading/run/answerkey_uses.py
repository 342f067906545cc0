"""Answer cells that name a removed answer key or import an instructor-only location.

Since issue 14 the graded references are no longer in the learner package
(:data:`iasante.grading.answerkeys.FORMER_ANSWER_KEYS` lists the names they had), and
``source/`` and ``tests/keys`` are outside a student's reach. A submission that still names
one (``m00.reference_bmi_class(...)``, ``from tests.keys import m01``,
``open("../source/...")``) gets nothing from it -- the name no longer exists, the sandbox
refuses the read -- but the attempt is evidence the instructor should see: the worker adds
one record per finding to the kernel guard's records, and the submission is graded with
status ``suspect`` (never zeroed automatically).

Only the cells a student may write are read (nbgrader's unlocked cells: answers and cells
they added); the locked test cells are the instructor's. The scan is static (``ast``, ~1 ms
a notebook), before any student code runs. It is a tripwire, not a sandbox: a name built at
run time (``getattr(m00, "reference_" + "bmi_class")``) is not seen here, and needs no
flag -- the function is gone.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from ..answerkeys import FORMER_ANSWER_KEYS

#: modules a submission has no business importing (the instructor's side of the course)
INSTRUCTOR_MODULES = ("source", "tests.keys")
#: a path string that walks into ``source/`` or ``tests/keys/`` (a bare "source", e.g. a
#: column name, is not one), or a dotted ``tests.keys`` module name for importlib
_INSTRUCTOR_PATH = re.compile(r"(?:^|[/\\])(?:source|tests[/\\]keys)[/\\]|^tests\.keys\b")
_KEY_WORD = re.compile(r"\b(" + "|".join(sorted(FORMER_ANSWER_KEYS)) + r")\b")


def _instructor_module(name: str) -> bool:
    return any(name == m or name.startswith(m + ".") for m in INSTRUCTOR_MODULES)


def _findings(tree: ast.AST) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in FORMER_ANSWER_KEYS:
            out.append(("cle_de_correction", node.id))
        elif isinstance(node, ast.Attribute) and node.attr in FORMER_ANSWER_KEYS:
            out.append(("cle_de_correction", ast.unparse(node)))
        elif isinstance(node, ast.alias) and node.name.split(".")[-1] in FORMER_ANSWER_KEYS:
            out.append(("cle_de_correction", node.name))
        elif isinstance(node, ast.Import):
            out += [
                ("emplacement_correcteur", f"import {a.name}")
                for a in node.names
                if _instructor_module(a.name)
            ]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if _instructor_module(node.module) or any(
                _instructor_module(f"{node.module}.{a.name}") for a in node.names
            ):
                out.append(("emplacement_correcteur", f"from {node.module} import …"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            out += [("cle_de_correction", name) for name in _KEY_WORD.findall(text)]
            if _INSTRUCTOR_PATH.search(text.strip()):
                out.append(("emplacement_correcteur", text.strip()[:80]))
    return out


def _cell_findings(source: str) -> list[tuple[str, str]]:
    try:
        tree = ast.parse(source)
    except SyntaxError:  # the cell will fail anyway; the names it spells still count
        return [("cle_de_correction", name) for name in _KEY_WORD.findall(source)]
    return _findings(tree)


def answer_key_records(nb: Any) -> list[dict[str, str]]:
    """Guard-style records (``{"kind", "what"}``) for every answer-key name or
    instructor-only location in the notebook's unlocked code cells, in order, once each."""
    out: list[dict[str, str]] = []
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        if cell.get("metadata", {}).get("nbgrader", {}).get("locked"):
            continue
        for kind, what in _cell_findings(cell.get("source", "")):
            record = {"kind": kind, "what": what}
            if record not in out:
                out.append(record)
    return out
