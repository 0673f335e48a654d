"""``grb batch``'s gap reports: one per valid input, written by worker processes.

The parent prepares every frame the reports show once, on the stacked result, in each report language the
batch needs (:mod:`grb.report.prepared`): pandas pays per call, not per row, so this costs about what one report
did. Each worker receives the prepared frames once (its initializer), keeps them as columns, and per report only
slices its commune's rows (NumPy, no pandas) and writes cells. Works under ``spawn`` (Windows' only start
method): a worker gets everything through its initializer's arguments and its tasks, including the report's
language.
"""

from __future__ import annotations

import sys
from pathlib import Path

from grb.batch import Batch, in_workers, progress_bar, report_names, say
from grb.i18n import current, language
from grb.keys import COMMUNE_KEY
from grb.report.excel import write_sheets
from grb.report.people import report_languages
from grb.report.prepared import Prepared, columns_of, commune_rows, prepare, sheets_of


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


_SHARED: dict[str, object] = {}


def _share(prepared: dict[str, Prepared], khmer_digits: bool) -> None:
    """Keep the prepared frames in this worker as columns, with each commune's rows (slices: frames keep commune
    order, so cutting copies nothing)."""
    _SHARED["columns"] = {lang: columns_of(each) for lang, each in prepared.items()}
    _SHARED["rows"] = commune_rows(next(iter(prepared.values())).frames())
    _SHARED["khmer_digits"] = khmer_digits


def _write_one(task: tuple[int, Path, Path, str]) -> Path:
    key, target, source, lang = task
    people = sheets_of(_SHARED["columns"][lang], _SHARED["rows"], key)
    with language(lang, khmer_digits=_SHARED["khmer_digits"]):
        write_sheets(people, target, inputs=(source,))
    return target
