"""The one loader of the course's ``nbgrader_config.py``, read exactly as nbgrader reads it.

Releasing, grading, feedback and exports all read the course's configuration through
:func:`load_config`; two loaders that differed on the gradebook URL existed before
(code review 2026-12).
"""

from __future__ import annotations

from pathlib import Path

from traitlets.config import Config, PyFileConfigLoader

from iasante._env import ensure_scripts_on_path
from iasante.messages import msg

CONFIG_NAME = "nbgrader_config.py"


class MissingConfigError(FileNotFoundError):
    """The course directory has no ``nbgrader_config.py`` (and one was required)."""


def load_config(
    course_dir: str | Path, db_url: str | None = None, *, required: bool = False
) -> Config:
    """The config of ``course_dir/nbgrader_config.py``, rooted at ``course_dir``.

    ``db_url`` overrides the gradebook URL; without one in the file either, the gradebook
    is ``course_dir/gradebook.db`` (nbgrader's own default). A missing file gives an
    empty config unless ``required``. nbgrader's gradebook runs the ``alembic`` command,
    so the environment's scripts are put on ``PATH`` first.
    """
    ensure_scripts_on_path()
    course_dir = Path(course_dir).resolve()
    cfg = Config()
    config_file = course_dir / CONFIG_NAME
    if config_file.exists():
        cfg.merge(PyFileConfigLoader(config_file.name, path=str(course_dir)).load_config())
    elif required:
        raise MissingConfigError(msg("cli.missing_file", path=config_file))
    cfg.CourseDirectory.root = str(course_dir)
    if db_url:
        cfg.CourseDirectory.db_url = db_url
    elif "db_url" not in cfg.CourseDirectory:
        cfg.CourseDirectory.db_url = f"sqlite:///{course_dir / 'gradebook.db'}"
    return cfg
