"""Python's cycle collector, paused while a batch's stacked passes run.

Why: a national batch holds the raw cells of 1,652 workbooks (millions of objects) while validation and the
engine allocate hundreds of thousands of small ones (Series, lists, dicts). Each allocation burst triggers the
collector, and its oldest generation walks every object still alive, cells included: a fifth of the time of
validation went there, collecting nothing (pandas frames are not cyclic garbage). Paused during a pass, and
resumed after it, the collector runs once later over whatever the pass left, as it would have anyway.
"""

from __future__ import annotations

import atexit
import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic cycle collection inside the block; the caller's setting is restored after it (nesting is fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def with_collector_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` run inside :func:`collector_paused`."""

    @functools.wraps(fn)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return fn(*args, **kwargs)

    return paused


def exit_without_collecting() -> None:
    """Let this process exit without the cycle collector walking every object still alive; for the command line.

    Why: at exit the interpreter runs the collector over everything alive (numpy's, pandas' and pandera's
    modules, classes and functions, the run's frames): a quarter of a one-commune ``grb analyze``, longer
    than its analysis, collecting nothing the process could still use. Objects frozen (``gc.freeze``) just
    before exit are left out of those passes; the memory goes back to the system with the process anyway.
    Not for a notebook: its session goes on after a call, and its objects must stay collectable.
    """
    atexit.register(gc.freeze)


def collector_off() -> None:
    """Turn the cycle collector off for the rest of a short process: one command on one workbook (or two).

    Why: such a run ends within a second and makes little that only the collector could free (pandas frames
    hold no reference cycles), yet each collection of the oldest generation walks every object that the imports
    of numpy, pandas and pandera left: 40 ms of the 150 ms a one-commune ``grb analyze`` adds to them. A batch
    keeps the collector (paused only where it measured a cost): it holds the cells of thousands of workbooks.
    """
    gc.disable()
