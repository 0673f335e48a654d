"""Khmer digits (០-៩, U+17E0-U+17E9), which Babel does not write: ``--khmer-digits`` maps them here."""

from __future__ import annotations

_KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
_LATIN_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


def to_khmer_digits(text: str) -> str:
    """``text`` with Latin digits 0-9 written as Khmer digits ០-៩; everything else unchanged."""
    return str(text).translate(_KHMER_DIGITS)


def to_latin_digits(text: str) -> str:
    """``text`` with Khmer digits written as Latin ones (for reading what people type)."""
    return str(text).translate(_LATIN_DIGITS)
