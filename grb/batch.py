"""``grb batch``: many communes in one run.

Reading and report writing are per input and run in worker processes (``jobs``, default: every core; reading
shares the inputs between ``jobs - 1`` workers and the parent, see :mod:`grb.batch_read`); the workers send back
what they read, and validation and analysis run once, in the parent, on the stacked frames of every input.
Works under the ``spawn`` start method (Windows' only one): workers get everything they need through their
arguments or their initializer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path

import pandas as pd

from grb.batch_read import read_inputs
from grb.engine import Result, analyze
from grb.engine.areas import LEVELS, rollup, unprogrammed_by_sector
from grb.engine.currency import DEFAULT_USD_RATE, in_riel
from grb.io.read import DEFAULT_LIMITS, Limits, RawSheet
from grb.keys import ROW
from grb.problems import Problem, problems_frame
from grb.schemas.data import COMMUNE_KEY, CommuneData
from grb.schemas.memory import with_collector_paused
from grb.schemas.outputs import SUMMARY_METRICS
from grb.schemas.validate import validate_many
from grb.workers import START_METHOD_ENV  # noqa: F401  (grb.batch.START_METHOD_ENV, as before)

COMMUNE_COLUMNS = ["input", "commune_name", "commune_code", "district", "province", "currency"]
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")  # in a folder: read, or listed as failed, never skipped


@dataclass(frozen=True)
class Batch:
    """A batch run: the stacked result of the valid inputs, and the problems of the others."""

    inputs: list[Path]
    result: Result | None
    problems: pd.DataFrame  # problem table with an ``input`` column
    usd_rate: float = DEFAULT_USD_RATE
    labels: list[str] = field(default_factory=list)  # each input as the tables name it (see ``input_labels``)

    def label(self, key: int) -> str:
        return self.labels[key] if self.labels else self.inputs[key].name

    @cached_property
    def communes(self) -> pd.DataFrame:
        """One row per valid input: where it is and its summary figures (money in riel)."""
        if self.result is None:
            return pd.DataFrame(columns=COMMUNE_COLUMNS)
        c = in_riel(self.result.communes, self.usd_rate)
        c = c.assign(input=c[COMMUNE_KEY].map(self.label))
        return c[[*COMMUNE_COLUMNS, *SUMMARY_METRICS]].sort_values("unprogrammed_cost", ascending=False, kind="stable")

    def rollups(self) -> dict[str, pd.DataFrame]:
        """Totals for the whole run, each district, each province and each sector (computed once)."""
        return self._rollups

    @cached_property
    def _rollups(self) -> dict[str, pd.DataFrame]:
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
        """Valid inputs that share a commune code (none since duplicates fail; kept for the Checks sheet)."""
        c = self.communes
        dup = c[c["commune_code"].notna() & c["commune_code"].duplicated(keep=False)]
        return dup[["commune_code", "input", "commune_name"]].sort_values(["commune_code", "input"])

    def tables(self) -> dict[str, pd.DataFrame]:
        """Everything the roll-up workbook and the batch CSV files show, as frames (the writers take these)."""
        return {"communes": self.communes, "problems": self.problems, "duplicates": self.duplicate_codes()} | {
            name: frame for name, frame in self.rollups().items()
        }


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Workbooks and CSV folders; a folder that is neither holds them (its spreadsheets and CSV sub-folders).

    Spreadsheets grb cannot read (``.xls``, ``.ods``) are kept: they fail with a "save as .xlsx" problem
    instead of disappearing from the roll-up without a word.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and not (path / "commune.csv").exists():
            children = [
                p
                for p in path.iterdir()
                if p.suffix.lower() in SPREADSHEETS and not p.name.startswith("~$") and p.is_file()
            ]
            children += [p for p in path.iterdir() if p.is_dir() and (p / "commune.csv").exists()]
            found += sorted(children)
        else:
            found.append(path)
    return found


def input_labels(inputs: list[Path]) -> list[str]:
    """Each input's path relative to the common parent of all inputs (``/`` separated): unambiguous, short."""
    if not inputs:
        return []
    absolute = [p.absolute() for p in inputs]
    parent = Path(os.path.commonpath([p.parent for p in absolute]))
    return [p.relative_to(parent).as_posix() for p in absolute]


def default_jobs() -> int:
    return os.cpu_count() or 1


