"""SPEC §2.1: priority scores and ranks of the gender issues."""

from __future__ import annotations

import pandas as pd

from grb.schemas.data import COMMUNE_KEY, ORDER
from grb.schemas.models import Commune as C
from grb.schemas.models import GenderIssues as GI


def rank_issues(issues: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Add ``score`` (weighted sum of the three scores) and ``rank`` (1 = highest; ties keep sheet order).

    When ``priority`` is filled (for every issue of a commune, as validated), rank = priority and the score
    is left empty: the analyst has ranked the issues herself.
    """
    weights = issues[[COMMUNE_KEY]].merge(
        communes[[COMMUNE_KEY, C.weight_severity, C.weight_reach, C.weight_urgency]], how="left"
    )
    score = (
        weights[C.weight_severity].to_numpy() * issues[GI.severity].astype("float64")
        + weights[C.weight_reach].to_numpy() * issues[GI.reach].astype("float64")
        + weights[C.weight_urgency].to_numpy() * issues[GI.urgency].astype("float64")
    )
    given = issues[GI.priority].notna()
    ranked = issues.assign(score=score.where(~given))
    by_score = (
        ranked.sort_values([COMMUNE_KEY, "score", ORDER], ascending=[True, False, True], kind="stable")
        .groupby(COMMUNE_KEY)
        .cumcount()
        + 1
    )
    rank = issues[GI.priority].astype("float64").where(given, by_score.reindex(issues.index))
    return ranked.assign(rank=rank.astype("int64"))
