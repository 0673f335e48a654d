"""Helpers for the workshop notebooks: find the workbook, show problems instead of a traceback, show money as money.

The notebooks are read by analysts, not programmers, so three things matter more than in a script:
- a relative path works whether the notebook runs from the project folder (``papermill notebooks/...``) or from
  ``notebooks/`` (Jupyter opens it there);
- an invalid workbook shows its problem table and stops the notebook with one plain sentence, never a traceback;
- amounts read ``1,234,567 KHR`` and shares ``42%``, never ``1.234567e+06`` or ``0``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

import grb
from grb.i18n import format_date, format_money

PROBLEM_COLUMNS = ["sheet", "row", "column", "value", "problem"]


class Stop(Exception):
    """Stops a notebook quietly: Jupyter and papermill show only the sentence, not a Python traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython shows these lines instead of the traceback
        return [f"Stopped: {self}"]


def locate(path: str | Path) -> Path:
    """``path`` as given when it exists (relative to where the notebook runs), else from the folder above.

    Papermill started from the project folder runs the kernel there; Jupyter runs it in ``notebooks/``. Either
    way ``sample_budgets/workshop_commune.xlsx`` and ``my_commune.xlsx`` (beside the project) are found.
    """
    given = Path(path).expanduser()
    if given.is_absolute() or given.exists():
        return given
    above = Path.cwd().parent / given
    return above if above.exists() else given


def _display(obj: Any) -> None:
    from IPython.display import display

    display(obj)


def problem_table(problems: pd.DataFrame) -> Any:
    """The problem table as an analyst reads it: sheet, Excel row, column, what was typed, what is wrong."""
    shown = problems[[c for c in PROBLEM_COLUMNS if c in problems.columns]]
    if "input" in problems.columns:
        shown = pd.concat([problems[["input"]], shown], axis=1)
    return shown.style.hide(axis="index").format(na_rep="")


def load_or_stop(path: str | Path) -> Any:
    """``grb.load(path)``; when the workbook is invalid, show every problem and stop the notebook (no traceback)."""
    try:
        return grb.load(path)
    except grb.InputError as err:
        _display(problem_table(err.problems))
        n = len(err.problems)
        raise Stop(
            f"the input is invalid: {n} problem{'s' if n != 1 else ''} in {Path(path).name}, listed in the table "
            "above (sheet, the row number Excel shows, column). Fix those cells and run the notebook again."
        ) from None


def money_format(currency: str) -> Any:
    """A formatter for amounts in ``currency``: whole riel or cents (grb's one rounding rule), thousands separators."""
    return lambda value: format_money(value, currency)


def table(
    frame: pd.DataFrame,
    currency: str,
    money: Iterable[str] = (),
    shares: Iterable[str] = (),
    whole: Iterable[str] = (),
    plain: Iterable[str] = (),
    dates: Iterable[str] = (),
) -> Any:
    """``frame`` styled for reading: money in ``currency``, shares as percentages, codes with spaces, blanks empty."""
    shown = frame.copy()
    for column in shown.columns:
        if column == "status" or column.endswith("_status"):
            shown[column] = shown[column].astype("string").str.replace("_", " ")
        elif shown[column].dtype == bool:
            shown[column] = shown[column].map({True: "yes", False: "no"})
    formats = {c: money_format(currency) for c in money if c in shown}
    formats |= {c: "{:.0%}" for c in shares if c in shown}
    formats |= {c: "{:,.0f}" for c in whole if c in shown}
    formats |= {c: _plain for c in plain if c in shown}
    formats |= {c: format_date for c in dates if c in shown}
    return shown.style.hide(axis="index").format(formats, na_rep="")


def _plain(value: float) -> str:
    """A number as typed: separators, and decimals only when it has some (``1,200,000``, ``2.5``)."""
    return f"{value:,.2f}".removesuffix(".00")


def amount(value: float, currency: str) -> str:
    """One amount in a sentence: ``7,100,000 KHR``."""
    return format_money(value, currency)


def scale(largest: float, currency: str) -> tuple[float, str]:
    """A chart axis unit that suits the amounts: ``(1e6, "million KHR")`` for a riel plan, thousands for dollars."""
    for divisor, word in ((1e9, "billion "), (1e6, "million "), (1e3, "thousand ")):
        if abs(largest) >= divisor:
            return divisor, f"{word}{currency}"
    return 1.0, currency


def how_widely(share: float) -> str:
    """Words for a share of communes that never claim more than the figure: a title must say what the data says."""
    if share >= 0.9:
        return "almost everywhere"
    if share > 0.5:
        return "in most communes"
    if share >= 0.25:
        return "in a minority of communes"
    return "in few communes"
