"""Narrow adaptations of nbgrader's own classes (each keeps nbgrader's cell logic).

- :mod:`.savegrades`: ``SaveAutoGrades`` with one transaction per notebook;
- :mod:`.sourcecells`: ``OverwriteCells`` with its gradebook reads remembered per worker;
- :mod:`.hidden`: hidden-test regions (strip, find leaks) as nbgrader delimits them;
- :mod:`.outputsize`: ``LimitOutputSize``, a preprocessor of the autograde chain
  (``nbgrader_config.py`` names it).

The fragile coupling to nbgrader's internals lives here and in :mod:`iasante.grading.compat`.
"""
