"""Feedback for students: nbgrader's HTML feedback, without any line of the hidden tests.

nbgrader stores each test cell in the gradebook *with* its hidden tests (``SaveCells`` runs
before ``ClearHiddenTests`` when generating the assignment), and ``OverwriteCells`` puts that
full source back into the autograded notebook, so stock ``generate_feedback`` shows the hidden
tests (jupyter/nbgrader#917, #1363). :class:`StripHiddenTests` runs in nbgrader's
``GenerateFeedback`` converter, after ``GetGrades``: it removes the hidden block from the source
(keeping the visible tests and a note) and masks any output line that quotes a hidden line
(an IPython traceback shows the failing line and its neighbours).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor, Preprocessor
from nbgrader.converters import GenerateFeedback
from nbgrader.preprocessors import GetGrades
from traitlets import Bool, Unicode

from iasante.messages import msg

from .course import course_directory, load_config
from .hidden import BEGIN, END, hidden_lines, strip_ansi, strip_hidden_tests

MIN_LINE = 4  # hidden lines shorter than this (")", "]") are too generic to mask


class StripHiddenTests(Preprocessor):
    """Remove hidden tests from test cells and from their outputs."""

    enabled = Bool(True).tag(config=True)
    begin_test_delimeter = Unicode(BEGIN).tag(config=True)
    end_test_delimeter = Unicode(END).tag(config=True)

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        source = cell.get("source", "")
        if self.begin_test_delimeter not in source:
            return cell, resources
        secret = [line for line in hidden_lines(
            source, self.begin_test_delimeter, self.end_test_delimeter) if len(line) >= MIN_LINE]
        secret += [self.begin_test_delimeter, self.end_test_delimeter]
        cell.source = strip_hidden_tests(
            source, note=True, begin=self.begin_test_delimeter, end=self.end_test_delimeter)
        if cell.cell_type == "code":
            cell.outputs = [mask_output(out, secret) for out in cell.get("outputs", [])]
        return cell, resources


def _leaks(text: str, secret: list[str]) -> bool:
    plain = strip_ansi(text)
    return any(line in plain for line in secret)


def _mask_text(text: str, secret: list[str]) -> str:
    note = msg("grading.hidden_output_note")
    lines = [note if _leaks(line, secret) else line for line in text.split("\n")]
    out: list[str] = []
    for line in lines:  # one note for a run of masked lines
        if not (line == note and out and out[-1] == note):
            out.append(line)
    return "\n".join(out)


def mask_output(output: Any, secret: list[str]) -> Any:
    kind = output.get("output_type")
    note = msg("grading.hidden_output_note")
    if kind == "error":
        frames = [strip_ansi(entry) for entry in output.get("traceback", [])]
        failing = [line for frame in frames for line in frame.split("\n") if "---->" in line]
        if any(_leaks(line, secret) for line in failing) or _leaks(
                output.get("evalue", ""), secret):
            # the error comes from a hidden test: say which error, not which test
            output["traceback"] = [f"{output.get('ename', 'Error')}: {note}"]
            output["evalue"] = note
        else:  # a visible test failed; IPython also quotes the lines around it
            output["traceback"] = [_mask_text(frame, secret) for frame in frames]
    elif kind == "stream":
        output["text"] = _mask_text(output.get("text", ""), secret)
    elif kind in ("execute_result", "display_data"):
        data = output.get("data", {})
        for mime in ("text/plain", "text/html", "text/markdown"):
            if mime in data and isinstance(data[mime], str):
                data[mime] = _mask_text(data[mime], secret)
    return output


def _feedback_config(cfg: Any) -> Any:
    from traitlets.config import Config

    c = Config(cfg)
    c.GenerateFeedback.preprocessors = [GetGrades, StripHiddenTests, CSSHTMLHeaderPreprocessor]
    from .feedback_template import NAME, NBGRADER_TEMPLATES, fr, fr_comment, template_basedir

    base = template_basedir()
    if base is not None:  # French labels; otherwise nbgrader's own (English) template
        c.HTMLExporter.template_name = NAME
        c.HTMLExporter.extra_template_basedirs = [str(base), str(NBGRADER_TEMPLATES)]
        c.HTMLExporter.filters = {"fr": fr, "fr_comment": fr_comment}
    else:
        c.HTMLExporter.template_name = "feedback"
    for key in ("begin_test_delimeter", "end_test_delimeter"):
        if key in cfg.ClearHiddenTests:
            setattr(c.StripHiddenTests, key, cfg.ClearHiddenTests[key])
    return c


def generate_feedback(
    course_dir: str | Path, assignment: str, students: list[str] | None = None,
    db_url: str | None = None,
) -> list[Path]:
    """Write ``feedback/<student>/<assignment>/*.html`` for every autograded submission."""
    cfg = _feedback_config(load_config(course_dir, db_url))
    written: list[Path] = []
    for student in students or ["*"]:
        coursedir = course_directory(cfg, assignment, student=student)
        converter = GenerateFeedback(coursedir=coursedir, config=cfg)
        converter.force = True
        try:
            converter.start()
        except Exception:  # noqa: BLE001 -- nbgrader raises when nothing is autograded
            pass
    root = Path(load_config(course_dir).CourseDirectory.root)
    feedback = root / course_directory(cfg).feedback_directory
    for path in sorted(feedback.glob(f"*/{assignment}/*.html")):
        if students is None or path.parent.parent.name in students:
            written.append(path)
    return written


def release_feedback(course_dir: str | Path, assignment: str) -> None:
    """``nbgrader release_feedback <assignment>`` through nbgrader's exchange API."""
    from nbgrader.auth import Authenticator
    from nbgrader.exchange import ExchangeFactory

    cfg = load_config(course_dir)
    coursedir = course_directory(cfg, assignment, student="*")
    authenticator = Authenticator(config=cfg)
    factory = ExchangeFactory(config=cfg)
    app = factory.ReleaseFeedback(coursedir=coursedir, authenticator=authenticator, config=cfg)
    app.start()


_TAG = re.compile(r"<[^>]+>")


def html_text(path: Path) -> str:
    """Visible text of an HTML file (tags removed, entities decoded)."""
    return html.unescape(_TAG.sub("", path.read_text(encoding="utf-8")))


def find_leaks(
    course_dir: str | Path, assignment: str, files: list[Path] | None = None
) -> list[tuple[Path, str]]:
    """(file, hidden line) for every hidden-test line found in a feedback file."""
    from nbgrader.api import Gradebook

    cfg = load_config(course_dir)
    secret: set[str] = set()
    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        for nb in gb.find_assignment(assignment).notebooks:
            for cell in nb.source_cells:
                secret.update(line for line in hidden_lines(cell.source) if len(line) >= MIN_LINE)
    if files is None:
        root = Path(cfg.CourseDirectory.root)
        files = sorted((root / "feedback").glob(f"*/{assignment}/*.html"))
    secret.update({BEGIN, END})
    leaks = []
    for path in files:
        raw = path.read_text(encoding="utf-8")
        text = html_text(path)
        for line in sorted(secret):
            if line in text or line in raw:
                leaks.append((path, line))
    return leaks
