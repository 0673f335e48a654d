"""The template as a form: read back as Excel would show it, filled as an analyst fills it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import grb
from grb.cli import main
from grb.data import default_calendar, default_sectors
from grb.report import layout as L
from grb.report import pages
from grb.report.template import MAX_ROWS, write_template
from grb.report.template_content import LIST_KINDS
from grb.schemas.models import SHEETS, allowed_values, columns

SAMPLE = Path(__file__).parents[1] / "sample_budgets" / "workshop_commune.xlsx"
DATA_SHEETS = [s for s in SHEETS if s != "commune"]


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "t.xlsx"
    write_template(path)
    return openpyxl.load_workbook(path)


def validations(ws) -> dict[str, object]:
    """Header -> its data validation (the one starting on row 2)."""
    header = [c.value for c in ws[1]]
    found = {}
    for dv in ws.data_validations.dataValidation:
        first = str(dv.sqref).split(":")[0]
        col = openpyxl.utils.cell.coordinate_from_string(first)[0]
        found[header[openpyxl.utils.column_index_from_string(col) - 1]] = dv
    return found


def fits_to_width(ws) -> bool:
    """Fit to one page wide, any number of pages down (OOXML omits fitToWidth when it is the default, 1)."""
    setup = ws.page_setup
    return bool(ws.sheet_properties.pageSetUpPr.fitToPage) and setup.fitToWidth in (None, 1) and setup.fitToHeight == 0


def character_widths(ws) -> list[float]:
    """Column widths in characters as the user set them: the file stores them with Excel's 5-pixel padding."""
    chars = [8.43] * ws.max_column  # Excel's default width
    for dim in ws.column_dimensions.values():  # one entry may cover several columns (min..max)
        for c in range(dim.min, min(dim.max, ws.max_column) + 1):
            chars[c - 1] = (dim.width * 7 - 5) / 7
    return chars


def cells(book, ref: str) -> list[object]:
    """The values of a ``=sheet!$A$2:$A$8`` range."""
    sheet, area = ref.lstrip("=").split("!")
    return [row[0].value for row in book[sheet][area.replace("$", "")]]


def test_dropdowns_show_labels_from_the_lists_sheet(blank):
    for sheet, model in SHEETS.items():
        if sheet == "commune":
            continue
        found = validations(blank[sheet])
        for name, column in columns(model).items():
            kinds = {kind: codes for kind, _t, codes in LIST_KINDS}
            if name in kinds:
                shown = cells(blank, found[name].formula1)
                assert shown == [L.label_for(name, code) for code in kinds[name]]
                assert not set(shown) & set(kinds[name]), f"{sheet}.{name}: a label equal to a code"
            elif allowed_values(column):  # currencies and gender markers: the values themselves
                assert found[name].formula1 == '"' + ",".join(str(v) for v in allowed_values(column)) + '"'
            elif column.metadata["kind"] == "sector":
                shown = cells(blank, found[name].formula1)
                assert shown == [L.label_for("sector", c) for c in default_sectors()["code"]]
                assert "water_sanitation" not in shown and "Water and sanitation" in shown


def test_id_dropdowns_are_fed_from_the_sheets(blank):
    found = validations(blank["interventions"])
    assert found["issue_id"].formula1 == f"gender_issues!$A$2:$A${MAX_ROWS + 1}"
    assert found["cip_projects"].formula1 == f"investment_plan!$A$2:$A${MAX_ROWS + 1}"
    assert blank["gender_issues"]["A1"].value == "issue_id"  # the range is the id column
    assert blank["investment_plan"]["A1"].value == "project_id"
    # several projects are typed as P1;P2: the dropdown only informs, it does not refuse
    assert found["cip_projects"].errorStyle in ("warning", "information")


def test_scores_and_months_are_whole_number_checks(blank):
    issues = validations(blank["gender_issues"])
    for score in ("severity", "reach", "urgency"):
        dv = issues[score]
        assert (dv.type, dv.operator or "between", dv.formula1, dv.formula2) == ("whole", "between", "1", "5")
    cycle = validations(blank["budget_cycle"])
    for month in ("start_month", "end_month"):
        assert (cycle[month].type, cycle[month].formula1, cycle[month].formula2) == ("whole", "1", "12")


def test_month_cells_are_numbers(blank):
    rows = list(blank["budget_cycle"].iter_rows(min_row=2, values_only=True))
    header = [c.value for c in blank["budget_cycle"][1]]
    starts = [r[header.index("start_month")] for r in rows]
    assert starts == [int(m) for m in default_calendar()["start_month"]]
    assert all(isinstance(m, int) for m in starts)


def test_blank_template_has_one_example_row_per_filled_sheet(blank):
    for sheet in ("gender_issues", "interventions", "investment_plan"):
        ws = blank[sheet]
        assert ws["A2"].value is not None and ws["A2"].font.i, sheet  # grey italics
        assert ws["A2"].comment is not None
        assert ws.max_row == 2
    text = " ".join(str(c.value) for row in blank["instructions"].iter_rows() for c in row if c.value)
    assert "Row 2" in text and "type your" in text


def test_template_given_rows_has_no_example_row(tmp_path):
    write_template(tmp_path / "filled.xlsx", {"gender_issues": pd.DataFrame({"issue_id": ["X9"], "issue": ["x"]})})
    ws = openpyxl.load_workbook(tmp_path / "filled.xlsx")["gender_issues"]
    assert ws["A2"].value == "X9" and not ws["A2"].font.i


