"""SPEC §1.8, the way people really type: numbers, currency marks, dates, invisible characters (Latin side)."""

from __future__ import annotations

import pytest
from builders import add_column, data_from_book, minimal, set_cell
from test_validation import commune_field

import grb
from grb.schemas.numbers import read_number


def problems(book) -> list[list[object]]:
    with pytest.raises(grb.InputError) as info:
        data_from_book(book)
    return info.value.problems[["code", "sheet", "row", "column"]].values.tolist()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1200000", 1_200_000),
        ("1,200,000", 1_200_000),
        ("1.200.000", 1_200_000),  # dots as thousands, every group three digits
        ("1 200 000", 1_200_000),
        ("1\u00a0200\u00a0000", 1_200_000),  # no-break spaces
        ("1\u202f200\u202f000", 1_200_000),  # narrow no-break spaces
        ("1.500", 1_500),  # SPEC §1.8: one dot and three digits is a thousands group, not 1.5
        ("1.5", 3 / 2),
        ("4484.435", 4484435 / 1000),  # a 4-digit first group: a decimal point
        ("0.500", 1 / 2),  # a leading 0 group is never thousands
        ("1,234.5", 12345 / 10),
        ("1 234.5", 12345 / 10),
        ("-1,500", -1500),
        ("១,២០០,០០០", 1_200_000),  # Khmer digits
        ("១.៥", 3 / 2),
        ("\u200b1,500\u200b", 1500),  # zero-width spaces pasted from the web
        ("1,000,000,000,000,000", 10**15),  # the bound itself is allowed
    ],
)
def test_numbers_as_people_type_them(text, expected):
    value, code, _, mark = read_number(text)
    assert (value, code, mark) == (expected, None, None)


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("1,5", "15 / 1.5"),  # a decimal comma, or a slip: never guessed
        ("0,5", "5 / 0.5"),
        ("1.234,5", "12345 / 1234.5"),
        ("1,234.567.8", "12345678 / 1234567.8"),
        ("12,34", "1234 / 12.34"),
        ("1.2.3", "123 / 12.3"),
    ],
)
def test_ambiguous_numbers_show_their_readings(text, readings):
    value, code, fields, _ = read_number(text)
    assert (value, code) == (None, "ambiguous_number")
    assert fields["readings"] == readings


@pytest.mark.parametrize("text", ["12a", "1e5", "--5", "$", "one", "1,,000"])
def test_not_numbers(text):
    value, code, _, _ = read_number(text)
    assert value is None and code in {"not_a_number", "ambiguous_number"}
    if text in {"12a", "1e5", "--5", "$", "one"}:
        assert code == "not_a_number"


@pytest.mark.parametrize(
    ("text", "value", "mark"),
    [
        ("1,200,000 ៛", 1_200_000, "KHR"),
        ("៛1,200,000", 1_200_000, "KHR"),
        ("1200000 riel", 1_200_000, "KHR"),
        ("KHR 1.200.000", 1_200_000, "KHR"),
        ("$250", 250, "USD"),
        ("250 usd", 250, "USD"),
        ("-$5", -5, "USD"),
    ],
)
def test_currency_marks_are_read(text, value, mark):
    assert read_number(text)[0::3] == (value, mark)
    assert read_number(text)[1] is None


def test_two_different_marks_are_not_a_number():
    assert read_number("$5 riel")[1] == "not_a_number"


def test_amounts_above_the_bound_are_out_of_range_never_rounded():
    # 12,345,678,901,234,567 would be stored as 12345678901234568 in float64
    assert read_number("12,345,678,901,234,567")[:2] == (None, "out_of_range")
    assert read_number("1,000,000,000,000,001")[:2] == (None, "out_of_range")  # 10^15 + 1: just above
    book = set_cell(minimal(), "investment_plan", 2, "budget", 1e16)  # a numeric cell above the bound
    set_cell(book, "interventions", 2, "unit_cost", "12,345,678,901,234,567")
    assert problems(book) == [
        ["out_of_range", "interventions", 2, "unit_cost"],
        ["out_of_range", "investment_plan", 2, "budget"],
    ]


