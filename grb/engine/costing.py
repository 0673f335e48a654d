"""SPEC §2.2 and §1.7: amounts in the plan currency."""

from __future__ import annotations

import numpy as np
import pandas as pd

from grb.schemas.data import COMMUNE_KEY
from grb.schemas.models import Commune as C
from grb.schemas.models import Interventions as IV
from grb.schemas.models import InvestmentPlan as IP

# Half the smallest unit of each currency: a gap at most this big counts as none (SPEC §2.4).
TOLERANCE = {"KHR": 0.5, "USD": 0.005}


def in_plan_currency(amount: pd.Series, currency: pd.Series, frame: pd.DataFrame, communes: pd.DataFrame) -> pd.Series:
    """Convert ``amount`` (entered in ``currency``) with the commune's ``usd_rate``: USD -> KHR multiplies."""
    plan = frame[[COMMUNE_KEY]].merge(communes[[COMMUNE_KEY, C.currency, C.usd_rate]], how="left")
    plan_currency, rate = plan[C.currency].to_numpy(), plan[C.usd_rate].to_numpy(dtype="float64")
    entered = currency.to_numpy()
    amount = amount.to_numpy(dtype="float64")
    converted = np.select(
        [entered == plan_currency, (entered == "USD") & (plan_currency == "KHR")],
        [amount, amount * rate],
        amount / rate,  # KHR amount in a USD plan
    )
    return pd.Series(converted, index=frame.index)


def cost_interventions(interventions: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """``cost = quantity × unit_cost``, converted to the plan currency."""
    entered = interventions[IV.quantity] * interventions[IV.unit_cost]
    return interventions.assign(cost=in_plan_currency(entered, interventions[IV.currency], interventions, communes))


def budget_projects(plan: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """``budget`` in the plan currency; the amount as entered is kept as ``budget_entered``."""
    return plan.assign(
        budget_entered=plan[IP.budget], budget=in_plan_currency(plan[IP.budget], plan[IP.currency], plan, communes)
    )


def plan_currency(frame: pd.DataFrame, communes: pd.DataFrame) -> pd.Series:
    """Per row of ``frame``: its commune's plan currency."""
    plan = frame[[COMMUNE_KEY]].merge(communes[[COMMUNE_KEY, C.currency]], how="left")
    return pd.Series(plan[C.currency].to_numpy(), index=frame.index)


def tolerance(frame: pd.DataFrame, communes: pd.DataFrame) -> pd.Series:
    """Per row of ``frame``: half the smallest unit of its commune's plan currency."""
    return plan_currency(frame, communes).map(TOLERANCE)
