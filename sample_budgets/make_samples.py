"""Build the illustrative sample budgets (run: ``python sample_budgets/make_samples.py``).

ILLUSTRATIVE DATA, NOT REAL FIGURES. Commune names and codes come from the NCDD gazetteer so roll-ups
look real; every issue, intervention, project and amount is invented for teaching the method.
The workbooks are written by ``grb template`` code, so they are exactly what an analyst would fill in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from grb.report.template import write_template

HERE = Path(__file__).parent
NOTE = "ILLUSTRATIVE sample for training, not real figures"


def frame(header: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=header.split(), dtype=object)


def commune(**fields: object) -> pd.DataFrame:
    return pd.DataFrame({"field": list(fields), "value": list(fields.values())}, dtype=object)


def workshop() -> dict[str, pd.DataFrame]:
    """A small KHR commune for workshops: 5 issues, 10 interventions, 15 projects, some Khmer text."""
    issues = frame(
        "issue_id issue sector affected_group cause evidence severity reach urgency",
        [
            (
                "G1",
                "Women and girls walk far to fetch water; girls miss school for it",
                "water_sanitation",
                "women and girls",
                "no wells near houses",
                "village meetings 2025",
                5,
                4,
                4,
            ),
            (
                "G2",
                "Few women sit on the commune council and its planning committee",
                "participation_leadership",
                "women",
                "norms; no training",
                "council list",
                3,
                3,
                2,
            ),
            (
                "G3",
                "Domestic violence goes unreported; there is no referral service",
                "gender_based_violence",
                "women",
                "fear; no services",
                "CCWC records",
                5,
                2,
                4,
            ),
            (
                "G4",
                "ស្ត្រីមានផ្ទៃពោះពិបាកទៅសម្រាលកូននៅមណ្ឌលសុខភាព (pregnant women cannot reach the health centre)",
                "health",
                "pregnant women",
                "distance; cost of transport",
                "health centre data",
                4,
                3,
                5,
            ),
            (
                "G5",
                "Women farmers get less extension advice and credit than men",
                "agriculture_livelihoods",
                "women farmers",
                "trainings held when women are busy",
                "agriculture office",
                3,
                4,
                3,
            ),
        ],
    )
    interventions = frame(
        "intervention_id issue_id intervention type quantity unit unit_cost currency year "
        "women_beneficiaries men_beneficiaries cip_projects responsible",
        [
            (
                "I01",
                "G1",
                "Drill wells with hand pumps near houses",
                "infrastructure",
                4,
                "well",
                3_500_000,
                "KHR",
                2026,
                320,
                300,
                "P01",
                "commune council",
            ),
            (
                "I02",
                "G1",
                "Water user committee with women members",
                "capacity_building",
                2,
                "session",
                400_000,
                "KHR",
                2026,
                30,
                10,
                None,
                "CCWC",
            ),
            (
                "I03",
                "G4",
                "Transport fund for pregnant women to the health centre",
                "service",
                60,
                "trip",
                25_000,
                "KHR",
                2026,
                60,
                0,
                "P05",
                "CCWC",
            ),
            (
                "I04",
                "G4",
                "វគ្គបណ្តុះបណ្តាលអ្នកស្ម័គ្រចិត្តសុខភាពភូមិ (village health volunteer training)",
                "capacity_building",
                20,
                "person",
                60_000,
                "KHR",
                2026,
                15,
                5,
                "P06",
                "health centre",
            ),
            (
                "I05",
                "G3",
                "Referral network and safe shelter agreement",
                "service",
                1,
                "agreement",
                2_000_000,
                "KHR",
                2027,
                40,
                0,
                None,
                "CCWC",
            ),
            (
                "I06",
                "G3",
                "Village sessions on the Law on Domestic Violence",
                "awareness",
                8,
                "session",
                150_000,
                "KHR",
                2026,
                200,
                150,
                "P07",
                "CCWC",
            ),
            (
                "I07",
                "G5",
                "Extension training for women farmers",
                "capacity_building",
                3,
                "course",
                900_000,
                "KHR",
                2026,
                75,
                0,
                "P09",
                "agriculture office",
            ),
            (
                "I08",
                "G5",
                "Survey of women farmers' access to credit",
                "data_baseline",
                1,
                "survey",
                1_000_000,
                "KHR",
                2026,
                None,
                None,
                None,
                "CSO",
            ),
            (
                "I09",
                "G2",
                "Leadership training for women candidates",
                "capacity_building",
                25,
                "person",
                40_000,
                "KHR",
                2027,
                25,
                0,
                None,
                "CSO",
            ),
            (
                "I10",
                "G4",
                "Maternity waiting room at the health centre",
                "infrastructure",
                1,
                "room",
                6_000_000,
                "KHR",
                2027,
                150,
                0,
                "P06; P08",
                "commune council",
            ),
        ],
    )
    plan = frame(
        "project_id year sector project location budget currency funding_source women_beneficiaries "
        "men_beneficiaries gender_marker",
        [
            (
                "P01",
                2026,
                "water_sanitation",
                "Well drilling in Prey Kduoch and Trapeang Kak",
                "Prey Kduoch",
                14_000_000,
                "KHR",
                "commune_fund",
                320,
                300,
                1,
            ),
            (
                "P02",
                2026,
                "infrastructure",
                "Laterite road Kouk Thlok - Ta Phem (1.2 km)",
                "Ta Phem",
                45_000_000,
                "KHR",
                "commune_fund",
                900,
                850,
                0,
            ),
            (
                "P03",
                2026,
                "infrastructure",
                "Culvert repair at Trapeang Kak",
                "Trapeang Kak",
                8_000_000,
                "KHR",
                "commune_fund",
                None,
                None,
                None,
            ),
            (
                "P04",
                2026,
                "education",
                "Study materials for poor pupils",
                "all villages",
                3_000_000,
                "KHR",
                "commune_fund",
                120,
                110,
                1,
            ),
            (
                "P05",
                2026,
                "health",
                "Support for pregnant women's transport",
                "all villages",
                1_000_000,
                "KHR",
                "commune_fund",
                60,
                0,
                2,
            ),
            (
                "P06",
                2027,
                "health",
                "Health centre improvement",
                "Kouk Thlok",
                5_000_000,
                "KHR",
                "line_department",
                400,
                250,
                1,
            ),
            (
                "P07",
                2026,
                "gender_based_violence",
                "Domestic violence awareness",
                "all villages",
                600_000,
                "KHR",
                "commune_fund",
                200,
                150,
                2,
            ),
            ("P08", 2027, "health", "Maternity room equipment", "Kouk Thlok", 1_000_000, "KHR", "ngo", 150, 0, 2),
            (
                "P09",
                2026,
                "agriculture_livelihoods",
                "Agricultural extension for women farmers",
                "all villages",
                3_000_000,
                "KHR",
                "line_department",
                75,
                0,
                2,
            ),
            (
                "P10",
                2027,
                "infrastructure",
                "Irrigation canal rehabilitation",
                "Ta Phem",
                20_000_000,
                "KHR",
                "development_partner",
                500,
                520,
                0,
            ),
            (
                "P11",
                2027,
                "administration_security",
                "Commune office supplies",
                "commune office",
                2_500_000,
                "KHR",
                "commune_fund",
                None,
                None,
                0,
            ),
            (
                "P12",
                2027,
                "participation_leadership",
                "Leadership training for commune councillors",
                "commune office",
                1_200_000,
                "KHR",
                "commune_fund",
                3,
                8,
                None,
            ),
            (
                "P13",
                2028,
                "education",
                "Primary school latrines",
                "Kouk Thlok school",
                6_000_000,
                "KHR",
                "ngo",
                140,
                130,
                1,
            ),
            (
                "P14",
                2028,
                "social_protection",
                "Support for the poorest households (ID Poor)",
                "all villages",
                2_000_000,
                "KHR",
                "commune_fund",
                90,
                60,
                None,
            ),
            (
                "P15",
                2028,
                "natural_resources_climate",
                "Tree planting along the canal",
                "Ta Phem",
                1_500_000,
                "KHR",
                "local_contribution",
                None,
                None,
                0,
            ),
        ],
    )
    # What the commune's financial report says was spent so far (SPEC §2.7); empty where it says nothing.
    plan["spent"] = plan["project_id"].map(SPENT_2026).astype(object)
    return {
        "commune": commune(
            commune_name="ឃុំគោកធ្លក Kouk Thlok (illustrative)",
            commune_code="210103",
            district="Angkor Borei",
            province="Takéo",
            first_year=2026,
            last_year=2028,
            currency="KHR",
            women_population=4120,
            men_population=3890,
            as_of="2026-09-01",
        ),
        "gender_issues": issues,
        "interventions": interventions,
        "investment_plan": plan,
    }


def district_town() -> dict[str, pd.DataFrame]:
    """A larger commune with a USD plan and amounts in both currencies (usd_rate 4,100 riel)."""
    topics = [  # issue, sector, interventions (name, type, qty, unit cost, currency)
        (
            "Women lack safe transport to the district market",
            "infrastructure",
            [
                ("Lighting on the market road", "infrastructure", 40, 180.0, "USD"),
                ("Women's market shelter with latrines", "infrastructure", 1, 9500.0, "USD"),
            ],
        ),
        (
            "Girls drop out of lower secondary school more than boys",
            "education",
            [
                ("Scholarships for girls in grade 7-9", "service", 60, 120.0, "USD"),
                ("Bicycles for girls living far from school", "service", 40, 280_000, "KHR"),
                ("School latrines with water for girls", "infrastructure", 2, 3200.0, "USD"),
            ],
        ),
        (
            "Women's unpaid care work limits their income",
            "social_protection",
            [
                ("Community pre-school", "service", 1, 6000.0, "USD"),
                ("Savings groups for women", "capacity_building", 6, 1_200_000, "KHR"),
            ],
        ),
        (
            "Violence against women in garment-worker rentals",
            "gender_based_violence",
            [
                ("Safety audit of rental rooms with women workers", "data_baseline", 1, 1500.0, "USD"),
                ("Hotline and referral card campaign", "awareness", 1, 2_000_000, "KHR"),
                ("Women police contact point", "service", 1, 2400.0, "USD"),
            ],
        ),
        (
            "Women farmers lose harvests to drought",
            "natural_resources_climate",
            [
                ("Drip irrigation kits for women-headed households", "infrastructure", 50, 90.0, "USD"),
                ("Climate-smart farming training for women", "capacity_building", 4, 1_600_000, "KHR"),
            ],
        ),
        (
            "Maternal health: anaemia among pregnant women",
            "health",
            [
                ("Iron supplements and nutrition sessions", "service", 300, 4.5, "USD"),
                ("Midwife outreach visits to villages", "service", 48, 35.0, "USD"),
            ],
        ),
        (
            "Few women in commune decision making",
            "participation_leadership",
            [
                ("Mentoring for women councillors", "capacity_building", 6, 150.0, "USD"),
                ("Women's public forum before the CIP", "advocacy", 2, 400.0, "USD"),
            ],
        ),
        (
            "No sex-disaggregated data in commune records",
            "administration_security",
            [
                ("Sex-disaggregated commune database", "data_baseline", 1, 2500.0, "USD"),
                ("Training of the commune clerk on gender statistics", "capacity_building", 1, 800_000, "KHR"),
            ],
        ),
    ]
    issues, interventions = [], []
    links = {
        "I01": "P01",
        "I02": "P02",
        "I03": "P05",
        "I05": "P06",
        "I06": "P09",
        "I08": "P11",
        "I10": "P12",
        "I11": "P14",
        "I13": "P17",
        "I14": "P17",
        "I15": "P19",
        "I18": "P22",
    }
    n = 0
    for i, (issue, sector, items) in enumerate(topics, start=1):
        issues.append((f"G{i}", issue, sector, None, None, None, None, None, None, i))
        for name, kind, qty, cost, currency in items:
            n += 1
            iid = f"I{n:02d}"
            interventions.append(
                (
                    iid,
                    f"G{i}",
                    name,
                    kind,
                    qty,
                    None,
                    cost,
                    currency,
                    2026 + n % 3,
                    10 * qty if qty < 100 else qty,
                    None if n % 4 == 0 else n * 3,
                    links.get(iid),
                    None,
                )
            )
    names = [
        "Market road lighting",
        "Women's market shelter",
        "Road Phsar - Wat (2 km)",
        "Bridge repair",
        "Girls' scholarship fund",
        "School latrines",
        "Pre-school building",
        "Drainage in Phum 3",
        "Savings groups",
        "Commune hall roof",
        "Safety audit of rental rooms",
        "Police post equipment",
        "Hotline campaign",
        "Solar street lights",
        "Drip irrigation kits",
        "Canal dredging",
        "Iron supplements for pregnant women",
        "Health centre fence",
        "Mentoring for councillors",
        "Youth football field",
        "Waste collection",
        "Commune database",
        "Office computers",
        "Tree planting",
        "Flood embankment",
        "Water kiosk",
        "Library books",
        "Vaccination days",
        "Land titling support",
        "Festival stage",
    ]
    sectors = [
        "infrastructure",
        "infrastructure",
        "infrastructure",
        "infrastructure",
        "education",
        "education",
        "social_protection",
        "water_sanitation",
        "social_protection",
        "administration_security",
        "gender_based_violence",
        "administration_security",
        "gender_based_violence",
        "infrastructure",
        "natural_resources_climate",
        "agriculture_livelihoods",
        "health",
        "health",
        "participation_leadership",
        "education",
        "water_sanitation",
        "administration_security",
        "administration_security",
        "natural_resources_climate",
        "natural_resources_climate",
        "water_sanitation",
        "education",
        "health",
        "agriculture_livelihoods",
        "other",
    ]
    plan = []
    for p, (name, sector) in enumerate(zip(names, sectors, strict=True), start=1):
        khr = p % 5 == 0
        budget = (p * 1_750_000 + 2_000_000) if khr else float(500 + (p * 937) % 12_000)
        both = p % 3 != 0
        plan.append(
            (
                f"P{p:02d}",
                2026 + p % 3,
                sector,
                name,
                f"Phum {1 + p % 6}",
                budget,
                "KHR" if khr else "USD",
                ["commune_fund", "ngo", "line_department"][p % 3],
                40 * p if both else None,
                38 * p if both else None,
                [0, 1, 2, None][p % 4],
            )
        )
    return {
        "commune": commune(
            commune_name="Angkor Chum (illustrative)",
            commune_code="170101",
            district="Angkor Chum",
            province="Siem Reap",
            first_year=2026,
            last_year=2028,
            currency="USD",
            usd_rate=4100,
            women_population=11250,
            men_population=10830,
            as_of="2026-03-15",
        ),
        "gender_issues": frame(
            "issue_id issue sector affected_group cause evidence severity reach urgency priority", issues
        ),
        "interventions": frame(
            "intervention_id issue_id intervention type quantity unit unit_cost currency "
            "year women_beneficiaries men_beneficiaries cip_projects responsible",
            interventions,
        ),
        "investment_plan": frame(
            "project_id year sector project location budget currency funding_source "
            "women_beneficiaries men_beneficiaries gender_marker",
            plan,
        ),
    }


SPENT_2026 = {"P01": 9_800_000, "P02": 45_000_000, "P05": 400_000, "P07": 600_000, "P09": 1_500_000}


def workshop_2025() -> dict[str, pd.DataFrame]:
    """The same commune one cycle earlier (2025-2027 plan, analysed on 1 Sep 2025), for the follow-up demo.

    Against this cycle: I01 (wells) was unprogrammed and is now programmed (won); I03 (transport fund) had a
    1,000,000 riel costing gap, now 500,000 (partly won); I11 was renamed I09 this cycle (a suggested match);
    I12 (savings-group grants) is no longer recommended (dropped); the other gaps were not won.
    """
    book = workshop()
    iv = book["interventions"].copy()
    iv.loc[iv["intervention_id"] == "I01", "cip_projects"] = None
    iv.loc[iv["intervention_id"] == "I09", ["intervention_id", "intervention"]] = [
        "I11",
        "Leadership training for women council candidates",
    ]
    iv["year"] = iv["year"] - 1
    extra = iv[iv["intervention_id"] == "I08"].assign(
        intervention_id="I12", intervention="Start-up grants for women's savings groups", quantity=3, unit_cost=500_000
    )
    plan = book["investment_plan"].copy()
    plan["year"] = plan["year"] - 1
    plan.loc[plan["project_id"] == "P05", "budget"] = 500_000
    plan["spent"] = None
    book["commune"] = commune(
        **dict(zip(book["commune"]["field"], book["commune"]["value"], strict=True))
        | {"first_year": 2025, "last_year": 2027, "as_of": "2025-09-01"}
    )
    return book | {"interventions": pd.concat([iv, extra], ignore_index=True), "investment_plan": plan}


# The analyst's year, typed into the tracker of last cycle's gap report: intervention -> header -> value.
TRACKER_EDITS = {
    "I01": {"Progress": "Done", "Agreed by": "Commune council (2026 CIP, project P01)"},
    "I02": {
        "Progress": "Behind schedule",
        "Reason for delay": "committee members not chosen yet",
        "Responsible": "CCWC",
    },
    "I03": {
        "Progress": "Agreed",
        "Agreed by": "Provincial Department of Health (temporary agreement at the DIW)",
        "Agreed amount": 500_000,
    },
    "I05": {"Progress": "On schedule", "Note": "an NGO partner is interested", "Deadline": dt.datetime(2026, 12, 31)},
}


def write_tracker_report(workbook: Path, target: Path) -> None:
    """Last cycle's gap report, with its tracker filled as an analyst would in Excel during the year."""
    import openpyxl

    import grb

    grb.write_report(grb.analyze(grb.load(workbook)), target)
    book = openpyxl.load_workbook(target)
    ws = book["Advocacy tracker"]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        for header, value in TRACKER_EDITS.get(row[0].value, {}).items():
            row[headers.index(header)].value = value
    book.save(target)


def write_csv_folder(folder: Path, sheets: dict[str, pd.DataFrame]) -> None:
    folder.mkdir(exist_ok=True)
    for name, rows in sheets.items():
        rows.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8")


if __name__ == "__main__":
    small = workshop()
    write_template(HERE / "workshop_commune.xlsx", small)
    write_csv_folder(HERE / "workshop_commune_csv", small)
    write_template(HERE / "district_town_usd.xlsx", district_town())
    write_template(HERE / "workshop_commune_2025.xlsx", workshop_2025())
    write_tracker_report(HERE / "workshop_commune_2025.xlsx", HERE / "workshop_commune_2025_report.xlsx")
    print(f"wrote the samples in {HERE} ({NOTE})")
