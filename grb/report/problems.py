"""``grb validate --errors FILE``: the problem table as CSV or as a workbook an analyst can filter and print."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from grb.i18n import _
from grb.io.write import OutputError, atomic_output
from grb.report import pages
from grb.report.cells import close, new_workbook, write_cell

# column -> (width in characters, wrapped?): fits A4 landscape at 10 points, unscaled. The header row keeps the
# documented column names (the same as the .csv), so that the file reads back as the problem table.
COLUMNS = {
    "sheet": (16, True),
    "row": (6, False),
    "column": (18, True),
    "value": (18, True),
    "problem": (60, True),
    "code": (14, True),
}


def write_problems(problems: pd.DataFrame, path: str | Path) -> None:
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise OutputError(f"--errors takes a .csv or .xlsx file, not {path.name}")
    if path.suffix.lower() == ".csv":
        from grb.report.csv import write_table

        write_table(problems, path)
        return
    with atomic_output(path) as tmp:
        book = new_workbook(tmp)
        ws = book.add_worksheet("Problems")
        base = {"valign": "top", "font_size": pages.TEXT_SIZE, "font_name": pages.font()}
        head = book.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#F4B183", "border": 1})
        text = book.add_format(base)
        wrap = book.add_format({**base, "text_wrap": True})
        number = book.add_format({**base, "num_format": "0", "align": "center"})
        columns = list(problems.columns)
        for c, name in enumerate(columns):
            width, _wrapped = COLUMNS.get(name, (18, True))
            write_cell(ws, 0, c, name, head)
            ws.set_column(c, c, width)
        line = pages.LINE_HEIGHT[pages.current()]
        for r, record in enumerate(problems.itertuples(index=False), start=1):
            lines = 1
            for c, (name, value) in enumerate(zip(columns, record, strict=True)):
                width, wrapped = COLUMNS.get(name, (18, True))
                if isinstance(value, str):
                    lines = max(lines, -(-len(value) // int(width * 1.1)))
                write_cell(ws, r, c, value, number if name == "row" else wrap if wrapped else text)
            ws.set_row(r, min(lines, 30) * line + 3)  # programs' rows do not grow to fit wrapped text
        ws.autofilter(0, 0, max(len(problems), 1), len(columns) - 1)
        ws.freeze_panes(1, 0)
        pages.print_setup(ws, _("Problems"))
        close(book)
