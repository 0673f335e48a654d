"""Which language grb writes in, and the gettext catalog that turns an English source text into it.

The current language (and whether numbers use Khmer digits) is a context variable: a batch worker or a notebook
cell can write one commune in Khmer and the next in English without passing the language through every function,
and a thread starts in English whatever its parent chose.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from grb.i18n.digits import to_khmer_digits

LANGUAGES = ("en", "km")
DEFAULT_LANGUAGE = "en"
DOMAIN = "grb"

# Ways people write a language in a workbook or on the command line, normalised to its code.
_LANGUAGE_NAMES = {
    "en": "en", "eng": "en", "english": "en", "អង់គ្លេស": "en", "ភាសាអង់គ្លេស": "en",
    "km": "km", "kh": "km", "khm": "km", "khmer": "km", "ខ្មែរ": "km", "ភាសាខ្មែរ": "km",
}  # fmt: skip


@dataclass(frozen=True)
class _Setting:
    lang: str = DEFAULT_LANGUAGE
    khmer_digits: bool = False


_current: ContextVar[_Setting] = ContextVar("grb_language", default=_Setting())  # noqa: B039 (frozen, shared)


def locale_dir() -> Path:
    """Where the catalogs live (``grb/locale``), shipped as package data."""
    return Path(str(resources.files("grb") / "locale"))


def normalize_language(lang: str) -> str:
    """``lang`` as one of :data:`LANGUAGES` (``"KM"``, ``" khmer "``, ``"ខ្មែរ"`` → ``"km"``); ValueError otherwise."""
    code = _LANGUAGE_NAMES.get(str(lang).strip().replace("\u200b", "").casefold())
    if code is None:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return code


def resolve_language(cli_lang: str | None, workbook_lang: str | None = None) -> str:
    """The language to write in (SPEC §3.5): ``--lang``, else the workbook's ``language`` field, else English."""
    for choice in (cli_lang, workbook_lang):
        if choice is not None and str(choice).strip():
            return normalize_language(choice)
    return DEFAULT_LANGUAGE


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang`` (loaded once per process); English, the source language, has none."""
    lang = normalize_language(lang)
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, str(locale_dir()), languages=[lang])


def gettext(text: str, lang: str | None = None) -> str:
    """``text`` in ``lang``; without ``lang``, as :func:`_` writes it. A text missing from the catalog stays English.

    With an explicit ``lang`` the text is the catalog's, digits as written there (what readers compare against).
    """
    if lang is None:
        return _(text)
    if not text:  # gettext("") would return the catalog's header
        return text
    return translations(lang).gettext(text)


def _(text: str) -> str:
    """``text`` in the current language, with Khmer digits when asked for (``--khmer-digits``).

    Translate the message first, then fill its fields: ``_("{n} gaps").format(n=format_number(n))``; user text
    filled into a field is never changed.
    """
    setting = _current.get()
    text = gettext(text, setting.lang)
    return to_khmer_digits(text) if setting.khmer_digits else text


def N_(text: str) -> str:  # the gettext convention: mark now, translate later
    """Mark ``text`` for the catalog without translating it now (constants, label tables)."""
    return text


def current() -> str:
    """The language grb writes in here and now."""
    return _current.get().lang


def khmer_digits() -> bool:
    """Whether numbers and dates are written with Khmer digits (``--khmer-digits``) here and now."""
    return _current.get().khmer_digits


@contextlib.contextmanager
def language(lang: str | None = None, *, khmer_digits: bool | None = None) -> Iterator[str]:
    """Write in ``lang`` inside the block (``None``: keep the current language; likewise ``khmer_digits``).

    ``khmer_digits`` is honoured in either language: the user asked for it explicitly (``--khmer-digits``).
    """
    now = _current.get()
    lang = normalize_language(lang) if lang else now.lang
    digits = now.khmer_digits if khmer_digits is None else bool(khmer_digits)
    token = _current.set(_Setting(lang, digits))
    try:
        yield lang
    finally:
        _current.reset(token)
