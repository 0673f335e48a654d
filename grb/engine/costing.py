"""SPEC §2.2: the cost of each intervention and the budget of each project, in the plan currency."""

from __future__ import annotations

import pandas as pd

from grb.engine.currency import in_plan_currency
from grb.schemas.models import Interventions as IV
from grb.schemas.models import InvestmentPlan as IP


def cost_interventions(interventions: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """``cost = quantity × unit_cost``, converted to the plan currency."""
    entered = interventions[IV.quantity] * interventions[IV.unit_cost]
    return interventions.assign(cost=in_plan_currency(entered, interventions[IV.currency], interventions, communes))


def budget_projects(plan: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """``budget`` in the plan currency; the amount as entered is kept as ``budget_entered``."""
    return plan.assign(
        budget_entered=plan[IP.budget], budget=in_plan_currency(plan[IP.budget], plan[IP.currency], plan, communes)
    )
