"""Output budgets: one 60 MB print, or a thousand figures, do not make a 60 MB notebook."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from iasante.grading.nbgrader_ext.outputsize import LimitOutputSize


def _run(nb, **limits):
    pp = LimitOutputSize(**limits)
    out, _ = pp.preprocess(nb, {})
    return out


def test_one_huge_line_is_cut_with_a_french_note():
    cell = new_code_cell("print('x' * 6_000_000)")
    cell.outputs = [new_output("stream", name="stdout", text="x" * 6_000_000)]
    out = _run(new_notebook(cells=[cell]), max_chars_per_output=1000)
    text = out.cells[0].outputs[0]["text"]
    assert len(text) < 1200 and "sortie tronquée" in text and "5 999 000" not in text
    assert "5999000 caractères" in text


def test_the_notebook_budget_drops_outputs_beyond_it():
    cells = []
    for _ in range(50):
        cell = new_code_cell("plt.plot(x)")
        cell.outputs = [new_output("display_data", data={"image/png": "A" * 10_000})]
        cells.append(cell)
    out = _run(new_notebook(cells=cells), max_chars_per_notebook=100_000)
    kept = [c.outputs[0] for c in out.cells if c.outputs[0].get("output_type") == "display_data"]
    assert len(kept) == 10
    assert "sortie non conservée" in out.cells[-1].outputs[0]["text"]


def test_markup_too_long_falls_back_to_plain_text_and_small_outputs_are_untouched():
    big = new_code_cell("df")
    big.outputs = [
        new_output(
            "execute_result",
            data={"text/html": "<table>" + "<tr>" * 9000, "text/plain": "ok"},
            execution_count=1,
        )
    ]
    small = new_code_cell("print(1)")
    small.outputs = [new_output("stream", name="stdout", text="1\n")]
    out = _run(new_notebook(cells=[big, small]), max_chars_per_output=10_000)
    assert out.cells[0].outputs[0]["data"] == {"text/plain": "ok"}
    assert out.cells[1].outputs[0]["text"] == "1\n"
    nbformat.validate(out)
