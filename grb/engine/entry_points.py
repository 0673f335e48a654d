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
    most a year long.
    """
    s = stages[[*STAGE, BC.start_month, BC.end_month]].merge(as_of, on=COMMUNE_KEY)
    tries = []
    for offset in (-1, 0, 1):
        year = s["as_of"].dt.year + offset
        end_year = year + (s[BC.end_month] < s[BC.start_month]).astype(int)
        tries.append(
            s[STAGE].assign(
                window_start=_first_day(year, s[BC.start_month]),
                window_end=_last_day(end_year, s[BC.end_month]),
                as_of=s["as_of"],
            )
        )
    windows = pd.concat(tries, ignore_index=True)
    windows = windows[windows["window_end"] >= windows["as_of"]]
    windows = windows.sort_values([*STAGE, "window_end"]).drop_duplicates(STAGE).drop(columns="as_of")
    return stages.merge(windows, on=STAGE, how="left")


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
