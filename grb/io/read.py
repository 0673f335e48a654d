"""Open an input (an .xlsx workbook or a folder of CSV files) into raw sheets.

A raw sheet is a frame of the cells exactly as typed (no type guessing: a code like ``010203`` keeps its
leading zero), with header names normalised as SPEC §1 says and a ``ROW`` column holding the row number the
user sees in Excel. Checks that must happen before parsing (size, XML entities, file kind) live here too,
so a hostile file is refused before any parser expands it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from grb.io.cell_errors import error_cells
from grb.keys import ROW
from grb.problems import InputError, Problem

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and every password-protected .xlsx
_XML_DANGER = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class RawSheet:
    """A sheet as typed: ``name`` as the user spelled it, cells as objects, columns normalised, plus ``ROW``."""

    name: str
    frame: pd.DataFrame
    has_header: bool = True


@dataclass(frozen=True)
class Limits:
    """Resource limits checked before parsing; defaults sit far above any real commune workbook."""

    max_bytes: int = 100_000_000  # uncompressed size of all parts of the workbook
    max_sheets: int = 50
    max_rows: int = 100_000  # per sheet


DEFAULT_LIMITS = Limits()


def normalise_name(name: object) -> str:
    """Header and sheet names match ignoring case and surrounding spaces; spaces and hyphens count as ``_``."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def read_sheets(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> dict[str, RawSheet]:
    """Read every sheet of ``path`` into raw frames keyed by normalised sheet name.

    Raises :class:`InputError` when the file cannot be read at all; problems inside cells are the
    validator's business.
    """
    path = Path(path)
    if not path.exists():
        raise InputError([_file_problem(path, "file_not_found", "no such file or folder")], str(path))
    if path.is_dir():
        return _read_csv_folder(path)
    return _read_workbook(path, limits)


def _file_problem(path: Path, code: str, text: str) -> Problem:
    return Problem(sheet="", row=None, column="", value=path.name, problem=text, code=code)


def _read_workbook(path: Path, limits: Limits) -> dict[str, RawSheet]:
    _check_workbook_file(path, limits)
    from python_calamine import CalamineWorkbook  # imported here: keeps `grb --help` fast

    try:
        book = CalamineWorkbook.from_path(str(path))
        errors = error_cells(path)
        sheets: dict[str, RawSheet] = {}
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            if sheet.height > limits.max_rows:
                raise InputError(
                    [
                        Problem(
                            name,
                            None,
                            "",
                            sheet.height,
                            f"sheet has {sheet.height} rows; the limit is {limits.max_rows} (raise it with --max-rows)",
                            "too_large",
                        )
                    ],
                    str(path),
                )
            rows = sheet.to_python(skip_empty_area=False)
            for r, c, text in errors.get(name, []):  # calamine reads error cells as empty: put the error back
                if r < len(rows) and c < len(rows[r]):
                    rows[r][c] = text
            sheets[normalise_name(name)] = sheet_from_rows(rows, name)
        return sheets
    except InputError:
        raise
    except Exception as exc:  # calamine raises its own errors for corrupt parts
        raise InputError(
            [_file_problem(path, "not_a_workbook", f"the workbook cannot be read ({exc})")], str(path)
        ) from None


def _check_workbook_file(path: Path, limits: Limits) -> None:
    """Refuse what is not a safe .xlsx before a parser sees it."""
    with path.open("rb") as fh:
        head = fh.read(8)
    hint = "save it from Excel as an .xlsx workbook (File > Save As > Excel Workbook)"
    if head.startswith(_OLE_MAGIC):
        text = f"this is an old .xls file or a password-protected workbook; remove the password and {hint}"
        raise InputError([_file_problem(path, "not_a_workbook", text)], str(path))
    if not zipfile.is_zipfile(path):
        kind = "empty" if path.stat().st_size == 0 else "not an Excel workbook"
        raise InputError(
            [_file_problem(path, "not_a_workbook", f"the file is {kind}; {hint}, or give a folder of CSV files")],
            str(path),
        )
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            text = "this is not an .xlsx workbook (an .ods or another zip file?); " + hint
            raise InputError([_file_problem(path, "not_a_workbook", text)], str(path))
        total = sum(i.file_size for i in infos)
        n_sheets = sum(n.startswith("xl/worksheets/sheet") for n in names)
        if total > limits.max_bytes or n_sheets > limits.max_sheets:
            text = (
                f"the workbook unpacks to {total:,} bytes in {n_sheets} sheets; the limits are "
                f"{limits.max_bytes:,} bytes and {limits.max_sheets} sheets (see --max-bytes)"
            )
            raise InputError([_file_problem(path, "too_large", text)], str(path))
        for info in infos:
            if info.filename.endswith((".xml", ".rels")) and _has_entity_declaration(zf, info):
                text = f"part {info.filename} declares XML entities or a DTD; grb refuses such files for safety"
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


def _read_csv_folder(folder: Path) -> dict[str, RawSheet]:
    sheets: dict[str, RawSheet] = {}
    problems: list[Problem] = []
    for file in sorted(folder.glob("*.csv")):
        try:
            rows = pd.read_csv(
                file, dtype=str, header=None, keep_default_na=False, encoding="utf-8-sig", skip_blank_lines=False
            ).values.tolist()
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            problems.append(
                Problem(
                    file.stem,
                    None,
                    "",
                    file.name,
                    f"the CSV file cannot be read; save it as CSV UTF-8 ({exc})",
                    "not_a_workbook",
                )
            )
            continue
        except pd.errors.EmptyDataError:
            rows = []
        sheets[normalise_name(file.stem)] = sheet_from_rows(rows, file.stem)
    if problems:
        raise InputError(problems, str(folder))
    if not sheets:
        raise InputError([_file_problem(folder, "not_a_workbook", "the folder holds no .csv files")], str(folder))
    return sheets


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
    return RawSheet(sheet, _frame(body, names, numbers), has_header=bool(names))


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
