"""Interactive explorers (ipywidgets + matplotlib), over plain functions of ``iasante.metrics``.

- :func:`threshold_explorer` — decision threshold, confusion matrix, ROC point;
- :func:`prevalence_explorer` — VPP/VPN against prevalence (Bayes), natural frequencies;
- :func:`subgroup_explorer` — per-group audit with fairlearn's ``MetricFrame``;
- :func:`group_threshold_explorer` — one threshold per group, gaps and total alerts;
- :func:`calibration_explorer` — move predicted risks, watch the reliability curve;
- :func:`monitoring_explorer` — a deployed model's AUC, calibration and alerts by period
  and site (:mod:`iasante.drift`).

Where widgets cannot render (plain Python, nbgrader run, ipywidgets missing, or
``IASANTE_STATIC_WIDGETS=1``), they draw a static figure for the initial values and
return ``None``. Explorers are never graded: grade the functions of ``iasante.metrics``.
"""

from iasante.metrics import (
    calibration_by_group,
    clinical_metrics,
    confusion_at_threshold,
    metrics_at_threshold,
    natural_frequencies,
    ppv_npv_from_prevalence,
    roc_points,
    subgroup_table,
)

from .calibration import calibration_explorer
from .drift import monitoring_explorer
from .explorers import prevalence_explorer, subgroup_explorer, threshold_explorer
from .group_thresholds import group_threshold_explorer

__all__ = [
    "calibration_by_group",
    "calibration_explorer",
    "clinical_metrics",
    "confusion_at_threshold",
    "group_threshold_explorer",
    "metrics_at_threshold",
    "monitoring_explorer",
    "natural_frequencies",
    "ppv_npv_from_prevalence",
    "prevalence_explorer",
    "roc_points",
    "subgroup_explorer",
    "subgroup_table",
    "threshold_explorer",
]
