"""One registry of problem and warning codes: built by keyword, rendered from templates, translatable."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import data_from_book, minimal, set_cell

import grb
from grb import problems as P
from grb.problem_codes import REGISTRY
from grb.schemas import codes

SPEC_WARNINGS = {
    "issue_without_intervention",
    "missing_beneficiaries",
    "suggested_link",
    "closed_entry_point",
    "unknown_column",
    "surplus",
    "underspent",
    "suggested_match",
}


def test_every_spec_warning_is_registered_as_a_warning():
    assert {c for c, e in REGISTRY.items() if e.kind == "warning"} >= SPEC_WARNINGS
    assert {e.kind for e in REGISTRY.values()} == {"error", "warning"}
    assert all(e.title and e.template for e in REGISTRY.values())


def test_codes_mapping_is_kept_for_callers():
    assert set(P.CODES) == set(REGISTRY)
    assert P.CODES["not_a_number"] == REGISTRY["not_a_number"].title


def test_a_problem_is_built_by_keyword_and_rendered_from_its_template():
    found = P.problem("not_a_number", sheet="interventions", row=4, column="unit_cost", value="12a")
    table = P.problems_frame([found])
    assert table.values.tolist() == [
        [
            "interventions",
            4,
            "unit_cost",
            "12a",
            "unit_cost must be a number, such as 1200000 or 1,200,000",
            "not_a_number",
        ]
    ]


def test_missing_fields_and_unknown_codes_are_programming_errors():
    with pytest.raises(TypeError, match="readings"):
        P.problem("ambiguous_number", sheet="s", row=2, column="c", value="1,5")
    with pytest.raises(KeyError):
        P.problem("no_such_code", sheet="s")


def test_the_old_positional_constructor_still_works():
    old = P.Problem("commune", None, "", "x.xlsx", "the workbook cannot be read (zip)", "not_a_workbook")
    err = grb.InputError([old], "x.xlsx")
    assert err.problems[["problem", "code"]].values.tolist() == [
        ["the workbook cannot be read (zip)", "not_a_workbook"]
    ]


def test_messages_are_rendered_through_the_catalog(monkeypatch):
    """A translator's template gets the same fields; the source template is what the catalog looks up."""
    source = REGISTRY["not_a_number"].template
    fake = {source: "{column} ត្រូវតែជាលេខ"}
    monkeypatch.setattr("grb.i18n.gettext", lambda text, lang: fake.get(text, text) if lang == "km" else text)
    with pytest.raises(grb.InputError) as info:
        data_from_book(set_cell(minimal(), "interventions", 2, "unit_cost", "12a"))
    err = info.value
    assert err.problems["problem"].tolist() == ["unit_cost must be a number, such as 1200000 or 1,200,000"]
    assert err.problems_in("km")["problem"].tolist() == ["unit_cost ត្រូវតែជាលេខ"]
    assert err.problems_in("km").columns.tolist() == P.PROBLEM_COLUMNS


def test_a_mistyped_translation_field_shows_instead_of_failing(monkeypatch):
    monkeypatch.setattr("grb.i18n.gettext", lambda text, lang: "{colum} !")
    assert P.render("not_a_number", {"column": "budget"}, "km") == "{colum} !"


def test_warnings_keep_their_fields_for_the_report_language(monkeypatch):
    book = minimal()
    book["gender_issues"][0].append("notes")  # an unknown column: a warning
    book["gender_issues"][1].append("x")
    checks = data_from_book(book).checks
    assert checks[["code", "sheet", "row", "message"]].values.tolist() == [
        ["unknown_column", "gender_issues", 1, "notes is not used by grb and was ignored"]
    ]
    template = REGISTRY["unknown_column"].template
    monkeypatch.setattr("grb.i18n.gettext", lambda text, lang: "[{column}]" if text == template else text)
    assert P.render_messages(checks, "km")["message"].tolist() == ["[notes]"]


def test_engine_warnings_carry_code_and_fields():
    book = minimal()
    book["gender_issues"].append(["G2", "Women absent from council", "participation_leadership", 2, 2, 2])
    result = grb.analyze(data_from_book(book), as_of="2026-09-01")
    row = result.checks[result.checks["code"] == "issue_without_intervention"]
    assert row["fields"].tolist() == [{"issue_id": "G2"}]
    assert row["message"].tolist() == ["gender issue G2 has no recommended intervention"]


def test_warnings_frame_refuses_an_error_code():
    with pytest.raises(ValueError):
        P.warnings_frame(pd.DataFrame({"commune_key": [0], "excel_row": [2]}), "not_a_number", "x")


# --- The one hook for codes and headers (pointed at grb.labels after the merge)


@pytest.fixture
def labels(monkeypatch):
    """A small fake label table, as grb.labels.code_for / column_for will answer."""
    code_labels = {("type", "ការកសាងសមត្ថភាព"): "capacity_building", ("type", "Capacity Building"): "capacity_building"}
    column_labels = {("interventions", "ថ្លៃឯកតា"): "unit_cost"}
    monkeypatch.setattr(codes, "_code_for", lambda kind, text: code_labels.get((kind, text)))
    monkeypatch.setattr(codes, "_column_for", lambda sheet, text: column_labels.get((sheet, text)))


def test_without_labels_codes_are_read_by_their_spelling():
    assert codes.read_code("type", " Capacity-building\u200b ") == "capacity_building"
    assert codes.header_name("interventions", "Unit Cost") == "unit_cost"


def test_codes_and_headers_go_through_the_hook(labels):
    book = minimal()
    book["interventions"][0][5] = "ថ្លៃឯកតា"  # the unit_cost header in Khmer
    set_cell(book, "interventions", 2, "type", "ការកសាងសមត្ថភាព")
    data = data_from_book(book)
    assert data.interventions[["type", "unit_cost"]].values.tolist() == [["capacity_building", 1_000_000.0]]
