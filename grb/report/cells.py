"""Safe cell writing for every workbook grb makes (reports, templates, problem tables).

User text is data: it is always written with ``write_string`` (a cell starting with ``=`` stays text, a
URL stays text), NaN and NA become blank cells. Sheet names are grb's own, never user text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

SAFE_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
    "in_memory": True,  # no temporary files per part: faster, and nothing left behind on a crash
}


def new_workbook(path: Any, created: dt.datetime | None = None) -> xlsxwriter.Workbook:
    """A workbook that never turns text into formulas or links; ``created`` fixes its date for reproducibility."""
    book = xlsxwriter.Workbook(str(path), SAFE_OPTIONS)
    book.set_properties({"title": "grb", "author": "grb", "created": created or dt.datetime(2000, 1, 1)})
    return book


def write_cell(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None) -> None:
    """Write one value by its type; text is always text."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool | np.bool_):
        ws.write_string(row, col, "yes" if value else "no", fmt)
    elif isinstance(value, int | float | np.integer | np.floating):
        if np.isfinite(value):
            ws.write_number(row, col, float(value), fmt)
        else:
            ws.write_blank(row, col, None, fmt)
    elif isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        ws.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def write_rows(ws: Worksheet, frame: pd.DataFrame, first_row: int, formats: dict[str, Format | None]) -> None:
    """Write ``frame``'s values below ``first_row``, each column with its format."""
    for c, name in enumerate(frame.columns):
        fmt = formats.get(name)
        for r, value in enumerate(frame[name].tolist(), start=first_row):
            write_cell(ws, r, c, value, fmt)
