"""``grb batch CURRENT_DIR --previous PREVIOUS_DIR`` (SPEC §4.2, last point): follow up every commune at once.

Inputs are paired by ``commune_code``, else by file name (a batch writes ``reports/<input name>.xlsx``, so last
cycle's reports folder pairs by name). Last cycle's workbooks are validated and analysed together, the
follow-up runs once on the stacked frames, and its figures are rolled up per district, province and country
in riel. An input with no previous partner is analysed as usual (its plain report) and listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from grb.batch import Batch, expand_inputs, report_names
from grb.cycles import FollowUp, compute
from grb.engine import analyze
from grb.engine import follow_up as fu
from grb.engine.areas import LEVELS, UNKNOWN
from grb.engine.currency import riel_factor
from grb.i18n import _, format_money, format_share
from grb.io.read import DEFAULT_LIMITS, Limits, read_sheets
from grb.keys import COMMUNE_KEY, ORDER
from grb.problems import InputError, problems_frame
from grb.schemas.outputs import FOLLOW_UP_METRICS
from grb.schemas.tracker import read_tracker_sheet, typed_tracker
from grb.schemas.validate import validate_many

MONEY = ["previous_gap_total", "won_total"]


@dataclass(frozen=True)
class BatchFollowUp:
    """The stacked follow-up of the paired communes, the pairs, the inputs left without partner, and problems."""

    follow: FollowUp | None
    pairs: pd.DataFrame  # COMMUNE_KEY, input, previous, paired_by
    unpaired: list[str]
    problems: pd.DataFrame  # problems of last cycle's files, with an ``input`` column


def run(batch: Batch, previous: list[Path], limits: Limits = DEFAULT_LIMITS) -> BatchFollowUp:
    """Read last cycle's reports or workbooks, pair them with this cycle's valid inputs, follow them up at once."""
    trackers, codes, problems = _read_all(expand_inputs(previous), limits)
    if batch.result is None:
        return BatchFollowUp(None, pd.DataFrame(), [], problems)
    communes = batch.result.communes
    current = pd.DataFrame(
        {
            COMMUNE_KEY: communes[COMMUNE_KEY],
            "input": [batch.inputs[k].name for k in communes[COMMUNE_KEY]],
            "stem": [batch.inputs[k].stem for k in communes[COMMUNE_KEY]],
            "code": communes["commune_code"],
        }
    )
    pairs = pair(current, codes)
    stacked = [
        trackers[p].assign(**{COMMUNE_KEY: k}) for k, p in zip(pairs[COMMUNE_KEY], pairs["previous"], strict=True)
    ]
    unpaired = sorted(set(current["input"]) - set(pairs["input"]))
    if not stacked:
        return BatchFollowUp(None, pairs, unpaired, problems)
    previous_rows = pd.concat(stacked, ignore_index=True)
    missing = fu.needs_rate(previous_rows, communes)
    if missing.any():  # those communes cannot be converted: listed with a problem, the others go on
        bad = set(previous_rows.loc[missing, COMMUNE_KEY])
        text = "last cycle's gaps are in the other currency: give usd_rate in the commune sheet to convert them"
        rows = pairs[pairs[COMMUNE_KEY].isin(bad)]
        extra = pd.DataFrame({"input": rows["input"], "sheet": "commune", "column": "usd_rate", "problem": text,
                              "code": "usd_rate_required"})  # fmt: skip
        problems = pd.concat([problems, extra], ignore_index=True)
        pairs, previous_rows = (
            pairs[~pairs[COMMUNE_KEY].isin(bad)],
            previous_rows[~previous_rows[COMMUNE_KEY].isin(bad)],
        )
    whole = compute(previous_rows.reset_index(drop=True), batch.result)
    return BatchFollowUp(_only(whole, set(pairs[COMMUNE_KEY])), pairs.reset_index(drop=True), unpaired, problems)


def pair(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Each current input with its previous file: the same ``commune_code``, else the same file name."""
    by_code = current.dropna(subset=["code"]).merge(
        previous.dropna(subset=["code"]).drop_duplicates("code"), on="code", suffixes=("", "_prev")
    )
    by_code = by_code.assign(paired_by="commune_code")
    left = current[~current[COMMUNE_KEY].isin(by_code[COMMUNE_KEY])]
    free = previous[~previous["previous"].isin(by_code["previous"])].drop_duplicates("stem")
    by_name = left.merge(free[["stem", "previous"]], on="stem").assign(paired_by="file name")
    out = pd.concat([by_code, by_name], ignore_index=True)
    return out[[COMMUNE_KEY, "input", "previous", "paired_by"]].sort_values(COMMUNE_KEY).reset_index(drop=True)


