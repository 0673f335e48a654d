"""``rollup.xlsx`` and the batch CSV files: many communes for an advocacy network (money in riel).

The writers take the batch's tables as frames (``Batch.tables()``: communes, problems, duplicates and the
roll-ups), not the batch itself, so that this module and ``grb.batch`` do not import each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from grb.i18n import N_, _
from grb.io.write import atomic_output
from grb.labels import label
from grb.report import pages
from grb.report.cells import new_workbook, write_cell
from grb.report.csv import write_tables
from grb.report.excel import Formats, header_height, print_setup, table
from grb.report.layout import Col, headers
from grb.report.summary import KEY_FIGURES, SUB_FIGURES
from grb.schemas.outputs import SUMMARY_METRICS

SHEET_TITLES = {  # sheet name (fixed) -> the title people read in the print header
    "Summary": N_("Summary"),
    "Communes": N_("Communes"),
    "Districts": N_("Districts"),
    "Provinces": N_("Provinces"),
    "Sectors": N_("Sectors"),
    "Checks": N_("Checks"),
    "Problems": N_("Problems"),
    "Follow-up provinces": N_("Follow-up of last cycle's gaps by province (riel)"),
    "Follow-up districts": N_("Follow-up of last cycle's gaps by district (riel)"),
}

PLACE = [  # narrow enough, with the figures, to print the Communes sheet on one page width
    Col("commune_name", N_("Commune"), 20, "wrap"),
    Col("commune_code", N_("Code"), 8),
    Col("district", N_("District"), 12, "wrap"),
    Col("province", N_("Province"), 12, "wrap"),
]
FIGURES = [
    Col("n_interventions", N_("Interventions"), 9, "int"),
    Col("n_unprogrammed", N_("Unprogrammed"), 9, "int"),
    Col("n_under_budgeted", N_("Under-budgeted"), 9, "int"),
    Col("total_cost", N_("Cost (KHR)"), 15, "money"),
    Col("unprogrammed_cost", N_("Unprogrammed cost"), 15, "money"),
    Col("costing_gap", N_("Costing gap"), 15, "money"),
    Col("total_gap", N_("Gap"), 15, "money"),
    Col("gender_linked_share", N_("Gender-linked CIP"), 9, "share"),
    Col("women_beneficiary_share", N_("Women's share"), 9, "share"),
]
COMMUNES = [Col("input", N_("Input"), 16, "wrap"), *PLACE, *FIGURES]
DISTRICTS = [
    Col("province", N_("Province"), 16),
    Col("district", N_("District"), 18),
    Col("n_communes", N_("Communes"), 9, "int"),
    *FIGURES,
]
PROVINCES = [Col("province", N_("Province"), 18), Col("n_communes", N_("Communes"), 9, "int"), *FIGURES]
SECTORS = [
    Col("sector", N_("Sector of the gender issue"), 28),
    Col("n_communes", N_("Communes leaving it unprogrammed"), 12, "int"),
    Col("n_interventions", N_("Unprogrammed interventions"), 12, "int"),
    Col("n_recommended", N_("Recommended interventions"), 12, "int"),
    Col("unprogrammed_share", N_("Share unprogrammed"), 10, "share"),
    Col("unprogrammed_cost", N_("Unprogrammed cost (KHR)"), 16, "money"),
]
PROBLEMS = [
    Col("input", N_("Input"), 24),
    Col("sheet", N_("Sheet"), 16),
    Col("row", N_("Row"), 6, "int"),
    Col("column", N_("Column"), 18),
    Col("value", N_("Value"), 18),
    Col("problem", N_("Problem"), 70, "wrap"),
    Col("code", N_("Code"), 18),
]
DUPLICATES = [
    Col("commune_code", N_("Commune code"), 12),
    Col("input", N_("Input"), 24),
    Col("commune_name", N_("Commune"), 30),
]


FOLLOW_UP = [  # SPEC §4.2, rolled up (grb batch --previous)
    Col("n_communes", N_("Communes"), 9, "int"),
    Col("previous_gap_total", N_("Last cycle's gaps"), 15, "money"),
    Col("won_total", N_("Money won"), 15, "money"),
    Col("won_share", N_("Share won"), 9, "share"),
    Col("n_won", N_("Won"), 7, "int"),
    Col("n_partly_won", N_("Partly won"), 8, "int"),
    Col("n_not_won", N_("Not won"), 8, "int"),
    Col("n_dropped", N_("No longer in the plan"), 9, "int"),
    Col("n_new", N_("New"), 7, "int"),
    Col("n_overdue", N_("Overdue actions"), 9, "int"),
]
FOLLOW_UP_SHEETS = {  # sheet -> (table of grb.batch_follow_up.rollups, the columns that name the place)
    "Follow-up provinces": ("follow_up_provinces", [Col("province", N_("Province"), 18)]),
    "Follow-up districts": (
        "follow_up_districts",
        [Col("province", N_("Province"), 16), Col("district", N_("District"), 18)],
    ),
}


def batch_csv_frames(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    frames = {"communes": tables["communes"], "problems": tables["problems"]}
    if "summary" in tables:
        total = tables["summary"].iloc[0]
        frames["summary"] = pd.DataFrame(
            {"metric": SUMMARY_METRICS, "value": pd.Series([total[m] for m in SUMMARY_METRICS], dtype=object)}
        )
        frames["districts"], frames["provinces"] = tables["district"], tables["province"]
    return frames


def write_batch_csv(tables: dict[str, pd.DataFrame], folder: Path, inputs: Iterable[Path] = ()) -> None:
    write_tables(batch_csv_frames(tables), folder, inputs)


def write_rollup(
    tables: dict[str, pd.DataFrame],
    path: Path,
    facts: dict[str, float],
    inputs: Iterable[Path] = (),
    as_of: dt.date | None = None,
) -> None:
    """The roll-up workbook; ``facts`` are ``n_inputs`` and ``usd_rate`` for its Summary sheet."""
    rollups = {k: tables[k] for k in ("summary", "district", "province", "sectors") if k in tables}
    communes, problems = tables["communes"], tables["problems"]
    with atomic_output(path, inputs) as tmp:
        created = dt.datetime.combine(as_of or dt.date.today(), dt.time())
        book = new_workbook(tmp, created=created)
        fmt = Formats(book, "KHR")
        layouts = {"Communes": COMMUNES, "Districts": DISTRICTS, "Provinces": PROVINCES, "Sectors": SECTORS,
                   "Checks": DUPLICATES, "Problems": PROBLEMS}  # fmt: skip
        summary = book.add_worksheet("Summary")
        if rollups:
            table(book.add_worksheet("Communes"), communes, headers(COMMUNES), fmt)
            table(book.add_worksheet("Districts"), rollups["district"], headers(DISTRICTS), fmt)
            table(book.add_worksheet("Provinces"), rollups["province"], headers(PROVINCES), fmt)
            sectors = rollups["sectors"].assign(
                sector=rollups["sectors"]["sector"].map(lambda s: label("sector", s), na_action="ignore")
            )  # labels for people (codes stay in the CSV files)
            table(book.add_worksheet("Sectors"), sectors, headers(SECTORS), fmt)
            table(book.add_worksheet("Checks"), tables["duplicates"], headers(DUPLICATES), fmt)
        table(book.add_worksheet("Problems"), problems, headers(PROBLEMS), fmt)
        for sheet, (name, place) in FOLLOW_UP_SHEETS.items():
            if name in tables:  # grb batch --previous
                table(book.add_worksheet(sheet), tables[name], headers([*place, *FOLLOW_UP]), fmt)
        _summary(book, summary, (facts, len(communes), problems["input"].nunique()), rollups, fmt)
        for ws in book.worksheets():
            if ws.name in layouts:
                ws.set_row(0, header_height(headers(layouts[ws.name])))  # headers wrap whole
            header_row = None if ws.name == "Summary" else 0
            pages.print_setup(ws, _(SHEET_TITLES[ws.name]), header_row=header_row, as_of=as_of)
        book.close()


def _summary(book, ws, counts: tuple[dict, int, int], rollups: dict[str, pd.DataFrame], fmt: Formats) -> None:
    ws.set_column(0, 0, 60)
    ws.set_column(1, 1, 20)
    write_cell(ws, 0, 0, _("Gender budget gaps across communes (amounts in riel)"), fmt.title)
    given, n_communes, n_failed = counts
    facts = [
        (_("Inputs"), given["n_inputs"]),
        (_("Communes analysed"), n_communes),
        (_("Inputs that failed validation (see Problems)"), n_failed),
        (_("Riel per dollar for USD communes without usd_rate"), given["usd_rate"]),
    ]
    for r, (text, value) in enumerate(facts, start=2):
        write_cell(ws, r, 0, text, fmt.bold)
        write_cell(ws, r, 1, value, fmt.by_name["num"])
    if not rollups:
        return
    total = rollups["summary"].iloc[0]
    write_cell(ws, 7, 0, _("Key figures, all communes"), fmt.header)
    write_cell(ws, 7, 1, label("currency", "KHR") + " / " + _("share"), fmt.header)
    labels = {metric: (text, kind) for metric, text, kind in KEY_FIGURES}  # the gap report's own labels
    for r, metric in enumerate(SUMMARY_METRICS, start=8):
        text, kind = labels.get(metric, (metric.replace("_", " "), "money"))
        text = ("    " + _(text)) if metric in SUB_FIGURES else _(text)  # as the gap report's Summary
        write_cell(ws, r, 0, text, fmt.by_name["text"])
        write_cell(ws, r, 1, total[metric], fmt.by_name[kind])
    print_setup(ws, 0)
    _chart(
        book,
        ws,
        ("Provinces", PROVINCES, "unprogrammed_cost"),
        len(rollups["province"]),
        _("Unprogrammed cost by province (riel)"),
        2,
    )
    _chart(
        book,
        ws,
        ("Sectors", SECTORS, "n_communes"),
        len(rollups["sectors"]),
        _("Communes leaving a sector's gender issues unprogrammed"),
        24,
    )


def _chart(book, ws, source: tuple[str, list[Col], str], n: int, title: str, row: int) -> None:
    """A bar chart of one column of a roll-up sheet (its first 15 rows, in the sheet's order)."""
    sheet, cols, field = source
    if n == 0:
        return
    n, label_col, value_col = min(n, 15), 0, [c.field for c in cols].index(field)
    chart = book.add_chart({"type": "bar"})
    chart.add_series(
        {
            "categories": [sheet, 1, label_col, n, label_col],
            "values": [sheet, 1, value_col, n, value_col],
            "fill": {"color": "#C00000"},
        }
    )
    chart.set_title({"name": title})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True, "crossing": "max"})
    money = field.endswith("cost")
    chart.set_x_axis(
        {
            "num_format": '#,##0.0,," M"' if money else "0",
            "min": 0,
            "name": _("million riel") if money else _("communes"),
            **({} if money else {"major_unit": 1}),
        }
    )
    chart.set_size({"width": 640, "height": 120 + 24 * n})
    ws.insert_chart(row, 3, chart)
