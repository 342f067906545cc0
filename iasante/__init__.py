"""« IA en santé » — the course package.

Learners never need to import it by hand: lesson notebooks and nbgrader test
cells do it for them. It holds the data loaders, the learner-facing checks,
the widgets, the grading pipeline and the command-line tool `iasante`.
"""

__version__ = "0.1.0"
