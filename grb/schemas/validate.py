"""From raw sheets to :class:`CommuneData`, collecting every problem of every sheet in one pass."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from grb.data import default_calendar, default_sectors
from grb.io.read import DEFAULT_LIMITS, ROW, Limits, RawSheet, read_sheets
from grb.problems import InputError, Problem
from grb.schemas import rules
from grb.schemas.data import COMMUNE_KEY, ORDER, CommuneData
from grb.schemas.models import OPTIONAL_SHEETS, SHEETS, BudgetCycle, Commune, Interventions, InvestmentPlan
from grb.schemas.sheets import Checked, check_commune_sheet, check_sheet

DEFAULTS = {
    Commune.weight_severity: 1.0,
    Commune.weight_reach: 1.0,
    Commune.weight_urgency: 1.0,
    Commune.marker_weight_1: 0.4,
    Commune.marker_weight_2: 1.0,
}
CHECK_COLUMNS = [COMMUNE_KEY, "code", "sheet", "row", "message"]


def load(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> CommuneData:
    """Read and validate one commune workbook or CSV folder; raise :class:`InputError` with every problem."""
    return validate(read_sheets(path, limits), source=str(path))


def validate(sheets: dict[str, RawSheet], source: str = "") -> CommuneData:
    checked = {name: _check(name, sheets.get(name)) for name in SHEETS}
    problems = [p for c in checked.values() for p in c.problems]
    frames = {name: c.frame for name, c in checked.items()}
    if all(frames[n] is not None for n in ("commune", "gender_issues", "interventions", "investment_plan")):
        problems += _cross_sheet(frames, field_rows(sheets["commune"]))
    if problems:
        raise InputError(problems, source)
    return _assemble(frames, checked, source)


def _check(name: str, raw: RawSheet | None) -> Checked:
    if raw is None:
        if name in OPTIONAL_SHEETS:
            default = default_calendar() if name == "budget_cycle" else default_sectors()
            return check_sheet(RawSheet(name, default.assign(**{ROW: pd.NA})), SHEETS[name])
        return Checked(
            None,
            [
                Problem(
                    name,
                    None,
                    "",
                    "",
                    f"the workbook has no sheet named {name}; add it (grb template writes one with every sheet)",
                    "missing_sheet",
                )
            ],
        )
    if name == "commune":
        return check_commune_sheet(raw)
    return check_sheet(raw, SHEETS[name])


def field_rows(raw: RawSheet) -> dict[str, int]:
    """Where each field of the commune sheet sits, for locating problems about it."""
    from grb.io.read import normalise_name

    frame = raw.frame
    if "field" not in frame:
        return {}
    named = frame.dropna(subset=["field"])
    return dict(zip(named["field"].map(normalise_name), named[ROW].astype(int), strict=True))


def _cross_sheet(frames: dict[str, pd.DataFrame], rows: dict[str, int]) -> list[Problem]:
    commune = frames["commune"].iloc[0]
    issues, interventions, plan = frames["gender_issues"], frames["interventions"], frames["investment_plan"]
    sectors = frames["sectors"]["code"] if frames["sectors"] is not None else default_sectors()["code"]
    problems = rules.check_period(commune, rows)
    problems += rules.check_years(interventions, "interventions", commune)
    problems += rules.check_years(plan, "investment_plan", commune)
    problems += rules.check_issue_references(issues, interventions)
    problems += rules.check_project_references(rules.links_of(interventions), plan)
    problems += rules.check_currencies(commune, rows, {"interventions": interventions, "investment_plan": plan})
    problems += rules.check_priorities(issues)
    problems += rules.check_sectors(issues, "gender_issues", sectors)
    problems += rules.check_sectors(plan, "investment_plan", sectors)
    return problems


def _assemble(frames: dict[str, pd.DataFrame], checked: dict[str, Checked], source: str) -> CommuneData:
    """Fill the defaults SPEC §1 gives and give every row its commune key and sheet order."""
    commune = frames["commune"].drop(columns=ROW).assign(source=source)
    commune = commune.fillna({k: v for k, v in DEFAULTS.items()})
    plan_currency = commune[Commune.currency].iloc[0]

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(**{COMMUNE_KEY: 0, ORDER: range(len(frame))})

    interventions = frames["interventions"].fillna({Interventions.currency: plan_currency})
    plan = frames["investment_plan"].fillna({InvestmentPlan.currency: plan_currency})
    cycle = frames["budget_cycle"]
    has_space = cycle[BudgetCycle.space].notna()
    cycle = cycle.assign(
        space_type=cycle[BudgetCycle.space_type].fillna(has_space.map({True: "invited", False: "closed"}))
    )
    links = rules.links_of(interventions).drop(columns=ROW)
    return CommuneData(
        communes=commune.assign(**{COMMUNE_KEY: 0}),
        gender_issues=keyed(frames["gender_issues"]),
        interventions=keyed(interventions),
        investment_plan=keyed(plan),
        budget_cycle=keyed(cycle),
        links=links.assign(**{COMMUNE_KEY: 0}),
        checks=_unknown_column_checks(checked),
    )


def _unknown_column_checks(checked: dict[str, Checked]) -> pd.DataFrame:
    rows = [
        {
            COMMUNE_KEY: 0,
            "code": "unknown_column",
            "sheet": name,
            "row": 1 if name != "commune" else pd.NA,
            "message": f"the column {col} is not used by grb and was ignored",
        }
        for name, c in checked.items()
        for col in c.unknown_columns
    ]
    frame = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    return frame.astype({"row": "Int64"})
