"""Odd but honest workbooks (as people really save them) read correctly; outputs are reproducible."""

from __future__ import annotations

import xlsxwriter
from builders import minimal, write_book
from handworked import HANDWORKED

import grb


def test_odd_but_honest_workbook(tmp_path):
    """Hidden and extra sheets, sheet names in another case, formulas with cached values, merged title cells
    beside the table, numbers and dates stored as text, long text, spaces around values."""
    path = tmp_path / "odd.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    notes = wb.add_worksheet("Notes")
    notes.merge_range(0, 0, 0, 3, "Commune budget 2026 (merged title)")
    for sheet, rows in minimal().items():
        ws = wb.add_worksheet(sheet.replace("_", " ").title())  # "Gender Issues", "Investment Plan"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, f"  {value}  " if isinstance(value, str) else value)
    ws = wb.get_worksheet_by_name("Investment Plan")
    ws.write_formula(1, 4, "=1000000+500000", None, 1_500_000)  # a formula: its cached value is read
    ws.merge_range(0, 8, 0, 9, "remarks")  # merged cells beside the table: an unknown column, kept as a warning
    issues = wb.get_worksheet_by_name("Gender Issues")
    issues.write_string(1, 1, "Girls miss school to fetch water " + "and more " * 2000)  # very long text
    interventions = wb.get_worksheet_by_name("Interventions")
    interventions.write_string(1, 5, "1,000,000")  # a number stored as text
    commune = wb.get_worksheet_by_name("Commune")
    commune.write_string(6, 0, "as_of")
    commune.write_string(6, 1, "2026-09-01")  # a date stored as text
    hidden = wb.add_worksheet("old copy")
    hidden.hide()
    hidden.write(0, 0, "ignored")
    wb.close()

    data = grb.load(path)
    assert data.investment_plan["budget"].tolist() == [1_500_000]
    assert data.interventions["unit_cost"].tolist() == [1_000_000]
    assert data.communes["as_of"].iloc[0].isoformat()[:10] == "2026-09-01"
    assert data.gender_issues["issue_id"].tolist() == ["G1"]  # spaces stripped
    assert len(data.gender_issues["issue"].iloc[0]) > 18_000
    assert "unknown_column" in set(data.checks["code"])
    result = grb.analyze(data)
    assert result.interventions["gap"].tolist() == [2 * 1_000_000 - 1_500_000]


def test_csv_outputs_are_byte_identical_for_the_same_input_and_date(tmp_path):
    path = write_book(tmp_path / "in.xlsx", HANDWORKED)
    for name in ("a", "b"):
        grb.write_csv(grb.analyze(grb.load(path), as_of="2026-09-15"), tmp_path / name)
    for file in sorted((tmp_path / "a").iterdir()):
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes(), file.name


def test_csv_text_that_looks_like_a_formula_is_neutralised(tmp_path):
    book = {k: [list(r) for r in v] for k, v in HANDWORKED.items()}
    book["interventions"][1][2] = "=cmd|' /C calc'!A0"
    book["investment_plan"][1][0] = "@P1"
    book["interventions"][1][7] = book["interventions"][2][7] = "@P1"
    path = write_book(tmp_path / "in.xlsx", book)
    grb.write_csv(grb.analyze(grb.load(path)), tmp_path / "csv")
    text = (tmp_path / "csv" / "investment_plan.csv").read_text()
    assert "'@P1" in text and "\n@P1" not in text
    gaps = (tmp_path / "csv" / "gaps.csv").read_text()
    assert "\n=" not in gaps and ",=" not in gaps
