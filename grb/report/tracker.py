"""The ``Advocacy tracker`` sheet (SPEC §4.1): the gap report's one sheet meant to be edited through the year.

grb's columns are locked and grey; the analyst's columns (responsible, deadline, progress, reason for delay,
agreed by, agreed amount, note) are unlocked and yellow; ``progress`` is a dropdown of labels in the report's
language, prefilled "Not started"; ``deadline`` is a real date. The sheet is protected without a password, so
a stray keystroke does not change what grb computed, yet nothing stops an analyst who means to.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xlsxwriter

from grb.labels import header_label, label
from grb.report import pages
from grb.report.cells import write_cell
from grb.report.columns import Columns
from grb.report.layout import labelled
from grb.schemas.tracker import ANALYST_COLUMNS, COLUMNS, PROGRESS, SHEET

CODE_PROPERTY = "grb_commune_code"  # read back by grb.follow_up to refuse a report of another commune
# Column widths (characters) that print the 17 columns on one A4 width at >= 9 pt; long text wraps in its row.
WIDTHS = {"intervention_id": 6, "issue_id": 5, "intervention": 14, "gap": 10, "currency": 6, "status": 9,
          "entry_stage_id": 5, "action": 18}  # fmt: skip
DEFAULT_WIDTH = 9
# Khmer month names are long ("30 វិច្ឆិកា 2026" needs 12 characters, else the cell prints ###): the date columns
# are wider in a Khmer report, and the text columns give up as much, so the page keeps its scale.
WIDTHS_KM = {**WIDTHS, "window_start": 12, "window_end": 12, "deadline": 12, "action": 15, "intervention": 12,
             "responsible": 8, "reason_for_delay": 8, "agreed_by": 8, "note": 8}  # fmt: skip
MAX_LINES = 20  # a row taller than this is cut when printed; the advocacy sentences need up to ~18 lines
WRAPPED = ["intervention", "action", "responsible", "reason_for_delay", "agreed_by", "note", "status", "progress"]
KINDS = {
    "gap": "money",
    "agreed_amount": "money",
    "window_start": "date",
    "window_end": "date",
    "deadline": "date",
    **dict.fromkeys(WRAPPED, "wrap"),
}
ANALYST_COLOUR = "#FFF2CC"
LINES = "lines"  # the lines of wrapped text a row needs (a column of the prepared tracker, never written)


def with_actions(tracker: pd.DataFrame, gaps: pd.DataFrame) -> pd.DataFrame:
    """The tracker's ``action`` = the gap's advocacy sentence, as the writers composed it (current language)."""
    keys = ["commune_key", "intervention_id"]
    action = tracker[keys].merge(gaps[[*keys, "advocacy_action"]], on=keys, how="left")["advocacy_action"]
    return tracker.assign(action=action.to_numpy())


def tracker_for_people(tracker: pd.DataFrame, gaps: pd.DataFrame) -> pd.DataFrame:
    """The tracker as the sheet shows it: each gap's sentence as its action, codes as labels (grb reads labels
    back as codes, SPEC §1.8), and in :data:`LINES` the lines each row needs for its wrapped text."""
    shown = with_actions(tracker, gaps)
    shown = shown.assign(
        progress=labelled(shown["progress"], "progress"),
        status=labelled(shown["status"], "intervention_status"),
        currency=labelled(shown["currency"], "currency"),
    )
    return shown.assign(**{LINES: _lines(shown)})


def write_tracker(book: xlsxwriter.Workbook, shown: Columns, currency: str, code: object) -> None:
    """Add the tracker sheet (``shown`` from :func:`tracker_for_people`, rows in priority order) and remember the
    commune code in the workbook."""
    if isinstance(code, str) and code:
        book.set_custom_property(CODE_PROPERTY, code)
    ws = book.add_worksheet(SHEET)  # the fixed name of SPEC §4.1, whatever the language: grb reads it back
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#1F4E78",
                              "font_color": "#FFFFFF", "border": 1, "font_size": 10,
                              "font_name": pages.font()})  # fmt: skip
    formats = _formats(book, currency)
    for c, name in enumerate(COLUMNS):
        write_cell(ws, 0, c, header_label("tracker", name), header)
        ws.set_column(c, c, _widths().get(name, DEFAULT_WIDTH))
        fmt = formats[(KINDS.get(name, "text"), name in ANALYST_COLUMNS)]
        for r, value in enumerate(shown[name], start=1):
            write_cell(ws, r, c, value, fmt)
    n = len(shown)
    line = pages.LINE_HEIGHT[pages.current()]
    ws.set_row(0, 3 * line + 3)  # headers wrap in the narrow columns
    for r, lines in enumerate(shown[LINES], start=1):
        ws.set_row(r, lines * line + 3)
    col = COLUMNS.index("progress")
    labels = [label("progress", p) for p in PROGRESS]
    ws.data_validation(1, col, max(n, 1), col, {"validate": "list", "source": labels})
    ws.autofilter(0, 0, max(n, 1), len(COLUMNS) - 1)
    ws.freeze_panes(1, 0)
    ws.protect("", {"autofilter": True, "format_columns": True, "format_rows": True})
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


def _lines(shown: pd.DataFrame) -> np.ndarray:
    """Lines each row needs for its wrapped text (spreadsheets do not grow rows written by a program)."""
    lines = np.ones(len(shown))
    for name in WRAPPED:
        width = _widths().get(name, DEFAULT_WIDTH) * 1.1
        chars = np.fromiter((len(v) if isinstance(v, str) else 0 for v in shown[name]), float, len(shown))
        lines = np.maximum(lines, -np.floor_divide(-chars, width))  # Python's -(-a // b), float for float
    return np.minimum(lines, MAX_LINES).astype(int)


def _widths() -> dict[str, float]:
    """Column widths for the current language."""
    return WIDTHS_KM if pages.current() == "km" else WIDTHS


def _formats(book: xlsxwriter.Workbook, currency: str) -> dict[tuple[str, bool], object]:
    """(kind, analyst's column?) -> format: the analyst's cells unlocked and highlighted."""
    number = {"money": pages.money_format(currency), "date": pages.date_format()}
    out = {}
    for kind in ("text", "wrap", "money", "date"):
        for analyst in (False, True):
            spec = {"valign": "top", "font_size": 10, "font_name": pages.font(), "text_wrap": kind == "wrap"}
            if kind in number:
                spec["num_format"] = number[kind]
            if analyst:
                spec |= {"locked": False, "bg_color": ANALYST_COLOUR, "border": 1, "border_color": "#BFBFBF"}
            out[(kind, analyst)] = book.add_format(spec)
    return out
