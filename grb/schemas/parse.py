"""Turn raw cells into typed values, column at a time, remembering which cells could not be read.

grb parses cells itself instead of letting pandas or pandera coerce them: a failed coercion loses the
raw text and the row, and the analyst needs both to find the cell (SPEC §1.7).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from grb.io.cell_errors import EXCEL_ERRORS

# A number as text: plain (1200000, -3.5) or with "," / space thousands separators (1,200,000 or 1 200 000).
_NUMBER_TEXT = re.compile(r"^[+-]?([0-9]{1,3}([,\u00a0\u202f ][0-9]{3})+|[0-9]+)(\.[0-9]+)?$")
_SEPARATORS = re.compile(r"[,\u00a0\u202f ]")
_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")  # many analysts type numbers in Khmer

MAX_INTEGER = 2**53
Parsed = tuple[pd.Series, pd.Series]  # typed values, and the problem code of each cell (None when fine)


def parse(raw: pd.Series, kind: str) -> Parsed:
    """Parse ``raw`` (object cells) as ``kind``; see the models' ``metadata["kind"]``."""
    values, problems = _PARSERS[kind](raw)
    errors = raw.isin(EXCEL_ERRORS)  # a broken formula, whatever the column's kind
    if errors.any():
        problems = problems.mask(errors, "excel_error")
        values = values.mask(errors)
    if kind in TEXT_KINDS:  # text stays object with None for empty, even when a whole column is empty
        values = values.astype(object).where(values.notna(), None)
    return values, problems


def _no_problems(raw: pd.Series) -> pd.Series:
    return pd.Series(None, index=raw.index, dtype=object)


def _cells_are(raw: pd.Series, *kinds: str) -> bool:
    """Whether every non-empty cell is of one of pandas' inferred ``kinds`` (a fast, Cython-level test)."""
    return pd.api.types.infer_dtype(raw, skipna=True) in (*kinds, "empty")


def _is_real_number(raw: pd.Series) -> pd.Series:
    return raw.map(lambda v: isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool))


def parse_number(raw: pd.Series) -> Parsed:
    if _cells_are(raw, "integer", "floating", "mixed-integer-float"):  # the common case: numbers typed as numbers
        values = raw.astype("float64")
        values[~np.isfinite(values)] = np.nan
        return values, _no_problems(raw)
    numeric = _is_real_number(raw)
    text = raw.where(raw.map(lambda v: isinstance(v, str))).str.translate(_KHMER_DIGITS)
    ok_text = text.str.fullmatch(_NUMBER_TEXT).fillna(False).astype(bool)
    from_text = pd.to_numeric(text.where(ok_text).str.replace(_SEPARATORS, "", regex=True), errors="coerce")
    values = pd.Series(np.nan, index=raw.index, dtype="float64")
    values[numeric] = raw[numeric].astype("float64")
    values[ok_text] = from_text[ok_text]
    values[~np.isfinite(values)] = np.nan
    bad = raw.notna() & values.isna()
    return values, _no_problems(raw).mask(bad, "not_a_number")


def parse_integer(raw: pd.Series) -> Parsed:
    values, problems = parse_number(raw)
    fractional = values.notna() & (values % 1 != 0)
    huge = values.abs() > MAX_INTEGER  # beyond exact whole numbers: no count or year is this large
    problems = problems.mask(fractional, "not_an_integer").mask(huge, "out_of_range")
    return values.where(~fractional & ~huge).astype("Int64"), problems


def parse_text(raw: pd.Series) -> Parsed:
    """Text as shown in Excel: a whole number typed in a text column (an id such as 12) reads ``"12"``."""
    if _cells_are(raw, "string"):  # the common case: the reader already stripped it
        return raw.astype(object), _no_problems(raw)

    def show(v: object) -> object:
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, dt.datetime) and v.time() == dt.time():
            return v.date().isoformat()
        if isinstance(v, dt.date | dt.datetime):
            return v.isoformat()
        return str(v)

    return raw.map(show).astype(object), _no_problems(raw)


def parse_code_text(raw: pd.Series) -> Parsed:
    """A code such as the NCDD commune code: digits typed as a number lost their leading zeros, so pad to 6."""
    text, problems = parse_text(raw)
    numeric = _is_real_number(raw)
    text[numeric] = text[numeric].str.zfill(6)
    return text, problems


def parse_lower(raw: pd.Series) -> Parsed:
    """A code from a list, written kindly: ``Capacity building`` reads as ``capacity_building``."""
    text, problems = parse_text(raw)
    return text.map(lambda v: re.sub(r"[\s\-]+", "_", v.lower()) if isinstance(v, str) else v), problems


def parse_upper(raw: pd.Series) -> Parsed:
    text, problems = parse_text(raw)
    return text.map(lambda v: v.upper() if isinstance(v, str) else v), problems


def parse_date(raw: pd.Series) -> Parsed:
    def one(v: object) -> object:
        if v is None:
            return None
        if isinstance(v, dt.datetime):
            return pd.Timestamp(v.date())
        if isinstance(v, dt.date):
            return pd.Timestamp(v)
        if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            try:
                return pd.Timestamp(dt.date.fromisoformat(v))
            except ValueError:
                return pd.NaT
        return pd.NaT

    values = raw.map(one)
    bad = raw.notna() & values.isna()
    return pd.to_datetime(values.where(~bad)), _no_problems(raw).mask(bad, "not_a_date")


def parse_id_list(raw: pd.Series) -> Parsed:
    """``P1; P2`` -> ``"P1;P2"``, kept as text; the validator splits it into links."""
    text, problems = parse_text(raw)
    joined = text.map(lambda v: ";".join(p.strip() for p in v.split(";") if p.strip()) if isinstance(v, str) else v)
    return joined.map(lambda v: v or None), problems


TEXT_KINDS = {"text", "code_text", "sector", "lower", "upper", "id_list"}
_PARSERS = {
    "text": parse_text,
    "code_text": parse_code_text,
    "sector": parse_lower,
    "lower": parse_lower,
    "upper": parse_upper,
    "number": parse_number,
    "integer": parse_integer,
    "date": parse_date,
    "id_list": parse_id_list,
}
