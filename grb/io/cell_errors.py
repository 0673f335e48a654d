"""Cells that calamine reads as empty although they are not: found in the sheet XML so the analyst is told
what is wrong instead of being told the cell is empty (or, worse, having an optional column silently empty).

- Excel error cells (``#DIV/0!``, ``#N/A``...): the formula is broken.
- Formula cells with no saved result (``<f>`` without a ``<v>`` value): files written by scripts (openpyxl...),
  never opened in a spreadsheet program, hold the formula but not its value. They read as
  :data:`FORMULA_WITHOUT_VALUE`, which the validator reports as ``formula_without_value`` in any column.

The sheet parts are read in chunks cut after a whole ``</c>``, so memory stays bounded whatever the sheet size.
The reader's safety pass (``grb.io.workbook_zip``) already opens every part of the workbook, so it scans the worksheet
parts as it goes (:func:`part_cells`) and hands the result over in a :class:`SheetScan`: each sheet part is
decompressed once per reading, not once for the checks and once more here.

Called only after the workbook passed the safety checks (no DTD or entities), so ElementTree is safe here.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from xml.etree import ElementTree

EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#UNKNOWN!",
        "#CONNECT!",
        "#BUSY!",
    }
)
FORMULA_WITHOUT_VALUE = "(formula without a saved value)"
_CHUNK = 1 << 20
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<v>([^<]+)</v>")
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


Cell = tuple[int, int, str]  # row, column (both from 0), the cell's text


BOOK_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")  # where the sheets' names and parts are


@dataclass(frozen=True)
class SheetScan:
    """An open workbook, the odd cells of the parts already scanned, by part name (``[]``: none), the
    :data:`BOOK_PARTS` already read, by name, and whether every part that may be a sheet was scanned."""

    zf: zipfile.ZipFile
    parts: Mapping[str, list[Cell]] = field(default_factory=dict)
    read: Mapping[str, bytes] = field(default_factory=dict)
    complete: bool = False


def error_cells(scan: SheetScan) -> dict[str, list[Cell]]:
    """Sheet name -> (row, column, cell text), rows and columns counted from 0, for the cells calamine
    reads as empty: error cells (their error text) and formulas without a value (:data:`FORMULA_WITHOUT_VALUE`).

    A sheet whose part was not scanned beforehand is scanned here. When the scan is complete and found
    nothing, the workbook part is not even parsed: the common case, thousands of times in a national batch.
    """
    if scan.complete and not any(scan.parts.values()):
        return {}
    found: dict[str, list[Cell]] = {}
    for name, part in _sheet_parts(scan).items():
        cells = scan.parts.get(part)
        if cells is None:
            try:
                info = scan.zf.getinfo(part)
            except KeyError:
                continue
            with scan.zf.open(info) as stream:
                cells = part_cells(iter(lambda s=stream: s.read(_CHUNK), b""))
        if cells:
            found[name] = cells
    return found


def part_cells(blocks: Iterable[bytes]) -> list[Cell]:
    """The odd cells of one sheet part given as consecutive pieces of its bytes, cut anywhere."""
    return [cell for chunk in _chunks(blocks) for cell in _odd_cells(chunk)]


def _chunks(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """The part in pieces that each end after a whole cell (``</c>``), so no cell is cut in two."""
    carry = b""
    for block in blocks:
        data = carry + block
        cut = data.rfind(b"</c>")
        if cut < 0 and len(data) < 4 * _CHUNK:
            carry = data
            continue
        cut = len(data) if cut < 0 else cut + 4
        yield data[:cut]
        carry = data[cut:]
    if carry:
        yield carry


def _odd_cells(data: bytes) -> list[Cell]:
    """Error cells and formulas without a saved value in one piece of sheet XML."""
    if b't="e"' not in data and b"<f" not in data:
        return []  # the common case: a sheet of typed values
    found = []
    for attrs, body in _CELL.findall(data):
        ref = _REF.search(attrs)
        if ref is None or (b't="e"' not in attrs and b"<f" not in body):
            continue
        value = _VALUE.search(body)
        if b't="e"' in attrs and value:
            text = value.group(1).decode()
        elif value is None and b"<f" in body and b't="str"' not in attrs:  # t="str": a formula giving ""
            text = FORMULA_WITHOUT_VALUE
        else:
            continue
        found.append((int(ref.group(2)) - 1, _column_index(ref.group(1).decode()), text))
    return found


def put_back(rows: list[list[object]], cells: list[Cell]) -> None:
    """Put the cells calamine read as empty back into its rows (padding a row that ended before them)."""
    for r, c, text in cells:
        if r < len(rows):
            row = rows[r]
            if c >= len(row):
                row.extend([None] * (c + 1 - len(row)))
            row[c] = text


def _sheet_parts(scan: SheetScan) -> dict[str, str]:
    """Sheet name -> its part in the zip, from the workbook and its relationships."""
    book, rels = (ElementTree.fromstring(scan.read.get(name) or scan.zf.read(name)) for name in BOOK_PARTS)
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", _NS)}
    parts = {}
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
