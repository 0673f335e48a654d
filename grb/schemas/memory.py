"""Python's cycle collector, paused while a batch's stacked passes run; and a command-line process's end.

Why: a national batch holds the raw cells of 1,652 workbooks (millions of objects) while validation and the
engine allocate hundreds of thousands of small ones (Series, lists, dicts). Each allocation burst triggers the
collector, and its oldest generation walks every object still alive, cells included: a fifth of the time of
validation went there, collecting nothing (pandas frames are not cyclic garbage). Paused during a pass, and
resumed after it, the collector runs once later over whatever the pass left, as it would have anyway.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import os
import sys
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


_ended_with: list[int] = []  # the exit code of a command that ran to its end (see :func:`end_without_teardown`)


def end_without_teardown() -> None:
    """End this process, once its command has returned, without the interpreter's teardown; for the command line.

    Why: after ``grb analyze`` has written and closed every output, the interpreter still frees each module and
    object it holds, one by one: 20 ms of a one-commune run (4 % of it), work whose result the system throws
    away with the process. The exit handler registered here runs after every other one (handlers run last
    registered first), so logging, temporary files and worker pools are closed as usual; it flushes the standard
    streams and ends the process with the command's exit code. A command that did not return (an exception, an
    interrupt) ends the normal way, traceback and all.
    """
    atexit.register(_end_now)


def ended(code: int) -> int:
    """Note the exit code of a command that returned (:func:`end_without_teardown` ends with it)."""
    _ended_with.append(code)
    return code


def _end_now() -> None:
    if not _ended_with:
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):  # a closed pipe, a closed or missing stream
            stream.flush()
    os._exit(_ended_with[-1])


def collector_off() -> None:
    """Turn the cycle collector off for the rest of a short process: one command on one workbook (or two).

    Why: such a run ends within a second and makes little that only the collector could free (pandas frames
    hold no reference cycles), yet each collection of the oldest generation walks every object that the imports
    of numpy, pandas and pandera left: 40 ms of the 150 ms a one-commune ``grb analyze`` adds to them. A batch
    keeps the collector (paused only where it measured a cost): it holds the cells of thousands of workbooks.
    """
    gc.disable()
