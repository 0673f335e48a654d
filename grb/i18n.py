"""The language everything for people is written in (SPEC §3.5): one source text per message, English, and a
gettext catalog per other language (``grb/locale/<lang>/LC_MESSAGES/grb.po``, managed with Babel).

Usage, everywhere a person reads text (reports, template, problem messages, terminal summaries)::

    from grb.i18n import N_, _, language
    LABEL = N_("Gender issues")          # marks a constant for extraction; translated where it is shown
    with language("km"):                 # the report writer chooses the language once, at its top
        title = _("Gender issues")       # the text in the current language

The current language is a context variable, so a batch worker or a notebook cell can write one commune in Khmer
and the next in English without passing the language through every function.

This first version is the interface only (English); the catalog loading and locale formatting fill it in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal

LANGUAGES = ("en", "km")
DEFAULT_LANGUAGE = "en"
_current: ContextVar[str] = ContextVar("grb_language", default=DEFAULT_LANGUAGE)


def N_(text: str) -> str:  # the gettext convention: mark now, translate later
    """Mark ``text`` for the catalog without translating it now (constants, label tables)."""
    return text


def _(text: str) -> str:
    """``text`` in the current language."""
    return gettext(text, _current.get())


def gettext(text: str, lang: str) -> str:
    """``text`` in ``lang`` (English is the source language)."""
    return text


def current() -> str:
    return _current.get()


@contextlib.contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Write in ``lang`` (``None``: keep the current one) inside the block."""
    token = _current.set(lang or _current.get())
    try:
        yield _current.get()
    finally:
        _current.reset(token)


# --- Formatting for people (reports, sentences, terminal). One rounding rule wherever a person reads money:
# half away from zero to the currency's smallest unit (whole riel, cents), as Excel shows a number format.
CURRENCY_DECIMALS = {"KHR": 0, "USD": 2}


def round_money(amount: float, currency: str) -> Decimal:
    """``amount`` rounded as a person reads it: to whole riel or cents, half away from zero (2.5 riel -> 3).

    The float is read through its shortest repr (``repr(2.675) == '2.675'``), so an amount typed with the
    currency's decimals rounds as typed, not as its binary approximation.
    """
    step = Decimal(1).scaleb(-CURRENCY_DECIMALS[currency])
    return Decimal(repr(float(amount))).quantize(step, rounding=ROUND_HALF_UP)


def format_money(amount: float, currency: str) -> str:
    """``1,234,567 KHR`` / ``1,234.50 USD`` in the current language."""
    return f"{round_money(amount, currency):,} {currency}"


def format_date(date: dt.date) -> str:
    """A date as people write it: ``7 Dec 2026``."""
    return f"{date.day} {date:%b %Y}"
