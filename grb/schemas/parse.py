"""Turn raw cells into typed values, column at a time, remembering which cells could not be read.

grb parses cells itself instead of letting pandas or pandera coerce them: a failed coercion loses the
raw text and the row, and the analyst needs both to find the cell (SPEC §1.7).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from grb.io.cell_errors import EXCEL_ERRORS, FORMULA_WITHOUT_VALUE
from grb.schemas.codes import ZERO_WIDTH, per_text, read_codes
from grb.schemas.numbers import KHMER_DIGITS, MAX_NUMBER, MAX_TEXT, read_number

MAX_INTEGER = 2**53
# Typed values, and the problem of each cell: None when fine, a code, or (code, fields) for a code with fields.
Parsed = tuple[pd.Series, pd.Series]
_ZW_CHARS = frozenset(chr(c) for c in ZERO_WIDTH)
_MARKERS = EXCEL_ERRORS | {FORMULA_WITHOUT_VALUE}
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse(raw: pd.Series, kind: str, codes: str | None = None) -> Parsed:
    """Parse ``raw`` (object cells) as ``kind``; see the models' ``metadata["kind"]`` (``codes``: its code list)."""
    values, problems = parse_code(raw, codes) if kind in CODE_KINDS and codes else _PARSERS[kind](raw)
    if not _MARKERS.isdisjoint(raw.to_numpy().tolist()):  # rare: a broken or unsaved formula, in any kind
        for marker, code in ((EXCEL_ERRORS, "excel_error"), ({FORMULA_WITHOUT_VALUE}, "formula_without_value")):
            hit = raw.isin(marker)
            if hit.any():
                problems = problems.mask(hit, code)
                values = values.mask(hit)
    if kind in TEXT_KINDS:  # text stays object with None for empty, even when a whole column is empty
        values = _none_for_missing(values)
    return values, problems


def _none_for_missing(values: pd.Series) -> pd.Series:
    """``values`` as objects with None where a value is missing (NaN, NA, NaT): ``Series.where`` in NumPy, which
    costs a tenth of it on the few rows of one commune's sheet (a sheet parses a dozen columns)."""
    cells = values.to_numpy(dtype=object, copy=True)
    cells[pd.isna(cells)] = None
    return pd.Series(cells, index=values.index, name=values.name, dtype=object)


def _no_problems(raw: pd.Series) -> pd.Series:
    return pd.Series(None, index=raw.index, dtype=object)


def _cells_are(raw: pd.Series, *kinds: str) -> bool:
    """Whether every non-empty cell is of one of pandas' inferred ``kinds`` (a fast, Cython-level test)."""
    return pd.api.types.infer_dtype(raw, skipna=True) in (*kinds, "empty")


def _is_real_number(raw: pd.Series) -> pd.Series:
    return raw.map(lambda v: isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool))


def _bounded(values: pd.Series, problems: pd.Series) -> Parsed:
    """Numbers beyond :data:`MAX_NUMBER` (or infinite) are ``out_of_range``, never kept or silently dropped."""
    numbers = values.to_numpy(dtype="float64")  # NumPy: a few fixed-cost pandas calls fewer per column
    huge = ~np.isnan(numbers) & ~(np.abs(numbers) <= MAX_NUMBER)
    if huge.any():
        problems = problems.mask(
            huge,
            pd.Series([("out_of_range", {"allowed": f"≤ {MAX_TEXT}"})] * len(values), index=values.index, dtype=object),
        )
        values = values.mask(huge)
    return values, problems


def parse_number(raw: pd.Series, money: bool = False) -> Parsed:
    """Numbers as typed (SPEC §1.8); currency marks are read only in money columns."""
    if _cells_are(raw, "integer", "floating", "mixed-integer-float"):  # the common case: numbers typed as numbers
        return _bounded(raw.astype("float64"), _no_problems(raw))
    numeric = _is_real_number(raw)
    values = pd.Series(np.nan, index=raw.index, dtype="float64")
    values[numeric] = raw[numeric].astype("float64")
    values, problems = _bounded(values, _no_problems(raw))
    is_text = raw.map(lambda v: isinstance(v, str)).astype(bool)
    if is_text.any():
        texts = raw[is_text]
        readings = [read_number(v) for v in texts]
        values[is_text] = [r[0] if r[1] is None and (money or r[3] is None) else np.nan for r in readings]
        found = [_text_problem(r, money) for r in readings]
        problems[is_text] = pd.Series(found, index=texts.index, dtype=object)
    other = raw.notna() & ~numeric & ~is_text  # a date or a boolean in a number column
    return values, problems.mask(other, "not_a_number")


def _text_problem(reading: tuple, money: bool) -> object:
    _, code, fields, mark = reading
    if mark is not None and not money:
        return "not_a_number"
    return (code, fields) if code and fields else code


def parse_money(raw: pd.Series) -> Parsed:
    return parse_number(raw, money=True)


