"""Module 02 answer keys (test side): target, metrics, threshold, VPP and VPN.

Written independently of ``iasante.metrics`` (plain arithmetic), so that the answer tests
also cross-check the course's library. Conventions: positive class = 1 (diabète); a
patient is predicted positive when ``score >= threshold``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

METRIC_KEYS = ("sensibilite", "specificite", "vpp", "vpn", "exactitude")


def target(pima: pd.DataFrame) -> pd.Series:
    """1 = diabète (``type == "Yes"``), 0 otherwise."""
    return (pima["type"] == "Yes").astype(int)


def metrics(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    """The five metrics of question 3, from the four counts."""
    return {
        "sensibilite": tp / (tp + fn),
        "specificite": tn / (tn + fp),
        "vpp": tp / (tp + fp),
        "vpn": tn / (tn + fn),
        "exactitude": (tp + tn) / (tp + fp + fn + tn),
    }


def threshold_for_sensitivity(y_true: Any, scores: Any, target: float) -> float:
    """Highest threshold ``t`` such that the sensitivity of ``score >= t`` is at least ``target``.

    It is a score of a diseased patient: the one ranked ``k``-th among the diseased, where
    ``k`` is the smallest number of detected cases that reaches the target.
    """
    y = np.asarray(y_true).astype(int)
    s = np.asarray(scores, dtype=float)
    positives = np.sort(s[y == 1])[::-1]
    needed = max(1, math.ceil(round(target * len(positives), 9)))
    return float(positives[needed - 1])


def ppv(sens: float, spec: float, prevalence: float) -> float:
    true_pos, false_pos = sens * prevalence, (1 - spec) * (1 - prevalence)
    return true_pos / (true_pos + false_pos)


def npv(sens: float, spec: float, prevalence: float) -> float:
    true_neg, false_neg = spec * (1 - prevalence), (1 - sens) * prevalence
    return true_neg / (true_neg + false_neg)
