"""A commune worked out by hand (see tests/test_engine_handworked.py for every figure)."""

HANDWORKED = {
    "commune": [
        ["field", "value"],
        ["commune_name", "Hand-worked commune"],
        ["commune_code", "210103"],
        ["district", "Angkor Borei"],
        ["province", "Takeo"],
        ["first_year", 2026],
        ["last_year", 2028],
        ["currency", "KHR"],
        ["usd_rate", 4000],
        ["women_population", 510],
        ["men_population", 490],
        ["as_of", "2026-09-15"],
        ["weight_severity", 2],
    ],
    "gender_issues": [
        ["issue_id", "issue", "sector", "severity", "reach", "urgency"],
        ["G1", "Girls miss school to fetch water", "water_sanitation", 5, 4, 3],  # 2*5+4+3 = 17
        ["G2", "Few women on the council", "participation_leadership", 2, 2, 2],  # 2*2+2+2 = 8
        ["G3", "Dark market road is unsafe for women", "infrastructure", 4, 4, 4],  # 2*4+4+4 = 16
        ["G4", '=HYPERLINK("http://x","women vendors")', "health", 3, 1, 1],  # 2*3+1+1 = 8
        ["G5", "ស្ត្រីខ្វះព័ត៌មាន (women lack information)", "other", 1, 1, 1],  # 2*1+1+1 = 4
    ],
    "interventions": [
        ["intervention_id", "issue_id", "intervention", "type", "quantity", "unit_cost", "currency", "cip_projects"],
        ["I1", "G1", "Wells near houses", "infrastructure", 2, 1_000_000, "KHR", "P1"],
        ["I2", "G1", "Water committee training", "capacity_building", 10, 50, "USD", "P1"],
        ["I3", "G3", "Market road lighting", "infrastructure", 1, 1000, "USD", "P2"],
        ["I4", "G3", "Solar lights on the market road", "infrastructure", 4, 250_000, None, None],
        ["I5", "G2", "Leadership training for women", "capacity_building", 3, 100_000, "KHR", "P3"],
        ["I6", "G4", "Health centre outreach", "service", 1, 600_000, "KHR", "P4"],
    ],
    "investment_plan": [
        [
            "project_id",
            "year",
            "sector",
            "project",
            "budget",
            "currency",
            "women_beneficiaries",
            "men_beneficiaries",
            "gender_marker",
        ],
        ["P1", 2026, "water_sanitation", "Wells and water committee", 3_000_000, "KHR", 60, 40, 2],
        ["P2", 2027, "infrastructure", "Market road lights", 1250, "USD", 30, 70, 1],
        ["P3", 2026, "participation_leadership", "Council meeting hall", 0, "KHR", None, None, None],
        ["P4", 2027, "health", "Outreach visits", 599_999.6, "KHR", 10, 10, 0],
        ["P5", 2028, "infrastructure", "Solar street lights on the market road", 10_000_000, "KHR", 5, None, 1],
    ],
    "budget_cycle": [
        [
            "stage_id",
            "level",
            "stage",
            "kind",
            "start_month",
            "end_month",
            "space",
            "decision_makers",
            "advocacy_action",
        ],
        ["S1", "commune", "Village meetings", "planning", 5, 7, "Village meeting", "Village chiefs", "Speak up"],
        ["S2", "commune", "Commune priority setting", "planning", 9, 10, None, "Council", None],
        ["S3", "commune", "Budget preparation", "formulation", 10, 11, "PBC meeting", "Commune chief", "Cost it"],
        ["S4", "commune", "Council adoption", "approval", 12, 12, "Council meeting", "Council", "Attend"],
    ],
}
