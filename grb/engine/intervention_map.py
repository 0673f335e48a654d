"""SPEC §2.6 (second half): the advocacy action for each gap, and the map's figures per stage."""

from __future__ import annotations

import pandas as pd

from grb.engine.currency import currency_of
from grb.schemas.data import COMMUNE_KEY
from grb.schemas.models import BudgetCycle as BC
from grb.schemas.models import Interventions as IV

STATUS_WORDS = {"unprogrammed": "unprogrammed cost", "under_budgeted": "costing gap"}
GOALS = {
    "unprogrammed": "Get {} into the commune investment plan",
    "under_budgeted": "Get the full cost of {} budgeted",
}


def money_text(amount: pd.Series, currency: pd.Series) -> pd.Series:
    """Amounts as people read them: riel without decimals, dollars with two."""
    riel = amount.map("{:,.0f} KHR".format)
    dollars = amount.map("{:,.2f} USD".format)
    return riel.where(currency == "KHR", dollars)


def day_text(dates: pd.Series) -> pd.Series:
    return dates.dt.day.astype("string") + dates.dt.strftime(" %b %Y")


def advocacy_actions(gaps: pd.DataFrame, stages: pd.DataFrame, communes: pd.DataFrame) -> pd.Series:
    """One sentence per gap naming the intervention, its gap, the stage, its window and who decides."""
    g = gaps[[COMMUNE_KEY, IV.intervention, "status", "gap", "entry_stage_id", "window_start", "window_end"]].merge(
        stages[[COMMUNE_KEY, BC.stage_id, BC.stage, BC.decision_makers, BC.advocacy_action]].rename(
            columns={BC.stage_id: "entry_stage_id", BC.advocacy_action: "stage_action"}
        ),
        on=[COMMUNE_KEY, "entry_stage_id"],
        how="left",
    )
    g.index = gaps.index
    name = "'" + g[IV.intervention] + "'"
    goal = pd.Series([GOALS[s].format(n) for s, n in zip(g["status"], name, strict=True)], index=g.index)
    gap = " (" + g["status"].map(STATUS_WORDS) + " " + money_text(g["gap"], currency_of(g, communes)) + ")"
    window = " at the " + g[BC.stage] + ", " + day_text(g["window_start"]) + " to " + day_text(g["window_end"])
    deciders = (" Decision-makers: " + g[BC.decision_makers] + ".").fillna("")
    action = (" Suggested action: " + g["stage_action"] + ".").str.replace("..", ".", regex=False).fillna("")
    no_stage = goal + gap + ": no stage of the budget cycle fits; add a planning or formulation stage."
    return (goal + gap + window + "." + deciders + action).fillna(no_stage)


def stage_map(stages: pd.DataFrame, gaps: pd.DataFrame) -> pd.DataFrame:
    """Per stage, in calendar (sheet) order: gaps and money routed to it, and whether it has a space and action."""
    routed = (
        gaps.dropna(subset=["entry_stage_id"])
        .groupby([COMMUNE_KEY, "entry_stage_id"], as_index=False)
        .agg(n_gaps=("gap", "size"), gap_amount=("gap", "sum"))
        .rename(columns={"entry_stage_id": BC.stage_id})
    )
    out = stages.merge(routed, on=[COMMUNE_KEY, BC.stage_id], how="left")
    out["n_gaps"] = out["n_gaps"].fillna(0).astype("int64")
    out["gap_amount"] = out["gap_amount"].fillna(0.0)
    out["has_space"] = out[BC.space].notna()
    out["has_action"] = out[BC.advocacy_action].notna()
    return out
