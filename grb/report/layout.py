"""What each sheet of the gap report shows: columns (field, header, width, format), in reading order, and the
labels people read instead of codes.

Widths are explicit (Excel's autofit measures Khmer script badly) and chosen so that every sheet printed on A4
landscape, fit to the page width, keeps 10-point text at 9 points or more (``grb.report.pages.print_scale``;
``tests/test_print.py`` holds every layout to it). Headers are English source texts marked with ``N_``: the
writer translates them when it writes them. Formats name entries of ``Formats``.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import pandas as pd

from grb.i18n import N_, _
from grb.labels import header_label, label
from grb.schemas.codes import per_text


class Col(NamedTuple):
    field: str
    header: str
    width: float
    fmt: str = "text"


GENDER_ISSUES = [
    Col("rank", N_("Rank"), 5, "int"),
    Col("issue_id", N_("Issue"), 6),
    Col("issue", N_("Gender issue"), 40, "wrap"),
    Col("sector", N_("Sector"), 16, "wrap"),
    Col("score", N_("Score"), 6, "num"),
    Col("n_interventions", N_("Interventions"), 11, "int"),
    Col("cost", N_("Cost"), 13, "money"),
    Col("covered", N_("Covered by CIP"), 13, "money"),
    Col("gap", N_("Gap"), 13, "money"),
    Col("coverage", N_("Coverage"), 9, "share"),
    Col("status", N_("Status"), 14, "status"),
]
INTERVENTIONS = [
    Col("rank", N_("Rank"), 5, "int"),
    Col("intervention_id", N_("Intervention"), 11),
    Col("issue_id", N_("Issue"), 6),
    Col("intervention", N_("What should be done"), 24, "wrap"),
    Col("type", N_("Type"), 12, "wrap"),
    Col("quantity", N_("Quantity"), 8, "num"),
    Col("unit", N_("Unit"), 8, "wrap"),
    Col("unit_cost", N_("Unit cost"), 10, "num"),
    Col("currency", N_("Currency"), 8),
    Col("cost", N_("Cost"), 12, "money"),
    Col("cip_projects", N_("CIP projects"), 8, "wrap"),
    Col("allocated", N_("Allocated"), 12, "money"),
    Col("gap", N_("Gap"), 12, "money"),
    Col("surplus", N_("Surplus"), 9, "money"),
    Col("status", N_("Status"), 13, "status"),
]
GAPS = [
    Col("rank", N_("Rank"), 5, "int"),
    Col("intervention_id", N_("Intervention"), 11),
    Col("issue_id", N_("Issue"), 6),
    Col("issue", N_("Gender issue"), 20, "wrap"),
    Col("intervention", N_("What should be done"), 21, "wrap"),
    Col("status", N_("Status"), 13, "status"),
    Col("gap", N_("Gap"), 12, "money"),
    Col("stage", N_("Where to raise it"), 18, "wrap"),
    Col("window_start", N_("Window opens"), 11, "date"),
    Col("window_end", N_("Window closes"), 11, "date"),
    Col("advocacy_action", N_("Advocacy action"), 33, "wrap"),
]
INVESTMENT_PLAN = [
    Col("project_id", N_("Project"), 6),
    Col("year", N_("Year"), 5, "int"),
    Col("sector", N_("Sector"), 12, "wrap"),
    Col("project", N_("Project name"), 19, "wrap"),
    Col("location", N_("Location"), 9, "wrap"),
    Col("budget_entered", N_("Budget as entered"), 12, "wrap"),
    Col("budget", N_("CIP budget"), 11, "money"),
    Col("funding_source", N_("Funding"), 9, "wrap"),
    Col("gender_marker", N_("Gender marker"), 7, "int"),
    Col("linked_interventions", N_("Gender interventions"), 10, "wrap"),
    Col("gender_linked", N_("Gender-linked"), 7),
    Col("attributed", N_("Marker-attributed"), 10, "money"),
    Col("women_beneficiaries", N_("Women"), 6, "int"),
    Col("men_beneficiaries", N_("Men"), 6, "int"),
    Col("women_share", N_("Women's share"), 7, "share"),
    Col("spent", N_("Spent"), 10, "money"),
    Col("execution_rate", N_("Execution rate"), 8, "share"),
]
INTERVENTION_MAP = [
    Col("stage_id", N_("Stage"), 5),
    Col("stage", N_("Stage name"), 17, "wrap"),
    Col("level_kind", N_("Level and kind"), 11, "wrap"),
    Col("space", N_("Space for citizens"), 20, "wrap"),
    Col("decision_makers", N_("Decision-makers"), 15, "wrap"),
    Col("advocacy_issue", N_("Advocacy issue"), 16, "wrap"),
    Col("advocacy_action", N_("Advocacy action and actors"), 21, "wrap"),
    Col("n_gaps", N_("Gaps routed"), 6, "int"),
    Col("gap_amount", N_("Money routed"), 11, "money"),
]
MONTH_WIDTH = 2.4  # the 12-month timeline beside the map: narrow columns, month names written vertically
CHECKS = [
    Col("sheet", N_("Sheet"), 14),
    Col("row", N_("Row"), 6, "int"),
    Col("message", N_("What to look at"), 90, "wrap"),
]
STATUS_KINDS = {  # which label list a status belongs to
    "programmed": "intervention_status",
    "under_budgeted": "intervention_status",
    "unprogrammed": "intervention_status",
    "funded": "issue_status",
    "partly_funded": "issue_status",
    "unfunded": "issue_status",
    "no_intervention": "issue_status",
}
STATUS_COLOURS = {  # light fills: black text stays readable on them
    "programmed": "#C6EFCE",
    "funded": "#C6EFCE",
    "under_budgeted": "#FFEB9C",
    "partly_funded": "#FFEB9C",
    "unprogrammed": "#FFC7CE",
    "unfunded": "#FFC7CE",
    "no_intervention": "#D9D9D9",
}
MONTHS = [N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"),
          N_("Oct"), N_("Nov"), N_("Dec")]  # fmt: skip

def label_for(kind: str, code: object) -> str:
    """The label people read for ``code`` in the current language (codes stay in the CSV files); a code without
    a label (a workbook's own sector) is shown as it is. The one place the report and the template look labels up."""
    return label(kind, code)


def header_for(sheet: str, column: str) -> str:
    """The header people read for an input column (the template's row 1); it reads back as the column (§1.8)."""
    return header_label(sheet, column)



def codes_for(kind: str, codes: list[str]) -> list[str]:
    """The labels of ``codes``, in order: a template dropdown's list."""
    return [label_for(kind, code) for code in codes]


def yes_no(values: pd.Series) -> pd.Series:
    """``True``/``False`` as people write them."""
    return values.map({True: _("Yes"), False: _("No")}).where(values.notna(), None)


def labelled(values: pd.Series, kind: str) -> pd.Series:
    """A whole column of codes as labels: one lookup per distinct code, not per row."""
    return per_text(values, functools.partial(label_for, kind))


def headers(cols: list[Col]) -> list[Col]:
    """The columns with their headers in the current language."""
    return [c._replace(header=_(c.header)) for c in cols]
