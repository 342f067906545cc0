"""Comparison helpers: each raises :class:`Incorrect` with a French message saying what is wrong.

None of them ever puts the expected value in a message: they may quote the learner's own
value, the name of the learner's object, column names and units given by the statement.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from iasante.messages import msg

from ._core import Incorrect, NotAttempted, format_names, format_value, type_label

__all__ = [
    "check_type",
    "check_number",
    "check_in_range",
    "check_columns",
    "check_dataframe",
    "check_series",
    "check_estimator",
    "check_figure",
    "check_equal",
    "check_cases",
]


def _not_attempted_if_missing(value: Any, name: str) -> None:
    if value is None or value is Ellipsis:
        raise NotAttempted.of("feedback.answer.missing", name=name)


# --------------------------------------------------------------------------------------------
# Types and numbers
# --------------------------------------------------------------------------------------------


def check_type(value: Any, expected_type: type | tuple[type, ...], name: str) -> None:
    """Raise Incorrect unless ``isinstance(value, expected_type)`` (bool is not a number)."""
    _not_attempted_if_missing(value, name)
    types = expected_type if isinstance(expected_type, tuple) else (expected_type,)
    accepted = list(types)
    if int in types:
        accepted.append(np.integer)  # (df["x"] > 38).sum() is a NumPy integer
    if float in types:
        accepted.append(np.floating)
    ok = isinstance(value, tuple(accepted))
    if ok and isinstance(value, (bool, np.bool_)) and bool not in types:
        ok = False  # True is an int in Python, never what a learner means by a number
    if ok:
        return
    if pd.DataFrame in types and isinstance(value, pd.Series):
        raise Incorrect.of("feedback.type.dataframe_one_column", name=name)
    if pd.Series in types and isinstance(value, pd.DataFrame):
        raise Incorrect.of("feedback.type.series_from_dataframe", name=name)
    raise Incorrect.of(
        "feedback.type.wrong",
        name=name,
        actual=type_label(type(value)),
        wanted=type_label(expected_type),
    )


def _as_real(value: Any, name: str) -> float:
    _not_attempted_if_missing(value, name)
    if isinstance(value, (bool, np.bool_)):
        raise Incorrect.of("feedback.number.bool", name=name)
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if not isinstance(value, (numbers.Real, np.number)):
        raise Incorrect.of(
            "feedback.type.wrong",
            name=name,
            actual=type_label(type(value)),
            wanted=msg("feedback.typename.number"),
        )
    x = float(value)
    if math.isnan(x):
        raise Incorrect.of("feedback.number.nan", name=name)
    return x


# Factors that betray a unit slip: powers of ten, and glucose mg/dL <-> mmol/L (x 18.016).
_UNIT_FACTORS = (10.0, 100.0, 1000.0, 1e4, 1e6)
_GLUCOSE_FACTOR = 18.016


def _hint_for(x: float, expected: float, rel_tol: float) -> str | None:
    if expected == 0 or x == 0 or (x > 0) != (expected > 0):
        return None
    ratio = abs(x / expected)
    ratio = max(ratio, 1 / ratio)
    if any(math.isclose(ratio, f, rel_tol=max(rel_tol, 1e-3)) for f in _UNIT_FACTORS):
        return msg("feedback.number.hint_units")
    if math.isclose(ratio, _GLUCOSE_FACTOR, rel_tol=0.01):
        return msg("feedback.number.hint_glucose")
    if ratio - 1 < 0.01:
        return msg("feedback.number.hint_rounding")
    return None


def check_number(
    value: Any,
    expected: float,
    *,
    name: str,
    rel_tol: float = 1e-6,
    abs_tol: float = 0.0,
    unit_hints: bool = True,
) -> None:
    """Raise Incorrect unless ``value`` is a real number close to ``expected``.

    The message never gives ``expected`` nor the direction of the error; when the
    value is off by a power of ten or by the glucose factor (mg/dL ↔ mmol/L), it
    suggests checking the units; when it is within 1 %, it suggests a rounding slip.
    """
    x = _as_real(value, name)
    exp = float(expected)
    if math.isclose(x, exp, rel_tol=rel_tol, abs_tol=abs_tol):
        return
    hint = _hint_for(x, exp, rel_tol) if unit_hints else None
    raise Incorrect.of("feedback.number.wrong", suffix=hint, name=name, value=format_value(value))


def check_in_range(
    value: Any,
    low: float,
    high: float,
    *,
    name: str,
    unit: str = "",
    advice: str | None = None,
) -> None:
    """Raise Incorrect unless ``low <= value <= high`` (a plausibility check).

    ``advice`` is an already-French sentence from the module's catalogue, e.g.
    « Vérifiez les unités : la taille doit être en mètres. » (default: a generic one).
    The bounds are never shown.
    """
    x = _as_real(value, name)
    if low <= x <= high:
        return
    unit_text = f"\u00a0{unit}" if unit else ""
    raise Incorrect.of(
        "feedback.range.outside",
        suffix=advice or msg("feedback.range.default_advice"),
        name=name,
        value=format_value(value),
        unit=unit_text,
    )


# --------------------------------------------------------------------------------------------
# pandas
# --------------------------------------------------------------------------------------------


def check_columns(df: Any, required: Iterable[str], name: str) -> None:
    """Raise Incorrect if ``df`` is not a DataFrame or lacks one of ``required`` columns."""
    check_type(df, pd.DataFrame, name)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise Incorrect.of("feedback.df.missing_columns", name=name, columns=format_names(missing))


def _is_num(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s.dtype)


def _is_dt(s: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(s.dtype)


def _equal_mask(a: pd.Series, b: pd.Series, rel_tol: float, abs_tol: float) -> np.ndarray:
    """Element-wise equality of two aligned Series: tolerant for numbers, NaN equals NaN."""
    na_a = a.isna().to_numpy()
    na_b = b.isna().to_numpy()
    if _is_num(a) and _is_num(b):
        av = a.to_numpy(dtype=float, na_value=np.nan)
        bv = b.to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(all="ignore"):
            eq = np.isclose(av, bv, rtol=rel_tol, atol=abs_tol)
    else:
        av = a.astype(object).to_numpy()
        bv = b.astype(object).to_numpy()
        eq = np.zeros(len(av), dtype=bool)
        for i, (x, y) in enumerate(zip(av, bv, strict=True)):
            try:
                eq[i] = bool(x == y)
            except Exception:
                eq[i] = False
    return (eq & ~na_a & ~na_b) | (na_a & na_b)


def _sort_key(s: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype(float)
    if _is_num(s):
        return s.astype(float).round(8)
    if _is_dt(s):
        return s
    return s.astype(str)


def _sorted_rows(df: pd.DataFrame, columns: Sequence[Any]) -> pd.DataFrame:
    if not len(columns):
        return df.reset_index(drop=True)
    return df.sort_values(
        by=list(columns), key=_sort_key, kind="mergesort", na_position="last"
    ).reset_index(drop=True)


def _column_type_problem(
    col: Any, got: pd.Series, exp: pd.Series, check_dtype: bool
) -> Incorrect | None:
    if _is_num(exp) and not _is_num(got) and not pd.api.types.is_bool_dtype(exp.dtype):
        if isinstance(got.dtype, pd.StringDtype) or (
            got.dtype == object and got.map(lambda v: isinstance(v, str)).any()
        ):
            return Incorrect.of("feedback.df.not_numeric", column=col)
    if _is_dt(exp) and not _is_dt(got):
        return Incorrect.of("feedback.df.not_datetime", column=col)
    if check_dtype and got.dtype != exp.dtype:
        return Incorrect.of(
            "feedback.df.wrong_dtype", column=col, dtype=str(got.dtype), type_name=str(exp.dtype)
        )
    return None


def _first_wrong_column(
    got: pd.DataFrame, exp: pd.DataFrame, columns: Sequence[Any], rel_tol: float, abs_tol: float
) -> tuple[Any, np.ndarray] | None:
    for col in columns:
        eq = _equal_mask(got[col], exp[col], rel_tol, abs_tol)
        if not eq.all():
            return col, eq
    return None


def _rows_problem(df: pd.DataFrame, expected: pd.DataFrame, name: str) -> Incorrect:
    """Message for a wrong number of rows, with an example row when the index tells one."""
    n = len(df)
    key = "feedback.df.too_many_rows" if n > len(expected) else "feedback.df.too_few_rows"
    example = None
    cols = [c for c in expected.columns if c in df.columns]
    if n > len(expected) and _index_trustworthy(df, expected, cols):
        extra = df.index.difference(expected.index, sort=False)
        if len(extra):
            example = msg("feedback.df.example_extra_row", row=format_value(extra[0]))
    return Incorrect.of(key, suffix=example, name=name, n_rows=n)


def _index_trustworthy(got: pd.DataFrame, exp: pd.DataFrame, cols: Sequence[Any]) -> bool:
    """True when the learner kept the original row labels: rows sharing a label are equal.

    Then an index label of the learner's frame absent from the expected one names a row
    that should not have been kept.
    """
    if not (got.index.is_unique and exp.index.is_unique):
        return False
    shared = got.index.intersection(exp.index, sort=False)
    if len(shared) == 0:
        return False
    try:
        a, b = got.loc[shared, list(cols)], exp.loc[shared, list(cols)]
        return _first_wrong_column(a, b, cols, 1e-6, 1e-9) is None
    except Exception:
        return False


def check_dataframe(
    df: Any,
    expected_df: pd.DataFrame,
    *,
    name: str,
    check_row_order: bool = False,
    check_column_order: bool = False,
    check_dtype: bool = False,
    check_index: bool = False,
    allow_extra_columns: bool = False,
    rel_tol: float = 1e-6,
    abs_tol: float = 1e-9,
) -> None:
    """Compare a learner's DataFrame with the one computed from the same input.

    Order of checks (first problem found is reported): type, missing/extra columns,
    column order, empty, column types (text instead of numbers, not dates), number of
    rows, rows kept, values column by column, row order. Rows are compared as a multiset
    unless ``check_row_order``; the index is ignored unless ``check_index``, but when
    the learner kept the original index it is used to name an example row.
    """
    check_type(df, pd.DataFrame, name)
    exp_cols = list(expected_df.columns)
    missing = [c for c in exp_cols if c not in df.columns]
    if missing:
        raise Incorrect.of("feedback.df.missing_columns", name=name, columns=format_names(missing))
    extra = [c for c in df.columns if c not in set(exp_cols)]
    if extra and not allow_extra_columns:
        raise Incorrect.of("feedback.df.extra_columns", name=name, columns=format_names(extra))
    if check_column_order and [c for c in df.columns if c in set(exp_cols)] != exp_cols:
        raise Incorrect.of("feedback.df.column_order", name=name)
    if len(df) == 0 and len(expected_df):
        raise Incorrect.of("feedback.df.empty", name=name)
    for col in exp_cols:
        problem = _column_type_problem(col, df[col], expected_df[col], check_dtype)
        if problem:
            raise problem
    if len(df) != len(expected_df):
        raise _rows_problem(df, expected_df, name)

    got = df[exp_cols]
    exp = expected_df
    same_labels = got.index.is_unique and exp.index.is_unique and set(got.index) == set(exp.index)
    if check_index and not same_labels:
        raise _wrong_rows(got, exp, name)

    if check_row_order:
        a, b = got.reset_index(drop=True), exp.reset_index(drop=True)
        bad = _first_wrong_column(a, b, exp_cols, rel_tol, abs_tol)
        if bad is None:
            return
        # Right rows, wrong order?
        sa, sb = _sorted_rows(got, exp_cols), _sorted_rows(exp, exp_cols)
        if _first_wrong_column(sa, sb, exp_cols, rel_tol, abs_tol) is None:
            raise Incorrect.of("feedback.df.wrong_row_order", name=name)
        _raise_values(got, exp, exp_cols, name, rel_tol, abs_tol, same_labels)

    sa, sb = _sorted_rows(got, exp_cols), _sorted_rows(exp, exp_cols)
    if _first_wrong_column(sa, sb, exp_cols, rel_tol, abs_tol) is None:
        return
    _raise_values(got, exp, exp_cols, name, rel_tol, abs_tol, same_labels)


def _wrong_rows(got: pd.DataFrame, exp: pd.DataFrame, name: str) -> Incorrect:
    extra = got.index.difference(exp.index, sort=False) if got.index.is_unique else []
    if len(extra):
        return Incorrect.of("feedback.df.wrong_rows", name=name, row=format_value(extra[0]))
    return Incorrect.of("feedback.df.example_missing_rows")


def _raise_values(
    got: pd.DataFrame,
    exp: pd.DataFrame,
    cols: Sequence[Any],
    name: str,
    rel_tol: float,
    abs_tol: float,
    same_labels: bool,
) -> None:
    """Explain why two frames of the same shape differ, then raise Incorrect.

    1. the learner kept the original row labels and some are not expected: wrong rows;
    2. a column whose values (as a multiset, whatever the row order) differ: wrong values,
       with an example row when the other columns agree label by label;
    3. every column right on its own: values mixed between rows.
    """
    if not same_labels and _index_trustworthy(got, exp, cols):
        raise _wrong_rows(got, exp, name)
    for col in cols:
        a = _sorted_rows(got[[col]], [col])[col]
        b = _sorted_rows(exp[[col]], [col])[col]
        eq = _equal_mask(a, b, rel_tol, abs_tol)
        if eq.all():
            continue
        n_wrong, example = int((~eq).sum()), None
        if same_labels:
            aligned = got.loc[exp.index]
            others = [c for c in cols if c != col]
            if _first_wrong_column(aligned, exp, others, rel_tol, abs_tol) is None:
                eq = _equal_mask(aligned[col], exp[col], rel_tol, abs_tol)
                n_wrong = int((~eq).sum())
                example = aligned.index[int(np.argmin(eq))]
        raise Incorrect.of(
            "feedback.df.wrong_values",
            suffix=None
            if example is None
            else msg("feedback.df.wrong_values_example", row=format_value(example)),
            column=col,
            n_wrong=n_wrong,
        )
    raise Incorrect.of("feedback.df.rows_mixed", name=name)


def check_series(
    s: Any,
    expected: pd.Series,
    *,
    name: str,
    check_order: bool = False,
    by_index: bool | None = None,
    check_dtype: bool = False,
    check_name: bool = False,
    rel_tol: float = 1e-6,
    abs_tol: float = 1e-9,
) -> None:
    """Compare a learner's Series with the one computed from the same input.

    ``by_index`` (default: True when the expected index is not made of integers, e.g.
    group labels of a ``groupby`` or ``value_counts``) compares values label by label;
    otherwise values are compared as a multiset (or in order if ``check_order``).
    A one-column DataFrame is accepted and treated as its column.
    """
    if isinstance(s, pd.DataFrame) and s.shape[1] == 1:
        s = s.iloc[:, 0]
    check_type(s, pd.Series, name)
    if by_index is None:
        by_index = not pd.api.types.is_integer_dtype(expected.index.dtype)
    if check_name and s.name != expected.name:
        raise Incorrect.of("feedback.series.wrong_name", name=name, label=format_value(s.name))
    if by_index:
        extra = [lab for lab in s.index if lab not in set(expected.index)]
        if extra:
            raise Incorrect.of(
                "feedback.series.extra_labels",
                name=name,
                labels=format_names(map(format_label, extra)),
            )
    if len(s) != len(expected):
        key = "feedback.series.too_long" if len(s) > len(expected) else "feedback.series.too_short"
        if by_index and len(s) < len(expected):
            missing = len(set(expected.index) - set(s.index))
            raise Incorrect.of("feedback.series.missing_labels", name=name, n_missing=missing)
        raise Incorrect.of(key, name=name, n_rows=len(s))
    problem = _column_type_problem(name, s, expected, check_dtype)
    if problem:
        raise problem
    if by_index and s.index.is_unique and expected.index.is_unique:
        aligned = s.loc[expected.index]
        eq = _equal_mask(aligned, expected, rel_tol, abs_tol)
        if not eq.all():
            label = expected.index[int(np.argmin(eq))]
            raise Incorrect.of(
                "feedback.series.wrong_value_at", name=name, label=format_label(label)
            )
        if check_order and list(s.index) != list(expected.index):
            raise Incorrect.of("feedback.series.wrong_order", name=name)
        return
    a = s.reset_index(drop=True)
    b = expected.reset_index(drop=True)
    if check_order:
        eq = _equal_mask(a, b, rel_tol, abs_tol)
        if eq.all():
            return
    sa = a.sort_values(key=_sort_key, kind="mergesort").reset_index(drop=True)
    sb = b.sort_values(key=_sort_key, kind="mergesort").reset_index(drop=True)
    eq = _equal_mask(sa, sb, rel_tol, abs_tol)
    if not eq.all():
        raise Incorrect.of("feedback.series.wrong_values", name=name, n_wrong=int((~eq).sum()))
    if check_order:
        raise Incorrect.of("feedback.series.wrong_order", name=name)


def format_label(label: Any) -> str:
    return label if isinstance(label, str) else format_value(label)


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


def check_estimator(
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


# --------------------------------------------------------------------------------------------
# matplotlib
# --------------------------------------------------------------------------------------------


def _bar_patches(ax: Any) -> list[Any]:
    from matplotlib.container import BarContainer

    return [p for c in ax.containers if isinstance(c, BarContainer) for p in c.patches]


def _is_histogram(ax: Any) -> bool:
    """Histogram bars touch each other; bar-chart bars have gaps between them."""
    from matplotlib.container import BarContainer
    from matplotlib.patches import Polygon

    if any(isinstance(p, Polygon) for p in ax.patches):  # histtype="step"/"stepfilled"
        return True
    for c in ax.containers:
        if not isinstance(c, BarContainer) or len(c.patches) < 2:
            continue
        horizontal = getattr(c, "orientation", "vertical") == "horizontal"
        spans = sorted(
            (p.get_y(), p.get_y() + p.get_height())
            if horizontal
            else (p.get_x(), p.get_x() + p.get_width())
            for p in c.patches
        )
        width = max(abs(b - a) for a, b in spans) or 1.0
        if all(abs(spans[i][1] - spans[i + 1][0]) <= 1e-6 * width for i in range(len(spans) - 1)):
            return True
    return False


def _data_lines(ax: Any) -> list[Any]:
    """Lines plotted in data coordinates (not axhline/axvline) with a visible line style."""
    lines = []
    for line in ax.lines:
        if line.get_transform() is not ax.transData and not line.get_transform() == ax.transData:
            continue
        if line.get_linestyle() in ("None", "", " ", "none"):
            continue
        if len(np.atleast_1d(line.get_xdata())) < 2:
            continue
        lines.append(line)
    return lines


def _has_scatter(ax: Any) -> bool:
    from matplotlib.collections import PathCollection

    if any(isinstance(c, PathCollection) and len(c.get_offsets()) for c in ax.collections):
        return True
    return any(
        line.get_linestyle() in ("None", "", " ", "none")
        and line.get_marker() not in (None, "None", "")
        for line in ax.lines
    )


def _axes_has_content(ax: Any) -> bool:
    return bool(ax.lines or ax.patches or ax.collections or ax.images or ax.containers)


def check_figure(
    fig_or_ax: Any,
    *,
    name: str,
    kind: str | None = None,
    n_bars: int | None = None,
    n_lines: int | None = None,
    require_xlabel: bool = True,
    require_ylabel: bool = True,
    require_title: bool = False,
    ax_index: int | None = None,
) -> None:
    """Check a learner's matplotlib figure (a ``Figure`` or an ``Axes``).

    For a Figure with several Axes, the first Axes with something drawn is checked
    (or ``fig.axes[ax_index]``). ``kind``: "bar", "line", "hist" or "scatter";
    ``n_bars`` counts every bar of every bar container (a grouped bar chart of 3
    categories x 2 groups has 6 bars); ``n_lines`` counts lines in data coordinates
    (reference lines from axhline/axvline are not counted, a diagonal drawn with
    plot is). The title may be the Axes title or the Figure's suptitle.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    _not_attempted_if_missing(fig_or_ax, name)
    if isinstance(fig_or_ax, np.ndarray) and fig_or_ax.size and isinstance(fig_or_ax.flat[0], Axes):
        fig_or_ax = fig_or_ax.flat[0].figure
    if isinstance(fig_or_ax, Axes):
        ax = fig_or_ax
    elif isinstance(fig_or_ax, (Figure, SubFigure)):
        axes = fig_or_ax.axes
        if ax_index is not None and ax_index < len(axes):
            ax = axes[ax_index]
        else:
            ax = next((a for a in axes if _axes_has_content(a)), None)
        if ax is None:
            raise Incorrect.of("feedback.figure.empty", name=name)
    else:
        raise Incorrect.of(
            "feedback.figure.not_figure", name=name, actual=type_label(type(fig_or_ax))
        )
    if not _axes_has_content(ax):
        raise Incorrect.of("feedback.figure.empty", name=name)

    if kind is not None:
        bars = _bar_patches(ax)
        ok = {
            "bar": bool(bars) and not _is_histogram(ax),
            "hist": _is_histogram(ax),
            "line": bool(_data_lines(ax)),
            "scatter": _has_scatter(ax),
        }.get(kind)
        if ok is None:
            raise ValueError(f"unknown figure kind {kind!r}")
        if not ok:
            raise Incorrect.of(
                "feedback.figure.wrong_kind",
                name=name,
                kind_label=msg(f"feedback.figure.kind.{kind}"),
            )
    if n_bars is not None:
        n = len(_bar_patches(ax))
        if n != n_bars:
            raise Incorrect.of("feedback.figure.wrong_n_bars", name=name, n=n)
    if n_lines is not None:
        n = len(_data_lines(ax))
        if n != n_lines:
            raise Incorrect.of("feedback.figure.wrong_n_lines", name=name, n=n)
    if require_xlabel and not ax.get_xlabel().strip():
        raise Incorrect.of("feedback.figure.no_xlabel", name=name)
    if require_ylabel and not ax.get_ylabel().strip():
        raise Incorrect.of("feedback.figure.no_ylabel", name=name)
    if require_title:
        titles = [ax.get_title(loc) for loc in ("center", "left", "right")]
        sup = getattr(ax.figure, "_suptitle", None)
        if sup is not None:
            titles.append(sup.get_text())
        if not any(t.strip() for t in titles):
            raise Incorrect.of("feedback.figure.no_title", name=name)