def _read_all(paths: list[Path], limits: Limits) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    """Trackers by previous file name, each file's code and stem, and the problems of the unreadable ones."""
    trackers: dict[str, pd.DataFrame] = {}
    codes, problems, books, book_paths = [], [], [], []
    for path in paths:
        try:
            raw = read_tracker_sheet(path, limits)
            sheets = read_sheets(path, limits) if raw is None else {}
        except InputError as err:
            problems.append(err.problems.assign(input=path.name))
            continue
        if raw is None:
            books.append(sheets)
            book_paths.append(path)
            continue
        tracker, found = typed_tracker(raw)
        if found:
            problems.append(problems_frame(found).assign(input=path.name))
            continue
        from grb.cycles import _report_code

        trackers[path.name] = tracker.drop(columns=COMMUNE_KEY).assign(sector=None)
        codes.append({"previous": path.name, "stem": path.stem, "code": _report_code(path)})
    if books:
        found_codes, found = _from_workbooks(books, book_paths, trackers)
        codes += found_codes
        problems.append(found)
    table = pd.concat(problems, ignore_index=True) if problems else problems_frame([]).assign(input=None)
    return trackers, pd.DataFrame(codes, columns=["previous", "stem", "code"]), table


def _from_workbooks(books: list, paths: list[Path], trackers: dict[str, pd.DataFrame]):
    """Last cycle's workbooks, validated and analysed together (each as of its own ``as_of``)."""
    data, problems = validate_many(books, [str(p) for p in paths])
    problems = problems.assign(input=problems.pop("key").map(lambda k: paths[int(k)].name))
    codes = []
    if len(data.communes):
        result = analyze(data)
        tracker = fu.new_tracker(result.gaps, result.communes).assign(responsible=None, progress=None)
        no_date = data.communes.loc[data.communes["as_of"].isna(), COMMUNE_KEY]
        tracker.loc[tracker[COMMUNE_KEY].isin(no_date), "deadline"] = pd.NaT
        sector = tracker[[COMMUNE_KEY, "issue_id"]].merge(
            data.gender_issues[[COMMUNE_KEY, "issue_id", "sector"]], how="left"
        )["sector"]
        tracker = tracker.assign(sector=sector.to_numpy(), **{ORDER: tracker.groupby(COMMUNE_KEY).cumcount()})
        for key, part in tracker.groupby(COMMUNE_KEY):
            trackers[paths[key].name] = part.drop(columns=COMMUNE_KEY).reset_index(drop=True)
        for key, code in zip(data.communes[COMMUNE_KEY], data.communes["commune_code"], strict=True):
            trackers.setdefault(paths[key].name, tracker.iloc[:0].drop(columns=COMMUNE_KEY))  # no gaps last cycle
            codes.append({"previous": paths[key].name, "stem": paths[key].stem, "code": code})
    return codes, problems


def _only(done: FollowUp, keys: set[int]) -> FollowUp:
    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame[COMMUNE_KEY].isin(keys)].reset_index(drop=True)

    return FollowUp(done.result, keep(done.follow_up), keep(done.tracker), keep(done.communes))


def rollups(done: BatchFollowUp, usd_rate: float) -> dict[str, pd.DataFrame]:
    """The follow-up figures per commune, district, province and the whole country, money in riel."""
    if done.follow is None:
        return {}
    communes = done.follow.result.communes
    where = communes[[COMMUNE_KEY, "commune_name", "commune_code", "district", "province"]]
    factor = pd.Series(riel_factor(communes, usd_rate).to_numpy(), index=communes[COMMUNE_KEY])
    sums = done.follow.communes.merge(where, on=COMMUNE_KEY)
    sums = sums.assign(**{m: sums[m] * sums[COMMUNE_KEY].map(factor) for m in MONEY})
    sums = sums.merge(done.pairs[[COMMUNE_KEY, "input", "previous", "paired_by"]], on=COMMUNE_KEY)
    out = {"follow_up_communes": _metrics(sums, ["input", "previous", "paired_by", "commune_code", "commune_name",
                                                 "district", "province"])}  # fmt: skip
    out["follow_up_summary"] = _grouped(sums.assign(scope="all communes"), ["scope"])
    for level, by in LEVELS.items():
        out[f"follow_up_{level}s"] = _grouped(sums.assign(**{c: sums[c].fillna(UNKNOWN) for c in by}), by)
    return out


