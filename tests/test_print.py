"""The gap report as a printed document: read back as Excel and LibreOffice print it."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from builders import minimal, write_book
from handworked import HANDWORKED

import grb
from grb.data import default_sectors
from grb.i18n import gettext
from grb.report import pages
from grb.report.summary import in_words
from grb.schemas.models import FUNDING_SOURCES, INTERVENTION_TYPES, LEVELS, SPACE_TYPES, STAGE_KINDS

TABLE_SHEETS = ["Gender issues", "Interventions", "Gaps", "Investment plan", "Intervention map", "Checks"]
STATUSES = ["programmed", "under_budgeted", "unprogrammed", "funded", "partly_funded", "unfunded", "no_intervention"]
CODES = {*STATUSES, *INTERVENTION_TYPES, *FUNDING_SOURCES, *LEVELS, *STAGE_KINDS, *SPACE_TYPES}
CODES |= set(default_sectors()["code"]) | {"n_interventions", "cip_budget", "total_gap", "True", "False", "KHR", "USD"}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    result = grb.analyze(grb.load(write_book(folder / "in.xlsx", HANDWORKED)))
    grb.write_report(result, folder / "report.xlsx")
    return openpyxl.load_workbook(folder / "report.xlsx")


def commune_with(n: int) -> dict:
    """A commune of ``n`` gender issues with long names, one intervention each, half of them in the plan."""
    book = minimal()
    book["gender_issues"] = [["issue_id", "issue", "sector", "severity", "reach", "urgency"]] + [
        [f"G{i}", f"Issue {i}: women and girls of the commune lack access to a service they need", "health",
         1 + i % 5, 3, 2]
        for i in range(1, n + 1)
    ]  # fmt: skip
    book["interventions"] = [["intervention_id", "issue_id", "intervention", "type", "quantity", "unit_cost",
                              "cip_projects"]] + [
        [f"I{i}", f"G{i}", f"Intervention {i}", "service", 1, 100_000 * i, "P1" if i % 2 else None]
        for i in range(1, n + 1)
    ]  # fmt: skip
    return book


def character_widths(ws) -> list[float]:
    """Column widths in characters as set: the file stores them with Excel's 5-pixel padding."""
    chars = [8.43] * ws.max_column  # Excel's default width
    for dim in ws.column_dimensions.values():  # one entry may cover several columns (min..max)
        for c in range(dim.min, min(dim.max, ws.max_column) + 1):
            chars[c - 1] = (dim.width * 7 - 5) / 7
    return chars


@pytest.mark.parametrize("n_issues", [3, 8, 15])
def test_no_chart_covers_a_cell_that_holds_data(tmp_path, n_issues):
    result = grb.analyze(grb.load(write_book(tmp_path / "in.xlsx", commune_with(n_issues))))
    assert len(result.gender_issues) == n_issues
    grb.write_report(result, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Summary"]
    assert len(ws._charts) == 2
    for chart in ws._charts:
        start, end = chart.anchor._from, chart.anchor.to
        covered = [
            ws.cell(row=r + 1, column=c + 1).coordinate
            for r in range(start.row, end.row + 1)
            for c in range(start.col, end.col + 1)
            if ws.cell(row=r + 1, column=c + 1).value is not None
        ]
        assert covered == [], f"a chart covers {covered}"
        # the charts start a printed page and fit in it: A4 landscape, 8.27 in less 1.1 in of margins, 96 px/in,
        # default rows of 20 px below the tables
        assert [b.id for b in ws.row_breaks.brk] == [start.row]
        assert (end.row - start.row) * 20 <= (8.27 - 1.1) * 96


def test_every_sheet_is_print_ready_on_a4(report):
    for ws in report.worksheets:
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape", ws.title
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1), ws.title
        assert setup.fitToHeight == 0, ws.title  # as many pages down as needed
        assert "Hand-worked commune, Angkor Borei, Takeo" in ws.oddHeader.center.text
        assert ws.oddHeader.right.text.endswith("As of 15 Sep 2026")
        assert "Page &P of &N" in ws.oddFooter.right.text
    for name in TABLE_SHEETS:
        assert report[name].print_title_rows == "$1:$1"
    assert report["Gaps"].oddHeader.left.text.endswith("Gaps: where and when to advocate")


def test_printed_text_is_at_least_nine_points(report):
    for ws in report.worksheets:
        scale = pages.print_scale(character_widths(ws))
        sizes = {c.font.sz for row in ws.iter_rows() for c in row if c.value is not None}
        assert min(sizes) * scale >= 9, f"{ws.title}: {min(sizes)} pt at {scale:.0%}"


def test_no_label_cell_is_a_code(report):
    for ws in report.worksheets:
        codes = [c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value in CODES]
        assert codes == [], f"{ws.title}: codes shown to people at {codes}"
    statuses = [r[-1] for r in report["Interventions"].iter_rows(min_row=2, values_only=True)]
    assert "Under-budgeted" in statuses and "Unprogrammed" in statuses


def test_gaps_sheet_shows_the_issue_beside_its_id(report):
    rows = list(report["Gaps"].iter_rows(values_only=True))
    table = pd.DataFrame(rows[1:], columns=rows[0]).set_index("Intervention")
    assert table.loc["I4", "Issue"] == "G3"
    assert table.loc["I4", "Gender issue"] == "Dark market road is unsafe for women"