# --------------------------------------------------------------------------------------------
# Generic value and function checks
# --------------------------------------------------------------------------------------------


def check_equal(value: Any, expected: Any, *, name: str, **tolerances: Any) -> None:
    """Compare any answer with the expected one, choosing the helper from its type.

    Numbers → :func:`check_number`, DataFrame → :func:`check_dataframe`, Series →
    :func:`check_series` (``tolerances`` are passed on); anything else (text, bool, list,
    dict…) → type check then equality, with a message quoting only the learner's value.
    """
    if isinstance(expected, pd.DataFrame):
        check_dataframe(value, expected, name=name, **tolerances)
        return
    if isinstance(expected, pd.Series):
        check_series(value, expected, name=name, **tolerances)
        return
    if isinstance(expected, (numbers.Real, np.number)) and not isinstance(
        expected, (bool, np.bool_)
    ):
        check_number(value, expected, name=name, **tolerances)
        return
    _not_attempted_if_missing(value, name)
    if isinstance(expected, (bool, np.bool_)):
        check_type(value, (bool, np.bool_), name)
    elif expected is not None:
        check_type(value, type(expected), name)
    try:
        same = bool(value == expected)
    except Exception:
        same = False
    if not same:
        raise Incorrect.of("feedback.value.wrong", name=name, value=format_value(value))


