"""``grb template``: the input workbook an analyst fills in Excel, generated from the schemas.

Headers, dropdowns and notes all come from the pandera models, so the template can never disagree with
the validator. The default budget calendars and sector list are written out for editing. The sample
budgets are this same workbook with rows filled in.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from xlsxwriter.worksheet import Worksheet

from grb.data import default_calendar, default_sectors
from grb.io.write import atomic_output
from grb.report.cells import new_workbook, write_cell, write_rows
from grb.schemas.models import SHEETS, Commune, allowed_values, columns

MAX_ROWS = 500  # rows that get dropdowns below the header

INSTRUCTIONS = [
    ("grb input workbook", "One workbook per commune. Fill the sheets from left to right."),
    (
        "commune",
        "One row per field: the commune, its plan period (first_year, last_year), the plan currency "
        "(KHR or USD) and usd_rate when some amounts are in the other currency.",
    ),
    (
        "gender_issues",
        "The commune's gender issues, each stated as a gap between women and men, with "
        "severity, reach and urgency from 1 to 5 (or your own priority for every issue).",
    ),
    (
        "interventions",
        "What should be done about each issue: quantity x unit_cost, and the project_id(s) of the "
        "investment plan that carry it in cip_projects, separated by ;",
    ),
    ("investment_plan", "The commune investment plan (CIP) as adopted: one row per project with its budget."),
    (
        "budget_cycle",
        "The budget intervention map: stages of the budget cycle, their months, the spaces where "
        "citizens take part and the advocacy action. The rows given are grb's defaults "
        "(commune months are indicative): edit them for your province.",
    ),
    (
        "sectors",
        "The sector codes used in gender_issues and investment_plan. Edit only if your network uses another list.",
    ),
    ("Headers", "Bold headers are required. Keep the header names; extra columns are ignored."),
    ("Amounts", "Type numbers (1200000 or 1,200,000). Dates as dates or as YYYY-MM-DD."),
    ("Check", "Run: grb validate this_workbook.xlsx. Every problem is listed with its sheet, row and column."),
]


def write_template(path: str | Path, rows: dict[str, pd.DataFrame] | None = None) -> None:
    """Write the input workbook; ``rows`` (sheet -> frame) fills it (the samples are made this way)."""
    rows = rows or {}
    with atomic_output(path) as tmp:
        book = new_workbook(tmp)
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        plain = book.add_format({"bg_color": "#F2F2F2", "border": 1})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        _instructions(book.add_worksheet("instructions"), bold, wrap)
        _commune_sheet(book.add_worksheet("commune"), rows.get("commune"), bold, wrap)
        defaults = {"budget_cycle": default_calendar(), "sectors": default_sectors()}
        n_sectors = len(rows.get("sectors", defaults["sectors"]))
        for name, model in SHEETS.items():
            if name == "commune":
                continue
            ws = book.add_worksheet(name)
            declared = columns(model)
            frame = rows.get(name, defaults.get(name, pd.DataFrame(columns=list(declared))))
            frame = frame.reindex(columns=list(declared))
            for c, col in enumerate(declared.values()):
                write_cell(ws, 0, c, col.name, bold if col.required else plain)
                ws.set_column(c, c, max(12, len(col.name) + 2))
                if (col.metadata or {}).get("help"):
                    ws.write_comment(0, c, col.metadata["help"])
                _dropdown(ws, c, col, n_sectors)
            write_rows(ws, frame, 1, {})
            ws.freeze_panes(1, 0)
        book.close()


def _instructions(ws: Worksheet, bold: object, wrap: object) -> None:
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 110)
    for r, (topic, text) in enumerate(INSTRUCTIONS):
        write_cell(ws, r, 0, topic, bold)
        write_cell(ws, r, 1, text, wrap)


def _commune_sheet(ws: Worksheet, given: pd.DataFrame | None, bold: object, wrap: object) -> None:
    """``field``/``value`` rows for every declared field, with a ``help`` column."""
    values = dict(zip(given["field"], given["value"], strict=True)) if given is not None else {}
    for c, head in enumerate(["field", "value", "help"]):
        write_cell(ws, 0, c, head, bold)
    ws.set_column(0, 0, 20)
    ws.set_column(1, 1, 28)
    ws.set_column(2, 2, 60)
    for r, (name, col) in enumerate(columns(Commune).items(), start=1):
        write_cell(ws, r, 0, name, bold if col.required else None)
        write_cell(ws, r, 1, values.get(name))
        note = ("required. " if col.required else "") + (col.metadata or {}).get("help", "")
        write_cell(ws, r, 2, note.strip(), wrap)
        allowed = allowed_values(col)
        if allowed:
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": [str(v) for v in allowed]})


def _dropdown(ws: Worksheet, c: int, col: pa.Column, n_sectors: int) -> None:
    allowed = allowed_values(col)
    if col.metadata and col.metadata.get("kind") == "sector":
        source: object = f"=sectors!$A$2:$A${n_sectors + 1}"
    elif allowed:
        source = [str(v) for v in allowed]
    else:
        return
    ws.data_validation(
        1, c, MAX_ROWS, c, {"validate": "list", "source": source, "error_title": col.name, "error_type": "warning"}
    )
