"""The one hook through which code cells and header names are read (SPEC §1.8).

``read_code(kind, raw)`` turns a cell of a code column (sector, type, funding_source, level, kind, space_type)
into its code; ``header_name(sheet, raw)`` turns a header (or a field of the commune sheet) into the column
name. Today both accept the code and its normalised spelling (``Capacity building`` -> ``capacity_building``).
The label tables (English and Khmer labels, ``grb.labels``) plug in by pointing ``_code_for`` and ``_column_for``
below at ``grb.labels.code_for`` and ``grb.labels.column_for``: one line, nothing else changes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from grb.labels import code_for, column_for

ZERO_WIDTH = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff"))  # invisible, pasted from Word or the web


def normalise(text: object) -> str:
    """Spelling-insensitive form: zero-width characters dropped, case folded, spaces and hyphens as ``_``."""
    return re.sub(r"[\s\-]+", "_", str(text).translate(ZERO_WIDTH).strip().lower())


# The hooks: the label tables (English and Khmer labels of every code and column, ``grb.labels``); each takes
# the kind/sheet and the text, and returns the code/column or None when unknown.
_code_for: Callable[[str, str], str | None] = code_for
_column_for: Callable[[str, str], str | None] = column_for


# Names grb itself understands whatever the label tables say: a language by its name, in English or Khmer.
_BUILT_IN = {"language": {"english": "en", "khmer": "km", "ខ្មែរ": "km", "ភាសាខ្មែរ": "km", "អង់គ្លេស": "en"}}


def read_code(kind: str, raw: str) -> str:
    """The code a cell of a ``kind`` code column means: a label's code, else the cell's normalised spelling."""
    cleaned = str(raw).translate(ZERO_WIDTH).strip()
    spelled = normalise(cleaned)
    return _code_for(kind, cleaned) or _BUILT_IN.get(kind, {}).get(spelled) or spelled


def header_name(sheet: str, raw: object) -> str:
    """The column a header (or a commune field) names: a label's column, else the normalised header."""
    return _header(_column_for, sheet, str(raw))


@functools.lru_cache(maxsize=4096)
def _header(column_for: Callable[[str, str], str | None], sheet: str, raw: str) -> str:
    """Cached per hook: a batch reads the same few dozen headers in every workbook."""
    cleaned = raw.translate(ZERO_WIDTH).strip()
    return column_for(sheet, cleaned) or normalise(cleaned)


def read_codes(kind: str, text: pd.Series) -> pd.Series:
    """``read_code`` over a column, once per distinct spelling (a column holds a handful of codes)."""
    return per_text(text, functools.partial(read_code, kind))


def per_text(text: pd.Series, read: Callable[[str], object]) -> pd.Series:
    """``read`` of each text cell (None where empty), called once per distinct text.

    Why: ids, codes and lists of ids repeat across the 1,652 communes of a batch (33,000 cells, 3,800 distinct),
    and on one commune's few rows pandas' ``dropna().unique()``, ``map`` and ``where`` cost more than reading.
    ``text`` holds only text and empty cells (as after ``grb.schemas.parse.parse_id``), so distinct means
    distinct strings.
    """
    codes, uniques = pd.factorize(text)
    done = np.array([*(read(u) for u in uniques), None], dtype=object)
    return pd.Series(done[codes], index=text.index, name=text.name, dtype=object)


def header_names(sheet: str, columns: list[object]) -> list[str]:
    return [header_name(sheet, c) for c in columns]
