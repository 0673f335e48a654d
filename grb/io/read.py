"""Open an input (an .xlsx workbook or a folder of CSV files) into raw sheets.

A raw sheet is a frame of the cells exactly as typed (no type guessing: a code like ``010203`` keeps its
leading zero), with header names normalised as SPEC §1 says and a ``ROW`` column holding the row number the
user sees in Excel. Checks that must happen before parsing (size, XML entities, file kind) live here too,
so a hostile file is refused before any parser expands it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd

from grb.i18n import _
from grb.io.cell_errors import error_cells, put_back
from grb.keys import INPUT_SHEETS, ROW
from grb.problems import InputError, Problem

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and every password-protected .xlsx
_XML_DANGER = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
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
    _check_workbook_file(path, limits)
    from python_calamine import CalamineError, CalamineWorkbook  # imported here: keeps `grb --help` fast

    try:  # only the parsers' own errors mean a corrupt file; anything else is a bug in grb and must show
        book = CalamineWorkbook.from_path(str(path))
        errors = error_cells(path)
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
        text = _("the workbook cannot be read ({reason})").format(reason=exc)
        raise InputError([_file_problem(path, "not_a_workbook", text)], str(path)) from None
    if problems:
        raise InputError(problems, str(path))
    return {normalise_name(name): sheet_from_rows(rows, name) for name, rows in grids.items()}


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
    """Refuse what is not a safe .xlsx before a parser sees it."""
    with path.open("rb") as fh:
        head = fh.read(8)
    hint = _("save it from Excel as an .xlsx workbook (File > Save As > Excel Workbook)")
    if head.startswith(_OLE_MAGIC):
        text = _("this is an old .xls file or a password-protected workbook; remove the password and {hint}")
        text = text.format(hint=hint)
        raise InputError([_file_problem(path, "not_a_workbook", text)], str(path))
    if not zipfile.is_zipfile(path):
        text = (
            _("the file is empty; {hint}, or give a folder of CSV files")
            if path.stat().st_size == 0
            else _("the file is not an Excel workbook; {hint}, or give a folder of CSV files")
        )
        raise InputError([_file_problem(path, "not_a_workbook", text.format(hint=hint))], str(path))
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
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
        for info in infos:
            if info.filename.endswith((".xml", ".rels")) and _has_entity_declaration(zf, info):
                text = _("part {part} declares XML entities or a DTD; grb refuses such files for safety")
                text = text.format(part=info.filename)
                raise InputError([_file_problem(path, "unsafe_file", text)], str(path))


def _has_entity_declaration(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Stream one part looking for ``<!DOCTYPE`` or ``<!ENTITY``; sizes were bounded before."""
    tail = b""
    with zf.open(info) as part:
        while chunk := part.read(1 << 20):
            if _XML_DANGER.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


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

    Cleaning and dropping empty rows happen on plain lists and the frame is built once: a national batch
    reads thousands of small sheets, and pandas operations on each (drop, filter, column insert) cost ten
    times the parsing itself.
    """
    if not rows:
        return RawSheet(sheet, pd.DataFrame({ROW: pd.Series(dtype="int64")}), has_header=False)
    header = [_clean(v) for v in rows[0]]
    keep = [i for i, h in enumerate(header) if h is not None]
    names = [normalise_name(header[i]) for i in keep]
    body: list[list[object]] = []
    numbers: list[int] = []
    width = len(keep)
    for number, row in enumerate(rows[1:], start=2):
        n = len(row)
        cells = [_clean(row[i]) if i < n else None for i in keep]
        if width - cells.count(None) > 0:  # at least one cell filled (``count`` compares by identity first)
            body.append(cells)
            numbers.append(number)
    top = tuple(tuple(_clean(v) for v in r) for r in rows[1:3])  # rows 2 and 3 as typed, empty ones too
    return RawSheet(sheet, _frame(body, names, numbers), has_header=bool(names), top=top)


def _frame(body: list[list[object]], names: list[str], numbers: list[int]) -> pd.DataFrame:
    """Cells as object columns (never inferred: ``010203`` stays text) and ``ROW`` as int64, built in one step.

    ``DataFrame._from_arrays`` (pandas 2 and 3) skips per-column inference and the later column insert, which
    together cost twice the rest of reading a sheet; the public constructor is the fallback.
    """
    cells = np.empty((len(body), len(names)), dtype=object)
    cells[:] = body if body else cells
    columns = pd.Index([*names, ROW], dtype=object)
    rows = np.array(numbers, dtype=np.int64)
    from_arrays = getattr(pd.DataFrame, "_from_arrays", None)
    if from_arrays is not None and names:  # no header: the public path, which types that lone column's name
        return from_arrays([*cells.T, rows], columns=columns, index=pd.RangeIndex(len(body)), verify_integrity=False)
    frame = pd.DataFrame(cells, columns=columns[:-1], dtype=object)
    frame[ROW] = rows
    return frame


def _clean(value: object) -> object:
    """Empty cells and blank text become None; text is stripped of surrounding spaces."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value != value:
        return None
    return value
