"""SPEC §2.3-2.4: share each project's budget among its interventions; gaps, surpluses and statuses."""

from __future__ import annotations

import numpy as np
import pandas as pd

from grb.engine.boundary import exact_differences, typed, undecided
from grb.engine.currency import tolerance
from grb.keys import COMMUNE_KEY
from grb.schemas.models import Interventions as IV
from grb.schemas.models import InvestmentPlan as IP

PROJECT = [COMMUNE_KEY, IP.project_id]
INTERVENTION = [COMMUNE_KEY, IV.intervention_id]


def project_shares(links: pd.DataFrame, interventions: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """One row per link with ``share``: the part of the project's budget that pays for that intervention.

    The budget is split in proportion to the linked interventions' costs, equally when all their costs are 0,
    so the shares of a project always add up to its budget. The budget as entered and its currency stay on
    each link, for the exact decision of the half-unit boundary (:mod:`grb.engine.boundary`).
    """
    budgets = plan[[*PROJECT, IP.budget, "budget_entered", IP.currency]].rename(
        columns={IP.currency: "budget_currency"}
    )
    shares = links.merge(interventions[[*INTERVENTION, "cost"]], on=INTERVENTION).merge(budgets, on=PROJECT)
    by_project = shares.groupby(PROJECT)["cost"]
    total_cost, n_linked = by_project.transform("sum"), by_project.transform("size")
    proportional = shares[IP.budget] * shares["cost"] / total_cost.where(total_cost > 0)
    return shares.assign(share=proportional.where(total_cost > 0, shares[IP.budget] / n_linked))


def allocate(interventions: pd.DataFrame, shares: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Add ``allocated``, ``gap``, ``covered``, ``surplus`` and ``status`` to each intervention.

    ``covered`` is ``cost - gap``, so that ``covered + gap == cost`` holds exactly; it equals
    ``min(allocated, cost)`` except inside the half-unit tolerance, where the gap is counted as none.
    """
    allocated = shares.groupby(INTERVENTION, as_index=False)["share"].sum().rename(columns={"share": "allocated"})
    out = interventions.merge(allocated, on=INTERVENTION, how="left")
    out.index = interventions.index
    out["allocated"] = out["allocated"].fillna(0.0)
    tol = tolerance(out, communes)
    shortfall, excess = _beyond_tolerance(out, shares, communes, tol)
    out["gap"] = (out["cost"] - out["allocated"]).clip(lower=0).where(shortfall, 0.0)
    out["covered"] = out["cost"] - out["gap"]
    out["surplus"] = (out["allocated"] - out["cost"]).where(excess)
    out["status"] = np.select([out["allocated"] == 0, out["gap"] > 0], ["unprogrammed", "under_budgeted"], "programmed")
    return out


def _beyond_tolerance(
    out: pd.DataFrame, shares: pd.DataFrame, communes: pd.DataFrame, tol: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Whether ``cost - allocated`` exceeds the tolerance (a gap) and whether ``allocated - cost`` does (a
    surplus): from the floats, except where they are too close to tell, which are decided exactly."""
    difference = out["cost"] - out["allocated"]
    shortfall, excess = difference > tol, -difference > tol
    close = undecided(difference, -difference, tol, out["cost"].abs() + out["allocated"].abs())
    if close.any():
        exact = exact_differences(out.loc[close, INTERVENTION], out, shares, communes)["difference"]
        limits = tol[close].map(typed)
        shortfall[close] = [d > t for d, t in zip(exact, limits, strict=True)]
        excess[close] = [-d > t for d, t in zip(exact, limits, strict=True)]
    return shortfall, excess

