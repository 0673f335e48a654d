"""``write_cell`` picks the writer by exact type (fast path) and by ``isinstance`` otherwise: same cells either way."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from grb.report.cells import new_workbook, write_cell

VALUES = [
    ("=1+1", "=1+1"),  # user text stays text, never a formula
    (np.str_("http://x"), "http://x"),  # a str subclass: the general path, still text
    (2.5, 2.5),
    (float("nan"), ""),
    (float("inf"), ""),
    (np.float64(-1.25), -1.25),
    (np.float32(0.5), 0.5),  # not in the type table: the general path
    (7, 7.0),
    (np.int64(3), 3.0),
    (np.int32(4), 4.0),
    (True, "yes"),
    (np.bool_(False), "no"),
    (None, ""),
    (pd.NA, ""),
    (pd.NaT, ""),
    # a date with no date format reads back as Excel's serial number: days since 30 Dec 1899
    (dt.date(2026, 9, 1), float((dt.date(2026, 9, 1) - dt.date(1899, 12, 30)).days)),
    (pd.Timestamp("2026-09-01 00:00"), float((dt.date(2026, 9, 1) - dt.date(1899, 12, 30)).days)),
]


def test_each_type_writes_its_cell(tmp_path):
    path = tmp_path / "cells.xlsx"
    book = new_workbook(path)
    ws = book.add_worksheet("S")
    for r, (value, _) in enumerate(VALUES):
        write_cell(ws, r, 0, value)
        write_cell(ws, r, 1, "row")  # keeps every row present when the first cell is blank
    book.close()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python(skip_empty_area=False)
    assert [row[0] for row in rows] == [expected for _, expected in VALUES]


def test_a_written_report_leaves_no_cyclic_garbage(tmp_path):
    """A batch writes thousands of reports: each must be freed by reference counting as its writer returns,
    not left as a cycle for the collector (``grb.report.cells.close``)."""
    import gc
    from pathlib import Path

    import grb
    from grb.report.excel import write_sheets
    from grb.report.prepared import columns_of, prepare, sheets_of

    result = grb.analyze(grb.load(Path(__file__).parent.parent / "sample_budgets" / "workshop_commune.xlsx"))
    sheets = sheets_of(columns_of(prepare(result)))
    write_sheets(sheets, tmp_path / "first.xlsx")  # imports, caches
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        write_sheets(sheets, tmp_path / "report.xlsx")
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()
    assert (tmp_path / "report.xlsx").stat().st_size > 10_000
