"""The one place where pandera's failure cases become grb problems.

pandera reports a failed check as (column, check, index, failure case). grb validates frames with a plain
RangeIndex (pandera 0.35 on pandas 3 misreports nulls on any other index), so ``index`` is a position; the
caller's ``locate`` turns a position and a column into the input, the sheet row, the column label and the raw cell.
"""

from __future__ import annotations

import copy
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import pandera.pandas as pa

from grb.problems import Problem, problem

Locate = Callable[[int, str], tuple[int, int | None, str, Any]]


def validate_frame(
    model: type[pa.DataFrameModel], typed: pd.DataFrame, sheet: str, locate: Locate, skip: set[tuple[int, str]]
) -> list[Problem]:
    """Run ``model`` on ``typed`` and return its failures as problems; cells in ``skip`` already have one."""
    schema = _can_fail(model)
    try:
        with _strategies_without_hypothesis():
            schema.validate(typed[list(schema.columns)].reset_index(drop=True), lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return []
    columns = schema.columns
    problems = []
    for case in cases.dropna(subset=["index"]).itertuples(index=False):
        pos, column = int(case.index), str(case.column)
        if (pos, column) in skip:
            continue
        code, fields = _describe(str(case.check), columns[column])
        key, row, label, value = locate(pos, column)
        problems.append(problem(code, sheet=sheet, row=row, column=label, value=value, key=key, **fields))
    return problems


@functools.cache
def _can_fail(model: type[pa.DataFrameModel]) -> pa.DataFrameSchema:
    """``model``'s schema without the columns no value can fail: optional, without checks, of any dtype.

    Why: pandera's work is per column, and a third of the declared columns (free text such as ``cause`` or
    ``actors``) are only declared so that they are known; checking them found nothing and cost a third.
    """
    schema = model.to_schema()
    checked = [n for n, c in schema.columns.items() if c.checks or not c.nullable or c.unique or c.dtype is not None]
    # ``select_columns`` without its deep copy (a few ms of every run's first validation): the columns are
    # shared with the model's schema, which nothing changes
    selected = copy.copy(schema)
    selected.columns = {name: schema.columns[name] for name in checked}
    return selected


@contextmanager
def _strategies_without_hypothesis() -> Iterator[None]:
    """pandera's first ``validate`` registers its backends, whose built-in checks import ``pandera.strategies``,
    which imports ``hypothesis`` (0.15 s, a third of validating one commune) whenever it is installed.

    grb never asks pandera for example data, so while pandera loads its strategies ``hypothesis`` is hidden and
    pandera takes it as not installed (as on a user's machine). Nothing changes once the strategies are loaded,
    nor when ``hypothesis`` is already imported (the test suite): then it is left as it is.
    """
    if "hypothesis" in sys.modules or "pandera.strategies.pandas_strategies" in sys.modules:
        yield
        return
    sys.modules["hypothesis"] = None  # type: ignore[assignment]  # `import hypothesis` raises ImportError
    try:
        yield
    finally:
        if "hypothesis" in sys.modules and sys.modules["hypothesis"] is None:
            del sys.modules["hypothesis"]


def _describe(check: str, column: pa.Column) -> tuple[str, dict[str, str]]:
    """A problem code and the fields of its message (what is allowed), from the pandera check that failed."""
    if check == "not_nullable":
        return "required", {}
    if check == "field_uniqueness":
        return "duplicate_id", {}
    stats = next((c.statistics for c in column.checks if check.startswith(c.name)), {})
    if check.startswith("str_matches"):
        return "bad_format", {"allowed": (column.metadata or {}).get("help") or stats.get("pattern", "")}
    if check.startswith("isin"):
        return "not_allowed", {"allowed": ", ".join(str(v) for v in stats.get("allowed_values", []))}
    return "out_of_range", {"allowed": _range_words(check, stats)}


def _range_words(check: str, stats: dict[str, Any]) -> str:
    """The allowed range in symbols, the same in every language: ``1–5``, ``≥ 0``, ``> 0``."""
    if check.startswith("in_range"):
        return f"{stats['min_value']}–{stats['max_value']}"
    symbols = {
        "greater_than_or_equal_to": "≥",
        "greater_than": ">",
        "less_than_or_equal_to": "≤",
        "less_than": "<",
    }
    for name, symbol in symbols.items():
        if check.startswith(name):
            return f"{symbol} {next(iter(stats.values()), '')}"
    return check


def cell_problem(found: object, *, sheet: str, row: int | None, column: str, value: Any, key: int) -> Problem:
    """The problem of a cell the parser could not read: ``found`` is a code, or a (code, fields) pair."""
    code, fields = found if isinstance(found, tuple) else (found, {})
    if code == "out_of_range" and "allowed" not in fields:
        fields = {"allowed": "smaller"}
    return problem(code, sheet=sheet, row=row, column=column, value=value, key=key, **fields)
