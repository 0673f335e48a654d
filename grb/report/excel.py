"""The gap report (SPEC §3.2): a workbook for a commune council and a CSO analyst, written with xlsxwriter.

It only formats what the :class:`Result` holds; no figure is computed here. One function per sheet.
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
from grb.engine.follow_up import new_tracker
from grb.i18n import _
from grb.io.write import atomic_output
from grb.report import layout as L
from grb.report.cells import new_workbook, write_cell
from grb.report.follow_up import SHEET as FOLLOW_UP_SHEET
from grb.report.follow_up import write_follow_up
from grb.report.sentences import with_sentences
from grb.report.summary import write_summary
from grb.report.tracker import with_actions, write_tracker

if TYPE_CHECKING:
    from grb.cycles import FollowUp

LINE_HEIGHT = 12.75  # points per line of 10-point text


class Formats:
    """The report's cell formats; money follows the plan currency (riel without decimals, dollars with two)."""

    def __init__(self, book: xlsxwriter.Workbook, currency: str):
        money = "#,##0" if currency == "KHR" else "#,##0.00"
        base = {"valign": "top", "font_size": 10}
        self.by_name = {
            "text": book.add_format(base),
            "wrap": book.add_format({**base, "text_wrap": True}),
            "int": book.add_format({**base, "num_format": "0"}),
            "num": book.add_format({**base, "num_format": "#,##0.##"}),
            "money": book.add_format({**base, "num_format": money}),
            "share": book.add_format({**base, "num_format": "0%"}),
            "date": book.add_format({**base, "num_format": "d mmm yyyy"}),
            "status": book.add_format(base),
        }
        self.header = book.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "top",
                "bg_color": "#1F4E78",
                "font_color": "#FFFFFF",
                "border": 1,
                "font_size": 10,
            }
        )
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.bold = book.add_format({"bold": True, "font_size": 10})
        self.money_bold = book.add_format({"bold": True, "num_format": money, "font_size": 10})
        self.status = {s: book.add_format({**base, "bg_color": c}) for s, c in L.STATUS_COLOURS.items()}
        self.month_on = book.add_format({"bg_color": "#5B9BD5", "border": 1, "border_color": "#FFFFFF"})
        self.month_off = book.add_format({"bg_color": "#F2F2F2", "border": 1, "border_color": "#FFFFFF"})
        self.month_head_now = book.add_format(
            {"bold": True, "bg_color": "#C00000", "font_color": "#FFFFFF", "align": "center", "border": 1}
        )


def write_report(
    result: Result, path: str | Path, inputs: tuple[str | Path, ...] = (), follow_up: FollowUp | None = None
) -> None:
    """Write the report of the one commune of ``result`` whole, or nothing at all.

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
    commune, result = result.communes.iloc[0], with_sentences(result)
    created = pd.Timestamp(commune["as_of"]).to_pydatetime()
    with atomic_output(path, inputs) as tmp:
        book = new_workbook(tmp, created=dt.datetime.combine(created.date(), dt.time()))
        fmt = Formats(book, commune["currency"])
        summary = book.add_worksheet("Summary")
        follow = book.add_worksheet(_(FOLLOW_UP_SHEET)) if follow_up is not None else None
        table(book.add_worksheet("Gender issues"), result.gender_issues, L.GENDER_ISSUES, fmt)
        table(book.add_worksheet("Interventions"), result.interventions, L.INTERVENTIONS, fmt)
        gaps = result.gaps.merge(
            result.intervention_map[["commune_key", "stage_id", "stage"]].rename(
                columns={"stage_id": "entry_stage_id"}
            ),
            on=["commune_key", "entry_stage_id"],
            how="left",
        )
        table(book.add_worksheet("Gaps"), gaps, L.GAPS, fmt)
        table(book.add_worksheet("Investment plan"), result.investment_plan, L.INVESTMENT_PLAN, fmt)
        intervention_map(book.add_worksheet("Intervention map"), result, fmt)
        table(book.add_worksheet("Checks"), result.checks, L.CHECKS, fmt)
        write_summary(book, summary, result, fmt)
        if follow_up is not None:
            write_follow_up(book, follow, follow_up.follow_up, follow_up.summary, commune["currency"], fmt)
        tracker = follow_up.tracker if follow_up is not None else new_tracker(result.gaps, result.communes)
        write_tracker(book, with_actions(tracker, result.gaps), commune["currency"], commune.get("commune_code"))
        book.close()


def table(ws: Worksheet, frame: pd.DataFrame, cols: list[L.Col], fmt: Formats, first_row: int = 0) -> None:
    """A filterable table with a frozen, repeated header row, explicit widths, coloured statuses, print setup."""
    n = len(frame)
    values = {c.field: frame[c.field].tolist() if c.field in frame else [None] * n for c in cols}
    for c, col in enumerate(cols):
        write_cell(ws, first_row, c, col.header, fmt.header)
        ws.set_column(c, c, col.width)
        base = fmt.by_name[col.fmt]
        for r, value in enumerate(values[col.field], start=first_row + 1):
            write_cell(ws, r, c, value, fmt.status.get(value, base) if col.fmt == "status" else base)
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
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def intervention_map(ws: Worksheet, result: Result, fmt: Formats) -> None:
    """The budget cycle with spaces, actions and routed gaps, and a 12-month timeline of each stage."""
    stages = result.intervention_map
    # astype(object): an empty calendar (the analyst cleared it) maps to an empty int column otherwise
    first_month = stages["start_month"].map(lambda m: L.MONTHS[m - 1]).astype(object)
    last_month = stages["end_month"].map(lambda m: L.MONTHS[m - 1]).astype(object)
    stages = stages.assign(months=first_month.where(first_month == last_month, first_month + "-" + last_month))
    table(ws, stages, L.INTERVENTION_MAP, fmt)
    first = len(L.INTERVENTION_MAP)
    as_of_month = pd.Timestamp(result.communes["as_of"].iloc[0]).month
    start, end = stages["start_month"].to_numpy(), stages["end_month"].to_numpy()
    for m, name in enumerate(L.MONTHS, start=1):
        head = fmt.month_head_now if m == as_of_month else fmt.header
        write_cell(ws, 0, first + m - 1, name + (" (now)" if m == as_of_month else ""), head)
        ws.set_column(first + m - 1, first + m - 1, 9 if m == as_of_month else 4.5)
        inside = ((start <= m) & (m <= end)) | ((end < start) & ((m >= start) | (m <= end)))
        for r, on in enumerate(inside, start=1):
            ws.write_blank(r, first + m - 1, None, fmt.month_on if on else fmt.month_off)
