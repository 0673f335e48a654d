"""SPEC §2.7: warnings. They never block a run; each has a stable code and points at a row when it can."""

from __future__ import annotations

import pandas as pd
from rapidfuzz import fuzz, process

from grb.data import parameter
from grb.i18n import format_money
from grb.keys import CHECK_COLUMNS, COMMUNE_KEY, ORDER, ROW
from grb.schemas.models import GenderIssues as GI
from grb.schemas.models import Interventions as IV
from grb.schemas.models import InvestmentPlan as IP

# Token-sort similarity (0-100, word order ignored) from which a project is suggested. Token-set similarity
# was tried and rejected: it scores any name made of a subset of the words 100 ("Market road lights").
SIMILARITY_THRESHOLD = parameter("similarity_threshold")


def _checks(frame: pd.DataFrame, code: str, sheet: str, message: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            COMMUNE_KEY: frame[COMMUNE_KEY],
            "code": code,
            "sheet": sheet,
            "row": frame[ROW].astype("Int64"),
            "message": message,
        }
    )[CHECK_COLUMNS]


def issues_without_intervention(issues: pd.DataFrame) -> pd.DataFrame:
    empty = issues[issues["n_interventions"] == 0]
    return _checks(
        empty,
        "issue_without_intervention",
        "gender_issues",
        "gender issue " + empty[GI.issue_id] + " has no recommended intervention",
    )


def missing_beneficiaries(plan: pd.DataFrame) -> pd.DataFrame:
    missing = plan[~plan["has_beneficiaries"]]
    return _checks(
        missing,
        "missing_beneficiaries",
        "investment_plan",
        "project " + missing[IP.project_id] + " does not give both women and men beneficiaries",
    )


def surpluses(interventions: pd.DataFrame) -> pd.DataFrame:
    extra = interventions[interventions["surplus"].notna()]
    money = pd.Series(map(format_money, extra["surplus"], extra["plan_currency"]), index=extra.index, dtype=object)
    return _checks(
        extra,
        "surplus",
        "interventions",
        "intervention " + extra[IV.intervention_id] + " is allocated " + money[extra.index] + " more than its cost",
    )


def closed_entry_points(gaps: pd.DataFrame) -> pd.DataFrame:
    closed = gaps[gaps["all_closed"].fillna(False).astype(bool)]
    return _checks(
        closed,
        "closed_entry_point",
        "interventions",
        "every stage where "
        + closed[IV.intervention_id]
        + " could be won ("
        + closed["entry_stage_id"]
        + ") is a closed space: look for an invited "
        "or claimed space, or claim one",
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
        return _checks(
            pairs.assign(**{ROW: pd.Series(dtype="Int64")}), "suggested_link", "interventions", pd.Series(dtype=object)
        )
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
    message = (
        "intervention "
        + best[IV.intervention_id]
        + " is not linked to a CIP project, but project "
        + best[IP.project_id]
        + " '"
        + best[IP.project]
        + "' of the same sector looks similar ("
        + best["similarity"].round().astype(int).astype(str)
        + "% alike): add it to cip_projects if it "
        "carries the intervention"
    )
    return _checks(best, "suggested_link", "interventions", message)
