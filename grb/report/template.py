"""``grb template``: the input workbook an analyst fills in Excel, a form generated from the schemas.

Headers, dropdowns and notes all come from the pandera models, so the template can never disagree with the
validator. Dropdowns show labels (the reader accepts code, English or Khmer label, SPEC §1.8), their lists live
on the ``lists`` sheet; ``issue_id`` and ``cip_projects`` dropdowns are fed from the sheets themselves. Each
data sheet starts with a grey example row the instructions tell the analyst to type over. The default budget
calendars and sector list are written out for editing, in the template's language. The sample budgets are
this same workbook with rows filled in (and then no example row).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from grb.data import default_calendar, default_sectors
from grb.i18n import N_, _, current, language
from grb.io.write import OutputError, atomic_output
from grb.report import layout as L
from grb.report import pages
from grb.report.cells import close, new_workbook, write_cell
from grb.report.template_content import EXAMPLES, INSTRUCTIONS, LIST_KINDS, SHEET_TITLES, WIDTHS, row_lines
from grb.schemas.gazetteer import communes_table, village_names
from grb.schemas.models import SHEETS, Commune, allowed_values, columns

MAX_ROWS = 500  # rows that get dropdowns below the header
CHECKED = N_("This value is not in the list or range: grb validate will check it.")
TEXT_KINDS = {"text", "id_list"}
NUMBER_KINDS = {"integer", "number"}
CALENDAR_TEXTS = ["stage", "decision_makers", "documents", "space", "advocacy_issue", "advocacy_action", "actors",
                  "source"]  # fmt: skip


def write_template(
    path: str | Path,
    rows: dict[str, pd.DataFrame] | None = None,
    lang: str | None = None,
    force: bool = False,
    commune_code: str | None = None,
) -> None:
    """Write the input workbook in ``lang``; ``rows`` (sheet -> frame) fills it (the samples are made this way).

    An existing file is kept unless ``force``: a filled-in workbook is an analyst's work. With ``commune_code``
    the commune's official names are filled in and the CIP's ``location`` offers its villages (the gazetteer).
    """
    if Path(path).exists() and not force:
        text = _("{path} already exists: choose another name, or add --force to replace it")
        raise OutputError(text.format(path=path))
    with language(lang) as lang, atomic_output(path) as tmp:
        book = new_workbook(tmp)
        fmt = _formats(book)
        _instructions(book.add_worksheet("instructions"), fmt)
        villages = village_names(commune_code, lang) if commune_code else []
        commune = (rows or {}).get("commune")
        if commune is None and commune_code:
            commune = _official_commune(commune_code, lang)
        _commune_sheet(book.add_worksheet("commune"), commune, fmt, lang)
        lists = _list_ranges()
        if villages:  # the villages' column of the lists sheet, after the code lists
            col = xl_col_to_name(len(LIST_KINDS))
            lists["location"] = f"=lists!${col}$2:${col}${len(villages) + 1}"
        given = rows or {}
        sectors = given.get("sectors", _translated(default_sectors(), ["label"]))
        defaults = {"budget_cycle": _translated(default_calendar(), CALENDAR_TEXTS), "sectors": sectors}
        for name, model in SHEETS.items():
            if name == "commune":
                continue
            frame = given.get(name, defaults.get(name))
            example = EXAMPLES.get(name) if name not in given else None
            ws = book.add_worksheet(name)
            _data_sheet(ws, name, columns(model), frame, example, fmt, lists, len(sectors))
        _lists_sheet(book.add_worksheet("lists"), fmt, villages)
        close(book)


def _official_commune(code: str, lang: str) -> pd.DataFrame:
    """The commune sheet's rows the gazetteer knows for ``code``: its code, name, district and province."""
    table = communes_table()
    found = table[table["commune_code"] == str(code).strip()]
    if found.empty:
        text = _("{code} is not a commune code of the official list (6 digits, e.g. 010201)")
        raise OutputError(text.format(code=code))
    row = found.iloc[0]
    script = "kh" if lang == "km" else "en"
    names = {"commune_name": row[f"commune_{script}"], "district": row[f"district_{script}"]}
    names |= {"province": row[f"province_{script}"], "commune_code": row["commune_code"]}
    return pd.DataFrame({"field": list(names), "value": list(names.values())})


def _formats(book: Workbook) -> dict[str, Any]:
    base = {"font_name": pages.font(), "font_size": 11, "valign": "top"}
    return {
        "required": book.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
        "optional": book.add_format({**base, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True}),
        "wrap": book.add_format({**base, "text_wrap": True}),
        "text": book.add_format(base),
        "example": book.add_format({**base, "italic": True, "font_color": "#7F7F7F", "text_wrap": True}),
        "title": book.add_format({**base, "bold": True, "font_size": 14}),
        "topic": book.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
    }


