"""Numbers, money, shares and dates as people read them, in the current language (SPEC §3.5).

One rounding rule wherever a person reads a number: half away from zero (2.5 riel -> 3), as Excel shows a number
format. grb rounds first, itself, then places the separators and signs of CLDR's ``km`` and ``en`` locales
(Babel's, written out in :data:`NUMBER_SYMBOLS`), so that a sentence and the cell beside it (an Excel number
format from :func:`excel_money_format`) agree.
Khmer digits (``--khmer-digits``) are mapped here: Babel writes Latin digits only.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from grb.i18n.catalog import current, khmer_digits, normalize_language
from grb.i18n.digits import to_khmer_digits

CURRENCY_DECIMALS = {"KHR": 0, "USD": 2}
# The mark written after an amount: the currency code in English (as grb always wrote it), the sign in Khmer,
# where CLDR's km locale puts it after the number (``1,234,567 ៛``; dollars likewise: ``1,234.50 $``).
CURRENCY_MARKS = {"en": {"KHR": "KHR", "USD": "USD"}, "km": {"KHR": "៛", "USD": "$"}}
# CLDR's number signs (group, decimal, minus) of grb's languages, as Babel gives them (:func:`babel_number_symbols`;
# a test keeps the two equal). Written out because loading Babel and a locale's data costs 35 ms, a tenth of
# what ``grb analyze`` adds to its libraries' import, for three characters.
NUMBER_SYMBOLS = {"en": {",": ",", ".": ".", "-": "-"}, "km": {",": ",", ".": ".", "-": "-"}}


def _digits(text: str) -> str:
    return to_khmer_digits(text) if khmer_digits() else text


def _lang(lang: str | None) -> str:
    return normalize_language(lang) if lang else current()


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NaT differ from themselves
    except TypeError:  # pd.NA: "boolean value of NA is ambiguous"
        return True


def round_half_away(value: float | Decimal, decimals: int = 0) -> Decimal:
    """``value`` rounded to ``decimals`` places, half away from zero, read through its shortest repr.

    ``repr(2.675) == '2.675'``: a figure typed with two decimals rounds as typed, not as its binary approximation.
    A negative result that rounds to zero is plain zero (no ``-0``).
    """
    if not math.isfinite(float(value)):
        raise ValueError(f"cannot round {value!r} for people")
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded == 0 else rounded


def round_money(amount: float, currency: str) -> Decimal:
    """``amount`` rounded as a person reads it: to whole riel or cents, half away from zero (2.5 riel -> 3)."""
    return round_half_away(amount, CURRENCY_DECIMALS[currency])


def _grouped(number: Decimal, decimals: int, lang: str) -> str:
    """``number`` (already rounded) with the locale's grouping and decimal marks: what Babel's
    ``format_decimal(number, "#,##0.00", locale=lang)`` writes, from the locale's signs (:data:`NUMBER_SYMBOLS`)."""
    return f"{number:,.{decimals}f}".translate(_symbol_table(lang))


def format_money(amount: float | None, currency: str, lang: str | None = None) -> str:
    """``1,234,567 KHR`` / ``1,234.50 USD`` in English, ``1,234,567 ៛`` / ``1,234.50 $`` in Khmer; empty if none."""
    if _missing(amount):
        return ""
    lang = _lang(lang)
    decimals = CURRENCY_DECIMALS[currency]
    text = f"{_grouped(round_money(amount, currency), decimals, lang)} {CURRENCY_MARKS[lang][currency]}"
    return _digits(text)


def format_money_many(amounts: Iterable[Any], currencies: Iterable[str], lang: str | None = None) -> list[str]:
    """:func:`format_money` of each (amount, currency) pair, the same text, without a Babel call per amount.

    Why: a national batch formats some 12,000 surpluses, and Babel parses its pattern and looks its locale up
    on every call (0.5 s). The locale's symbols are looked up once here and Python's own grouping does the rest.
    """
    lang = _lang(lang)
    marks, table = CURRENCY_MARKS[lang], _symbol_table(lang)

    def one(amount: Any, currency: str) -> str:
        if _missing(amount):
            return ""
        decimals = CURRENCY_DECIMALS[currency]
        if isinstance(amount, float) and amount.is_integer() and abs(amount) < 2**53:  # whole: nothing to round
            text = f"{int(amount):,}" + ("." + "0" * decimals if decimals else "")
        else:
            text = f"{round_money(amount, currency):,.{decimals}f}"
        return text.translate(table) + " " + marks[currency]

    texts = list(map(one, amounts, currencies))
    return [to_khmer_digits(t) for t in texts] if khmer_digits() else texts