def test_wrapped_text_rows_are_tall_enough(report):
    ws = report["Gaps"]
    header = [c.value for c in ws[1]]
    col = header.index("Advocacy action") + 1
    width = character_widths(ws)[col - 1]
    for r in range(2, ws.max_row + 1):
        text = ws.cell(row=r, column=col).value or ""
        # at most ~1.2 letters of 10-point text per unit of width, 12 points per line
        assert ws.row_dimensions[r].height >= -(-len(text) // (width * 1.2)) * 12, text


def test_header_cells_are_white_on_dark(report):
    for name in TABLE_SHEETS:
        for cell in report[name][1]:
            if cell.value:
                assert cell.font.color.rgb == "FFFFFFFF", (name, cell.coordinate)
                assert cell.fill.fgColor.rgb in ("FF1F4E78", "FFC00000"), (name, cell.coordinate)


def test_summary_names_the_biggest_gaps_and_where_to_raise_them(report):
    rows = [r for r in report["Summary"].iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if r[0] == "The biggest gaps: what should be done")
    first = rows[at + 1]
    # hand-worked gaps: I4 (4 x 250,000 = 1,000,000 riel, unprogrammed) is the biggest
    assert first[0] == "Solar lights on the market road" and first[1] == 1_000_000
    assert first[2] == "Dark market road is unsafe for women" and first[4] == "Village meetings"


def test_sentence_plurals_and_money():
    figures = pd.Series(
        {
            "n_interventions": 1, "total_cost": 1_234_567.5, "total_covered": 0.0, "n_unprogrammed": 1,
            "unprogrammed_cost": 1_234_567.5, "n_under_budgeted": 2, "costing_gap": 0.0,
        }
    )  # fmt: skip
    text = in_words(figures, "KHR")
    assert "The 1 recommended gender intervention costs 1,234,568 KHR." in text  # half a riel rounds up
    assert "covers 0 KHR (0%)" in text
    assert "1 intervention is not in the plan at all" in text
    assert "2 interventions are in the plan but under-budgeted" in text
    assert "interventions are not" not in text
    nothing_missing = figures.copy()
    nothing_missing[["n_unprogrammed", "n_under_budgeted"]] = 0
    none = in_words(nothing_missing, "KHR")
    assert "Every recommended intervention is in the plan. None is under-budgeted." in none
    assert "0 interventions" not in none and "Gaps sheet" not in none


def test_khmer_report_font_and_money(tmp_path):
    result = grb.analyze(grb.load(write_book(tmp_path / "in.xlsx", HANDWORKED)))
    grb.write_report(result, tmp_path / "km.xlsx", lang="km")
    ws = openpyxl.load_workbook(tmp_path / "km.xlsx")["Interventions"]
    header = [c.value for c in ws[1]]
    cost = ws.cell(row=2, column=header.index(gettext("Cost", "km")) + 1)
    assert cost.number_format == '#,##0 "៛"' and cost.font.name == "Khmer UI"
    gaps = openpyxl.load_workbook(tmp_path / "km.xlsx")["Gaps"]
    opens = [c.value for c in gaps[1]].index(gettext("Window opens", "km")) + 1
    assert gaps.cell(row=2, column=opens).number_format == "[$-453]d mmmm yyyy"  # a date cell, Khmer month
    assert gaps.cell(row=2, column=opens).is_date
    # no lang given: the commune's language field decides
    result.communes["language"] = "km"
    grb.write_report(result, tmp_path / "field.xlsx")
    assert openpyxl.load_workbook(tmp_path / "field.xlsx")["Gaps"]["A1"].font.name == "Khmer UI"
    result.communes["language"] = "en"
    grb.write_report(result, tmp_path / "en.xlsx")
    assert openpyxl.load_workbook(tmp_path / "en.xlsx")["Gaps"]["A1"].font.name == "Calibri"


def test_terminal_map_shows_labels_not_codes(tmp_path):
    from grb.report.text import map_lines, summary_lines

    result = grb.analyze(grb.load(write_book(tmp_path / "in.xlsx", HANDWORKED)))
    lines = map_lines(result)
    gaps = lines[lines.index("Gaps and their entry points") + 1 :]
    assert any(" I4 Unprogrammed " in line and "1,000,000 KHR" in line for line in gaps)  # 4 x 250,000 riel
    assert not any(code in " ".join(lines) for code in ("under_budgeted", " unprogrammed ", " invited "))
    assert summary_lines(result)[0] == "Hand-worked commune, plan 2026-2028, as of 15 Sep 2026"


def test_issue_names_in_the_chart_are_cut_between_words():
    from grb.report.summary import NAME_CHARS, short_name

    name = "Women lack clean water and safe latrines at the health centre of the commune"
    cut = short_name(name)
    assert cut == "Women lack clean water and safe latrines at …"  # the last whole word that fits, then …
    assert len(cut) <= NAME_CHARS and name.startswith(cut[:-2])
    assert short_name("Few women on the council") == "Few women on the council"  # short names whole
    khmer = "ស្ត្រី" * 20  # Khmer is written without spaces between words
    assert short_name(khmer) == khmer[: NAME_CHARS - 1] + "…"
    words = "\u200b".join(["ស្ត្រី"] * 20)  # 6 letters a word, a zero-width space between words
    assert short_name(words) == "\u200b".join(["ស្ត្រី"] * 6) + "…"  # 6 words = 41 characters, 7 would be 48
