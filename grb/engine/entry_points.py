"""SPEC §2.6: route every gap to the budget-cycle stage where it can still be won, with its next window."""

from __future__ import annotations

import functools

import numpy as np
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
    most a year long, and each try ends a year after the one before, so the first that ends on or after
    ``as_of`` is the earliest. In NumPy, one array per try: a frame per try, stacked, sorted and merged back,
    cost a one-commune run ten times as much.
    """
    at = pd.Index(as_of[COMMUNE_KEY]).get_indexer(stages[COMMUNE_KEY])  # -1: a commune without a date
    day = np.append(as_of["as_of"].to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))[at]
    year = pd.Series(day.astype("datetime64[Y]").astype("int64") + 1970, index=stages.index)
    start, end = stages[BC.start_month], stages[BC.end_month]
    wraps = (end < start).astype(int)
    dtype = _date_dtype()
    window_start, window_end = (np.full(len(day), np.datetime64("NaT"), dtype) for _ in range(2))
    found = np.zeros(len(day), dtype=bool)
    for offset in (-1, 0, 1):
        first, last = _first_day(year + offset, start).to_numpy(), _last_day(year + offset + wraps, end).to_numpy()
        now = ~found & (last >= day)  # a missing as_of (NaT) finds no window, as the merge left it
        window_start[now], window_end[now] = first[now], last[now]
        found |= now
    return stages.assign(window_start=window_start, window_end=window_end).reset_index(drop=True)


def _months(year: pd.Series, month: pd.Series) -> np.ndarray:
    """Months since January 1970, as NumPy counts them (``datetime64[M]``)."""
    return ((year.astype("int64") - 1970) * 12 + month.astype("int64") - 1).to_numpy()


def _first_day(year: pd.Series, month: pd.Series) -> pd.Series:
    """The first day of each month, as ``pd.to_datetime`` of year/month/day columns gives it (same unit).

    Why NumPy: ``pd.to_datetime`` of a year/month/day frame parses column by column (six of them per run).
    """
    first = _months(year, month).astype("datetime64[M]")
    return pd.Series(first.astype(_date_dtype()), index=year.index)


def _last_day(year: pd.Series, month: pd.Series) -> pd.Series:
    """The last day of each month (the first day plus ``MonthEnd(0)``)."""
    last = (_months(year, month) + 1).astype("datetime64[M]").astype("datetime64[D]") - np.timedelta64(1, "D")
    return pd.Series(last.astype(_date_dtype()), index=year.index)


@functools.cache
def _date_dtype() -> np.dtype:
    """The dtype ``pd.to_datetime`` gives a year/month/day frame (its unit changes between pandas versions)."""
    return pd.to_datetime(pd.DataFrame({"year": [2000], "month": [1], "day": [1]})).dtype


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
    """Whether ``flag`` holds for any candidate of each row's gap (commune and intervention)."""
    ids, _ = pd.factorize(cands[IV.intervention_id])
    if (ids < 0).any() or flag.dtype != bool:  # an id or a flag missing: the groupby's own rules
        return flag.groupby([cands[k] for k in GAP]).transform("any").astype(bool)
    gap, _ = pd.factorize(cands[COMMUNE_KEY].to_numpy(dtype="int64") * (ids.max() + 1 if len(ids) else 1) + ids)
    hits = np.bincount(gap, weights=flag.to_numpy(dtype=bool), minlength=gap.max() + 1 if len(gap) else 0)
    return pd.Series(hits[gap] > 0, index=cands.index)
