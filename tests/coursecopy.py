"""Build a throw-away copy of the course and grade notebooks in it with stock nbgrader.

The round-trip tests never write into the repository: the course (config,
source/, release/) is copied into a temporary folder, submissions are laid out
as nbgrader's ``submitted/<student>/<assignment>/`` and graded there.
"""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from iasante.course import CourseLayout, generate_release
from iasante.course.release import load_course_config

REPO = Path(__file__).resolve().parents[1]


def copy_course(dest: Path) -> CourseLayout:
    """Copy what grading needs (config, source/, release/, data/) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "nbgrader_config.py", dest / "nbgrader_config.py")
    for folder in ("source", "release", "data"):
        if (REPO / folder).is_dir():
            shutil.copytree(
                REPO / folder,
                dest / folder,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
            )
    return CourseLayout(dest)


@dataclass(frozen=True)
class CellGrade:
    notebook: str
    cell: str
    score: float
    max_score: float


def submit(layout: CourseLayout, student: str, assignment: str, origin: Path) -> Path:
    """Lay a folder of notebooks out as a submission of ``student``."""
    target = layout.root / "submitted" / student / assignment
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(origin, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


def api_for(layout: CourseLayout):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = load_course_config(layout)
    config.CourseDirectory.db_url = f"sqlite:///{layout.root / 'gradebook.db'}"
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def release_into(layout: CourseLayout) -> None:
    """Generate release/ in the copy (also records source cells in its gradebook)."""
    generate_release(layout)


def autograde(layout: CourseLayout, assignment: str, student: str) -> dict:
    result = api_for(layout).autograde(assignment, student, force=True, create=True)
    if not result["success"]:
        raise RuntimeError(result.get("error") or result.get("log"))
    return result


def cell_grades(layout: CourseLayout, assignment: str, student: str) -> list[CellGrade]:
    """Every autograded cell's score, read back from the copy's gradebook."""
    from nbgrader.api import Gradebook

    grades: list[CellGrade] = []
    config = load_course_config(layout)
    with Gradebook(
        f"sqlite:///{layout.root / 'gradebook.db'}", config.CourseDirectory.course_id
    ) as gb:
        submission = gb.find_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.cell_type != "code":
                    continue  # markdown answers are graded by hand
                grades.append(
                    CellGrade(notebook.name, grade.name, grade.auto_score or 0.0, grade.max_score)
                )
    return grades


def stale_release_files(layout: CourseLayout) -> list[str]:
    """Files of release/ that differ from what generate_assignment makes now (or are extra)."""

    def snapshot() -> dict[str, bytes]:
        return {
            p.relative_to(layout.release).as_posix(): p.read_bytes()
            for p in layout.release.rglob("*")
            if p.is_file()
        }

    committed = snapshot()
    release_into(layout)
    fresh = snapshot()
    names = sorted(set(committed) | set(fresh))
    return [n for n in names if committed.get(n) != fresh.get(n)]


MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "BEGIN MARK SCHEME",
    "END MARK SCHEME",
)


def _regions(source: str, begin: str, end: str) -> list[str]:
    """Lines strictly inside begin/end markers (nbgrader's delimiters)."""
    lines, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            lines.append(line.strip())
    return lines


def _secret_lines(nb) -> set[str]:
    """Meaningful lines of solutions, hidden tests and manual model answers."""
    secret: list[str] = []
    public: set[str] = set()
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        src = cell.source
        hidden = _regions(src, "BEGIN SOLUTION", "END SOLUTION")
        hidden += _regions(src, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        hidden += _regions(src, "BEGIN MARK SCHEME", "END MARK SCHEME")
        if cell.cell_type == "markdown" and meta.get("solution"):
            hidden += [line.strip() for line in src.splitlines()]
        secret += hidden
        public.update(line.strip() for line in src.splitlines() if line.strip() not in hidden)
    # A line that also stands in the public part of the notebook reveals nothing.
    return {s for s in secret if len(s) >= 12 and s not in public}


def release_leaks(layout: CourseLayout, assignment: str) -> list[str]:
    """Markers or secret lines of the source that stand in the student version."""
    problems: list[str] = []
    for source_path in sorted((layout.source / assignment).glob("*.ipynb")):
        release_path = layout.release / assignment / source_path.name
        if not release_path.is_file():
            problems.append(f"{release_path} missing: run `iasante release`")
            continue
        released = release_path.read_text(encoding="utf-8")
        problems += [f"{release_path.name}: marker {m}" for m in MARKERS if m in released]
        text = "\n".join(c.source for c in nbformat.read(release_path, as_version=4).cells)
        secrets = _secret_lines(nbformat.read(source_path, as_version=4))
        if not secrets:
            problems.append(f"{source_path.name}: no solution region found")
        problems += [f"{release_path.name}: leaks {s!r}" for s in sorted(secrets) if s in text]
    return problems


STUB = "# VOTRE CODE ICI"


def fill_stub(source: str, answer: str) -> str:
    """Put ``answer`` where nbgrader's stub stands in a cell, at the stub's indentation."""
    lines = source.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == STUB)
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    assert lines[at + 1].strip().startswith("raise NotImplementedError(")
    body = [indent + line if line else line for line in answer.splitlines()]
    return "\n".join(lines[:at] + body + lines[at + 2 :])


def answered_copy(release_dir: Path, answers: dict[str, str], dest: Path) -> Path:
    """A copy of a student version with some answer cells filled in, as a learner would."""
    dest.mkdir(parents=True)
    for path in release_dir.iterdir():
        (dest / path.name).write_bytes(path.read_bytes())
    for notebook in sorted(dest.glob("*.ipynb")):
        nb = nbformat.read(notebook, as_version=4)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in answers:
                cell.source = fill_stub(cell.source, answers[grade_id])
        nbformat.write(nb, notebook)
    return dest


def autograded_answer_ids(assignment: str) -> set[str]:
    """grade_ids of the code answer cells of an assignment's source notebooks."""
    ids: set[str] = set()
    for path in sorted((REPO / "source" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("solution"):
                ids.add(meta["grade_id"])
    return ids


def grade_answer_sets(root: Path, assignment: str, students: dict[str, dict[str, str]]):
    """Release a course copy, submit one answered copy per student, autograde each."""
    layout = copy_course(root / "course")
    release_into(layout)
    release_dir = layout.release / assignment
    for student, answers in students.items():
        submit(layout, student, assignment, answered_copy(release_dir, answers, root / student))
        autograde(layout, assignment, student)
    return layout


def wrong_scores(
    layout: CourseLayout, assignment: str, student: str, broken: set[str] = frozenset()
) -> list[str]:
    """Cells whose score is not 0 when in ``broken``, or not full marks otherwise."""
    grades = cell_grades(layout, assignment, student)
    missing = set(broken) - {g.cell for g in grades}
    problems = [f"{cell}: no such graded cell" for cell in sorted(missing)]
    for g in grades:
        expected = 0 if g.cell in broken else g.max_score
        if g.score != expected:
            problems.append(f"{g.cell}: {g.score} instead of {expected}")
    return problems


VARIANTS = REPO / "tests" / "fixtures" / "variants"
CELL_MARKER = re.compile(r"# %% (\w+)")


def stub_functions(assignment: str) -> dict[str, str | None]:
    """Answer cell → name of the function whose body the stub stands in (None: top level)."""
    where: dict[str, str | None] = {}
    for path in sorted((REPO / "release" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            lines = cell.source.splitlines()
            if cell.cell_type != "code" or STUB not in (line.strip() for line in lines):
                continue
            at = next(i for i, line in enumerate(lines) if line.strip() == STUB)
            defs = [line.split()[1].split("(")[0] for line in lines[:at] if line.startswith("def ")]
            where[grade_id] = defs[-1] if lines[at].startswith(" ") else None
    return where


def _answer(path: Path, grade_id: str, lines: list[str], function: str | None) -> str:
    """The text a learner typed in one cell, from its section of a fixture module.

    Comment lines right under the marker describe the answer and are left out. An answer
    inside a function is written as that whole function (so ``return`` is legal Python
    and the linter sees the parameters); its body, one indent less, is the answer.
    """
    while lines and (not lines[0].strip() or lines[0].startswith("#")):
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    code = "\n".join(lines)
    if function is None:
        return code
    tree = ast.parse(code)
    node = tree.body[0] if len(tree.body) == 1 else None
    header = f"def {function}("
    if not isinstance(node, ast.FunctionDef) or not lines[0].startswith(header):
        raise ValueError(f"{path}, {grade_id}: write the answer as one `{header}…)` function")
    if not lines[0].rstrip().endswith(":") or node.end_lineno != len(lines):
        raise ValueError(f"{path}, {grade_id}: a one-line signature, nothing after the body")
    body = lines[1:]
    if any(line and not line.startswith("    ") for line in body):
        raise ValueError(f"{path}, {grade_id}: the body is indented by four spaces")
    return "\n".join(line[4:] for line in body)


def variant_answers(assignment: str, student: str) -> dict[str, str]:
    """The answer cells of ``tests/fixtures/variants/<assignment>/<student>.py``.

    The answers were Python source in string literals, which no linter reads; a module of
    ``# %% <grade_id>`` sections (a jupytext « percent » script) is linted like any code
    and reads like the notebook it fills. The text is sliced from the file, not
    regenerated from its syntax tree, so each answer keeps the exact layout a learner
    typed (``ruff format`` leaves the folder alone, see its ``ruff.toml``).
    """
    path = VARIANTS / assignment / f"{student}.py"
    functions = stub_functions(assignment)
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = CELL_MARKER.fullmatch(line)
        if marker:
            if marker[1] not in functions or marker[1] in sections:
                raise ValueError(f"{path}: {marker[1]} is no answer cell, or is repeated")
            current = sections[marker[1]] = []
        elif current is not None:
            current.append(line)
    return {
        grade_id: _answer(path, grade_id, lines, functions[grade_id])
        for grade_id, lines in sections.items()
    }


def variant_notebooks(assignment: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """``alternatives.py``'s answers, and every other fixture module as a notebook of
    mistakes: its own cells over those of ``alternatives.py``."""
    alternatives = variant_answers(assignment, "alternatives")
    mistakes = {
        path.stem: {**alternatives, **variant_answers(assignment, path.stem)}
        for path in sorted((VARIANTS / assignment).glob("*.py"))
        if path.stem != "alternatives"
    }
    return alternatives, mistakes


class NotebookVariants:
    """The tests of every ``tests/test_mNN_notebook_variants.py``, written once.

    A module's file subclasses this as ``class TestNotebookVariants(NotebookVariants)``
    with ``ASSIGNMENT`` and ``BROKEN`` (student → the graded cells their mistakes must
    lose). The answers come from ``tests/fixtures/variants/<ASSIGNMENT>/``:
    ``ALTERNATIVES`` (answer cell → different but correct code) and ``MISTAKES`` (student →
    answers with typical mistakes), see :func:`variant_notebooks`. Each subclass grades
    its students once, through stock nbgrader (the class-scoped ``graded`` fixture of
    conftest.py).
    """

    ASSIGNMENT: str
    ALTERNATIVES: dict[str, str]
    MISTAKES: dict[str, dict[str, str]]
    BROKEN: dict[str, set[str]]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.ALTERNATIVES, cls.MISTAKES = variant_notebooks(cls.ASSIGNMENT)

    def test_every_answer_cell_has_an_example(self) -> None:
        assert autograded_answer_ids(self.ASSIGNMENT) == set(self.ALTERNATIVES)
        assert set(self.MISTAKES) == set(self.BROKEN)

    def test_different_correct_answers_earn_full_marks(self, graded) -> None:
        problems = wrong_scores(graded, self.ASSIGNMENT, "alternatives")
        assert not problems, problems

    def test_typical_mistakes_lose_exactly_their_questions(self, graded) -> None:
        problems = [
            f"{student}: {problem}"
            for student in sorted(self.MISTAKES)
            for problem in wrong_scores(graded, self.ASSIGNMENT, student, self.BROKEN[student])
        ]
        assert not problems, problems

    def test_correct_answers_write_nothing_to_stderr_in_test_cells(self, graded) -> None:
        name = self.ASSIGNMENT
        path = graded.root / "autograded" / "alternatives" / name / f"{name}.ipynb"
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
                streams = [o for o in cell.outputs if o.get("name") == "stderr"]
                assert not streams, (cell.metadata["nbgrader"]["grade_id"], streams)
