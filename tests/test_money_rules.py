"""Issue 10's wrong numbers, one test each: the half-unit boundary (SPEC §2.4), ties with decimal weights (§2.1),
dates and rounding in advocacy sentences, a time-zone-aware ``as_of``, several communes in one result, and the
parameters shipped as data. Every expected figure is worked out in the test."""

from __future__ import annotations

import copy
import fnmatch
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from builders import data_from_book, minimal
from handworked import HANDWORKED
from money import assert_money

import grb
from grb.data import parameter, parameters
from grb.io.read import normalise_name, sheet_from_rows
from grb.report.sentences import advocacy_actions, in_words
from grb.schemas.validate import validate_many

ROOT = Path(__file__).resolve().parent.parent


def book_with(plan_currency: str, rate: float, interventions: list[list], budgets: list[list]) -> dict:
    """A one-issue commune: ``interventions`` rows (id, quantity, unit_cost, currency, projects) and
    ``budgets`` rows (id, budget, currency)."""
    book = minimal()
    book["commune"] = [r for r in book["commune"] if r[0] not in ("currency", "usd_rate")]
    book["commune"] += [["currency", plan_currency], ["usd_rate", rate], ["as_of", "2026-06-01"]]
    book["interventions"] = [
        ["intervention_id", "issue_id", "intervention", "type", "quantity", "unit_cost", "currency", "cip_projects"]
    ] + [[i, "G1", f"intervention {i}", "service", q, u, c, p] for i, q, u, c, p in interventions]
    book["investment_plan"] = [["project_id", "year", "sector", "project", "budget", "currency"]] + [
        [p, 2026, "water_sanitation", f"project {p}", b, c] for p, b, c in budgets
    ]
    return book


def interventions_of(book: dict) -> pd.DataFrame:
    return grb.analyze(data_from_book(book)).interventions.set_index("intervention_id")


# --- SPEC §2.4: a gap of at most half the smallest unit counts as 0, exactly -------------------------------------

BOUNDARY = [
    # (plan currency, rate, quantity, unit cost, its currency, budget, its currency, expected gap)
    # USD: 1 x 4484.435 - 4484.43 = 0.005 (half a cent: no gap); 4484.436 - 4484.43 = 0.006 (a gap)
    ("USD", 4100, 1, 4484.435, "USD", 4484.43, "USD", 0),
    ("USD", 4100, 1, 4484.436, "USD", 4484.43, "USD", 0.006),
    # USD through a product: 3 x 0.335 = 1.005, budget 1.00 -> 0.005 (none); budget 0.99 -> 0.015
    ("USD", 4100, 3, 0.335, "USD", 1.00, "USD", 0),
    ("USD", 4100, 3, 0.335, "USD", 0.99, "USD", 0.015),
    # KHR: 3 x 100000.1 = 300000.3; budget 299999.8 -> 0.5 riel (none); 299999.7 -> 0.6 riel
    ("KHR", 4100, 3, 100000.1, "KHR", 299999.8, "KHR", 0),
    ("KHR", 4100, 3, 100000.1, "KHR", 299999.7, "KHR", 0.6),
    # USD cost in a riel plan: 1 x 100.01 USD x 4100 = 410,041 riel; budget 410,040.5 -> 0.5; 410,040.4 -> 0.6
    ("KHR", 4100, 1, 100.01, "USD", 410_040.5, "KHR", 0),
    ("KHR", 4100, 1, 100.01, "USD", 410_040.4, "KHR", 0.6),
    # riel cost in a dollar plan: 4,000,020 riel / 4000 = 1000.005 USD against 1000.00 -> none;
    # 4,000,024 / 4000 = 1000.006 -> 0.006
    ("USD", 4000, 1, 4_000_020, "KHR", 1000.00, "USD", 0),
    ("USD", 4000, 1, 4_000_024, "KHR", 1000.00, "USD", 0.006),
    # a riel budget in a dollar plan: 4,000,000 - 20 riel = 999.995 USD against a cost of 1000 -> 0.005
    ("USD", 4000, 1, 1000, "USD", 3_999_980, "KHR", 0),
    ("USD", 4000, 1, 1000, "USD", 3_999_976, "KHR", 0.006),
]


@pytest.mark.parametrize("plan, rate, quantity, unit_cost, currency, budget, budget_currency, gap", BOUNDARY)
def test_half_unit_boundary_on_both_sides(plan, rate, quantity, unit_cost, currency, budget, budget_currency, gap):
    book = book_with(plan, rate, [["I1", quantity, unit_cost, currency, "P1"]], [["P1", budget, budget_currency]])
    i1 = interventions_of(book).loc["I1"]
    assert i1["status"] == ("programmed" if gap == 0 else "under_budgeted")
    if gap == 0:
        assert i1["gap"] == 0 and i1["covered"] == i1["cost"]
    else:
        assert_money(i1["gap"], gap, plan)


