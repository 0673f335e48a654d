"""A corpus of broken and hostile inputs, built by code: each gets exit code 1, a located message, no traceback,
no output written and the input unchanged."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from builders import add_column, minimal, set_cell, write_book, write_csv_folder

import grb
from grb.cli import main


def good(path: Path) -> Path:
    return write_book(path, minimal())


def rewrite_part(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one XML part of a valid workbook (zip) in place."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, change(data) if item.filename == part else data)
    path.write_bytes(buf.getvalue())
    return path


def with_book(change: Callable) -> Callable[[Path], Path]:
    return lambda p: write_book(p.with_suffix(".xlsx"), change(minimal()))


def bomb(path: Path) -> Path:
    """A 200 MB sheet of spaces that zips to a few hundred KB."""
    with zipfile.ZipFile(good(path)) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * 200_000_000, 1)
            dst.writestr(name, data)
    return path


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def many_sheets(path: Path) -> Path:
    book = minimal() | {f"extra{i}": [["a"], [1]] for i in range(60)}
    return write_book(path, book)


def ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    return path


def truncated(path: Path) -> Path:
    data = good(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def garbage_sheet(path: Path) -> Path:
    return rewrite_part(good(path), "xl/worksheets/sheet2.xml", lambda d: b"<worksheet><sheetData><row><c")


def error_cell(path: Path) -> Path:
    """A #DIV/0! formula result in the budget column (calamine alone would read it as empty)."""
    import xlsxwriter

    book = minimal()
    wb = xlsxwriter.Workbook(str(path))
    for sheet, rows in book.items():
        ws = wb.add_worksheet(sheet)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if sheet == "investment_plan" and r == 1 and c == 4:
                    ws.write_formula(r, c, "=1/0", None, "#DIV/0!")
                elif value is not None:
                    ws.write(r, c, value)
    wb.close()
    return path


def csv_not_utf8(path: Path) -> Path:
    folder = write_csv_folder(path.with_suffix(""), minimal())
    (folder / "interventions.csv").write_bytes("intervention_id,issue_id\nI1,\xe9t\xe9\n".encode("cp1252"))
    return folder


def csv_ragged(path: Path) -> Path:
    folder = write_csv_folder(path.with_suffix(""), minimal())
    (folder / "gender_issues.csv").write_text("issue_id,issue\nG1,a,b,c,d\n")
    return folder


def empty_folder(path: Path) -> Path:
    folder = path.with_suffix("")
    folder.mkdir()
    (folder / "readme.txt").write_text("no csv here")
    return folder


