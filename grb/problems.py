"""Problems and warnings as data: one registry of codes, each with its kind, title and message template.

Validation never stops at the first problem. It collects them all into one table, and the caller raises a
single :class:`InputError` holding that table, so an analyst fixes a workbook in one pass. Warnings (SPEC §2.8)
are rows of the ``checks`` table with a code from the same registry.

A problem is built by keyword, never with free text::

    problem("not_a_number", sheet="interventions", row=4, column="unit_cost", value="12a")

and its message is rendered from the code's template at output time, through ``grb.i18n.gettext`` so that a
translated template gets the same named fields (``{column}``, ``{value}``, ``{sheet}``, ``{row}`` are always
there; the others are given as keywords). The English templates are the catalog's source texts.

Tests assert the ``code`` and the position; the wording may improve freely. This module is a leaf: the
engine, the validator, the reader and the report may all import it.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from grb.problem_codes import REGISTRY, Code

if TYPE_CHECKING:  # pandas is imported on use, so that `grb --help` stays fast
    import pandas as pd

__all__ = [
    "CODES",
    "PROBLEM_COLUMNS",
    "REGISTRY",
    "Code",
    "InputError",
    "Problem",
    "problem",
    "problems_frame",
    "render",
    "render_messages",
    "template_fields",
    "warnings_frame",
]

PROBLEM_COLUMNS = ["sheet", "row", "column", "value", "problem", "code"]
# The problems table's headers as people read them (the terminal; the --errors workbook has its own widths).
TABLE_HEADERS = {"sheet": "Sheet", "row": "Row", "column": "Column", "value": "Value", "problem": "Problem"}
FIELDS = "fields"  # the hidden column holding each row's named fields, for rendering in another language

# Code -> title, the stable list (kept for callers of the first version; the registry is the source).
CODES: dict[str, str] = {code: entry.title for code, entry in REGISTRY.items()}


@dataclass(frozen=True)
class Problem:
    """One problem with the input, where it is and what is allowed.

    Build it with :func:`problem`. The positional form ``Problem(sheet, row, column, value, text, code)``
    still works during the transition: its free ``text`` is shown as given (and is not translated).
    """

    sheet: str
    row: int | None
    column: str
    value: Any
    problem: str
    code: str
    key: int = 0  # the commune (input) the problem belongs to, when many are validated at once
    fields: Mapping[str, Any] | None = None  # None: a legacy problem, its text shown as given


def problem(
    code: str,
    *,
    sheet: str = "",
    row: int | None = None,
    column: str = "",
    value: Any = None,
    key: int = 0,
    **fields: Any,
) -> Problem:
    """A problem of a registered ``code``; ``fields`` fill its template (checked at once, not at output time)."""
    entry = REGISTRY[code]  # KeyError: a programming error, codes are a closed list
    missing = template_fields(entry.template) - {"sheet", "row", "column", "value"} - set(fields)
    if missing:
        raise TypeError(f"problem {code!r} needs the fields {sorted(missing)}")
    return Problem(sheet, row, column, value, "", code, key, dict(fields))


def template_fields(template: str) -> set[str]:
    """The named fields a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(code: str, fields: Mapping[str, Any], lang: str = "en") -> str:
    """The message of ``code`` in ``lang``: the translated template, filled with ``fields``."""
    from grb.i18n import format_money, gettext, language

    template = gettext(REGISTRY[code].template, lang)
    if "amount" in fields and "currency" in fields:  # money is formatted as the reader's language writes it
        with language(lang):
            fields = {**fields, "amount": format_money(fields["amount"], fields["currency"])}
    return template.format_map(_Shown(fields))


