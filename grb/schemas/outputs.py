"""The output contract (SPEC §3.3): the result frames' columns, each declared once, with the invariants
every figure must satisfy (gaps never negative, shares in 0-1). The CSV writer takes its columns from
here; the tests validate every result against these models.
"""

from __future__ import annotations

from typing import Any

import pandera.pandas as pa
from pandera.typing import Series

from grb.problem_codes import REGISTRY

INTERVENTION_STATUSES = ["programmed", "under_budgeted", "unprogrammed"]
ISSUE_STATUSES = ["funded", "partly_funded", "unfunded", "no_intervention"]
SHARE = {"min_value": 0, "max_value": 1}


class _Out(pa.DataFrameModel):
    class Config:
        strict = False  # result frames also carry names and texts for the report
        ordered = False


class GenderIssueResult(_Out):
    issue_id: Series[Any]
    rank: Series[Any] = pa.Field(ge=1)
    score: Series[Any] = pa.Field(nullable=True, ge=0)
    n_interventions: Series[Any] = pa.Field(ge=0)
    cost: Series[Any] = pa.Field(ge=0)
    covered: Series[Any] = pa.Field(ge=0)
    gap: Series[Any] = pa.Field(ge=0)
    coverage: Series[Any] = pa.Field(nullable=True, in_range=SHARE)
    status: Series[Any] = pa.Field(isin=ISSUE_STATUSES)


class InterventionResult(_Out):
    intervention_id: Series[Any]
    issue_id: Series[Any]
    rank: Series[Any] = pa.Field(ge=1)
    cost: Series[Any] = pa.Field(ge=0)
    allocated: Series[Any] = pa.Field(ge=0)
    gap: Series[Any] = pa.Field(ge=0)
    surplus: Series[Any] = pa.Field(nullable=True, gt=0)
    status: Series[Any] = pa.Field(isin=INTERVENTION_STATUSES)
    cip_projects: Series[Any] = pa.Field(nullable=True)


class GapResult(_Out):
    intervention_id: Series[Any]
    issue_id: Series[Any]
    rank: Series[Any] = pa.Field(ge=1)
    status: Series[Any] = pa.Field(isin=INTERVENTION_STATUSES[1:])
    gap: Series[Any] = pa.Field(ge=0)
    entry_stage_id: Series[Any] = pa.Field(nullable=True)
    window_start: Series[Any] = pa.Field(nullable=True)
    window_end: Series[Any] = pa.Field(nullable=True)
    advocacy_action: Series[Any] = pa.Field(nullable=True)


class InvestmentPlanResult(_Out):
    project_id: Series[Any]
    year: Series[Any]
    budget: Series[Any] = pa.Field(ge=0)
    linked_interventions: Series[Any] = pa.Field(nullable=True)
    gender_linked: Series[Any]
    attributed: Series[Any] = pa.Field(nullable=True, ge=0)
    women_share: Series[Any] = pa.Field(nullable=True, in_range=SHARE)
    spent: Series[Any] = pa.Field(nullable=True, ge=0)
    execution_rate: Series[Any] = pa.Field(nullable=True, ge=0)


class InterventionMapResult(_Out):
    stage_id: Series[Any]
    level: Series[Any]
    kind: Series[Any]
    n_gaps: Series[Any] = pa.Field(ge=0)
    gap_amount: Series[Any] = pa.Field(ge=0)
    has_space: Series[Any]
    has_action: Series[Any]


WARNING_CODES = [code for code, entry in REGISTRY.items() if entry.kind == "warning"]


class CheckResult(_Out):
    code: Series[Any] = pa.Field(isin=WARNING_CODES)
    sheet: Series[Any] = pa.Field(nullable=True)
    row: Series[Any] | None = pa.Field(nullable=True)
    message: Series[Any]


SUMMARY_METRICS = [
    "total_cost",
    "total_covered",
    "total_gap",
    "unprogrammed_cost",
    "costing_gap",
    "n_interventions",
    "n_programmed",
    "n_under_budgeted",
    "n_unprogrammed",
    "cip_budget",
    "gender_linked_budget",
    "gender_linked_share",
    "marker_attributed_budget",
    "marker_attributed_share",
    "women_beneficiary_share",
    "beneficiary_data_coverage",
    "women_population_share",
    "early_action_share",
    "spent_total",
    "execution_rate",
    "gender_linked_execution_rate",
]
COUNT_METRICS = [m for m in SUMMARY_METRICS if m.startswith("n_")]  # whole numbers wherever a person reads them
# Figures computed from the sums of a commune (or of many): shares, rates, and spent_total (empty without spent).
SHARE_METRICS = [m for m in SUMMARY_METRICS if m.endswith(("_share", "_coverage", "_rate")) or m == "spent_total"]

# SPEC §4.2: what ``summary.csv`` gains in a follow-up.
FOLLOW_UP_METRICS = [
    "previous_gap_total",
    "won_total",
    "won_share",
    "n_won",
    "n_partly_won",
    "n_not_won",
    "n_dropped",
    "n_new",
    "n_overdue",
]

# The CSV files of SPEC §3.3: file stem -> (result frame attribute, model).
CSV_FILES: dict[str, type[_Out]] = {
    "gender_issues": GenderIssueResult,
    "interventions": InterventionResult,
    "gaps": GapResult,
    "investment_plan": InvestmentPlanResult,
    "intervention_map": InterventionMapResult,
    "checks": CheckResult,
}


def csv_columns(model: type[_Out]) -> list[str]:
    return list(model.to_schema().columns)
