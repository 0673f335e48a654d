"""Python's cycle collector, paused while a batch's stacked passes run.

Why: a national batch holds the raw cells of 1,652 workbooks (millions of objects) while validation and the
engine allocate hundreds of thousands of small ones (Series, lists, dicts). Each allocation burst triggers the
collector, and its oldest generation walks every object still alive, cells included: a fifth of the time of
validation went there, collecting nothing (pandas frames are not cyclic garbage). Paused during a pass, and
resumed after it, the collector runs once later over whatever the pass left, as it would have anyway.
"""

from __future__ import annotations

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
