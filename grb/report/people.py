"""The report's frames as people read them: codes as labels, ids beside the texts they stand for.

Pure pandas on whole frames (grb writes every commune of the country at once); called inside the report's
language, so labels and the default calendars' texts come out translated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from grb.engine import Result
from grb.i18n import _, current
from grb.labels import SHEET_LABELS, sheet_label
from grb.problems import render_messages
from grb.report import layout as L


def labelled(frame: pd.DataFrame, **kinds: str) -> pd.DataFrame:
    """A copy of ``frame`` whose code columns (column -> label kind) hold the labels people read."""
    return frame.assign(**{column: L.labelled(frame[column], kind) for column, kind in kinds.items()})


def checks_for_people(result: Result) -> pd.DataFrame:
    """The warnings with their messages in the current language and the sheet named as people read it."""
    checks = render_messages(result.checks, current())
    names = checks["sheet"].map(lambda s: sheet_label(s) if s in SHEET_LABELS else s, na_action="ignore")
    return checks.assign(sheet=names)


def report_language(communes: pd.DataFrame, lang: str | None) -> str | None:
    """``lang`` if given, else the commune's ``language`` field (SPEC §1.1), else None: the current language stays
    (English, or the caller's ``grb.i18n.language`` block). The one place every writer and the CLI decide it."""
    return report_languages(communes.iloc[:1], lang).iloc[0] if len(communes) else lang or None


def report_languages(communes: pd.DataFrame, lang: str | None) -> pd.Series:
    """:func:`report_language` of each commune of a stacked frame (None where the current language stays)."""
    if lang:
        return pd.Series(lang, index=communes.index, dtype=object)
    given = communes.get("language", pd.Series(None, index=communes.index, dtype=object))
    return given.where(given.map(lambda v: isinstance(v, str) and bool(v)), None).astype(object)


def place_name(commune: pd.Series) -> str:
    """``Commune, District, Province``: the commune named as a council member would name it."""
    parts = [commune.get(k) for k in ("commune_name", "district", "province")]
    return ", ".join(str(p) for p in parts if isinstance(p, str) and p)


def gaps_for_people(result: Result) -> pd.DataFrame:
    """The gaps with their issue's text and entry stage's name beside the ids."""
    stages = result.intervention_map[["commune_key", "stage_id", "stage"]]
    stages = stages.rename(columns={"stage_id": "entry_stage_id"})
    stages = stages.assign(stage=stages["stage"].map(_, na_action="ignore"))
    issues = result.gender_issues[["commune_key", "issue_id", "issue"]]
    gaps = result.gaps.merge(stages, on=["commune_key", "entry_stage_id"], how="left")
    gaps = gaps.merge(issues, on=["commune_key", "issue_id"], how="left")
    return labelled(gaps, status="intervention_status")


def map_for_people(stages: pd.DataFrame) -> pd.DataFrame:
    """The map's stages with labels, the default calendars' texts translated, and the actors beside the action.

    Level and kind share a column, and the actors follow the action, so that the table and its 12-month
    timeline fit one page width at a readable size.
    """
    texts = ["stage", "space", "decision_makers", "advocacy_issue", "advocacy_action", "actors"]
    out = stages.assign(**{c: stages[c].map(_, na_action="ignore") for c in texts})
    # astype(object): an empty calendar (the analyst cleared it) would give float columns that refuse text
    level, kind = L.labelled(out["level"], "level").astype(object), L.labelled(out["kind"], "kind").astype(object)
    space_type = L.labelled(out["space_type"], "space_type").astype(object)
    out["level_kind"] = level.fillna("") + " · " + kind.fillna("")
    out["space"] = out["space"].where(out["space"].isna(), out["space"] + " (" + space_type.fillna("") + ")")
    out["space"] = out["space"].fillna(space_type)
    actors = (_("Who:") + " " + out["actors"]).where(out["actors"].notna(), "")
    action = out["advocacy_action"].fillna("")
    out["advocacy_action"] = (action + np.where((action != "") & (actors != ""), "\n", "") + actors).replace("", None)
    return out
