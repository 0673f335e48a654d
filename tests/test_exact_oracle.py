"""An independent, exact implementation of SPEC §2.1-2.5, checked against grb on random communes.

The oracle below is written from the SPEC alone, in plain Python with ``fractions.Fraction``: every amount is
the decimal the user typed (``Fraction(repr(x))``), so the half-unit boundary of §2.4 is decided without any
floating-point error. It reads the same workbook rows grb reads and shares no code with grb.

The communes are drawn to hit the boundaries: budgets placed within a cent or a riel of what their interventions
cost (exactly half a unit over and under included), decimal priority weights that tie (0.5/0.3/0.2), USD
amounts in riel plans and riel amounts in dollar plans, projects shared by several interventions.

grb must agree exactly on every status, rank and count, and to the half unit on every amount (grb holds money
as floats). More examples: ``HYPOTHESIS_PROFILE=fuzz``.
"""

from __future__ import annotations

from fractions import Fraction as F

import pandas as pd
from builders import data_from_book
from hypothesis import example, given
from hypothesis import strategies as st
from money import assert_money

import grb

HALF_UNIT = {"KHR": F(1, 2), "USD": F(1, 200)}  # SPEC §2.4
SECTORS = ["health", "education"]


def typed(value: object) -> F:
    """The decimal as typed (a float from a workbook reads back through its shortest repr)."""
    return F(repr(value)) if isinstance(value, float) else F(value)


# --- The oracle -------------------------------------------------------------------------------------------------


def oracle(book: dict) -> dict:
    """SPEC §2.1-2.5 for one commune workbook (no ``priority`` column), exactly."""
    fields = {row[0]: row[1] for row in book["commune"][1:]}
    plan_currency, rate = fields["currency"], typed(fields["usd_rate"])
    weights = [typed(fields.get(f"weight_{s}", 1)) for s in ("severity", "reach", "urgency")]
    marker_weight = {0: F(0), 1: typed(fields.get("marker_weight_1", 0.4)), 2: typed(fields.get("marker_weight_2", 1))}

    def convert(amount: F, currency: str) -> F:  # SPEC §1.7 / §2.2
        if currency == plan_currency:
            return amount
        return amount * rate if currency == "USD" else amount / rate

    issues = [dict(zip(book["gender_issues"][0], r, strict=True)) for r in book["gender_issues"][1:]]
    interventions = [dict(zip(book["interventions"][0], r, strict=True)) for r in book["interventions"][1:]]
    projects = [dict(zip(book["investment_plan"][0], r, strict=True)) for r in book["investment_plan"][1:]]

    # §2.1: score, rank (ties keep sheet order: Python's sort is stable)
    score = {
        i["issue_id"]: sum(w * i[s] for w, s in zip(weights, ("severity", "reach", "urgency"), strict=True))
        for i in issues
    }
    order = sorted(issues, key=lambda i: -score[i["issue_id"]])
    rank = {i["issue_id"]: n for n, i in enumerate(order, start=1)}

    # §2.2: costs and budgets in the plan currency
    cost = {
        v["intervention_id"]: convert(typed(v["quantity"]) * typed(v["unit_cost"]), v["currency"])
        for v in interventions
    }
    budget = {p["project_id"]: convert(typed(p["budget"]), p["currency"]) for p in projects}

    # §2.3: shares in proportion to cost, equal when all costs are 0
    links = {
        v["intervention_id"]: {x.strip() for x in (v["cip_projects"] or "").split(";") if x.strip()}
        for v in interventions
    }
    allocated = dict.fromkeys(cost, F(0))
    for p in budget:
        linked = [i for i in cost if p in links[i]]
        total = sum((cost[i] for i in linked), F(0))
        for i in linked:
            allocated[i] += budget[p] * cost[i] / total if total else budget[p] / len(linked)

    # §2.4: gaps and statuses
    tol = HALF_UNIT[plan_currency]
    out = {}
    for i in cost:
        gap = max(cost[i] - allocated[i], F(0))
        gap = F(0) if gap <= tol else gap
        surplus = allocated[i] - cost[i]
        status = "unprogrammed" if allocated[i] == 0 else ("under_budgeted" if gap > 0 else "programmed")
        out[i] = {
            "cost": cost[i],
            "allocated": allocated[i],
            "gap": gap,
            "covered": cost[i] - gap,
            "surplus": surplus if surplus > tol else None,
            "status": status,
        }

    # §2.5: issue roll-ups
    by_issue = {}
    for v in interventions:
        by_issue.setdefault(v["issue_id"], []).append(out[v["intervention_id"]])
    issue_out = {}
    for i in issues:
        rows = by_issue.get(i["issue_id"], [])
        c, cov, g = (sum((r[k] for r in rows), F(0)) for k in ("cost", "covered", "gap"))
        status = "no_intervention" if not rows else "unfunded" if cov == 0 else "partly_funded" if g > 0 else "funded"
        issue_out[i["issue_id"]] = {
            "n_interventions": len(rows),
            "cost": c,
            "covered": cov,
            "gap": g,
            "coverage": cov / c if c else None,
            "status": status,
            "score": score[i["issue_id"]],
            "rank": rank[i["issue_id"]],
        }

    # §2.5: the summary
    linked_projects = {p for ps in links.values() for p in ps}
    with_marker = [p for p in projects if p["gender_marker"] is not None]
    total = {
        "total_cost": sum((r["cost"] for r in out.values()), F(0)),
        "total_covered": sum((r["covered"] for r in out.values()), F(0)),
        "total_gap": sum((r["gap"] for r in out.values()), F(0)),
        "unprogrammed_cost": sum((r["gap"] for r in out.values() if r["status"] == "unprogrammed"), F(0)),
        "costing_gap": sum((r["gap"] for r in out.values() if r["status"] == "under_budgeted"), F(0)),
        "cip_budget": sum(budget.values(), F(0)),
        "gender_linked_budget": sum((b for p, b in budget.items() if p in linked_projects), F(0)),
        "marker_attributed_budget": sum(
            (budget[p["project_id"]] * marker_weight[p["gender_marker"]] for p in with_marker), F(0)
        ),
    }
    counts = {
        f"n_{s}": sum(r["status"] == s for r in out.values()) for s in ("programmed", "under_budgeted", "unprogrammed")
    }
    return {
        "interventions": out,
        "issues": issue_out,
        "summary": total,
        "counts": counts | {"n_interventions": len(out)},
        "currency": plan_currency,
    }


