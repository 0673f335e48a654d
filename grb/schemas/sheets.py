"""Check and type one raw sheet against its model: structure first, then cells, then pandera's checks."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from grb.io.read import ROW, RawSheet
from grb.problems import Problem
from grb.schemas.failures import parse_problem_text, validate_frame
from grb.schemas.models import Commune, columns
from grb.schemas.parse import parse


@dataclass
class Checked:
    """A typed sheet (``None`` when its structure is too broken to read cells) and what was found."""

    frame: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)


def check_sheet(raw: RawSheet, model: type[pa.DataFrameModel]) -> Checked:
    """Type the cells of a table sheet and collect every problem, each at its Excel row and column."""
    frame, declared = raw.frame, columns(model)
    structure = _structure_problems(raw, declared)
    unknown = [c for c in frame.columns if c not in declared and c != ROW]
    if structure:
        return Checked(None, structure, unknown)
    typed = frame[[ROW]].copy()
    problems: list[Problem] = []
    skip: set[tuple[int, str]] = set()
    for name, column in declared.items():
        raw_col = frame[name] if name in frame else pd.Series(None, index=frame.index, dtype=object)
        typed[name], codes = parse(raw_col, column.metadata["kind"])
        for pos in codes.index[codes.notna()]:
            skip.add((pos, name))
            text = parse_problem_text(name, codes[pos], column.metadata["kind"])
            problems.append(Problem(raw.name, int(frame.at[pos, ROW]), name, raw_col[pos], text, codes[pos]))

    def locate(pos: int, column: str) -> tuple[int, str, object]:
        return int(frame.at[pos, ROW]), column, frame.at[pos, column] if column in frame else None

    problems += validate_frame(model, typed.drop(columns=ROW), raw.name, locate, skip)
    for name in unknown:
        typed[name] = frame[name]
    return Checked(typed, problems, unknown)


def _structure_problems(raw: RawSheet, declared: dict[str, pa.Column]) -> list[Problem]:
    if not raw.has_header:
        return [
            Problem(raw.name, 1, "", "", "the sheet is empty; its first row must hold the column names", "empty_sheet")
        ]
    names = pd.Index(raw.frame.columns)
    problems = [
        Problem(raw.name, 1, name, name, f"the column {name} appears more than once; keep one", "duplicate_column")
        for name in names[names.duplicated()].unique()
    ]
    problems += [
        Problem(raw.name, 1, name, "", f"the required column {name} is missing from row 1", "missing_column")
        for name, col in declared.items()
        if col.required and name not in names
    ]
    return problems


def check_commune_sheet(raw: RawSheet) -> Checked:
    """The ``commune`` sheet holds ``field``/``value`` rows; it is pivoted into a one-row record."""
    fake = RawSheet(raw.name, raw.frame, raw.has_header)
    structure = _structure_problems(fake, {"field": _REQUIRED, "value": _REQUIRED})
    if structure:
        return Checked(None, structure)
    from grb.io.read import normalise_name

    rows = raw.frame.dropna(subset=["field"]).assign(field=lambda f: f["field"].map(normalise_name))
    problems = [
        Problem(
            raw.name,
            int(r[ROW]),
            str(r["field"]),
            r["value"],
            f"the field {r['field']} is given more than once; keep one row",
            "duplicate_field",
        )
        for _, r in rows[rows["field"].duplicated()].iterrows()
    ]
    rows = rows.drop_duplicates("field")
    field_rows = dict(zip(rows["field"], rows[ROW], strict=True))
    values = {name: None for name in columns(Commune)} | dict(zip(rows["field"], rows["value"], strict=True))
    record = RawSheet(raw.name, pd.DataFrame([values], dtype=object).assign(**{ROW: 0}))
    checked = check_sheet(record, Commune)
    for p in checked.problems:
        row = field_rows.get(p.column)
        problems.append(Problem(p.sheet, None if row is None else int(row), p.column, p.value, p.problem, p.code))
    return Checked(checked.frame, problems, checked.unknown_columns)


_REQUIRED = pa.Column(required=True)
