"""Open an input (an .xlsx workbook or a folder of CSV files) into raw sheets.

A raw sheet is a frame of the cells exactly as typed (no type guessing: a code like ``010203`` keeps its
leading zero), with header names normalised as SPEC §1 says and a ``ROW`` column holding the row number the
user sees in Excel. Checks that must happen before parsing (size, XML entities, file kind) live here too,
so a hostile file is refused before any parser expands it.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path
from typing import Protocol
from xml.etree import ElementTree

import numpy as np
import pandas as pd

from grb.i18n import _
from grb.io.cell_errors import BOOK_PARTS, Cell, SheetScan, error_cells, part_cells, put_back
from grb.keys import INPUT_SHEETS, ROW
from grb.problems import InputError, Problem

try:
    from pandas.api.internals import create_dataframe_from_blocks as _from_blocks
except ImportError:  # pandas 2: the public constructor
    _from_blocks = None

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and every password-protected .xlsx
_XML_DANGER = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# A prolog's complete items from its start: a byte-order mark, spaces, <?xml ...?> and other <?...?>, <!--...-->
_PROLOG_ITEMS = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_ROOT_START = re.compile(rb"<[A-Za-z_:\x80-\xff]")  # a start tag: '<' then a name's first character
_ROOT_NAME = re.compile(rb"<(?:[^\s/>:]+:)?([^\s/>:]+)[\s/>]")  # a start tag's local name, when whole
_SHEET_ROOTS = frozenset({b"worksheet", b"chartsheet", b"dialogsheet", b"macrosheet"})
_UNFINISHED = (b"<?", b"<!--")  # an item of the prolog that a longer read will finish
_HEAD = 1024  # first read of each part: the prologs Excel and other writers give are under 100 bytes
_BLOCK = 1 << 20
_FEED = 1 << 16  # compressed bytes given to zlib at a time
_IN_MEMORY = 64 << 20  # a workbook file up to this size is read whole, once; a larger one is streamed
_PLAIN_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)  # a part's data is corrupt
_ZERO_WIDTH = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff"))  # invisible in headers: ignored


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


def normalise_name(name: object) -> str:
    """Header and sheet names match ignoring case and surrounding spaces; spaces and hyphens count as ``_``."""
    return re.sub(r"[\s\-]+", "_", str(name).translate(_ZERO_WIDTH).strip().lower())


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
        raise InputError([_file_problem(path, "file_not_found", _("no such file or folder"))], str(path))
    try:
        if path.is_dir():
            return _read_csv_folder(path, limits)
        return _read_workbook(path, limits, sheets)
    except OSError as exc:  # permission denied, a file vanishing while read: the input, not grb, is the problem
        text = _("the input cannot be read ({reason})").format(reason=exc.strerror or exc)
        raise InputError([_file_problem(path, "not_a_workbook", text)], str(path)) from None


def _file_problem(path: Path, code: str, text: str) -> Problem:
    return Problem(sheet="", row=None, column="", value=path.name, problem=text, code=code)


def _read_workbook(path: Path, limits: Limits, wanted: Collection[str] | None) -> dict[str, RawSheet]:
    """The zip is opened once: the safety checks scan the worksheet parts for error cells as they go."""
    book = _open_zip(path)
    with book.zf:
        grids = _read_grids(path, _check_parts(book, path, limits), limits, wanted)
    return {normalise_name(name): sheet_from_rows(rows, name) for name, rows in grids.items()}


def _read_grids(
    path: Path, scan: SheetScan, limits: Limits, wanted: Collection[str] | None
) -> dict[str, list[list[object]]]:
    """The wanted sheets' cells as calamine reads them, with the error cells it reads as empty put back."""
    from python_calamine import CalamineError, CalamineWorkbook  # imported here: keeps `grb --help` fast

    try:  # only the parsers' own errors mean a corrupt file; anything else is a bug in grb and must show
        book = CalamineWorkbook.from_path(str(path))
        errors = error_cells(scan)
        problems = _same_names(book.sheet_names)
        grids = {}
        for name in book.sheet_names:
            if wanted is not None and normalise_name(name) not in wanted:
                continue
            sheet = book.get_sheet_by_name(name)
            if sheet.height > limits.max_rows:
                problems.append(_too_many_rows(name, sheet.height, limits))
                continue
            rows = sheet.to_python(skip_empty_area=False)
            put_back(rows, errors.get(name, []))  # calamine reads error and unsaved formula cells as empty
            merged = {c for (r0, c0), (_r1, c1) in sheet.merged_cell_ranges if r0 == 0 for c in range(c0, c1 + 1)}
            problems += headerless_columns(rows, name, merged)
            grids[name] = rows
    except (CalamineError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise _unreadable(path, exc) from None
    if problems:
        raise InputError(problems, str(path))
    return grids


def _unreadable(path: Path, exc: Exception) -> InputError:
    text = _("the workbook cannot be read ({reason})").format(reason=exc)
    return InputError([_file_problem(path, "not_a_workbook", text)], str(path))


def _too_many_rows(sheet: str, height: int, limits: Limits) -> Problem:
    text = _("sheet has {n} rows; the limit is {limit} (raise it with --max-rows)")
    text = text.format(n=height, limit=limits.max_rows)
    return Problem(sheet, None, "", height, text, "too_large")


def _same_names(names: list[str]) -> list[Problem]:
    """Two sheets (or CSV files) whose names normalise alike: grb cannot tell which one the analyst means."""
    seen: dict[str, str] = {}
    problems = []
    for name in names:
        first = seen.setdefault(normalise_name(name), name)
        if first != name:
            text = _("the sheets '{first}' and '{name}' have the same name for grb; delete or rename one of them")
            text = text.format(first=first, name=name)
            problems.append(Problem(name, None, "", name, text, "duplicate_sheet"))
    return problems


def headerless_columns(rows: list[list[object]], sheet: str, merged: set[int] = frozenset()) -> list[Problem]:
    """Columns holding data under an empty header cell (often a merged header): located at the header cell.

    Without this check such a column would be dropped without a word.
    """
    if not rows:
        return []
    header = rows[0]
    width = max(len(r) for r in rows)
    empty = [c for c in range(width) if c >= len(header) or _blank(header[c])]
    problems = []
    for c in empty:
        if any(c < len(r) and not _blank(r[c]) for r in rows[1:]):
            text = (
                _("column {column} holds data but has no header; it is part of a merged header cell: unmerge it and "
                  "type the column's name in row 1")
                if c in merged
                else _("column {column} holds data but has no header; please type the column's name in row 1")
            ).format(column=_letter(c))  # fmt: skip
            problems.append(Problem(sheet, 1, _letter(c), "", text, "missing_header"))
    return problems


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, float) and value != value)