def check_cases(
    func: Any,
    cases: Iterable[Any],
    reference: Any,
    *,
    name: str | None = None,
    **tolerances: Any,
) -> None:
    """Call the learner's ``func`` and the ``reference`` on each case and compare.

    ``cases``: tuples of positional arguments (a single non-tuple value is one argument),
    or dicts of keyword arguments. Each call gets its own deep copy of the arguments, so a
    learner's function that modifies its input cannot corrupt the reference. The message
    names the call, e.g. « compute_bmi(82, 1.74) », never the expected result.
    """
    import copy

    from ._core import call_answer

    label = name or getattr(func, "__name__", "fonction")
    for case in cases:
        if isinstance(case, dict):
            args, kwargs = (), case
        else:
            args, kwargs = (case if isinstance(case, tuple) else (case,)), {}
        expected = reference(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        got = call_answer(func, *copy.deepcopy(args), **copy.deepcopy(kwargs))
        call = f"{label}({_call_repr(args, kwargs)})"
        check_equal(got, expected, name=call, **tolerances)


def _call_repr(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    def short(v: Any) -> str:
        if isinstance(v, pd.DataFrame):
            return "df"
        if isinstance(v, pd.Series):
            return "serie"
        if isinstance(v, float):
            return repr(v)
        return format_value(v, max_len=30)

    parts = [short(a) for a in args] + [f"{k}={short(v)}" for k, v in kwargs.items()]
    return ", ".join(parts)
