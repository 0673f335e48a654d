""" "What if" changes to validated data, for notebooks and workshops: fund one more project, add a link.

Pure functions: they return new :class:`CommuneData` and never touch the workbook.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from grb.schemas.data import COMMUNE_KEY, ORDER, CommuneData
from grb.schemas.models import GenderIssues as GI
from grb.schemas.models import Interventions as IV
from grb.schemas.models import InvestmentPlan as IP


def add_link(data: CommuneData, intervention_id: str, project_id: str, commune_key: int = 0) -> CommuneData:
    """Link an intervention to an existing CIP project (as if the analyst had written it in ``cip_projects``)."""
    iv = data.interventions
    at = (iv[COMMUNE_KEY] == commune_key) & (iv[IV.intervention_id] == intervention_id)
    if not at.any():
        raise KeyError(f"no intervention {intervention_id}")
    plan = data.investment_plan
    if not ((plan[COMMUNE_KEY] == commune_key) & (plan[IP.project_id] == project_id)).any():
        raise KeyError(f"no CIP project {project_id}")
    current = iv.loc[at, IV.cip_projects].fillna("")
    iv = iv.copy()
    iv.loc[at, IV.cip_projects] = (current + ";" + project_id).str.strip(";")
    link = pd.DataFrame({COMMUNE_KEY: [commune_key], IV.intervention_id: [intervention_id], "project_id": [project_id]})
    links = pd.concat([data.links, link], ignore_index=True).drop_duplicates()
    return data.with_frames(interventions=iv, links=links)


def fund_project(
    data: CommuneData,
    project_id: str,
    project: str,
    budget: float,
    sector: str,
    year: int,
    links: list[str] = (),
    commune_key: int = 0,
) -> CommuneData:
    """Add a CIP project (in the plan currency) and link it to interventions: "the council funds one more"."""
    plan = data.investment_plan
    currency = data.communes.loc[data.communes[COMMUNE_KEY] == commune_key, "currency"].iloc[0]
    row = {
        COMMUNE_KEY: commune_key,
        IP.project_id: project_id,
        IP.project: project,
        IP.budget: float(budget),
        IP.sector: sector,
        IP.year: year,
        IP.currency: currency,
        ORDER: int((plan[COMMUNE_KEY] == commune_key).sum()),
    }
    data = data.with_frames(investment_plan=pd.concat([plan, pd.DataFrame([row])], ignore_index=True))
    for intervention_id in links:
        data = add_link(data, intervention_id, project_id, commune_key)
    return data


def first_gap(result: Any, commune_key: int = 0) -> pd.Series | None:
    """The gap to try first in a "what if": the most pressing one (``result.gaps`` is in priority order), or None."""
    gaps = result.gaps[result.gaps[COMMUNE_KEY] == commune_key]
    return None if gaps.empty else gaps.iloc[0]


def fund_gap(data: CommuneData, result: Any, intervention_id: str, commune_key: int = 0) -> CommuneData:
    """"The council funds this gap": a new CIP project worth exactly the gap, in the issue's sector, linked to it.

    Everything is taken from the commune's own data, so a notebook's "what if" runs on any commune: the project
    id is new (``WHATIF1``, ``WHATIF2``... whichever is free), the year is the ``as_of`` year when it lies in the
    plan period, else the nearest year of the period.
    """
    iv = result.interventions
    row = iv[(iv[COMMUNE_KEY] == commune_key) & (iv[IV.intervention_id] == intervention_id)]
    if row.empty:
        raise KeyError(f"no intervention {intervention_id}")
    issue_id = row[IV.issue_id].iloc[0]
    issues = data.gender_issues
    sector = issues.loc[(issues[COMMUNE_KEY] == commune_key) & (issues[GI.issue_id] == issue_id), GI.sector].iloc[0]
    commune = result.communes[result.communes[COMMUNE_KEY] == commune_key].iloc[0]
    year = int(min(max(pd.Timestamp(commune["as_of"]).year, commune["first_year"]), commune["last_year"]))
    taken = set(data.investment_plan.loc[data.investment_plan[COMMUNE_KEY] == commune_key, IP.project_id])
    project_id = next(f"WHATIF{n}" for n in range(1, len(taken) + 2) if f"WHATIF{n}" not in taken)
    name = f"{row[IV.intervention].iloc[0]} (what if)"
    return fund_project(
        data, project_id, name, float(row["gap"].iloc[0]), sector, year, [intervention_id], commune_key
    )
