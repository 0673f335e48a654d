"""SPEC §1.7 and §2.4: currencies. Amounts in the plan currency, half a unit of tolerance, and riel for roll-ups.

"Plan currency" is the currency a commune's investment plan is written in (the commune sheet's ``currency``);
:func:`currency_of` gives it per row of any frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from grb.data import parameter
from grb.schemas.data import of_commune
from grb.schemas.models import Commune as C

# Half the smallest unit of each currency: a gap at most this big counts as none (SPEC §2.4).
TOLERANCE = {"KHR": parameter("tolerance_khr"), "USD": parameter("tolerance_usd")}
DEFAULT_USD_RATE = parameter("usd_rate")  # riel per dollar for a USD commune that gives no usd_rate (roll-ups)


def in_plan_currency(amount: pd.Series, currency: pd.Series, frame: pd.DataFrame, communes: pd.DataFrame) -> pd.Series:
    """Convert ``amount`` (entered in ``currency``) with the commune's ``usd_rate``: USD -> KHR multiplies."""
    plan = of_commune(frame, communes, [C.currency, C.usd_rate])
    plan_currency, rate = plan[C.currency].to_numpy(), plan[C.usd_rate].to_numpy(dtype="float64")
    entered = currency.to_numpy()
    amount = amount.to_numpy(dtype="float64")
    converted = np.select(
        [entered == plan_currency, (entered == "USD") & (plan_currency == "KHR")],
        [amount, amount * rate],
        amount / rate,  # KHR amount in a USD plan
    )
    return pd.Series(converted, index=frame.index)


def currency_of(frame: pd.DataFrame, communes: pd.DataFrame) -> pd.Series:
    """Per row of ``frame``: its commune's plan currency."""
    plan = of_commune(frame, communes, [C.currency])
    return pd.Series(plan[C.currency].to_numpy(), index=frame.index)


def tolerance(frame: pd.DataFrame, communes: pd.DataFrame) -> pd.Series:
    """Per row of ``frame``: half the smallest unit of its commune's plan currency."""
    return currency_of(frame, communes).map(TOLERANCE)


# The money figures of a commune's summary: what roll-ups convert to riel.
MONEY = [
    "total_cost",
    "total_covered",
    "total_gap",
    "unprogrammed_cost",
    "costing_gap",
    "cip_budget",
    "gender_linked_budget",
    "marker_attributed_budget",
    "spent_total",
    "spent_sum",
    "spent_budget",
    "gender_linked_spent",
    "gender_linked_spent_budget",
]


def riel_factor(communes: pd.DataFrame, usd_rate: float = DEFAULT_USD_RATE) -> pd.Series:
    """Per commune, what turns its plan-currency amounts into riel: roll-ups add communes up in KHR."""
    rate = communes[C.usd_rate].astype("float64").fillna(usd_rate)
    return rate.where(communes[C.currency] == "USD", 1.0)


def in_riel(communes: pd.DataFrame, usd_rate: float = DEFAULT_USD_RATE) -> pd.DataFrame:
    """The communes' money figures in riel (shares are unchanged by a commune-wide factor)."""
    factor = riel_factor(communes, usd_rate)
    return communes.assign(**{m: communes[m] * factor for m in MONEY})
