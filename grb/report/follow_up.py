"""The ``Follow-up`` sheet (SPEC §4.2): what became of last cycle's gaps, for a council meeting.

Key figures first (money won, share won, how many of each outcome, overdue actions), then a chart of last
cycle's gaps by outcome, then the table: previous gaps in their previous order, then the new gaps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import xlsxwriter

from grb.i18n import N_, _
from grb.labels import label
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
    L.Col("outcome", N_("Outcome"), 14, "wrap"),
    L.Col("previous_status", N_("Previous status"), 15, "wrap"),
    L.Col("previous_gap", N_("Previous gap"), 15, "money"),
    L.Col("current_status", N_("Current status"), 15, "wrap"),
    L.Col("current_gap", N_("Current gap"), 15, "money"),
    L.Col("won_amount", N_("Money won"), 15, "money"),
    L.Col("progress", N_("Progress"), 14, "wrap"),
    L.Col("deadline", N_("Deadline"), 12, "date"),
    L.Col("overdue", N_("Overdue"), 8),
    L.Col("matched_by", N_("Matched by"), 10, "wrap"),
]
MATCHED_BY = {"id": N_("Intervention ID")}
LABEL_SPAN = 3  # key figures: labels over the first three columns of the table (61 characters)
OUTCOME_COLOURS = {"won": "#C6EFCE", "partly_won": "#FFEB9C", "not_won": "#FFC7CE", "dropped": "#D9D9D9"}


def write_follow_up(
    book: xlsxwriter.Workbook, ws, table: pd.DataFrame, summary: pd.DataFrame, currency: str, fmt: Formats
) -> None:
    """Fill the ``Follow-up`` sheet (added by the report writer where it belongs in the sheet order)."""
    from grb.report.excel import header_height
    from grb.report.excel import table as write_table

    s = summary.set_index("metric")["value"]
    write_cell(ws, 0, 0, _("What became of last cycle's gaps"), fmt.title)
    # The key figures' labels span the table's first LABEL_SPAN columns (a wide first column would shrink the
    # printed table below it); their values sit in the next column.
    ws.merge_range(2, 0, 2, LABEL_SPAN - 1, _("Key figures"), fmt.header)
    write_cell(ws, 2, LABEL_SPAN, label("currency", currency) + " / " + _("share"), fmt.header)
    for r, (metric, text, kind) in enumerate(KEY_FIGURES, start=3):
        ws.merge_range(r, 0, r, LABEL_SPAN - 1, _(text), fmt.by_name["text"])
        write_cell(ws, r, LABEL_SPAN, s[metric], fmt.by_name[kind])
    top = 3 + len(KEY_FIGURES) + 1
    _outcome_chart(book, ws, table, fmt, top, currency)
    first = top + 7  # below the outcome table and the chart
    shown = table.assign(
        outcome=table["outcome"].map(lambda o: _(OUTCOME_LABELS[o])),
        previous_status=table["previous_status"].map(lambda v: label("intervention_status", v), na_action="ignore"),
        current_status=table["current_status"].map(lambda v: label("intervention_status", v), na_action="ignore"),
        progress=table["progress"].map(lambda v: label("progress", v), na_action="ignore"),
        overdue=L.yes_no(table["overdue"]),
        matched_by=table["matched_by"].map(lambda v: _(MATCHED_BY.get(v, v)), na_action="ignore"),
    )  # labels for people, as in the other sheets (codes stay in the CSV files)
    cols = L.headers(TABLE)
    write_table(ws, shown, cols, fmt, first_row=first)
    ws.set_row(first, header_height(cols))  # the headers wrap whole in their narrow columns


def _outcome_chart(book: xlsxwriter.Workbook, ws, table: pd.DataFrame, fmt: Formats, top: int, currency: str) -> None:
    """Last cycle's gaps by outcome: the data as a small table, and a column chart beside it."""
    previous = table[table["outcome"] != "new"]
    amounts = previous.groupby("outcome")["previous_gap"].sum()
    ws.merge_range(top, 0, top, LABEL_SPAN - 1, _("Last cycle's gaps by outcome"), fmt.header)
    write_cell(ws, top, LABEL_SPAN, _("Previous gap"), fmt.header)
    outcomes = [o for o in OUTCOME_LABELS if o != "new"]
    for r, outcome in enumerate(outcomes, start=top + 1):
        ws.merge_range(r, 0, r, LABEL_SPAN - 1, _(OUTCOME_LABELS[outcome]), fmt.by_name["text"])
        write_cell(ws, r, LABEL_SPAN, float(amounts.get(outcome, 0.0)), fmt.by_name["money"])
    chart = book.add_chart({"type": "column"})
    name = ws.get_name()
    chart.add_series(
        {
            "name": _("Previous gap"),
            "categories": [name, top + 1, 0, top + len(outcomes), 0],
            "values": [name, top + 1, LABEL_SPAN, top + len(outcomes), LABEL_SPAN],
            "points": [{"fill": {"color": OUTCOME_COLOURS[o]}, "border": {"color": "#7F7F7F"}} for o in outcomes],
        }
    )
    chart.set_title({"name": _("Last cycle's gaps by outcome")})
    chart.set_legend({"none": True})
    money = '#,##0.0,," M"' if currency == "KHR" else "#,##0"  # riel in millions, as the Summary chart
    chart.set_y_axis({"num_format": money, "min": 0})
    chart.set_size({"width": 520, "height": 300})
    ws.insert_chart(2, LABEL_SPAN + 2, chart)
