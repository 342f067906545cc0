"""Re-identification and model-leak measurements for module 06: pure helper functions.

Only helpers the lesson *uses* live here. The functions the graded assignment asks the
learner to write (uniqueness rate, k, l, linkage count, membership advantage at a
threshold, policy entropy, recall at a false-alarm rate) are deliberately **not** in the
package: a learner must not be able to import a graded answer.

References:

- Sweeney L. k-anonymity: a model for protecting privacy. *Int J Uncertain Fuzziness
  Knowl-Based Syst* 2002;10(5):557–570. doi:10.1142/S0218488502001648
- Machanavajjhala A, Kifer D, Gehrke J, Venkitasubramaniam M. l-diversity: privacy beyond
  k-anonymity. *ACM TKDD* 2007;1(1):3. doi:10.1145/1217299.1217302
- Yeom S, Giacomelli I, Fredrikson M, Jha S. Privacy risk in machine learning: analyzing
  the connection to overfitting. *IEEE CSF* 2018:268–282. doi:10.1109/CSF.2018.00027
  (membership advantage = true-positive rate − false-positive rate of the attack).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "class_size_table",
    "suppression_rate",
    "true_label_confidence",
    "best_membership_advantage",
    "hashes_per_second",
]


def class_size_table(df: pd.DataFrame, quasi_identifiers: Sequence[str]) -> pd.Series:
    """How many classes have each size (1, 2, 3…): the distribution a figure shows."""
    sizes = df.groupby(list(quasi_identifiers), observed=True, dropna=False).size()
    return sizes.value_counts().sort_index()


def suppression_rate(original: pd.DataFrame | int, released: pd.DataFrame | int) -> float:
    """Share of the original rows (0–1) that are missing from the released table."""
    n0 = original if isinstance(original, int) else len(original)
    n1 = released if isinstance(released, int) else len(released)
    return 1 - n1 / n0 if n0 else 0.0


def true_label_confidence(model: Any, X: Any, y: Sequence[int]) -> np.ndarray:
    """The probability the model gives to each row's **true** label (what a loss-based
    membership-inference attack looks at: a model is over-confident on what it learnt)."""
    proba = model.predict_proba(X)
    classes = list(model.classes_)
    cols = np.array([classes.index(v) for v in np.asarray(y)])
    return proba[np.arange(len(cols)), cols]


def best_membership_advantage(
    conf_members: Sequence[float], conf_nonmembers: Sequence[float]
) -> float:
    """The best advantage (max over thresholds of TPR − FPR) an attacker reaches by
    thresholding the confidence: 0 = learns nothing, 1 = always knows."""
    from sklearn.metrics import roc_curve

    scores = np.concatenate([np.asarray(conf_members), np.asarray(conf_nonmembers)])
    is_member = np.r_[np.ones(len(conf_members)), np.zeros(len(conf_nonmembers))]
    fpr, tpr, _ = roc_curve(is_member, scores)
    return float(np.max(tpr - fpr))


def hashes_per_second(hash_once: Callable[[bytes], Any], seconds: float = 0.3) -> float:
    """How many times ``hash_once(candidate)`` runs per second on this machine (measured,
    with a different candidate each time, during about ``seconds``)."""
    n, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        hash_once(f"candidat{n}".encode())
        n += 1
    return n / elapsed
