"""SPEC §2.6 (second half): what each gap's advocacy needs to know about its entry stage, and the map's figures
per stage. The engine keeps these as fields; the sentence people read is composed by ``grb.report.sentences``."""

from __future__ import annotations

import pandas as pd

from grb.keys import COMMUNE_KEY
from grb.schemas.models import BudgetCycle as BC

# What a gap carries about its entry stage, for the advocacy sentence (SPEC §2.6).
STAGE_FIELDS = {BC.stage: "entry_stage", BC.decision_makers: "decision_makers", BC.advocacy_action: "stage_action"}


def with_stage_fields(gaps: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Add the entry stage's name, decision makers and suggested action (empty when no stage fits)."""
    details = stages[[COMMUNE_KEY, BC.stage_id, *STAGE_FIELDS]].rename(
        columns={BC.stage_id: "entry_stage_id", **STAGE_FIELDS}
    )
    out = gaps.merge(details, on=[COMMUNE_KEY, "entry_stage_id"], how="left")
    out.index = gaps.index
    return out


def stage_map(stages: pd.DataFrame, gaps: pd.DataFrame) -> pd.DataFrame:
    """Per stage, in calendar (sheet) order: gaps and money routed to it, and whether it has a space and action."""
    grouped = gaps.groupby([COMMUNE_KEY, "entry_stage_id"])["gap"]  # a gap without a stage is in no group
    routed = pd.DataFrame({"n_gaps": grouped.size(), "gap_amount": grouped.sum()})  # not .agg: its fixed cost
    routed = routed.reset_index().rename(columns={"entry_stage_id": BC.stage_id})
    out = stages.merge(routed, on=[COMMUNE_KEY, BC.stage_id], how="left")
    out["n_gaps"] = out["n_gaps"].fillna(0).astype("int64")
    out["gap_amount"] = out["gap_amount"].fillna(0.0)
    out["has_space"] = out[BC.space].notna()
    out["has_action"] = out[BC.advocacy_action].notna()
    return out