@functools.cache
def _symbol_table(lang: str) -> dict[int, str]:
    """Python's ``,`` ``.`` ``-`` -> the locale's group, decimal and minus signs (as Babel writes them)."""
    if lang in NUMBER_SYMBOLS:
        return str.maketrans(NUMBER_SYMBOLS[lang])
    return str.maketrans(babel_number_symbols(lang))


def babel_number_symbols(lang: str) -> dict[str, str]:
    """Python's ``,`` ``.`` ``-`` -> the group, decimal and minus signs of CLDR's ``lang`` locale, from Babel."""
    from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

    return {",": get_group_symbol(lang), ".": get_decimal_symbol(lang), "-": get_minus_sign_symbol(lang)}


def format_number(value: float | None, decimals: int = 0, lang: str | None = None) -> str:
    """A count or a figure with grouping (``1,234``), rounded half away from zero; empty if none."""
    if _missing(value):
        return ""
    return _digits(_grouped(round_half_away(value, decimals), decimals, _lang(lang)))


def format_share(share: float | None, decimals: int = 0, lang: str | None = None) -> str:
    """A fraction (0-1) as a percentage, ``0.125`` -> ``13%`` (half away from zero); empty if none."""
    if _missing(share):
        return ""
    percent = round_half_away(Decimal(repr(float(share))) * 100, decimals)
    return _digits(_grouped(percent, decimals, _lang(lang)) + "%")


def format_date(date: dt.date | None, lang: str | None = None) -> str:
    """A date as people write it: ``7 Dec 2026`` in English, ``7 ធ្នូ 2026`` in Khmer (``d MMMM y``)."""
    if _missing(date):
        return ""
    lang = _lang(lang)
    month = f"{date:%b}" if lang == "en" else month_name(date.month, lang=lang)
    return _digits(f"{date.day} {month} {date.year}")


def month_name(month: int, short: bool = False, lang: str | None = None) -> str:
    """The name of ``month`` (1-12), for the intervention-map timeline: ``Dec``/``December``, ``ធ្នូ``.

    CLDR's Khmer month names have no shorter form; ``short`` gives the same word there.
    """
    from babel.dates import get_month_names

    if not 1 <= int(month) <= 12:
        raise ValueError(f"month {month!r} is not 1-12")
    width = "abbreviated" if short else "wide"
    return get_month_names(width, context="stand-alone", locale=_lang(lang))[int(month)]


def excel_money_format(currency: str, lang: str | None = None) -> str:
    """The Excel number format that shows an amount as :func:`format_money` writes it (``#,##0 "៛"``).

    The report writes numbers as numbers, with this format, so cells and sentences agree. Excel formats cannot
    portably write Khmer digits: cells keep Latin digits (they stay numbers a colleague can sum).
    """
    decimals = CURRENCY_DECIMALS[currency]
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f'{pattern} "{CURRENCY_MARKS[_lang(lang)][currency]}"'


def excel_share_format(decimals: int = 0) -> str:
    """The Excel number format for a share shown as :func:`format_share` writes it."""
    return "0" + ("." + "0" * decimals if decimals else "") + "%"


def excel_date_format(lang: str | None = None) -> str:
    """The Excel number format for a date cell that shows it as :func:`format_date` writes it.

    ``[$-453]`` is the Khmer (Cambodia) locale id: the spreadsheet writes the CLDR month names (``7 ធ្នូ 2026``;
    checked with LibreOffice). Khmer digits are left to text (see :func:`excel_money_format`).
    """
    return "d mmm yyyy" if _lang(lang) == "en" else "[$-453]d mmmm yyyy"
