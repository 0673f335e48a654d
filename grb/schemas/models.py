"""The input contract (SPEC §1): one pandera model per sheet, each column declared once.

A column's ``metadata["kind"]`` says how grb parses the raw cell (it parses numbers and dates itself, so
that a bad cell can be shown as the user typed it); the pandera checks say what is allowed. Everything
else (required columns, the template's headers and dropdowns, the problem messages) is derived from here.
Class attributes give the column names: ``Interventions.unit_cost == "unit_cost"``.
"""

from __future__ import annotations

from typing import Any

import pandera.pandas as pa
from pandera.typing import Series

from grb.i18n import N_

CURRENCIES = ["KHR", "USD"]
INTERVENTION_TYPES = [
    "service",
    "infrastructure",
    "capacity_building",
    "awareness",
    "data_baseline",
    "advocacy",
    "other",
]
FUNDING_SOURCES = ["commune_fund", "local_contribution", "line_department", "ngo", "development_partner", "other"]
LEVELS = ["commune", "national"]
STAGE_KINDS = ["planning", "formulation", "approval", "execution", "oversight"]
SPACE_TYPES = ["closed", "invited", "claimed"]
GENDER_MARKERS = [0, 1, 2]
YEAR_RANGE = {"min_value": 1990, "max_value": 2100}
LANGUAGES = ["en", "km"]


def _f(
    kind: str, *, required: bool = False, unique: bool = False, help: str = "", codes: str = "", **checks: Any
) -> Any:
    """A column: how to parse it (``kind``), whether a value is required, its checks and a hint for users.

    ``unique`` means unique *within a commune*; grb checks it itself (pandera's would span stacked communes).
    ``codes`` names the code list a code column is read against (``grb.schemas.codes.read_code``).
    """
    metadata = {"kind": kind, "help": help, "unique": unique, "codes": codes}
    return pa.Field(nullable=not required, metadata=metadata, **checks)


class _Sheet(pa.DataFrameModel):
    class Config:
        strict = False  # unknown extra columns are kept and only warned about (SPEC §1)


class Commune(_Sheet):
    """The ``commune`` sheet (``field``/``value`` rows), read as one record per commune."""

    commune_name: Series[Any] = _f("text", required=True, help=N_("name of the commune (Khmer or Latin)"))
    commune_code: Series[Any] | None = _f(
        "code_text", str_matches=r"^\d{6}$", help=N_("a 6-digit NCDD code, e.g. 010201")
    )
    district: Series[Any] | None = _f("text")
    province: Series[Any] | None = _f("text")
    first_year: Series[Any] = _f("integer", required=True, in_range=YEAR_RANGE, help=N_("first year of the plan"))
    last_year: Series[Any] = _f("integer", required=True, in_range=YEAR_RANGE, help=N_("last year of the plan"))
    currency: Series[Any] = _f("upper", required=True, isin=CURRENCIES, help=N_("plan currency"))
    usd_rate: Series[Any] | None = _f("number", gt=0, help=N_("riel per US dollar, e.g. 4100"))
    women_population: Series[Any] | None = _f("integer", ge=0)
    men_population: Series[Any] | None = _f("integer", ge=0)
    as_of: Series[Any] | None = _f("date", help=N_("date of the analysis, YYYY-MM-DD"))
    weight_severity: Series[Any] | None = _f("number", ge=0, help=N_("default 1"))
    weight_reach: Series[Any] | None = _f("number", ge=0, help=N_("default 1"))
    weight_urgency: Series[Any] | None = _f("number", ge=0, help=N_("default 1"))
    marker_weight_1: Series[Any] | None = _f(
        "number", in_range={"min_value": 0, "max_value": 1}, help=N_("default 0.4")
    )
    marker_weight_2: Series[Any] | None = _f(
        "number", in_range={"min_value": 0, "max_value": 1}, help=N_("default 1.0")
    )
    language: Series[Any] | None = _f("lower", isin=LANGUAGES, codes="language", help=N_("km or en, default en"))


class GenderIssues(_Sheet):
    """The ``gender_issues`` sheet."""

    issue_id: Series[Any] = _f("id", required=True, unique=True)
    issue: Series[Any] = _f("text", required=True, help=N_("the gap between women and men"))
    sector: Series[Any] = _f("sector", required=True, codes="sector")
    affected_group: Series[Any] | None = _f("text")
    cause: Series[Any] | None = _f("text")
    evidence: Series[Any] | None = _f("text")
    severity: Series[Any] | None = _f("integer", in_range={"min_value": 1, "max_value": 5}, help=N_("1-5"))
    reach: Series[Any] | None = _f("integer", in_range={"min_value": 1, "max_value": 5}, help=N_("1-5"))
    urgency: Series[Any] | None = _f("integer", in_range={"min_value": 1, "max_value": 5}, help=N_("1-5"))
    priority: Series[Any] | None = _f("integer", ge=1, unique=True, help=N_("optional: 1 = first"))


