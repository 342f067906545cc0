"""One log file per assignment, with full tracebacks, for what the terminal only summarises.

The terminal says in one French line that a copy failed; the instructor (or whoever
maintains the hub) needs the whole traceback to know why. Everything the grading side
logs for an assignment goes to ``autograded/.iasante/<assignment>.log``, appended, with a
timestamp. Logging never raises: a log file that cannot be written is skipped.
"""

from __future__ import annotations

import logging
from pathlib import Path

LOGGER_NAME = "iasante.grading"
LOG_DIR = Path("autograded") / ".iasante"


def log_path(course_dir: str | Path, assignment: str) -> Path:
    return Path(course_dir).resolve() / LOG_DIR / f"{assignment}.log"


def assignment_logger(course_dir: str | Path, assignment: str) -> logging.Logger:
    """The logger of one assignment's grading products, writing to its log file."""
    logger = logging.getLogger(f"{LOGGER_NAME}.{assignment}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    path = log_path(course_dir, assignment)
    if not any(getattr(h, "baseFilename", None) == str(path) for h in logger.handlers):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(path, encoding="utf-8")
        except OSError:
            return logger
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
    return logger
