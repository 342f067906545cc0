"""No graded answer key in the learner package.

The learner's kernel imports ``iasante``: any function there that computes a graded
answer is one call away (``return m00.reference_bmi_class(b)`` earned full marks). Graded
references live in the hidden tests of ``source/`` and, for the answer tests, in
``tests/keys/``. This walks every submodule of ``iasante`` and fails on any attribute named
``reference_*`` or listed in ``iasante.grading.answerkeys.FORMER_ANSWER_KEYS``.
"""

from __future__ import annotations

import importlib
import pkgutil
import types

import pytest

import iasante
from iasante.grading.answerkeys import FORMER_ANSWER_KEYS

#: packages whose modules may need optional dependencies (nbgrader, JupyterHub, LTI…):
#: a module there that cannot be imported is skipped, not failed
OPTIONAL = ("iasante.grading", "iasante.hub")


def _module_names() -> list[str]:
    names = [iasante.__name__]
    for info in pkgutil.walk_packages(iasante.__path__, prefix="iasante."):
        names.append(info.name)
    return sorted(names)


def _import(name: str) -> types.ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        if name.startswith(OPTIONAL):
            pytest.skip(f"{name}: optional dependency missing ({exc})")
        raise


def test_the_list_of_former_keys_is_what_it_says() -> None:
    assert len(FORMER_ANSWER_KEYS) == 22
    assert all(name.startswith("reference_") for name in FORMER_ANSWER_KEYS)


def test_the_walk_reaches_the_exercise_modules() -> None:
    names = _module_names()
    for module in ("m00", "m01", "m02", "m03"):
        assert f"iasante.exercises.{module}" in names


@pytest.mark.parametrize(
    "name",
    _module_names(),
)
def test_no_answer_key_in_the_learner_package(name: str) -> None:
    module = _import(name)
    found = sorted(
        attr for attr in vars(module) if attr.startswith("reference_") or attr in FORMER_ANSWER_KEYS
    )
    assert not found, f"{name} defines graded answer keys: {found}"
