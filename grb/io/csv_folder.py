"""A folder of CSV files as an input: one sheet per ``.csv`` file, read as typed, with a workbook's checks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from grb.i18n import _
from grb.io.sheet_problems import file_problem, headerless_columns, same_names, too_many_rows
from grb.problems import InputError, Problem

if TYPE_CHECKING:
    from grb.io.read import Limits


def read_csv_grids(folder: Path, limits: Limits) -> dict[str, list[list[object]]]:
    """The cells of each ``.csv`` file as typed, keyed by its stem; the same limits and header checks as a workbook."""
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise InputError([file_problem(folder, "not_a_workbook", _("the folder holds no .csv files"))], str(folder))
    total = sum(f.stat().st_size for f in files)
    if total > limits.max_bytes or len(files) > limits.max_sheets:
        text = _(
            "the folder holds {size:,} bytes in {n} CSV files; the limits are {max_size:,} bytes and {max_n} files "
            "(see --max-bytes)"
        ).format(size=total, n=len(files), max_size=limits.max_bytes, max_n=limits.max_sheets)
        raise InputError([file_problem(folder, "too_large", text)], str(folder))
    problems = same_names([f.stem for f in files])
    grids: dict[str, list[list[object]]] = {}
    for file in files:
        try:
            rows = pd.read_csv(
                file, dtype=str, header=None, keep_default_na=False, encoding="utf-8-sig", skip_blank_lines=False
            ).values.tolist()
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            text = _("the CSV file cannot be read; save it as CSV UTF-8 ({reason})").format(reason=exc)
            problems.append(Problem(file.stem, None, "", file.name, text, "not_a_workbook"))
            continue
        except pd.errors.EmptyDataError:
            rows = []
        if len(rows) > limits.max_rows:
            problems.append(too_many_rows(file.stem, len(rows), limits))
            continue
        problems += headerless_columns(rows, file.stem)
        grids[file.stem] = rows
    if problems:
        raise InputError(problems, str(folder))
    return grids
