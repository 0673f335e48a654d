"""Check and type sheets against their models: structure first (per input), then cells (all inputs at once).

Cells are parsed and checked on the *stacked* sheets of every input, so validating 1,652 communes costs a
few vectorised passes, not 1,652 of them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from grb.io.read import RawSheet, normalise_name
from grb.keys import ROW
from grb.problems import Problem
from grb.schemas.data import COMMUNE_KEY
from grb.schemas.failures import parse_problem_text, validate_frame
from grb.schemas.models import Commune, columns
from grb.schemas.parse import parse

# (position in the stacked frame, column) -> (commune key, Excel row, column label, raw cell)
Locate = Callable[[int, str], tuple[int, int | None, str, object]]


def structure_problems(raw: RawSheet, declared: dict[str, pa.Column], key: int) -> list[Problem]:
    """Problems that stop a sheet from being read cell by cell: no header, duplicated or missing columns."""
    if not raw.has_header:
        text = "the sheet is empty; its first row must hold the column names"
        return [Problem(raw.name, 1, "", "", text, "empty_sheet", key)]
    names = list(raw.frame.columns)
    repeated = sorted({name for name in names if names.count(name) > 1}, key=names.index)
    problems = [
        Problem(raw.name, 1, name, name, f"the column {name} appears more than once; keep one", "duplicate_column", key)
        for name in repeated
    ]
    problems += [
        Problem(raw.name, 1, name, "", f"the required column {name} is missing from row 1", "missing_column", key)
        for name, col in declared.items()
        if col.required and name not in names
    ]
    return problems


def unknown_columns(raw: RawSheet, declared: dict[str, pa.Column]) -> list[str]:
    return [c for c in raw.frame.columns if c not in declared and c != ROW]


def check_cells(stacked: pd.DataFrame, model: type[pa.DataFrameModel], sheet: str, locate: Locate):
    """Type every declared column of ``stacked`` (raw cells of many inputs) and collect every problem."""
    declared = columns(model)
    typed = stacked[[COMMUNE_KEY, ROW]].copy()
    problems: list[Problem] = []
    skip: set[tuple[int, str]] = set()
    for name, column in declared.items():
        raw_col = stacked[name] if name in stacked else pd.Series(None, index=stacked.index, dtype=object)
        typed[name], codes = parse(raw_col, column.metadata["kind"])
        for pos in np.flatnonzero(codes.notna().to_numpy()):
            skip.add((pos, name))
            key, row, label, value = locate(pos, name)
            text = parse_problem_text(name, codes.iloc[pos], column.metadata["kind"])
            problems.append(Problem(sheet, row, label, value, text, codes.iloc[pos], key))
        if column.metadata.get("unique"):
            problems += _duplicates(typed, name, sheet, locate)
    problems += validate_frame(model, typed[list(declared)], sheet, locate, skip)
    return typed, problems


def _duplicates(typed: pd.DataFrame, name: str, sheet: str, locate: Locate) -> list[Problem]:
    """Each later use of an id already used in the same commune."""
    repeated = typed[name].notna() & typed.duplicated([COMMUNE_KEY, name], keep="first")
    problems = []
    for pos in np.flatnonzero(repeated.to_numpy()):
        key, row, label, value = locate(pos, name)
        text = f"{name} must be unique; {value} is already used above"
        problems.append(Problem(sheet, row, label, value, text, "duplicate_id", key))
    return problems


def stacked_locate(stacked: pd.DataFrame) -> Locate:
    """Positions in a stacked table sheet -> the input's key, Excel row and raw cell."""
    keys, rows = stacked[COMMUNE_KEY].to_numpy(), stacked[ROW].to_numpy()

    def locate(pos: int, column: str) -> tuple[int, int | None, str, object]:
        row = rows[pos]
        value = stacked[column].iat[pos] if column in stacked else None
        return int(keys[pos]), None if pd.isna(row) else int(row), column, value

    return locate


def commune_record(raw: RawSheet, key: int) -> tuple[dict[str, object], dict[str, int], list[Problem]]:
    """The ``commune`` sheet's ``field``/``value`` rows as one record, where each field sits, and problems.

    Plain Python on purpose: the sheet has a dozen rows, and a batch reads 1,652 of them.
    """
    structure = structure_problems(raw, {"field": _REQUIRED, "value": _REQUIRED}, key)
    if structure:
        return {}, {}, structure
    record: dict[str, object] = dict.fromkeys(columns(Commune))
    rows: dict[str, int] = {}
    problems = []
    frame = raw.frame
    for field, value, row in zip(frame["field"].tolist(), frame["value"].tolist(), frame[ROW].tolist(), strict=True):
        if field is None:
            continue
        name = normalise_name(field)
        if name in rows:
            text = f"the field {name} is given more than once; keep one row"
            problems.append(Problem(raw.name, int(row), name, value, text, "duplicate_field", key))
            continue
        record[name], rows[name] = value, int(row)
    return record, rows, problems


def commune_locate(stacked: pd.DataFrame, field_rows: dict[int, dict[str, int]]) -> Locate:
    """Positions in the stacked commune records -> the field's own row of the commune sheet."""
    keys = stacked[COMMUNE_KEY].to_numpy()

    def locate(pos: int, column: str) -> tuple[int, int | None, str, object]:
        key = int(keys[pos])
        return key, field_rows.get(key, {}).get(column), column, stacked[column].iat[pos]

    return locate


_REQUIRED = pa.Column(required=True)