def _translated(frame: pd.DataFrame, texts: list[str]) -> pd.DataFrame:
    """The shipped data's texts in the template's language (the CSV files stay English data)."""
    return frame.assign(**{c: frame[c].map(_, na_action="ignore") for c in texts if c in frame})


def _instructions(ws: Worksheet, fmt: dict[str, Any]) -> None:
    """Topic and text rows, each row as tall as its wrapped text (no lines drawn over each other)."""
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 105)
    write_cell(ws, 0, 0, _("grb input workbook"), fmt["title"])
    ws.set_row(0, 24)
    line = pages.LINE_HEIGHT[current()] * 1.2  # 11-point text
    for r, (topic, text) in enumerate(INSTRUCTIONS, start=2):
        write_cell(ws, r, 0, _(topic), fmt["topic"])
        write_cell(ws, r, 1, _(text), fmt["wrap"])
        ws.set_row(r, max(row_lines(_(text), 105), row_lines(_(topic), 22)) * line + 4)
    pages.print_setup(ws, _("grb input workbook"), header_row=None)


def _commune_sheet(ws: Worksheet, given: pd.DataFrame | None, fmt: dict[str, Any], lang: str) -> None:
    """``field``/``value`` rows for every declared field (and ``language``), with a ``help`` column."""
    values = dict(zip(given["field"], given["value"], strict=True)) if given is not None else {}
    values.setdefault("language", lang)
    heads = [_header("commune", "field", lang), _header("commune", "value", lang)]
    heads.append(_("help") if lang != "en" else "help")
    for c, head in enumerate(heads):
        write_cell(ws, 0, c, head, fmt["required"])
    for c, width in enumerate((24, 28, 60)):
        ws.set_column(c, c, width)
    fields: dict[str, pa.Column | None] = dict(columns(Commune))
    fields.setdefault("language", None)  # SPEC §1.1; declared by the schema once it reads it
    line = pages.LINE_HEIGHT[current()] * 1.2
    for r, (name, col) in enumerate(fields.items(), start=1):
        required = col is not None and col.required
        write_cell(ws, r, 0, _header("commune", name, lang), fmt["required"] if required else fmt["optional"])
        write_cell(ws, r, 1, values.get(name), fmt["text"])
        help_text = _((col.metadata or {}).get("help", "")) if col is not None else _("km or en: the report's language")
        note = (_("required.") + " " if required else "") + help_text
        write_cell(ws, r, 2, note.strip(), fmt["wrap"])
        ws.set_row(r, max(1, row_lines(note, 60)) * line + 2)
        allowed = ["km", "en"] if name == "language" else (allowed_values(col) if col is not None else None)
        if allowed:
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": [str(v) for v in allowed]})
    ws.freeze_panes(1, 0)
    pages.print_setup(ws, _("Commune"), orientation="portrait")


def _header(sheet: str, column: str, lang: str) -> str:
    """Machine names in English (what every reader and guide knows); labels in another language."""
    return column if lang == "en" else L.header_for(sheet, column)


def _list_ranges() -> dict[str, str]:
    """Column -> the ``lists`` range its dropdown points at."""
    ranges = {}
    for c, (kind, _title, codes) in enumerate(LIST_KINDS):
        col = xl_col_to_name(c)
        ranges[kind] = f"=lists!${col}$2:${col}${len(codes) + 1}"
    return ranges


def _lists_sheet(ws: Worksheet, fmt: dict[str, Any], villages: list[str]) -> None:
    """One column of labels per code list (the dropdowns' source), then the commune's villages when known."""
    columns = [(_(title), L.codes_for(kind, codes)) for kind, title, codes in LIST_KINDS]
    if villages:
        columns.append((_("Villages of the commune"), villages))
    for c, (title, texts) in enumerate(columns):
        write_cell(ws, 0, c, title, fmt["required"])
        ws.set_column(c, c, 24)
        for r, text in enumerate(texts, start=1):
            write_cell(ws, r, c, text, fmt["wrap"])
    ws.freeze_panes(1, 0)
    pages.print_setup(ws, _("Codes and their labels"))


