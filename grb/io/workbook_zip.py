"""The workbook's zip: its parts read from the file's bytes, and refused when unsafe, before a parser sees them.

Checks that must happen before parsing (size, XML entities, file kind) live here, so a hostile file is refused
before any parser expands it; the error-cell scan (:mod:`grb.io.cell_errors`) is fed on the way.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from grb.i18n import _
from grb.io.cell_errors import BOOK_PARTS, Cell, SheetScan, part_cells
from grb.io.sheet_problems import file_problem, unreadable
from grb.problems import InputError

if TYPE_CHECKING:
    from grb.io.read import Limits

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
_PLAIN_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)  # a part's data is corrupt


class _Stream(Protocol):
    """What the checks need of a part: ``read(size)``, giving ``b""`` only at its end."""

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class Zip:
    """A workbook's zip and, for a file of ordinary size, its bytes: its parts are then read from them."""

    zf: zipfile.ZipFile
    data: bytes | None

    def open(self, info: zipfile.ZipInfo) -> Part | zipfile.ZipExtFile:
        """One part as a stream; zipfile's own for a large file, an encrypted part or another compression."""
        if self.data is None or info.flag_bits & 1 or info.compress_type not in _PLAIN_METHODS:
            return self.zf.open(info)
        return Part(self.data, info)


class Part:
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

    def __enter__(self) -> Part:
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


def check_parts(book: Zip, path: Path, limits: Limits) -> SheetScan:
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
        raise unreadable(path, exc) from None
    complete = all(i.filename.endswith((".xml", ".rels")) or i.is_dir() for i in book.zf.infolist())
    return SheetScan(book.zf, scanned, kept, complete)


def _safe_prolog(part: _Stream, name: str, path: Path) -> tuple[bytes, int]:
    """:func:`_read_prolog`, refusing the workbook when the part declares a DTD or entities."""
    read = _read_prolog(part)
    if read is None:
        text = _("part {part} declares XML entities or a DTD; grb refuses such files for safety").format(part=name)
        raise InputError([file_problem(path, "unsafe_file", text)], str(path))
    return read


def _check_sizes(zf: zipfile.ZipFile, path: Path, limits: Limits) -> None:
    """An .xlsx has ``xl/workbook.xml``; its unpacked size and sheet count stay under the limits."""
    infos = zf.infolist()
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        hint = _("save it from Excel as an .xlsx workbook (File > Save As > Excel Workbook)")
        text = _("this is not an .xlsx workbook (an .ods or another zip file?); {hint}").format(hint=hint)
        raise InputError([file_problem(path, "not_a_workbook", text)], str(path))
    total = sum(i.file_size for i in infos)
    n_sheets = sum(n.startswith("xl/worksheets/sheet") for n in names)
    if total > limits.max_bytes or n_sheets > limits.max_sheets:
        text = _(
            "the workbook unpacks to {size:,} bytes in {n} sheets; the limits are {max_size:,} bytes and "
            "{max_n} sheets (see --max-bytes)"
        ).format(size=total, n=n_sheets, max_size=limits.max_bytes, max_n=limits.max_sheets)
        raise InputError([file_problem(path, "too_large", text)], str(path))


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
