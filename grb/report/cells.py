"""Safe cell writing for every workbook grb makes (reports, templates, problem tables).

User text is data: it is always written with ``write_string`` (a cell starting with ``=`` stays text, a
URL stays text), NaN and NA become blank cells. Sheet names are grb's own, never user text.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
import xlsxwriter.workbook
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


def close(book: xlsxwriter.Workbook) -> None:
    """Close ``book`` (write the file) and let go of it at once.

    Each xlsxwriter worksheet keeps a method of its workbook (``workbook_add_format``), so a closed workbook and
    every cell in it form one reference cycle that only the cycle collector frees. Dropping that link lets
    reference counting free the report as soon as its writer returns: 7% of each report of a batch. Should a
    later xlsxwriter name the link otherwise, nothing breaks: the collector frees the workbook, as before.
    """
    with _deflate_fast():
        book.close()
    for ws in book.worksheets():
        if "workbook_add_format" in vars(ws):
            ws.workbook_add_format = None


DEFLATE_LEVEL = 1  # zlib's fastest; xlsxwriter leaves zlib's default (6)


class _FastZipInfo(zipfile.ZipInfo):
    """A zip member deflated at :data:`DEFLATE_LEVEL`."""

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._compresslevel = DEFLATE_LEVEL


@contextmanager
def _deflate_fast() -> Iterator[None]:
    """Have xlsxwriter deflate the parts of the workbook it is closing at zlib's fastest level.

    Deflating at zlib's default level was an eighth of a report's time in a national batch; the fastest level
    takes about a third of that, for files about a seventh larger (37 instead of 33 KB). xlsxwriter has no
    option for it: it makes each member's ``ZipInfo`` itself, so its module's ``ZipInfo`` is swapped for the time
    of one ``close`` and always put back. Should a later xlsxwriter make its members otherwise, nothing breaks:
    they are deflated at the default level, as before.
    """
    module = xlsxwriter.workbook
    before = getattr(module, "ZipInfo", None)
    if before is not zipfile.ZipInfo:  # not the layout this was written for: leave it alone
        yield
        return
    module.ZipInfo = _FastZipInfo
    try:
        yield
    finally:
        module.ZipInfo = before


def write_cell(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None) -> None:
    """Write one value by its type; text is always text.

    The writer is looked up by the exact type first (a national batch writes millions of cells, and a chain
    of ``isinstance`` checks per cell cost more than xlsxwriter itself); other types take the general path.
    """
    writer = _BY_TYPE.get(type(value))
    if writer is None:
        writer = _writer_of(value)
    writer(ws, row, col, value, fmt)


# xlsxwriter's public ``write_*`` methods take (row, col) or an "A1" string, tell which apart in a decorator,
# then call these with (row, col); grb always passes (row, col), and a national batch writes millions of cells
# (the decorator's check and call cost about 4% of a report). The public ones, should a later xlsxwriter rename
# these.
_STRING = getattr(Worksheet, "_write_string", Worksheet.write_string)
_NUMBER = getattr(Worksheet, "_write_number", Worksheet.write_number)
_BLANK = getattr(Worksheet, "_write_blank", Worksheet.write_blank)
_DATETIME = getattr(Worksheet, "_write_datetime", Worksheet.write_datetime)


def write_blank(ws: Worksheet, row: int, col: int, fmt: Format) -> None:
    """A cell with a format and no value (a filled month of the intervention map's timeline)."""
    _BLANK(ws, row, col, None, fmt)


def _blank(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None) -> None:
    _BLANK(ws, row, col, None, fmt)


def _text(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None) -> None:
    _STRING(ws, row, col, str(value), fmt)


def _str(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None) -> None:
    _STRING(ws, row, col, value, fmt)


def _float(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None) -> None:
    if value - value == 0:
        _NUMBER(ws, row, col, value, fmt)
    else:
        _BLANK(ws, row, col, None, fmt)


def _yes_no(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None) -> None:
    _STRING(ws, row, col, "yes" if value else "no", fmt)


def _number(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None) -> None:
    number = float(value)
    if number - number == 0:  # finite: inf - inf and nan - nan are nan
        _NUMBER(ws, row, col, number, fmt)
    else:
        _BLANK(ws, row, col, None, fmt)


def _date(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None) -> None:
    _DATETIME(ws, row, col, pd.Timestamp(value).to_pydatetime(), fmt)


def _datetime(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None) -> None:
    _DATETIME(ws, row, col, value, fmt)


def _writer_of(value: Any):
    """The general path, in the order of precedence the types need (bool before int, NA before anything)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return _blank
    if isinstance(value, bool | np.bool_):
        return _yes_no
    if isinstance(value, int | float | np.integer | np.floating):
        return _number
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return _date
    return _text


_BY_TYPE = {
    str: _str,
    float: _float,
    int: _number,
    np.float64: _number,
    np.int64: _number,
    type(None): _blank,
    type(pd.NA): _blank,
    type(pd.NaT): _blank,
    bool: _yes_no,
    np.bool_: _yes_no,
    pd.Timestamp: _date,
    dt.datetime: _datetime,
    dt.date: _date,
}


def write_filled(
    ws: Worksheet, first_row: int, col: int, values: list, fmt: Format | None, by_value: dict | None = None
) -> None:
    """Write a column's values from ``first_row`` down, skipping empty ones (None, NaN: the column's own format
    shows there); ``by_value`` gives some values their own format (a status and its colour)."""
    for row, value in enumerate(values, start=first_row):
        if value is not None and not (type(value) is float and value != value):
            write_cell(ws, row, col, value, by_value.get(value, fmt) if by_value else fmt)


def write_rows(ws: Worksheet, frame: pd.DataFrame, first_row: int, formats: dict[str, Format | None]) -> None:
    """Write ``frame``'s values below ``first_row``, each column with its format."""
    for c, name in enumerate(frame.columns):
        fmt = formats.get(name)
        for r, value in enumerate(frame[name].tolist(), start=first_row):
            write_cell(ws, r, c, value, fmt)
