"""Cap what a notebook's outputs may weigh, in characters, for grading and feedback alike.

nbgrader's ``LimitOutput`` caps *lines*: a single ``print("x" * 60_000_000)`` is one line,
and it went whole into the autograded notebook and into a 60 MB feedback page.
:class:`LimitOutputSize` keeps nbgrader's line limits and adds two character budgets:
one per output (a stream, a text result, a traceback) and one per notebook, past which
outputs are replaced by a short French note saying how much was left out. Images count
against the notebook budget too (their base64 text), so a loop of a thousand figures
cannot make a feedback file of hundreds of megabytes either.

It sits where ``LimitOutput`` sits in ``Autograde.autograde_preprocessors``
(``nbgrader_config.py``), so stock ``nbgrader autograde`` and ``iasante grade`` store the
same outputs, and it also runs when feedback is generated (a notebook graded before the
limit existed is capped there).
"""

from __future__ import annotations

from typing import Any

from nbgrader.preprocessors import LimitOutput
from traitlets import Integer

from iasante.messages import msg

_MARKUP_MIMES = ("text/html", "text/markdown", "text/latex", "application/json")


def _size(output: Any) -> int:
    kind = output.get("output_type")
    if kind == "stream":
        return len(output.get("text", ""))
    if kind == "error":
        return sum(len(line) for line in output.get("traceback", [])) + len(
            output.get("evalue", "")
        )
    data = output.get("data", {})
    return sum(len(v) if isinstance(v, str) else len(str(v)) for v in data.values())


class LimitOutputSize(LimitOutput):
    """nbgrader's ``LimitOutput`` plus character budgets per output and per notebook."""

    max_chars_per_output = Integer(
        100_000, help="characters kept of one output (-1: no limit)"
    ).tag(config=True)
    max_chars_per_notebook = Integer(
        5_000_000, help="characters of outputs kept in one notebook (-1: no limit)"
    ).tag(config=True)

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        self._used = 0
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: Any, resources: Any, cell_index: int) -> tuple[Any, Any]:
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.cell_type != "code":
            return cell, resources
        kept = []
        for output in cell.get("outputs", []):
            self._cap(output)
            size = _size(output)
            budget = self.max_chars_per_notebook
            if budget != -1 and getattr(self, "_used", 0) + size > budget:
                kept.append(self._note_output(size))
                continue
            self._used = getattr(self, "_used", 0) + size
            kept.append(output)
        cell.outputs = kept
        return cell, resources

    def _cap(self, output: Any) -> None:
        limit = self.max_chars_per_output
        if limit == -1:
            return
        kind = output.get("output_type")
        if kind == "stream":
            output["text"] = self._cut(output.get("text", ""), limit)
        elif kind == "error":
            output["evalue"] = self._cut(output.get("evalue", ""), limit)
            lines, total = [], 0
            for line in output.get("traceback", []):
                if total + len(line) > limit:
                    lines.append(self._cut(line, max(limit - total, 0)))
                    break
                lines.append(line)
                total += len(line)
            output["traceback"] = lines
        elif kind in ("execute_result", "display_data"):
            data = output.get("data", {})
            for mime in _MARKUP_MIMES:  # cut markup would not render: fall back to text
                if isinstance(data.get(mime), str) and len(data[mime]) > limit:
                    del data[mime]
            if isinstance(data.get("text/plain"), str):
                data["text/plain"] = self._cut(data["text/plain"], limit)

    @staticmethod
    def _cut(text: str, limit: int) -> str:
        if len(text) <= limit:
            return text
        return text[:limit] + "\n" + msg("grading.output_truncated", count=len(text) - limit)

    @staticmethod
    def _note_output(size: int) -> Any:
        from nbformat.v4 import new_output

        return new_output("stream", name="stdout", text=msg("grading.output_dropped", count=size))
