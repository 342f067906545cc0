"""Kept for course directories whose ``nbgrader_config.py`` predates the grading layout.

Instructors copy ``nbgrader_config.py`` into their course, and that file imports
``LimitOutputSize`` by module path inside a ``try: ... except ImportError`` (so that a bare
hub image without this package still loads it). Without this module, such a copy would
silently lose the output-size limit of the autograde chain. The class lives in
:mod:`iasante.grading.nbgrader_ext.outputsize`; new configs import it from there.
"""

from .nbgrader_ext.outputsize import LimitOutputSize

__all__ = ["LimitOutputSize"]
