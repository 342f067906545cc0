"""nbgrader configuration of the course « IA en santé ».

The repository root *is* the nbgrader course directory: `source/` holds the
instructor versions, `release/` the generated student versions, `autograded/`
and `feedback/` are written by grading. Every value can be overridden in a
hub's own `nbgrader_config.py` or by environment variables (see below).
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 -- injected by traitlets when nbgrader loads this file

COURSE_ROOT = Path(__file__).resolve().parent

# -- Course ------------------------------------------------------------------
c.CourseDirectory.course_id = os.environ.get("IASANTE_COURSE_ID", "ia-sante")
c.CourseDirectory.root = str(COURSE_ROOT)
# SQLite gradebook next to this file by default; a hub may point to PostgreSQL.
c.CourseDirectory.db_url = os.environ.get(
    "IASANTE_GRADEBOOK_URL", f"sqlite:///{COURSE_ROOT / 'gradebook.db'}"
)
# Files that must never be copied into release/ or collected from students.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    ".DS_Store",
]

# -- Exchange (hub route) ----------------------------------------------------
# Must exist and be world-writable (chmod 777) on a shared hub.
c.Exchange.root = os.environ.get("IASANTE_EXCHANGE_ROOT", "/srv/nbgrader/exchange")

# -- Student versions: French stubs ------------------------------------------
# The raise keeps an untouched answer at 0 (and the course's checks read it as « not
# attempted »); its message is what a beginner sees if they run the cell as it is, so it
# says what to do instead of nbgrader's empty « NotImplementedError ».
c.ClearSolutions.code_stub = {
    "python": (
        "# VOTRE CODE ICI\n"
        'raise NotImplementedError("Pas encore de réponse : remplacez ces deux lignes '
        'par votre code.")'
    ),
}
c.ClearSolutions.text_stub = "VOTRE RÉPONSE ICI"

# -- Execution when autograding -----------------------------------------------
c.Execute.timeout = int(os.environ.get("IASANTE_CELL_TIMEOUT", "60"))  # seconds per cell
c.Execute.interrupt_on_timeout = True
# (Execute already continues after an error: its allow_errors is not configurable in
# nbgrader 0.9, and setting it made stock nbgrader warn twice per student.)

# -- Robust autograding ------------------------------------------------------
# A test cell the student deleted is put back, so it is graded instead of lost.
c.OverwriteCells.add_missing_cells = True
c.OverwriteCells.missing_cell_notification = (
    "Cette cellule (id : {cell_id}) manquait dans votre copie ; nbgrader l'a remise en place.\n\n"
)
# Harmless warnings written to stderr must not turn a passed test cell into 0.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = (
    r"(?:FutureWarning|DeprecationWarning|PendingDeprecationWarning|"
    r"ConvergenceWarning|UserWarning: FigureCanvasAgg is non-interactive)"
)
# A print in a loop must not make a feedback file of several megabytes: nbgrader's
# LimitOutput caps lines; the course's LimitOutputSize (its subclass, in the same place of
# the chain) also caps characters, per output and per notebook (one print of 60 MB is one
# line). Stock `nbgrader autograde` and `iasante grade` run the same chain.
c.LimitOutput.max_lines = 500
c.LimitOutput.max_traceback = 60
c.LimitOutputSize.max_chars_per_output = 100_000  # a 60-row DataFrame's HTML is ~40 000
c.LimitOutputSize.max_chars_per_notebook = 5_000_000
# nbgrader's own default chain imports ClearMetadataPreprocessor from nbconvert: it is not
# in nbgrader.preprocessors (importing it from there failed silently until 2026-12, and the
# chain lost LimitOutputSize). Only the course package's import may be missing.
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties,
    CheckCellMetadata,
    Execute,
    IgnorePattern,
    SaveAutoGrades,
)

try:
    from iasante.grading.nbgrader_ext.outputsize import LimitOutputSize
except ImportError:  # nbgrader without the course package (a bare hub image): lines only
    pass
else:
    c.Autograde.autograde_preprocessors = [
        Execute,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutputSize,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
