"""``grb validate --errors FILE``: the problem table as CSV or as a workbook an analyst can filter."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from grb.io.write import OutputError, atomic_output
from grb.report.cells import new_workbook, write_cell, write_rows


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
        head = book.add_format({"bold": True, "bg_color": "#F4B183"})
        for c, (name, width) in enumerate(zip(problems.columns, (18, 7, 22, 24, 70, 20), strict=False)):
            write_cell(ws, 0, c, name, head)
            ws.set_column(c, c, width)
        write_rows(ws, problems, 1, {})
        ws.autofilter(0, 0, max(len(problems), 1), len(problems.columns) - 1)
        ws.freeze_panes(1, 0)
        book.close()