def _letter(index: int) -> str:
    """0 -> A, 26 -> AA: the column as Excel names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _check_workbook_file(path: Path, limits: Limits) -> None:
    """Refuse what is not a safe .xlsx before a parser sees it (for a caller that reads the file itself)."""
    book = _open_zip(path)
    with book.zf:
        _check_parts(book, path, limits)


def _open_zip(path: Path) -> _Zip:
    """The workbook's zip, from one read of the file, for every check and the error-cell scan; refused if it
    is no zip."""
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        data = fh.read() if size <= _IN_MEMORY else fh.read(8)
    hint = _("save it from Excel as an .xlsx workbook (File > Save As > Excel Workbook)")
    if data.startswith(_OLE_MAGIC):
        text = _("this is an old .xls file or a password-protected workbook; remove the password and {hint}")
        text = text.format(hint=hint)
        raise InputError([_file_problem(path, "not_a_workbook", text)], str(path))
    try:
        if size <= _IN_MEMORY:
            return _Zip(zipfile.ZipFile(io.BytesIO(data)), data)
        return _Zip(zipfile.ZipFile(path), None)
    except zipfile.BadZipFile:
        text = (
            _("the file is empty; {hint}, or give a folder of CSV files")
            if size == 0
            else _("the file is not an Excel workbook; {hint}, or give a folder of CSV files")
        )
        raise InputError([_file_problem(path, "not_a_workbook", text.format(hint=hint))], str(path)) from None


class _Stream(Protocol):
    """What the checks need of a part: ``read(size)``, giving ``b""`` only at its end."""

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class _Zip:
    """A workbook's zip and, for a file of ordinary size, its bytes: its parts are then read from them."""

    zf: zipfile.ZipFile
    data: bytes | None

    def open(self, info: zipfile.ZipInfo) -> _Part | zipfile.ZipExtFile:
        """One part as a stream; zipfile's own for a large file, an encrypted part or another compression."""
        if self.data is None or info.flag_bits & 1 or info.compress_type not in _PLAIN_METHODS:
            return self.zf.open(info)
        return _Part(self.data, info)


