"""pandas: DataFrames and Series compared with the one computed from the same input.

All of them raise :class:`~iasante.feedback.Incorrect` (with the catalogue key of the
diagnosis) and never put the expected value in a message: they may quote the learner's own
value, the name of the learner's object, column names and units given by the statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from iasante.messages import msg

from .._core import Incorrect, format_names, format_value
from .scalars import check_type

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
    return bool(pd.api.types.is_numeric_dtype(s.dtype))


def _is_dt(s: pd.Series) -> bool:
    return bool(pd.api.types.is_datetime64_any_dtype(s.dtype))


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
            except Exception:  # noqa: BLE001 -- a learner's or a library's error, reported as feedback
                eq[i] = False
    result: np.ndarray = (eq & ~na_a & ~na_b) | (na_a & na_b)
    return result


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
            example = msg("feedback.df.example_extra_row", row=format_label(extra[0]))
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
    except Exception:  # noqa: BLE001 -- a learner's or a library's error, reported as feedback
        return False


def check_dataframe(  # noqa: C901 -- an ordered table of diagnoses; kept flat to read as the statement's rules
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
        return Incorrect.of("feedback.df.wrong_rows", name=name, row=format_label(extra[0]))
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
            else msg("feedback.df.wrong_values_example", row=format_label(example)),
            column=col,
            n_wrong=n_wrong,
        )
    raise Incorrect.of("feedback.df.rows_mixed", name=name)


def check_series(  # noqa: C901 -- an ordered table of diagnoses; kept flat to read as the statement's rules
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
    """A row or index label as the learner can type it back (``df.loc[1444]``): no
    thousands separator, unlike a count or a measured value."""
    if isinstance(label, str):
        return label
    if isinstance(label, (int, np.integer)) and not isinstance(label, (bool, np.bool_)):
        return str(int(label))
    return format_value(label)
