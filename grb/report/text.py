"""Plain-text views of a result for the terminal (``grb analyze`` and ``grb map``)."""

from __future__ import annotations

import pandas as pd

from grb.engine import Result
from grb.i18n import format_money
from grb.report.sentences import window_text


def _money(result: Result, amount: float) -> str:
    currency = result.communes["currency"].iloc[0]
    return format_money(amount, currency)


def summary_lines(result: Result) -> list[str]:
    s = result.summary.set_index("metric")["value"]
    c = result.communes.iloc[0]
    return [
        f"{c['commune_name']}, plan {c['first_year']}-{c['last_year']}, as of {c['as_of']:%Y-%m-%d}",
        f"  recommended gender interventions: {int(s['n_interventions'])} costing {_money(result, s['total_cost'])}",
        f"  programmed {int(s['n_programmed'])}, under-budgeted {int(s['n_under_budgeted'])}, "
        f"unprogrammed {int(s['n_unprogrammed'])}",
        f"  gap {_money(result, s['total_gap'])}: unprogrammed cost {_money(result, s['unprogrammed_cost'])}, "
        f"costing gap {_money(result, s['costing_gap'])}",
        f"  checks: {len(result.checks)} warning(s)",
    ]


def map_lines(result: Result) -> list[str]:
    stages = result.intervention_map
    lines = ["Budget cycle (stage: months, kind, space type; gaps routed)"]
    for _, st in stages.iterrows():
        lines.append(
            f"  {st['stage_id']:>4} {st['level']:<8} {st['stage'][:50]:<50} {st['start_month']:>2}-"
            f"{st['end_month']:<2} {st['kind']:<11} {st['space_type']:<8} gaps: {st['n_gaps']}"
        )
    lines.append("Gaps and their entry points")
    gaps = result.gaps
    windows = [window_text(start, end) for start, end in zip(gaps["window_start"], gaps["window_end"], strict=True)]
    for (_, g), window in zip(gaps.iterrows(), windows, strict=True):
        lines.append(
            f"  {g['intervention_id']:>6} {g['status']:<15} {_money(result, g['gap']):>18}  "
            f"-> {g['entry_stage_id'] if pd.notna(g['entry_stage_id']) else '-'} ({window})"
        )
    return lines


def follow_up_lines(done) -> list[str]:
    """The follow-up in a few lines for the terminal (``grb follow-up``)."""
    s = done.summary.set_index("metric")["value"]
    result = done.result
    share = f" ({s['won_share']:.0%})" if pd.notna(s["won_share"]) else ""
    return [
        *summary_lines(result)[:1],
        f"  last cycle's gaps: {_money(result, s['previous_gap_total'])}; won {_money(result, s['won_total'])}{share}",
        f"  won {s['n_won']}, partly won {s['n_partly_won']}, not won {s['n_not_won']}, dropped {s['n_dropped']}, "
        f"new {s['n_new']}; overdue actions {s['n_overdue']}",
        f"  suggested matches to check: {int((result.checks['code'] == 'suggested_match').sum())}",
    ]