def _data_sheet(
    ws: Worksheet,
    sheet: str,
    declared: dict[str, pa.Column],
    frame: pd.DataFrame | None,
    example: dict[str, Any] | None,
    fmt: dict[str, Any],
    lists: dict[str, str],
    n_sectors: int,
) -> None:
    names = list(declared)
    lang = current()
    for c, col in enumerate(declared.values()):
        write_cell(ws, 0, c, _header(sheet, col.name, lang), fmt["required" if col.required else "optional"])
        ws.set_column(c, c, WIDTHS.get(col.name, 14))
        help_text = _((col.metadata or {}).get("help", ""))
        note = col.name + (": " + help_text if help_text else "") + ("" if col.required else " " + _("(optional)"))
        ws.write_comment(0, c, note, {"x_scale": 1.5, "font_name": pages.font()})
        _validation(ws, sheet, c, col, lists, n_sectors)
    heads = [_header(sheet, n, lang) for n in names]
    ws.set_row(0, max(row_lines(h, WIDTHS.get(n, 14) * 0.9) for h, n in zip(heads, names, strict=True)) * 18 + 2)
    first = 1
    if example:
        values = {name: _example_value(name, example.get(name)) for name in names}
        for c, name in enumerate(names):
            write_cell(ws, 1, c, values[name], fmt["example"])
        lines = max(row_lines(v, WIDTHS.get(n, 14)) for n, v in values.items())
        ws.set_row(1, lines * pages.LINE_HEIGHT[current()] * 1.2 + 2)
        ws.write_comment(1, 0, _("Example row: type your first row over it."), {"font_name": pages.font()})
        first = 2
    if frame is not None and len(frame):
        _rows(ws, frame.reindex(columns=names), declared, first, fmt)
    ws.freeze_panes(1, 0)
    pages.print_setup(ws, _(SHEET_TITLES.get(sheet, sheet)))


def _example_value(name: str, value: object) -> object:
    """Codes as the dropdown shows them, texts translated; ids, currencies and numbers as they are."""
    if name in ("sector", "type", "funding_source"):
        return L.label_for(name, value)
    if isinstance(value, str) and name not in ("issue_id", "intervention_id", "project_id", "cip_projects", "currency"):
        return _(value)
    return value


def _rows(ws: Worksheet, frame: pd.DataFrame, declared: dict[str, pa.Column], first: int, fmt: dict[str, Any]) -> None:
    """The rows, numbers as numbers (the shipped calendars are read as text), each row tall enough."""
    line = pages.LINE_HEIGHT[current()] * 1.2
    lines = pd.Series(1, index=frame.index)
    for c, (name, col) in enumerate(declared.items()):
        values = frame[name]
        kind = (col.metadata or {}).get("kind")
        if kind in NUMBER_KINDS:
            numbers = pd.to_numeric(values, errors="coerce")
            values = numbers.astype(object).where(numbers.notna(), values)
        wrap = kind in TEXT_KINDS
        for r, value in enumerate(values.tolist(), start=first):
            write_cell(ws, r, c, value, fmt["wrap"] if wrap else fmt["text"])
        if wrap:
            width = WIDTHS.get(name, 14)
            lines = lines.combine(values.map(lambda v, w=width: row_lines(v, w)), max)
    for r, n in enumerate(lines.tolist(), start=first):
        if n > 1:
            ws.set_row(r, n * line + 2)


def _validation(
    ws: Worksheet, sheet: str, c: int, col: pa.Column, lists: dict[str, str], n_sectors: int
) -> None:
    """The column's dropdown or number check, as a warning: Khmer digits and labels typed by hand still pass."""
    rule = _rule(sheet, col, lists, n_sectors)
    if rule:
        message = {"error_title": col.name, "error_type": "warning", "error_message": _(CHECKED)}
        ws.data_validation(1, c, MAX_ROWS, c, {**rule, **message})


def _rule(sheet: str, col: pa.Column, lists: dict[str, str], n_sectors: int) -> dict[str, Any] | None:
    kind = (col.metadata or {}).get("kind")
    name = col.name
    if kind == "sector":
        return {"validate": "list", "source": f"=sectors!$B$2:$B${n_sectors + 1}"}
    if name in lists:
        return {"validate": "list", "source": lists[name]}
    if name == "issue_id" and sheet == "interventions":
        return {"validate": "list", "source": f"=gender_issues!$A$2:$A${MAX_ROWS + 1}"}
    if name == "cip_projects":  # one id from the list, or several typed with ;
        return {"validate": "list", "source": f"=investment_plan!$A$2:$A${MAX_ROWS + 1}"}
    allowed = allowed_values(col)
    if allowed:
        return {"validate": "list", "source": [str(v) for v in allowed]}
    return _number_rule(col) if kind in NUMBER_KINDS else None


def _number_rule(col: pa.Column) -> dict[str, Any] | None:
    """Whole numbers for integer columns (scores 1-5, months 1-12, years), non-negative numbers for amounts."""
    bounds = {"min_value": None, "max_value": None}
    for check in col.checks:
        stats = check.statistics or {}
        if check.name == "in_range":
            bounds = {"min_value": stats.get("min_value"), "max_value": stats.get("max_value")}
        elif check.name in ("ge", "greater_than_or_equal_to", "gt", "greater_than"):
            bounds["min_value"] = stats.get("min_value")
    integer = (col.metadata or {}).get("kind") == "integer"
    lo, hi = bounds["min_value"], bounds["max_value"]
    if lo is None and hi is None:
        return {"validate": "integer", "criteria": ">=", "value": -(10**9)} if integer else None
    validate = "integer" if integer else "decimal"
    if hi is None:
        return {"validate": validate, "criteria": ">=", "value": lo}
    return {"validate": validate, "criteria": "between", "minimum": lo, "maximum": hi}
