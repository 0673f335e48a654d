"""SPEC §4: what became of last cycle's gaps, and the advocacy tracker that carries the thread forward.

Pure, like the rest of the engine: frames in, frames out, every frame keyed by the *current* commune, so one
call follows up one commune or every commune of the country. ``previous`` is last cycle's tracker (read back
from a gap report, or recomputed from last cycle's workbook) with its amounts already in the current plan
currency (:func:`in_current_currency`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from grb.engine.checks import SIMILARITY_THRESHOLD
from grb.engine.currency import currency_of, in_plan_currency, tolerance
from grb.engine.totals import ratio
from grb.i18n import _
from grb.keys import CHECK_COLUMNS, COMMUNE_KEY, ORDER, ROW
from grb.schemas.models import Commune as C

GAP = [COMMUNE_KEY, "intervention_id"]
OUTCOMES = ["won", "partly_won", "not_won", "dropped", "new"]
PROGRESS_DONE = ["agreed", "done", "dropped"]  # progress that stops a row being overdue
CARRIED = ["responsible", "progress", "reason_for_delay", "agreed_by", "agreed_amount", "note"]
TRACKER_COLUMNS = [
    "intervention_id",
    "issue_id",
    "intervention",
    "gap",
    "currency",
    "status",
    "entry_stage_id",
    "window_start",
    "window_end",
    "action",
    "responsible",
    "deadline",
    "progress",
    "reason_for_delay",
    "agreed_by",
    "agreed_amount",
    "note",
]
FOLLOW_UP_COLUMNS = [
    "intervention_id",
    "issue_id",
    "outcome",
    "previous_status",
    "previous_gap",
    "current_status",
    "current_gap",
    "won_amount",
    "progress",
    "deadline",
    "overdue",
    "matched_by",
]
SUMS = ["previous_gap_total", "won_total", "n_won", "n_partly_won", "n_not_won", "n_dropped", "n_new", "n_overdue"]


def new_tracker(gaps: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """SPEC §4.1: one row per gap in priority order; ``deadline`` = ``window_end``, ``progress`` = not_started."""
    t = gaps.assign(
        currency=currency_of(gaps, communes),
        action=gaps.get("advocacy_action"),  # the sentence is composed by the writers
        deadline=gaps["window_end"],
        progress="not_started",
    )
    for name in ["reason_for_delay", "agreed_by", "agreed_amount", "note"]:
        t[name] = None
    t["agreed_amount"] = t["agreed_amount"].astype("float64")
    return t[[COMMUNE_KEY, *TRACKER_COLUMNS]].reset_index(drop=True)


def in_current_currency(previous: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Previous amounts (``gap``, ``agreed_amount``) in the current plan currency, converted with its usd_rate."""
    amounts = {
        name: in_plan_currency(previous[name].astype("float64"), previous["currency"], previous, communes)
        for name in ["gap", "agreed_amount"]
    }
    return previous.assign(**amounts, currency=currency_of(previous, communes))


def needs_rate(previous: pd.DataFrame, communes: pd.DataFrame) -> pd.Series:
    """Previous rows in the other currency while the current workbook gives no ``usd_rate`` (an error)."""
    c = previous[[COMMUNE_KEY]].merge(communes[[COMMUNE_KEY, C.currency, C.usd_rate]], how="left")
    return pd.Series(
        (previous["currency"].to_numpy() != c[C.currency].to_numpy()) & c[C.usd_rate].isna().to_numpy(),
        index=previous.index,
    )


def compare(previous: pd.DataFrame, interventions: pd.DataFrame, gaps: pd.DataFrame, communes: pd.DataFrame):
    """One row per previous gap (its outcome) then one per new current gap (SPEC §4.2)."""
    current = interventions[[*GAP, "issue_id", "intervention", "status", "gap"]].rename(
        columns={"status": "current_status", "gap": "current_gap", "issue_id": "current_issue_id"}
    )
    prev = previous.rename(columns={"status": "previous_status", "gap": "previous_gap"})
    m = prev.drop(columns="intervention", errors="ignore").merge(current, on=GAP, how="left")
    m.index = prev.index
    matched = m["current_status"].notna()
    won = matched & (m["current_status"] == "programmed")
    smaller = m["current_gap"] < m["previous_gap"] - tolerance(m, communes)
    partly = matched & ~won & smaller
    m["outcome"] = np.select([won, partly, matched], ["won", "partly_won", "not_won"], "dropped")
    m["won_amount"] = np.select([won, partly], [m["previous_gap"], m["previous_gap"] - m["current_gap"]], 0.0)
    m["progress"] = m["progress"].fillna("not_started")
    as_of = m[[COMMUNE_KEY]].merge(communes[[COMMUNE_KEY, "as_of"]], how="left")["as_of"].to_numpy()
    late = (pd.to_datetime(m["deadline"]).to_numpy() < as_of) & m["deadline"].notna().to_numpy()
    m["overdue"] = ~won & late & ~m["progress"].isin(PROGRESS_DONE)
    m["matched_by"] = np.where(matched, "id", None)
    m["intervention"] = m["intervention"].fillna(previous["intervention"]) if "intervention" in previous else None
    m["issue_id"] = m["current_issue_id"].fillna(m["issue_id"])
    m["part"], m["order"] = 0, m[ORDER].to_numpy() if ORDER in m else np.arange(len(m))

    seen = pd.MultiIndex.from_frame(previous[GAP])
    fresh = gaps[~pd.MultiIndex.from_frame(gaps[GAP]).isin(seen)]
    new = pd.DataFrame(
        {
            COMMUNE_KEY: fresh[COMMUNE_KEY],
            "intervention_id": fresh["intervention_id"],
            "issue_id": fresh["issue_id"],
            "intervention": fresh["intervention"],
            "outcome": "new",
            "current_status": fresh["status"],
            "current_gap": fresh["gap"],
            "won_amount": 0.0,
            "overdue": False,
            "part": 1,
            "order": np.arange(len(fresh)),
        }
    )
    out = pd.concat([m, new], ignore_index=True).sort_values([COMMUNE_KEY, "part", "order"], kind="stable")
    out["overdue"] = out["overdue"].astype(bool)
    keep = [COMMUNE_KEY, *FOLLOW_UP_COLUMNS, "intervention"]
    return out.reindex(columns=keep).reset_index(drop=True)


