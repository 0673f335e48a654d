"""SPEC §2.5 across communes (§3.3: many communes): totals by district, province or the whole country (in riel),
and the issues left unprogrammed.

Shares are recomputed from summed figures (never averaged), with the same function a single commune uses.
"""

from __future__ import annotations

import pandas as pd

from grb.engine.currency import DEFAULT_USD_RATE, in_riel, riel_factor
from grb.engine.totals import SUM_COLUMNS, summary_shares
from grb.schemas.data import COMMUNE_KEY
from grb.schemas.models import Commune as C
from grb.schemas.models import GenderIssues as GI
from grb.schemas.outputs import SUMMARY_METRICS

LEVELS = {"district": [C.province, C.district], "province": [C.province]}
UNKNOWN = "(not given)"


def rollup(communes: pd.DataFrame, by: list[str], usd_rate: float = DEFAULT_USD_RATE) -> pd.DataFrame:
    """Sum the communes' figures (in riel) per group of ``by`` and recompute the shares; ranked by unprogrammed
    cost. ``by=[]`` gives the whole country as one row."""
    communes = in_riel(communes, usd_rate)
    if not by:
        communes, by = communes.assign(scope="all communes"), ["scope"]
    keyed = communes.assign(**{col: communes[col].fillna(UNKNOWN) for col in by})
    sums = keyed.groupby(by, as_index=False).agg(
        n_communes=(COMMUNE_KEY, "size"), **{c: (c, "sum") for c in SUM_COLUMNS}
    )
    out = summary_shares(sums)
    return out[[*by, "n_communes", *SUMMARY_METRICS]].sort_values("unprogrammed_cost", ascending=False, kind="stable")


def unprogrammed_by_sector(
    issues: pd.DataFrame, interventions: pd.DataFrame, communes: pd.DataFrame, usd_rate: float = DEFAULT_USD_RATE
) -> pd.DataFrame:
    """Per sector of gender issue: how many communes and interventions leave it unprogrammed, and the cost (KHR)."""
    factor = pd.Series(riel_factor(communes, usd_rate).to_numpy(), index=communes[COMMUNE_KEY])
    iv = interventions.merge(issues[[COMMUNE_KEY, GI.issue_id, GI.sector]], on=[COMMUNE_KEY, GI.issue_id])
    iv = iv.assign(gap=iv["gap"] * iv[COMMUNE_KEY].map(factor))
    unprogrammed = iv[iv["status"] == "unprogrammed"]
    per_sector = unprogrammed.groupby(GI.sector).agg(
        n_communes=(COMMUNE_KEY, "nunique"), n_interventions=("status", "size"), unprogrammed_cost=("gap", "sum")
    )
    recommended = iv.groupby(GI.sector).agg(n_recommended=("status", "size"))
    out = recommended.join(per_sector, how="left").fillna(0).reset_index()
    out[["n_communes", "n_interventions"]] = out[["n_communes", "n_interventions"]].astype(int)
    out["unprogrammed_share"] = out["n_interventions"] / out["n_recommended"]
    return out.sort_values(["n_communes", "unprogrammed_cost"], ascending=False, kind="stable").reset_index(drop=True)