def test_example_rows_typed_over_give_the_samples_figures(tmp_path):
    """The decision: the analyst types over row 2. Filled by position from row 2, the example leaves no trace."""
    write_template(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    sample = openpyxl.load_workbook(SAMPLE)
    for sheet in ("gender_issues", "interventions", "investment_plan", "budget_cycle"):
        assert [c.value for c in book[sheet][1]] == [c.value for c in sample[sheet][1]]
        for row in sample[sheet].iter_rows(min_row=2):
            for cell in row:
                book[sheet].cell(row=cell.row, column=cell.column, value=cell.value)
    fields = {row[0].value: row[0].row for row in book["commune"].iter_rows(min_row=2)}
    for field, value in sample["commune"].iter_rows(min_row=2, max_col=2, values_only=True):
        book["commune"].cell(row=fields[field], column=2, value=value)
    book.save(tmp_path / "filled.xlsx")
    typed = grb.analyze(grb.load(tmp_path / "filled.xlsx"))
    reference = grb.analyze(grb.load(SAMPLE))
    assert typed.summary["value"].tolist() == reference.summary["value"].tolist()
    assert typed.interventions["intervention_id"].tolist() == reference.interventions["intervention_id"].tolist()


def test_every_sheet_prints_on_one_a4_width_at_nine_points(blank):
    for ws in blank.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title
        assert fits_to_width(ws), ws.title
        scale = pages.print_scale(character_widths(ws), ws.page_setup.orientation)
        assert 11 * scale >= 9, f"{ws.title}: 11-point text printed at {11 * scale:.1f} points"
        assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text


def test_instruction_rows_are_tall_enough_for_their_text(blank):
    ws = blank["instructions"]
    for row in ws.iter_rows(min_row=3, max_col=2):
        _topic, text = row
        if text.value:
            # 105 characters wide: about 110 letters per line of 11-point text, 15 points per line
            lines = -(-len(text.value) // 110)
            assert ws.row_dimensions[text.row].height >= lines * 15, text.value


def test_template_refuses_to_overwrite_unless_forced(tmp_path, capsys):
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"an analyst's filled-in workbook")
    assert main(["template", "-o", str(target)]) == 1
    assert target.read_bytes() == b"an analyst's filled-in workbook"
    assert "--force" in capsys.readouterr().err
    assert main(["template", "-o", str(target), "--force"]) == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == "instructions"


def test_khmer_template_writes_language_and_translates_calendar_texts(tmp_path, monkeypatch):
    from grb.report import template

    monkeypatch.setattr(template, "_", lambda text: f"«{text}»")  # a stand-in catalog: every text marked
    write_template(tmp_path / "km.xlsx", lang="km")
    book = openpyxl.load_workbook(tmp_path / "km.xlsx")
    fields = {row[0]: row[1] for row in book["commune"].iter_rows(min_row=2, values_only=True)}
    assert "km" in fields.values()
    cycle = list(book["budget_cycle"].iter_rows(min_row=2, values_only=True))
    header = [c.value for c in book["budget_cycle"][1]]
    c2 = next(r for r in cycle if r[0] == "C2")
    assert c2[header.index("stage") if "stage" in header else 2] == "«District Integration Workshop»"
    assert c2[0] == "C2" and c2[4] == 9  # ids and months are not text to translate
    assert book["instructions"]["A1"].font.name == "Khmer UI"


def test_khmer_template_filled_in_validates(tmp_path):
    """Needs the i18n task's header labels and the reader's Khmer headers (both merged by the lead)."""
    labels = pytest.importorskip("grb.labels")
    assert labels.header_label("gender_issues", "issue_id", "en")
    write_template(tmp_path / "km.xlsx", lang="km")
    book = openpyxl.load_workbook(tmp_path / "km.xlsx")
    sample = openpyxl.load_workbook(SAMPLE)
    for sheet in ("gender_issues", "interventions", "investment_plan"):
        for row in sample[sheet].iter_rows(min_row=2):
            for cell in row:
                book[sheet].cell(row=cell.row, column=cell.column, value=cell.value)
    fields = {row[1].value: row[1].row for row in book["commune"].iter_rows(min_row=2, max_col=2)}
    rows = {row[0].value: row[0].row for row in book["commune"].iter_rows(min_row=2)}
    for field, value in sample["commune"].iter_rows(min_row=2, max_col=2, values_only=True):
        target = rows.get(labels.header_label("commune", field, "km"))
        book["commune"].cell(row=target, column=2, value=value)
    del fields
    book.save(tmp_path / "filled.xlsx")
    typed = grb.analyze(grb.load(tmp_path / "filled.xlsx"))
    assert typed.summary["value"].tolist() == grb.analyze(grb.load(SAMPLE)).summary["value"].tolist()


def test_a_template_for_a_known_commune_offers_its_villages(tmp_path):
    """``commune_code`` (the gazetteer): the commune's official names filled in, its villages the ``location``
    dropdown (a warning only: a place that is not a village can still be typed); an unknown code is refused."""
    from grb.io.write import OutputError
    from grb.schemas.gazetteer import village_names

    write_template(tmp_path / "t.xlsx", commune_code="210103")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    fields = {r[0].value: r[1].value for r in book["commune"].iter_rows(min_row=2)}
    assert fields["commune_code"] == "210103" and fields["commune_name"] == "Kouk Thlok"
    villages = village_names("210103")
    lists = book["lists"]
    column = [c.value for c in lists[lists.cell(row=1, column=lists.max_column).column_letter]]
    assert column[1 : len(villages) + 1] == villages and len(villages) > 1
    location = next(
        dv for dv in book["investment_plan"].data_validations.dataValidation if "E2" in str(dv.sqref)
    )  # the location column of investment_plan
    assert location.errorStyle == "warning" and "lists!" in location.formula1
    with pytest.raises(OutputError):
        write_template(tmp_path / "u.xlsx", commune_code="999999")
    assert not (tmp_path / "u.xlsx").exists()