class _Shown(dict):
    """Fields as a person reads them; a field a translator mistyped shows as ``{name}`` instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _message(row: Mapping[str, Any], lang: str) -> str:
    fields = row.get(FIELDS)
    if not isinstance(fields, Mapping):
        return str(row.get("problem") or "")  # legacy free text
    base = {k: _show_value(row.get(k)) for k in ("sheet", "column", "value") if k in row}
    base["row"] = "" if _is_missing(row.get("row")) else str(row.get("row"))
    return render(str(row["code"]), {**base, **fields}, lang)


def problems_frame(
    problems: Iterable[Problem] | pd.DataFrame, with_key: bool = False, lang: str = "en", keep_fields: bool = False
) -> pd.DataFrame:
    """Problems as a table in the documented column order, sorted as a reader scans a workbook.

    The ``problem`` column is rendered in ``lang`` from each code's template; ``keep_fields`` keeps the hidden
    ``fields`` column so that the table can be rendered again in another language.
    """
    import pandas as pd

    columns = ["key", *PROBLEM_COLUMNS] if with_key else list(PROBLEM_COLUMNS)
    frame = problems if isinstance(problems, pd.DataFrame) else pd.DataFrame([vars(p) for p in problems])
    out_columns = [*columns, FIELDS] if keep_fields else columns
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in out_columns})
    frame = frame.reindex(columns=[*columns, FIELDS]).copy()
    unknown = set(frame["code"]) - set(REGISTRY)
    if unknown:  # a programming error, not a user one: codes are a closed list
        raise ValueError(f"unknown problem codes {sorted(unknown)}")
    frame["row"] = frame["row"].astype("Int64")
    frame["problem"] = [_message(r, lang) for r in frame.to_dict("records")]
    frame["value"] = frame["value"].map(_show_value)
    order = ["key", "sheet", "row", "column"] if with_key else ["sheet", "row", "column"]
    frame = frame.sort_values(order, kind="stable", na_position="first").reset_index(drop=True)
    return frame[out_columns]


def warnings_frame(base: pd.DataFrame, code: str, sheet: str, lang: str = "en", **fields: Any) -> pd.DataFrame:
    """Warning rows (the ``checks`` table) for each row of ``base`` (``commune_key`` and ``excel_row``).

    ``fields`` are columns (Series aligned with ``base``) or scalars; the ``message`` column is rendered in
    ``lang`` from the registry, and the ``fields`` column keeps them for rendering in another language.
    """
    import pandas as pd

    from grb.keys import CHECK_COLUMNS, COMMUNE_KEY, ROW

    if REGISTRY[code].kind != "warning":
        raise ValueError(f"{code!r} is not a warning code")
    values = pd.DataFrame({name: value for name, value in fields.items()}, index=base.index)
    shown = {name: _plain_column(values[name]) for name in fields}
    cells = [column.tolist() for column in shown.values()]  # lists: zipping Series boxes every cell
    records = [dict(zip(shown, row, strict=True)) for row in zip(*cells, strict=True)] if fields else []
    out = pd.DataFrame(
        {
            COMMUNE_KEY: base[COMMUNE_KEY],
            "code": code,
            "sheet": sheet,
            "row": base[ROW].astype("Int64") if ROW in base else pd.Series(pd.NA, index=base.index, dtype="Int64"),
            FIELDS: pd.Series(records or [{}] * len(base), index=base.index, dtype=object),
        }
    )
    out["message"] = _render_column(code, shown, base.index, lang) if len(base) else []
    return out[[*CHECK_COLUMNS, FIELDS]]


def _render_column(code: str, shown: dict[str, pd.Series], index: pd.Index, lang: str) -> list[str]:
    """The message of ``code`` for each row of ``index``, built column by column: what :func:`render` gives each row.

    Why: a national batch renders some 40,000 warnings of a handful of codes; the template is translated once and
    filled by concatenating whole columns, and money is formatted in one call (a row at a time took a second).
    """
    from grb.i18n import gettext
    from grb.i18n.formatting import format_money_many

    template = gettext(REGISTRY[code].template, lang)
    parts = list(string.Formatter().parse(template))
    if any(spec or conversion or (name and not name.isidentifier()) for _, name, spec, conversion in parts):
        return [render(code, dict(zip(shown, row, strict=True)), lang) for row in zip(*shown.values(), strict=True)]
    columns = dict(shown)
    if "amount" in columns and "currency" in columns:
        amounts = format_money_many(columns["amount"], columns["currency"], lang)
        columns["amount"] = _object_series(amounts, columns["amount"].index)
    message = _object_series([""] * len(index), index)
    for literal, name, _, _ in parts:
        message = message + literal
        if name is not None:
            message = message + (_as_text(columns[name]) if name in columns else "{" + name + "}")
    return message.tolist()


def render_messages(checks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ``checks`` (or problems) table with its messages rendered again in ``lang`` (the report's language)."""
    if FIELDS not in checks or checks.empty:
        return checks
    out = checks.copy()
    text = "message" if "message" in out else "problem"
    out[text] = _rendered(out, text, lang)
    return out