def carry_over(tracker: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """The fresh tracker with the analyst's columns of the matched previous row (its own where those are empty)."""
    prev = previous[[*GAP, *CARRIED]].rename(columns={c: f"prev_{c}" for c in CARRIED})
    t = tracker.merge(prev, on=GAP, how="left")
    for c in CARRIED:
        t[c] = t[f"prev_{c}"].where(t[f"prev_{c}"].notna(), t[c])
    t["agreed_amount"] = t["agreed_amount"].astype("float64")
    return t[tracker.columns].reset_index(drop=True)


def commune_sums(follow_up: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Per commune: the follow-up figures as sums (``SUMS``), so that roll-ups add them up."""
    o = follow_up["outcome"]
    f = pd.DataFrame(
        {
            COMMUNE_KEY: follow_up[COMMUNE_KEY],
            "previous_gap_total": follow_up["previous_gap"].fillna(0.0),
            "won_total": follow_up["won_amount"],
            **{f"n_{name}": (o == name).astype("int64") for name in OUTCOMES},
            "n_overdue": follow_up["overdue"].astype("int64"),
        }
    )
    sums = f.groupby(COMMUNE_KEY)[SUMS].sum()
    out = communes[[COMMUNE_KEY]].set_index(COMMUNE_KEY).join(sums).fillna(0)
    return out.astype({c: "int64" for c in SUMS if c.startswith("n_")}).reset_index()


def with_share(sums: pd.DataFrame) -> pd.DataFrame:
    """``won_share = won_total / previous_gap_total``, empty when nothing was left unpaid last cycle."""
    return sums.assign(won_share=ratio(sums["won_total"], sums["previous_gap_total"]))


def suggested_matches(
    previous: pd.DataFrame, follow_up: pd.DataFrame, interventions: pd.DataFrame, sectors: pd.DataFrame
) -> pd.DataFrame:
    """``suggested_match``: a dropped previous gap and a current intervention with no previous row, of the same
    issue sector, with a similar name (as ``suggested_link``). A suggestion, never counted as a match.

    ``sectors`` gives each current intervention's issue sector; a previous row's ``sector`` may be empty
    (a tracker does not say it): then every current intervention is a candidate.
    """
    dropped = previous.merge(follow_up.loc[follow_up["outcome"] == "dropped", GAP], on=GAP)
    seen = pd.MultiIndex.from_frame(previous[GAP])
    cands = interventions[~pd.MultiIndex.from_frame(interventions[GAP]).isin(seen)]
    cands = cands[[*GAP, "intervention", ROW, "sheet_order"]].merge(sectors, on=GAP, how="left")
    cands = cands.rename(columns={"intervention_id": "current_id", "intervention": "current_name"})
    left = dropped[[*GAP, "intervention", "sector"]]
    pairs = pd.concat(
        [
            left[left["sector"].notna()].merge(cands, on=[COMMUNE_KEY, "sector"]),
            left[left["sector"].isna()].drop(columns="sector").merge(cands, on=COMMUNE_KEY),
        ],
        ignore_index=True,
    )
    pairs = pairs[pairs["intervention"].notna()]
    if pairs.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CHECK_COLUMNS}).astype({"row": "Int64"})
    pairs["similarity"] = process.cpdist(
        pairs["intervention"].tolist(),
        pairs["current_name"].tolist(),
        scorer=fuzz.token_sort_ratio,
        processor=str.casefold,
    )
    best = (
        pairs[pairs["similarity"] >= SIMILARITY_THRESHOLD]
        .sort_values([*GAP, "similarity", "sheet_order"], ascending=[True, True, False, True])
        .drop_duplicates(GAP)
    )
    template = _(
        "last cycle's gap {old} '{old_name}' has no current intervention with the same id, but intervention "
        "{new} '{new_name}' looks similar ({similarity}% alike): if it is the same, give it the id {old} so "
        "the follow-up counts it"
    )
    message = [
        template.format(old=o, old_name=on, new=n, new_name=nn, similarity=round(s))
        for o, on, n, nn, s in zip(
            best["intervention_id"],
            best["intervention"],
            best["current_id"],
            best["current_name"],
            best["similarity"],
            strict=True,
        )
    ]
    return pd.DataFrame(
        {
            COMMUNE_KEY: best[COMMUNE_KEY].to_numpy(),
            "code": "suggested_match",
            "sheet": "interventions",
            "row": best[ROW].astype("Int64").to_numpy(),
            "message": message,
        }
    )[CHECK_COLUMNS]
