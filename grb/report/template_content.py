"""What the template says and shows: instructions, example rows, dropdown lists, column widths.

English source texts marked ``N_`` (the template writes them through ``_()`` in its language).
"""

from __future__ import annotations

from grb.i18n import N_
from grb.schemas.models import FUNDING_SOURCES, INTERVENTION_TYPES, LEVELS, SPACE_TYPES, STAGE_KINDS

INSTRUCTIONS = [
    (N_("What this is"), N_("One workbook per commune. Fill the sheets from left to right, then run grb.")),
    (
        N_("commune"),
        N_("One row per field: the commune, its plan period (first_year, last_year), the plan currency "
           "(KHR or USD) and usd_rate when some amounts are in the other currency. language (km or en) chooses "
           "the language of the gap report."),
    ),
    (
        N_("gender_issues"),
        N_("The commune's gender issues, each stated as a gap between women and men, with severity, reach and "
           "urgency as whole numbers from 1 to 5 (or your own priority for every issue)."),
    ),
    (
        N_("interventions"),
        N_("What should be done about each issue: quantity x unit_cost, and the project_id(s) of the "
           "investment plan that carry it in cip_projects, separated by ;"),
    ),
    (N_("investment_plan"), N_("The commune investment plan (CIP) as adopted: one row per project with its budget.")),
    (
        N_("budget_cycle"),
        N_("The budget intervention map: stages of the budget cycle, their months (numbers 1 to 12), the spaces "
           "where citizens take part and the advocacy action. The rows given are grb's defaults (commune months "
           "are indicative): edit them for your province."),
    ),
    (
        N_("sectors"),
        N_("The sector codes and labels used in gender_issues and investment_plan. Edit only if your network "
           "uses another list."),
    ),
    (
        N_("Example rows"),
        N_("Row 2 of gender_issues, interventions and investment_plan (grey, in italics) is an example: type your "
           "first row over it. grb analyses every row it finds, so delete the example if you do not use it."),
    ),
    (
        N_("Dropdowns"),
        N_("Columns with a fixed list have a dropdown of labels; you may also type the code or the label in "
           "English or Khmer. The lists sheet shows every list. issue_id and cip_projects offer the ids of the "
           "gender_issues and investment_plan sheets."),
    ),
    (N_("Headers"), N_("Bold headers are required. Keep the header names; extra columns are ignored.")),
    (
        N_("Amounts"),
        N_("Type numbers (1200000 or 1,200,000; Khmer digits are fine). Dates as dates, YYYY-MM-DD or DD/MM/YYYY."),
    ),
    (
        N_("Check"),
        N_("Run: grb validate this_workbook.xlsx. Every problem is listed with its sheet, row and column."),
    ),
]  # fmt: skip

# Example rows (row 2 of a blank template). Texts are translated; ids, codes and numbers are kept.
EXAMPLES = {
    "gender_issues": {
        "issue_id": "G1",
        "issue": N_("Example: women walk to the district market on an unlit road and feel unsafe after dark"),
        "sector": "infrastructure",
        "affected_group": N_("Women traders"),
        "severity": 4,
        "reach": 3,
        "urgency": 4,
    },
    "interventions": {
        "intervention_id": "I1",
        "issue_id": "G1",
        "intervention": N_("Example: solar lamps along the market road"),
        "type": "infrastructure",
        "quantity": 40,
        "unit": N_("lamp"),
        "unit_cost": 720000,
        "currency": "KHR",
        "year": 2027,
        "cip_projects": "P1",
    },
    "investment_plan": {
        "project_id": "P1",
        "year": 2027,
        "sector": "infrastructure",
        "project": N_("Example: market road repair"),
        "location": N_("Village 1"),
        "budget": 48000000,
        "currency": "KHR",
        "funding_source": "commune_fund",
        "gender_marker": 1,
    },
}

# Dropdown lists written on the ``lists`` sheet: label kind (also the column it serves), title, codes.
LIST_KINDS = [
    ("type", N_("Intervention type"), INTERVENTION_TYPES),
    ("funding_source", N_("Funding source"), FUNDING_SOURCES),
    ("level", N_("Level"), LEVELS),
    ("kind", N_("Kind of stage"), STAGE_KINDS),
    ("space_type", N_("Space type"), SPACE_TYPES),
]

SHEET_TITLES = {
    "gender_issues": N_("Gender issues"),
    "interventions": N_("Interventions"),
    "investment_plan": N_("Commune investment plan"),
    "budget_cycle": N_("Budget cycle"),
    "sectors": N_("Sectors"),
}

# Column widths (characters) chosen so each sheet prints on one A4 landscape page width at >= 9 points.
WIDTHS = {
    "issue_id": 9, "intervention_id": 11, "project_id": 9, "stage_id": 7, "code": 24, "label": 40,
    "issue": 30, "intervention": 28, "project": 26, "sector": 18, "type": 14, "funding_source": 14,
    "affected_group": 16, "cause": 18, "evidence": 16, "severity": 8, "reach": 7, "urgency": 8, "priority": 8,
    "quantity": 9, "unit": 8, "unit_cost": 11, "currency": 8, "year": 7, "women_beneficiaries": 10,
    "men_beneficiaries": 10, "cip_projects": 10, "responsible": 12, "location": 12, "budget": 13,
    "gender_marker": 8, "spent": 11,
    "level": 9, "stage": 14, "kind": 11, "start_month": 11, "end_month": 10, "decision_makers": 15,
    "documents": 11, "space": 16, "space_type": 10, "advocacy_issue": 14, "advocacy_action": 17, "actors": 12,
    "source": 18,
}  # fmt: skip


def row_lines(text: object, width: float) -> int:
    """Lines a wrapped cell of ``width`` characters needs for ``text`` (11-point text, a margin for words)."""
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(1, int(width * 1.05))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
