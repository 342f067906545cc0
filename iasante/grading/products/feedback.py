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
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor, Preprocessor
from nbgrader.converters import GenerateFeedback
from nbgrader.preprocessors import GetGrades
from traitlets import Bool, Unicode

from iasante.messages import msg

from ..course import course_directory, load_config
from ..nbgrader_ext.hidden import (
    BEGIN,
    END,
    delimiters,
    hidden_lines,
    is_unterminated,
    strip_ansi,
    strip_hidden_tests,
)
from ..nbgrader_ext.outputsize import LimitOutputSize
from ..runlog import assignment_logger

#: what nbgrader's release_feedback reads from a copy submitted through the exchange
EXCHANGE_FILES = ("timestamp.txt", "submission_secret.txt")
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
        if is_unterminated(source, self.begin_test_delimeter, self.end_test_delimeter):
            # an authoring error: everything after the opening line is withheld (safer
            # than showing it), and the error is said, not silently dropped
            self.log.error(
                "cell %s: hidden-test region opened and never closed (%r without %r); "
                "everything after it is removed from the feedback",
                cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", index),
                self.begin_test_delimeter,
                self.end_test_delimeter,
            )
        secret = [
            line
            for line in hidden_lines(source, self.begin_test_delimeter, self.end_test_delimeter)
            if len(line) >= MIN_LINE
        ]
        secret += [self.begin_test_delimeter, self.end_test_delimeter]
        cell.source = strip_hidden_tests(
            source, note=True, begin=self.begin_test_delimeter, end=self.end_test_delimeter
        )
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
            output.get("evalue", ""), secret
        ):
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
    c.GenerateFeedback.preprocessors = [
        GetGrades,
        LimitOutputSize,
        StripHiddenTests,
        CSSHTMLHeaderPreprocessor,
    ]
    from .feedback_template import NAME, NBGRADER_TEMPLATES, fr, fr_comment, template_basedir

    base = template_basedir()
    if base is not None:  # French labels; otherwise nbgrader's own (English) template
        c.HTMLExporter.template_name = NAME
        c.HTMLExporter.extra_template_basedirs = [str(base), str(NBGRADER_TEMPLATES)]
        c.HTMLExporter.filters = {"fr": fr, "fr_comment": fr_comment}
    else:
        c.HTMLExporter.template_name = "feedback"
    c.StripHiddenTests.begin_test_delimeter, c.StripHiddenTests.end_test_delimeter = delimiters(cfg)
    return c


@dataclass
class FeedbackResult:
    """What :func:`generate_feedback` did, student by student.

    ``written``: feedback files safe to hand back. ``withheld``: student → hidden lines
    found in their feedback (their files were deleted; a submission that prints a hidden
    test must not block the class). ``failed``: student → why nbgrader could not render
    their feedback (the traceback is in the assignment's log file).
    """

    written: list[Path] = field(default_factory=list)
    withheld: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def students(self) -> list[str]:
        return sorted({p.parent.parent.name for p in self.written})


def _autograded_students(cfg: Any, assignment: str) -> list[str]:
    root = Path(cfg.CourseDirectory.root)
    autograded = root / course_directory(cfg).autograded_directory
    return sorted(p.parent.name for p in autograded.glob(f"*/{assignment}") if p.is_dir())


def generate_feedback(
    course_dir: str | Path,
    assignment: str,
    students: list[str] | None = None,
    db_url: str | None = None,
) -> FeedbackResult:
    """Write ``feedback/<student>/<assignment>/*.html`` for the autograded submissions of
    ``students`` (default: all), one student at a time, and check each file for leaks.

    One student's failure (nbgrader cannot render a notebook) or leak (their own code
    printed a hidden-test line that the masking missed) is recorded for that student and
    logged with its traceback; the others' feedback is still written.
    """
    cfg = _feedback_config(load_config(course_dir, db_url))
    log = assignment_logger(course_dir, assignment)
    root = Path(cfg.CourseDirectory.root)
    feedback_root = root / course_directory(cfg).feedback_directory
    secret = hidden_test_lines(course_dir, assignment, db_url)
    result = FeedbackResult()
    for student in students or _autograded_students(cfg, assignment):
        converter = GenerateFeedback(
            coursedir=course_directory(cfg, assignment, student=student), config=cfg
        )
        converter.force = True
        try:
            converter.start()
        except Exception as exc:
            log.exception("feedback for %s failed", student)
            result.failed[student] = f"{type(exc).__name__}: {exc}".strip()
        files = sorted((feedback_root / student / assignment).glob("*.html"))
        # a line the student's own copy holds (an answer written exactly like the hidden
        # reference: `return "surpoids"`) is theirs to see, not a leak
        theirs = secret - own_lines(root / "autograded" / student / assignment, *delimiters(cfg))
        leaked = sorted({line for path in files for line in leaked_lines(path, theirs)})
        if leaked:
            log.error("feedback of %s withheld: it shows hidden lines %r", student, leaked)
            shutil.rmtree(feedback_root / student / assignment, ignore_errors=True)
            result.withheld[student] = leaked
        else:
            result.written += files
    log.info(
        "feedback: %d file(s), withheld %s, failed %s",
        len(result.written),
        sorted(result.withheld),
        sorted(result.failed),
    )
    return result


