"""Two budget cycles of one commune, worked out by hand (see tests/test_follow_up.py for every figure).

Last cycle (2025-2027) is planned in US dollars, this cycle (2026-2028) in riel; the current usd_rate
(4,000 riel per dollar) converts last cycle's gaps. Last cycle's own rate (4,100) is never used for that.
"""

from __future__ import annotations

import copy

CYCLE = [
    ["stage_id", "level", "stage", "kind", "start_month", "end_month", "space"],
    ["S1", "commune", "Priority setting", "planning", 10, 11, "Village meeting"],
    ["S2", "commune", "Budget preparation", "formulation", 10, 12, "PBC meeting"],
]
ISSUES_HEADER = ["issue_id", "issue", "sector", "priority"]
IV_HEADER = [
    "intervention_id",
    "issue_id",
    "intervention",
    "type",
    "quantity",
    "unit_cost",
    "cip_projects",
    "responsible",
]

PREVIOUS = {
    "commune": [
        ["field", "value"],
        ["commune_name", "Follow-up commune"],
        ["commune_code", "210103"],
        ["first_year", 2025],
        ["last_year", 2027],
        ["currency", "USD"],
        ["usd_rate", 4100],
        ["as_of", "2025-09-15"],  # windows: S1 1 Oct - 30 Nov 2025, S2 1 Oct - 31 Dec 2025
    ],
    "gender_issues": [
        ISSUES_HEADER,
        ["G1", "Girls fetch water", "water_sanitation", 1],
        ["G2", "Few women on the council", "participation_leadership", 2],
        ["G3", "Dark market road", "infrastructure", 3],
        ["G4", "Women far from health care", "health", 4],
        ["G5", "Violence unreported", "gender_based_violence", 5],
    ],
    "interventions": [
        IV_HEADER,
        ["A1", "G1", "Wells near houses", "infrastructure", 1, 1000, None, "Commune council"],  # gap 1,000 USD
        ["A2", "G1", "Water committee training", "capacity_building", 1, 500, "P1", "CCWC"],  # 500 - 200 = 300 USD
        ["A3", "G2", "Leadership training for women", "capacity_building", 1, 250, None, None],  # gap 250 USD
        ["A4", "G3", "Market road lighting", "infrastructure", 1, 100, None, None],  # gap 100 USD
        ["A5", "G4", "Health centre outreach", "service", 1, 50, None, None],  # gap 50 USD
        ["A6", "G5", "Legal aid clinic", "service", 1, 25, None, None],  # gap 25 USD
    ],
    "investment_plan": [
        ["project_id", "year", "sector", "project", "budget"],
        ["P1", 2025, "water_sanitation", "Water committee", 200],
    ],
    "budget_cycle": CYCLE,
}

CURRENT = {
    "commune": [
        ["field", "value"],
        ["commune_name", "Follow-up commune"],
        ["commune_code", "210103"],
        ["first_year", 2026],
        ["last_year", 2028],
        ["currency", "KHR"],
        ["usd_rate", 4000],
        ["as_of", "2026-09-15"],
    ],
    "gender_issues": [
        ISSUES_HEADER,
        ["G1", "Girls fetch water", "water_sanitation", 1],
        ["G2", "Few women on the council", "participation_leadership", 2],
        ["G3", "Dark market road", "infrastructure", 3],
        ["G4", "Women far from health care", "health", 4],
        ["G6", "Women farmers lack credit", "agriculture_livelihoods", 5],
    ],
    "interventions": [
        IV_HEADER,
        ["A1", "G1", "Wells near houses", "infrastructure", 1, 4_000_000, "P1", "Commune council"],  # programmed
        ["A2", "G1", "Water committee training", "capacity_building", 1, 2_000_000, "P2", None],  # gap 1,199,999.5
        ["A3", "G2", "Leadership training for women", "capacity_building", 1, 1_000_000, "P3", None],  # gap 600,000
        ["A4", "G3", "Market road lighting", "infrastructure", 1, 600_000, None, None],  # gap 600,000
        ["B5", "G4", "Outreach by the health centre", "service", 1, 300_000, None, None],  # renamed A5
        ["B7", "G6", "Savings groups for women", "service", 1, 500_000, None, None],  # new
    ],
    "investment_plan": [
        ["project_id", "year", "sector", "project", "budget"],
        ["P1", 2026, "water_sanitation", "Wells", 4_000_000],
        ["P2", 2026, "water_sanitation", "Water committee", 800_000.5],
        ["P3", 2026, "participation_leadership", "Council training", 400_000],
    ],
    "budget_cycle": CYCLE,
}


def previous() -> dict:
    return copy.deepcopy(PREVIOUS)


def current() -> dict:
    return copy.deepcopy(CURRENT)
