"""``grb.follow_up(previous, current)``: what became of last cycle's gaps (SPEC §4.2), for a notebook or the CLI.

PREVIOUS is last cycle's gap report (only its ``Advocacy tracker`` sheet is read, as the analyst updated it)
or last cycle's commune workbook (its gaps recomputed as of its own ``as_of``). CURRENT is this cycle's
workbook. Both are validated together: every problem of both files at once, each naming its file.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from grb.engine import Result, analyze
from grb.engine import follow_up as fu
from grb.io.read import DEFAULT_LIMITS, Limits, RawSheet, read_sheets
from grb.keys import COMMUNE_KEY, ORDER, ROW
from grb.problems import InputError, Problem, problems_frame
from grb.schemas.data import CommuneData
from grb.schemas.outputs import FOLLOW_UP_METRICS
from grb.schemas.tracker import read_tracker_sheet, typed_tracker
from grb.schemas.validate import validate_many

CODE_PROPERTY = "grb_commune_code"  # the report remembers its commune, so a report of another is refused


@dataclass(frozen=True)
class FollowUp:
    """The current analysis, one row per previous and new gap with its outcome, and the fresh tracker."""

    result: Result
    follow_up: pd.DataFrame
    tracker: pd.DataFrame
    communes: pd.DataFrame  # per commune: the follow-up sums and won_share

    @property
    def summary(self) -> pd.DataFrame:
        """The follow-up metrics (SPEC §4.2) as ``metric``/``value`` rows, over every commune together."""
        sums = fu.with_share(self.communes[fu.SUMS].sum().to_frame().T).iloc[0]
        values = [int(sums[m]) if m.startswith("n_") else sums[m] for m in FOLLOW_UP_METRICS]
        return pd.DataFrame({"metric": FOLLOW_UP_METRICS, "value": pd.Series(values, dtype=object)})


@dataclass(frozen=True)
class Previous:
    """Last cycle's gaps as tracker rows (amounts in their own currency) and the commune they belong to."""

    tracker: pd.DataFrame
    commune_code: str | None


def follow_up(previous: Any, current: Any, as_of: Any = None, limits: Limits = DEFAULT_LIMITS) -> FollowUp:
    """Follow up last cycle's gaps (``previous``: a gap report or a workbook) in this cycle's workbook."""
    previous, current = Path(previous), Path(current)
    problems: list[pd.DataFrame] = []
    prev = _try(lambda: read_previous(previous, limits), previous, problems)
    cur_sheets = _try(lambda: read_sheets(current, limits), current, problems)
    data = None
    if cur_sheets is not None:
        data, found = validate_many([cur_sheets], [str(current)])
        problems.append(_in_file(found.drop(columns="key"), current))
    if prev is not None and data is not None and not any(len(p) for p in problems):
        problems.append(_in_file(problems_frame(_same_commune(prev, data, cur_sheets)), current))
    table = pd.concat(problems, ignore_index=True) if problems else problems_frame([])
    if len(table):
        raise InputError(table, f"{previous} and {current}")
    return compute(prev.tracker.assign(**{COMMUNE_KEY: 0}), analyze(data, as_of=as_of), current)