class _Part:
    """A stored or deflated part read straight from the workbook's bytes, never past its declared size.

    ``ZipFile.open`` costs more than decompressing the first bytes of a commune workbook's small part (local
    header, lock, file position bookkeeping), and the checks open every part of 1,652 workbooks. No CRC is
    checked: the parts calamine reads, it checks itself.
    """

    def __init__(self, data: bytes, info: zipfile.ZipInfo) -> None:
        at = info.header_offset
        if data[at : at + 4] != b"PK\x03\x04" or len(data) < at + 30:
            raise zipfile.BadZipFile(f"bad local header for {info.filename}")
        name_length, extra_length = struct.unpack_from("<HH", data, at + 26)
        start = at + 30 + name_length + extra_length
        self._raw = memoryview(data)[start : start + info.compress_size]
        self._left = info.file_size
        self._inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None

    def __enter__(self) -> _Part:
        return self

    def __exit__(self, *exc: object) -> None:
        """Nothing to close: the bytes belong to the workbook."""

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all that is left when negative); ``b""`` only at the end of the part."""
        if size < 0:
            return b"".join(iter(lambda: self.read(_BLOCK), b""))
        size = min(size, self._left)
        if self._inflate is None:
            out = self._raw[:size].tobytes()
            self._raw = self._raw[size:]
        else:
            out = self._inflated(size)
        self._left -= len(out)
        return out

    def _inflated(self, size: int) -> bytes:
        """Inflate until some output comes, feeding the input a bounded slice at a time (zlib copies its
        unconsumed input on every call)."""
        while size and not self._inflate.eof:
            feed = self._inflate.unconsumed_tail
            if not feed:
                feed, self._raw = self._raw[:_FEED], self._raw[_FEED:]
                if not feed:
                    break  # the part's data ends early: calamine will say the workbook is corrupt
            if out := self._inflate.decompress(feed, size):
                return out
        return b""


def _check_parts(book: _Zip, path: Path, limits: Limits) -> SheetScan:
    """Refuse a zip that is not a safe .xlsx; return what the error-cell scan needs, gathered on the way.

    Every .xml and .rels part is opened once and its prolog checked for a DTD. A part that may be a sheet is
    then read on to its end for the error-cell scan (:func:`grb.io.cell_errors.part_cells`), the workbook part
    and its relationships are kept whole (they tell which part is which sheet), other parts are read no further.
    """
    _check_sizes(book.zf, path, limits)
    scanned: dict[str, list[Cell]] = {}
    kept: dict[str, bytes] = {}
    try:
        for info in book.zf.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            with book.open(info) as part:
                data, root = _safe_prolog(part, info.filename, path)
                if _may_be_sheet(data, root):
                    scanned[info.filename] = part_cells(_blocks(data, part))
                elif info.filename in BOOK_PARTS:
                    kept[info.filename] = data + part.read()
    except _UNREADABLE as exc:  # a corrupt part: what calamine would say too, said before it is asked
        raise _unreadable(path, exc) from None
    complete = all(i.filename.endswith((".xml", ".rels")) or i.is_dir() for i in book.zf.infolist())
    return SheetScan(book.zf, scanned, kept, complete)


def _safe_prolog(part: _Stream, name: str, path: Path) -> tuple[bytes, int]:
    """:func:`_read_prolog`, refusing the workbook when the part declares a DTD or entities."""
    read = _read_prolog(part)
    if read is None:
        text = _("part {part} declares XML entities or a DTD; grb refuses such files for safety").format(part=name)
        raise InputError([_file_problem(path, "unsafe_file", text)], str(path))
    return read


def _check_sizes(zf: zipfile.ZipFile, path: Path, limits: Limits) -> None:
    """An .xlsx has ``xl/workbook.xml``; its unpacked size and sheet count stay under the limits."""
    infos = zf.infolist()
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        hint = _("save it from Excel as an .xlsx workbook (File > Save As > Excel Workbook)")
        text = _("this is not an .xlsx workbook (an .ods or another zip file?); {hint}").format(hint=hint)
        raise InputError([_file_problem(path, "not_a_workbook", text)], str(path))
    total = sum(i.file_size for i in infos)
    n_sheets = sum(n.startswith("xl/worksheets/sheet") for n in names)
    if total > limits.max_bytes or n_sheets > limits.max_sheets:
        text = _(
            "the workbook unpacks to {size:,} bytes in {n} sheets; the limits are {max_size:,} bytes and "
            "{max_n} sheets (see --max-bytes)"
        ).format(size=total, n=n_sheets, max_size=limits.max_bytes, max_n=limits.max_sheets)
        raise InputError([_file_problem(path, "too_large", text)], str(path))


def _may_be_sheet(data: bytes, root: int) -> bool:
    """Whether a part may hold a sheet's cells: its root element is a sheet's, or cannot be told (a prolog
    not followed, a first read ending inside the name). Judged by content, not by the part's name, so a sheet
    stored anywhere is scanned in the one pass."""
    name = _ROOT_NAME.match(data, root) if root >= 0 else None
    return name is None or name.group(1) in _SHEET_ROOTS


def _blocks(head: bytes, part: _Stream) -> Iterator[bytes]:
    """What was read of a part with the rest of it, in bounded blocks (one, for a part under a megabyte)."""
    yield head + part.read(_BLOCK)
    while block := part.read(_BLOCK):
        yield block


def _read_prolog(part: _Stream) -> tuple[bytes, int] | None:
    """Read a part up to its root element; None if its prolog declares a DTD or entities, else the bytes read
    (the error-cell scan goes on from them) and where the root element starts (-1: not found).

    A DTD, and so any entity declaration, may only stand in the prolog, before the root element: what follows
    a first start tag is never a declaration (an expat parser refuses a ``<!DOCTYPE`` there as ill-formed,
    and calamine expands no entity at all). So a part is read only while its prolog lasts, in reads that
    grow with it: a DOCTYPE behind padding (a long comment, megabytes of spaces) is still found. Text that
    merely mentions ``<!ENTITY`` inside a cell (``&lt;!ENTITY`` in sharedStrings, a CDATA section) is not a
    declaration and is accepted; the former whole-part search accepted the escaped form too. A prolog this
    function cannot follow (UTF-16, stray text) falls back to searching the whole part, NULs removed.
    """
    data = part.read(_HEAD)
    end = 0
    while True:
        end = _PROLOG_ITEMS.match(data, end).end()  # past whitespace, the XML declaration, complete comments
        if _XML_DANGER.match(data, end):
            return None
        if _ROOT_START.match(data, end):
            return data, end
        unfinished = len(data) - end < len(b"<!DOCTYPE") or data.startswith(_UNFINISHED, end)
        more = part.read(max(_HEAD, len(data))) if unfinished else b""  # reads double: linear time
        if not more:  # the part ends, or holds what is neither prolog nor a start tag
            return _whole_part(data, part)
        data += more


def _whole_part(data: bytes, part: _Stream) -> tuple[bytes, int] | None:
    """A part whose prolog is not plain UTF-8 XML, read to its end and searched whole; None if it declares a DTD.

    NULs are removed first so that a UTF-16 or UTF-32 ``<!DOCTYPE`` is found too.
    """
    data += part.read()  # bounded: zipfile stops at the part's declared size, checked against the limit
    return None if _XML_DANGER.search(data.replace(b"\x00", b"")) else (data, -1)


def _read_csv_folder(folder: Path, limits: Limits) -> dict[str, RawSheet]:
    """One sheet per ``.csv`` file, with the same limits and header checks as a workbook."""
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise InputError([_file_problem(folder, "not_a_workbook", _("the folder holds no .csv files"))], str(folder))
    total = sum(f.stat().st_size for f in files)
    if total > limits.max_bytes or len(files) > limits.max_sheets:
        text = _(
            "the folder holds {size:,} bytes in {n} CSV files; the limits are {max_size:,} bytes and {max_n} files "
            "(see --max-bytes)"
        ).format(size=total, n=len(files), max_size=limits.max_bytes, max_n=limits.max_sheets)
        raise InputError([_file_problem(folder, "too_large", text)], str(folder))
    problems = _same_names([f.stem for f in files])
    grids: dict[str, list[list[object]]] = {}
    for file in files:
        try:
            rows = pd.read_csv(
                file, dtype=str, header=None, keep_default_na=False, encoding="utf-8-sig", skip_blank_lines=False
            ).values.tolist()
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            text = _("the CSV file cannot be read; save it as CSV UTF-8 ({reason})").format(reason=exc)
            problems.append(Problem(file.stem, None, "", file.name, text, "not_a_workbook"))
            continue
        except pd.errors.EmptyDataError:
            rows = []
        if len(rows) > limits.max_rows:
            problems.append(_too_many_rows(file.stem, len(rows), limits))
            continue
        problems += headerless_columns(rows, file.stem)
        grids[file.stem] = rows
    if problems:
        raise InputError(problems, str(folder))
    return {normalise_name(stem): sheet_from_rows(rows, stem) for stem, rows in grids.items()}


def sheet_from_rows(rows: list[list[object]], sheet: str) -> RawSheet:
    """Header from the first row, empty rows dropped, each row numbered as Excel shows it.

    A national batch reads thousands of small sheets: cells are cleaned a column at a time into the very array
    the frame keeps (no per-cell call, no 2-D array to transpose), and the frame is built once, from that array.
    """
    if not rows:
        return RawSheet(sheet, pd.DataFrame({ROW: pd.Series(dtype="int64")}), has_header=False)
    header = _clean_cells(rows[0])
    keep = [i for i, h in enumerate(header) if h is not None]
    names = [_header_name(header[i]) if type(header[i]) is str else normalise_name(header[i]) for i in keep]
    cells = _cell_block(rows[1:], keep)
    numbers = np.arange(2, len(rows) + 1, dtype=np.int64)
    filled = np.not_equal(cells, None).any(axis=0)  # a row is kept when one of its cells under a header is filled
    if not filled.all():
        cells, numbers = cells[:, filled], numbers[filled]
    top = tuple(tuple(_clean_cells(r)) for r in rows[1:3])  # rows 2 and 3 as typed, empty ones too
    return RawSheet(sheet, _frame(cells, names, numbers), has_header=bool(names), top=top)


@lru_cache(maxsize=4096)
def _header_name(text: str) -> str:
    """:func:`normalise_name` of a header text, computed once: thousands of sheets share a few headers."""
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
