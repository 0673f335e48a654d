"""The cheaper reading (issue 14) refuses and accepts exactly what it must.

The safety checks read each part only while its prolog lasts, straight from the workbook's bytes (or through
zipfile's streams for a large file: every case runs both ways), and scan the worksheet parts for error cells
in the same pass. ``sheet_from_rows`` builds its frame from one cleaned block: it must give the reference
frame whichever pandas path builds it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from builders import minimal, set_cell, write_book
from test_read_rows import CASES, reference

import grb
import grb.io.read as reader
from grb.io.read import sheet_from_rows
from grb.keys import ROW

DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
DOCTYPE = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'


@pytest.fixture(params=["in memory", "streamed"])
def way(request, monkeypatch):
    """Run the test on a workbook read whole (the common case) and on one streamed by zipfile (a large file)."""
    if request.param == "streamed":
        monkeypatch.setattr(reader, "_IN_MEMORY", -1)
    return request.param


def codes(path: Path) -> pd.DataFrame:
    with pytest.raises(grb.InputError) as info:
        grb.load(path)
    return info.value.problems


def rewrite(path: Path, part: str, change: Callable[[bytes], bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    """Rewrite one part of a workbook in place (every part stored with ``method``)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", method) as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item.filename, change(data) if item.filename == part else data)
    path.write_bytes(buf.getvalue())
    return path


def good(tmp_path: Path) -> Path:
    return write_book(tmp_path / "b.xlsx", minimal())


# --- a DTD is refused wherever the prolog puts it -------------------------------------------------------------

PADDINGS = {
    "long comment": DECLARATION + b"\n<!--" + b" padding " * 2_000 + b"-->\n",
    "megabytes of spaces": DECLARATION + b" " * 3_000_000,
    "many comments and instructions": DECLARATION + b"<!-- a --><?pi x?>\n" * 1_000,
    "comment mentioning a tag": DECLARATION + b"<!-- <sst> is the root --> " + b" " * 5_000,
    "byte-order mark": b"\xef\xbb\xbf" + DECLARATION,
    "no declaration": b"",
}


@pytest.mark.parametrize("padding", PADDINGS.values(), ids=PADDINGS.keys())
@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet2.xml", "docProps/app.xml"])
def test_doctype_after_a_padded_prolog_is_refused(tmp_path, way, padding, part):
    path = rewrite(good(tmp_path), part, lambda d: padding + DOCTYPE + d[d.index(b"?>") + 2 :])
    problems = codes(path)
    assert problems["code"].tolist() == ["unsafe_file"]
    assert part in problems["value"].iloc[0] or part in problems["problem"].iloc[0]


def test_lowercase_doctype_is_refused(tmp_path, way):
    path = rewrite(good(tmp_path), "xl/styles.xml", lambda d: d.replace(b"?>", b"?><!doctype x>", 1))
    assert codes(path)["code"].tolist() == ["unsafe_file"]


def test_utf16_part_declaring_a_dtd_is_refused(tmp_path, way):
    """A prolog the fast path cannot follow is searched whole, in UTF-16 too (the former check missed it)."""

    def utf16(data: bytes) -> bytes:
        text = data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').replace("?>", "?>" + DOCTYPE.decode(), 1)
        return text.encode("utf-16")

    assert codes(rewrite(good(tmp_path), "docProps/core.xml", utf16))["code"].tolist() == ["unsafe_file"]


def test_entity_text_in_a_cell_is_accepted(tmp_path, way):
    """``<!ENTITY`` typed in a cell is stored escaped (``&lt;!ENTITY``) in sharedStrings: text, not a declaration.

    The former whole-part search did not match the escaped form either: both accept it.
    """
    text = '<!ENTITY x SYSTEM "file:///etc/passwd"> and <!DOCTYPE y>'
    path = write_book(tmp_path / "b.xlsx", set_cell(minimal(), "gender_issues", 2, "issue", text))
    with zipfile.ZipFile(path) as zf:
        assert b"&lt;!ENTITY" in zf.read("xl/sharedStrings.xml")
    assert grb.load(path).gender_issues["issue"].tolist() == [text]


def test_doctype_text_after_the_root_is_not_a_declaration(tmp_path, way):
    """After the root element a ``<!DOCTYPE`` can only be text (a CDATA section here): the prolog check lets
    it through, as it must let a cell's text through; no parser grb uses expands anything there."""
    cdata = b"<si><t><![CDATA[<!DOCTYPE z [<!ENTITY q 'q'>]>]]></t></si></sst>"
    path = rewrite(good(tmp_path), "xl/sharedStrings.xml", lambda d: d.replace(b"</sst>", cdata))
    grb.load(path)  # no unsafe_file


# --- corrupt and unusual zips ------------------------------------------------------------------------------------


