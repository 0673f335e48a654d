"""Open an input (an .xlsx workbook or a folder of CSV files) into raw sheets.

A raw sheet is a frame of the cells exactly as typed (no type guessing: a code like ``010203`` keeps its
leading zero), with header names normalised as SPEC §1 says and a ``ROW`` column holding the row number the
user sees in Excel. The workbook's zip is checked before any parser sees it (:mod:`grb.io.workbook_zip`); the
problems of the file, its sheet names and headers are made in :mod:`grb.io.sheet_problems`; a CSV folder's cells
are read by :mod:`grb.io.csv_folder`.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd

from grb.i18n import _
from grb.io.cell_errors import SheetScan, error_cells, put_back
from grb.io.csv_folder import read_csv_grids
from grb.io.sheet_problems import (
    file_problem,
    headerless_columns,
    normalise_name,
    same_names,
    too_many_rows,
    unreadable,
)
from grb.io.workbook_zip import Part, Zip, check_parts
from grb.keys import INPUT_SHEETS, ROW
from grb.problems import InputError

try:
    from pandas.api.internals import create_dataframe_from_blocks as _from_blocks
except ImportError:  # pandas 2: the public constructor
    _from_blocks = None

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and every password-protected .xlsx
_IN_MEMORY = 64 << 20  # a workbook file up to this size is read whole, once; a larger one is streamed
_Part = Part  # the name a part had when it was defined here


@dataclass(frozen=True)
class RawSheet:
    """A sheet as typed: ``name`` as the user spelled it, cells as objects, columns normalised, plus ``ROW``."""

    name: str
    frame: pd.DataFrame
    has_header: bool = True
    top: tuple[tuple[object, ...], ...] = ()  # rows 2 and 3 as typed, to tell headers under a title row


@dataclass(frozen=True)
class Limits:
    """Resource limits checked before parsing; defaults sit far above any real commune workbook."""

    max_bytes: int = 100_000_000  # uncompressed size of all parts of the workbook
    max_sheets: int = 50
    max_rows: int = 100_000  # per sheet


DEFAULT_LIMITS = Limits()


def read_sheets(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, sheets: Collection[str] | None = INPUT_SHEETS
) -> dict[str, RawSheet]:
    """Read the sheets of ``path`` into raw frames keyed by normalised sheet name.

    ``sheets`` (normalised names) limits reading to the sheets the caller uses, so that a sheet of notes or
    instructions beside them (the template's) is neither parsed nor checked; ``None`` reads every sheet.

    Raises :class:`InputError` when the file cannot be read at all, or its sheets are ambiguous (two names
    that normalise alike, a column of data under an empty header); problems inside cells are the validator's.
    """
    path = Path(path)
    if not path.exists():
        raise InputError([file_problem(path, "file_not_found", _("no such file or folder"))], str(path))
    try:
        if path.is_dir():
            grids = read_csv_grids(path, limits)
            return {normalise_name(stem): sheet_from_rows(rows, stem) for stem, rows in grids.items()}
        return _read_workbook(path, limits, sheets)
    except OSError as exc:  # permission denied, a file vanishing while read: the input, not grb, is the problem
        text = _("the input cannot be read ({reason})").format(reason=exc.strerror or exc)
        raise InputError([file_problem(path, "not_a_workbook", text)], str(path)) from None


def _read_workbook(path: Path, limits: Limits, wanted: Collection[str] | None) -> dict[str, RawSheet]:
    """The zip is opened once: the safety checks scan the worksheet parts for error cells as they go."""
    book = _open_zip(path)
    with book.zf:
        grids = _read_grids(path, check_parts(book, path, limits), limits, wanted)
    return {_normalised(name): sheet_from_rows(rows, name) for name, rows in grids.items()}


def _read_grids(
    path: Path, scan: SheetScan, limits: Limits, wanted: Collection[str] | None
) -> dict[str, list[list[object]]]:
    """The wanted sheets' cells as calamine reads them, with the error cells it reads as empty put back."""
    from python_calamine import CalamineError, CalamineWorkbook  # imported here: keeps `grb --help` fast

    try:  # only the parsers' own errors mean a corrupt file; anything else is a bug in grb and must show
        book = CalamineWorkbook.from_path(str(path))
        errors = error_cells(scan)
        problems = same_names(book.sheet_names)
        grids = {}
        for name in book.sheet_names:
            if wanted is not None and _normalised(name) not in wanted:
                continue
            sheet = book.get_sheet_by_name(name)
            if sheet.height > limits.max_rows:
                problems.append(too_many_rows(name, sheet.height, limits))
                continue
            rows = sheet.to_python(skip_empty_area=False)
            put_back(rows, errors.get(name, []))  # calamine reads error and unsaved formula cells as empty
            merged = {c for (r0, c0), (_r1, c1) in sheet.merged_cell_ranges if r0 == 0 for c in range(c0, c1 + 1)}
            problems += headerless_columns(rows, name, merged)
            grids[name] = rows
    except (CalamineError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise unreadable(path, exc) from None
    if problems:
        raise InputError(problems, str(path))
    return grids


def _check_workbook_file(path: Path, limits: Limits) -> None:
    """Refuse what is not a safe .xlsx before a parser sees it (for a caller that reads the file itself)."""
    book = _open_zip(path)
    with book.zf:
        check_parts(book, path, limits)


def _open_zip(path: Path) -> Zip:
    """The workbook's zip, from one read of the file, for every check and the error-cell scan; refused if it
    is no zip."""
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        data = fh.read() if size <= _IN_MEMORY else fh.read(8)
    hint = _("save it from Excel as an .xlsx workbook (File > Save As > Excel Workbook)")
    if data.startswith(_OLE_MAGIC):
        text = _("this is an old .xls file or a password-protected workbook; remove the password and {hint}")
        text = text.format(hint=hint)
        raise InputError([file_problem(path, "not_a_workbook", text)], str(path))
    try:
        if size <= _IN_MEMORY:
            return Zip(zipfile.ZipFile(io.BytesIO(data)), data)
        return Zip(zipfile.ZipFile(path), None)
    except zipfile.BadZipFile:
        text = (
            _("the file is empty; {hint}, or give a folder of CSV files")
            if size == 0
            else _("the file is not an Excel workbook; {hint}, or give a folder of CSV files")
        )
        raise InputError([file_problem(path, "not_a_workbook", text.format(hint=hint))], str(path)) from None


def sheet_from_rows(rows: list[list[object]], sheet: str) -> RawSheet:
    """Header from the first row, empty rows dropped, each row numbered as Excel shows it.

    A national batch reads thousands of small sheets: cells are cleaned a column at a time into the very array
    the frame keeps (no per-cell call, no 2-D array to transpose), and the frame is built once, from that array.
    """
    if not rows:
        return RawSheet(sheet, pd.DataFrame({ROW: pd.Series(dtype="int64")}), has_header=False)
    header = _clean_cells(rows[0])
    keep = [i for i, h in enumerate(header) if h is not None]
    names = [_normalised(header[i]) if type(header[i]) is str else normalise_name(header[i]) for i in keep]
    cells = _cell_block(rows[1:], keep)
    numbers = np.arange(2, len(rows) + 1, dtype=np.int64)
    filled = np.not_equal(cells, None).any(axis=0)  # a row is kept when one of its cells under a header is filled
    if not filled.all():
        cells, numbers = cells[:, filled], numbers[filled]
    top = tuple(tuple(_clean_cells(r)) for r in rows[1:3])  # rows 2 and 3 as typed, empty ones too
    return RawSheet(sheet, _frame(cells, names, numbers), has_header=bool(names), top=top)


@lru_cache(maxsize=4096)
def _normalised(text: str) -> str:
    """:func:`normalise_name` of a header or sheet name, computed once: thousands of sheets share a few names."""
    return normalise_name(text)


def _cell_block(body: list[list[object]], keep: list[int]) -> np.ndarray:
    """The cleaned cells of the columns ``keep``, as one object array of shape (columns, rows).

    That is how pandas stores a frame's object columns, so the frame takes it as it is. Rows shorter than
    others (a CSV file, an error cell put back past a row's end) are padded with None.
    """
    block = np.empty((len(keep), len(body)), dtype=object)  # None throughout
    columns = list(zip_longest(*body))
    for j, i in enumerate(keep):
        if i < len(columns):
            block[j] = _clean_cells(columns[i])
    return block


def _clean_cells(cells: Sequence[object]) -> list[object]:
    """:func:`_clean` of each cell, done inline for the types calamine gives: a call per cell costs more than
    the cleaning itself. Any other type goes through :func:`_clean`."""
    return [
        (v.strip() or None)
        if (t := type(v)) is str
        else v
        if v is None or t is int or (t is float and v == v)
        else _clean(v)
        for v in cells
    ]


def _frame(cells: np.ndarray, names: list[str], numbers: np.ndarray) -> pd.DataFrame:
    """Cells as object columns (never inferred: ``010203`` stays text) and ``ROW`` as int64, built in one step.

    pandas 3's ``create_dataframe_from_blocks`` takes the cell array as the frame's block, with no inference,
    copy or column insert (together they cost more than the rest of reading a sheet); the public constructor
    is the fallback, and the path for a sheet without header, which types that lone column's name.
    """
    if _from_blocks is None or not names:
        frame = pd.DataFrame(cells.T, columns=pd.Index(names, dtype=object), dtype=object)
        frame[ROW] = numbers
        return frame
    width = len(names)
    blocks = [(cells, np.arange(width)), (numbers.reshape(1, -1), np.array([width]))]
    return _from_blocks(blocks, index=pd.RangeIndex(len(numbers)), columns=_columns(tuple(names)).view())


@lru_cache(maxsize=1024)
def _columns(names: tuple[str, ...]) -> pd.Index:
    """The column index of a header, built once per header: the communes' sheets share a handful of them.

    Callers take a ``view()``, so no two frames share the one object (an index's ``name`` can be set).
    """
    return pd.Index([*names, ROW], dtype=object)


def _clean(value: object) -> object:
    """Empty cells and blank text become None; text is stripped of surrounding spaces."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value != value:
        return None
    return value
