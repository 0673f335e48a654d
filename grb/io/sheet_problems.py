"""Problems found while reading an input, before any cell is checked: the file itself, sheet names, headers.

Each is located as the validator's are (sheet, Excel row, column), so that every problem of an unreadable input
is listed at once, in the same table.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from grb.i18n import _
from grb.problems import InputError, Problem

if TYPE_CHECKING:
    from grb.io.read import Limits

_ZERO_WIDTH = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff"))  # invisible in headers: ignored


def normalise_name(name: object) -> str:
    """Header and sheet names match ignoring case and surrounding spaces; spaces and hyphens count as ``_``."""
    return re.sub(r"[\s\-]+", "_", str(name).translate(_ZERO_WIDTH).strip().lower())


def file_problem(path: Path, code: str, text: str) -> Problem:
    return Problem(sheet="", row=None, column="", value=path.name, problem=text, code=code)


def unreadable(path: Path, exc: Exception) -> InputError:
    text = _("the workbook cannot be read ({reason})").format(reason=exc)
    return InputError([file_problem(path, "not_a_workbook", text)], str(path))


def too_many_rows(sheet: str, height: int, limits: Limits) -> Problem:
    text = _("sheet has {n} rows; the limit is {limit} (raise it with --max-rows)")
    text = text.format(n=height, limit=limits.max_rows)
    return Problem(sheet, None, "", height, text, "too_large")


def same_names(names: list[str]) -> list[Problem]:
    """Two sheets (or CSV files) whose names normalise alike: grb cannot tell which one the analyst means."""
    seen: dict[str, str] = {}
    problems = []
    for name in names:
        first = seen.setdefault(normalise_name(name), name)
        if first != name:
            text = _("the sheets '{first}' and '{name}' have the same name for grb; delete or rename one of them")
            text = text.format(first=first, name=name)
            problems.append(Problem(name, None, "", name, text, "duplicate_sheet"))
    return problems


def headerless_columns(rows: list[list[object]], sheet: str, merged: set[int] = frozenset()) -> list[Problem]:
    """Columns holding data under an empty header cell (often a merged header): located at the header cell.

    Without this check such a column would be dropped without a word.
    """
    if not rows:
        return []
    header = rows[0]
    width = max(len(r) for r in rows)
    empty = [c for c in range(width) if c >= len(header) or _blank(header[c])]
    problems = []
    for c in empty:
        if any(c < len(r) and not _blank(r[c]) for r in rows[1:]):
            text = (
                _("column {column} holds data but has no header; it is part of a merged header cell: unmerge it and "
                  "type the column's name in row 1")
                if c in merged
                else _("column {column} holds data but has no header; please type the column's name in row 1")
            ).format(column=_letter(c))  # fmt: skip
            problems.append(Problem(sheet, 1, _letter(c), "", text, "missing_header"))
    return problems


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, float) and value != value)


def _letter(index: int) -> str:
    """0 -> A, 26 -> AA: the column as Excel names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
