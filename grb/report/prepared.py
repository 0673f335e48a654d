"""Every frame a gap report shows, as people read it, prepared once: for one commune, or for every commune of a
batch at once and then cut per commune.

Why: a national batch writes 1,652 reports. Labelling codes, joining each gap to its issue and stage, composing
the advocacy sentences and the tracker cost pandas a fixed price per call, whatever the rows: on a dozen rows per
report that price was most of the report's time. On the stacked frames it is paid once, and each report only
slices its rows and writes cells. Every frame keeps the commune key, so one slicing rule cuts them all.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from grb.engine import Result
from grb.engine.follow_up import new_tracker
from grb.i18n.formatting import format_money_many
from grb.keys import COMMUNE_KEY
from grb.report import layout as L
from grb.report.people import checks_for_people, gaps_for_people, labelled, map_for_people
from grb.report.sentences import with_sentences
from grb.report.summary import top_gaps
from grb.report.tracker import tracker_for_people


@dataclass(frozen=True)
class Prepared:
    """The report's frames in one language: ``result`` with its sentences, then one frame per table sheet."""

    result: Result
    issues: pd.DataFrame
    interventions: pd.DataFrame
    gaps: pd.DataFrame  # with the issue's text and the entry stage's name: the Gaps sheet
    top_gaps: pd.DataFrame  # the Summary's biggest gaps
    plan: pd.DataFrame
    stages: pd.DataFrame  # the intervention map's stages
    checks: pd.DataFrame
    tracker: pd.DataFrame  # labels, actions and the lines each row needs

    def frames(self) -> dict[str, pd.DataFrame]:
        """The people frames by name (``result``'s own frames are cut with :meth:`Result.part`)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "result"}


def prepare(result: Result, tracker: pd.DataFrame | None = None) -> Prepared:
    """The frames of ``result`` (any number of communes) as the report shows them, in the current language.

    ``tracker`` is last cycle's carried-over tracker of a follow-up report; otherwise a fresh one (SPEC §4.1).
    """
    result = with_sentences(result)
    fresh = new_tracker(result.gaps, result.communes) if tracker is None else tracker
    gaps = gaps_for_people(result)
    return Prepared(
        result=result,
        issues=labelled(result.gender_issues, sector="sector", status="issue_status"),
        interventions=labelled(result.interventions, type="type", status="intervention_status", currency="currency"),
        gaps=gaps,
        top_gaps=top_gaps(gaps),
        plan=plan_for_people(result.investment_plan),
        stages=map_for_people(result.intervention_map),
        checks=checks_for_people(result),
        tracker=tracker_for_people(fresh, result.gaps),
    )


def plan_for_people(plan: pd.DataFrame) -> pd.DataFrame:
    """The CIP projects with labels, yes/no, and each budget as entered in its own currency."""
    shown = labelled(plan, sector="sector", funding_source="funding_source", currency="currency")
    shown["gender_linked"] = L.yes_no(plan["gender_linked"])
    entered = format_money_many(plan["budget_entered"], plan["currency"])  # one Babel lookup, not one per project
    shown["budget_entered"] = pd.Series(entered, index=plan.index, dtype=object)
    return shown


def commune_rows(frames: dict[str, pd.DataFrame]) -> dict[str, dict[int, slice | np.ndarray]]:
    """For each frame, each commune's rows: a slice where they are contiguous (they are: frames keep commune
    order), so cutting a commune copies nothing."""
    return {
        name: {key: _as_slice(rows) for key, rows in frame.groupby(COMMUNE_KEY, sort=False).indices.items()}
        for name, frame in frames.items()
    }


def cut(frames: dict[str, pd.DataFrame], rows: dict[str, dict[int, slice | np.ndarray]], key: int) -> dict:
    """Commune ``key``'s rows of every frame, renumbered from 0."""
    out = {}
    for name, frame in frames.items():
        where = rows[name].get(key, _NONE)
        part = frame.iloc[where] if isinstance(where, slice) else frame.take(where)
        out[name] = part.reset_index(drop=True)
    return out


def part_of(prepared: Prepared, rows: dict[str, dict[int, slice | np.ndarray]], key: int, result: Result) -> Prepared:
    """Commune ``key``'s :class:`Prepared`, beside its already cut ``result``."""
    return replace(prepared, result=result, **cut(prepared.frames(), rows, key))


def _as_slice(rows: np.ndarray) -> slice | np.ndarray:
    if len(rows) and rows[-1] - rows[0] + 1 == len(rows) and (np.diff(rows) == 1).all():
        return slice(int(rows[0]), int(rows[-1]) + 1)
    return rows


_NONE = np.array([], dtype=int)
