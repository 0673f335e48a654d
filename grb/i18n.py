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
from collections.abc import Iterator
from contextvars import ContextVar

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
