"""SPEC §2.8: warnings. They never block a run; each has a registered code (``grb.problem_codes``), points at a
row when it can, and carries its named fields, so the report can render its message in the reader's language."""

from __future__ import annotations

import pandas as pd
from rapidfuzz import fuzz, process

from grb.data import parameter
from grb.keys import COMMUNE_KEY, ORDER, ROW
from grb.problems import warnings_frame
from grb.schemas.models import GenderIssues as GI
from grb.schemas.models import Interventions as IV
from grb.schemas.models import InvestmentPlan as IP

# Token-sort similarity (0-100, word order ignored) from which a project is suggested. Token-set similarity
# was tried and rejected: it scores any name made of a subset of the words 100 ("Market road lights").
SIMILARITY_THRESHOLD = parameter("similarity_threshold")


def issues_without_intervention(issues: pd.DataFrame) -> pd.DataFrame:
    empty = issues[issues["n_interventions"] == 0]
    return warnings_frame(empty, "issue_without_intervention", "gender_issues", issue_id=empty[GI.issue_id])


def missing_beneficiaries(plan: pd.DataFrame) -> pd.DataFrame:
    missing = plan[~plan["has_beneficiaries"]]
    return warnings_frame(missing, "missing_beneficiaries", "investment_plan", project_id=missing[IP.project_id])


def surpluses(interventions: pd.DataFrame) -> pd.DataFrame:
    extra = interventions[interventions["surplus"].notna()]
    return warnings_frame(
        extra,
        "surplus",
        "interventions",
        intervention_id=extra[IV.intervention_id],
        amount=extra["surplus"],
        currency=extra["plan_currency"],
    )


def closed_entry_points(gaps: pd.DataFrame) -> pd.DataFrame:
    closed = gaps[gaps["all_closed"].fillna(False).astype(bool)]
    return warnings_frame(
        closed,
        "closed_entry_point",
        "interventions",
        intervention_id=closed[IV.intervention_id],
        stage_id=closed["entry_stage_id"],
    )


def suggested_links(interventions: pd.DataFrame, issues: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """Unlinked interventions and same-sector CIP projects with a similar name (never counted as programmed)."""
    unlinked = interventions[interventions[IV.cip_projects].isna()].merge(
        issues[[COMMUNE_KEY, GI.issue_id, GI.sector]], on=[COMMUNE_KEY, IV.issue_id]
    )
    pairs = unlinked[[COMMUNE_KEY, ROW, IV.intervention_id, IV.intervention, GI.sector]].merge(
        plan[[COMMUNE_KEY, IP.project_id, IP.project, IP.sector, ORDER]], on=[COMMUNE_KEY, GI.sector]
    )
    if pairs.empty:
        return warnings_frame(pairs, "suggested_link", "interventions")
    pairs["similarity"] = process.cpdist(
        pairs[IV.intervention].tolist(),
        pairs[IP.project].tolist(),
        scorer=fuzz.token_sort_ratio,
        processor=str.casefold,
    )
    best = (
        pairs[pairs["similarity"] >= SIMILARITY_THRESHOLD]
        .sort_values([COMMUNE_KEY, IV.intervention_id, "similarity", ORDER], ascending=[True, True, False, True])
        .drop_duplicates([COMMUNE_KEY, IV.intervention_id])
    )
    return warnings_frame(
        best,
        "suggested_link",
        "interventions",
        intervention_id=best[IV.intervention_id],
        project_id=best[IP.project_id],
        project=best[IP.project],
        similarity=best["similarity"].round().astype(int),
    )