def release_feedback(
    course_dir: str | Path, assignment: str, students: list[str] | None = None
) -> list[str]:
    """``nbgrader release_feedback`` through nbgrader's exchange API, for ``students`` only
    when given (default: everyone whose feedback exists). Returns the students skipped.

    nbgrader files a feedback under a hash of the submission's ``timestamp.txt`` and
    ``submission_secret.txt``, which only a copy submitted through the exchange has; a
    copy dropped by hand into ``submitted/`` has none, so its student could not fetch it
    anyway. Such students are
    skipped and returned (hand them their HTML file directly), instead of nbgrader's
    ``FileNotFoundError`` stopping the release for everyone.
    """
    from nbgrader.auth import Authenticator
    from nbgrader.exchange import ExchangeFactory

    cfg = load_config(course_dir)
    root = Path(cfg.CourseDirectory.root) / course_directory(cfg).feedback_directory
    if students is None:
        students = sorted(p.parent.name for p in root.glob(f"*/{assignment}") if p.is_dir())
    releasable = [
        s for s in students if all((root / s / assignment / f).is_file() for f in EXCHANGE_FILES)
    ]
    authenticator = Authenticator(config=cfg)
    factory = ExchangeFactory(config=cfg)
    for student in releasable:
        coursedir = course_directory(cfg, assignment, student=student)
        app = factory.ReleaseFeedback(coursedir=coursedir, authenticator=authenticator, config=cfg)
        app.start()
    return [s for s in students if s not in releasable]


_TAG = re.compile(r"<[^>]+>")


def html_text(path: Path) -> str:
    """Visible text of an HTML file (tags removed, entities decoded)."""
    return html.unescape(_TAG.sub("", path.read_text(encoding="utf-8")))


def hidden_test_lines(
    course_dir: str | Path, assignment: str, db_url: str | None = None
) -> set[str]:
    """Every hidden-test line of the assignment's source cells (from the gradebook, where
    nbgrader keeps them), with the delimiters of the course's config."""
    from nbgrader.api import Gradebook

    cfg = load_config(course_dir, db_url)
    begin, end = delimiters(cfg)
    secret: set[str] = {begin, end}
    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        for nb in gb.find_assignment(assignment).notebooks:
            for cell in nb.source_cells:
                lines = hidden_lines(cell.source, begin, end)
                secret.update(line for line in lines if len(line) >= MIN_LINE)
    return secret


def own_lines(folder: Path, begin: str, end: str) -> set[str]:
    """Every line of the student's copies outside the hidden-test regions (their answers,
    the statement, the visible tests), stripped as :func:`hidden_lines` strips them.

    Measured on module 00 (issue 14): once the graded references moved inline into the
    hidden tests, four honest copies out of six had their feedback withheld because their
    answer cell held `return "surpoids"`, a line of the hidden WHO reference.
    """
    import nbformat

    lines: set[str] = set()
    for path in sorted(folder.glob("*.ipynb")):
        try:
            notebook = nbformat.read(path, as_version=4)
        except (OSError, ValueError):
            continue  # an unreadable copy shows nothing of its own: the check stays strict
        for cell in notebook.cells:
            shown = strip_hidden_tests(cell.source, note=False, begin=begin, end=end)
            lines.update(line.strip() for line in shown.splitlines() if line.strip())
    return lines


def leaked_lines(path: Path, secret: set[str]) -> list[str]:
    """The hidden lines that a feedback file shows (in its text or its raw HTML)."""
    raw = path.read_text(encoding="utf-8")
    text = html_text(path)
    return [line for line in sorted(secret) if line in text or line in raw]


def find_leaks(
    course_dir: str | Path, assignment: str, files: list[Path] | None = None
) -> list[tuple[Path, str]]:
    """(file, hidden line) for every hidden-test line found in a feedback file."""
    secret = hidden_test_lines(course_dir, assignment)
    if files is None:
        root = Path(load_config(course_dir).CourseDirectory.root)
        files = sorted((root / "feedback").glob(f"*/{assignment}/*.html"))
    return [(path, line) for path in files for line in leaked_lines(path, secret)]