# --- Random communes that hit the boundaries ----------------------------------------------------------------------

DELTAS = {
    "KHR": [-1, F(-1, 2), F(-1, 10), 0, F(1, 10), F(1, 2), 1],
    "USD": [F(-1, 100), F(-1, 200), 0, F(1, 200), F(1, 100)],
}


@st.composite
def communes(draw) -> dict:
    plan_currency = draw(st.sampled_from(["KHR", "USD"]))
    rate = draw(st.sampled_from([4000, 4100, 3987.5, 4012.3]))
    n_issues, n_projects = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    weights = [draw(st.sampled_from([0, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2])) for _ in range(3)]
    issues = [["issue_id", "issue", "sector", "severity", "reach", "urgency"]]
    issues += [[f"G{i}", f"issue {i}", "health", *(draw(st.integers(1, 5)) for _ in range(3))] for i in range(n_issues)]
    header = [
        "intervention_id",
        "issue_id",
        "intervention",
        "type",
        "quantity",
        "unit_cost",
        "currency",
        "cip_projects",
    ]
    interventions = [header]
    for j in range(draw(st.integers(1, 6))):
        currency = draw(st.sampled_from([plan_currency, plan_currency, "KHR", "USD"]))
        cents = draw(st.integers(0, 500_000))
        unit_cost = cents / 100 if currency == "USD" else draw(st.sampled_from([cents * 10, cents + 0.1, cents]))
        links = draw(st.lists(st.integers(0, n_projects - 1), max_size=2, unique=True))
        interventions.append(
            [
                f"I{j}",
                f"G{draw(st.integers(0, n_issues - 1))}",
                f"intervention {j}",
                "service",
                draw(st.sampled_from([1, 2, 3, 0.5, 2.5])),
                unit_cost,
                currency,
                ";".join(f"P{p}" for p in links) or None,
            ]
        )
    book = {
        "commune": [
            ["field", "value"],
            ["commune_name", "C"],
            ["first_year", 2026],
            ["last_year", 2028],
            ["currency", plan_currency],
            ["usd_rate", rate],
            ["as_of", "2026-06-01"],
            ["weight_severity", weights[0]],
            ["weight_reach", weights[1]],
            ["weight_urgency", weights[2]],
        ],
        "gender_issues": issues,
        "interventions": interventions,
    }
    book["investment_plan"] = _projects(draw, book, n_projects, plan_currency, rate)
    return book