@with_collector_paused
def run(
    paths: Iterable[Path],
    as_of: object = None,
    limits: Limits = DEFAULT_LIMITS,
    usd_rate: float = DEFAULT_USD_RATE,
    progress: bool | None = None,
    jobs: int = 1,
) -> Batch:
    """Read every input (in ``jobs`` processes), validate them together, analyse the valid ones in one call.

    The cycle collector is paused throughout: the workers' books are unpickled here (tens of small objects per
    sheet) while every book before stays alive, and the collector walked them all again and again (0.7 of the
    0.96 CPU s of unpickling the national set), collecting nothing. The books are freed (by reference counts)
    when this returns, before the collector runs again, so it never walks them.
    """
    inputs = expand_inputs(paths)
    labels = input_labels(inputs)
    show = sys.stderr.isatty() if progress is None else progress
    books: list[dict[str, RawSheet]] = []
    unreadable = []
    tasks = [(path, limits) for path in inputs]
    for key, (book, problems) in enumerate(read_inputs(tasks, jobs, show)):
        books.append(book)
        if problems is not None:
            unreadable.append(problems.assign(key=key))
    say(show, f"validating {len(inputs):,} inputs")
    data, problems = validate_many(books, [str(p) for p in inputs])
    unread_keys = {int(f["key"].iloc[0]) for f in unreadable}
    problems = problems[~problems["key"].isin(unread_keys)]  # an unreadable file: only its reading problem
    data, duplicates = _drop_duplicate_communes(data, books, labels)
    table = pd.concat([f for f in (*unreadable, problems, duplicates) if len(f)] or [problems], ignore_index=True)
    table = problems_frame(table, with_key=True)
    table.insert(0, "input", table.pop("key").map(lambda k: labels[int(k)]))
    say(show, f"analysing {len(data.communes):,} communes")
    result = analyze(data, as_of=as_of) if len(data.communes) else None
    return Batch(inputs, result, table, usd_rate, labels)


def _drop_duplicate_communes(
    data: CommuneData, books: list[dict[str, RawSheet]], labels: list[str]
) -> tuple[CommuneData, pd.DataFrame]:
    """The same commune given twice (say as .xlsx and as a CSV folder) counts once: the first input in order.

    The others fail with a ``duplicate_commune`` problem located on their ``commune_code`` cell, naming the first.
    """
    communes = data.communes
    coded = communes[communes["commune_code"].notna()]
    repeated = coded[coded["commune_code"].duplicated(keep="first")]
    if repeated.empty:
        return data, problems_frame([], with_key=True)
    first = coded.drop_duplicates("commune_code").set_index("commune_code")[COMMUNE_KEY]
    problems = [
        Problem(
            "commune",
            _field_row(books[key], "commune_code"),
            "value",
            code,
            f"commune {code} is already given by {labels[int(first[code])]}; this input is left out of the "
            "roll-up so that the commune counts once (remove one of the two)",
            "duplicate_commune",
            int(key),
        )
        for key, code in zip(repeated[COMMUNE_KEY], repeated["commune_code"], strict=True)
    ]
    dropped = set(repeated[COMMUNE_KEY])
    kept = {
        f.name: (lambda frame: frame[~frame[COMMUNE_KEY].isin(dropped)].reset_index(drop=True))(getattr(data, f.name))
        for f in fields(data)
    }
    return CommuneData(**kept), problems_frame(problems, with_key=True)


def _field_row(book: dict[str, RawSheet], name: str) -> int | None:
    """The Excel row of a field of the ``commune`` sheet (None when it cannot be found)."""
    sheet = book.get("commune")
    if sheet is None or "field" not in sheet.frame:
        return None
    frame = sheet.frame
    rows = frame.loc[frame["field"].map(lambda v: isinstance(v, str) and v.strip().lower() == name), ROW]
    return int(rows.iloc[0]) if len(rows) else None


def progress_bar(items: Iterable, total: int, desc: str, show: bool) -> Iterable:
    from tqdm import tqdm

    return tqdm(items, total=total, desc=desc, unit="input", disable=not show)


def say(show: bool, text: str) -> None:
    """A one-line progress note for a stage that runs as one call (validation, analysis, roll-up)."""
    if show:
        print(f"{text}...", file=sys.stderr, flush=True)


def report_names(labels: list[str]) -> list[str]:
    """A report name per input, from its label: ``d2/a.xlsx`` -> ``d2-a.xlsx``.

    Names are compared without case (Windows and macOS folders ignore it); a name still taken, by an earlier
    input or by another input's own name, gets ``-2``, ``-3``... checked against every other name.
    """
    stems = [label.rsplit(".", 1)[0] if "." in label.rsplit("/", 1)[-1] else label for label in labels]
    stems = [stem.replace("/", "-") for stem in stems]
    wanted = {stem.lower() for stem in stems}
    used: set[str] = set()
    names = []
    for stem in stems:
        name, n = stem, 1
        while name.lower() in used or (name != stem and name.lower() in wanted):
            n += 1
            name = f"{stem}-{n}"
        used.add(name.lower())
        names.append(f"{name}.xlsx")
    return names
