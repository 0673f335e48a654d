"""The language everything for people is written in (SPEC §3.5): one source text per message, English, and a
gettext catalog per other language (``grb/locale/<lang>/LC_MESSAGES/grb.po``, managed with Babel).

Usage, everywhere a person reads text (reports, template, problem messages, terminal summaries)::

    from grb.i18n import N_, _, language
    LABEL = N_("Gender issues")          # marks a constant for extraction; translated where it is shown
    with language("km"):                 # the report writer chooses the language once, at its top
        title = _("Gender issues")       # the text in the current language
        when = format_date(as_of)        # 7 ធ្នូ 2026; format_money(1234567, "KHR") -> 1,234,567 ៛

Messages with fields use ``str.format`` placeholders, translated before filling:
``_("{n} gaps in {sector}").format(n=..., sector=...)`` (the catalog keeps ``{n}`` and ``{sector}``).
Labels of codes (sectors, statuses...) and of input headers live in :mod:`grb.labels`.
"""

from grb.i18n.catalog import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    N_,
    _,
    current,
    gettext,
    khmer_digits,
    language,
    locale_dir,
    normalize_language,
    resolve_language,
    translations,
)
from grb.i18n.digits import to_khmer_digits, to_latin_digits
from grb.i18n.formatting import (
    CURRENCY_DECIMALS,
    excel_date_format,
    excel_money_format,
    excel_share_format,
    format_date,
    format_money,
    format_number,
    format_share,
    month_name,
    round_half_away,
    round_money,
)

__all__ = [
    "CURRENCY_DECIMALS",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "_",
    "current",
    "excel_date_format",
    "excel_money_format",
    "excel_share_format",
    "format_date",
    "format_money",
    "format_number",
    "format_share",
    "gettext",
    "khmer_digits",
    "language",
    "locale_dir",
    "month_name",
    "normalize_language",
    "resolve_language",
    "round_half_away",
    "round_money",
    "to_khmer_digits",
    "to_latin_digits",
    "translations",
]
