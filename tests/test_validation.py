"""Every rule of SPEC §1: a minimal bad workbook, and the problem's code, sheet, Excel row and column."""

from __future__ import annotations

import pytest
from builders import add_column, minimal, set_cell

BUDGET_CYCLE = [
    ["stage_id", "level", "stage", "kind", "start_month", "end_month"],
    ["S1", "commune", "Village meetings", "planning", 5, 7],
]


def commune_field(book, field, value):
    """Set a field of the commune sheet, adding its row when missing."""
    rows = book["commune"]
    for row in rows[1:]:
        if row[0] == field:
            row[1] = value
            return book
    rows.append([field, value])
    return book


def drop_field(book, field):
    book["commune"] = [r for r in book["commune"] if r[0] != field]
    return book


def with_cycle(book, row, column, value):
    book["budget_cycle"] = [list(r) for r in BUDGET_CYCLE]
    return set_cell(book, "budget_cycle", row, column, value)


# (mutation, expected code, sheet, Excel row, column). Commune rows: 2 name, 3 first_year, 4 last_year,
# 5 currency, 6 usd_rate; an added field lands on row 7.
CASES = {
    "commune_name missing": (lambda b: drop_field(b, "commune_name"), "required", "commune", None, "commune_name"),
    "first_year not whole": (
        lambda b: commune_field(b, "first_year", 2026.5),
        "not_an_integer",
        "commune",
        3,
        "first_year",
    ),
    "first_year text": (
        lambda b: commune_field(b, "first_year", "next year"),
        "not_a_number",
        "commune",
        3,
        "first_year",
    ),
    "period reversed": (lambda b: commune_field(b, "last_year", 2025), "period_order", "commune", 4, "last_year"),
    "currency unknown": (lambda b: commune_field(b, "currency", "EUR"), "not_allowed", "commune", 5, "currency"),
    "usd_rate zero": (lambda b: commune_field(b, "usd_rate", 0), "out_of_range", "commune", 6, "usd_rate"),
    "commune code not 6 digits": (
        lambda b: commune_field(b, "commune_code", "21-01"),
        "bad_format",
        "commune",
        7,
        "commune_code",
    ),
    "population absurdly large": (
        lambda b: commune_field(b, "women_population", 9.3e18),
        "out_of_range",
        "commune",
        7,
        "women_population",
    ),
    "women_population negative": (
        lambda b: commune_field(b, "women_population", -3),
        "out_of_range",
        "commune",
        7,
        "women_population",
    ),
    "as_of not a date": (lambda b: commune_field(b, "as_of", "31/02/2026"), "not_a_date", "commune", 7, "as_of"),
    "weight negative": (lambda b: commune_field(b, "weight_reach", -1), "out_of_range", "commune", 7, "weight_reach"),
    "marker weight above 1": (
        lambda b: commune_field(b, "marker_weight_1", 1.5),
        "out_of_range",
        "commune",
        7,
        "marker_weight_1",
    ),
    "field twice": (
        lambda b: b["commune"].append(["currency", "KHR"]) or b,
        "duplicate_field",
        "commune",
        7,
        "currency",
    ),
    "usd amount without rate": (
        lambda b: add_column(drop_field(b, "usd_rate"), "interventions", "currency", ["USD"]),
        "usd_rate_required",
        "commune",
        None,
        "usd_rate",
    ),
    "issue_id duplicated": (
        lambda b: b["gender_issues"].append(["G1", "x", "health", 1, 1, 1]) or b,
        "duplicate_id",
        "gender_issues",
        3,
        "issue_id",
    ),
    "issue empty": (lambda b: set_cell(b, "gender_issues", 2, "issue", None), "required", "gender_issues", 2, "issue"),
    "sector unknown": (
        lambda b: set_cell(b, "gender_issues", 2, "sector", "roads"),
        "not_allowed",
        "gender_issues",
        2,
        "sector",
    ),
    "severity above 5": (
        lambda b: set_cell(b, "gender_issues", 2, "severity", 6),
        "out_of_range",
        "gender_issues",
        2,
        "severity",
    ),
    "severity text": (
        lambda b: set_cell(b, "gender_issues", 2, "severity", "high"),
        "not_a_number",
        "gender_issues",
        2,
        "severity",
    ),
    "score missing without priority": (
        lambda b: set_cell(b, "gender_issues", 2, "urgency", None),
        "priority_or_scores",
        "gender_issues",
        2,
        "urgency",
    ),
    "priority for some issues": (
        lambda b: add_column(
            b["gender_issues"].append(["G2", "y", "health", 1, 1, 1]) or b, "gender_issues", "priority", [1, None]
        ),
        "priority_partial",
        "gender_issues",
        3,
        "priority",
    ),
    "priority zero": (
        lambda b: add_column(b, "gender_issues", "priority", [0]),
        "out_of_range",
        "gender_issues",
        2,
        "priority",
    ),
    "unknown issue": (
        lambda b: set_cell(b, "interventions", 2, "issue_id", "G9"),
        "unknown_reference",
        "interventions",
        2,
        "issue_id",
    ),
    "type unknown": (
        lambda b: set_cell(b, "interventions", 2, "type", "training"),
        "not_allowed",
        "interventions",
        2,
        "type",
    ),
    "quantity zero": (
        lambda b: set_cell(b, "interventions", 2, "quantity", 0),
        "out_of_range",
        "interventions",
        2,
        "quantity",
    ),
    "unit_cost negative": (
        lambda b: set_cell(b, "interventions", 2, "unit_cost", -5),
        "out_of_range",
        "interventions",
        2,
        "unit_cost",
    ),
    "unit_cost words": (
        lambda b: set_cell(b, "interventions", 2, "unit_cost", "one million"),
        "not_a_number",
        "interventions",
        2,
        "unit_cost",
    ),
    "intervention currency unknown": (
        lambda b: add_column(b, "interventions", "currency", ["EUR"]),
        "not_allowed",
        "interventions",
        2,
        "currency",
    ),
    "intervention year outside": (
        lambda b: add_column(b, "interventions", "year", [2030]),
        "outside_period",
        "interventions",
        2,
        "year",
    ),
    "unknown project": (
        lambda b: set_cell(b, "interventions", 2, "cip_projects", "P1; P9"),
        "unknown_reference",
        "interventions",
        2,
        "cip_projects",
    ),
    "beneficiaries not whole": (
        lambda b: add_column(b, "interventions", "women_beneficiaries", [2.5]),
        "not_an_integer",
        "interventions",
        2,
        "women_beneficiaries",
    ),
    "project_id duplicated": (
        lambda b: b["investment_plan"].append(["P1", 2026, "health", "x", 1]) or b,
        "duplicate_id",
        "investment_plan",
        3,
        "project_id",
    ),
    "project year missing": (
        lambda b: set_cell(b, "investment_plan", 2, "year", None),
        "required",
        "investment_plan",
        2,
        "year",
    ),
    "project year outside": (
        lambda b: set_cell(b, "investment_plan", 2, "year", 2025),
        "outside_period",
        "investment_plan",
        2,
        "year",
    ),
    "budget negative": (
        lambda b: set_cell(b, "investment_plan", 2, "budget", -1),
        "out_of_range",
        "investment_plan",
        2,
        "budget",
    ),
    "funding source unknown": (
        lambda b: add_column(b, "investment_plan", "funding_source", ["bank"]),
        "not_allowed",
        "investment_plan",
        2,
        "funding_source",
    ),
    "gender marker 3": (
        lambda b: add_column(b, "investment_plan", "gender_marker", [3]),
        "not_allowed",
        "investment_plan",
        2,
        "gender_marker",
    ),
    "month 13": (lambda b: with_cycle(b, 2, "end_month", 13), "out_of_range", "budget_cycle", 2, "end_month"),
    "level unknown": (lambda b: with_cycle(b, 2, "level", "province"), "not_allowed", "budget_cycle", 2, "level"),
    "kind unknown": (lambda b: with_cycle(b, 2, "kind", "lobbying"), "not_allowed", "budget_cycle", 2, "kind"),
    "stage_id duplicated": (
        lambda b: (
            with_cycle(b, 3, "stage_id", "S1")
            and set_cell(
                set_cell(
                    set_cell(
                        set_cell(set_cell(b, "budget_cycle", 3, "level", "commune"), "budget_cycle", 3, "stage", "x"),
                        "budget_cycle",
                        3,
                        "kind",
                        "planning",
                    ),
                    "budget_cycle",
                    3,
                    "start_month",
                    1,
                ),
                "budget_cycle",
                3,
                "end_month",
                2,
            )
        ),
        "duplicate_id",
        "budget_cycle",
        3,
        "stage_id",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_is_located(case, problems_of):
    mutate, code, sheet, row, column = CASES[case]
    problems = problems_of(mutate(minimal()))
    hit = problems[(problems["code"] == code) & (problems["sheet"] == sheet) & (problems["column"] == column)]
    assert len(hit) >= 1, problems.to_string()
    assert hit["row"].isna().all() if row is None else (hit["row"] == row).any(), problems.to_string()


def test_several_problems_in_several_sheets_are_reported_together(problems_of):
    book = commune_field(minimal(), "currency", "EUR")
    set_cell(book, "gender_issues", 2, "severity", 9)
    set_cell(book, "interventions", 2, "quantity", "lots")
    set_cell(book, "investment_plan", 2, "budget", -10)
    problems = problems_of(book)
    found = set(zip(problems["code"], problems["sheet"], problems["row"], problems["column"], strict=True))
    assert {
        ("not_allowed", "commune", 5, "currency"),
        ("out_of_range", "gender_issues", 2, "severity"),
        ("not_a_number", "interventions", 2, "quantity"),
        ("out_of_range", "investment_plan", 2, "budget"),
    } <= found


def test_row_numbers_count_skipped_empty_rows(problems_of):
    book = minimal()
    book["investment_plan"].append([None] * 5)  # Excel row 3 left empty
    book["investment_plan"].append(["P2", 2026, "health", "Clinic", "a lot"])  # Excel row 4
    problems = problems_of(book)
    assert problems[["code", "row", "column"]].values.tolist() == [["not_a_number", 4, "budget"]]


def test_the_raw_cell_is_shown(problems_of):
    problems = problems_of(set_cell(minimal(), "interventions", 2, "unit_cost", "1.234,5"))
    assert problems["value"].tolist() == ["1.234,5"]


def test_sectors_sheet_replaces_the_default_list(problems_of, load_book):
    book = minimal()
    book["sectors"] = [["code", "label"], ["roads", "Roads"], ["water_sanitation", "Water"]]
    set_cell(book, "gender_issues", 2, "sector", "roads")
    assert load_book(book).gender_issues["sector"].tolist() == ["roads"]
    book["sectors"] = [["code", "label"], ["roads", "Roads"]]
    problems = problems_of(book)
    assert problems[["code", "sheet", "row"]].values.tolist() == [["not_allowed", "investment_plan", 2]]


def test_unknown_column_is_a_warning_not_an_error(load_book):
    data = load_book(add_column(minimal(), "investment_plan", "remarks", ["note"]))
    assert data.checks[["code", "sheet", "row"]].values.tolist() == [["unknown_column", "investment_plan", 1]]


def test_codes_keep_leading_zeros(load_book):
    data = load_book(commune_field(minimal(), "commune_code", 10201))  # typed as a number, Excel drops the 0
    assert data.communes["commune_code"].tolist() == ["010201"]
    data = load_book(commune_field(minimal(), "commune_code", "010201"))
    assert data.communes["commune_code"].tolist() == ["010201"]


def test_friendly_headers_and_text_amounts(load_book):
    book = minimal()
    book["investment_plan"][0] = ["Project ID", "Year", "sector", "Project", " Budget "]
    book["investment_plan"][1][4] = "1,200,000"
    book["investment_plan"].append(["P2", 2026, "health", "Clinic", "1 500 000"])
    book["interventions"][0][3] = "Type"
    book["interventions"][1][3] = "Capacity building"
    data = load_book(book)
    assert data.investment_plan["budget"].tolist() == [1_200_000, 1_500_000]
    assert data.interventions["type"].tolist() == ["capacity_building"]


def test_defaults_are_filled(load_book):
    data = load_book(minimal())
    commune = data.communes.iloc[0]
    assert (commune["weight_severity"], commune["marker_weight_1"], commune["marker_weight_2"]) == (1, 0.4, 1.0)
    assert data.interventions["currency"].tolist() == ["KHR"]  # the plan currency
    assert set(data.budget_cycle["level"]) == {"commune", "national"}  # the shipped calendars


def test_space_type_defaults_from_space(load_book):
    book = minimal()
    book["budget_cycle"] = [
        BUDGET_CYCLE[0] + ["space"],
        BUDGET_CYCLE[1] + ["Village meeting"],
        ["S2", "commune", "Budget", "formulation", 10, 11, None],
    ]
    data = load_book(book)
    assert data.budget_cycle["space_type"].tolist() == ["invited", "closed"]


def test_khmer_digits_read_as_numbers(load_book):
    book = set_cell(minimal(), "interventions", 2, "quantity", "១២")  # 12 in Khmer digits
    set_cell(book, "investment_plan", 2, "budget", "១,៥០០,០០០")  # 1,500,000
    data = load_book(book)
    assert data.interventions["quantity"].tolist() == [12]
    assert data.investment_plan["budget"].tolist() == [1_500_000]
