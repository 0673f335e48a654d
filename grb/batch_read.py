"""Reading a batch's inputs: worker processes take them from the front of the list, this process from the back.

Why this process reads too: with ``jobs`` workers on ``jobs`` cores, the parent's own work during reading
(unpickling every book the workers send back) made one busy process more than there are cores. With
``jobs - 1`` workers and the parent reading as well, there are as many readers as cores, and the books the
parent reads itself are neither pickled nor unpickled. The two meet where the workers have got to: each chunk
of inputs is read once, by whichever side reaches it first, and the books come back in the inputs' order.
Works under the ``spawn`` start method (Windows' only one): a worker gets its chunk through its arguments.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from grb.io.read import Limits, RawSheet, read_sheets
from grb.problems import InputError
from grb.schemas.memory import collector_paused
from grb.workers import worker_pool

Task = tuple[Path, Limits]
Read = tuple[dict[str, RawSheet], pd.DataFrame | None]  # an input's raw sheets, or its reading problems


def read_inputs(tasks: list[Task], jobs: int, show: bool) -> list[Read]:
    """Each task's :data:`Read`, in order: in this process alone (``jobs`` 1), or shared with ``jobs - 1`` workers."""
    from tqdm import tqdm

    size = max(1, min(16, len(tasks) // (4 * jobs)))  # chunks small enough to share out, large enough to pay IPC
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    with tqdm(total=len(tasks), desc="reading", unit="input", disable=not show) as bar:
        if jobs <= 1 or len(chunks) <= 1:
            return [read for chunk in chunks for read in _read_counted(chunk, bar)]
        with worker_pool(jobs - 1) as pool:
            try:
                done = _share(pool, chunks, bar)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)  # a bug while reading here: stop the workers too
                raise
    return [read for chunk in done for read in chunk]


def _share(pool: ProcessPoolExecutor, chunks: list[list[Task]], bar: Any) -> list[list[Read]]:
    """Every chunk submitted to the workers; this process then reads from the last one back, each chunk it can
    still cancel. A chunk it cannot cancel is running or done in a worker, and so is every chunk before it."""
    futures = [pool.submit(_read_chunk, chunk) for chunk in chunks]
    done: list[list[Read] | None] = [None] * len(chunks)
    for i in reversed(range(len(chunks))):
        if not futures[i].cancel():
            break
        done[i] = _read_counted(chunks[i], bar)
    for i, future in enumerate(futures):  # the workers' chunks, counted as they are collected
        if done[i] is None:
            done[i] = future.result()
            bar.update(len(chunks[i]))
    return done


def _read_counted(chunk: list[Task], bar: Any) -> list[Read]:
    reads = _read_chunk(chunk)
    bar.update(len(chunk))
    return reads


def _read_chunk(chunk: list[Task]) -> list[Read]:
    """In a worker (or here): the inputs of one chunk, read in order."""
    return [_read_one(task) for task in chunk]


def _read_one(task: Task) -> Read:
    """One input's raw sheets, or its reading problems (an exception would not survive pickling)."""
    path, limits = task
    try:
        with collector_paused():  # reading makes many small objects and no cycles: the collector only costs
            return read_sheets(path, limits), None
    except InputError as err:
        return {}, err.problems
