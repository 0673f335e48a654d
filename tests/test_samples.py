"""The shipped sample budgets validate and analyse."""

from pathlib import Path

import pytest

import grb

SAMPLES = Path(__file__).parents[1] / "sample_budgets"


@pytest.mark.parametrize("name", ["workshop_commune.xlsx", "workshop_commune_csv", "district_town_usd.xlsx"])
def test_samples_validate_and_analyse(name):
    data = grb.load(SAMPLES / name)
    result = grb.analyze(data)
    assert len(result.interventions) >= 10
    assert (result.interventions["gap"] >= 0).all()


def test_workshop_xlsx_and_csv_folder_agree():
    a = grb.analyze(grb.load(SAMPLES / "workshop_commune.xlsx")).summary
    b = grb.analyze(grb.load(SAMPLES / "workshop_commune_csv")).summary
    assert a.equals(b)


def test_larger_sample_mixes_currencies():
    data = grb.load(SAMPLES / "district_town_usd.xlsx")
    assert data.communes["currency"].iloc[0] == "USD"
    assert set(data.interventions["currency"]) == {"KHR", "USD"}
    assert set(data.investment_plan["currency"]) == {"KHR", "USD"}
