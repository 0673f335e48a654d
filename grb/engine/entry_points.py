"""SPEC §2.6: route every gap to the budget-cycle stage where it can still be won, with its next window."""

from __future__ import annotations

import pandas as pd

from grb.schemas.data import COMMUNE_KEY, ORDER
from grb.schemas.models import BudgetCycle as BC
from grb.schemas.models import Interventions as IV

STAGE = [COMMUNE_KEY, BC.stage_id]
GAP = [COMMUNE_KEY, IV.intervention_id]
REQUIRED_KIND = {"unprogrammed": "planning", "under_budgeted": "formulation"}


def next_windows(stages: pd.DataFrame, as_of: pd.DataFrame) -> pd.DataFrame:
    """Add ``window_start``/``window_end``: the earliest window of each stage that ends on or after ``as_of``.

    A window of year Y runs from the first day of ``start_month`` to the last day of ``end_month`` (of Y+1
    when it wraps past December). Trying Y = as_of's year - 1, itself and + 1 always finds it: a window is at
    most a year long.
    """
    s = stages[[*STAGE, BC.start_month, BC.end_month]].merge(as_of, on=COMMUNE_KEY)
    tries = []
    for offset in (-1, 0, 1):
        year = s["as_of"].dt.year + offset
        start = pd.to_datetime(pd.DataFrame({"year": year, "month": s[BC.start_month], "day": 1}))
        end_year = year + (s[BC.end_month] < s[BC.start_month]).astype(int)
        end_first = pd.to_datetime(pd.DataFrame({"year": end_year, "month": s[BC.end_month], "day": 1}))
        tries.append(
            s[STAGE].assign(window_start=start, window_end=end_first + pd.offsets.MonthEnd(0), as_of=s["as_of"])
        )
    windows = pd.concat(tries, ignore_index=True)
    windows = windows[windows["window_end"] >= windows["as_of"]]
    windows = windows.sort_values([*STAGE, "window_end"]).drop_duplicates(STAGE).drop(columns="as_of")
    return stages.merge(windows, on=STAGE, how="left")


def route_gaps(gaps: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Add ``entry_stage_id``, ``window_start``, ``window_end`` and ``all_closed`` to each gap.

    Candidates are the stages of the required kind at commune level (national when the commune has none),
    open ones preferred; the entry point is the candidate whose next window ends soonest, ties by sheet order.
    """
    wanted = gaps[GAP].assign(kind=gaps["status"].map(REQUIRED_KIND))
    cands = wanted.merge(
        stages[[*STAGE, BC.level, BC.kind, BC.space_type, ORDER, "window_start", "window_end"]],
        on=[COMMUNE_KEY, "kind"],
    )
    cands = cands[_keep_preferred(cands, cands[BC.level] == "commune")]
    is_open = cands[BC.space_type] != "closed"
    cands = cands.assign(all_closed=~_any_per_gap(cands, is_open))[_keep_preferred(cands, is_open)]
    chosen = (
        cands.sort_values([*GAP, "window_end", ORDER])
        .drop_duplicates(GAP)
        .rename(columns={BC.stage_id: "entry_stage_id"})
    )
    keep = [*GAP, "entry_stage_id", "window_start", "window_end", "all_closed"]
    out = gaps.merge(chosen[keep], on=GAP, how="left")
    out.index = gaps.index
    return out


def _keep_preferred(cands: pd.DataFrame, preferred: pd.Series) -> pd.Series:
    """Rows that are preferred, or every row of a gap that has no preferred candidate."""
    return preferred | ~_any_per_gap(cands, preferred)


def _any_per_gap(cands: pd.DataFrame, flag: pd.Series) -> pd.Series:
    return flag.groupby([cands[k] for k in GAP]).transform("any").astype(bool)
