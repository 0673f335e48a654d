"""Many communes: N copies of the hand-worked commune roll up to N times its totals; broken inputs are isolated."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import write_book, write_csv_folder
from handworked import HANDWORKED
from money import assert_money

from grb import batch, batch_reports
from grb.cli import main
from grb.report.rollup import batch_csv_frames

N = 4


def with_code(code: str, book=HANDWORKED) -> dict:
    """The hand-worked commune under another commune code (the same code twice is one commune given twice)."""
    rows = {name: [list(r) for r in sheet] for name, sheet in book.items()}
    rows["commune"] = [r if r[0] != "commune_code" else ["commune_code", code] for r in rows["commune"]]
    return rows


@pytest.fixture
def copies(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    for i in range(N - 1):
        write_book(folder / f"commune_{i}.xlsx", with_code(f"21010{i + 4}"))
    write_csv_folder(folder / "commune_csv", HANDWORKED)  # a CSV folder counts as one input
    return folder


def test_n_copies_roll_up_to_n_times_the_totals(copies):
    run = batch.run([copies], progress=False)
    assert len(run.inputs) == N and run.problems.empty
    total = run.rollups()["summary"].iloc[0]
    # the hand-worked commune (KHR): cost 9,900,000, gap 2,300,000, unprogrammed 1,300,000, 6 interventions
    assert total["n_communes"] == N
    assert_money(total["total_cost"], N * 9_900_000, "KHR")
    assert_money(total["total_gap"], N * 2_300_000, "KHR")
    assert_money(total["unprogrammed_cost"], N * 1_300_000, "KHR")
    assert total["n_interventions"] == N * 6
    # shares are recomputed from sums: the same as one commune's, not a sum or an average of rounded values
    assert total["gender_linked_share"] == pytest.approx((N * 8_599_999.6) / (N * 18_599_999.6))
    assert total["women_beneficiary_share"] == pytest.approx((N * 100) / (N * 220))
    districts = run.rollups()["district"]
    assert districts[["province", "district", "n_communes"]].values.tolist() == [["Takeo", "Angkor Borei", N]]


def test_shares_are_recomputed_from_sums_not_averaged(tmp_path):
    other = with_code("210104")
    other["investment_plan"][1][4] = 13_000_000  # P1: 3,000,000 -> 13,000,000
    write_book(tmp_path / "a.xlsx", HANDWORKED)
    write_book(tmp_path / "b.xlsx", other)
    total = batch.run([tmp_path / "a.xlsx", tmp_path / "b.xlsx"], progress=False).rollups()["summary"].iloc[0]
    linked = 8_599_999.6 + (8_599_999.6 + 10_000_000)  # P1 is gender-linked in both
    cip = 18_599_999.6 + (18_599_999.6 + 10_000_000)
    assert total["gender_linked_share"] == pytest.approx(linked / cip)
    average = (8_599_999.6 / 18_599_999.6 + 18_599_999.6 / 28_599_999.6) / 2
    assert total["gender_linked_share"] != pytest.approx(average)


def test_usd_communes_are_added_up_in_riel(tmp_path):
    usd = with_code("210104")
    usd["commune"] = [r if r[0] != "currency" else ["currency", "USD"] for r in usd["commune"]]
    usd["interventions"][4][6] = "KHR"  # I4 had no currency: keep it in riel, not in the new plan currency
    write_book(tmp_path / "khr.xlsx", HANDWORKED)
    write_book(tmp_path / "usd.xlsx", usd)
    run = batch.run([tmp_path / "khr.xlsx", tmp_path / "usd.xlsx"], progress=False)
    # in the USD plan the costs are 2,475 USD (500 + 500 + 1,000 + 250 + 75 + 150), back in riel
    # 2,475 x 4,000 = 9,900,000: the same commune twice
    assert_money(run.rollups()["summary"].iloc[0]["total_cost"], 2 * 9_900_000, "KHR")


def test_a_broken_input_is_reported_and_the_others_still_get_reports(copies, tmp_path):
    (copies / "broken.xlsx").write_text("not a workbook")
    bad = {name: [list(r) for r in rows] for name, rows in HANDWORKED.items()}
    bad["interventions"][1][4] = "many"
    write_book(copies / "bad_cell.xlsx", bad)
    out = tmp_path / "out"
    code = main(["batch", str(copies), "-o", str(out), "--csv", str(out / "csv")])
    assert code == 1
    reports = sorted(p.name for p in (out / "reports").iterdir())
    assert reports == ["commune_0.xlsx", "commune_1.xlsx", "commune_2.xlsx", "commune_csv.xlsx"]
    problems = pd.read_csv(out / "csv" / "problems.csv")
    assert set(problems["input"]) == {"broken.xlsx", "bad_cell.xlsx"}
    cell = problems[problems["input"] == "bad_cell.xlsx"]
    assert cell[["sheet", "row", "column", "code"]].values.tolist() == [
        ["interventions", 2, "quantity", "not_a_number"]
    ]
    communes = pd.read_csv(out / "csv" / "communes.csv")
    assert len(communes) == N
    assert (out / "rollup.xlsx").exists()


def test_batch_csv_files(copies):
    frames = batch_csv_frames(batch.run([copies], progress=False).tables())
    assert set(frames) == {"summary", "communes", "districts", "provinces", "problems"}
    assert frames["summary"]["metric"].iloc[0] == "total_cost"


def test_reports_in_parallel(copies, tmp_path):
    run = batch.run([copies], progress=False)
    written = batch_reports.write_reports(run, tmp_path / "reports", jobs=2, progress=False)
    assert len(written) == N and all(p.exists() for p in written)