class Interventions(_Sheet):
    """The ``interventions`` sheet: what should be done about each issue, with its cost."""

    intervention_id: Series[Any] = _f("id", required=True, unique=True)
    issue_id: Series[Any] = _f("id", required=True)
    intervention: Series[Any] = _f("text", required=True)
    type: Series[Any] = _f("lower", required=True, isin=INTERVENTION_TYPES, codes="type")
    quantity: Series[Any] = _f("number", required=True, gt=0)
    unit: Series[Any] | None = _f("text")
    unit_cost: Series[Any] = _f("money", required=True, ge=0)
    currency: Series[Any] | None = _f("upper", isin=CURRENCIES, help=N_("default: the plan currency"))
    year: Series[Any] | None = _f("integer", help=N_("within the plan period"))
    women_beneficiaries: Series[Any] | None = _f("integer", ge=0)
    men_beneficiaries: Series[Any] | None = _f("integer", ge=0)
    cip_projects: Series[Any] | None = _f("id_list", help=N_("project ids separated by ;"))
    responsible: Series[Any] | None = _f("text")


class InvestmentPlan(_Sheet):
    """The ``investment_plan`` sheet: the commune investment plan (CIP) as adopted."""

    project_id: Series[Any] = _f("id", required=True, unique=True)
    year: Series[Any] = _f("integer", required=True, help=N_("within the plan period"))
    sector: Series[Any] = _f("sector", required=True, codes="sector")
    project: Series[Any] = _f("text", required=True)
    location: Series[Any] | None = _f("text")
    budget: Series[Any] = _f("money", required=True, ge=0)
    currency: Series[Any] | None = _f("upper", isin=CURRENCIES, help=N_("default: the plan currency"))
    funding_source: Series[Any] | None = _f("lower", isin=FUNDING_SOURCES, codes="funding_source")
    women_beneficiaries: Series[Any] | None = _f("integer", ge=0)
    men_beneficiaries: Series[Any] | None = _f("integer", ge=0)
    gender_marker: Series[Any] | None = _f("integer", isin=GENDER_MARKERS, help=N_("0, 1 or 2"))
    spent: Series[Any] | None = _f("number", ge=0, help=N_("spent so far, in the project's currency"))


class BudgetCycle(_Sheet):
    """The optional ``budget_cycle`` sheet: the budget intervention map."""

    stage_id: Series[Any] = _f("id", required=True, unique=True)
    level: Series[Any] = _f("lower", required=True, isin=LEVELS, codes="level")
    stage: Series[Any] = _f("text", required=True)
    kind: Series[Any] = _f("lower", required=True, isin=STAGE_KINDS, codes="kind")
    start_month: Series[Any] = _f("integer", required=True, in_range={"min_value": 1, "max_value": 12})
    end_month: Series[Any] = _f("integer", required=True, in_range={"min_value": 1, "max_value": 12})
    decision_makers: Series[Any] | None = _f("text")
    documents: Series[Any] | None = _f("text")
    space: Series[Any] | None = _f("text")
    space_type: Series[Any] | None = _f(
        "lower", isin=SPACE_TYPES, codes="space_type", help=N_("default closed / invited")
    )
    advocacy_issue: Series[Any] | None = _f("text")
    advocacy_action: Series[Any] | None = _f("text")
    actors: Series[Any] | None = _f("text")
    source: Series[Any] | None = _f("text", help=N_("where the dates come from"))


class Sectors(_Sheet):
    """The optional ``sectors`` sheet, replacing the default sector list."""

    code: Series[Any] = _f("lower", required=True, unique=True, codes="sector")
    label: Series[Any] | None = _f("text")


# Sheet name -> model, in the order a user fills them. ``budget_cycle`` and ``sectors`` are optional.
SHEETS: dict[str, type[_Sheet]] = {
    "commune": Commune,
    "gender_issues": GenderIssues,
    "interventions": Interventions,
    "investment_plan": InvestmentPlan,
    "budget_cycle": BudgetCycle,
    "sectors": Sectors,
}
OPTIONAL_SHEETS = {"budget_cycle", "sectors"}


def columns(model: type[_Sheet]) -> dict[str, pa.Column]:
    """The declared columns of a model, in order."""
    return dict(model.to_schema().columns)


def allowed_values(column: pa.Column) -> list[Any] | None:
    """The ``isin`` list of a column, if it has one (the template's dropdowns use it)."""
    for check in column.checks:
        if check.name == "isin":
            return list(check.statistics["allowed_values"])
    return None
