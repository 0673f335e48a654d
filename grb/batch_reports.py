"""``grb batch``'s gap reports: one per valid input, written by worker processes.

The parent prepares every frame the reports show once, on the stacked result, in each report language the
batch needs (:mod:`grb.report.prepared`): pandas pays per call, not per row, so this costs about what one report
did. The parent keeps them as columns and cuts each commune's rows (NumPy, no pandas); each task carries one
commune's cells to a worker, which writes them. Works under ``spawn`` (Windows' only start method) as under
``fork``: a worker gets everything through its task, including the report's language.

Memory: a worker holds only the cells of the reports it is writing. ``grb batch`` starts its workers before
it reads anything (:func:`report_writers`), so that under ``fork`` they share nothing but the imported modules
with the parent (see there why that matters); while reports are written, the parent's objects are frozen
(``gc.freeze``), so that no collector walks every commune's frames again.
"""

from __future__ import annotations

import gc
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from itertools import islice
from pathlib import Path

from grb.batch import Batch, progress_bar, report_names, say
from grb.engine import Result
from grb.i18n import current, language
from grb.keys import COMMUNE_KEY
from grb.report.excel import write_sheets
from grb.report.people import report_languages
from grb.report.prepared import Sheets, columns_of, commune_rows, prepare, sheets_of
from grb.workers import worker_pool

REPORTS_PER_TASK = 4  # reports a worker takes at once: the parent paid about 0.7 ms per task it handed out
IN_FLIGHT = 4  # tasks waiting per worker: enough to keep it busy, few enough to hold little
HEAD_SHARE = 1 / 12  # communes prepared first, and written while the parent prepares the others (see _parts)
HEAD_FROM = 240  # communes from which preparing in two parts pays (below, it costs a second pandas pass)


def write_reports(
    batch: Batch,
    folder: Path,
    jobs: int = 1,
    progress: bool | None = None,
    lang: str | None = None,
    khmer_digits: bool = False,
    writers: ProcessPoolExecutor | None = None,
) -> list[Path]:
    """One gap report per valid input, as ``folder/<report name>``; several processes when ``jobs`` > 1.

    ``lang`` None: each commune's own ``language``, else the current language (decided here, in the caller's
    context, so that a worker started by ``spawn`` or ``fork`` writes the same). ``writers`` are worker processes
    started earlier (:func:`report_writers`); else ``jobs`` workers are started here.
    """
    if batch.result is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    show = sys.stderr.isatty() if progress is None else progress
    communes = batch.result.communes
    each_language = report_languages(communes, lang).fillna(current()).tolist()
    languages = dict(zip(communes[COMMUNE_KEY].tolist(), each_language, strict=True))
    say(show, f"preparing {len(communes):,} reports")
    names = report_names(batch.labels or [p.name for p in batch.inputs])
    parts = _parts(list(languages), jobs > 1 or writers is not None)
    results = (batch.result.of_communes(part) for part in parts) if len(parts) > 1 else iter([batch.result])
    tasks = (
        (people, folder / names[key], batch.inputs[key], languages[key], khmer_digits)
        for result in results
        for key, people in _prepared(result, languages, khmer_digits)
    )
    gc.freeze()  # no collector walks every commune's frames while the reports are written
    try:
        ahead = -(-len(parts[0]) // REPORTS_PER_TASK) if len(parts) > 1 else 0
        written = _in_workers(_write_some, _chunks(tasks, REPORTS_PER_TASK), len(languages), jobs, writers, ahead)
        return list(progress_bar(written, len(languages), "reports", show))
    finally:
        gc.unfreeze()


def _parts(keys: list[int], in_workers: bool) -> list[list[int]]:
    """The communes in the order their reports are prepared: a head, then the others.

    Why two parts: preparing is one pass over every commune, in this process, before any report can be written
    (0.6 s for the country, 6.7 s for 10 ×), while the workers wait. Prepared first, the head's reports are all
    handed out at once and keep the workers busy while the others are prepared. Its size is a twelfth of the
    communes, rounded to whole tasks: as many reports as two workers write while the rest is prepared.
    """
    if not in_workers or len(keys) < HEAD_FROM:
        return [keys]
    head = max(REPORTS_PER_TASK, round(len(keys) * HEAD_SHARE / REPORTS_PER_TASK) * REPORTS_PER_TASK)
    return [keys[:head], keys[head:]]


def _prepared(result: Result, languages: dict[int, str], khmer_digits: bool) -> Iterator[tuple[int, Sheets]]:
    """Each commune of ``result`` with its report's cells, in its language; the frames are prepared once per
    language (usually one), when the first report is asked for."""
    keys = result.communes[COMMUNE_KEY].tolist()
    prepared = {}
    for each in dict.fromkeys(languages[key] for key in keys):
        with language(each, khmer_digits=khmer_digits):
            prepared[each] = prepare(result)
    rows = commune_rows(next(iter(prepared.values())).frames())  # the same rows in every language
    columns = {each: columns_of(frames) for each, frames in prepared.items()}
    for key in keys:
        yield key, sheets_of(columns[languages[key]], rows, key)


@contextmanager
def report_writers(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """``jobs`` worker processes for :func:`write_reports`, started now (None for one job: reports are then
    written in this process).

    Why start them before a batch reads anything: a worker started by ``fork`` shares the parent's memory
    until either writes to it, and reading a Python object writes its reference count. Forked from a parent
    that already holds every commune's frames, each worker ended up with a copy of most of them as the parent
    read the cells it sent (10 × the communes came to more than 4 GB). Forked first, a worker shares only the
    imported modules.
    """
    if jobs <= 1:
        yield None
        return
    with worker_pool(jobs) as pool:
        for _ in range(jobs):  # processes start with the first tasks; they import while the batch reads
            pool.submit(_ready)
        yield pool


def _ready() -> None:
    """A first task: each worker imports the report writer once, before it is needed."""
    import grb.report.excel  # noqa: F401


def _in_workers(
    fn: Callable, chunks: Iterator, total: int, jobs: int, pool: ProcessPoolExecutor | None, ahead: int = 0
) -> Iterator:
    """Each item of ``fn`` of each of ``chunks``, in order, from ``pool`` (else ``jobs`` new workers), with a few
    chunks per worker in flight; the first ``ahead`` chunks are all handed out before the next is asked for.

    Each task carries its communes' cells, so tasks are made as the workers take them, never all at once (the
    cells of 16,520 communes at once would double the batch's memory); only the head prepared first
    (:func:`_parts`) is in flight at once, while the next chunk (the first of the rest) is being prepared.
    """
    if pool is None and (jobs <= 1 or total <= 1):
        for chunk in chunks:
            yield from fn(chunk)
        return
    with report_writers(jobs) if pool is None else nullcontext(pool) as workers:
        pending: deque[Future] = deque()
        for number, chunk in enumerate(chunks, start=1):
            pending.append(workers.submit(fn, chunk))
            while number > ahead and len(pending) >= IN_FLIGHT * max(jobs, 1):
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last one shorter), made as they are asked for."""
    while chunk := list(islice(items, size)):
        yield chunk


def _write_some(tasks: list[tuple[Sheets, Path, Path, str, bool]]) -> list[Path]:
    return [_write_one(task) for task in tasks]


def _write_one(task: tuple[Sheets, Path, Path, str, bool]) -> Path:
    """Write one report from the cells its task carries, in its language (decided by the parent)."""
    people, target, source, lang, khmer_digits = task
    with language(lang, khmer_digits=khmer_digits):
        write_sheets(people, target, inputs=(source,))
    return target
