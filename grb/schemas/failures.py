"""The one place where pandera's failure cases become grb problems.

pandera reports a failed check as (column, check, index, failure case). grb validates frames with a plain
RangeIndex (pandera 0.35 on pandas 3 misreports nulls on any other index), so ``index`` is a position; the
caller's ``locate`` turns a position and a column into the input, the sheet row, the column label and the raw cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pandera.pandas as pa

from grb.problems import Problem

Locate = Callable[[int, str], tuple[int, int | None, str, Any]]


def validate_frame(
    model: type[pa.DataFrameModel], typed: pd.DataFrame, sheet: str, locate: Locate, skip: set[tuple[int, str]]
) -> list[Problem]:
    """Run ``model`` on ``typed`` and return its failures as problems; cells in ``skip`` already have one."""
    try:
        model.validate(typed.reset_index(drop=True), lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return []
    columns = model.to_schema().columns
    problems = []
    for case in cases.dropna(subset=["index"]).itertuples(index=False):
        pos, column = int(case.index), str(case.column)
        if (pos, column) in skip:
            continue
        code, text = _describe(str(case.check), columns[column])
        key, row, label, value = locate(pos, column)
        problems.append(Problem(sheet, row, label, value, text, code, key))
    return problems


def _describe(check: str, column: pa.Column) -> tuple[str, str]:
    """A problem code and a sentence saying what is allowed, from the pandera check that failed."""
    if check == "not_nullable":
        return "required", f"{column.name} is required" + _hint(column)
    if check == "field_uniqueness":
        return "duplicate_id", f"{column.name} must be unique; this value is used more than once"
    stats = next((c.statistics for c in column.checks if check.startswith(c.name)), {})
    if check.startswith("str_matches"):
        return "not_allowed", f"{column.name} must be a {_hint(column).strip(' ()')}"
    if check.startswith("isin"):
        allowed = ", ".join(str(v) for v in stats.get("allowed_values", []))
        return "not_allowed", f"{column.name} must be one of: {allowed}"
    return "out_of_range", f"{column.name} must be {_range_words(check, stats)}"


def _range_words(check: str, stats: dict[str, Any]) -> str:
    if check.startswith("in_range"):
        return f"between {stats['min_value']} and {stats['max_value']}"
    words = {
        "greater_than_or_equal_to": ">= {}",
        "greater_than": "> {}",
        "less_than_or_equal_to": "<= {}",
        "less_than": "< {}",
    }
    for name, fmt in words.items():
        if check.startswith(name):
            return fmt.format(next(iter(stats.values()), ""))
    return f"valid ({check})"


def _hint(column: pa.Column) -> str:
    help_text = (column.metadata or {}).get("help")
    return f" ({help_text})" if help_text else ""


KIND_WORDS = {
    "number": "a number, such as 1200000 or 1,200,000",
    "integer": "a whole number",
    "date": "a date (a date cell or YYYY-MM-DD text)",
}


def parse_problem_text(column: str, code: str, kind: str) -> str:
    """The sentence for a cell that could not be parsed as its column's kind."""
    if code == "excel_error":
        return f"{column} shows an Excel error: fix the formula or type the value"
    if code == "out_of_range":
        return f"{column} is far too large for a whole number"
    wanted = KIND_WORDS["integer" if code == "not_an_integer" else kind]
    return f"{column} must be {wanted}"