def compute(previous: pd.DataFrame, result: Result, current: Path | None = None) -> FollowUp:
    """The follow-up of stacked communes: ``previous`` rows keyed by the current commune they pair with."""
    communes = result.communes
    missing = fu.needs_rate(previous, communes)
    if missing.any():
        text = "last cycle's gaps are in the other currency: give usd_rate in the commune sheet to convert them"
        found = [
            Problem("commune", None, "usd_rate", "", text, "usd_rate_required", int(k))
            for k in previous.loc[missing, COMMUNE_KEY].unique()
        ]
        table = problems_frame(found)
        raise InputError(_in_file(table, current) if current else table, str(current or "input"))
    prev = fu.in_current_currency(previous, communes)
    issue_sector = result.gender_issues[[COMMUNE_KEY, "issue_id", "sector"]]
    sectors = result.interventions[[COMMUNE_KEY, "intervention_id", "issue_id"]].merge(
        issue_sector, on=[COMMUNE_KEY, "issue_id"], how="left"
    )[[COMMUNE_KEY, "intervention_id", "sector"]]
    # a tracker does not say its issues' sectors: take the sector of the same issue in this cycle's workbook
    unknown = prev["sector"].isna()
    prev = prev.merge(issue_sector.rename(columns={"sector": "issue_sector"}), on=[COMMUNE_KEY, "issue_id"], how="left")
    prev["sector"] = prev["sector"].where(~unknown.to_numpy(), prev["issue_sector"])
    table = fu.compare(prev, result.interventions, result.gaps, communes)
    tracker = fu.carry_over(fu.new_tracker(result.gaps, communes), prev)
    hints = fu.suggested_matches(prev, table, result.interventions, sectors)
    checks = pd.concat([result.checks, hints], ignore_index=True).astype({"row": "Int64"})
    sums = fu.with_share(fu.commune_sums(table, communes))
    return FollowUp(replace(result, checks=checks), table, tracker, sums)


def read_previous(path: Path, limits: Limits = DEFAULT_LIMITS) -> Previous:
    """Last cycle's gaps from a gap report's tracker, or recomputed from last cycle's workbook."""
    raw = read_tracker_sheet(path, limits)
    if raw is not None:
        tracker, problems = typed_tracker(raw)
        if problems:
            raise InputError(problems, str(path))
        return Previous(tracker.assign(sector=None), _report_code(path))
    return _from_workbook(read_sheets(path, limits), path)


def _from_workbook(sheets: dict[str, RawSheet], path: Path) -> Previous:
    data, problems = validate_many([sheets], [str(path)])
    if len(problems):
        raise InputError(problems.drop(columns="key"), str(path))
    result = analyze(data)  # as of its own as_of (else today: then no deadline)
    tracker = fu.new_tracker(result.gaps, result.communes).assign(responsible=None, progress=None)
    if pd.isna(data.communes["as_of"].iloc[0]):
        tracker["deadline"] = pd.NaT
    sector = result.gaps[["issue_id"]].merge(data.gender_issues[["issue_id", "sector"]], how="left")["sector"]
    tracker = tracker.assign(sector=sector.to_numpy(), **{ORDER: range(len(tracker)), ROW: pd.NA})
    code = data.communes["commune_code"].iloc[0]
    return Previous(tracker.drop(columns=COMMUNE_KEY), None if pd.isna(code) else str(code))


def _report_code(path: Path) -> str | None:
    """The commune code a grb report stored in its document properties (kept when Excel re-saves it)."""
    with zipfile.ZipFile(path) as zf:
        if "docProps/custom.xml" not in zf.namelist():
            return None
        xml = zf.read("docProps/custom.xml").decode("utf-8", "replace")
    found = re.search(rf'name="{CODE_PROPERTY}"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>', xml)
    return found.group(1) if found else None


def _same_commune(prev: Previous, data: CommuneData, sheets: dict[str, RawSheet]) -> list[Problem]:
    """A report of another commune is a located error, not a silent comparison."""
    code = data.communes["commune_code"].iloc[0]
    if prev.commune_code is None or pd.isna(code) or prev.commune_code == code:
        return []
    raw = sheets["commune"].frame
    row = raw.loc[raw["field"].astype(str).str.strip().str.lower() == "commune_code", ROW]
    text = (
        f"last cycle's file is of commune {prev.commune_code}, this workbook of commune {code}: "
        "give two files of the same commune"
    )
    return [Problem("commune", int(row.iloc[0]) if len(row) else None, "commune_code", code, text, "other_commune")]


def _try(read, path: Path, problems: list[pd.DataFrame]):
    try:
        return read()
    except InputError as err:
        problems.append(_in_file(err.problems, path))
        return None


def _in_file(problems: pd.DataFrame, path: Path | None) -> pd.DataFrame:
    """Each problem names its file: ``sheet`` becomes ``<file name>: <sheet>``."""
    if path is None or problems.empty:
        return problems
    return problems.assign(sheet=path.name + ": " + problems["sheet"].fillna("").astype(str))