def test_dot_thousands_in_a_workbook():
    book = set_cell(minimal(), "interventions", 2, "unit_cost", "1.500")
    set_cell(book, "investment_plan", 2, "budget", "1.200.000")
    data = data_from_book(book)
    assert data.interventions["unit_cost"].tolist() == [1500.0]
    assert data.investment_plan["budget"].tolist() == [1_200_000.0]


def test_an_ambiguous_cell_is_located():
    book = set_cell(minimal(), "interventions", 2, "unit_cost", "1,5")
    assert problems(book) == [["ambiguous_number", "interventions", 2, "unit_cost"]]


def test_a_mark_agreeing_with_the_row_currency_is_accepted():
    book = add_column(minimal(), "interventions", "currency", ["USD"])
    set_cell(book, "interventions", 2, "unit_cost", "$250")
    set_cell(book, "investment_plan", 2, "budget", "1,500,000 ៛")  # the plan currency is KHR
    data = data_from_book(book)
    assert data.interventions["unit_cost"].tolist() == [250.0]
    assert data.investment_plan["budget"].tolist() == [1_500_000.0]


def test_a_mark_disagreeing_with_the_currency_names_both():
    book = set_cell(minimal(), "investment_plan", 2, "budget", "$1,500")  # plan currency KHR, no row currency
    with pytest.raises(grb.InputError) as info:
        data_from_book(book)
    table = info.value.problems
    assert table[["code", "sheet", "row", "column", "value"]].values.tolist() == [
        ["currency_mismatch", "investment_plan", 2, "budget", "$1,500"]
    ]
    assert "USD" in table["problem"].iloc[0] and "KHR" in table["problem"].iloc[0]


def test_a_mark_outside_money_columns_is_not_a_number():
    assert problems(commune_field(minimal(), "usd_rate", "4100 ៛")) == [["not_a_number", "commune", 6, "usd_rate"]]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026-09-01", "2026-09-01"),
        ("01/09/2026", "2026-09-01"),
        ("1/9/2026", "2026-09-01"),
        ("០១/០៩/២០២៦", "2026-09-01"),
    ],
)
def test_dates_day_first(text, iso):
    data = data_from_book(commune_field(minimal(), "as_of", text))
    assert data.communes["as_of"].dt.strftime("%Y-%m-%d").tolist() == [iso]


@pytest.mark.parametrize("text", ["31/02/2026", "2026-02-30", "09-01-2026", "1 Sept 2026"])
def test_impossible_or_other_dates_are_not_dates(text):
    assert problems(commune_field(minimal(), "as_of", text)) == [["not_a_date", "commune", 7, "as_of"]]


def test_zero_width_spaces_in_ids_codes_and_headers_are_ignored():
    book = minimal()
    book["gender_issues"][0][0] = "issue_id\u200b"  # header
    set_cell(book, "gender_issues", 2, "issue_id\u200b", "G1\u200b")
    set_cell(book, "interventions", 2, "issue_id", "\ufeffG1")
    set_cell(book, "interventions", 2, "type", "infra\u200cstructure")
    set_cell(book, "interventions", 2, "cip_projects", "P1\u200d")
    data = data_from_book(book)
    assert data.gender_issues["issue_id"].tolist() == ["G1"]
    assert data.interventions[["issue_id", "type", "cip_projects"]].values.tolist() == [["G1", "infrastructure", "P1"]]
    assert data.links["project_id"].tolist() == ["P1"]


def test_zero_width_spaces_stay_in_free_text():
    text = "ក្មេងស្រី\u200bខកខាន"  # Khmer separates words with U+200B
    book = set_cell(minimal(), "gender_issues", 2, "issue", text)
    assert data_from_book(book).gender_issues["issue"].tolist() == [text]


@pytest.mark.parametrize(("cell", "code"), [("km", "km"), ("EN", "en"), ("Khmer", "km"), ("ខ្មែរ", "km")])
def test_language_field(cell, code):
    assert data_from_book(commune_field(minimal(), "language", cell)).communes["language"].tolist() == [code]


def test_language_is_optional_and_checked():
    assert data_from_book(minimal()).communes["language"].isna().all()
    assert problems(commune_field(minimal(), "language", "fr")) == [["not_allowed", "commune", 7, "language"]]
