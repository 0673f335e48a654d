"""The engine: pure functions from validated frames (:class:`CommuneData`) to result frames (:class:`Result`).

Each SPEC §2 rule has its module; :func:`analyze` only wires them. Every frame carries the commune key and
every step is a merge or a groupby, so one call analyses one commune or every commune of the country.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from grb.engine import (
    allocation,
    checks,
    costing,
    currency,
    entry_points,
    execution,
    intervention_map,
    priority,
    totals,
)
from grb.schemas.data import COMMUNE_KEY, CommuneData
from grb.schemas.memory import with_collector_paused
from grb.schemas.models import Commune as C
from grb.schemas.models import GenderIssues as GI
from grb.schemas.models import Interventions as IV
from grb.schemas.outputs import COUNT_METRICS, SUMMARY_METRICS


@dataclass(frozen=True)
class Result:
    """The analysis, as frames named like the CSV files of SPEC §3.3 (with extra columns for the report).

    ``communes`` holds one row per commune: its settings, the summary figures as sums and the shares.
    """

    communes: pd.DataFrame
    gender_issues: pd.DataFrame
    interventions: pd.DataFrame
    gaps: pd.DataFrame
    investment_plan: pd.DataFrame
    intervention_map: pd.DataFrame
    checks: pd.DataFrame

    def row_index(self) -> dict[str, dict[int, np.ndarray]]:
        """For each frame, the positions of each commune's rows: computed once, then ``part`` is cheap."""
        return {f.name: getattr(self, f.name).groupby(COMMUNE_KEY, sort=False).indices for f in fields(self)}

    def part(self, key: int, index: dict[str, dict[int, np.ndarray]]) -> Result:
        """The result of one commune, using a ``row_index`` (a batch writes one report per commune this way)."""
        empty = np.array([], dtype=int)
        return Result(
            **{
                name: getattr(self, name).take(rows.get(key, empty)).reset_index(drop=True)
                for name, rows in index.items()
            }
        )

    def of_communes(self, keys: list[int]) -> Result:
        """The result of the communes ``keys`` (their rows, in order, numbered from 0): a batch prepares its
        reports in parts."""
        return Result(
            **{
                f.name: frame[frame[COMMUNE_KEY].isin(keys)].reset_index(drop=True)
                for f in fields(self)
                for frame in (getattr(self, f.name),)
            }
        )

    @property
    def currency(self) -> str:
        """The currency of :attr:`summary`'s money: the plan currency of one commune, riel for several."""
        currencies = self.communes[C.currency].drop_duplicates()
        return str(currencies.iloc[0]) if len(self.communes) == 1 else "KHR"

    @property
    def summary(self) -> pd.DataFrame:
        """``metric``/``value`` rows over every commune of the result together (shares from sums).

        Money is in :attr:`currency`: several communes are added up in riel, each USD commune converted with
        its own ``usd_rate`` (else the default parameter), as the district and province roll-ups do.
        """
        communes = self.communes if len(self.communes) == 1 else currency.in_riel(self.communes)
        sums = totals.summary_shares(communes[totals.SUM_COLUMNS].sum().to_frame().T)
        values = sums.iloc[0].reindex(SUMMARY_METRICS).astype(object)
        values[COUNT_METRICS] = values[COUNT_METRICS].astype(int)
        return pd.DataFrame({"metric": SUMMARY_METRICS, "value": pd.Series(values.to_numpy(), dtype=object)})


@with_collector_paused
def analyze(data: CommuneData, as_of: Any = None) -> Result:
    """Analyse every commune of ``data``. ``as_of`` overrides each workbook's own date (default: today)."""
    communes = _with_as_of(data.communes, as_of)
    issues = priority.rank_issues(data.gender_issues, communes)
    interventions = costing.cost_interventions(data.interventions, communes)
    interventions = interventions.merge(
        issues[[COMMUNE_KEY, GI.issue_id, "rank"]], on=[COMMUNE_KEY, IV.issue_id], how="left"
    ).set_axis(interventions.index)
    plan = costing.budget_projects(data.investment_plan, communes)
    shares = allocation.project_shares(data.links, interventions, plan)
    interventions = allocation.allocate(interventions, shares, communes)
    issues = totals.issue_rollup(issues, interventions)
    plan = execution.project_execution(totals.plan_rollup(plan, shares, communes), communes)

    stages = entry_points.next_windows(data.budget_cycle, communes[[COMMUNE_KEY, "as_of"]])
    gaps = interventions[interventions["status"] != "programmed"]
    gaps = entry_points.route_gaps(gaps, stages).sort_values([COMMUNE_KEY, "rank", "sheet_order"], kind="stable")
    gaps = intervention_map.with_stage_fields(gaps, stages)
    stages = intervention_map.stage_map(stages, gaps)

    sums = totals.commune_sums(communes, interventions, plan, stages)
    communes = totals.summary_shares(communes.merge(sums, on=COMMUNE_KEY))
    found = pd.concat(
        [
            data.checks,
            checks.issues_without_intervention(issues),
            checks.missing_beneficiaries(plan),
            checks.suggested_links(interventions, issues, plan),
            checks.closed_entry_points(gaps),
            checks.surpluses(interventions.assign(plan_currency=currency.currency_of(interventions, communes))),
            execution.underspent(plan, communes),
        ],
        ignore_index=True,
    )
    return Result(
        communes=communes,
        gender_issues=issues,
        interventions=interventions,
        gaps=gaps.reset_index(drop=True),
        investment_plan=plan,
        intervention_map=stages,
        checks=found.astype({"row": "Int64"}),
    )


CAMBODIA = "Asia/Phnom_Penh"  # UTC+7 all year (no daylight saving)


def _with_as_of(communes: pd.DataFrame, as_of: Any) -> pd.DataFrame:
    """The date each commune is analysed on: the argument, else the workbook's ``as_of``, else today."""
    if as_of is not None:
        return communes.assign(as_of=analysis_date(as_of))
    today = pd.Timestamp(dt.date.today())
    return communes.assign(as_of=pd.to_datetime(communes[C.as_of]).fillna(today))


def analysis_date(as_of: Any) -> pd.Timestamp:
    """The calendar date of ``as_of`` (a naive midnight ``Timestamp``), as a commune in Cambodia sees it.

    A moment with a time zone (``"2026-09-15T23:30+00:00"``) is converted to Cambodia's time first (it is
    already 16 September in Phnom Penh); a naive date or time is taken as a Cambodian local date as it is.
    """
    moment = pd.Timestamp(as_of)
    if moment.tzinfo is not None:
        moment = moment.tz_convert(CAMBODIA).tz_localize(None)
    return moment.normalize()
