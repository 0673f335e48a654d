"""Files that are not commune workbooks get an InputError with a located problem, never another exception."""

from __future__ import annotations

import zipfile

import pytest
from builders import minimal, write_book, write_csv_folder

import grb


def codes(path, **kwargs):
    with pytest.raises(grb.InputError) as info:
        grb.load(path, **kwargs)
    return info.value.problems


def test_empty_file(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert codes(tmp_path / "empty.xlsx")["code"].tolist() == ["not_a_workbook"]


def test_text_file_named_xlsx(tmp_path):
    (tmp_path / "notes.xlsx").write_text("commune budget, to be typed later\n")
    assert codes(tmp_path / "notes.xlsx")["code"].tolist() == ["not_a_workbook"]


def test_old_xls_or_password_protected(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)
    problems = codes(tmp_path / "old.xls")
    assert problems["code"].tolist() == ["not_a_workbook"]
    assert "password" in problems["problem"].iloc[0]


def test_zip_that_is_not_a_workbook(tmp_path):
    with zipfile.ZipFile(tmp_path / "photos.xlsx", "w") as zf:
        zf.writestr("photo.txt", "not a workbook")
    assert codes(tmp_path / "photos.xlsx")["code"].tolist() == ["not_a_workbook"]


def test_missing_file(tmp_path):
    assert codes(tmp_path / "nowhere.xlsx")["code"].tolist() == ["file_not_found"]


def test_missing_sheet(tmp_path):
    book = minimal()
    del book["investment_plan"]
    problems = codes(write_book(tmp_path / "b.xlsx", book))
    assert problems[["code", "sheet"]].values.tolist() == [["missing_sheet", "investment_plan"]]


def test_missing_required_column(tmp_path):
    book = minimal()
    book["interventions"] = [row[:4] + row[5:] for row in book["interventions"]]  # no quantity
    problems = codes(write_book(tmp_path / "b.xlsx", book))
    assert problems[["code", "sheet", "row", "column"]].values.tolist() == [
        ["missing_column", "interventions", 1, "quantity"]
    ]


def test_duplicated_header(tmp_path):
    book = minimal()
    book["investment_plan"][0][3] = "Budget"  # "project" replaced by a second budget column
    problems = codes(write_book(tmp_path / "b.xlsx", book))
    assert ["duplicate_column", "investment_plan", 1, "budget"] in problems[
        ["code", "sheet", "row", "column"]
    ].values.tolist()


def test_empty_sheet(tmp_path):
    book = minimal()
    book["gender_issues"] = []
    problems = codes(write_book(tmp_path / "b.xlsx", book))
    assert problems[["code", "sheet", "row"]].values.tolist() == [["empty_sheet", "gender_issues", 1]]


def test_xml_entity_declarations_are_refused(tmp_path):
    good = write_book(tmp_path / "good.xlsx", minimal())
    bomb = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/sharedStrings.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>', 1)
            dst.writestr(item, data)
    assert codes(bomb)["code"].tolist() == ["unsafe_file"]


def test_size_limit(tmp_path):
    path = write_book(tmp_path / "b.xlsx", minimal())
    assert codes(path, limits=grb_limits(max_bytes=1000))["code"].tolist() == ["too_large"]


def grb_limits(**kw):
    from grb.io.read import Limits

    return Limits(**kw)


def test_csv_folder_reads_like_the_workbook(tmp_path):
    book = minimal()
    from_xlsx = grb.load(write_book(tmp_path / "b.xlsx", book))
    from_csv = grb.load(write_csv_folder(tmp_path / "csv", book))
    assert from_csv.interventions["unit_cost"].tolist() == from_xlsx.interventions["unit_cost"].tolist()
    assert from_csv.communes["commune_name"].tolist() == ["Test commune"]


def test_csv_folder_keeps_code_text(tmp_path):
    book = minimal()
    book["commune"].append(["commune_code", "010201"])
    assert grb.load(write_csv_folder(tmp_path / "csv", book)).communes["commune_code"].tolist() == ["010201"]


def test_input_is_never_modified(tmp_path):
    path = write_book(tmp_path / "b.xlsx", minimal())
    before = path.read_bytes()
    grb.analyze(grb.load(path))
    assert path.read_bytes() == before


# --- sheets that are ambiguous or hide data -------------------------------------------------------------------


def test_two_sheets_whose_names_normalise_alike(tmp_path):
    book = minimal()
    book["Investment Plan"] = [["project_id", "budget"], ["OLD", 1]]  # an old draft beside investment_plan
    problems = codes(write_book(tmp_path / "b.xlsx", book))
    assert problems["code"].tolist() == ["duplicate_sheet"]
    assert "investment_plan" in problems["problem"].iloc[0] and "Investment Plan" in problems["problem"].iloc[0]


def test_two_csv_files_whose_names_normalise_alike(tmp_path):
    folder = write_csv_folder(tmp_path / "csv", minimal())
    (folder / "Gender Issues.csv").write_text("issue_id\nG9\n", encoding="utf-8")
    assert codes(folder)["code"].tolist() == ["duplicate_sheet"]


def write_merged_header(path, merge: bool = True):
    """The minimal book, whose investment_plan has `budget` merged over E1:F1 and a currency under F."""
    import xlsxwriter

    book = xlsxwriter.Workbook(path)
    for name, rows in minimal().items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    ws = book.get_worksheet_by_name("investment_plan")
    if merge:
        ws.merge_range(0, 4, 0, 5, "budget")
    ws.write(1, 5, "USD")
    book.close()
    return path


def test_merged_header_cell_is_located(tmp_path):
    problems = codes(write_merged_header(tmp_path / "merged.xlsx"))
    assert problems[["code", "sheet", "row", "column"]].values.tolist() == [
        ["missing_header", "investment_plan", 1, "F"]
    ]
    assert "merged" in problems["problem"].iloc[0]


def test_data_under_an_empty_header_cell(tmp_path):
    problems = codes(write_merged_header(tmp_path / "blank.xlsx", merge=False))
    assert problems[["code", "sheet", "row", "column"]].values.tolist() == [
        ["missing_header", "investment_plan", 1, "F"]
    ]
    folder = write_csv_folder(tmp_path / "csv", minimal())
    (folder / "gender_issues.csv").write_text(
        "issue_id,issue,sector,severity,reach,urgency,\nG1,x,health,1,1,1,stray note\n", encoding="utf-8"
    )
    assert codes(folder)[["code", "sheet", "column"]].values.tolist() == [["missing_header", "gender_issues", "G"]]


def test_empty_header_over_empty_column_is_fine(tmp_path):
    book = minimal()
    book["gender_issues"] = [[*r, None] for r in book["gender_issues"]]
    assert len(grb.load(write_book(tmp_path / "b.xlsx", book)).gender_issues) == 1


# --- what the reader catches, and what it lets through --------------------------------------------------------


def test_a_bug_in_grb_is_not_called_a_corrupt_workbook(tmp_path, monkeypatch):
    import grb.io.read as reader

    def bug(path):
        raise KeyError("a programming error")

    monkeypatch.setattr(reader, "error_cells", bug)
    with pytest.raises(KeyError):
        grb.load(write_book(tmp_path / "b.xlsx", minimal()))


def test_corrupt_sheet_part_is_not_a_workbook(tmp_path):
    good = write_book(tmp_path / "good.xlsx", minimal())
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    assert codes(broken)["code"].tolist() == ["not_a_workbook"]


# --- CSV folders get the same limits as workbooks ------------------------------------------------------------


def test_csv_folder_byte_limit(tmp_path):
    folder = write_csv_folder(tmp_path / "csv", minimal())
    size = sum(f.stat().st_size for f in folder.iterdir())
    assert codes(folder, limits=grb_limits(max_bytes=size - 1))["code"].tolist() == ["too_large"]
    assert len(grb.load(folder, limits=grb_limits(max_bytes=size)).interventions) == 1  # the limit itself is allowed


def test_csv_folder_file_limit(tmp_path):
    folder = write_csv_folder(tmp_path / "csv", minimal())  # four files
    assert codes(folder, limits=grb_limits(max_sheets=3))["code"].tolist() == ["too_large"]
    assert len(grb.load(folder, limits=grb_limits(max_sheets=4)).interventions) == 1


def test_csv_folder_row_limit(tmp_path):
    book = minimal()
    book["gender_issues"].append(["G2", "Women absent from council meetings", "participation_leadership", 3, 3, 3])
    folder = write_csv_folder(tmp_path / "csv", book)
    # gender_issues holds 3 rows (header + 2); the other sheets at most 6 (commune: header + 5 fields)
    problems = codes(folder, limits=grb_limits(max_rows=2))
    assert sorted(problems["sheet"]) == ["commune", "gender_issues"]
    assert set(problems["code"]) == {"too_large"}
    assert len(grb.load(folder, limits=grb_limits(max_rows=6)).gender_issues) == 2


def test_the_reader_reads_exactly_the_sheets_the_models_declare(tmp_path):
    """Sheets grb does not use (notes, the template's instructions) are not read: a column of notes without a
    header there is no problem, while the same in a sheet grb reads is one (``missing_header``)."""
    import openpyxl

    from grb.keys import INPUT_SHEETS
    from grb.schemas.models import SHEETS

    assert tuple(SHEETS) == INPUT_SHEETS
    path = write_book(tmp_path / "notes.xlsx", minimal())
    book = openpyxl.load_workbook(path)
    book.create_sheet("My notes")["B2"] = "ask the commune chief about P3"
    book.save(path)
    assert grb.load(path).interventions["intervention_id"].tolist() == ["I1"]
    book["interventions"].cell(row=2, column=book["interventions"].max_column + 2, value="stray note")
    book.save(path)
    with pytest.raises(grb.InputError) as info:
        grb.load(path)
    assert info.value.problems["code"].tolist() == ["missing_header"]
