"""Course directory helpers: load the course's nbgrader config the way nbgrader does."""

from __future__ import annotations

from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config, PyFileConfigLoader

from iasante._env import ensure_scripts_on_path
from iasante.course import CourseLayout
from iasante.course import list_assignments as course_assignments

# nbgrader's Gradebook runs the ``alembic`` command: the environment's scripts go on PATH.
ensure_tools_on_path = ensure_scripts_on_path


def load_config(course_dir: str | Path, db_url: str | None = None) -> Config:
    """Return the config of ``course_dir/nbgrader_config.py``, rooted at ``course_dir``."""
    ensure_tools_on_path()
    course_dir = Path(course_dir).resolve()
    cfg = Config()
    config_file = course_dir / "nbgrader_config.py"
    if config_file.exists():
        cfg.merge(PyFileConfigLoader(config_file.name, path=str(course_dir)).load_config())
    cfg.CourseDirectory.root = str(course_dir)
    if db_url:
        cfg.CourseDirectory.db_url = db_url
    elif "db_url" not in cfg.CourseDirectory:
        cfg.CourseDirectory.db_url = f"sqlite:///{course_dir / 'gradebook.db'}"
    return cfg


def course_directory(cfg: Config, assignment: str = "", student: str = "*") -> CourseDirectory:
    coursedir = CourseDirectory(config=cfg)
    if assignment:
        coursedir.assignment_id = assignment
    coursedir.student_id = student
    return coursedir


def list_assignments(course_dir: str | Path) -> list[str]:
    """Assignments of the course: folders of ``source/`` holding a notebook, sorted."""
    return course_assignments(CourseLayout(Path(course_dir)))