def currency_marks(raw: pd.Series) -> pd.Series:
    """The currency each text amount is marked with (``None`` where there is no mark)."""
    if _cells_are(raw, "integer", "floating", "mixed-integer-float"):
        return pd.Series(None, index=raw.index, dtype=object)
    return raw.map(lambda v: read_number(v)[3] if isinstance(v, str) else None).astype(object)


def parse_integer(raw: pd.Series) -> Parsed:
    values, problems = parse_number(raw)
    numbers = values.to_numpy(dtype="float64")
    fractional = ~np.isnan(numbers) & (np.mod(numbers, 1) != 0)
    if fractional.any():  # rare: checked in NumPy, a pandas mask only when a cell needs one
        problems = problems.mask(fractional, "not_an_integer")
        numbers = np.where(fractional, np.nan, numbers)
    missing = np.isnan(numbers)  # whole numbers below 2**53 here (MAX_NUMBER): exact as int64
    whole = pd.arrays.IntegerArray(np.where(missing, 0, numbers).astype("int64"), missing)  # astype("Int64"), faster
    return pd.Series(whole, index=values.index, name=values.name), problems


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


def _visible(text: pd.Series) -> pd.Series:
    """Ids and codes without zero-width characters and surrounding spaces (SPEC §1.8); empty becomes None."""
    if _cells_are(text, "string") and _ZW_CHARS.isdisjoint(_letters(text)):
        return text  # the common case: the reader stripped the cells and nothing invisible was pasted
    return _none_for_missing(text.map(lambda v: v.translate(ZERO_WIDTH).strip() or None if isinstance(v, str) else v))


def _letters(text: pd.Series) -> str:
    """Every distinct text of ``text`` run together (a set, not pandas' ``dropna().unique()``: a tenth of the time
    on one commune's column)."""
    return "".join(v for v in set(text.to_numpy().tolist()) if isinstance(v, str))


def parse_id(raw: pd.Series) -> Parsed:
    """An id (``issue_id``...): text, with invisible characters ignored so that ``G1`` and ``G1\u200b`` match."""
    text, problems = parse_text(raw)
    return _visible(text), problems


def parse_code_text(raw: pd.Series) -> Parsed:
    """A code such as the NCDD commune code: digits typed as a number lost their leading zeros, so pad to 6."""
    text, problems = parse_id(raw)
    numeric = _is_real_number(raw)
    text[numeric] = text[numeric].str.zfill(6)
    return _visible(text.map(lambda v: v.translate(KHMER_DIGITS) if isinstance(v, str) else v)), problems


def parse_code(raw: pd.Series, codes: str) -> Parsed:
    """A code from the ``codes`` list, written kindly (``Capacity building`` is ``capacity_building``)."""
    text, problems = parse_id(raw)
    return read_codes(codes, text), problems


def parse_lower(raw: pd.Series) -> Parsed:
    return parse_code(raw, "")


def parse_upper(raw: pd.Series) -> Parsed:
    """A currency: the code in any case, or its label in English or Khmer (``Riel``, ``រៀល``)."""
    text, problems = parse_id(raw)
    return per_text(read_codes("currency", text), str.upper), problems


def _date_of(v: object) -> object:
    """One date cell or text (ISO or DD/MM/YYYY, Khmer digits allowed); NaT when it is not a real date."""
    if isinstance(v, dt.datetime):
        return pd.Timestamp(v.date())
    if isinstance(v, dt.date):
        return pd.Timestamp(v)
    if not isinstance(v, str):
        return pd.NaT
    text = v.translate(ZERO_WIDTH).translate(KHMER_DIGITS).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return pd.Timestamp(dt.date.fromisoformat(text))
        match = _DMY.fullmatch(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return pd.Timestamp(dt.date(year, month, day))
    except ValueError:  # 31/02/2026, 2026-13-01
        return pd.NaT
    return pd.NaT


def parse_date(raw: pd.Series) -> Parsed:
    values = raw.map(lambda v: None if v is None else _date_of(v))
    bad = raw.notna() & values.isna()
    return pd.to_datetime(values.where(~bad)), _no_problems(raw).mask(bad, "not_a_date")


def parse_id_list(raw: pd.Series) -> Parsed:
    """``P1; P2`` -> ``"P1;P2"``, kept as text; the validator splits it into links."""
    text, problems = parse_id(raw)
    return per_text(text, _joined_ids), problems


def _joined_ids(text: str) -> str | None:
    return ";".join(p for p in (part.strip() for part in text.split(";")) if p) or None


TEXT_KINDS = {"text", "id", "code_text", "sector", "lower", "upper", "id_list"}
CODE_KINDS = {"sector", "lower"}
_PARSERS = {
    "text": parse_text,
    "id": parse_id,
    "code_text": parse_code_text,
    "sector": parse_lower,
    "lower": parse_lower,
    "upper": parse_upper,
    "number": parse_number,
    "money": parse_money,
    "integer": parse_integer,
    "date": parse_date,
    "id_list": parse_id_list,
}
