"""SPEC §4: two cycles of one commune worked out by hand (tests/follow_up_cycles.py holds the workbooks).

Last cycle's gaps, in its plan currency (USD), then in riel at the CURRENT usd_rate of 4,000:
  A1 Wells                 unprogrammed    1,000 USD = 4,000,000   now programmed           -> won 4,000,000
  A2 Water committee       under_budgeted  500 - 200 = 300 USD = 1,200,000
                                           now 2,000,000 - 800,000.5 = 1,199,999.5: smaller by exactly 0.5,
                                           within the tolerance                             -> not_won
  A3 Leadership training   unprogrammed    250 USD = 1,000,000   now 1,000,000 - 400,000 = 600,000
                                                                                            -> partly_won 400,000
  A4 Market road lighting  unprogrammed    100 USD = 400,000     now 600,000 (grown)         -> not_won
  A5 Health centre outreach unprogrammed   50 USD = 200,000      renamed B5 (new id)         -> dropped (+ suggestion)
  A6 Legal aid clinic      unprogrammed    25 USD = 100,000      gone                        -> dropped
  B5 Outreach by the health centre, 300,000 and B7 Savings groups, 500,000: new gaps, in priority order.
Deadlines from last cycle's as_of (2025-09-15): planning window ends 30 Nov 2025, formulation 31 Dec 2025.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from builders import write_book
from follow_up_cycles import current, previous

import grb
from grb.cli import main

TOL = 0.5  # riel, SPEC §2.4
PREVIOUS_GAP = {
    "A1": 1000 * 4000,
    "A2": (500 - 200) * 4000,
    "A3": 250 * 4000,
    "A4": 100 * 4000,
    "A5": 50 * 4000,
    "A6": 25 * 4000,
}


@pytest.fixture
def files(tmp_path):
    prev = write_book(tmp_path / "previous.xlsx", previous())
    cur = write_book(tmp_path / "current.xlsx", current())
    return prev, cur


def report_of(workbook, path):
    grb.write_report(grb.analyze(grb.load(workbook)), path)
    return path


def edit_tracker(path, edits: dict[str, dict[str, object]]):
    """Edit the report's tracker as an analyst would in Excel: by intervention and header label."""
    book = openpyxl.load_workbook(path)
    ws = book["Advocacy tracker"]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        for header, value in edits.get(row[0].value, {}).items():
            cell = row[headers.index(header)]
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # typed as text in Excel (a leading apostrophe), not a formula
    book.save(path)
    return path


def rows(done) -> pd.DataFrame:
    return done.follow_up.set_index("intervention_id")


def test_outcomes_and_money(files):
    done = grb.follow_up(*files)
    f = rows(done)
    assert f["outcome"].to_dict() == {
        "A1": "won",
        "A2": "not_won",
        "A3": "partly_won",
        "A4": "not_won",
        "A5": "dropped",
        "A6": "dropped",
        "B5": "new",
        "B7": "new",
    }
    assert list(f.index) == ["A1", "A2", "A3", "A4", "A5", "A6", "B5", "B7"]  # previous order, then new by priority
    for iid, gap in PREVIOUS_GAP.items():
        assert f.loc[iid, "previous_gap"] == pytest.approx(gap, abs=TOL)
    assert f.loc["A2", "current_gap"] == 2_000_000 - 800_000.5
    assert f.loc["A4", "current_gap"] == 600_000
    won = f["won_amount"].to_dict()
    assert won == pytest.approx(
        {"A1": 4_000_000, "A2": 0, "A3": 1_000_000 - 600_000, "A4": 0, "A5": 0, "A6": 0, "B5": 0, "B7": 0}, abs=TOL
    )
    assert f["matched_by"].fillna("").tolist() == ["id"] * 4 + [""] * 4
    assert f.loc[["B5", "B7"], "previous_gap"].isna().all() and f.loc[["B5", "B7"], "current_gap"].tolist() == [
        300_000,
        500_000,
    ]


def test_summary_metrics(files):
    s = grb.follow_up(*files).summary.set_index("metric")["value"]
    previous_total = 4_000_000 + 1_200_000 + 1_000_000 + 400_000 + 200_000 + 100_000
    won_total = 4_000_000 + 400_000
    assert s["previous_gap_total"] == pytest.approx(previous_total, abs=TOL)
    assert s["won_total"] == pytest.approx(won_total, abs=TOL)
    assert s["won_share"] == pytest.approx(won_total / previous_total, abs=1e-9)
    counts = {m: s[m] for m in ["n_won", "n_partly_won", "n_not_won", "n_dropped", "n_new", "n_overdue"]}
    # from a workbook every deadline (30 Nov / 31 Dec 2025) is before 15 Sep 2026 and nothing is agreed
    assert counts == {"n_won": 1, "n_partly_won": 1, "n_not_won": 2, "n_dropped": 2, "n_new": 2, "n_overdue": 5}


