"""What each sheet of the gap report shows: columns (field, header, width, format), in reading order.

Widths are explicit: Excel's autofit measures Khmer script badly. Formats name entries of ``Formats``.
"""

from __future__ import annotations

from typing import NamedTuple


class Col(NamedTuple):
    field: str
    header: str
    width: float
    fmt: str = "text"


GENDER_ISSUES = [
    Col("rank", "Rank", 6, "int"),
    Col("issue_id", "Issue", 8),
    Col("issue", "Gender issue", 48, "wrap"),
    Col("sector", "Sector", 18),
    Col("score", "Score", 7, "num"),
    Col("n_interventions", "Interventions", 9, "int"),
    Col("cost", "Cost", 15, "money"),
    Col("covered", "Covered by CIP", 15, "money"),
    Col("gap", "Gap", 15, "money"),
    Col("coverage", "Coverage", 9, "share"),
    Col("status", "Status", 15, "status"),
]
INTERVENTIONS = [
    Col("rank", "Rank", 6, "int"),
    Col("intervention_id", "Intervention", 9),
    Col("issue_id", "Issue", 7),
    Col("intervention", "What should be done", 44, "wrap"),
    Col("type", "Type", 15),
    Col("quantity", "Qty", 7, "num"),
    Col("unit", "Unit", 9),
    Col("unit_cost", "Unit cost", 12, "num"),
    Col("currency", "Cur.", 5),
    Col("cost", "Cost", 15, "money"),
    Col("cip_projects", "CIP projects", 12),
    Col("allocated", "Allocated", 15, "money"),
    Col("gap", "Gap", 15, "money"),
    Col("surplus", "Surplus", 13, "money"),
    Col("status", "Status", 15, "status"),
]
GAPS = [
    Col("rank", "Rank", 6, "int"),
    Col("intervention_id", "Intervention", 9),
    Col("issue_id", "Issue", 7),
    Col("intervention", "What should be done", 36, "wrap"),
    Col("status", "Status", 15, "status"),
    Col("gap", "Gap", 15, "money"),
    Col("entry_stage_id", "Entry stage", 8),
    Col("stage", "Stage", 24, "wrap"),
    Col("window_start", "Window opens", 12, "date"),
    Col("window_end", "Window closes", 12, "date"),
    Col("advocacy_action", "Advocacy action", 70, "wrap"),
]
INVESTMENT_PLAN = [
    Col("project_id", "Project", 8),
    Col("year", "Year", 6, "int"),
    Col("sector", "Sector", 18),
    Col("project", "Project name", 36, "wrap"),
    Col("location", "Location", 14),
    Col("budget_entered", "Budget as entered", 15, "num"),
    Col("currency", "Cur.", 5),
    Col("budget", "Budget", 15, "money"),
    Col("funding_source", "Funding", 15),
    Col("gender_marker", "Marker", 7, "int"),
    Col("linked_interventions", "Gender interventions", 14),
    Col("gender_linked", "Gender-linked", 9),
    Col("attributed", "Marker-attributed", 15, "money"),
    Col("women_beneficiaries", "Women", 8, "int"),
    Col("men_beneficiaries", "Men", 8, "int"),
    Col("women_share", "Women's share", 9, "share"),
    Col("spent", "Spent", 15, "money"),
    Col("execution_rate", "Execution rate", 9, "share"),
]
INTERVENTION_MAP = [
    Col("stage_id", "Stage", 6),
    Col("level", "Level", 9),
    Col("stage", "Stage name", 28, "wrap"),
    Col("kind", "Kind", 11),
    Col("months", "Months", 9),
    Col("space", "Space for citizens", 30, "wrap"),
    Col("space_type", "Space type", 9),
    Col("decision_makers", "Decision-makers", 24, "wrap"),
    Col("advocacy_issue", "Advocacy issue", 26, "wrap"),
    Col("advocacy_action", "Advocacy action", 30, "wrap"),
    Col("actors", "Actors", 20, "wrap"),
    Col("n_gaps", "Gaps routed", 7, "int"),
    Col("gap_amount", "Money routed", 14, "money"),
]
CHECKS = [
    Col("code", "Check", 24),
    Col("sheet", "Sheet", 16),
    Col("row", "Row", 6, "int"),
    Col("message", "What to look at", 100, "wrap"),
]
STATUS_COLOURS = {
    "programmed": "#C6EFCE",
    "funded": "#C6EFCE",
    "under_budgeted": "#FFEB9C",
    "partly_funded": "#FFEB9C",
    "unprogrammed": "#FFC7CE",
    "unfunded": "#FFC7CE",
    "no_intervention": "#D9D9D9",
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
