"""Rules that look across sheets (SPEC §1): references, plan period, currencies, priorities, sectors.

Each rule works on the stacked sheets of every input at once; ``commune_key`` keeps communes apart.
"""

from __future__ import annotations

import pandas as pd

from grb.keys import ROW
from grb.problems import Problem
from grb.schemas.data import COMMUNE_KEY
from grb.schemas.models import Commune as C
from grb.schemas.models import GenderIssues as GI
from grb.schemas.models import Interventions as IV
from grb.schemas.models import InvestmentPlan as IP

SCORES = [GI.severity, GI.reach, GI.urgency]
FieldRows = dict[int, dict[str, int]]


def _cells(frame: pd.DataFrame, mask: pd.Series, sheet: str, column: str, code: str, text: str) -> list[Problem]:
    """One problem per row of ``frame`` where ``mask`` holds."""
    hit = frame[mask.fillna(False).astype(bool)]
    return [
        Problem(sheet, int(r), column, v, text, code, int(k))
        for k, r, v in zip(hit[COMMUNE_KEY], hit[ROW], hit[column], strict=True)
    ]


def _commune_problem(key: int, rows: FieldRows, field: str, value: object, text: str, code: str) -> Problem:
    return Problem("commune", rows.get(key, {}).get(field), field, value, text, code, key)


def check_period(communes: pd.DataFrame, rows: FieldRows) -> list[Problem]:
    bad = communes[communes[C.last_year] < communes[C.first_year]]
    return [
        _commune_problem(
            int(k),
            rows,
            C.last_year,
            last,
            f"last_year ({last}) must be on or after first_year ({first})",
            "period_order",
        )
        for k, first, last in zip(bad[COMMUNE_KEY], bad[C.first_year], bad[C.last_year], strict=True)
    ]


def check_years(frame: pd.DataFrame, sheet: str, communes: pd.DataFrame) -> list[Problem]:
    p = frame[[COMMUNE_KEY, ROW, "year"]].merge(communes[[COMMUNE_KEY, C.first_year, C.last_year]], how="left")
    year = p["year"].astype("float64")
    hit = p[p["year"].notna() & ((year < p[C.first_year]) | (year > p[C.last_year])).fillna(False).astype(bool)]
    return [
        Problem(sheet, int(r), "year", y, f"year must be within the plan period {f}-{la}", "outside_period", int(k))
        for k, r, y, f, la in hit[[COMMUNE_KEY, ROW, "year", C.first_year, C.last_year]].itertuples(index=False)
    ]


def check_issue_references(issues: pd.DataFrame, interventions: pd.DataFrame) -> list[Problem]:
    known = interventions[[COMMUNE_KEY, IV.issue_id]].merge(
        issues[[COMMUNE_KEY, GI.issue_id]].drop_duplicates().assign(_known=True), how="left"
    )
    unknown = interventions[IV.issue_id].notna() & known["_known"].isna().to_numpy()
    return _cells(
        interventions,
        unknown,
        "interventions",
        IV.issue_id,
        "unknown_reference",
        "issue_id must be one of the issue_id values of the gender_issues sheet",
    )


def links_of(interventions: pd.DataFrame) -> pd.DataFrame:
    """One row per (intervention, project id) named in ``cip_projects``, duplicates dropped."""
    split = interventions[[COMMUNE_KEY, ROW, IV.intervention_id, IV.cip_projects]].dropna(subset=[IV.cip_projects])
    split = split.assign(project_id=split[IV.cip_projects].str.split(";")).explode("project_id")
    return split.drop(columns=IV.cip_projects).drop_duplicates([COMMUNE_KEY, IV.intervention_id, "project_id"])


def check_project_references(links: pd.DataFrame, plan: pd.DataFrame) -> list[Problem]:
    known = links[[COMMUNE_KEY, "project_id"]].merge(
        plan[[COMMUNE_KEY, IP.project_id]].drop_duplicates().assign(_known=True), how="left"
    )
    unknown = links[known["_known"].isna().to_numpy()]
    return [
        Problem(
            "interventions",
            int(r),
            IV.cip_projects,
            v,
            f"project {v} is not a project_id of the investment_plan sheet",
            "unknown_reference",
            int(k),
        )
        for k, r, v in zip(unknown[COMMUNE_KEY], unknown[ROW], unknown["project_id"], strict=True)
    ]


def check_currencies(communes: pd.DataFrame, rows: FieldRows, others: dict[str, pd.DataFrame]) -> list[Problem]:
    """``usd_rate`` is required as soon as one amount is in the other currency (one problem per commune)."""
    amounts = pd.concat([f[[COMMUNE_KEY, ROW, "currency"]].assign(sheet=s) for s, f in others.items()])
    plan = amounts.merge(communes[[COMMUNE_KEY, C.currency, C.usd_rate]].rename(columns={C.currency: "plan"}))
    foreign = plan[
        plan["currency"].notna() & plan["plan"].notna() & (plan["currency"] != plan["plan"]) & plan[C.usd_rate].isna()
    ]
    first = foreign.drop_duplicates(COMMUNE_KEY)
    return [
        _commune_problem(
            int(k),
            rows,
            C.usd_rate,
            "",
            f"usd_rate (riel per US dollar) is required: {s} row {r} "
            f"has an amount in {cur} while the plan currency is {p}",
            "usd_rate_required",
        )
        for k, s, r, cur, p in zip(
            first[COMMUNE_KEY], first["sheet"], first[ROW], first["currency"], first["plan"], strict=True
        )
    ]


def check_priorities(issues: pd.DataFrame) -> list[Problem]:
    """``priority`` for every issue of a commune or for none; without it, the three scores are required."""
    filled = issues[GI.priority].notna()
    some = filled.groupby(issues[COMMUNE_KEY]).transform("any").astype(bool)
    problems = _cells(
        issues,
        some & ~filled,
        "gender_issues",
        GI.priority,
        "priority_partial",
        "priority is filled for some gender issues: fill it for every issue or for none",
    )
    for score in SCORES:
        problems += _cells(
            issues,
            ~some & issues[score].isna(),
            "gender_issues",
            score,
            "priority_or_scores",
            f"{score} (1-5) is required when priority is not used",
        )
    return problems


def check_sectors(frame: pd.DataFrame, sheet: str, sectors: pd.DataFrame) -> list[Problem]:
    known = frame[[COMMUNE_KEY, "sector"]].merge(
        sectors[[COMMUNE_KEY, "code"]].rename(columns={"code": "sector"}).drop_duplicates().assign(_known=True),
        how="left",
    )
    unknown = frame["sector"].notna() & known["_known"].isna().to_numpy()
    return _cells(
        frame,
        unknown,
        sheet,
        "sector",
        "not_allowed",
        "sector must be one of the codes of the sectors list (see the sectors sheet of the template)",
    )