def test_half_unit_boundary_through_proportional_shares():
    # P1 (2.00 USD) is shared by I1 and I2, each costing 3 x 0.335 = 1.005: 1.00 each, short by 0.005 (no gap).
    shared = [["I1", 3, 0.335, "USD", "P1"], ["I2", 3, 0.335, "USD", "P1"]]
    iv = interventions_of(book_with("USD", 4100, shared, [["P1", 2.00, "USD"]]))
    assert iv["status"].tolist() == ["programmed", "programmed"] and iv["gap"].tolist() == [0, 0]
    # 1.99 USD: 0.995 each, short by 0.01: a costing gap of a cent each
    iv = interventions_of(book_with("USD", 4100, shared, [["P1", 1.99, "USD"]]))
    assert iv["status"].tolist() == ["under_budgeted", "under_budgeted"]
    assert_money(iv["gap"], {"I1": 0.01, "I2": 0.01}, "USD")
    # Shares of a third: P1 0.10 riel over 3 x 1 riel... in riel, P1 299,999.5 for three interventions of
    # 100,000 each: 99,999.8333 each, short by 0.1667 riel (none)
    thirds = [[f"I{k}", 1, 100_000, "KHR", "P1"] for k in (1, 2, 3)]
    iv = interventions_of(book_with("KHR", 4100, thirds, [["P1", 299_999.5, "KHR"]]))
    assert (iv["status"] == "programmed").all()


def test_surplus_of_exactly_half_a_unit_is_none():
    # allocated - cost = 4484.44 - 4484.435 = 0.005: no surplus; 4484.441 - 4484.435 = 0.006: a surplus
    iv = interventions_of(book_with("USD", 4100, [["I1", 1, 4484.435, "USD", "P1"]], [["P1", 4484.44, "USD"]]))
    assert pd.isna(iv.loc["I1", "surplus"])
    iv = interventions_of(book_with("USD", 4100, [["I1", 1, 4484.435, "USD", "P1"]], [["P1", 4484.441, "USD"]]))
    assert_money(iv.loc["I1", "surplus"], 0.006, "USD")


# --- SPEC §2.1: ties with decimal weights keep sheet order ------------------------------------------------------


def ranks(weights: tuple[float, float, float], scores: list[tuple[int, int, int]]) -> dict[str, int]:
    book = minimal()
    book["commune"] += [["weight_severity", weights[0]], ["weight_reach", weights[1]], ["weight_urgency", weights[2]]]
    book["gender_issues"] = book["gender_issues"][:1] + [
        [f"G{k}", f"issue {k}", "water_sanitation", *s] for k, s in enumerate(scores, start=1)
    ]
    issues = grb.analyze(data_from_book(book)).gender_issues
    return dict(zip(issues["issue_id"], issues["rank"], strict=True))


def test_decimal_weights_that_tie_keep_sheet_order():
    # 0.5*1 + 0.3*3 + 0.2*1 = 1.6 = 0.5*1 + 0.3*1 + 0.2*4: a tie, so G1 (first in the sheet) ranks first
    assert ranks((0.5, 0.3, 0.2), [(1, 3, 1), (1, 1, 4)]) == {"G1": 1, "G2": 2}
    # 0.7*1 + 0*5 + 0.7*2 = 2.1 = 0.7*2 + 0*1 + 0.7*1
    assert ranks((0.7, 0, 0.7), [(1, 5, 2), (2, 1, 1)]) == {"G1": 1, "G2": 2}
    # and a real difference still ranks: 0.5*1 + 0.3*1 + 0.2*5 = 1.8 > 1.6
    assert ranks((0.5, 0.3, 0.2), [(1, 3, 1), (1, 1, 5)]) == {"G2": 1, "G1": 2}


# --- Advocacy sentences: whole days, and money rounded as Excel shows it ----------------------------------------


def stacked(*books: dict) -> grb.engine.Result:
    sheets = [{normalise_name(n): sheet_from_rows(rows, n) for n, rows in b.items()} for b in books]
    data, problems = validate_many(sheets, [f"book{k}" for k in range(len(books))])
    assert problems.empty
    return grb.analyze(data)


def test_one_commune_without_a_stage_leaves_the_others_dates_whole():
    # commune 0: the hand-worked commune (I4 unprogrammed -> S1, 1 May 2027 to 31 Jul 2027);
    # commune 1: its calendar has only an approval stage, so its gaps have no candidate stage (NaT windows)
    lonely = copy.deepcopy(HANDWORKED)
    lonely["budget_cycle"] = [*lonely["budget_cycle"][:1], lonely["budget_cycle"][4]]
    result = stacked(HANDWORKED, lonely)
    sentences = advocacy_actions(result)
    first = result.gaps["commune_key"] == 0
    i4 = sentences[first & (result.gaps["intervention_id"] == "I4")].iloc[0]
    assert "1 May 2027 to 31 Jul 2027" in i4
    assert not sentences.str.contains(r"\d\.0 ", regex=True).any()
    assert sentences[~first].str.contains("no stage of the budget cycle fits").all()