def _rendered(frame: pd.DataFrame, text: str, lang: str) -> list[str]:
    """Each row's message in ``lang``: what :func:`_message` gives it, rendered on whole columns, one code (and
    set of fields) at a time; rows without fields keep their text.

    Why: a report in the reader's language renders its warnings again, and a national batch has some 40,000 of
    a handful of codes: a row at a time took a third of preparing every report.
    """
    import pandas as pd

    messages, fields = frame[text].tolist(), frame[FIELDS].tolist()
    groups: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for i, (code, given) in enumerate(zip(frame["code"].tolist(), fields, strict=True)):
        if isinstance(given, Mapping):
            groups.setdefault((str(code), tuple(given)), []).append(i)
    base = {k: frame[k].tolist() for k in ("sheet", "column", "value") if k in frame}
    rows = frame["row"].tolist() if "row" in frame else [None] * len(frame)
    for (code, names), where in groups.items():
        index = pd.RangeIndex(len(where))
        shown = {k: _object_series([_show_value(values[i]) for i in where], index) for k, values in base.items()}
        shown["row"] = _object_series(["" if _is_missing(rows[i]) else str(rows[i]) for i in where], index)
        shown |= {name: _object_series([fields[i][name] for i in where], index) for name in names}
        for i, message in zip(where, _render_column(code, shown, index, lang), strict=True):
            messages[i] = message
    return messages


def _plain(value: Any) -> Any:
    """A field value as shown in a sentence: whole floats without ``.0``, missing as empty."""
    if _is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _plain_column(values: pd.Series) -> pd.Series:
    """:func:`_plain` of a whole column, as objects: missing as empty, whole floats as ints."""
    import pandas as pd

    out = pd.Series(values.to_numpy(dtype=object), index=values.index, dtype=object)
    missing = values.isna().to_numpy()
    if pd.api.types.infer_dtype(out, skipna=True) not in ("string", "integer", "boolean", "empty"):  # floats?
        whole = out.map(lambda v: isinstance(v, float) and v.is_integer()).to_numpy(dtype=bool) & ~missing
        out[whole] = [int(v) for v in out[whole]]
    if missing.any():
        out[missing] = ""
    return out


def _as_text(column: pd.Series) -> pd.Series:
    """Each cell as ``str.format`` writes it with no format spec (``str``); text columns are already text."""
    import pandas as pd

    return column if pd.api.types.infer_dtype(column, skipna=False) == "string" else column.map(str)


def _object_series(values: list[Any], index: Any) -> pd.Series:
    """An object column (no dtype inference: text stays text)."""
    import pandas as pd

    return pd.Series(values, index=index, dtype=object)


def _is_missing(value: Any) -> bool:
    import pandas as pd

    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _show_value(value: Any) -> str:
    """The raw cell as the user typed it, short enough for a table."""
    if _is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class InputError(Exception):
    """The input cannot be analysed. ``problems`` lists every problem found, one row each."""

    def __init__(self, problems: Iterable[Problem] | pd.DataFrame, source: str = ""):
        table = problems_frame(problems, keep_fields=True)
        self._fields = table.pop(FIELDS)
        self.problems = table
        self.source = source
        n = len(self.problems)
        super().__init__(f"{source or 'input'}: {n} problem{'s' if n != 1 else ''} found")

    def problems_in(self, lang: str) -> pd.DataFrame:
        """The problems table with its messages in ``lang``."""
        return render_messages(self.problems.assign(**{FIELDS: self._fields}), lang).drop(columns=FIELDS)

    def table(self, lang: str = "en") -> str:
        """The problems as a plain-text table for a terminal."""
        import pandas as pd

        from grb.i18n import gettext

        frame = self.problems if lang == "en" else self.problems_in(lang)
        frame = frame.drop(columns="code").rename(columns=lambda c: gettext(TABLE_HEADERS.get(c, c), lang))
        with pd.option_context("display.max_rows", None, "display.max_colwidth", 80, "display.width", 200):
            return frame.to_string(index=False)