def _grouped(sums: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    g = sums.groupby(by, as_index=False).agg(n_communes=(COMMUNE_KEY, "size"), **{c: (c, "sum") for c in fu.SUMS})
    return _metrics(g, [*by, "n_communes"]).sort_values("won_total", ascending=False, kind="stable")


def _metrics(sums: pd.DataFrame, first: list[str]) -> pd.DataFrame:
    out = fu.with_share(sums)
    counts = [m for m in FOLLOW_UP_METRICS if m.startswith("n_")]
    return out.astype(dict.fromkeys(counts, "int64"))[[*first, *FOLLOW_UP_METRICS]].reset_index(drop=True)


def write_reports(done: BatchFollowUp, batch: Batch, folder: Path) -> list[Path]:
    """One follow-up report per paired commune, as ``folder/<input name>.xlsx``."""
    from grb.report.excel import write_report

    if done.follow is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    names = report_names(batch.labels or [p.name for p in batch.inputs])
    index = done.follow.result.row_index()
    written = []
    for key in done.pairs[COMMUNE_KEY].tolist():
        part = FollowUp(
            done.follow.result.part(key, index), *(_rows(f, key) for f in (done.follow.follow_up,
                                                                           done.follow.tracker,
                                                                           done.follow.communes))
        )  # fmt: skip
        target = folder / names[key]
        write_report(part.result, target, inputs=(batch.inputs[key],), follow_up=part)
        written.append(target)
    return written


def _rows(frame: pd.DataFrame, key: int) -> pd.DataFrame:
    return frame[frame[COMMUNE_KEY].to_numpy() == key].reset_index(drop=True)


def write_outputs(
    done: BatchFollowUp, batch: Batch, output: Path, csv: Path | None, tables: dict[str, pd.DataFrame] | None = None
) -> list[str]:
    """Reports in ``output/follow-up/``, the roll-up tables as CSV; returns lines for the terminal.

    ``tables``: the :func:`rollups` the caller already computed (for the roll-up workbook), else computed here.
    """
    from grb.report.csv import write_tables

    reports = write_reports(done, batch, output / "follow-up")
    tables = dict(rollups(done, batch.usd_rate) if tables is None else tables)
    tables["follow_up_unpaired"] = pd.DataFrame({"input": done.unpaired}, dtype=object)
    write_tables(tables, csv or output, [*batch.inputs])
    lines = [
        _("follow-up: {n} reports in {folder}; {unpaired} without a previous").format(
            n=len(reports), folder=output / "follow-up", unpaired=len(done.unpaired)
        )
    ]
    if tables.get("follow_up_summary") is not None and len(tables["follow_up_summary"]):
        s = tables["follow_up_summary"].iloc[0]
        share = "" if np.isnan(s["won_share"]) else f" ({format_share(s['won_share'])})"
        won, previous = format_money(s["won_total"], "KHR"), format_money(s["previous_gap_total"], "KHR")
        lines.append("  " + _("won {won} of {previous}{share}").format(won=won, previous=previous, share=share))
    lines += ["  " + _("no previous partner: {name}").format(name=name) for name in done.unpaired]
    lines += [
        "  " + _("{name}: {n} problem(s) in last cycle's file").format(name=name, n=n)
        for name, n in done.problems.groupby("input").size().items()
    ]
    return lines


def follow_up_batch(batch: Batch, previous: list[Path], output: Path, csv: Path | None, limits: Limits) -> list[str]:
    """What ``grb batch --previous`` adds: pair, follow up at once, write reports and roll-ups."""
    return write_outputs(run(batch, previous, limits), batch, output, csv)