def test_deadlines_from_a_workbook(files):
    f = rows(grb.follow_up(*files))
    assert f.loc["A1", "deadline"] == pd.Timestamp("2025-11-30")  # unprogrammed: planning stage S1 (Oct-Nov)
    assert f.loc["A2", "deadline"] == pd.Timestamp("2025-12-31")  # under-budgeted: formulation stage S2 (Oct-Dec)
    assert f["overdue"].to_dict() == {
        "A1": False,  # won
        "A2": True,
        "A3": True,
        "A4": True,
        "A5": True,
        "A6": True,
        "B5": False,
        "B7": False,
    }


def test_previous_workbook_without_as_of_has_no_deadlines(tmp_path):
    book = previous()
    book["commune"] = [r for r in book["commune"] if r[0] != "as_of"]
    prev = write_book(tmp_path / "p.xlsx", book)
    f = rows(grb.follow_up(prev, write_book(tmp_path / "c.xlsx", current())))
    assert f["deadline"].isna().all() and not f["overdue"].any()


def test_renamed_intervention_gets_only_a_suggestion(files):
    done = grb.follow_up(*files)
    hints = done.result.checks[done.result.checks["code"] == "suggested_match"]
    assert len(hints) == 1
    assert hints["sheet"].tolist() == ["interventions"] and hints["row"].tolist() == [6]  # B5's row
    assert "A5" in hints["message"].iloc[0] and "B5" in hints["message"].iloc[0]
    assert rows(done).loc["A5", "outcome"] == "dropped" and rows(done).loc["B5", "outcome"] == "new"


def test_report_and_workbook_give_the_same_outcomes(files, tmp_path):
    prev, cur = files
    from_workbook = grb.follow_up(prev, cur).follow_up
    from_report = grb.follow_up(report_of(prev, tmp_path / "report.xlsx"), cur).follow_up
    compared = ["intervention_id", "outcome", "previous_status", "previous_gap", "current_gap", "won_amount", "overdue"]
    pd.testing.assert_frame_equal(
        from_report[compared], from_workbook[compared], check_exact=False, atol=TOL, check_dtype=False
    )


def test_round_trip_carries_the_analysts_edits(files, tmp_path):
    prev, cur = files
    report = edit_tracker(
        report_of(prev, tmp_path / "report.xlsx"),
        {
            "A2": {"Responsible": "Water office"},
            "A3": {"Progress": "Agreed", "Agreed by": "Provincial Department of Women's Affairs", "Agreed amount": 50},
            "A4": {"Progress": "behind_schedule", "Reason for delay": "council busy with elections"},
            "A6": {"Deadline": dt.datetime(2026, 12, 31), "Note": "=ask the NGO"},
        },
    )
    done = grb.follow_up(report, cur)
    f = rows(done)
    # A2 not started, deadline 31 Dec 2025: overdue. A3 agreed: not overdue. A4 behind schedule: overdue.
    # A5 not started, 30 Nov 2025: overdue. A6's deadline moved past 15 Sep 2026: not overdue.
    assert f["overdue"].to_dict() == {
        "A1": False,
        "A2": True,
        "A3": False,
        "A4": True,
        "A5": True,
        "A6": False,
        "B5": False,
        "B7": False,
    }
    assert f.loc["A3", "progress"] == "agreed" and f.loc["A4", "progress"] == "behind_schedule"
    out = tmp_path / "follow_up.xlsx"
    grb.write_report(done.result, out, follow_up=done)
    from grb.schemas.tracker import read_tracker_sheet, typed_tracker

    fresh, problems = typed_tracker(read_tracker_sheet(out))
    assert problems == []
    t = fresh.set_index("intervention_id")
    assert list(t.index) == ["A2", "A3", "A4", "B5", "B7"]  # this cycle's gaps in priority order (A1 was won)
    assert t.loc["A2", "responsible"] == "Water office"
    assert t.loc["A3", "progress"] == "agreed"
    assert t.loc["A3", "agreed_by"] == "Provincial Department of Women's Affairs"
    assert t.loc["A3", "agreed_amount"] == 50 * 4000  # last cycle's dollars in this cycle's riel
    assert t.loc["A4", "reason_for_delay"] == "council busy with elections"
    assert t.loc["B5", "progress"] == "not_started"
    # a fresh deadline: this cycle's window end (A3 is now under-budgeted: formulation stage S2, Oct-Dec 2026)
    assert t.loc["A3", "deadline"] == pd.Timestamp("2026-12-31")
    assert t.loc["A6" if "A6" in t.index else "B5", "note"] is None
    book = openpyxl.load_workbook(out)
    assert book["Advocacy tracker"]["Q1"].value == "Note"