# name -> (builder, expected problem code)
CORPUS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty file": (lambda p: (p.write_bytes(b""), p)[1], "not_a_workbook"),
    "text named xlsx": (lambda p: (p.write_text("budget to follow"), p)[1], "not_a_workbook"),
    "old xls or password": (
        lambda p: (p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), p)[1],
        "not_a_workbook",
    ),
    "ods": (ods, "not_a_workbook"),
    "truncated zip": (truncated, "not_a_workbook"),
    "garbage sheet xml": (garbage_sheet, "not_a_workbook"),
    "decompression bomb": (bomb, "too_large"),
    "billion laughs": (
        lambda p: rewrite_part(
            good(p),
            "xl/sharedStrings.xml",
            lambda d: d.replace(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', LAUGHS),
        ),
        "unsafe_file",
    ),
    "external entity": (
        lambda p: rewrite_part(
            good(p),
            "xl/workbook.xml",
            lambda d: d.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1),
        ),
        "unsafe_file",
    ),
    "too many sheets": (many_sheets, "too_large"),
    "missing file": (lambda p: p.with_name("nowhere.xlsx"), "file_not_found"),
    "missing commune sheet": (with_book(lambda b: {k: v for k, v in b.items() if k != "commune"}), "missing_sheet"),
    "every sheet empty": (with_book(lambda b: {k: [] for k in b}), "empty_sheet"),
    "commune header only": (with_book(lambda b: b | {"commune": [["field", "value"]]}), "required"),
    "duplicated header": (with_book(lambda b: add_column(b, "interventions", "Quantity", [3])), "duplicate_column"),
    "missing required column": (
        with_book(lambda b: b | {"investment_plan": [r[:4] for r in b["investment_plan"]]}),
        "missing_column",
    ),
    "excel error cell": (error_cell, "excel_error"),
    "typed #N/A": (with_book(lambda b: set_cell(b, "gender_issues", 2, "issue", "#N/A")), "excel_error"),
    "boolean quantity": (with_book(lambda b: set_cell(b, "interventions", 2, "quantity", True)), "not_a_number"),
    "date serial as number": (with_book(lambda b: b["commune"].append(["as_of", 46000]) or b), "not_a_date"),
    "huge negative budget": (with_book(lambda b: set_cell(b, "investment_plan", 2, "budget", -1e308)), "out_of_range"),
    "overflowing text number": (
        with_book(lambda b: set_cell(b, "investment_plan", 2, "budget", "1e400")),
        "not_a_number",
    ),
    "unknown project": (
        with_book(lambda b: set_cell(b, "interventions", 2, "cip_projects", "P404")),
        "unknown_reference",
    ),
    "duplicated ids": (
        with_book(lambda b: b["interventions"].append(list(b["interventions"][1])) or b),
        "duplicate_id",
    ),
    "usd without rate": (
        with_book(lambda b: add_column(b | {"commune": b["commune"][:5]}, "investment_plan", "currency", ["USD"])),
        "usd_rate_required",
    ),
    "reversed period": (
        with_book(lambda b: b | {"commune": [*b["commune"][:3], ["last_year", 2020], *b["commune"][4:]]}),
        "period_order",
    ),
    "control characters in a number": (
        with_book(lambda b: set_cell(b, "interventions", 2, "unit_cost", "12\t00")),
        "not_a_number",
    ),
    "two decimal points": (with_book(lambda b: set_cell(b, "interventions", 2, "quantity", "1.2.3")), "not_a_number"),
    "csv not utf-8": (csv_not_utf8, "not_a_workbook"),
    "csv ragged rows": (csv_ragged, "not_a_workbook"),
    "folder without csv": (empty_folder, "not_a_workbook"),
    "month out of range": (
        with_book(
            lambda b: (
                b
                | {
                    "budget_cycle": [
                        ["stage_id", "level", "stage", "kind", "start_month", "end_month"],
                        ["S", "commune", "x", "planning", 0, 13],
                    ]
                }
            )
        ),
        "out_of_range",
    ),
}


@pytest.mark.parametrize("case", list(CORPUS))
def test_broken_or_hostile_input(case, tmp_path, capsys):
    build, code = CORPUS[case]
    source = build(tmp_path / "input.xlsx")
    before = _snapshot(source)
    out = tmp_path / "report.xlsx"
    assert main(["analyze", str(source), "-o", str(out), "--csv", str(tmp_path / "csv")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "problem" in err
    with pytest.raises(grb.InputError) as info:
        grb.load(source)
    assert code in set(info.value.problems["code"]), info.value.problems.to_string()
    assert not out.exists() and not (tmp_path / "csv").exists()
    assert _snapshot(source) == before


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 30


def _snapshot(path: Path) -> object:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return path.read_bytes() if path.exists() else None


@pytest.mark.parametrize("case", ["decompression bomb", "billion laughs"])
def test_bombs_are_refused_with_bounded_memory(case, tmp_path):
    source = CORPUS[case][0](tmp_path / "input.xlsx")
    tracemalloc.start()
    with pytest.raises(grb.InputError):
        grb.load(source)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50_000_000  # the 200 MB part is never unpacked into memory


def test_row_limit_is_settable(tmp_path, capsys):
    source = good(tmp_path / "input.xlsx")
    assert main(["validate", str(source), "--max-rows", "1"]) == 1
    assert "rows; the limit is 1" in capsys.readouterr().err
    with pytest.raises(grb.InputError) as info:
        grb.load(source, limits=__import__("grb.io.read", fromlist=["Limits"]).Limits(max_rows=1))
    # every sheet over the limit is named at once: each of the four sheets of `minimal` has a header and a row
    found = info.value.problems
    assert found["code"].tolist() == ["too_large"] * 4
    assert sorted(found["sheet"]) == ["commune", "gender_issues", "interventions", "investment_plan"]
