"""Module 07 « Datathon » — the format checks of the graded assignment (never a score).

The notebook's answers are auto-graded on their **format** only: the hidden labels are not
in the learner's kernel, and the score is computed by the instructor's
``iasante datathon classement``, outside any kernel that runs student code. The checks
reuse :mod:`iasante.datathon.validation`, the same rules the instructor applies, with the
public tables the learner loaded (``defi = load_public()``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from iasante.datathon.challenge import ID, PublicChallenge
from iasante.datathon.validation import (
    CAPACITY,
    PREDICTIONS_FILE,
    validate_file,
    validate_frame,
)
from iasante.feedback import Incorrect, NotAttempted, Question, catalogue_hints, check_type
from iasante.messages import msg


def _check_challenge(defi: Any) -> PublicChallenge:
    if not isinstance(defi, PublicChallenge):
        raise Incorrect.of("m07.defi.absent")
    return defi


def _raise_first(problems: list) -> None:
    if problems:
        first = problems[0]
        raise Incorrect.of(first.key, **first.fields)


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %".replace(".", ",")


def _probabilities(proba: Any, name: str) -> np.ndarray:
    if proba is None:
        raise NotAttempted.of("feedback.answer.missing", name=name)
    values = np.asarray(proba, dtype=float).ravel() if not isinstance(proba, str) else None
    if values is None or values.size == 0:
        raise Incorrect.of("m07.q1.proba_not_numbers", name=name)
    return values


class Q1Threshold(Question):
    """``seuil``: the threshold of the decision, flagging a share of the test stays inside
    the follow-up programme's capacity."""

    title = msg("m07.q1.title")
    hints = catalogue_hints("m07.q1")
    solution_text = None

    def _check(self, seuil: Any = None, proba: Any = None) -> None:
        if seuil is None:
            raise NotAttempted.of("feedback.answer.missing", name="seuil")
        check_type(seuil, float, name="seuil")
        if math.isnan(seuil) or not 0 < seuil < 1:
            raise Incorrect.of("m07.q1.bounds")
        p = _probabilities(proba, "proba")
        share = float(np.mean(p >= seuil))
        low, high = CAPACITY
        if not low <= share <= high:
            raise Incorrect.of(
                "datathon.decision.capacite", share=_pct(share), low=_pct(low), high=_pct(high)
            )


class Q2Predictions(Question):
    """``predictions``: a DataFrame in the file format, valid for the public test table,
    whose decisions are ``probabilite >= seuil``."""

    title = msg("m07.q2.title")
    hints = catalogue_hints("m07.q2")
    solution_text = None

    def _check(self, predictions: Any = None, defi: Any = None, seuil: Any = None) -> None:
        if predictions is None:
            raise NotAttempted.of("feedback.answer.missing", name="predictions")
        check_type(predictions, pd.DataFrame, name="predictions")
        defi = _check_challenge(defi)
        if ID in predictions.columns and predictions[ID].isin(defi.train[ID]).all():
            raise Incorrect.of("m07.q2.train_set")
        result = validate_frame(predictions, defi.test[ID], defi.train[ID])
        _raise_first(result.problems)
        if seuil is not None and result.predictions is not None:
            check_type(seuil, float, name="seuil")
            got = result.predictions
            if not np.array_equal(got["decision"], (got["probabilite"] >= seuil).astype(int)):
                raise Incorrect.of("m07.q2.not_this_threshold")


class Q3File(Question):
    """The file ``predictions.csv`` next to the notebook: valid, and the same predictions as
    the ``predictions`` table (the file is what the instructor scores)."""

    title = msg("m07.q3.title")
    hints = catalogue_hints("m07.q3")
    solution_text = None

    def _check(self, predictions: Any = None, defi: Any = None, folder: Any = ".") -> None:
        if predictions is None:
            raise NotAttempted.of("feedback.answer.missing", name="predictions")
        defi = _check_challenge(defi)
        path = Path(folder) / PREDICTIONS_FILE
        if not path.exists() and not path.is_symlink():
            raise NotAttempted.of("datathon.fichier.absent", path=PREDICTIONS_FILE)
        result = validate_file(path, defi.test[ID], defi.train[ID], root=Path(folder))
        _raise_first(result.problems)
        check_type(predictions, pd.DataFrame, name="predictions")
        on_disk = result.predictions
        assert on_disk is not None
        mine = validate_frame(predictions, defi.test[ID], defi.train[ID]).predictions
        if mine is None or not (
            np.allclose(on_disk["probabilite"], mine["probabilite"], atol=1e-6)
            and np.array_equal(on_disk["decision"], mine["decision"])
        ):
            raise Incorrect.of("m07.q3.stale")


q1_threshold = Q1Threshold()
q2_predictions = Q2Predictions()
q3_file = Q3File()