def test_stored_workbook_reads_like_a_deflated_one(tmp_path, way):
    stored = rewrite(good(tmp_path), "", bytes, method=zipfile.ZIP_STORED)
    pd.testing.assert_frame_equal(
        grb.load(stored).interventions, grb.load(write_book(tmp_path / "d.xlsx", minimal())).interventions
    )


def test_corrupt_compressed_data_is_not_a_workbook(tmp_path, way):
    """A part whose deflate stream is broken: a located problem, never a zlib traceback."""
    path = good(tmp_path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/theme/theme1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start : start + 64] = b"\xff" * 64  # invalid deflate block type
    path.write_bytes(bytes(data))
    assert codes(path)["code"].tolist() == ["not_a_workbook"]


def test_broken_local_header_is_not_a_workbook(tmp_path, way):
    path = good(tmp_path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        at = zf.getinfo("xl/styles.xml").header_offset
    data[at : at + 4] = b"\0\0\0\0"
    path.write_bytes(bytes(data))
    assert codes(path)["code"].tolist() == ["not_a_workbook"]


def test_a_part_is_never_read_past_its_declared_size(tmp_path):
    path = write_book(tmp_path / "b.xlsx", minimal())
    data = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/theme/theme1.xml")
    info.file_size = 100  # a header that lies: zipfile stops there too
    with reader._Part(data, info) as part:
        assert len(part.read()) == 100


# --- error cells found in the same pass, or by error_cells itself ------------------------------------------------


def error_book(path: Path) -> Path:
    """A #DIV/0! formula result in the investment plan's budget (row 2, column E) and a formula without value."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    for sheet, rows in minimal().items():
        ws = wb.add_worksheet(sheet)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if sheet == "investment_plan" and (r, c) == (1, 4):
                    ws.write_formula(r, c, "=1/0", None, "#DIV/0!")
                elif value is not None:
                    ws.write(r, c, value)
    wb.close()
    return path


def located(problems: pd.DataFrame, code: str) -> list[list[object]]:
    return problems.loc[problems["code"] == code, ["sheet", "row", "column"]].values.tolist()


def test_error_cell_in_a_worksheet_part(tmp_path, way):
    assert located(codes(error_book(tmp_path / "e.xlsx")), "excel_error") == [["investment_plan", 2, "budget"]]


@pytest.mark.parametrize("target", ["plan/budget.xml", "plan/budget"])
def test_error_cell_in_a_sheet_stored_elsewhere(tmp_path, way, target):
    """A sheet part outside ``xl/worksheets/`` is told by its root element and scanned in the safety pass;
    one that is not even named .xml escapes that pass, and error_cells scans it after reading the sheet map."""
    path = error_book(tmp_path / "e.xlsx")
    moved = tmp_path / "moved.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item).replace(b"worksheets/sheet4.xml", target.encode())
            dst.writestr(item.filename.replace("worksheets/sheet4.xml", target), data)
    with zipfile.ZipFile(moved) as zf:
        assert f"xl/{target}" in zf.namelist()
    assert located(codes(moved), "excel_error") == [["investment_plan", 2, "budget"]]


# --- sheet_from_rows: the same frame on either pandas path ------------------------------------------------------

MORE_CASES = {
    "header longer than every row": [["a", "b", "c"], ["x"], ["y", 1]],
    "odd types": [
        ["n", "f", "d", "b"],
        [np.float64("nan"), 1.5, pd.Timestamp("2026-01-02"), True],
        [None, float("nan"), None, False],
        [np.int64(3), " ", "  z ", None],
    ],
    "numbers and dates as headers": [[2026, 1.5, "Name"], [1, 2, 3]],
    "blank header cells": [[" ", "a", None, "b"], ["lost", 1, "lost", None], [None, None, None, None]],
}


@pytest.mark.parametrize("public", [False, True], ids=["blocks", "public constructor"])
@pytest.mark.parametrize("rows", [*CASES.values(), *MORE_CASES.values()], ids=[*CASES, *MORE_CASES])
def test_frame_is_the_reference_on_either_path(rows, public, monkeypatch):
    if public:
        monkeypatch.setattr(reader, "_from_blocks", None)
    raw = sheet_from_rows(rows, "S")
    pd.testing.assert_frame_equal(raw.frame, reference(rows, "S"), check_index_type=True, check_column_type=True)
    assert raw.frame[ROW].dtype == "int64"
    assert set(raw.frame.dtypes.drop(ROW).astype(str)) <= {"object"}  # never inferred
    assert raw.top == tuple(tuple(reader._clean(v) for v in r) for r in rows[1:3])


def test_frames_of_one_header_share_no_index_object():
    first, second = (sheet_from_rows([["a", "b"], [1, 2]], "S").frame for _ in range(2))
    first.columns.name = "renamed"
    assert second.columns.name is None
