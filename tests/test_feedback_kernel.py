"""The feedback and an explorer inside a real Jupyter kernel (lesson mode and graded mode)."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

LESSON_CELLS = [
    "from iasante.feedback import Question, call_answer, check_number\n"
    "class Double(Question):\n"
    "    hints = ['Multipliez par deux.']\n"
    "    solution_text = 'def double(x):\\n    return 2 * x'\n"
    "    def _check(self, f):\n"
    "        check_number(call_answer(f, 3), 6, name='double(3)')\n"
    "q1 = Double()",
    "def double(x):\n    return x + 1\nq1.check(double)",
    "def double(x):\n    return x + x\nq1.check(double)",
    "q1.hint(1)",
    "import numpy as np\n"
    "from iasante.widgets import threshold_explorer\n"
    "rng = np.random.default_rng(0)\n"
    "y = rng.integers(0, 2, 100)\n"
    "threshold_explorer(y, rng.random(100))",
]


def run(cells, tmp_path, env=None, allow_errors=False):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        client = NotebookClient(
            nb,
            timeout=60,
            kernel_name="python3",
            allow_errors=allow_errors,
            resources={"metadata": {"path": str(tmp_path)}},
        )
        client.execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def html_of(cell):
    return "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)


def test_lesson_then_graded_mode_in_one_kernel(tmp_path):
    """One kernel start (seconds): lesson cells, then nbgrader's variable, then graded cells."""
    graded = [
        "import os\nos.environ['NBGRADER_EXECUTION'] = 'autograde'",
        "def double(x):\n    return x + x\nq1.assert_correct(double)",
        "q1.solution()",
        LESSON_CELLS[4],
        "def double(x):\n    return x + 1\nq1.assert_correct(double)",
    ]
    nb = run(
        LESSON_CELLS + graded,
        tmp_path,
        allow_errors=True,
        env={"IASANTE_USAGE_FILE": str(tmp_path / "aides.json")},
    )
    wrong, right, hint, explorer = nb.cells[1:5]
    assert "iasante-incorrect" in html_of(wrong) and "q1.hint()" in html_of(wrong)
    assert "iasante-correct" in html_of(right)
    # check() returns a truthy result that displays nothing: no bare True/False output
    assert not [o for o in wrong.outputs + right.outputs if o.output_type == "execute_result"]
    assert "Multipliez par deux" in html_of(hint) and "q1.solution()" in html_of(hint)
    assert any(
        "application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in explorer.outputs
    )
    for cell in nb.cells[:5]:
        assert not [o for o in cell.outputs if o.get("name") == "stderr"], cell.source
    assert (tmp_path / "aides.json").exists()

    ok, solution, static, failing = nb.cells[6:10]
    assert [o.get("name") for o in ok.outputs] == ["stdout"]  # nothing on stderr
    assert "Vérification réussie" in ok.outputs[0]["text"]
    assert "2 * x" not in str(solution.outputs) and "pas disponible" in html_of(solution)
    assert not any("widget-view" in str(o.get("data", {})) for o in static.outputs)
    assert "Affichage statique" in html_of(static)
    errors = [o for o in failing.outputs if o.output_type == "error"]
    assert errors and errors[0]["ename"] == "Incorrect"
    assert "« double(3) » vaut 4" in errors[0]["evalue"]