def test_sentences_round_money_half_away_from_zero_like_excel():
    # I1 costs 1 x 1,000,002.5 riel, P1 gives 1,000,000: costing gap 2.5 riel, shown as 3 (Excel's rounding)
    book = book_with("KHR", 4100, [["I1", 1, 1_000_002.5, "KHR", "P1"]], [["P1", 1_000_000, "KHR"]])
    result = grb.analyze(data_from_book(book))
    assert "costing gap 3 KHR" in advocacy_actions(result).iloc[0]
    assert "costing gap 3 KHR" in in_words(result.summary.set_index("metric")["value"], "KHR")


# --- as_of with a time zone --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "as_of, date",
    [
        ("2026-09-15T23:30+00:00", "2026-09-16"),  # 23:30 UTC is 06:30 on the 16th in Phnom Penh (UTC+7)
        (pd.Timestamp("2026-09-15 16:59", tz="UTC"), "2026-09-15"),  # 23:59 in Phnom Penh: still the 15th
        (pd.Timestamp("2026-09-16 06:30", tz="Asia/Phnom_Penh"), "2026-09-16"),
        ("2026-09-15T23:30", "2026-09-15"),  # naive: a Cambodian local time
        ("2026-09-15", "2026-09-15"),
    ],
)
def test_as_of_with_a_time_zone_is_a_date_in_cambodia(as_of, date):
    result = grb.analyze(data_from_book(minimal()), as_of=as_of)
    assert result.communes["as_of"].iloc[0] == pd.Timestamp(date)


# --- Several communes in one result -------------------------------------------------------------------------------


def test_summary_of_a_riel_and_a_dollar_commune_is_in_riel():
    # commune 0 (KHR): the hand-worked commune, cost 9,900,000, gap 2,300,000.
    # commune 1 (USD, rate 4,000): I1 2 x 1,000 USD = 2,000 USD, P1 1,500 USD: gap 500 USD.
    # commune 2 (USD, no rate): I1 1 x 475 USD, unlinked: gap 475 USD, added at the default 4,100.
    usd = book_with("USD", 4000, [["I1", 2, 1000, "USD", "P1"]], [["P1", 1500, "USD"]])
    no_rate = book_with("USD", 4000, [["I1", 1, 475, "USD", None]], [["P1", 10, "USD"]])
    no_rate["commune"] = [r for r in no_rate["commune"] if r[0] != "usd_rate"]
    result = stacked(HANDWORKED, usd, no_rate)
    assert result.currency == "KHR"
    s = result.summary.set_index("metric")["value"]
    assert_money(s["total_cost"], 9_900_000 + 2_000 * 4000 + 475 * 4100, "KHR")
    assert_money(s["total_gap"], 2_300_000 + 500 * 4000 + 475 * 4100, "KHR")
    assert_money(s["cip_budget"], 18_599_999.6 + 1500 * 4000 + 10 * 4100, "KHR")
    assert s["n_interventions"] == 6 + 1 + 1
    one = stacked(usd)
    assert one.currency == "USD"
    assert_money(one.summary.set_index("metric")["value"]["total_gap"], 500, "USD")


# --- Parameters as data ---------------------------------------------------------------------------------------------


def test_every_parameter_has_a_value_unit_source_and_date():
    table = parameters()
    assert list(table.columns) == ["name", "value", "unit", "source", "date"]
    assert table["name"].is_unique
    assert table[["value", "unit", "source"]].notna().all().all()
    assert pd.to_datetime(table["date"], format="%Y-%m-%d").notna().all()
    assert parameter("usd_rate") == 4100
    assert (parameter("tolerance_khr"), parameter("tolerance_usd")) == (0.5, 0.005)
    assert (parameter("marker_weight_1"), parameter("marker_weight_2")) == (0.4, 1.0)
    with pytest.raises(KeyError):
        parameter("no_such_parameter")


def test_every_data_file_is_shipped_with_the_package():
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["grb"]
    for path in (ROOT / "grb" / "data").iterdir():
        if path.suffix != ".py" and path.name != "__pycache__":
            name = path.relative_to(ROOT / "grb").as_posix()
            assert any(fnmatch.fnmatch(name, pattern) for pattern in package_data), name


def test_assert_money_refuses_a_riel_too_many():
    # pytest.approx's default relative tolerance (1e-6) would accept 9,900,009 for 9,900,000
    with pytest.raises(AssertionError):
        assert_money(9_900_009, 9_900_000, "KHR")
    with pytest.raises(AssertionError):
        assert_money(10.005, 10.0, "USD")
    assert_money(9_900_000.4, 9_900_000, "KHR")
