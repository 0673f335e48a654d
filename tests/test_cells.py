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
    (dt.datetime(2026, 9, 1, 12), float((dt.date(2026, 9, 1) - dt.date(1899, 12, 30)).days) + 0.5),  # noon
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


def _stored_members(path) -> dict[str, bytes]:
    """Each member's bytes exactly as the zip file stores them (compressed), read from its local header."""
    import struct
    import zipfile

    out = {}
    with zipfile.ZipFile(path) as archive, open(path, "rb") as raw:
        for info in archive.infolist():
            raw.seek(info.header_offset)
            header = raw.read(30)
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            raw.seek(info.header_offset + 30 + name_length + extra_length)
            assert info.compress_type == zipfile.ZIP_DEFLATED
            out[info.filename] = (raw.read(info.compress_size), archive.read(info.filename))
    return out


def test_every_part_of_a_workbook_is_deflated_at_the_fastest_level(tmp_path):
    """``close`` has xlsxwriter deflate at zlib level 1: each stored member is exactly what raw deflate at level
    1 makes of its content (and not what the default level makes)."""
    import zlib

    from grb.report.cells import close

    book = new_workbook(tmp_path / "b.xlsx")
    ws = book.add_worksheet("S")
    for r in range(300):
        write_cell(ws, r, 0, f"row {r} " * 5)
    close(book)
    members = _stored_members(tmp_path / "b.xlsx")
    assert len(members) >= 8
    for name, (stored, content) in members.items():
        fastest = zlib.compressobj(1, zlib.DEFLATED, -15)
        assert stored == fastest.compress(content) + fastest.flush(), name
    big = members["xl/sharedStrings.xml"]
    default = zlib.compressobj(6, zlib.DEFLATED, -15)
    assert big[0] != default.compress(big[1]) + default.flush()  # a large part: level 1 differs from level 6


def test_xlsxwriter_is_left_as_it_was_even_when_closing_fails(tmp_path, monkeypatch):
    import zipfile

    import pytest
    import xlsxwriter.exceptions
    import xlsxwriter.workbook

    from grb.report.cells import close

    book = new_workbook(tmp_path / "b.xlsx")
    book.add_worksheet("S")

    def broken(self):
        assert xlsxwriter.workbook.ZipInfo is not zipfile.ZipInfo  # swapped while closing
        raise OSError("disk full")

    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "_store_workbook", broken)
    with pytest.raises(xlsxwriter.exceptions.FileCreateError):  # xlsxwriter's own name for the OSError
        close(book)
    assert xlsxwriter.workbook.ZipInfo is zipfile.ZipInfo
