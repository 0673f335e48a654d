"""Plain-text views of a result for the terminal (``grb analyze`` and ``grb map``), in the report's language.

Labels instead of codes, money and dates as people write them (``grb.i18n``); the lines are built from whole
columns, then joined.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from grb.engine import Result
from grb.i18n import _, format_date, format_money, format_share, language
from grb.report import layout as L
from grb.report.people import labelled, map_for_people, report_language

if TYPE_CHECKING:
    from grb.cycles import FollowUp


def summary_lines(result: Result, lang: str | None = None) -> list[str]:
    """The key figures of the first commune in five lines."""
    with language(report_language(result.communes, lang)):
        s = result.summary.set_index("metric")["value"]
        c = result.communes.iloc[0]
        cur = c["currency"]
        return [
            _("{commune}, plan {first}-{last}, as of {date}").format(
                commune=c["commune_name"], first=c["first_year"], last=c["last_year"], date=format_date(c["as_of"])
            ),
            "  "
            + _("recommended gender interventions: {n}, costing {cost}").format(
                n=int(s["n_interventions"]), cost=format_money(s["total_cost"], cur)
            ),
            "  "
            + _("programmed {a}, under-budgeted {b}, unprogrammed {c}").format(
                a=int(s["n_programmed"]), b=int(s["n_under_budgeted"]), c=int(s["n_unprogrammed"])
            ),
            "  "
            + _("gap {gap}: unprogrammed cost {unprogrammed}, costing gap {costing}").format(
                gap=format_money(s["total_gap"], cur),
                unprogrammed=format_money(s["unprogrammed_cost"], cur),
                costing=format_money(s["costing_gap"], cur),
            ),
            "  " + _("checks: {n} warning(s)").format(n=len(result.checks)),
        ]


def map_lines(result: Result, lang: str | None = None) -> list[str]:
    """The budget calendar, then each gap and the stage it is routed to."""
    with language(report_language(result.communes, lang)):
        return _stage_lines(result) + _gap_lines(result)


def _stage_lines(result: Result) -> list[str]:
    stages = map_for_people(result.intervention_map)
    level, kind = L.labelled(stages["level"], "level"), L.labelled(stages["kind"], "kind")
    space = L.labelled(stages["space_type"], "space_type").fillna("")
    lines = [_("Budget cycle (stage: months, kind, space type; gaps routed)")]
    rows = zip(stages["stage_id"], level, stages["stage"], stages["start_month"], stages["end_month"], kind, space,
               stages["n_gaps"], strict=True)  # fmt: skip
    for stage_id, lev, name, start, end, kin, spc, n in rows:
        lines.append(
            f"  {stage_id:>4} {lev:<10} {name[:50]:<50} {start:>2}-{end:<2} {kin:<12} {spc:<9} "
            + _("gaps: {n}").format(n=n)
        )
    return lines


def _gap_lines(result: Result) -> list[str]:
    gaps = labelled(result.gaps, status="intervention_status")
    currency = result.communes["currency"].iloc[0]
    lines = [_("Gaps and their entry points")]
    rows = zip(gaps["intervention_id"], gaps["status"], gaps["gap"], gaps["entry_stage_id"], gaps["window_start"],
               gaps["window_end"], strict=True)  # fmt: skip
    for iid, status, gap, stage, start, end in rows:
        window = _("{start} to {end}").format(start=format_date(start), end=format_date(end))
        where = f"{stage} ({window})" if pd.notna(stage) else _("no stage")
        lines.append(f"  {iid:>6} {status:<15} {format_money(gap, currency):>18}  -> {where}")
    return lines


def follow_up_lines(done: FollowUp, lang: str | None = None) -> list[str]:
    """The follow-up in a few lines for the terminal (``grb follow-up``)."""
    result = done.result
    with language(report_language(result.communes, lang)):
        s = done.summary.set_index("metric")["value"]
        currency = result.communes["currency"].iloc[0]
        share = f" ({format_share(s['won_share'])})" if pd.notna(s["won_share"]) else ""
        return [
            *summary_lines(result)[:1],
            "  "
            + _("last cycle's gaps: {previous}; won {won}{share}").format(
                previous=format_money(s["previous_gap_total"], currency),
                won=format_money(s["won_total"], currency),
                share=share,
            ),
            "  "
            + _("won {won}, partly won {partly}, not won {not_won}, dropped {dropped}, new {new}; overdue actions "
                "{overdue}").format(won=s["n_won"], partly=s["n_partly_won"], not_won=s["n_not_won"],
                                    dropped=s["n_dropped"], new=s["n_new"], overdue=s["n_overdue"]),
            "  "
            + _("suggested matches to check: {n}").format(n=int((result.checks["code"] == "suggested_match").sum())),
        ]
