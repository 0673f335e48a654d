"""The gap report (SPEC §3.2): a workbook for a commune council and a CSO analyst, written with xlsxwriter.

It only formats what the :class:`Result` holds; no figure is computed here. One function per sheet. Every text
a person reads goes through ``grb.i18n`` in the report's language; codes become labels (codes stay in the CSV
files). Sheet names stay grb's fixed English names (SPEC §3.2, and grb reads ``Advocacy tracker`` back): the
translated title is in each page's print header.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from grb.engine import Result
from grb.i18n import N_, _, current, language
from grb.io.write import atomic_output
from grb.report import layout as L
from grb.report import pages
from grb.report.cells import close, new_workbook, write_blank, write_cell, write_filled
from grb.report.columns import Columns
from grb.report.follow_up import SHEET as FOLLOW_UP_SHEET
from grb.report.follow_up import write_follow_up
from grb.report.people import place_name, report_language
from grb.report.prepared import Sheets, columns_of, prepare, sheets_of
from grb.report.summary import write_summary
from grb.report.tracker import write_tracker
from grb.schemas.memory import collector_paused

if TYPE_CHECKING:
    from grb.cycles import FollowUp

LINE_HEIGHT = 12.75  # points per line of 10-point text
SHEET_TITLES = {  # sheet name (fixed, SPEC §3.2) -> the title people read in the print header
    "Summary": N_("Summary"),
    "Gender issues": N_("Gender issues"),
    "Interventions": N_("Interventions"),
    "Gaps": N_("Gaps: where and when to advocate"),
    "Investment plan": N_("Commune investment plan"),
    "Intervention map": N_("Budget intervention map"),
    "Checks": N_("Checks"),
    "Follow-up": N_("Follow-up: what became of last cycle's gaps"),
    "Advocacy tracker": N_("Advocacy tracker: to be updated through the year"),
}


class Formats:
    """The report's cell formats; money follows the plan currency (riel without decimals, dollars with two).

    Built inside the report's language: the font is one that renders it, and status fills are keyed by the
    status *labels* the sheets show.
    """

    def __init__(self, book: xlsxwriter.Workbook, currency: str):
        money = pages.money_format(currency)
        base = {"valign": "top", "font_size": pages.TEXT_SIZE, "font_name": pages.font()}
        self.base = base
        self.by_name = {
            "text": book.add_format(base),
            "wrap": book.add_format({**base, "text_wrap": True}),
            "int": book.add_format({**base, "num_format": "0", "align": "center"}),
            "num": book.add_format({**base, "num_format": "#,##0.##"}),
            "money": book.add_format({**base, "num_format": money}),
            "share": book.add_format({**base, "num_format": "0%"}),
            "date": book.add_format({**base, "num_format": pages.date_format(), "align": "center"}),
            "status": book.add_format(base),
        }
        head = {**base, "bold": True, "text_wrap": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF"}
        self.header = book.add_format({**head, "border": 1})
        self.title = book.add_format({**base, "bold": True, "font_size": 14, "valign": "vcenter"})
        self.bold = book.add_format({**base, "bold": True})
        self.left = book.add_format({**base, "align": "left"})
        self.count = book.add_format({**base, "num_format": "0"})  # counts in a column of amounts: right
        self.date_left = book.add_format({**base, "num_format": pages.date_format(), "align": "left"})
        self.money_bold = book.add_format({**base, "bold": True, "num_format": money})
        colours = L.STATUS_COLOURS.items()
        self.status = {L.label_for(L.STATUS_KINDS[s], s): book.add_format({**base, "bg_color": c}) for s, c in colours}
        self.month_on = book.add_format({"bg_color": "#5B9BD5", "border": 1, "border_color": "#FFFFFF"})
        self.month_off = book.add_format({"bg_color": "#F2F2F2", "border": 1, "border_color": "#FFFFFF"})
        month_head = {**head, "rotation": 90, "align": "center", "valign": "bottom", "border": 1}
        self.month_head = book.add_format(month_head)
        self.month_head_now = book.add_format({**month_head, "bg_color": "#C00000"})


def write_report(
    result: Result,
    path: str | Path,
    inputs: tuple[str | Path, ...] = (),
    lang: str | None = None,
    follow_up: FollowUp | None = None,
) -> None:
    """Write the report of the one commune of ``result`` whole, or nothing at all, in ``lang``.

    With ``follow_up`` (SPEC §4.2) the report adds a ``Follow-up`` sheet and its tracker carries last cycle's
    analyst columns; ``result`` is then ``follow_up.result``.

    A report speaks to one commune council: a stacked result of several communes is refused rather than
    silently reduced to its first commune.
    """
    if len(result.communes) != 1:
        raise ValueError(
            f"write_report writes one commune's report; this result holds {len(result.communes)} communes. "
            "Use `grb batch` for one report per commune, or Result.part(key, result.row_index()) for one of them."
        )
    with language(report_language(result.communes, lang)):
        prepared = prepare(result, follow_up.tracker if follow_up is not None else None)
        write_sheets(sheets_of(columns_of(prepared)), path, inputs, follow_up)


def write_sheets(
    people: Sheets, path: str | Path, inputs: tuple[str | Path, ...] = (), follow_up: FollowUp | None = None
) -> None:
    """Write one commune's report from its prepared :class:`Sheets`, in the current language (a batch cuts every
    commune's from frames prepared once).

    The cycle collector is paused while the report is written: its thousands of cells live until the file is
    written, and the collector would walk them (and everything else alive) again and again, finding nothing to
    free (none is cyclic garbage once :func:`grb.report.cells.close` has let go of the workbook).
    """
    commune = people.commune
    created = pd.Timestamp(commune["as_of"]).to_pydatetime()
    with atomic_output(path, inputs) as tmp, collector_paused():
        book = new_workbook(tmp, created=dt.datetime.combine(created.date(), dt.time()))
        fmt = Formats(book, commune["currency"])
        summary = book.add_worksheet("Summary")
        follow = book.add_worksheet(FOLLOW_UP_SHEET) if follow_up is not None else None
        table(book.add_worksheet("Gender issues"), people.issues, L.headers(L.GENDER_ISSUES), fmt)
        table(book.add_worksheet("Interventions"), people.interventions, L.headers(L.INTERVENTIONS), fmt)
        table(book.add_worksheet("Gaps"), people.gaps, L.headers(L.GAPS), fmt)
        table(book.add_worksheet("Investment plan"), people.plan, L.headers(L.INVESTMENT_PLAN), fmt)
        intervention_map(book.add_worksheet("Intervention map"), people.stages, commune["as_of"], fmt)
        table(book.add_worksheet("Checks"), people.checks, L.headers(L.CHECKS), fmt)
        write_summary(book, summary, people, fmt)
        if follow_up is not None:
            write_follow_up(book, follow, follow_up.follow_up, follow_up.summary, commune["currency"], fmt)
        write_tracker(book, people.tracker, commune["currency"], commune.get("commune_code"))
        place = place_name(commune)
        layouts = {"Gender issues": L.GENDER_ISSUES, "Interventions": L.INTERVENTIONS, "Gaps": L.GAPS,
                   "Investment plan": L.INVESTMENT_PLAN, "Checks": L.CHECKS}  # fmt: skip
        for ws in book.worksheets():
            if ws.name in layouts:
                ws.set_row(0, header_height(L.headers(layouts[ws.name])))
            header_row = None if ws.name == "Summary" else 0
            title = _(SHEET_TITLES[ws.name])
            pages.print_setup(ws, title, place, commune["as_of"], header_row=header_row)
        close(book)


def header_height(cols: list[L.Col]) -> float:
    """The header row's height: every header wrapped whole (headers are bold, so fewer letters per line)."""
    words = [max(1, -(-len(c.header) // max(1, int(c.width * 0.95)))) for c in cols]
    return max(words) * pages.LINE_HEIGHT[current()] + 3


def table(
    ws: Worksheet, frame: pd.DataFrame | Columns, cols: list[L.Col], fmt: Formats, first_row: int = 0
) -> None:
    """A filterable table with a frozen, repeated header row, explicit widths, coloured statuses, print setup."""
    rows = Columns.of(frame) if isinstance(frame, pd.DataFrame) else frame
    n = len(rows)
    values = {c.field: rows[c.field] if c.field in rows else [None] * n for c in cols}
    for c, col in enumerate(cols):
        write_cell(ws, first_row, c, col.header, fmt.header)
        base = fmt.by_name[col.fmt]
        ws.set_column(c, c, col.width, base)  # an empty cell shows the column's format: no blank cell is written
        write_filled(ws, first_row + 1, c, values[col.field], base, fmt.status if col.fmt == "status" else None)
    for r, height in enumerate(row_heights(values, cols, n), start=first_row + 1):
        ws.set_row(r, height)
    ws.autofilter(first_row, 0, first_row + max(n, 1), len(cols) - 1)
    ws.freeze_panes(first_row + 1, 0)
    print_setup(ws, first_row)


def row_heights(values: dict[str, list], cols: list[L.Col], n: int) -> list[float]:
    """Row heights for wrapped text: xlsxwriter cannot autofit rows, and LibreOffice does not either."""
    lines = np.ones(n)
    for col in cols:
        if col.fmt == "wrap":
            chars = np.fromiter((len(v) if isinstance(v, str) else 0 for v in values[col.field]), float, n)
            lines = np.maximum(lines, np.ceil(chars / (col.width * 1.15)))
    return (np.minimum(lines, 15) * LINE_HEIGHT + 2).tolist()


def print_setup(ws: Worksheet, header_row: int) -> None:
    """A4 landscape, fit to width, the header row repeated (``grb.report.pages.print_setup`` adds the title)."""
    pages.print_setup(ws, "", header_row=header_row)


def intervention_map(ws: Worksheet, stages: Columns, as_of: object, fmt: Formats) -> None:
    """The budget cycle with spaces, actions and routed gaps, and a 12-month timeline of each stage."""
    table(ws, stages, L.headers(L.INTERVENTION_MAP), fmt)
    first = len(L.INTERVENTION_MAP)
    as_of_month = pd.Timestamp(as_of).month
    start, end = np.array(stages["start_month"]), np.array(stages["end_month"])
    ws.set_row(0, 52)  # room for the vertical month names and the wrapped headers
    for m, name in enumerate(L.MONTHS, start=1):
        now = m == as_of_month
        text = _("{month} (now)").format(month=_(name)) if now else _(name)
        write_cell(ws, 0, first + m - 1, text, fmt.month_head_now if now else fmt.month_head)
        ws.set_column(first + m - 1, first + m - 1, L.MONTH_WIDTH)
        inside = ((start <= m) & (m <= end)) | ((end < start) & ((m >= start) | (m <= end)))
        for r, on in enumerate(inside, start=1):
            write_blank(ws, r, first + m - 1, fmt.month_on if on else fmt.month_off)
