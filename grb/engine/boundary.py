"""SPEC §2.4, decided exactly: is a gap (or a surplus) more than half the currency's smallest unit?

Money is held as float64 and every figure is computed on whole frames. Floats cannot hold most decimals
exactly, so near the boundary they tip it either way: 1 × 4484.435 USD against a budget of 4484.43 gives a
float gap of 0.00500000000038, although the typed amounts give exactly 0.005, which counts as no gap.

The rule is therefore decided as a *filtered predicate* (as robust geometry decides orientation): the float
answer is kept wherever the float gap is farther from the tolerance than the float error can be, which is
every intervention of a real plan; only the few left within that error are recomputed exactly, as fractions of
the amounts as typed (the shortest decimal that reads back as the same float, i.e. what the user typed), through
the same conversion and proportional shares. The engine stays vectorised; the exact pass touches only
interventions whose gap is within ~10⁻¹¹ of the tolerance, and the projects they share.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from grb.keys import COMMUNE_KEY
from grb.schemas.models import Commune as C
from grb.schemas.models import Interventions as IV
from grb.schemas.models import InvestmentPlan as IP

INTERVENTION = [COMMUNE_KEY, IV.intervention_id]
PROJECT = [COMMUNE_KEY, IP.project_id]
# Relative float error allowed for: a few roundings per amount, plus one per project an intervention is in.
# Far above the real error (~1e-15) and far below a half unit for any amount grb accepts.
RELATIVE_ERROR = 1e-11


def undecided(shortfall: pd.Series, excess: pd.Series, tol: pd.Series, scale: pd.Series) -> pd.Series:
    """Rows whose float shortfall or excess lies too close to the tolerance for floats to say which side."""
    slack = RELATIVE_ERROR * scale.abs() + np.finfo("float64").tiny
    return ((shortfall - tol).abs() <= slack) | ((excess - tol).abs() <= slack)


def typed(value: object) -> Fraction:
    """The decimal a float was typed as: ``repr`` gives the shortest decimal that reads back as that float."""
    return Fraction(repr(float(value)))  # type: ignore[arg-type]


def exact_differences(
    which: pd.DataFrame, interventions: pd.DataFrame, shares: pd.DataFrame, communes: pd.DataFrame
) -> pd.DataFrame:
    """For the interventions in ``which`` (commune key and id): ``cost - allocated`` as an exact fraction.

    ``shares`` is the link table of :func:`allocation.project_shares` (with the budget as entered and its
    currency). Only projects linked to these interventions, and their other interventions, are recomputed.
    """
    settings = communes.set_index(COMMUNE_KEY)[[C.currency, C.usd_rate]]
    wanted = set(map(tuple, which[INTERVENTION].to_numpy().tolist()))
    projects = shares.merge(which[INTERVENTION], on=INTERVENTION)[PROJECT].drop_duplicates()
    links = shares.merge(projects, on=PROJECT)
    involved = pd.concat([links[INTERVENTION], which[INTERVENTION]]).drop_duplicates()
    iv = interventions.merge(involved, on=INTERVENTION)
    cost = {
        (k, i): _converted(typed(q) * typed(u), cur, settings.loc[k])
        for k, i, q, u, cur in iv[[*INTERVENTION, IV.quantity, IV.unit_cost, IV.currency]].itertuples(index=False)
    }
    allocated = dict.fromkeys(wanted, Fraction(0))
    for (k, _project), rows in links.groupby(PROJECT, sort=False):
        budget = _converted(typed(rows["budget_entered"].iloc[0]), rows["budget_currency"].iloc[0], settings.loc[k])
        costs = [cost[(k, i)] for i in rows[IV.intervention_id]]
        total = sum(costs, Fraction(0))
        for i, c in zip(rows[IV.intervention_id], costs, strict=True):
            if (k, i) in allocated:
                allocated[(k, i)] += budget * c / total if total else budget / len(costs)
    diff = [cost[key] - allocated[key] for key in map(tuple, which[INTERVENTION].to_numpy().tolist())]
    return which[INTERVENTION].assign(difference=pd.Series(diff, index=which.index, dtype=object))


def _converted(amount: Fraction, entered: str, commune: pd.Series) -> Fraction:
    """SPEC §1.7 exactly: USD in a riel plan multiplies by the rate, riel in a dollar plan divides."""
    if entered == commune[C.currency]:
        return amount
    rate = typed(commune[C.usd_rate])
    return amount * rate if entered == "USD" else amount / rate