def test_user_text_stays_text(files, tmp_path):
    prev, cur = files
    report = edit_tracker(report_of(prev, tmp_path / "r.xlsx"), {"A4": {"Note": "=HYPERLINK(1)"}})
    done = grb.follow_up(report, cur)
    out = tmp_path / "f.xlsx"
    grb.write_report(done.result, out, follow_up=done)
    cell = next(r for r in openpyxl.load_workbook(out)["Advocacy tracker"].iter_rows(min_row=2) if r[0].value == "A4")
    assert cell[16].value == "=HYPERLINK(1)" and cell[16].data_type == "s"


def test_bad_tracker_cells_are_all_located(files, tmp_path):
    prev, cur = files
    report = edit_tracker(report_of(prev, tmp_path / "r.xlsx"), {"A2": {"Progress": "maybe"}, "A4": {"Gap": "lots"}})
    with pytest.raises(grb.InputError) as info:
        grb.follow_up(report, cur)
    p = info.value.problems
    found = set(zip(p["sheet"], p["row"], p["column"], p["code"], strict=True))
    # tracker rows: A1 row 2, A2 row 3, A3 row 4, A4 row 5
    assert found == {
        ("r.xlsx: Advocacy tracker", 3, "progress", "not_allowed"),
        ("r.xlsx: Advocacy tracker", 5, "gap", "not_a_number"),
    }


