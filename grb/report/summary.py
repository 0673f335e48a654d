"""The ``Summary`` sheet: who and when, the key figures in words and numbers, and two native charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from grb.engine import Result
from grb.report.cells import write_cell
from grb.report.sentences import in_words

if TYPE_CHECKING:
    from grb.report.excel import Formats

KEY_FIGURES = [  # metric, label, format
    ("total_cost", "Cost of the recommended gender interventions", "money"),
    ("total_covered", "Covered by the commune investment plan", "money"),
    ("total_gap", "Gap", "money"),
    ("unprogrammed_cost", "  of which unprogrammed cost (interventions not in the plan)", "money"),
    ("costing_gap", "  of which costing gap (interventions in the plan, under-budgeted)", "money"),
    ("n_interventions", "Recommended interventions", "int"),
    ("n_programmed", "  programmed and fully budgeted", "int"),
    ("n_under_budgeted", "  under-budgeted", "int"),
    ("n_unprogrammed", "  unprogrammed", "int"),
    ("cip_budget", "Total CIP budget", "money"),
    ("gender_linked_budget", "Budget of CIP projects linked to a gender intervention", "money"),
    ("gender_linked_share", "  share of the CIP budget", "share"),
    ("marker_attributed_budget", "Budget attributed to gender equality by gender marker", "money"),
    ("marker_attributed_share", "  share of the CIP budget", "share"),
    ("women_beneficiary_share", "Women's share of CIP beneficiaries", "share"),
    ("beneficiary_data_coverage", "  share of projects that count women and men", "share"),
    ("women_population_share", "Women's share of the population", "share"),
    ("early_action_share", "Share of advocacy actions at planning and formulation stages", "share"),
    ("spent_total", "Spent on CIP projects that report spending", "money"),
    ("execution_rate", "  execution rate (spent / budget of those projects)", "share"),
    ("gender_linked_execution_rate", "  execution rate of gender-linked projects", "share"),
]
STATUS_LABELS = {"programmed": "Programmed", "under_budgeted": "Under-budgeted", "unprogrammed": "Unprogrammed"}


def write_summary(book: xlsxwriter.Workbook, ws: Worksheet, result: Result, fmt: Formats) -> None:
    c = result.communes.iloc[0]
    s = result.summary.set_index("metric")["value"]
    ws.set_column(0, 0, 58)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 6, 14)
    write_cell(ws, 0, 0, "Gender analysis of the commune budget", fmt.title)
    facts = [
        ("Commune", c["commune_name"]),
        ("Code", c.get("commune_code")),
        ("District", c.get("district")),
        ("Province", c.get("province")),
        ("Plan period", f"{c['first_year']}-{c['last_year']}"),
        ("Currency", c["currency"]),
        ("Riel per US dollar", c.get("usd_rate")),
        ("As of", c["as_of"]),
    ]
    for r, (label, value) in enumerate(facts, start=2):
        write_cell(ws, r, 0, label, fmt.bold)
        write_cell(ws, r, 1, value, fmt.by_name["date"] if label == "As of" else fmt.by_name["text"])
    ws.merge_range(11, 0, 11, 1, "", fmt.by_name["wrap"])
    write_cell(ws, 11, 0, in_words(s, c["currency"]), fmt.by_name["wrap"])
    ws.set_row(11, 66)
    write_cell(ws, 13, 0, "Key figures", fmt.header)
    write_cell(ws, 13, 1, c["currency"] + " / share", fmt.header)
    for r, (metric, label, kind) in enumerate(KEY_FIGURES, start=14):
        write_cell(ws, r, 0, label, fmt.by_name["text"])
        write_cell(ws, r, 1, s[metric], fmt.by_name[kind])
    chart_top = 14 + len(KEY_FIGURES) + 1
    _issue_block(book, ws, result, fmt, chart_top)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _issue_block(book: xlsxwriter.Workbook, ws: Worksheet, result: Result, fmt: Formats, top: int) -> None:
    """The data behind the charts, shown as small tables, then the charts beside them."""
    issues = result.gender_issues
    heads = ["Gender issue (rank order)", "Cost", "Covered", "Gap"]
    for col, head in enumerate(heads):
        write_cell(ws, top, col, head, fmt.header)
    labels = issues["rank"].astype(str) + ". " + issues["issue_id"] + " " + issues["issue"].str.slice(0, 40)
    for r, (label, cost, covered, gap) in enumerate(
        zip(labels, issues["cost"], issues["covered"], issues["gap"], strict=True), start=top + 1
    ):
        write_cell(ws, r, 0, label, fmt.by_name["text"])
        for col, value in enumerate((cost, covered, gap), start=1):
            write_cell(ws, r, col, value, fmt.by_name["money"])
    last = top + max(len(issues), 1)
    status_top = last + 2
    write_cell(ws, status_top, 0, "Interventions by status", fmt.header)
    write_cell(ws, status_top, 1, "Number", fmt.header)
    counts = result.interventions["status"].value_counts()
    for r, (status, label) in enumerate(STATUS_LABELS.items(), start=status_top + 1):
        write_cell(ws, r, 0, label, fmt.by_name["text"])
        write_cell(ws, r, 1, int(counts.get(status, 0)), fmt.by_name["int"])

    bars = book.add_chart({"type": "bar"})
    for col, (name, colour) in enumerate((("Cost", "#1F4E78"), ("Covered", "#70AD47"), ("Gap", "#C00000")), start=1):
        bars.add_series(
            {
                "name": name,
                "categories": ["Summary", top + 1, 0, last, 0],
                "values": ["Summary", top + 1, col, last, col],
                "fill": {"color": colour},
            }
        )
    bars.set_title({"name": "Cost, covered and gap by gender issue"})
    currency = result.communes["currency"].iloc[0]
    bars.set_y_axis({"reverse": True, "crossing": "max"})  # rank 1 on top, the amounts still below
    bars.set_x_axis(
        {
            "num_format": '#,##0.0,," M"' if currency == "KHR" else "#,##0",
            "name": "million riel" if currency == "KHR" else "US dollars",
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    bars.set_legend({"position": "bottom"})
    bars.set_size({"width": 760, "height": 110 + 55 * max(len(issues), 1)})
    ws.insert_chart(14, 3, bars)

    pie = book.add_chart({"type": "doughnut"})
    pie.add_series(
        {
            "name": "Interventions by status",
            "categories": ["Summary", status_top + 1, 0, status_top + 3, 0],
            "values": ["Summary", status_top + 1, 1, status_top + 3, 1],
            "data_labels": {"value": True},
            "points": [{"fill": {"color": c}} for c in ("#70AD47", "#FFC000", "#C00000")],
        }
    )
    pie.set_title({"name": "Interventions by status"})
    pie.set_size({"width": 380, "height": 210})
    ws.insert_chart(0, 3, pie)
