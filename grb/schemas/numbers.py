"""Numbers as people type them (SPEC §1.8): read kindly, never guess silently.

Accepted text, after zero-width characters and surrounding spaces are dropped and Khmer digits (០-៩) read as
0-9, with an optional sign:

- plain digits (``1200000``) and a decimal point (``1.5``, ``4484.435``, ``.5``);
- thousands separators ``,``, ``.`` or a space (also U+00A0, U+202F), the same one throughout, when the first
  group has 1-3 digits (not ``0``) and every other group exactly three: ``1,200,000``, ``1.200.000``,
  ``1 200 000``, ``1.500`` (= 1,500: one dot and three digits is a thousands group);
- ``,`` or space thousands followed by a decimal point: ``1,234.5``;
- in money columns, a currency mark before or after (``៛``, ``riel``, ``KHR``, ``$``, ``USD``, any case); the
  validator checks that it agrees with the row's currency.

Anything else made of digits and separators is *ambiguous* (``1,5``, ``1.234,5``, ``1,234.567.8``, ``12,34``):
an error that shows the readings (every separator as thousands, or the last one as a decimal point). Anything
else is not a number. Amounts are bounded by :data:`MAX_NUMBER` (10^15): above it whole riel stop being exact
in float64 arithmetic once amounts are added and multiplied, so such a cell is ``out_of_range``, never rounded.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from grb.schemas.codes import ZERO_WIDTH

MAX_NUMBER = 10**15
MAX_TEXT = "1,000,000,000,000,000"
KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
_SPACE = "[ \u00a0\u202f]"
_GROUPED = [re.compile(rf"[1-9][0-9]{{0,2}}(?:{sep}[0-9]{{3}})+") for sep in (",", r"\.", _SPACE)]
_GROUPED_DECIMAL = [re.compile(rf"[1-9][0-9]{{0,2}}(?:{sep}[0-9]{{3}})+\.[0-9]+") for sep in (",", _SPACE)]
_DOT_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")
_DECIMAL = re.compile(r"[0-9]*\.?[0-9]+")
_SEPARATED = re.compile(r"[0-9]+(?:[,.\u00a0\u202f ]+[0-9]+)+")
_SEPARATOR = re.compile(r"[,.\u00a0\u202f ]+")
_MARKS = {"៛": "KHR", "riel": "KHR", "riels": "KHR", "khr": "KHR", "$": "USD", "us$": "USD", "usd": "USD"}
_MARK_TEXT = "|".join(re.escape(m) for m in sorted(_MARKS, key=len, reverse=True))
_LEADING_MARK = re.compile(rf"^({_MARK_TEXT})\s*", re.IGNORECASE)
_TRAILING_MARK = re.compile(rf"\s*({_MARK_TEXT})$", re.IGNORECASE)

# (value, problem code, problem fields, currency mark)
Reading = tuple[float | None, str | None, dict[str, str], str | None]


@functools.lru_cache(maxsize=1 << 16)
def read_number(text: str) -> Reading:
    """Read one text cell as a number; see the module docstring for what is accepted."""
    body = text.translate(ZERO_WIDTH).translate(KHMER_DIGITS).strip()
    sign, body = _sign(body)
    body, mark = _strip_marks(body)
    if mark == "conflict":
        return None, "not_a_number", {}, None
    if not sign:
        sign, body = _sign(body)
    digits = _digits(body)
    if digits is None:
        if _SEPARATED.fullmatch(body):
            return None, "ambiguous_number", {"readings": _readings(body)}, mark
        return None, "not_a_number", {}, mark
    value = Decimal(sign + digits)
    if abs(value) > MAX_NUMBER:
        return None, "out_of_range", {"allowed": f"≤ {MAX_TEXT}"}, mark
    return float(value), None, {}, mark


def _sign(body: str) -> tuple[str, str]:
    if body[:1] in ("+", "-"):
        return body[0].replace("+", ""), body[1:].strip()
    return "", body


def _strip_marks(body: str) -> tuple[str, str | None]:
    """The text without its currency marks, and the currency they name (``conflict`` for ``$ 5 riel``)."""
    found = set()
    for pattern in (_LEADING_MARK, _TRAILING_MARK):
        match = pattern.search(body)
        if match:
            found.add(_MARKS[match.group(1).lower()])
            body = body[: match.start()] + body[match.end() :]
    if len(found) > 1:
        return body, "conflict"
    return body.strip(), next(iter(found), None)


def _digits(body: str) -> str | None:
    """The number as plain digits and an optional ``.``, or None when the text is not an accepted number."""
    if _DOT_THOUSANDS.fullmatch(body) or _GROUPED[1].fullmatch(body):
        return body.replace(".", "")
    if _DECIMAL.fullmatch(body):
        return body
    if any(p.fullmatch(body) for p in (_GROUPED[0], _GROUPED[2], *_GROUPED_DECIMAL)):
        return _SEPARATOR.sub(lambda m: "." if m.group() == "." else "", body)
    return None


def _readings(body: str) -> str:
    """The numbers an ambiguous text could mean: every separator as thousands, or the last as a decimal point."""
    parts = _SEPARATOR.split(body)
    whole = "".join(parts)
    decimal = "".join(parts[:-1]) + "." + parts[-1]
    shown = [str(Decimal(whole)), str(Decimal(decimal))]
    return " / ".join(dict.fromkeys(shown))


def currency_of_mark(text: str) -> str | None:
    """The currency a text amount is marked with, if any (``None`` for numbers and unmarked text)."""
    return read_number(text)[3]
