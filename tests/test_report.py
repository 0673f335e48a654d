"""The gap report read back as a person's spreadsheet program would read it."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from builders import write_book
from handworked import HANDWORKED

import grb

SHEETS = ["Summary", "Gender issues", "Interventions", "Gaps", "Investment plan", "Intervention map", "Checks"]
SHEETS += ["Advocacy tracker"]  # SPEC §4.1


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    result = grb.analyze(grb.load(write_book(folder / "in.xlsx", HANDWORKED)))
    grb.write_report(result, folder / "report.xlsx")
    grb.write_csv(result, folder / "csv")
    return openpyxl.load_workbook(folder / "report.xlsx"), folder


def table(ws) -> pd.DataFrame:
    rows = list(ws.iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_sheets_present(report):
    book, _ = report
    assert book.sheetnames == SHEETS


def test_figures_equal_the_csv_files(report):
    book, folder = report
    sheet = table(book["Interventions"]).set_index("Intervention")
    csv = pd.read_csv(folder / "csv" / "interventions.csv").set_index("intervention_id")
    for header, column in (("Cost", "cost"), ("Allocated", "allocated"), ("Gap", "gap")):
        assert sheet[header].astype(float).to_dict() == pytest.approx(csv[column].to_dict())
    issues = table(book["Gender issues"]).set_index("Issue")
    csv_issues = pd.read_csv(folder / "csv" / "gender_issues.csv").set_index("issue_id")
    assert issues["Gap"].astype(float).to_dict() == pytest.approx(csv_issues["gap"].to_dict())
    gaps = table(book["Gaps"])
    assert gaps["Intervention"].tolist() == pd.read_csv(folder / "csv" / "gaps.csv")["intervention_id"].tolist()


def test_user_formula_stays_text(report):
    book, _ = report
    ws = book["Gender issues"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells, "the =HYPERLINK issue text should be in the sheet"
    assert all(c.data_type == "s" for c in cells)  # a string cell, not a formula ("f")
    assert not any(c.hyperlink for row in ws.iter_rows() for c in row)


def test_khmer_text_intact(report):
    book, _ = report
    values = [c.value for row in book["Gender issues"].iter_rows() for c in row]
    assert "ស្ត្រីខ្វះព័ត៌មាន (women lack information)" in values


def test_money_formats_follow_the_plan_currency(report):
    book, _ = report
    ws = book["Interventions"]
    header = [c.value for c in ws[1]]
    cost = ws.cell(row=2, column=header.index("Cost") + 1)
    assert cost.number_format == "#,##0"  # riel without decimals


def test_print_ready_and_frozen(report):
    book, _ = report
    for name in SHEETS[1:]:
        ws = book[name]
        assert ws.freeze_panes == "A2"
        assert ws.page_setup.orientation == "landscape"
        assert ws.print_title_rows == "$1:$1"
        assert ws.auto_filter.ref


def test_summary_has_two_charts_and_the_as_of_date(report):
    book, _ = report
    ws = book["Summary"]
    assert len(ws._charts) >= 2
    assert book.properties.created == dt.datetime(2026, 9, 15)
    assert "Hand-worked commune" in [c.value for row in ws.iter_rows() for c in row]


def test_same_input_same_cells(tmp_path):
    data = grb.load(write_book(tmp_path / "in.xlsx", HANDWORKED))
    grb.write_report(grb.analyze(data), tmp_path / "a.xlsx")
    grb.write_report(grb.analyze(data), tmp_path / "b.xlsx")
    a, b = openpyxl.load_workbook(tmp_path / "a.xlsx"), openpyxl.load_workbook(tmp_path / "b.xlsx")
    for name in SHEETS:
        assert list(a[name].values) == list(b[name].values)


def test_report_never_overwrites_its_input(tmp_path):
    from grb.io.write import OutputError

    path = write_book(tmp_path / "in.xlsx", HANDWORKED)
    before = path.read_bytes()
    with pytest.raises(OutputError):
        grb.write_report(grb.analyze(grb.load(path)), path, inputs=(path,))
    assert path.read_bytes() == before


def test_failure_while_writing_leaves_no_partial_file_and_the_old_one_intact(tmp_path, monkeypatch):
    from grb.report import excel

    result = grb.analyze(grb.load(write_book(tmp_path / "in.xlsx", HANDWORKED)))
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"older report")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(excel, "intervention_map", broken)
    with pytest.raises(RuntimeError):
        grb.write_report(result, target)
    assert target.read_bytes() == b"older report"
    assert [p.name for p in tmp_path.iterdir()] == sorted(["in.xlsx", "report.xlsx"]) or set(
        p.name for p in tmp_path.iterdir()
    ) == {"in.xlsx", "report.xlsx"}


def test_intervention_map_sheet(report):
    book, folder = report
    ws = book["Intervention map"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("Stage", "Stage name", "Level and kind")
    assert [h for h in header if h and h.startswith("Sep")] == ["Sep (now)"]  # as of 15 Sep 2026
    stages = pd.DataFrame(rows[1:], columns=header).set_index("Stage")
    assert stages["Gaps routed"].to_dict() == {"S1": 2, "S2": 0, "S3": 2, "S4": 0}
    csv = pd.read_csv(folder / "csv" / "intervention_map.csv").set_index("stage_id")
    assert stages["Money routed"].astype(float).to_dict() == pytest.approx(csv["gap_amount"].to_dict())
    # the timeline: S1 (May-Jul) is filled in May, June, July only
    may = header.index("May")
    fills = [ws.cell(row=2, column=may + 1 + k).fill.fgColor.rgb for k in range(-1, 4)]  # Apr..Aug
    assert fills[0] == fills[4] and fills[1] == fills[2] == fills[3] and fills[0] != fills[1]


def test_gaps_sheet_shows_entry_points(report):
    book, _ = report
    gaps = table(book["Gaps"]).set_index("Intervention")
    assert gaps.loc["I4", "Where to raise it"] == "Village meetings"
    assert gaps.loc["I4", "Window opens"] == dt.datetime(2027, 5, 1)
