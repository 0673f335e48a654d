"""Properties of the engine that hold for any commune (hypothesis generates the communes)."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from builders import data_from_book
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from money import assert_money

import grb
from grb.schemas.outputs import CSV_FILES, SHARE_METRICS

SECTORS = ["health", "education", "infrastructure"]
TOL = {"KHR": 0.5, "USD": 0.005}


@st.composite
def communes(draw):
    """A valid commune workbook with random issues, costs, budgets, currencies and links."""
    plan_currency = draw(st.sampled_from(["KHR", "USD"]))
    n_issues = draw(st.integers(1, 4))
    n_projects = draw(st.integers(1, 6))
    money = st.integers(0, 50_000_000) if plan_currency == "KHR" else st.integers(0, 12_000)
    projects = [
        [
            "project_id",
            "year",
            "sector",
            "project",
            "budget",
            "currency",
            "women_beneficiaries",
            "men_beneficiaries",
            "gender_marker",
        ]
    ]
    for p in range(n_projects):
        both = draw(st.booleans())
        projects.append(
            [
                f"P{p}",
                2026,
                draw(st.sampled_from(SECTORS)),
                f"project {p}",
                draw(money),
                draw(st.sampled_from([plan_currency, plan_currency, "KHR", "USD"])),
                draw(st.integers(0, 500)) if both else None,
                draw(st.integers(0, 500)) if both else None,
                draw(st.sampled_from([None, 0, 1, 2])),
            ]
        )
    issues = [["issue_id", "issue", "sector", "severity", "reach", "urgency"]]
    issues += [
        [
            f"G{i}",
            f"issue {i}",
            draw(st.sampled_from(SECTORS)),
            draw(st.integers(1, 5)),
            draw(st.integers(1, 5)),
            draw(st.integers(1, 5)),
        ]
        for i in range(n_issues)
    ]
    interventions = [
        ["intervention_id", "issue_id", "intervention", "type", "quantity", "unit_cost", "currency", "cip_projects"]
    ]
    for j in range(draw(st.integers(1, 8))):
        links = draw(st.lists(st.integers(0, n_projects - 1), max_size=3, unique=True))
        interventions.append(
            [
                f"I{j}",
                f"G{draw(st.integers(0, n_issues - 1))}",
                f"intervention {j}",
                "service",
                draw(st.integers(1, 20)),
                draw(money),
                draw(st.sampled_from(["KHR", "USD"])),
                ";".join(f"P{p}" for p in links) or None,
            ]
        )
    commune = [
        ["field", "value"],
        ["commune_name", "C"],
        ["first_year", 2026],
        ["last_year", 2028],
        ["currency", plan_currency],
        ["usd_rate", draw(st.sampled_from([4000, 4100, 3987.5]))],
        ["as_of", "2026-06-01"],
        ["women_population", 100],
        ["men_population", 90],
    ]
    return {"commune": commune, "gender_issues": issues, "interventions": interventions, "investment_plan": projects}


PROPS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: the profile


@PROPS
@given(communes())
def test_money_is_conserved(book):
    result = grb.analyze(data_from_book(book))
    iv = result.interventions
    currency = book["commune"][4][1]
    tol = TOL[currency]
    # SPEC §2.4: min(allocated, cost) + gap = cost, up to the half unit a gap may be forgiven
    covered = np.minimum(iv["allocated"], iv["cost"])
    assert ((covered + iv["gap"] - iv["cost"]).abs() <= tol + 1e-9 * iv["cost"]).all()
    # covered is min(allocated, cost) except where a shortfall of at most half a unit is forgiven
    forgiven = (iv["cost"] - iv["allocated"] > 0) & (iv["gap"] == 0)
    assert (iv.loc[forgiven, "covered"] == iv.loc[forgiven, "cost"]).all()
    assert ((iv["covered"] - covered).abs() <= tol).all()
    # every riel of every project budget is shared out among its interventions, none invented
    linked = result.investment_plan[result.investment_plan["gender_linked"]]
    assert_money(iv["allocated"].sum(), linked["budget"].sum(), currency)
    s = result.summary.set_index("metric")["value"]
    assert_money(s["total_covered"] + s["total_gap"], s["total_cost"], currency)
    assert_money(s["unprogrammed_cost"] + s["costing_gap"], s["total_gap"], currency)


@PROPS
@given(communes(), st.randoms(use_true_random=False))
def test_row_order_changes_no_figure(book, rnd: random.Random):
    shuffled = {
        name: [rows[0], *rnd.sample(rows[1:], len(rows) - 1)] if name != "commune" else rows
        for name, rows in book.items()
    }
    a, b = grb.analyze(data_from_book(book)), grb.analyze(data_from_book(shuffled))
    cols = ["cost", "allocated", "gap", "status"]
    left = a.interventions.set_index("intervention_id").sort_index()[cols]
    right = b.interventions.set_index("intervention_id").sort_index()[cols]
    pd.testing.assert_frame_equal(left, right, check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(
        a.summary.set_index("metric").astype(float),
        b.summary.set_index("metric").astype(float),
        check_exact=False,
        rtol=1e-9,
    )
    scores = a.gender_issues["score"]
    if scores.is_unique:  # ties are broken by sheet order, so only untied ranks must agree
        assert (
            a.gender_issues.set_index("issue_id")["rank"].sort_index()
            == b.gender_issues.set_index("issue_id")["rank"].sort_index()
        ).all()


@PROPS
@given(communes(), st.integers(2, 1000))
def test_scaling_every_amount_scales_every_amount(book, k):
    scaled = {name: [list(r) for r in rows] for name, rows in book.items()}
    for row in scaled["interventions"][1:]:
        row[5] *= k
    for row in scaled["investment_plan"][1:]:
        row[4] *= k
    a, b = grb.analyze(data_from_book(book)), grb.analyze(data_from_book(scaled))
    tol = TOL[book["commune"][4][1]]
    for col in ("cost", "allocated"):
        assert np.allclose(b.interventions[col], k * a.interventions[col], rtol=1e-9, atol=1e-6)
    # a gap within half a unit counts as none, so after scaling it may reappear: at most k half-units apart
    assert (np.abs(b.interventions["gap"] - k * a.interventions["gap"]) <= k * tol + 1e-6).all()
    sa, sb = a.summary.set_index("metric")["value"], b.summary.set_index("metric")["value"]
    assert float(sb["cip_budget"]) == pytest.approx(k * float(sa["cip_budget"]), rel=1e-9)
    for share in ("gender_linked_share", "marker_attributed_share", "women_beneficiary_share"):
        assert (pd.isna(sa[share]) and pd.isna(sb[share])) or float(sb[share]) == pytest.approx(float(sa[share]))


@PROPS
@given(communes())
def test_shares_lie_between_0_and_1_and_outputs_keep_their_contract(book):
    result = grb.analyze(data_from_book(book))
    s = result.summary.set_index("metric")["value"]
    for metric in SHARE_METRICS:
        assert pd.isna(s[metric]) or 0 <= float(s[metric]) <= 1, metric
    for stem, model in CSV_FILES.items():
        model.validate(getattr(result, stem).reset_index(drop=True))
