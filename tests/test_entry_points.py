"""SPEC §2.6: entry points and windows, each rule with dates worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import data_from_book, minimal

import grb
from grb.data import CALENDARS, default_calendar

HEAD = ["stage_id", "level", "stage", "kind", "start_month", "end_month", "space", "space_type"]


def book_with(cycle_rows, linked=True):
    """One intervention: under-budgeted when linked (1.5M of its 2M), unprogrammed when not."""
    book = minimal()
    if not linked:
        book["interventions"][1][6] = None
    book["budget_cycle"] = [HEAD, *cycle_rows]
    return book


def entry(cycle_rows, as_of, linked=True):
    result = grb.analyze(data_from_book(book_with(cycle_rows, linked)), as_of=as_of)
    gap = result.gaps.iloc[0]
    return gap["entry_stage_id"], gap["window_start"], gap["window_end"], result


def ts(text):
    return pd.Timestamp(text)


def test_kind_follows_status():
    cycle = [
        ["P", "commune", "Village meetings", "planning", 3, 4, "meeting", None],
        ["F", "commune", "Budget preparation", "formulation", 10, 11, "committee", None],
    ]
    assert entry(cycle, "2026-01-10", linked=False)[0] == "P"  # unprogrammed -> planning
    assert entry(cycle, "2026-01-10", linked=True)[0] == "F"  # under-budgeted -> formulation


def test_commune_level_before_national():
    cycle = [
        ["N", "national", "Budget Strategic Plans", "formulation", 2, 2, "consultation", None],
        ["C", "commune", "Budget preparation", "formulation", 10, 11, "committee", None],
    ]
    # the national window (Feb) ends sooner, but a commune stage exists
    assert entry(cycle, "2026-01-10")[0] == "C"


def test_national_when_the_commune_level_has_none():
    cycle = [
        ["N", "national", "Detailed budgets", "formulation", 6, 7, "GMAG", None],
        ["C", "commune", "Village meetings", "planning", 5, 7, "meeting", None],
    ]
    assert entry(cycle, "2026-01-10")[:3] == ("N", ts("2026-06-01"), ts("2026-07-31"))


def test_open_before_closed_and_warning_when_all_closed():
    cycle = [
        ["A", "commune", "Closed talks", "formulation", 2, 2, None, "closed"],
        ["B", "commune", "Committee", "formulation", 10, 11, "committee", "invited"],
    ]
    stage, _, _, result = entry(cycle, "2026-01-10")
    assert stage == "B"  # A ends sooner but is closed
    assert "closed_entry_point" not in set(result.checks["code"])
    closed = [
        ["A", "commune", "Closed talks", "formulation", 2, 2, None, None],  # no space: closed
        ["B", "commune", "Negotiation", "formulation", 10, 11, None, "closed"],
    ]
    stage, _, _, result = entry(closed, "2026-01-10")
    assert stage == "A"  # all closed: keep them all, soonest wins
    warn = result.checks[result.checks["code"] == "closed_entry_point"]
    assert warn[["sheet", "row"]].values.tolist() == [["interventions", 2]]


def test_soonest_window_end_wins():
    cycle = [
        ["A", "commune", "Late", "formulation", 8, 12, "x", None],
        ["B", "commune", "Early", "formulation", 9, 10, "x", None],
    ]
    # as of 1 Aug 2026: A ends 31 Dec 2026, B ends 31 Oct 2026
    assert entry(cycle, "2026-08-01")[:3] == ("B", ts("2026-09-01"), ts("2026-10-31"))


def test_ties_keep_sheet_order():
    cycle = [
        ["Z", "commune", "First in sheet", "formulation", 9, 10, "x", None],
        ["A", "commune", "Second", "formulation", 10, 10, "x", None],
    ]
    assert entry(cycle, "2026-08-01")[0] == "Z"  # both end 31 Oct 2026


def test_window_wrapping_past_december():
    cycle = [["W", "commune", "Year-end review", "formulation", 11, 2, "x", None]]
    # as of 1 Mar 2026 the Nov 2025 - Feb 2026 window has ended: next is 1 Nov 2026 - 28 Feb 2027
    assert entry(cycle, "2026-03-01")[1:3] == (ts("2026-11-01"), ts("2027-02-28"))
    # as of 15 Jan 2026 the window that opened in Nov 2025 is still open (ends 28 Feb 2026)
    assert entry(cycle, "2026-01-15")[1:3] == (ts("2025-11-01"), ts("2026-02-28"))
    # leap year: the window opened Nov 2027 closes 29 Feb 2028
    assert entry(cycle, "2027-12-01")[1:3] == (ts("2027-11-01"), ts("2028-02-29"))


def test_as_of_inside_a_window_counts_it():
    cycle = [["A", "commune", "Budget preparation", "formulation", 10, 11, "x", None]]
    assert entry(cycle, "2026-11-30")[1:3] == (ts("2026-10-01"), ts("2026-11-30"))  # last day still open


def test_after_every_window_of_the_year_rolls_into_next_year():
    cycle = [
        ["A", "commune", "Budget preparation", "formulation", 10, 11, "x", None],
        ["B", "commune", "Adoption prep", "formulation", 3, 4, "x", None],
    ]
    # as of 1 Dec 2026 both windows of 2026 are over: B (Mar-Apr 2027) ends first
    assert entry(cycle, "2026-12-01")[:3] == ("B", ts("2027-03-01"), ts("2027-04-30"))


def test_advocacy_sentence_names_the_gap_stage_and_window():
    cycle = [["B", "commune", "Budget preparation", "formulation", 10, 11, "committee", None]]
    _, _, _, result = entry(cycle, "2026-09-01")
    sentence = result.gaps["advocacy_action"].iloc[0]
    # I1 costs 2 x 1,000,000 and P1 gives it 1,500,000: costing gap 500,000 riel
    for part in ("Wells near houses", "costing gap 500,000 KHR", "Budget preparation", "1 Oct 2026", "30 Nov 2026"):
        assert part in sentence


def test_no_stage_of_the_required_kind():
    cycle = [["A", "commune", "Adoption", "approval", 12, 12, "x", None]]
    stage, start, _, result = entry(cycle, "2026-09-01")
    assert pd.isna(stage) and pd.isna(start)
    assert "no stage of the budget cycle fits" in result.gaps["advocacy_action"].iloc[0]


def test_default_calendars_load_validate_and_cite_sources():
    from grb.schemas.models import BudgetCycle
    from grb.schemas.sheets import check_cells, stacked_locate

    calendar = default_calendar()
    stacked = calendar.assign(excel_row=range(2, len(calendar) + 2), commune_key=0)
    _, problems = check_cells(stacked, BudgetCycle, "budget_cycle", stacked_locate(stacked))
    assert problems == []
    assert calendar["source"].notna().all()
    assert len(CALENDARS) == 2
    assert set(calendar["level"]) == {"commune", "national"}
    commune = calendar[calendar["level"] == "commune"]
    assert commune["source"].str.contains("Indicative").all()
    assert "District Integration Workshop" in set(commune["stage"])
    national = calendar[calendar["level"] == "national"]
    assert national["source"].str.contains("Law on Public Finance System").all()


# Planning stages of the default commune calendar: C1 village meetings (May-Jul), C2 District Integration
# Workshop (Sep-Oct). 10 Jan: C1 ends 31 Jul 2026, before C2 (31 Oct 2026). 15 Sep: C1's next window ends
# 31 Jul 2027, C2 is open until 31 Oct 2026. 15 Nov: C1 ends 31 Jul 2027, before C2 (31 Oct 2027).
@pytest.mark.parametrize("as_of, stage", [("2026-01-10", "C1"), ("2026-09-15", "C2"), ("2026-11-15", "C1")])
def test_default_commune_calendar_routes_unprogrammed_gaps(as_of, stage):
    book = minimal()
    book["interventions"][1][6] = None  # unprogrammed
    result = grb.analyze(data_from_book(book), as_of=as_of)
    assert result.gaps["entry_stage_id"].iloc[0] == stage


def _next_window_by_hand(as_of, start_month, end_month):
    """The rule of SPEC §2.6 for one stage, in plain dates: of the windows opening in as_of's year - 1, itself
    and + 1, the first that ends on or after as_of (a window ends on the last day of its end month, in the next
    year when it wraps past December)."""
    import calendar
    import datetime as dt

    for year in (as_of.year - 1, as_of.year, as_of.year + 1):
        end_year = year + (end_month < start_month)
        end = dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
        if end >= as_of:
            return dt.date(year, start_month, 1), end
    raise AssertionError("a window is at most a year long: one of the three always ends after as_of")


def test_next_windows_agree_with_the_rule_worked_out_date_by_date():
    """``next_windows`` (NumPy month arithmetic on every stage at once) against the rule stage by stage, on
    random calendars and dates, including as_of on the last day of a window and a commune without a date."""
    import datetime as dt

    from hypothesis import given
    from hypothesis import strategies as st

    from grb.engine.entry_points import next_windows
    from grb.schemas.data import COMMUNE_KEY

    month = st.integers(1, 12)
    stage = st.tuples(st.integers(0, 2), month, month)  # commune key, start month, end month
    day = st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31))

    @given(st.lists(stage, max_size=12), st.lists(day, min_size=3, max_size=3), st.booleans())
    def check(rows, days, month_ends):
        if month_ends:  # as_of on the last day of a month: the boundary of every window ending then
            days = [pd.Timestamp(d) + pd.offsets.MonthEnd(0) for d in days]
        as_of = pd.DataFrame({COMMUNE_KEY: [0, 1], "as_of": pd.to_datetime(days[:2])})  # commune 2: no date
        stages = pd.DataFrame(rows, columns=[COMMUNE_KEY, "start_month", "end_month"], dtype="int64")
        stages["stage_id"] = [f"S{i}" for i in range(len(rows))]
        out = next_windows(stages, as_of)
        assert len(out) == len(rows)
        for (key, start, end), got_start, got_end in zip(rows, out["window_start"], out["window_end"], strict=True):
            if key == 2:
                assert pd.isna(got_start) and pd.isna(got_end)
                continue
            want = _next_window_by_hand(pd.Timestamp(days[key]).date(), start, end)
            assert (got_start.date(), got_end.date()) == want

    check()
