"""Problems as data: every input problem is a row with a stable code, located by sheet, Excel row and column.

Validation never stops at the first problem. It collects them all into one table, and the caller
raises a single :class:`InputError` holding that table, so an analyst fixes a workbook in one pass.
Tests assert the ``code`` and the position; the wording of ``problem`` may improve freely.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported on use, so that `grb --help` stays fast
    import pandas as pd

PROBLEM_COLUMNS = ["sheet", "row", "column", "value", "problem", "code"]

# Stable problem codes. Add new ones at the end; never rename one that has shipped.
CODES: dict[str, str] = {
    "file_not_found": "the input file or folder does not exist",
    "not_a_workbook": "the file is not an .xlsx workbook or a folder of CSV files",
    "unsafe_file": "the workbook holds XML entity or DTD declarations",
    "too_large": "the workbook is larger than the limit",
    "missing_sheet": "a required sheet is missing",
    "empty_sheet": "a required sheet has no header row",
    "missing_column": "a required column is missing",
    "duplicate_column": "two columns have the same name",
    "required": "a required value is empty",
    "not_a_number": "the value is not a number",
    "not_an_integer": "the value is not a whole number",
    "not_a_date": "the value is not a date",
    "out_of_range": "the value is outside the allowed range",
    "not_allowed": "the value is not one of the allowed codes",
    "duplicate_id": "the id is used more than once",
    "unknown_reference": "the id does not exist in the sheet it refers to",
    "outside_period": "the year is outside the plan period",
    "period_order": "last_year is before first_year",
    "usd_rate_required": "an amount is in the other currency but usd_rate is missing",
    "priority_partial": "priority is filled for some gender issues but not all",
    "priority_or_scores": "severity, reach and urgency are required when priority is not used",
    "duplicate_field": "a field of the commune sheet is given twice",
    "excel_error": "the cell shows an Excel error such as #DIV/0! or #N/A",
    "duplicate_commune": "the commune code is already given by another input of the batch",
}


@dataclass(frozen=True)
class Problem:
    """One problem with the input, where it is and what is allowed."""

    sheet: str
    row: int | None
    column: str
    value: Any
    problem: str
    code: str
    key: int = 0  # the commune (input) the problem belongs to, when many are validated at once


def problems_frame(problems: Iterable[Problem] | pd.DataFrame, with_key: bool = False) -> pd.DataFrame:
    """Return problems as a table in the documented column order, sorted as a reader scans a workbook."""
    import pandas as pd

    columns = ["key", *PROBLEM_COLUMNS] if with_key else PROBLEM_COLUMNS
    frame = problems if isinstance(problems, pd.DataFrame) else pd.DataFrame([vars(p) for p in problems])
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frame = frame.reindex(columns=columns).copy()
    unknown = set(frame["code"]) - set(CODES)
    if unknown:  # a programming error, not a user one: codes are a closed list
        raise ValueError(f"unknown problem codes {sorted(unknown)}")
    frame["row"] = frame["row"].astype("Int64")
    frame["value"] = frame["value"].map(_show_value)
    order = ["key", "sheet", "row", "column"] if with_key else ["sheet", "row", "column"]
    return frame.sort_values(order, kind="stable", na_position="first").reset_index(drop=True)


def _show_value(value: Any) -> str:
    """The raw cell as the user typed it, short enough for a table."""
    import pandas as pd

    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class InputError(Exception):
    """The input cannot be analysed. ``problems`` lists every problem found, one row each."""

    def __init__(self, problems: Iterable[Problem] | pd.DataFrame, source: str = ""):
        self.problems = problems_frame(problems)
        self.source = source
        n = len(self.problems)
        super().__init__(f"{source or 'input'}: {n} problem{'s' if n != 1 else ''} found")

    def table(self) -> str:
        """The problems as a plain-text table for a terminal."""
        import pandas as pd

        with pd.option_context("display.max_rows", None, "display.max_colwidth", 80, "display.width", 200):
            return self.problems.drop(columns="code").to_string(index=False)
