"""Tell apart an answer that delegates to a course tool computing the graded answer.

Some course tools, public because lessons and widgets use them openly
(``iasante.metrics.clinical_metrics``, ``iasante.data.nir.is_valid_nir``…), compute exactly
what a graded question asks the learner to write. An answer that merely calls one would
earn the marks without the skill. Reading the answer's source misses aliases and import
routes (``from iasante.data import nir as n; n.is_valid_nir``); watching the calls does
not: the answer is run once under a profile hook that records whether one of the tools'
code objects is entered, then the previous hook is put back.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any

from ._core import Incorrect, NotAttempted, call_answer


def runs_any(func: Any, tools: Iterable[Callable[..., Any]], *args: Any, **kwargs: Any) -> bool:
    """True when calling ``func(*args, **kwargs)`` enters one of ``tools``, by any route.

    A wrong or unfinished answer counts as « not delegating » (its own check says what is
    wrong); the learner's exceptions never escape from here.
    """
    codes = {tool.__code__ for tool in tools}
    seen = False

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal seen
        if event == "call" and frame.f_code in codes:
            seen = True

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        call_answer(func, *args, **kwargs)
    except (Incorrect, NotAttempted):
        pass
    finally:
        sys.setprofile(previous)
    return seen
