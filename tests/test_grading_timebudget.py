"""After a first timeout, a copy's remaining cells get a short limit (grading time)."""

from __future__ import annotations

from types import SimpleNamespace

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from iasante.grading.kernel.timebudget import shrinking_timeout


def test_full_limit_until_a_cell_was_interrupted_then_a_short_one():
    cells = [
        new_markdown_cell("consigne"),
        new_code_cell("boucle()"),
        new_code_cell("test()"),
        new_code_cell("test2()"),
    ]
    client = SimpleNamespace(timeout=60, nb=new_notebook(cells=cells))
    timeout_for = shrinking_timeout(client)
    assert [timeout_for(c) for c in cells[1:]] == [60, 60, 60]
    cells[1].outputs = [new_output("error", ename="KeyboardInterrupt", evalue="", traceback=[])]
    assert timeout_for(cells[1]) == 60  # the interrupted cell itself, if run again
    assert [timeout_for(c) for c in cells[2:]] == [10, 10]
    # another error is not a timeout
    cells[1].outputs = [new_output("error", ename="ValueError", evalue="", traceback=[])]
    assert timeout_for(cells[3]) == 60


def test_short_limits_have_a_floor_and_no_limit_stays_no_limit():
    cell = new_code_cell("x")
    done = new_code_cell("boucle()")
    done.outputs = [new_output("error", ename="KeyboardInterrupt", evalue="", traceback=[])]
    nb = new_notebook(cells=[done, cell])
    assert shrinking_timeout(SimpleNamespace(timeout=10, nb=nb))(cell) == 5
    assert shrinking_timeout(SimpleNamespace(timeout=None, nb=nb))(cell) is None
