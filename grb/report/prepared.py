"""Every frame a gap report shows, as people read it, prepared once: for one commune, or for every commune of a
batch at once and then cut per commune.

Why: a national batch writes 1,652 reports. Labelling codes, joining each gap to its issue and stage, composing
the advocacy sentences and the tracker cost pandas a fixed price per call, whatever the rows: on a dozen rows per
report that price was most of the report's time. On the stacked frames it is paid once, and each report only
slices its rows (as :class:`~grb.report.columns.Columns`, without pandas) and writes cells. Every frame keeps the
commune key, so one slicing rule cuts them all.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from grb.engine import Result, totals
from grb.engine.follow_up import new_tracker
from grb.i18n.formatting import format_money_many
from grb.keys import COMMUNE_KEY
from grb.report import layout as L
from grb.report.columns import Columns, Rows
from grb.report.people import checks_for_people, gaps_for_people, labelled, map_for_people
from grb.report.sentences import with_sentences
from grb.report.summary import top_gaps
from grb.report.tracker import tracker_for_people
from grb.schemas.outputs import COUNT_METRICS, SUMMARY_METRICS


@dataclass(frozen=True)
class Prepared:
    """The report's frames in one language, each keyed by commune: the communes and their key figures, then one
    frame per table sheet."""

    communes: pd.DataFrame
    figures: pd.DataFrame  # each commune's key figures (SUMMARY_METRICS), as ``Result.summary`` gives them
    issues: pd.DataFrame
    interventions: pd.DataFrame
    gaps: pd.DataFrame  # with the issue's text and the entry stage's name: the Gaps sheet
    top_gaps: pd.DataFrame  # the Summary's biggest gaps
    plan: pd.DataFrame
    stages: pd.DataFrame  # the intervention map's stages
    checks: pd.DataFrame
    tracker: pd.DataFrame  # labels, actions and the lines each row needs

    def frames(self) -> dict[str, pd.DataFrame]:
        """The frames by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Sheets:
    """One commune's report as the writer reads it: its facts and key figures, and each table as columns."""

    commune: dict[str, Any]
    figures: dict[str, Any]
    issues: Columns
    interventions: Columns
    gaps: Columns
    top_gaps: Columns
    plan: Columns
    stages: Columns
    checks: Columns
    tracker: Columns


def prepare(result: Result, tracker: pd.DataFrame | None = None) -> Prepared:
    """The frames of ``result`` (any number of communes) as the report shows them, in the current language.

    ``tracker`` is last cycle's carried-over tracker of a follow-up report; otherwise a fresh one (SPEC §4.1).
    """
    result = with_sentences(result)
    fresh = new_tracker(result.gaps, result.communes) if tracker is None else tracker
    gaps = gaps_for_people(result)
    return Prepared(
        communes=result.communes,
        figures=key_figures(result.communes),
        issues=labelled(result.gender_issues, sector="sector", status="issue_status"),
        interventions=labelled(result.interventions, type="type", status="intervention_status", currency="currency"),
        gaps=gaps,
        top_gaps=top_gaps(gaps),
        plan=plan_for_people(result.investment_plan),
        stages=map_for_people(result.intervention_map),
        checks=checks_for_people(result),
        tracker=tracker_for_people(fresh, result.gaps),
    )


def key_figures(communes: pd.DataFrame) -> pd.DataFrame:
    """Each commune's key figures, one row per commune: what ``Result.summary`` gives for that commune alone
    (its shares recomputed from its own sums; counts as whole numbers), for every commune in one step."""
    sums = communes[totals.SUM_COLUMNS].astype("float64")  # as ``DataFrame.sum`` gives them for one row
    figures = totals.summary_shares(sums)[SUMMARY_METRICS]
    return figures.astype(dict.fromkeys(COUNT_METRICS, "int64")).assign(**{COMMUNE_KEY: communes[COMMUNE_KEY]})


def plan_for_people(plan: pd.DataFrame) -> pd.DataFrame:
    """The CIP projects with labels, yes/no, and each budget as entered in its own currency."""
    shown = labelled(plan, sector="sector", funding_source="funding_source", currency="currency")
    shown["gender_linked"] = L.yes_no(plan["gender_linked"])
    entered = format_money_many(plan["budget_entered"], plan["currency"])  # one Babel lookup, not one per project
    shown["budget_entered"] = pd.Series(entered, index=plan.index, dtype=object)
    return shown


def columns_of(prepared: Prepared) -> dict[str, Columns]:
    """Every prepared frame as columns (done once; each report then only cuts its rows)."""
    return {name: Columns.of(frame) for name, frame in prepared.frames().items()}


def sheets_of(columns: dict[str, Columns], rows: dict[str, dict[int, Rows]] | None = None, key: int = 0) -> Sheets:
    """Commune ``key``'s :class:`Sheets`, cut from every commune's ``columns`` by :func:`commune_rows`
    (``rows`` None: the columns are one commune's already)."""
    cut = dict(columns) if rows is None else {name: c.cut(rows[name].get(key, _NONE)) for name, c in columns.items()}
    commune, figures = cut.pop("communes").first(), cut.pop("figures").first()
    return Sheets(commune=commune, figures=figures, **cut)


def commune_rows(frames: dict[str, pd.DataFrame]) -> dict[str, dict[int, Rows]]:
    """For each frame, each commune's rows: a slice where they are contiguous (they are: frames keep commune
    order), so cutting a commune copies nothing."""
    return {
        name: {key: _as_slice(rows) for key, rows in frame.groupby(COMMUNE_KEY, sort=False).indices.items()}
        for name, frame in frames.items()
    }


def _as_slice(rows: np.ndarray) -> Rows:
    if len(rows) and rows[-1] - rows[0] + 1 == len(rows) and (np.diff(rows) == 1).all():
        return slice(int(rows[0]), int(rows[-1]) + 1)
    return rows


_NONE = np.array([], dtype=int)
