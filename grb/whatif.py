""" "What if" changes to validated data, for notebooks and workshops: fund one more project, add a link.

Pure functions: they return new :class:`CommuneData` and never touch the workbook.
"""

from __future__ import annotations

import pandas as pd

from grb.schemas.data import COMMUNE_KEY, ORDER, CommuneData
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
