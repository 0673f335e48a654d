"""The ``Follow-up`` sheet (SPEC §4.2): what became of last cycle's gaps, for a council meeting.

Key figures first (money won, share won, how many of each outcome, overdue actions), then a chart of last
cycle's gaps by outcome, then the table: previous gaps in their previous order, then the new gaps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import xlsxwriter

from grb.i18n import N_, _
from grb.report import layout as L
from grb.report.cells import write_cell

if TYPE_CHECKING:
    from grb.report.excel import Formats

SHEET = N_("Follow-up")
KEY_FIGURES = [
    ("previous_gap_total", N_("Last cycle's gaps"), "money"),
    ("won_total", N_("Money won (now in the plan)"), "money"),
    ("won_share", N_("  share of last cycle's gaps won"), "share"),
    ("n_won", N_("Gaps won"), "int"),
    ("n_partly_won", N_("Gaps partly won"), "int"),
    ("n_not_won", N_("Gaps not won"), "int"),
    ("n_dropped", N_("Gaps no longer in the workbook (dropped)"), "int"),
    ("n_new", N_("New gaps this cycle"), "int"),
    ("n_overdue", N_("Overdue actions (deadline passed, not agreed or done)"), "int"),
]
OUTCOME_LABELS = {
    "won": N_("Won"),
    "partly_won": N_("Partly won"),
    "not_won": N_("Not won"),
    "dropped": N_("No longer in the plan"),
    "new": N_("New"),
}
TABLE = [
    L.Col("intervention_id", N_("Intervention ID"), 11),
    L.Col("issue_id", N_("Issue ID"), 14),  # also the key figures column
    L.Col("intervention", N_("Intervention"), 36, "wrap"),
    L.Col("outcome", N_("Outcome"), 12),
    L.Col("previous_status", N_("Previous status"), 15),
    L.Col("previous_gap", N_("Previous gap"), 15, "money"),
    L.Col("current_status", N_("Current status"), 15),
    L.Col("current_gap", N_("Current gap"), 15, "money"),
    L.Col("won_amount", N_("Money won"), 15, "money"),
    L.Col("progress", N_("Progress"), 14),
    L.Col("deadline", N_("Deadline"), 12, "date"),
    L.Col("overdue", N_("Overdue"), 8),
    L.Col("matched_by", N_("Matched by"), 8),
]
OUTCOME_COLOURS = {"won": "#C6EFCE", "partly_won": "#FFEB9C", "not_won": "#FFC7CE", "dropped": "#D9D9D9"}


def write_follow_up(
    book: xlsxwriter.Workbook, ws, table: pd.DataFrame, summary: pd.DataFrame, currency: str, fmt: Formats
) -> None:
    """Fill the ``Follow-up`` sheet (added by the report writer where it belongs in the sheet order)."""
    from grb.report.excel import table as write_table

    s = summary.set_index("metric")["value"]
    write_cell(ws, 0, 0, _("What became of last cycle's gaps"), fmt.title)
    write_cell(ws, 2, 0, _("Key figures"), fmt.header)
    write_cell(ws, 2, 1, currency + " / " + _("share"), fmt.header)
    for r, (metric, label, kind) in enumerate(KEY_FIGURES, start=3):
        write_cell(ws, r, 0, _(label), fmt.by_name["text"])
        write_cell(ws, r, 1, s[metric], fmt.by_name[kind])
    top = 3 + len(KEY_FIGURES) + 1
    _outcome_chart(book, ws, table, fmt, top)
    first = top + 7  # below the outcome table and the chart
    shown = table.assign(outcome=table["outcome"].map(lambda o: _(OUTCOME_LABELS[o])))
    write_table(ws, shown, [L.Col(c.field, _(c.header), c.width, c.fmt) for c in TABLE], fmt, first_row=first)
    ws.set_column(0, 0, 44)


def _outcome_chart(book: xlsxwriter.Workbook, ws, table: pd.DataFrame, fmt: Formats, top: int) -> None:
    """Last cycle's gaps by outcome: the data as a small table, and a column chart beside it."""
    previous = table[table["outcome"] != "new"]
    amounts = previous.groupby("outcome")["previous_gap"].sum()
    write_cell(ws, top, 0, _("Last cycle's gaps by outcome"), fmt.header)
    write_cell(ws, top, 1, _("Previous gap"), fmt.header)
    outcomes = [o for o in OUTCOME_LABELS if o != "new"]
    for r, outcome in enumerate(outcomes, start=top + 1):
        write_cell(ws, r, 0, _(OUTCOME_LABELS[outcome]), fmt.by_name["text"])
        write_cell(ws, r, 1, float(amounts.get(outcome, 0.0)), fmt.by_name["money"])
    chart = book.add_chart({"type": "column"})
    name = ws.get_name()
    chart.add_series(
        {
            "name": _("Previous gap"),
            "categories": [name, top + 1, 0, top + len(outcomes), 0],
            "values": [name, top + 1, 1, top + len(outcomes), 1],
            "points": [{"fill": {"color": OUTCOME_COLOURS[o]}, "border": {"color": "#7F7F7F"}} for o in outcomes],
        }
    )
    chart.set_title({"name": _("Last cycle's gaps by outcome")})
    chart.set_legend({"none": True})
    chart.set_size({"width": 520, "height": 300})
    ws.insert_chart(2, 3, chart)
