"""scikit-learn: a fitted estimator of the right kind, steps and parameters.

All of them raise :class:`~iasante.feedback.Incorrect` (with the catalogue key of the
diagnosis) and never put the expected value in a message: they may quote the learner's own
value, the name of the learner's object, column names and units given by the statement.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from iasante.messages import msg

from .._core import Incorrect, format_value, type_label
from .scalars import _not_attempted_if_missing

# --------------------------------------------------------------------------------------------
# scikit-learn
# --------------------------------------------------------------------------------------------

_DISTANCE_MODELS = (
    "KNeighborsClassifier",
    "KNeighborsRegressor",
    "RadiusNeighborsClassifier",
    "RadiusNeighborsRegressor",
    "SVC",
    "SVR",
    "NuSVC",
    "NuSVR",
    "KMeans",
    "NearestNeighbors",
)
_SCALERS = (
    "StandardScaler",
    "MinMaxScaler",
    "RobustScaler",
    "MaxAbsScaler",
    "Normalizer",
    "QuantileTransformer",
    "PowerTransformer",
)


def _final_step(est: Any) -> Any:
    from sklearn.pipeline import Pipeline

    while isinstance(est, Pipeline):
        est = est.steps[-1][1]
    return est


def _flat_steps(est: Any) -> list[Any]:
    """Every transformer/estimator of a (nested) Pipeline or ColumnTransformer, in order."""
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import FeatureUnion, Pipeline

    if isinstance(est, Pipeline):
        return [s for _, step in est.steps for s in _flat_steps(step)]
    if isinstance(est, ColumnTransformer):
        fitted = getattr(est, "transformers_", None) or est.transformers
        return [est] + [s for _, t, _ in fitted for s in _flat_steps(t)]
    if isinstance(est, FeatureUnion):
        return [est] + [s for _, t in est.transformer_list for s in _flat_steps(t)]
    return [est]


def _has_scaler_before_final(est: Any) -> bool:
    steps = _flat_steps(est)[:-1]
    return any(type(s).__name__ in _SCALERS for s in steps)


def check_estimator(  # noqa: C901 -- an ordered table of diagnoses; kept flat to read as the statement's rules
    est: Any,
    *,
    name: str,
    expected_type: type | tuple[type, ...] | None = None,
    fitted: bool = True,
    steps: Sequence[type] | None = None,
    params: dict[str, Any] | None = None,
    require_scaler: bool = False,
    n_features: int | None = None,
) -> None:
    """Check a learner's scikit-learn estimator or Pipeline.

    - it is an estimator (has ``fit``) and, if ``fitted``, it has been fitted;
    - ``expected_type``: type of the final estimator (the last step of a Pipeline);
    - ``steps``: types that must appear in this order in the (flattened) Pipeline;
    - ``require_scaler``: a scaler must precede the final step (distance-based models);
    - ``params``: ``{"n_neighbors": 5}`` — read on the final step, or Pipeline-style
      ``{"kneighborsclassifier__n_neighbors": 5}`` on the whole pipeline;
    - ``n_features``: number of features the model was fitted on (``n_features_in_``).
    """
    from sklearn.exceptions import NotFittedError
    from sklearn.pipeline import Pipeline
    from sklearn.utils.validation import check_is_fitted

    _not_attempted_if_missing(est, name)
    if not hasattr(est, "fit") or not hasattr(est, "get_params"):
        raise Incorrect.of("feedback.model.not_estimator", name=name, actual=type_label(type(est)))
    final = _final_step(est)
    if expected_type is not None and not isinstance(final, expected_type):
        raise Incorrect.of(
            "feedback.model.wrong_type",
            name=name,
            actual=type(final).__name__,
            type_name=_type_names(expected_type),
        )
    if steps:
        if not isinstance(est, Pipeline):
            raise Incorrect.of("feedback.model.not_pipeline", name=name)
        flat = _flat_steps(est)
        pos = 0
        for wanted in steps:
            while pos < len(flat) and not isinstance(flat[pos], wanted):
                pos += 1
            if pos == len(flat):
                if wanted.__name__ in _SCALERS and type(final).__name__ in _DISTANCE_MODELS:
                    raise Incorrect.of(
                        "feedback.model.needs_scaler", name=name, actual=type(final).__name__
                    )
                raise Incorrect.of(
                    "feedback.model.missing_step", name=name, type_name=wanted.__name__
                )
            pos += 1
    if require_scaler and not _has_scaler_before_final(est):
        raise Incorrect.of("feedback.model.needs_scaler", name=name, actual=type(final).__name__)
    if params:
        _check_params(est, final, params, name)
    if fitted:
        try:
            check_is_fitted(est)
        except NotFittedError:
            raise Incorrect.of("feedback.model.not_fitted", name=name) from None
    if n_features is not None:
        got = getattr(est, "n_features_in_", None)
        if got is not None and got != n_features:
            raise Incorrect.of("feedback.model.wrong_n_features", name=name, n_features=got)


def _type_names(tp: type | tuple[type, ...]) -> str:
    types = tp if isinstance(tp, tuple) else (tp,)
    return msg("feedback.typename.or").join(t.__name__ for t in types)


def _check_params(est: Any, final: Any, params: dict[str, Any], name: str) -> None:
    for param, wanted in params.items():
        source = est if "__" in param else final
        available = source.get_params(deep="__" in param)
        if param not in available:
            raise Incorrect.of("feedback.model.unknown_param", name=name, param=param)
        got = available[param]
        same = got == wanted
        if isinstance(got, float) or isinstance(wanted, float):
            try:
                same = math.isclose(float(got), float(wanted), rel_tol=1e-9)
            except (TypeError, ValueError):
                same = False
        if not same:
            raise Incorrect.of(
                "feedback.model.wrong_param", name=name, param=param, value=format_value(got)
            )
