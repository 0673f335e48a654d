"""Build input workbooks in code, so every test shows the cells it is about (no binary fixtures)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from grb.synthetic import write_book  # noqa: F401 - the one workbook writer, shared with the benchmark

Book = dict[str, list[list[Any]]]  # sheet -> rows, the first row is the header

MINIMAL: Book = {
    "commune": [
        ["field", "value"],
        ["commune_name", "Test commune"],
        ["first_year", 2026],
        ["last_year", 2028],
        ["currency", "KHR"],
        ["usd_rate", 4000],
    ],
    "gender_issues": [
        ["issue_id", "issue", "sector", "severity", "reach", "urgency"],
        ["G1", "Girls miss school to fetch water", "water_sanitation", 5, 4, 3],
    ],
    "interventions": [
        ["intervention_id", "issue_id", "intervention", "type", "quantity", "unit_cost", "cip_projects"],
        ["I1", "G1", "Wells near houses", "infrastructure", 2, 1_000_000, "P1"],
    ],
    "investment_plan": [
        ["project_id", "year", "sector", "project", "budget"],
        ["P1", 2026, "water_sanitation", "Well drilling", 1_500_000],
    ],
}


def minimal() -> Book:
    return copy.deepcopy(MINIMAL)


def set_cell(book: Book, sheet: str, row: int, column: str, value: Any) -> Book:
    """Set the cell at Excel ``row`` (header = 1) under the header ``column``; rows are added as needed."""
    rows = book[sheet]
    col = rows[0].index(column)
    while len(rows) < row:
        rows.append([None] * len(rows[0]))
    rows[row - 1][col] = value
    return book


def add_column(book: Book, sheet: str, column: str, values: list[Any]) -> Book:
    rows = book[sheet]
    rows[0].append(column)
    for row, value in zip(rows[1:], values, strict=True):
        row.append(value)
    return book


def write_csv_folder(folder: Path, book: Book) -> Path:
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    for sheet, rows in book.items():
        with (folder / f"{sheet}.csv").open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([["" if v is None else v for v in row] for row in rows])
    return folder


def data_from_book(book: Book):
    """Validate a book without writing a file (fast, for property tests)."""
    from grb.io.read import normalise_name, sheet_from_rows
    from grb.schemas.validate import validate

    return validate({normalise_name(name): sheet_from_rows(rows, name) for name, rows in book.items()})
