"""The ``Summary`` sheet: what a council member reads in one minute.

Top to bottom: who and when, the plain-language sentence, the key figures, the biggest gaps with where and
when to raise them, the issue and status tables behind the charts, then the charts. Charts are anchored
*below* the last table row, so they never cover a table whatever the number of issues.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from grb.i18n import N_, _
from grb.keys import COMMUNE_KEY
from grb.report import layout as L
from grb.report import pages
from grb.report.cells import write_cell
from grb.report.sentences import dates_for_people, in_words

if TYPE_CHECKING:
    from grb.report.columns import Columns
    from grb.report.excel import Formats
    from grb.report.prepared import Sheets

KEY_FIGURES = [  # metric, label, format
    ("total_cost", N_("Cost of the recommended gender interventions"), "money"),
    ("total_covered", N_("Covered by the commune investment plan"), "money"),
    ("total_gap", N_("Gap"), "money"),
    ("unprogrammed_cost", N_("of which unprogrammed cost (interventions not in the plan)"), "money"),
    ("costing_gap", N_("of which costing gap (interventions in the plan, under-budgeted)"), "money"),
    ("n_interventions", N_("Recommended interventions"), "int"),
    ("n_programmed", N_("programmed and fully budgeted"), "int"),
    ("n_under_budgeted", N_("under-budgeted"), "int"),
    ("n_unprogrammed", N_("unprogrammed"), "int"),
    ("cip_budget", N_("CIP budget"), "money"),
    ("gender_linked_budget", N_("Budget of CIP projects linked to a gender intervention"), "money"),
    ("gender_linked_share", N_("share of the CIP budget"), "share"),
    ("marker_attributed_budget", N_("Budget attributed to gender equality by gender marker"), "money"),
    ("marker_attributed_share", N_("share of the CIP budget"), "share"),
    ("women_beneficiary_share", N_("Women's share of CIP beneficiaries"), "share"),
    ("beneficiary_data_coverage", N_("share of projects that count women and men"), "share"),
    ("women_population_share", N_("Women's share of the population"), "share"),
    ("early_action_share", N_("Share of advocacy actions at planning and formulation stages"), "share"),
    ("spent_total", N_("Spent on CIP projects that report spending"), "money"),
    ("execution_rate", N_("execution rate (spent / budget of those projects)"), "share"),
    ("gender_linked_execution_rate", N_("execution rate of gender-linked projects"), "share"),
]
SUB_FIGURES = {"unprogrammed_cost", "costing_gap", "n_programmed", "n_under_budgeted", "n_unprogrammed",
               "gender_linked_share", "marker_attributed_share", "beneficiary_data_coverage", "execution_rate",
               "gender_linked_execution_rate"}  # fmt: skip
STATUSES = ["programmed", "under_budgeted", "unprogrammed"]
STATUS_FILLS = {"programmed": "#70AD47", "under_budgeted": "#FFC000", "unprogrammed": "#C00000"}
LABEL_COLOURS = {"programmed": "#FFFFFF", "under_budgeted": "#000000", "unprogrammed": "#FFFFFF"}  # readable on fill
MAX_CHART_PIXELS = 640  # a chart fits the printable height of an A4 landscape page
TOP_GAPS = 5
WIDTHS = [50, 15, 15, 15, 26, 22]  # A: labels and names; B-D: money; E: where; F: when
ROW_PIXELS = 20  # a default row (15 points) on screen
NAME_CHARS = 48  # issue names in the chart and its table: cut at a word, never inside one


def write_summary(book: xlsxwriter.Workbook, ws: Worksheet, people: Sheets, fmt: Formats) -> None:
    """Lay out the Summary top to bottom; each block returns the next free row."""
    c, s = people.commune, people.figures
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    ws.set_row(0, 24)
    write_cell(ws, 0, 0, _("Gender analysis of the commune budget"), fmt.title)
    row = _facts(ws, c, fmt, 2)
    row = _sentence(ws, in_words(s, c["currency"]), fmt, row + 1)
    row = _key_figures(ws, s, c["currency"], fmt, row + 1)
    row = _top_gaps(ws, people.top_gaps, fmt, row + 1)
    issues_top = row + 1
    row = _issue_table(ws, people.issues, fmt, issues_top)
    status_top = row + 2
    row = _status_table(ws, s, fmt, status_top)
    _charts(book, ws, len(people.issues), c["currency"], issues_top, status_top, row + 1)


def _facts(ws: Worksheet, c: dict[str, Any], fmt: Formats, row: int) -> int:
    facts = [
        (N_("Commune"), c["commune_name"]),
        (N_("Code"), c.get("commune_code")),
        (N_("District"), c.get("district")),
        (N_("Province"), c.get("province")),
        (N_("Plan period"), f"{c['first_year']}-{c['last_year']}"),
        (N_("Currency"), L.label_for("currency", c["currency"])),
        (N_("Riel per US dollar"), c.get("usd_rate")),
        (N_("As of"), c["as_of"]),
    ]
    for r, (label, value) in enumerate(facts, start=row):
        write_cell(ws, r, 0, _(label), fmt.bold)
        write_cell(ws, r, 1, value, fmt.date_left if label == "As of" else fmt.left)
    return row + len(facts)


def _sentence(ws: Worksheet, text: str, fmt: Formats, row: int) -> int:
    """The sentence across the page, tall enough for every line (LibreOffice does not grow merged rows)."""
    ws.merge_range(row, 0, row, len(WIDTHS) - 1, "", fmt.by_name["wrap"])
    write_cell(ws, row, 0, text, fmt.by_name["wrap"])
    chars_per_line = sum(WIDTHS) * 1.1
    lines = sum(max(1, -(-len(part) // int(chars_per_line))) for part in text.split("\n"))
    ws.set_row(row, (lines + 1) * pages.LINE_HEIGHT[pages.current()])
    return row + 1


def _key_figures(ws: Worksheet, s: dict[str, Any], currency: str, fmt: Formats, row: int) -> int:
    write_cell(ws, row, 0, _("Key figures"), fmt.header)
    write_cell(ws, row, 1, L.label_for("currency", currency), fmt.header)
    for r, (metric, label, kind) in enumerate(KEY_FIGURES, start=row + 1):
        text = _(label)
        write_cell(ws, r, 0, ("    " + text) if metric in SUB_FIGURES else text, fmt.by_name["wrap"])
        write_cell(ws, r, 1, s[metric], fmt.count if kind == "int" else fmt.by_name[kind])
        ws.set_row(r, _lines(text, WIDTHS[0] - 2) * pages.LINE_HEIGHT[pages.current()] + 2)
    return row + 1 + len(KEY_FIGURES)


def top_gaps(gaps: pd.DataFrame) -> pd.DataFrame:
    """Each commune's :data:`TOP_GAPS` biggest gaps (ties in priority order), with ``when`` to raise them.

    Works on every commune at once: a stable sort keeps, within each commune, the order it would give that
    commune alone; the last sort puts the communes back in order, each one's rows together.
    """
    biggest = gaps.sort_values("gap", ascending=False, kind="stable").groupby(COMMUNE_KEY, sort=False).head(TOP_GAPS)
    biggest = biggest.sort_values(COMMUNE_KEY, kind="stable")
    return biggest.assign(when=_window(biggest)).reset_index(drop=True)


def _top_gaps(ws: Worksheet, gaps: Columns, fmt: Formats, row: int) -> int:
    """The biggest gaps: what, for which issue, how much, where and when to raise it."""
    heads = [_("The biggest gaps: what should be done"), _("Gap"), _("Gender issue"), "", _("Where to raise it"),
             _("When")]  # fmt: skip
    for col, head in enumerate(heads):
        write_cell(ws, row, col, head, fmt.header)
    ws.merge_range(row, 2, row, 3, heads[2], fmt.header)
    line = pages.LINE_HEIGHT[pages.current()]
    columns = ["intervention", "gap", "issue", "stage", "when", "advocacy_action"]
    shown = zip(*(gaps[c] for c in columns), strict=True)
    for r, (intervention, gap, issue, stage, when, action) in enumerate(shown, start=row + 1):  # <= TOP_GAPS rows
        ws.merge_range(r, 2, r, 3, "", fmt.by_name["wrap"])
        for col, value in enumerate([intervention, gap, issue, None, stage, when]):
            if col != 3:
                write_cell(ws, r, col, value, fmt.by_name["money" if col == 1 else "wrap"])
        lines = max(_lines(intervention, WIDTHS[0]), _lines(issue, WIDTHS[2] + WIDTHS[3]),
                    _lines(stage, WIDTHS[4]), _lines(action, 0))  # fmt: skip
        ws.set_row(r, lines * line + 3)
    if not len(gaps):
        write_cell(ws, row + 1, 0, _("No gaps: every recommended intervention is fully budgeted."), fmt.by_name["text"])
    return row + 1 + max(len(gaps), 1)


def _window(gaps: pd.DataFrame) -> list[str]:
    starts, ends = dates_for_people(gaps["window_start"]), dates_for_people(gaps["window_end"])
    return [
        _("{start} to {end}").format(start=a, end=b or "") if a is not None else _("no stage")
        for a, b in zip(starts, ends, strict=True)
    ]


def _lines(text: object, width: float) -> int:
    if not isinstance(text, str) or width <= 0:
        return 1
    return max(1, -(-len(text) // int(width * 1.2)))  # about 1.2 letters of 10-point text per unit of width


def short_name(text: str, width: int = NAME_CHARS) -> str:
    """An issue name cut at a word boundary with an ellipsis (Khmer, written without spaces, at a zero-width
    space when it has one, else at ``width``)."""
    if len(text) <= width:
        return text
    cut = textwrap.shorten(text, width, placeholder=" …")
    if cut != "…" and len(cut) > width // 2:
        return cut
    word_end = text.rfind("\u200b", 0, width)  # Khmer marks word breaks, when at all, with zero-width spaces
    return text[:word_end] + "…" if word_end > width // 2 else text[: width - 1] + "…"


def _issue_table(ws: Worksheet, issues: Columns, fmt: Formats, top: int) -> int:
    """The data behind the bar chart, shown as a small table (a chart in Excel needs its cells)."""
    heads = [_("Gender issue (rank order)"), _("Cost"), _("Covered"), _("Gap")]
    for col, head in enumerate(heads):
        write_cell(ws, top, col, head, fmt.header)
    names = [f"{rank}. {short_name(issue)}" for rank, issue in zip(issues["rank"], issues["issue"], strict=True)]
    for r, (name, cost, covered, gap) in enumerate(
        zip(names, issues["cost"], issues["covered"], issues["gap"], strict=True), start=top + 1
    ):
        write_cell(ws, r, 0, name, fmt.by_name["wrap"])
        for col, value in enumerate((cost, covered, gap), start=1):
            write_cell(ws, r, col, value, fmt.by_name["money"])
        ws.set_row(r, _lines(name, WIDTHS[0]) * pages.LINE_HEIGHT[pages.current()] + 3)
    return top + max(len(issues), 1)


def _status_table(ws: Worksheet, s: dict[str, Any], fmt: Formats, top: int) -> int:
    """The interventions by status (the doughnut's cells): the counts of the key figures."""
    write_cell(ws, top, 0, _("Interventions by status"), fmt.header)
    write_cell(ws, top, 1, _("Interventions"), fmt.header)
    for r, status in enumerate(STATUSES, start=top + 1):
        write_cell(ws, r, 0, L.label_for("intervention_status", status), fmt.by_name["text"])
        write_cell(ws, r, 1, s["n_" + status], fmt.count)
    return top + len(STATUSES)


def _charts(
    book: xlsxwriter.Workbook, ws: Worksheet, n_issues: int, currency: str, issues_top: int, status_top: int, row: int
) -> None:
    """Both charts start on ``row``, below every table: the bar chart under columns A-D, the doughnut beside."""
    n = max(n_issues, 1)
    font = {"name": pages.font()}
    bars = book.add_chart({"type": "bar"})
    series = ((N_("Cost"), "#1F4E78"), (N_("Covered"), "#70AD47"), (N_("Gap"), "#C00000"))
    for col, (name, colour) in enumerate(series, start=1):
        bars.add_series(
            {
                "name": _(name),
                "categories": ["Summary", issues_top + 1, 0, issues_top + n, 0],
                "values": ["Summary", issues_top + 1, col, issues_top + n, col],
                "fill": {"color": colour},
            }
        )
    bars.set_title({"name": _("Cost, covered and gap by gender issue"), "name_font": {**font, "size": 12}})
    bars.set_y_axis({"reverse": True, "crossing": "max", "num_font": {**font, "size": 9}})
    bars.set_x_axis(
        {
            "num_format": '#,##0.0,," M"' if currency == "KHR" else "#,##0",
            "name": _("million riel") if currency == "KHR" else _("US dollars"),
            "name_font": {**font, "size": 9},
            "num_font": {**font, "size": 9},
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    bars.set_legend({"position": "bottom", "font": {**font, "size": 9}})
    width = sum(pages.column_pixels(w) for w in WIDTHS[:4])
    bars.set_size({"width": width, "height": min(MAX_CHART_PIXELS, 120 + 46 * n)})
    ws.set_h_pagebreaks([row])  # the charts start a page: a printed chart is never cut in two
    ws.insert_chart(row, 0, bars, {"object_position": 3})  # fixed size: never stretched over rows

    pie = book.add_chart({"type": "doughnut"})
    pie.add_series(
        {
            "name": _("Interventions by status"),
            "categories": ["Summary", status_top + 1, 0, status_top + len(STATUSES), 0],
            "values": ["Summary", status_top + 1, 1, status_top + len(STATUSES), 1],
            "data_labels": {
                "value": True,
                "custom": [{"font": {**font, "bold": True, "color": LABEL_COLOURS[s]}} for s in STATUSES],
            },
            "points": [{"fill": {"color": STATUS_FILLS[s]}} for s in STATUSES],
        }
    )
    pie.set_title({"name": _("Interventions by status"), "name_font": {**font, "size": 12}})
    pie.set_legend({"position": "bottom", "font": {**font, "size": 9}})
    pie.set_size({"width": sum(pages.column_pixels(w) for w in WIDTHS[4:]), "height": 300})
    ws.insert_chart(row, 4, pie, {"object_position": 3})
