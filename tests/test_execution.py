"""SPEC §2.7, worked by hand: execution rates per project and per CIP, and the ``underspent`` boundary.

Plan currency KHR, usd_rate 4,000, as_of 2027-03-01 (so the 2026 projects' year has ended).
  P1 2026 linked   budget 1,000,000       spent 600,000          rate 0.6      short 400,000 -> underspent
  P2 2026 linked   budget 1,000,000       spent 999,999.5        rate          short 0.5 = tolerance -> no warning
  P3 2026 linked   budget 250 USD = 1,000,000  spent 249.99 USD = 999,960   short 40 -> underspent
  P4 2027 linked   budget 500,000         spent 0                rate 0        year not ended -> no warning
  P5 2026 unlinked budget 2,000,000       spent 100,000          rate 0.05     not gender-linked -> no warning
  P6 2026 linked   budget 0               spent empty            rate empty
  P7 2026 linked   budget 300,000         spent empty            rate empty (not in the sums)
"""

from __future__ import annotations

import pandas as pd
import pytest
from builders import minimal

import grb

TOL = 0.5  # riel (SPEC §2.4)


def book():
    b = minimal()
    b["commune"] += [["as_of", "2027-03-01"]]
    b["interventions"] = [
        ["intervention_id", "issue_id", "intervention", "type", "quantity", "unit_cost", "cip_projects"],
        ["I1", "G1", "Wells near houses", "infrastructure", 1, 10_000_000, "P1;P2;P3;P4;P6;P7"],
    ]
    b["investment_plan"] = [
        ["project_id", "year", "sector", "project", "budget", "currency", "spent"],
        ["P1", 2026, "water_sanitation", "Well A", 1_000_000, "KHR", 600_000],
        ["P2", 2026, "water_sanitation", "Well B", 1_000_000, "KHR", 999_999.5],
        ["P3", 2026, "water_sanitation", "Well C", 250, "USD", 249.99],
        ["P4", 2027, "water_sanitation", "Well D", 500_000, "KHR", 0],
        ["P5", 2026, "infrastructure", "Road", 2_000_000, "KHR", 100_000],
        ["P6", 2026, "water_sanitation", "Well E", 0, "KHR", None],
        ["P7", 2026, "water_sanitation", "Well F", 300_000, "KHR", None],
    ]
    return b


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    from builders import write_book

    return grb.analyze(grb.load(write_book(tmp_path_factory.mktemp("ex") / "ex.xlsx", book())))


def test_project_rates(result):
    plan = result.investment_plan.set_index("project_id")
    assert plan.loc["P3", "spent"] == pytest.approx(249.99 * 4000, abs=TOL)
    rate = plan["execution_rate"]
    assert rate["P1"] == 600_000 / 1_000_000
    assert rate["P2"] == 999_999.5 / 1_000_000
    assert rate["P3"] == pytest.approx(999_960 / 1_000_000, abs=1e-12)
    assert rate["P4"] == 0
    assert rate["P5"] == 100_000 / 2_000_000
    assert pd.isna(rate["P6"]) and pd.isna(rate["P7"])  # spent empty (P6 also has a budget of 0)


def test_commune_rates(result):
    s = result.summary.set_index("metric")["value"]
    spent = 600_000 + 999_999.5 + 999_960 + 0 + 100_000  # P1-P5 give spent
    budget = 1_000_000 + 1_000_000 + 1_000_000 + 500_000 + 2_000_000
    linked_spent = 600_000 + 999_999.5 + 999_960 + 0  # P5 is not gender-linked
    linked_budget = 1_000_000 + 1_000_000 + 1_000_000 + 500_000
    assert s["spent_total"] == pytest.approx(spent, abs=TOL)
    assert s["execution_rate"] == pytest.approx(spent / budget, abs=1e-9)
    assert s["gender_linked_execution_rate"] == pytest.approx(linked_spent / linked_budget, abs=1e-9)


def test_underspent_boundary(result):
    warned = result.checks[result.checks["code"] == "underspent"]
    # P1 (short 400,000) and P3 (short 40) only; P2 is short exactly the tolerance, P4's year has not ended.
    assert warned["row"].tolist() == [2, 4]
    assert set(warned["sheet"]) == {"investment_plan"}


def test_no_spent_gives_empty_figures(load_book):
    result = grb.analyze(load_book(minimal()))
    s = result.summary.set_index("metric")["value"]
    assert pd.isna(s["spent_total"]) and pd.isna(s["execution_rate"]) and pd.isna(s["gender_linked_execution_rate"])
    assert result.investment_plan["execution_rate"].isna().all()
    assert not (result.checks["code"] == "underspent").any()


def test_csv_columns(result, tmp_path):
    grb.write_csv(result, tmp_path)
    plan = pd.read_csv(tmp_path / "investment_plan.csv", encoding="utf-8-sig")
    assert list(plan.columns)[-2:] == ["spent", "execution_rate"]
    assert plan.set_index("project_id").loc["P1", "execution_rate"] == 0.6
    summary = pd.read_csv(tmp_path / "summary.csv", encoding="utf-8-sig").set_index("metric")["value"]
    assert float(summary["spent_total"]) == pytest.approx(2_699_959.5, abs=TOL)  # 600,000+999,999.5+999,960+100,000
