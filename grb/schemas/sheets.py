"""Check and type sheets against their models: structure first (per input), then cells (all inputs at once).

Cells are parsed and checked on the *stacked* sheets of every input, so validating 1,652 communes costs a
few vectorised passes, not 1,652 of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd
import pandera.pandas as pa

from grb.io.read import RawSheet
from grb.keys import ROW
from grb.problems import Problem, problem
from grb.schemas.codes import header_name
from grb.schemas.data import COMMUNE_KEY
from grb.schemas.failures import cell_problem, validate_frame
from grb.schemas.models import Commune, columns
from grb.schemas.parse import parse

# (position in the stacked frame, column) -> (commune key, Excel row, column label, raw cell)
Locate = Callable[[int, str], tuple[int, int | None, str, object]]
_TOTAL = re.compile(r"^((grand|sub)[\s_-]*)?totals?\s*[:：]?\s*[\d\s]*$|^សរុប\S*$", re.IGNORECASE)  # the whole cell


def named(raw: RawSheet, sheet: str) -> RawSheet:
    """The sheet with its headers read through the one header hook (``codes.header_name``)."""
    given = raw.frame.columns.tolist()  # a list: iterating a pandas Index costs a call per header
    names = [c if c == ROW else header_name(sheet, c) for c in given]
    if names == given:
        return raw
    return replace(raw, frame=raw.frame.set_axis(pd.Index(names, dtype=object), axis=1))


def structure_problems(raw: RawSheet, declared: dict[str, pa.Column], key: int, sheet: str = "") -> list[Problem]:
    """Problems that stop a sheet from being read cell by cell: no header, duplicated or missing columns."""
    required = [name for name, col in declared.items() if col.required]
    names = raw.frame.columns.tolist()
    missing = [name for name in required if name not in names]
    lower = _headers_below(raw, required, sheet) if missing else None
    if lower is not None:
        return [problem("headers_not_on_row_1", sheet=raw.name, row=lower, key=key)]
    if not raw.has_header:
        return [problem("empty_sheet", sheet=raw.name, row=1, value="", key=key)]
    repeated = [] if len(set(names)) == len(names) else _repeated(names)
    problems = [
        problem("duplicate_column", sheet=raw.name, row=1, column=name, value=name, key=key) for name in repeated
    ]
    problems += [problem("missing_column", sheet=raw.name, row=1, column=name, value="", key=key) for name in missing]
    return problems


def _repeated(names: list[object]) -> list[object]:
    """Headers given more than once, in the order they first appear."""
    return sorted({name for name in names if names.count(name) > 1}, key=names.index)


def _headers_below(raw: RawSheet, required: list[str], sheet: str) -> int | None:
    """The row (2 or 3) holding every required header, when a title row pushed them down."""
    for row, cells in enumerate(raw.top, start=2):
        found = {header_name(sheet, c) for c in cells if isinstance(c, str)}
        if required and set(required) <= found:
            return row
    return None


def unknown_columns(raw: RawSheet, declared: dict[str, pa.Column]) -> list[str]:
    return [c for c in raw.frame.columns.tolist() if c not in declared and c != ROW]


def check_cells(stacked: pd.DataFrame, model: type[pa.DataFrameModel], sheet: str, locate: Locate):
    """Type every declared column of ``stacked`` (raw cells of many inputs) and collect every problem."""
    declared = columns(model)
    keys = stacked[COMMUNE_KEY]
    typed = {COMMUNE_KEY: keys, ROW: stacked[ROW]}  # one frame at the end: adding columns one by one cost more
    problems: list[Problem] = []
    skip: set[tuple[int, str]] = set()
    for name, column in declared.items():
        raw_col = stacked[name] if name in stacked else pd.Series(None, index=stacked.index, dtype=object)
        meta = column.metadata
        typed[name], codes = parse(raw_col, meta["kind"], meta.get("codes") or None)
        found = codes.to_numpy()
        for pos in np.flatnonzero(pd.notna(found)):
            skip.add((pos, name))
            key, row, label, value = locate(pos, name)
            problems.append(cell_problem(found[pos], sheet=sheet, row=row, column=label, value=value, key=key))
        if meta.get("unique"):
            problems += _duplicates(pd.DataFrame({COMMUNE_KEY: keys, name: typed[name]}), name, sheet, locate)
    typed = pd.DataFrame(typed)
    problems += validate_frame(model, typed[list(declared)], sheet, locate, skip)
    return typed, _total_rows(stacked, declared, sheet, problems)


def _total_rows(stacked: pd.DataFrame, declared: dict[str, pa.Column], sheet: str, problems: list[Problem]):
    """A ``Total`` row (text saying total, amounts, no id) gives one ``total_row`` problem, not its 'required' ones."""
    if stacked.empty or sheet == "commune":
        return problems
    ids = [n for n, c in declared.items() if c.metadata["kind"] == "id" and c.required and n in stacked]
    amounts = [n for n, c in declared.items() if c.metadata["kind"] in ("money", "number") and n in stacked]
    texts = [n for n, c in declared.items() if c.metadata["kind"] in ("text", "id") and n in stacked]
    if not ids or not amounts or not texts:
        return problems
    id_cells = stacked[ids].to_numpy(dtype=object)
    no_id = pd.isna(id_cells).all(axis=1)
    if not no_id.any() and not any(map(_is_total_text, set(id_cells.ravel().tolist()))):
        return problems  # the common case, told in NumPy: every row has an id, and no id says total
    candidate = stacked[amounts].notna().any(axis=1) & (no_id | _says_total(stacked[ids]).any(axis=1))
    if not candidate.any():  # every row with an amount has its id
        return problems
    rows = stacked[candidate]
    words = _says_total(rows[texts])
    rows, words = rows[words.any(axis=1)], words[words.any(axis=1)]
    where = set(zip(rows[COMMUNE_KEY].astype(int), rows[ROW].astype(int), strict=True))
    kept = [p for p in problems if (p.key, p.row) not in where]
    for (_, row), (_, said) in zip(rows.iterrows(), words.iterrows(), strict=True):
        column = str(said.idxmax())
        kept.append(
            problem(
                "total_row", sheet=sheet, row=int(row[ROW]), column=column, value=row[column], key=int(row[COMMUNE_KEY])
            )
        )
    return kept


def _says_total(cells: pd.DataFrame) -> pd.DataFrame:
    """Which cells say ``Total``; each distinct cell is matched once (ids repeat across a batch's communes)."""
    return cells.apply(lambda col: col.isin([v for v in pd.unique(col.to_numpy()) if _is_total_text(v)]))


def _is_total_text(value: object) -> bool:
    return isinstance(value, str) and bool(_TOTAL.match(value.strip()))


def _duplicates(typed: pd.DataFrame, name: str, sheet: str, locate: Locate) -> list[Problem]:
    """Each later use of an id already used in the same commune."""
    repeated = typed[name].notna() & typed.duplicated([COMMUNE_KEY, name], keep="first")
    problems = []
    for pos in np.flatnonzero(repeated.to_numpy()):
        key, row, label, value = locate(pos, name)
        problems.append(problem("duplicate_id", sheet=sheet, row=row, column=label, value=value, key=key))
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
    structure = structure_problems(raw, {"field": _REQUIRED, "value": _REQUIRED}, key, "commune")
    if structure:
        return {}, {}, structure
    record: dict[str, object] = dict.fromkeys(columns(Commune))
    rows: dict[str, int] = {}
    problems = []
    for field, value, row in zip(*_columns_as_lists(raw.frame, ["field", "value", ROW]), strict=True):
        if field is None:
            continue
        name = header_name("commune", field)
        if name in rows:
            problems.append(problem("duplicate_field", sheet=raw.name, row=int(row), column=name, value=value, key=key))
            continue
        record[name], rows[name] = value, int(row)
    return record, rows, problems


def _columns_as_lists(frame: pd.DataFrame, names: list[str]) -> list[list[object]]:
    """The cells of the (distinct) columns ``names``, from one array of the whole (small) frame: a batch reads
    1,652 commune sheets, and taking each column as a Series costs a pandas call (half of :func:`commune_record`)."""
    cells = frame.to_numpy()
    given = frame.columns.tolist()
    return [cells[:, given.index(name)].tolist() for name in names]


def commune_locate(stacked: pd.DataFrame, field_rows: dict[int, dict[str, int]]) -> Locate:
    """Positions in the stacked commune records -> the field's own row of the commune sheet."""
    keys = stacked[COMMUNE_KEY].to_numpy()

    def locate(pos: int, column: str) -> tuple[int, int | None, str, object]:
        key = int(keys[pos])
        return key, field_rows.get(key, {}).get(column), column, stacked[column].iat[pos]

    return locate


_REQUIRED = pa.Column(required=True)