def test_missing_tracker_column(files, tmp_path):
    prev, cur = files
    report = report_of(prev, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(report)
    book["Advocacy tracker"].delete_cols(4)  # the Gap column
    book.save(report)
    with pytest.raises(grb.InputError) as info:
        grb.follow_up(report, cur)
    p = info.value.problems
    assert p[["sheet", "row", "column", "code"]].values.tolist() == [
        ["r.xlsx: Advocacy tracker", 1, "gap", "missing_column"]
    ]


def test_a_report_of_another_commune_is_a_located_error(files, tmp_path):
    prev, _ = files
    book = current()
    book["commune"][2][1] = "210104"
    cur = write_book(tmp_path / "other.xlsx", book)
    saved_by_openpyxl = edit_tracker(report_of(prev, tmp_path / "e.xlsx"), {})  # Excel-like re-save keeps the code
    for given in (prev, report_of(prev, tmp_path / "r.xlsx"), saved_by_openpyxl):
        with pytest.raises(grb.InputError) as info:
            grb.follow_up(given, cur)
        p = info.value.problems
        assert p[["sheet", "row", "column", "code"]].values.tolist() == [
            ["other.xlsx: commune", 3, "commune_code", "other_commune"]
        ]


def test_other_currency_without_usd_rate(files, tmp_path):
    prev, _ = files
    book = current()
    book["commune"] = [r for r in book["commune"] if r[0] != "usd_rate"]
    with pytest.raises(grb.InputError) as info:
        grb.follow_up(prev, write_book(tmp_path / "c.xlsx", book))
    assert info.value.problems[["sheet", "column", "code"]].values.tolist() == [
        ["c.xlsx: commune", "usd_rate", "usd_rate_required"]
    ]


def test_problems_of_both_files_at_once(files, tmp_path):
    prev, _ = files
    report = edit_tracker(report_of(prev, tmp_path / "r.xlsx"), {"A2": {"Progress": "maybe"}})
    book = current()
    book["interventions"][2][5] = "free"  # A2's unit_cost, Excel row 3
    with pytest.raises(grb.InputError) as info:
        grb.follow_up(report, write_book(tmp_path / "c.xlsx", book))
    p = info.value.problems
    assert set(zip(p["sheet"], p["row"], p["column"], strict=True)) == {
        ("r.xlsx: Advocacy tracker", 3, "progress"),
        ("c.xlsx: interventions", 3, "unit_cost"),
    }


def test_cli_follow_up(files, tmp_path, capsys):
    prev, cur = files
    out, csv = tmp_path / "fu.xlsx", tmp_path / "csv"
    assert main(["follow-up", str(prev), str(cur), "-o", str(out), "--csv", str(csv)]) == 0
    table = pd.read_csv(csv / "follow_up.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(table.columns) == [
        "intervention_id",
        "issue_id",
        "outcome",
        "previous_status",
        "previous_gap",
        "current_status",
        "current_gap",
        "won_amount",
        "progress",
        "deadline",
        "overdue",
        "matched_by",
    ]
    assert table["overdue"].tolist()[:2] == ["false", "true"] and table["deadline"].iloc[0] == "2025-11-30"
    summary = pd.read_csv(csv / "summary.csv", encoding="utf-8-sig", dtype=str).set_index("metric")["value"]
    assert float(summary["won_total"]) == 4_000_000 + 400_000 and summary["n_new"] == "2"
    assert (csv / "tracker.csv").exists()
    assert {"Follow-up", "Advocacy tracker"} <= set(openpyxl.load_workbook(out).sheetnames)


def test_cli_follow_up_bad_input_exit_1(files, tmp_path, capsys):
    prev, _ = files
    assert main(["follow-up", str(prev), str(tmp_path / "nope.xlsx"), "-o", str(tmp_path / "o.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "nope.xlsx" in err and "Traceback" not in err
    assert not (tmp_path / "o.xlsx").exists()


def test_the_workshop_sample_follow_up():
    """The shipped pair (sample_budgets/make_samples.py says what changed between the cycles)."""
    from pathlib import Path

    samples = Path(__file__).parents[1] / "sample_budgets"
    done = grb.follow_up(samples / "workshop_commune_2025_report.xlsx", samples / "workshop_commune.xlsx")
    f = rows(done)
    assert f.loc["I01", "outcome"] == "won" and f.loc["I01", "won_amount"] == 4 * 3_500_000  # 4 wells
    assert f.loc["I03", "outcome"] == "partly_won" and f.loc["I03", "won_amount"] == 1_000_000 - 500_000
    assert f.loc[["I11", "I12"], "outcome"].tolist() == ["dropped", "dropped"] and f.loc["I09", "outcome"] == "new"
    assert f.loc["I03", "progress"] == "agreed" and not f.loc["I03", "overdue"]
    assert (done.result.checks["code"] == "suggested_match").sum() == 1


def test_no_gap_last_cycle_gives_an_empty_won_share(tmp_path):
    from builders import minimal, set_cell

    funded = set_cell(minimal(), "investment_plan", 2, "budget", 3_000_000)  # covers I1's 2 x 1,000,000
    report = report_of(write_book(tmp_path / "p.xlsx", funded), tmp_path / "r.xlsx")  # an empty tracker
    done = grb.follow_up(report, write_book(tmp_path / "c.xlsx", minimal()))  # now P1 1,500,000: gap 500,000
    s = done.summary.set_index("metric")["value"]
    assert s["previous_gap_total"] == 0 and pd.isna(s["won_share"]) and s["n_new"] == 1
    assert rows(done).loc["I1", "current_gap"] == 2 * 1_000_000 - 1_500_000


def test_the_follow_up_notebook_runs(tmp_path):
    """notebooks/04_follow_up.ipynb, top to bottom in a fresh kernel (as the workshop runs it)."""
    papermill = pytest.importorskip("papermill")
    from pathlib import Path

    import nbformat

    notebooks = Path(__file__).parents[1] / "notebooks"
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(notebooks / "04_follow_up.ipynb"),
        str(out),
        parameters={"report": str(tmp_path / "follow_up.xlsx")},
        cwd=str(notebooks),
        kernel_name="python3",
        progress_bar=False,
    )
    executed = nbformat.read(out, as_version=4)
    assert not [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert (tmp_path / "follow_up.xlsx").exists()


def test_a_khmer_report_round_trip(files, tmp_path):
    """A report written in Khmer (headers and progress labels in Khmer; fixed sheet name) is read back the same."""
    from grb.i18n import gettext, language

    prev, cur = files
    report = tmp_path / "km.xlsx"
    with language("km"):
        grb.write_report(grb.analyze(grb.load(prev)), report)
    book = openpyxl.load_workbook(report)
    ws = book["Advocacy tracker"]
    headers = [c.value for c in ws[1]]
    assert gettext("Progress", "km") in headers and "Progress" not in headers  # really Khmer
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "A3")
    row[headers.index(gettext("Progress", "km"))].value = gettext("Agreed", "km")
    book.save(report)
    f = rows(grb.follow_up(report, cur))
    assert f.loc["A3", "progress"] == "agreed" and not f.loc["A3", "overdue"]
    assert f["outcome"].to_dict() == rows(grb.follow_up(prev, cur))["outcome"].to_dict()
