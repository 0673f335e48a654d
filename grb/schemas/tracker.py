"""The ``Advocacy tracker`` sheet (SPEC §4.1): its columns, declared once, and reading it back from a gap report.

The analyst edits this sheet through the year, in Excel, in English or Khmer. grb reads it back the way it
reads every input (§1.8): a header is the machine name, the English label or the Khmer label; a progress or
status cell is the code, its English label or its Khmer label; every bad cell is a located problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from pandera.typing import Series

from grb.i18n import LANGUAGES, N_, gettext
from grb.io.read import (
    DEFAULT_LIMITS,
    Limits,
    RawSheet,
    _check_workbook_file,
    headerless_columns,
    normalise_name,
    sheet_from_rows,
)
from grb.keys import COMMUNE_KEY, ORDER, ROW
from grb.labels import code_for, column_for, labels
from grb.problems import InputError, Problem
from grb.schemas.models import CURRENCIES, _f, _Sheet, columns
from grb.schemas.sheets import check_cells, stacked_locate, structure_problems

SHEET = N_("Advocacy tracker")
PROGRESS = list(labels("progress"))  # the dropdown's codes, in order; their labels live in grb.labels
GAP_STATUSES = ["under_budgeted", "unprogrammed"]
SETTLED = ["agreed", "done", "dropped"]  # progress that is no longer overdue (SPEC §4.2)


class Tracker(_Sheet):
    """One row per gap, in priority order; the last seven columns are the analyst's."""

    intervention_id: Series[Any] = _f("text", required=True, unique=True)
    issue_id: Series[Any] | None = _f("text")
    intervention: Series[Any] | None = _f("text")
    gap: Series[Any] = _f("number", required=True, ge=0)
    currency: Series[Any] = _f("upper", required=True, isin=CURRENCIES)
    status: Series[Any] | None = _f("lower", isin=GAP_STATUSES)
    entry_stage_id: Series[Any] | None = _f("text")
    window_start: Series[Any] | None = _f("date")
    window_end: Series[Any] | None = _f("date")
    action: Series[Any] | None = _f("text")
    responsible: Series[Any] | None = _f("text")
    deadline: Series[Any] = _f("date")
    progress: Series[Any] = _f("lower", isin=PROGRESS, help="not_started, on_schedule, behind_schedule, agreed, ...")
    reason_for_delay: Series[Any] | None = _f("text")
    agreed_by: Series[Any] | None = _f("text")
    agreed_amount: Series[Any] | None = _f("number", ge=0)
    note: Series[Any] | None = _f("text")


COLUMNS = list(columns(Tracker))
ANALYST_COLUMNS = COLUMNS[COLUMNS.index("responsible") :]
CARRIED = ["responsible", "progress", "reason_for_delay", "agreed_by", "agreed_amount", "note"]


def read_tracker_sheet(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> RawSheet | None:
    """The raw tracker sheet of a gap report, or None when ``path`` holds none (a workbook, a CSV folder).

    Only that sheet is read: the report's other sheets (titles, charts' data) are for people, not input.
    """
    path = Path(path)
    if not path.is_file() or path.suffix.lower() != ".xlsx":
        return None
    _check_workbook_file(path, limits)
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    names = {normalise_name(gettext(SHEET, lang)) for lang in LANGUAGES}
    name = next((n for n in book.sheet_names if normalise_name(n) in names), None)
    if name is None:
        return None
    rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    problems = headerless_columns(rows, name)
    if problems:
        raise InputError(problems, str(path))
    return sheet_from_rows(rows, name)


def typed_tracker(raw: RawSheet, key: int = 0) -> tuple[pd.DataFrame, list[Problem]]:
    """Headers and codes in either language -> machine names and codes; then parse and check every cell."""
    frame = raw.frame.rename(columns=lambda c: c if c == ROW else column_for("tracker", c) or c)
    raw = RawSheet(raw.name, frame, raw.has_header)
    problems = structure_problems(raw, columns(Tracker), key)
    if problems:
        return pd.DataFrame(columns=[COMMUNE_KEY, *COLUMNS]), problems
    frame = frame.assign(
        progress=_codes(frame.get("progress"), "progress", frame.index),
        status=_codes(frame.get("status"), "intervention_status", frame.index),
    )
    stacked = frame.assign(**{COMMUNE_KEY: key}).reset_index(drop=True)
    typed, problems = check_cells(stacked, Tracker, raw.name, stacked_locate(stacked))
    typed = typed.assign(**{ORDER: range(len(typed))})
    return typed, problems


def _codes(cells: pd.Series | None, kind: str, index: pd.Index) -> pd.Series:
    """A code typed as the code or a label in either language -> the code; anything else stays as typed."""
    if cells is None:
        return pd.Series(None, index=index, dtype=object)
    return cells.map(lambda v: (code_for(kind, v) or v) if isinstance(v, str) else v)


def empty_tracker() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in [COMMUNE_KEY, ROW, *COLUMNS]})


def raise_if(problems: list[Problem], source: str) -> None:
    if problems:
        raise InputError(problems, source)
