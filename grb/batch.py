"""``grb batch``: many communes in one run. Reading and report writing are per input (I/O); validation and
analysis run once on the stacked frames of every input.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from grb.engine import Result, analyze
from grb.engine.areas import LEVELS, rollup, unprogrammed_by_sector
from grb.engine.currency import DEFAULT_USD_RATE, in_riel
from grb.io.read import DEFAULT_LIMITS, Limits, RawSheet, read_sheets
from grb.problems import InputError, problems_frame
from grb.schemas.data import COMMUNE_KEY
from grb.schemas.outputs import SUMMARY_METRICS
from grb.schemas.validate import validate_many

COMMUNE_COLUMNS = ["input", "commune_name", "commune_code", "district", "province", "currency"]


@dataclass(frozen=True)
class Batch:
    """A batch run: the stacked result of the valid inputs, and the problems of the others."""

    inputs: list[Path]
    result: Result | None
    problems: pd.DataFrame  # problem table with an ``input`` column
    usd_rate: float = DEFAULT_USD_RATE

    @property
    def communes(self) -> pd.DataFrame:
        """One row per valid input: where it is and its summary figures (money in riel)."""
        if self.result is None:
            return pd.DataFrame(columns=COMMUNE_COLUMNS)
        c = in_riel(self.result.communes, self.usd_rate)
        c = c.assign(input=c[COMMUNE_KEY].map(lambda k: self.inputs[k].name))
        return c[[*COMMUNE_COLUMNS, *SUMMARY_METRICS]].sort_values("unprogrammed_cost", ascending=False, kind="stable")

    def rollups(self) -> dict[str, pd.DataFrame]:
        communes = self.result.communes if self.result is not None else None
        if communes is None:
            return {}
        out = {"summary": rollup(communes, [], self.usd_rate)}
        out |= {level: rollup(communes, by, self.usd_rate) for level, by in LEVELS.items()}
        out["sectors"] = unprogrammed_by_sector(
            self.result.gender_issues, self.result.interventions, communes, self.usd_rate
        )
        return out

    def duplicate_codes(self) -> pd.DataFrame:
        """Inputs that share a commune code: still counted separately, but worth a look."""
        c = self.communes
        dup = c[c["commune_code"].notna() & c["commune_code"].duplicated(keep=False)]
        return dup[["commune_code", "input", "commune_name"]].sort_values(["commune_code", "input"])


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Workbooks and CSV folders; a folder that is neither holds them (its .xlsx files and CSV sub-folders)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and not (path / "commune.csv").exists():
            children = sorted(p for p in path.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$"))
            children += sorted(p for p in path.iterdir() if p.is_dir() and (p / "commune.csv").exists())
            found += sorted(children)
        else:
            found.append(path)
    return found


def run(
    paths: Iterable[Path],
    as_of: object = None,
    limits: Limits = DEFAULT_LIMITS,
    usd_rate: float = DEFAULT_USD_RATE,
    progress: bool | None = None,
) -> Batch:
    """Read every input, validate them together, analyse the valid ones in one call."""
    from tqdm import tqdm

    inputs = expand_inputs(paths)
    books: list[dict[str, RawSheet]] = []
    unreadable = []
    show = sys.stderr.isatty() if progress is None else progress
    for key, path in enumerate(tqdm(inputs, desc="reading", unit="input", disable=not show)):
        try:
            books.append(read_sheets(path, limits))
        except InputError as err:
            books.append({})
            unreadable.append(err.problems.assign(key=key))
    data, problems = validate_many(books, [str(p) for p in inputs])
    unread_keys = {int(f["key"].iloc[0]) for f in unreadable}
    problems = problems[~problems["key"].isin(unread_keys)]  # an unreadable file: only its reading problem
    table = pd.concat([*unreadable, problems], ignore_index=True) if unreadable else problems
    table = problems_frame(table, with_key=True)
    table.insert(0, "input", table.pop("key").map(lambda k: inputs[int(k)].name))
    result = analyze(data, as_of=as_of) if len(data.communes) else None
    return Batch(inputs, result, table, usd_rate)


def write_reports(batch: Batch, folder: Path, jobs: int = 1, progress: bool | None = None) -> list[Path]:
    """One gap report per valid input, as ``folder/<input name>.xlsx``; several processes when ``jobs`` > 1.

    Each worker receives the stacked result once and cuts its communes out of it itself.
    """
    from tqdm import tqdm

    if batch.result is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    names = report_names(batch.inputs)
    tasks = [(k, folder / names[k], batch.inputs[k]) for k in batch.result.communes[COMMUNE_KEY].tolist()]
    show = sys.stderr.isatty() if progress is None else progress
    if jobs > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_share, initargs=(batch.result,)) as pool:
            done = list(
                tqdm(pool.map(_write_one, tasks, chunksize=16), total=len(tasks), desc="reports", disable=not show)
            )
    else:
        _share(batch.result)
        done = [_write_one(t) for t in tqdm(tasks, desc="reports", disable=not show)]
    return done


_SHARED: dict[str, object] = {}


def _share(result: Result) -> None:
    _SHARED["result"], _SHARED["index"] = result, result.row_index()


def _write_one(task: tuple[int, Path, Path]) -> Path:
    from grb.report.excel import write_report

    key, target, source = task
    write_report(_SHARED["result"].part(key, _SHARED["index"]), target, inputs=(source,))
    return target


def report_names(inputs: list[Path]) -> list[str]:
    """``<input name>.xlsx``, numbered when two inputs share a name (from different folders)."""
    names, seen = [], {}
    for path in inputs:
        seen[path.stem] = seen.get(path.stem, 0) + 1
        names.append(f"{path.stem}.xlsx" if seen[path.stem] == 1 else f"{path.stem}-{seen[path.stem]}.xlsx")
    return names
