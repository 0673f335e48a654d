"""Time grb's reading of workbooks beside calamine alone, in one process, in CPU seconds.

Issue 14 (national run speed): reading the 1,652 communes' workbooks must stay close to its floor, calamine
reading every sheet ``to_python``. This script measures both on the same files in the same process, so
the ratio holds on a busy machine where wall-clock times do not (2 cores shared):

- **calamine**: ``CalamineWorkbook.from_path(p)`` and ``to_python()`` of every sheet;
- **grb**: ``grb.io.read.read_sheets(p)`` (safety checks, error-cell scan, calamine, raw frames), with the
  cycle collector paused as in a batch worker.

Each figure is the best of ``--repeat`` passes, the two alternating. ``--profile`` prints grb's top
functions (cProfile, cumulative) instead. Prints one JSON line; target: ``ratio`` at most 2.

    .venv/bin/python bench/read_one.py /work/nat1x --repeat 3
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from collections.abc import Callable
from pathlib import Path


def calamine_alone(paths: list[Path]) -> None:
    """The floor: every sheet of every workbook as Python lists, nothing else."""
    from python_calamine import CalamineWorkbook

    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()


def grb_read(paths: list[Path]) -> None:
    """What ``grb batch`` does to read each input (in a worker, the cycle collector paused), before validating it."""
    from grb.io.read import read_sheets
    from grb.schemas.memory import collector_paused

    for path in paths:
        with collector_paused():
            read_sheets(path)


def cpu_seconds(run: Callable[[list[Path]], None], paths: list[Path]) -> float:
    """CPU time of this process (user + system) for one pass: what the batch pays per core."""
    start = time.process_time()
    run(paths)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of .xlsx workbooks (e.g. a synthetic national set)")
    parser.add_argument("--repeat", type=int, default=3, help="passes of each; the best is kept")
    parser.add_argument("--profile", action="store_true", help="profile one pass of grb's reading instead")
    args = parser.parse_args()
    paths = sorted(args.folder.glob("*.xlsx"))
    grb_read(paths[:5])  # imports and first-call costs out of the timings
    calamine_alone(paths[:5])
    if args.profile:
        cProfile.runctx("grb_read(paths)", globals(), {"paths": paths}, "/tmp/read_one.prof")
        pstats.Stats("/tmp/read_one.prof").sort_stats("cumulative").print_stats(25)
        return
    floor, grb = [], []
    for _ in range(args.repeat):
        floor.append(cpu_seconds(calamine_alone, paths))
        grb.append(cpu_seconds(grb_read, paths))
    result = {"files": len(paths), "calamine_cpu_s": round(min(floor), 3), "grb_cpu_s": round(min(grb), 3)}
    print(json.dumps(result | {"ratio": round(min(grb) / min(floor), 2)}))


if __name__ == "__main__":
    main()