def _projects(draw, book: dict, n_projects: int, plan_currency: str, rate: float) -> list:
    """Budgets either random or placed a whole, half or tenth unit around their interventions' cost."""
    header = [
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
    rows = [header]
    for p in range(n_projects):
        currency = draw(st.sampled_from([plan_currency, plan_currency, "KHR", "USD"]))
        linked = [r for r in book["interventions"][1:] if r[7] and f"P{p}" in r[7].split(";")]
        cost = sum((typed(r[4]) * typed(r[5]) * _to(r[6], currency, rate) for r in linked), F(0))
        if linked and draw(st.booleans()):
            amount = max(round(cost, 2 if currency == "USD" else 1) + draw(st.sampled_from(DELTAS[currency])), 0)
        else:
            amount = F(draw(st.integers(0, 5_000_000)), 100 if currency == "USD" else 1)
        both = draw(st.booleans())
        rows.append(
            [
                f"P{p}",
                2026,
                "health",
                f"project {p}",
                float(amount),
                currency,
                draw(st.integers(0, 50)) if both else None,
                draw(st.integers(1, 50)) if both else None,
                draw(st.sampled_from([None, 0, 1, 2])),
            ]
        )
    return rows


def _to(entered: str, wanted: str, rate: float) -> F:
    """Factor from ``entered`` to ``wanted`` currency (only to place budgets near a cost)."""
    if entered == wanted:
        return F(1)
    return typed(rate) if entered == "USD" else 1 / typed(rate)


# --- The comparison -----------------------------------------------------------------------------------------------

ISSUE_DEFECTS = {  # the boundary cases of issue 10, kept as explicit examples
    "usd": (1, 4484.435, "USD", 4484.43, "USD"),
    "usd_shares": (3, 0.335, "USD", 1.00, "USD"),
    "khr": (3, 100000.1, "KHR", 299999.8, "KHR"),
}


def _single(quantity, unit_cost, currency, budget, plan_currency) -> dict:
    return {
        "commune": [
            ["field", "value"],
            ["commune_name", "C"],
            ["first_year", 2026],
            ["last_year", 2028],
            ["currency", plan_currency],
            ["usd_rate", 4100],
            ["as_of", "2026-06-01"],
        ],
        "gender_issues": [
            ["issue_id", "issue", "sector", "severity", "reach", "urgency"],
            ["G0", "issue", "health", 1, 1, 1],
        ],
        "interventions": [
            [
                "intervention_id",
                "issue_id",
                "intervention",
                "type",
                "quantity",
                "unit_cost",
                "currency",
                "cip_projects",
            ],
            ["I0", "G0", "intervention", "service", quantity, unit_cost, currency, "P0"],
        ],
        "investment_plan": [
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
            ],
            ["P0", 2026, "health", "project", budget, plan_currency, None, None, None],
        ],
    }


@given(communes())
@example(_single(*ISSUE_DEFECTS["usd"]))
@example(_single(*ISSUE_DEFECTS["usd_shares"]))
@example(_single(*ISSUE_DEFECTS["khr"]))
def test_grb_agrees_with_the_exact_oracle(book):
    expected = oracle(book)
    currency = expected["currency"]
    result = grb.analyze(data_from_book(book))

    iv = result.interventions.set_index("intervention_id")
    for i, want in expected["interventions"].items():
        assert iv.loc[i, "status"] == want["status"], (i, want)
        for column in ("cost", "allocated", "gap", "covered"):
            assert_money(iv.loc[i, column], want[column], currency)
        assert (want["surplus"] is None) == pd.isna(iv.loc[i, "surplus"]), (i, want)
        assert (want["gap"] == 0) == (iv.loc[i, "gap"] == 0), (i, want)

    issues = result.gender_issues.set_index("issue_id")
    for g, want in expected["issues"].items():
        assert issues.loc[g, "rank"] == want["rank"], (g, want)
        assert issues.loc[g, "status"] == want["status"], (g, want)
        assert issues.loc[g, "n_interventions"] == want["n_interventions"]
        assert abs(issues.loc[g, "score"] - want["score"]) < 1e-9
        for column in ("cost", "covered", "gap"):
            assert_money(issues.loc[g, column], want[column], currency)
        assert (want["coverage"] is None) == pd.isna(issues.loc[g, "coverage"])
        if want["coverage"] is not None:
            assert abs(issues.loc[g, "coverage"] - want["coverage"]) < 1e-9

    summary = result.summary.set_index("metric")["value"]
    for metric, amount in expected["summary"].items():
        assert_money(summary[metric], amount, currency)
    for metric, n in expected["counts"].items():
        assert summary[metric] == n, metric


def test_the_oracle_decides_the_issue_boundaries_as_the_spec_says():
    # 1 x 4484.435 - 4484.43 = 0.005 exactly: at most half a cent, no gap
    assert oracle(_single(*ISSUE_DEFECTS["usd"]))["interventions"]["I0"]["gap"] == 0
    # 3 x 0.335 - 1.00 = 0.005: no gap; 3 x 100000.1 - 299999.8 = 0.5 riel: no gap
    assert oracle(_single(*ISSUE_DEFECTS["usd_shares"]))["interventions"]["I0"]["status"] == "programmed"
    assert oracle(_single(*ISSUE_DEFECTS["khr"]))["interventions"]["I0"]["status"] == "programmed"
    # a tenth of a riel more is a gap: 3 x 100000.1 - 299999.7 = 0.6
    over = oracle(_single(3, 100000.1, "KHR", 299999.7, "KHR"))["interventions"]["I0"]
    assert over["gap"] == F(6, 10) and over["status"] == "under_budgeted"
