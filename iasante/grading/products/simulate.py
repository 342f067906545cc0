"""Build a simulated class for an assignment: a throw-away course directory with submissions.

Submissions are generated from the assignment's own source and release notebooks, so this
works for any module: *correct* copies take the solution regions of the source notebook,
*partial* ones keep the release stub in every other autograded answer, *unanswered* ones are
the release notebook untouched, and a set of *broken* copies exercise every failure the
pipeline must survive.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.converters import GenerateAssignment

from ..course import course_directory, load_config

SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"

#: the broken kinds :func:`write_submission` builds (besides correct, partial, unanswered)
BROKEN_KINDS = [
    "infinite_loop",  # `while True: pass` at top level: the cell times out, is interrupted
    "function_loop",  # `while True` inside a function the tests call
    "os_exit",  # the kernel process exits
    "memory_hog",  # allocates until the kernel's memory limit
    "unstoppable_loop",  # a loop that swallows interrupts: only the notebook limit stops it
    "invalid_json",  # not a notebook at all
    "deleted_test",  # a test cell was deleted (nbgrader restores it)
    "tampered_locked",  # a test cell was rewritten to `assert True` (restored)
    "missing_notebook",  # the notebook was renamed
]
EXPECTED_STATUS = {
    "correct": "graded",
    "partial": "graded",
    "unanswered": "graded",
    "infinite_loop": "cell_timeout",
    "function_loop": "cell_timeout",
    "os_exit": "kernel_died",
    "memory_hog": "memory_error",
    "unstoppable_loop": "timed_out",
    "invalid_json": "invalid_notebook",
    "deleted_test": "restored",
    "tampered_locked": "restored",
    "missing_notebook": "missing_notebook",
}


def make_course(
    course_dir: str | Path,
    repo_root: str | Path,
    assignment: str,
    data: bool = True,
    config_file: str | Path | None = None,
) -> Path:
    """Copy ``nbgrader_config.py``, ``source/<assignment>`` (and ``data/``) of ``repo_root``
    into ``course_dir``, then generate the release and the gradebook with nbgrader."""
    course_dir = Path(course_dir).resolve()
    repo_root = Path(repo_root)
    course_dir.mkdir(parents=True, exist_ok=True)
    config_file = Path(config_file) if config_file else repo_root / "nbgrader_config.py"
    shutil.copy(config_file, course_dir / "nbgrader_config.py")
    target = course_dir / "source" / assignment
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        repo_root / "source" / assignment,
        target,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    if data and (repo_root / "data").is_dir() and not (course_dir / "data").exists():
        shutil.copytree(repo_root / "data", course_dir / "data")
    generate_release(course_dir, assignment)
    return course_dir


def generate_release(course_dir: str | Path, assignment: str) -> None:
    """``nbgrader generate_assignment`` through nbgrader's converter (fills the gradebook)."""
    cfg = load_config(course_dir)
    coursedir = course_directory(cfg, assignment, student=".")
    converter = GenerateAssignment(coursedir=coursedir, config=cfg)
    converter.force = True
    converter.create_assignment = True
    converter.start()


def _grade_id(cell: Any) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _solution_body(source: str) -> str:
    return "\n".join(
        line
        for line in source.splitlines()
        if SOLUTION_BEGIN not in line and SOLUTION_END not in line
    )


def build_notebook(source_nb: Any, release_nb: Any, kind: str) -> Any:  # noqa: C901 -- one branch per simulated kind of copy
    """Return the notebook a student of ``kind`` would submit (a copy of ``release_nb``)."""
    nb = nbformat.from_dict(release_nb)
    solutions = {
        _grade_id(c): c
        for c in source_nb.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
    }
    answered = 0
    for cell in nb.cells:
        gid = _grade_id(cell)
        if gid not in solutions or kind == "unanswered":
            continue
        autograded = cell.cell_type == "code"
        if kind == "partial" and autograded:
            answered += 1
            if answered % 2 == 0:
                continue  # keep the release stub
        cell.source = _solution_body(solutions[gid].source)
    code_solutions = [
        i for i, c in enumerate(nb.cells) if c.cell_type == "code" and _grade_id(c) in solutions
    ]
    tests = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        and c.metadata.get("nbgrader", {}).get("grade")
        and not c.metadata.get("nbgrader", {}).get("solution")
    ]
    after = (code_solutions[0] + 1) if code_solutions else len(nb.cells)
    new_cell = nbformat.v4.new_code_cell
    if kind == "infinite_loop":
        nb.cells.insert(after, new_cell("while True:\n    pass"))
    elif kind == "unstoppable_loop":
        nb.cells.insert(
            after,
            new_cell(
                "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
            ),
        )
    elif kind == "os_exit":
        nb.cells.insert(after, new_cell("import os\nos._exit(1)"))
    elif kind == "memory_hog":
        nb.cells.insert(
            after, new_cell("blocs = []\nwhile True:\n    blocs.append(bytes(200 * 2**20))")
        )
    elif kind == "function_loop":
        target = next((i for i in code_solutions if "def " in nb.cells[i].source), None)
        if target is None:
            nb.cells.insert(after, new_cell("while True:\n    pass"))
        else:
            cell = nb.cells[target]
            src = solutions[_grade_id(cell)].source.splitlines()
            out = []
            for line in src:
                if SOLUTION_BEGIN in line:
                    indent = line[: len(line) - len(line.lstrip())]
                    out += [f"{indent}while True:", f"{indent}    pass"]
                elif SOLUTION_END not in line:
                    out.append(line)
            cell.source = "\n".join(out)
    elif kind == "deleted_test" and tests:
        del nb.cells[tests[0]]
    elif kind == "tampered_locked" and tests:
        nb.cells[tests[0]].source = "assert True"
    return nb


def write_submission(course_dir: str | Path, assignment: str, student: str, kind: str) -> Path:
    """Write ``submitted/<student>/<assignment>/`` for a student of ``kind``."""
    course_dir = Path(course_dir)
    dest = course_dir / "submitted" / student / assignment
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    release = course_dir / "release" / assignment
    source = course_dir / "source" / assignment
    for path in sorted(release.glob("*.ipynb")):
        if kind == "invalid_json":
            (dest / path.name).write_text('{"cells": [ pas du JSON', encoding="utf-8")
            continue
        if kind == "missing_notebook":
            shutil.copy(path, dest / f"copie_de_{path.name}")
            continue
        source_nb = nbformat.read(str(source / path.name), as_version=4)
        release_nb = nbformat.read(str(path), as_version=4)
        nbformat.write(build_notebook(source_nb, release_nb, kind), str(dest / path.name))
    return dest


def class_kinds(size: int, broken: bool = True) -> list[str]:
    """A class of ``size`` students: every broken kind once (if asked), then a mix of
    correct, partial and unanswered copies."""
    kinds = list(BROKEN_KINDS) if broken else []
    cycle = ["correct", "partial", "correct", "unanswered", "partial"]
    i = 0
    while len(kinds) < size:
        kinds.append(cycle[i % len(cycle)])
        i += 1
    return kinds[:size] if not broken else kinds[: max(size, len(BROKEN_KINDS))]


def simulate_class(
    course_dir: str | Path, assignment: str, kinds: list[str], prefix: str = "etudiant"
) -> dict[str, str]:
    """Write one submission per entry of ``kinds``; return {student: kind}."""
    students = {}
    width = max(2, len(str(len(kinds))))
    for i, kind in enumerate(kinds, 1):
        student = f"{prefix}{i:0{width}d}"
        write_submission(course_dir, assignment, student, kind)
        students[student] = kind
    return students
