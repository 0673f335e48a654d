"""``grb batch CURRENT --previous PREVIOUS``: N copies of the hand-worked pair of cycles (tests/follow_up_cycles.py)
roll up to N times the money won; an input without a previous partner is analysed as usual and listed."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import write_book
from follow_up_cycles import current, previous

from grb.cli import main

WON = 4_000_000 + 400_000  # per pair, in riel: A1 won whole, A3 won 1,000,000 - 600,000
PREVIOUS_GAP = (1000 + 300 + 250 + 100 + 50 + 25) * 4000  # per pair: last cycle's six gaps in dollars, at 4,000
N_CODED = 3


def with_code(book: dict, code: str | None) -> dict:
    rows = [r for r in book["commune"] if r[0] != "commune_code"]
    book["commune"] = rows + ([["commune_code", code]] if code else [])
    return book


@pytest.fixture
def folders(tmp_path):
    prev, cur = tmp_path / "previous", tmp_path / "current"
    prev.mkdir(), cur.mkdir()
    for i in range(1, N_CODED + 1):  # different file names: paired by commune_code
        write_book(prev / f"last_{i}.xlsx", with_code(previous(), f"21010{i}"))
        write_book(cur / f"this_{i}.xlsx", with_code(current(), f"21010{i}"))
    write_book(prev / "no_code.xlsx", with_code(previous(), None))  # no code: paired by file name
    write_book(cur / "no_code.xlsx", with_code(current(), None))
    write_book(cur / "alone.xlsx", with_code(current(), "219999"))  # no partner
    return prev, cur


@pytest.mark.parametrize("as_reports", [False, True], ids=["workbooks", "reports"])
def test_batch_follow_up_rolls_up(folders, tmp_path, as_reports, capsys):
    prev, cur = folders
    if as_reports:  # last cycle's batch reports (each carries its commune code; file names pair the rest)
        assert main(["batch", str(prev), "-o", str(tmp_path / "last")]) == 0
        prev = tmp_path / "last" / "reports"
    out, csv = tmp_path / "out", tmp_path / "csv"
    assert main(["batch", str(cur), "-o", str(out), "--csv", str(csv), "--previous", str(prev)]) == 0
    n_pairs = N_CODED + 1
    country = pd.read_csv(csv / "follow_up_summary.csv", encoding="utf-8-sig").iloc[0]
    assert country["n_communes"] == n_pairs
    assert country["won_total"] == pytest.approx(n_pairs * WON, abs=0.5 * n_pairs)
    assert country["previous_gap_total"] == pytest.approx(n_pairs * PREVIOUS_GAP, abs=0.5 * n_pairs)
    assert country["n_won"] == n_pairs and country["n_new"] == 2 * n_pairs
    communes = pd.read_csv(csv / "follow_up_communes.csv", encoding="utf-8-sig", dtype=str).set_index("input")
    assert communes["paired_by"].to_dict() == {
        "this_1.xlsx": "commune_code",
        "this_2.xlsx": "commune_code",
        "this_3.xlsx": "commune_code",
        "no_code.xlsx": "file name",
    }
    unpaired = pd.read_csv(csv / "follow_up_unpaired.csv", encoding="utf-8-sig")
    assert unpaired["input"].tolist() == ["alone.xlsx"]
    assert sorted(p.name for p in (out / "follow-up").iterdir()) == sorted(communes.index)
    assert (out / "reports" / "alone.xlsx").exists()  # analysed as usual
    assert "alone.xlsx" in capsys.readouterr().out


def test_provinces_roll_up_in_riel(folders, tmp_path):
    prev, cur = folders
    csv = tmp_path / "csv"
    assert main(["batch", str(cur), "-o", str(tmp_path / "o"), "--csv", str(csv), "--previous", str(prev)]) == 0
    provinces = pd.read_csv(csv / "follow_up_provinces.csv", encoding="utf-8-sig")
    assert provinces["won_total"].sum() == pytest.approx((N_CODED + 1) * WON, abs=2)
    assert provinces["won_share"].iloc[0] == pytest.approx(WON / PREVIOUS_GAP, abs=1e-6)  # CSV keeps 6 decimals


def test_the_rollup_workbook_shows_the_follow_up_by_province_and_district(folders, tmp_path):
    import openpyxl

    from grb.i18n import gettext

    prev, cur = folders
    out = tmp_path / "o"
    assert main(["batch", str(cur), "-o", str(out), "--previous", str(prev)]) == 0
    book = openpyxl.load_workbook(out / "rollup.xlsx")
    for sheet in ("Follow-up provinces", "Follow-up districts"):
        rows = list(book[sheet].iter_rows(values_only=True))
        head = list(rows[0])
        won = head.index(gettext("Money won", "en"))
        # every pair is in the same (hand-worked) province: (N_CODED + 1) pairs, each won WON riel
        assert sum(r[won] for r in rows[1:]) == (N_CODED + 1) * WON
        assert head.index(gettext("Communes", "en")) >= 0
