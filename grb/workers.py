"""Worker processes for a batch: one way to start them, under the start method the environment asks for.

``GRB_START_METHOD=spawn`` runs the workers as Windows does (its only start method) on any system: tests and
debugging use it to prove that a worker gets everything through its arguments, nothing through inherited memory.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

START_METHOD_ENV = "GRB_START_METHOD"


def worker_pool(processes: int) -> ProcessPoolExecutor:
    """``processes`` workers, started by the system's default method or ``GRB_START_METHOD``'s."""
    context = multiprocessing.get_context(os.environ.get(START_METHOD_ENV) or None)
    return ProcessPoolExecutor(processes, mp_context=context)
