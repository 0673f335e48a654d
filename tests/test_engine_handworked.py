"""Every figure of a small commune, worked out by hand (usd_rate 4,000 riel; weight_severity 2).

Costs (plan currency KHR):
  I1 = 2 x 1,000,000           = 2,000,000      I2 = 10 x 50 USD x 4,000 = 2,000,000
  I3 = 1 x 1,000 USD x 4,000   = 4,000,000      I4 = 4 x 250,000         = 1,000,000
  I5 = 3 x 100,000             =   300,000      I6 = 1 x 600,000         =   600,000
Budgets: P1 3,000,000; P2 1,250 USD x 4,000 = 5,000,000; P3 0; P4 599,999.6; P5 10,000,000.
P1 is shared by I1 and I2 in proportion to their costs (2M : 2M) -> 1,500,000 each.
"""

from __future__ import annotations

import pandas as pd
import pytest
from handworked import HANDWORKED
from money import assert_money

import grb
from grb.schemas.outputs import CSV_FILES

SHARE_TOL = 1e-9  # shares are fractions, not money: far below any difference a person could read


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    from builders import write_book

    path = write_book(tmp_path_factory.mktemp("hw") / "handworked.xlsx", HANDWORKED)
    return grb.analyze(grb.load(path))


def by_id(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    return frame.set_index(key)


def test_priority_scores_and_ranks(result):
    issues = by_id(result.gender_issues, "issue_id")
    assert issues["score"].to_dict() == {
        "G1": 2 * 5 + 4 + 3,
        "G3": 2 * 4 + 4 + 4,
        "G2": 2 * 2 + 2 + 2,
        "G4": 2 * 3 + 1 + 1,
        "G5": 2 * 1 + 1 + 1,
    }
    # G2 and G4 tie at 8: sheet order puts G2 first.
    assert issues["rank"].to_dict() == {"G1": 1, "G3": 2, "G2": 3, "G4": 4, "G5": 5}
    assert result.gender_issues["issue_id"].tolist() == ["G1", "G3", "G2", "G4", "G5"]  # rank order


def test_costs_allocations_gaps_and_statuses(result):
    iv = by_id(result.interventions, "intervention_id")
    assert_money(
        iv["cost"].to_dict(),
        {
            "I1": 2 * 1_000_000,
            "I2": 10 * 50 * 4000,
            "I3": 1 * 1000 * 4000,
            "I4": 4 * 250_000,
            "I5": 3 * 100_000,
            "I6": 600_000,
        },
        "KHR",
    )
    assert_money(
        iv["allocated"].to_dict(),
        {
            "I1": 3_000_000 * 2_000_000 / 4_000_000,  # P1's share for I1
            "I2": 3_000_000 * 2_000_000 / 4_000_000,
            "I3": 1250 * 4000,  # P2 alone, in riel
            "I4": 0,
            "I5": 0,  # I5's project P3 has no budget
            "I6": 599_999.6,
        },
        "KHR",
    )
    assert_money(
        iv["gap"].to_dict(),
        {"I1": 2_000_000 - 1_500_000, "I2": 2_000_000 - 1_500_000, "I3": 0, "I4": 1_000_000, "I5": 300_000, "I6": 0},
        "KHR",
    )  # I6 is short by 0.4 riel, within half a riel: no gap
    assert iv["status"].to_dict() == {
        "I1": "under_budgeted",
        "I2": "under_budgeted",
        "I3": "programmed",
        "I4": "unprogrammed",
        "I5": "unprogrammed",
        "I6": "programmed",
    }
    assert_money(iv["surplus"].dropna().to_dict(), {"I3": 5_000_000 - 4_000_000}, "KHR")
    assert iv["rank"].to_dict() == {"I1": 1, "I2": 1, "I3": 2, "I4": 2, "I5": 3, "I6": 4}


def test_issue_rollup(result):
    issues = by_id(result.gender_issues, "issue_id")
    assert_money(
        issues["cost"].to_dict(), {"G1": 4_000_000, "G3": 5_000_000, "G2": 300_000, "G4": 600_000, "G5": 0}, "KHR"
    )
    assert_money(
        issues["covered"].to_dict(), {"G1": 1_500_000 * 2, "G3": 4_000_000, "G2": 0, "G4": 600_000, "G5": 0}, "KHR"
    )
    assert_money(issues["gap"].to_dict(), {"G1": 500_000 * 2, "G3": 1_000_000, "G2": 300_000, "G4": 0, "G5": 0}, "KHR")
    assert issues["coverage"].drop("G5").to_dict() == pytest.approx(
        {"G1": 3 / 4, "G3": 4 / 5, "G2": 0, "G4": 1}, rel=0, abs=SHARE_TOL
    )
    assert pd.isna(issues.loc["G5", "coverage"])  # no cost, no coverage
    assert issues["status"].to_dict() == {
        "G1": "partly_funded",
        "G3": "partly_funded",
        "G2": "unfunded",
        "G4": "funded",
        "G5": "no_intervention",
    }


def test_covered_is_the_cost_when_the_shortfall_is_within_half_a_riel(result):
    # I6 costs 600,000 and P4 gives it 599,999.6: short by 0.4 riel, which counts as no gap, so it is fully
    # covered (covered = cost - gap = 600,000 - 0), not min(allocated, cost) = 599,999.6.
    iv = by_id(result.interventions, "intervention_id")
    assert iv.loc["I6", "gap"] == 0
    assert iv.loc["I6", "covered"] == 600_000
    issues = by_id(result.gender_issues, "issue_id")
    assert issues.loc["G4", "covered"] == 600_000 and issues.loc["G4", "status"] == "funded"


def test_summary(result):
    s = result.summary.set_index("metric")["value"]
    cip = 3_000_000 + 5_000_000 + 0 + 599_999.6 + 10_000_000
    expected = {
        "total_cost": 9_900_000,  # 2M + 2M + 4M + 1M + 0.3M + 0.6M
        "total_covered": 7_600_000,  # 1.5M + 1.5M + 4M + 0 + 0 + 0.6M
        "total_gap": 2_300_000,  # 0.5M + 0.5M + 1M + 0.3M
        "unprogrammed_cost": 1_000_000 + 300_000,
        "costing_gap": 500_000 + 500_000,
        "n_interventions": 6,
        "n_programmed": 2,
        "n_under_budgeted": 2,
        "n_unprogrammed": 2,
        "cip_budget": cip,
        "gender_linked_budget": 3_000_000 + 5_000_000 + 0 + 599_999.6,  # P1-P4 carry an intervention
        "gender_linked_share": 8_599_999.6 / cip,
        "marker_attributed_budget": 3_000_000 * 1.0 + 5_000_000 * 0.4 + 599_999.6 * 0 + 10_000_000 * 0.4,
        "marker_attributed_share": 9_000_000 / cip,
        "women_beneficiary_share": (60 + 30 + 10) / (60 + 40 + 30 + 70 + 10 + 10),  # P1, P2, P4 give both
        "beneficiary_data_coverage": 3 / 5,
        "women_population_share": 510 / (510 + 490),
        "early_action_share": 2 / 3,  # actions at S1 (planning), S3 (formulation), S4 (approval)
    }
    shares = [k for k in expected if k.endswith(("_share", "_coverage"))]
    counts = [k for k in expected if k.startswith("n_")]
    assert {k: s[k] for k in counts} == {k: expected[k] for k in counts}
    assert {k: float(s[k]) for k in shares} == pytest.approx({k: expected[k] for k in shares}, rel=0, abs=SHARE_TOL)
    assert_money(
        {k: s[k] for k in expected if k not in shares + counts},
        {k: v for k, v in expected.items() if k not in shares + counts},
        "KHR",
    )


def test_entry_points(result):
    gaps = by_id(result.gaps, "intervention_id")
    # as_of 2026-09-15. Unprogrammed -> planning: S1 (May-Jul, next window 2027) and S2 (Sep-Oct, open now)
    # but S2 is a closed space (no space given), so S1 wins. Under-budgeted -> formulation: S3 (Oct-Nov 2026).
    assert gaps["entry_stage_id"].to_dict() == {"I1": "S3", "I2": "S3", "I4": "S1", "I5": "S1"}
    assert gaps.loc["I4", "window_start"] == pd.Timestamp("2027-05-01")
    assert gaps.loc["I4", "window_end"] == pd.Timestamp("2027-07-31")
    assert gaps.loc["I1", "window_start"] == pd.Timestamp("2026-10-01")
    assert gaps.loc["I1", "window_end"] == pd.Timestamp("2026-11-30")
    assert result.gaps["intervention_id"].tolist() == ["I1", "I2", "I4", "I5"]  # priority order
    action = gaps.loc["I4", "advocacy_action"]
    for part in (
        "Solar lights on the market road",
        "1,000,000 KHR",
        "Village meetings",
        "1 May 2027",
        "31 Jul 2027",
        "Village chiefs",
    ):
        assert part in action


def test_intervention_map(result):
    stages = by_id(result.intervention_map, "stage_id")
    assert stages["n_gaps"].to_dict() == {"S1": 2, "S2": 0, "S3": 2, "S4": 0}
    assert_money(
        stages["gap_amount"].to_dict(), {"S1": 1_000_000 + 300_000, "S2": 0, "S3": 500_000 + 500_000, "S4": 0}, "KHR"
    )
    assert stages["has_space"].to_dict() == {"S1": True, "S2": False, "S3": True, "S4": True}
    assert stages["has_action"].to_dict() == {"S1": True, "S2": False, "S3": True, "S4": True}


def test_investment_plan_output(result):
    plan = by_id(result.investment_plan, "project_id")
    assert plan["linked_interventions"].fillna("").to_dict() == {
        "P1": "I1;I2",
        "P2": "I3",
        "P3": "I5",
        "P4": "I6",
        "P5": "",
    }
    assert plan["gender_linked"].to_dict() == {"P1": True, "P2": True, "P3": True, "P4": True, "P5": False}
    assert_money(
        plan["attributed"].dropna().to_dict(),
        {"P1": 3_000_000 * 1.0, "P2": 5_000_000 * 0.4, "P4": 0.0, "P5": 10_000_000 * 0.4},
        "KHR",
    )
    assert plan["women_share"].dropna().to_dict() == pytest.approx(
        {"P1": 60 / 100, "P2": 30 / 100, "P4": 10 / 20}, rel=0, abs=SHARE_TOL
    )


def test_checks(result):
    found = set(zip(result.checks["code"], result.checks["sheet"], result.checks["row"], strict=True))
    assert found == {
        ("issue_without_intervention", "gender_issues", 6),  # G5
        ("missing_beneficiaries", "investment_plan", 4),  # P3
        ("missing_beneficiaries", "investment_plan", 6),  # P5 gives women only
        ("surplus", "interventions", 4),  # I3: 1,000,000 over its cost
        ("suggested_link", "interventions", 5),  # I4 ~ P5 "Solar street lights on the market road"
    }
    link = result.checks[result.checks["code"] == "suggested_link"]["message"].iloc[0]
    assert "P5" in link


def test_outputs_satisfy_their_contract(result):
    for stem, model in CSV_FILES.items():
        model.validate(getattr(result, stem).reset_index(drop=True))


def test_cli_csv_files_carry_the_same_figures(tmp_path):
    from builders import write_book

    from grb.cli import main

    path = write_book(tmp_path / "handworked.xlsx", HANDWORKED)
    assert main(["analyze", str(path), "-o", str(tmp_path / "report.xlsx"), "--csv", str(tmp_path / "csv")]) == 0
    summary = pd.read_csv(tmp_path / "csv" / "summary.csv").set_index("metric")["value"]
    assert_money(summary["total_gap"], 500_000 + 500_000 + 1_000_000 + 300_000, "KHR")
    assert_money(summary["unprogrammed_cost"], 1_000_000 + 300_000, "KHR")
    assert summary["gender_linked_share"] == pytest.approx(
        8_599_999.6 / 18_599_999.6, rel=0, abs=0.5e-6
    )  # CSV numbers have 6 decimals
    iv = pd.read_csv(tmp_path / "csv" / "interventions.csv").set_index("intervention_id")
    assert list(iv.reset_index().columns) == [
        "intervention_id",
        "issue_id",
        "rank",
        "cost",
        "allocated",
        "gap",
        "surplus",
        "status",
        "cip_projects",
    ]
    assert_money(iv.loc["I2", "cost"], 10 * 50 * 4000, "KHR")
    assert_money(iv.loc["I1", "allocated"], 1_500_000, "KHR")
    gaps = pd.read_csv(tmp_path / "csv" / "gaps.csv").set_index("intervention_id")
    assert gaps.loc["I4", "window_start"] == "2027-05-01"
    plan = pd.read_csv(tmp_path / "csv" / "investment_plan.csv").set_index("project_id")
    assert plan.loc["P1", "gender_linked"] and not plan.loc["P5", "gender_linked"]
    issues = pd.read_csv(tmp_path / "csv" / "gender_issues.csv")
    assert issues["issue_id"].tolist() == ["G1", "G3", "G2", "G4", "G5"]
    checks = pd.read_csv(tmp_path / "csv" / "checks.csv")
    assert list(checks.columns) == ["code", "sheet", "row", "message"]
