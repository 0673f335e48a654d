"""Rules that look across sheets (SPEC §1): references, plan period, currencies, priorities, sectors."""

from __future__ import annotations

import pandas as pd

from grb.io.read import ROW
from grb.problems import Problem
from grb.schemas.models import Commune as C
from grb.schemas.models import GenderIssues as GI
from grb.schemas.models import Interventions as IV
from grb.schemas.models import InvestmentPlan as IP

SCORES = [GI.severity, GI.reach, GI.urgency]


def _cells(frame: pd.DataFrame, mask: pd.Series, sheet: str, column: str, code: str, text: str) -> list[Problem]:
    """One problem per row of ``frame`` where ``mask`` holds."""
    hit = frame[mask.fillna(False).astype(bool)]
    return [Problem(sheet, int(r), column, v, text, code) for r, v in zip(hit[ROW], hit[column], strict=True)]


def check_period(commune: pd.Series, field_rows: dict[str, int]) -> list[Problem]:
    first, last = commune[C.first_year], commune[C.last_year]
    if pd.notna(first) and pd.notna(last) and last < first:
        return [
            Problem(
                "commune",
                field_rows.get(C.last_year),
                C.last_year,
                last,
                f"last_year ({last}) must be on or after first_year ({first})",
                "period_order",
            )
        ]
    return []


def check_years(frame: pd.DataFrame, sheet: str, commune: pd.Series) -> list[Problem]:
    first, last = commune[C.first_year], commune[C.last_year]
    if pd.isna(first) or pd.isna(last):
        return []
    outside = frame["year"].notna() & ~frame["year"].between(first, last)
    return _cells(
        frame, outside, sheet, "year", "outside_period", f"year must be within the plan period {first}-{last}"
    )


def check_issue_references(issues: pd.DataFrame, interventions: pd.DataFrame) -> list[Problem]:
    unknown = interventions[IV.issue_id].notna() & ~interventions[IV.issue_id].isin(issues[GI.issue_id])
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
    split = interventions[[ROW, IV.intervention_id, IV.cip_projects]].dropna(subset=[IV.cip_projects])
    split = split.assign(project_id=split[IV.cip_projects].str.split(";")).explode("project_id")
    return split.drop(columns=IV.cip_projects).drop_duplicates([IV.intervention_id, "project_id"])


def check_project_references(links: pd.DataFrame, plan: pd.DataFrame) -> list[Problem]:
    unknown = links[~links["project_id"].isin(plan[IP.project_id])]
    return [
        Problem(
            "interventions",
            int(r),
            IV.cip_projects,
            v,
            f"project {v} is not a project_id of the investment_plan sheet",
            "unknown_reference",
        )
        for r, v in zip(unknown[ROW], unknown["project_id"], strict=True)
    ]


def check_currencies(commune: pd.Series, field_rows: dict[str, int], others: dict[str, pd.DataFrame]) -> list[Problem]:
    """``usd_rate`` is required as soon as one amount is in the other currency."""
    plan = commune[C.currency]
    if pd.isna(plan) or pd.notna(commune[C.usd_rate]):
        return []
    for sheet, frame in others.items():
        foreign = frame[frame["currency"].notna() & (frame["currency"] != plan)]
        if len(foreign):
            first = foreign.iloc[0]
            text = (
                f"usd_rate (riel per US dollar) is required: {sheet} row {first[ROW]} has an amount in "
                f"{first['currency']} while the plan currency is {plan}"
            )
            return [Problem("commune", field_rows.get(C.usd_rate), C.usd_rate, "", text, "usd_rate_required")]
    return []


def check_priorities(issues: pd.DataFrame) -> list[Problem]:
    """``priority`` for every issue or for none; without it, the three scores are required."""
    filled = issues[GI.priority].notna()
    if filled.all() and len(issues):
        return []
    if filled.any():
        return _cells(
            issues,
            ~filled,
            "gender_issues",
            GI.priority,
            "priority_partial",
            "priority is filled for some gender issues: fill it for every issue or for none",
        )
    problems = []
    for score in SCORES:
        problems += _cells(
            issues,
            issues[score].isna(),
            "gender_issues",
            score,
            "priority_or_scores",
            f"{score} (1-5) is required when priority is not used",
        )
    return problems


def check_sectors(frame: pd.DataFrame, sheet: str, sectors: pd.Series) -> list[Problem]:
    unknown = frame["sector"].notna() & ~frame["sector"].isin(sectors)
    allowed = ", ".join(sectors)
    return _cells(frame, unknown, sheet, "sector", "not_allowed", f"sector must be one of: {allowed}")
