"""``grb batch``'s gap reports: one per valid input, written by worker processes.

The parent prepares every frame the reports show once, on the stacked result, in each report language the
batch needs (:mod:`grb.report.prepared`): pandas pays per call, not per row, so this costs about what one report
did. Each worker receives the prepared frames once (its initializer) and, per report, only slices its commune's
rows and writes cells. Works under ``spawn`` (Windows' only start method): a worker gets everything through its
initializer's arguments and its tasks, including the report's language.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from grb.batch import Batch, in_workers, progress_bar, report_names, say
from grb.engine import Result, totals
from grb.i18n import current, language
from grb.keys import COMMUNE_KEY
from grb.report.people import report_languages
from grb.report.prepared import Prepared, commune_rows, cut, part_of, prepare
from grb.schemas.outputs import SUMMARY_METRICS


def write_reports(
    batch: Batch,
    folder: Path,
    jobs: int = 1,
    progress: bool | None = None,
    lang: str | None = None,
    khmer_digits: bool = False,
) -> list[Path]:
    """One gap report per valid input, as ``folder/<report name>``; several processes when ``jobs`` > 1.

    ``lang`` None: each commune's own ``language``, else the current language (decided here, in the caller's
    context, so that a worker started by ``spawn`` or ``fork`` writes the same).
    """
    if batch.result is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    show = sys.stderr.isatty() if progress is None else progress
    communes = batch.result.communes
    languages = report_languages(communes, lang).fillna(current()).tolist()
    say(show, f"preparing {len(communes):,} reports")
    prepared = {}
    for each in dict.fromkeys(languages):  # usually one language; the frames are prepared once per language
        with language(each, khmer_digits=khmer_digits):
            prepared[each] = prepare(batch.result)
    names = report_names(batch.labels or [p.name for p in batch.inputs])
    keys = communes[COMMUNE_KEY].tolist()
    tasks = [(k, folder / names[k], batch.inputs[k], each) for k, each in zip(keys, languages, strict=True)]
    written = in_workers(_write_one, tasks, jobs, _share, (prepared, khmer_digits))
    return list(progress_bar(written, len(tasks), "reports", show))


@dataclass(frozen=True)
class _Part(Result):
    """One commune's result whose summary was computed with every other commune's, in one vectorised step."""

    shares: pd.Series | None = None  # this commune's row of ``summary_shares`` over all communes

    @property
    def summary(self) -> pd.DataFrame:
        """Exactly ``Result.summary`` of this one commune (a sum over one row is that row)."""
        values = self.shares.reindex(SUMMARY_METRICS).astype(object)
        counts = [m for m in SUMMARY_METRICS if m.startswith("n_")]
        values[counts] = values[counts].astype(int)
        return pd.DataFrame({"metric": SUMMARY_METRICS, "value": pd.Series(values.to_numpy(), dtype=object)})


_SHARED: dict[str, object] = {}


def _share(prepared: dict[str, Prepared], khmer_digits: bool) -> None:
    """Keep the prepared frames in this worker, with each commune's rows (slices: frames keep commune order)."""
    first = next(iter(prepared.values()))
    result = first.result
    _SHARED["prepared"], _SHARED["khmer_digits"] = prepared, khmer_digits
    _SHARED["result_rows"] = commune_rows({f.name: getattr(result, f.name) for f in fields(result)})
    _SHARED["people_rows"] = commune_rows(first.frames())
    sums = result.communes[totals.SUM_COLUMNS].astype("float64")  # as ``DataFrame.sum`` gives them for one row
    _SHARED["shares"] = totals.summary_shares(sums).set_axis(result.communes[COMMUNE_KEY])


def _part(key: int, lang: str) -> Prepared:
    """One commune's prepared frames in ``lang``, cut by slicing (no copy)."""
    prepared = _SHARED["prepared"][lang]
    result = prepared.result
    frames = {name: getattr(result, name) for name in _SHARED["result_rows"]}
    part = _Part(**cut(frames, _SHARED["result_rows"], key), shares=_SHARED["shares"].loc[key])
    return part_of(prepared, _SHARED["people_rows"], key, part)


def _write_one(task: tuple[int, Path, Path, str]) -> Path:
    from grb.report.excel import write_report

    key, target, source, lang = task
    people = _part(key, lang)
    with language(lang, khmer_digits=_SHARED["khmer_digits"]):
        write_report(people.result, target, inputs=(source,), lang=lang, prepared=people)
    return target


