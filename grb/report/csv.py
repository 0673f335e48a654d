"""``--csv DIR``: the result for machines, with exactly the files and columns of SPEC §3.3.

Amounts are plain numbers in the plan currency, shares are fractions, booleans ``true``/``false``, dates
ISO, empty is a blank cell. Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` at
the start) is prefixed with ``'``. Each file is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from grb.engine import Result
from grb.engine.follow_up import FOLLOW_UP_COLUMNS, TRACKER_COLUMNS, new_tracker
from grb.io.write import atomic_output
from grb.schemas.outputs import CSV_FILES, csv_columns

if TYPE_CHECKING:
    from grb.cycles import FollowUp

FORMULA_START = ("=", "+", "-", "@")
DECIMALS = 6  # far below a riel or a cent: removes binary floating-point noise such as 2300000.0000000005


def csv_frames(result: Result, follow_up: FollowUp | None = None) -> dict[str, pd.DataFrame]:
    """The SPEC §3.3 tables, file stem -> frame, with their exact columns (and §4.2's with ``follow_up``)."""
    frames = {"summary": result.summary}
    for stem, model in CSV_FILES.items():
        frames[stem] = getattr(result, stem)[csv_columns(model)]
    if follow_up is None:
        frames["tracker"] = new_tracker(result.gaps, result.communes)[TRACKER_COLUMNS]
    else:
        frames["summary"] = pd.concat([frames["summary"], follow_up.summary], ignore_index=True)
        frames["tracker"] = follow_up.tracker[TRACKER_COLUMNS]
        frames["follow_up"] = follow_up.follow_up[FOLLOW_UP_COLUMNS]
    return frames


def write_csv(
    result: Result, folder: str | Path, inputs: tuple[str | Path, ...] = (), follow_up: FollowUp | None = None
) -> list[Path]:
    return write_tables(csv_frames(result, follow_up), folder, inputs)


def write_tables(frames: dict[str, pd.DataFrame], folder: str | Path, inputs: Iterable[str | Path] = ()) -> list[Path]:
    """Write each frame as ``folder/<stem>.csv`` (prepared for machines), each file whole or not at all."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / f"{stem}.csv" for stem in frames]
    for path, frame in zip(written, frames.values(), strict=True):
        write_table(frame, path, inputs)
    return written


def write_table(frame: pd.DataFrame, path: Path, inputs: Iterable[str | Path] = ()) -> None:
    with atomic_output(path, inputs) as tmp:
        for_machines(frame).to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")


def for_machines(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        col = out[name]
        if pd.api.types.is_float_dtype(col):
            out[name] = col.round(DECIMALS)
        elif col.dtype == object and col.map(lambda v: isinstance(v, float)).any():
            rounded = [round(v, DECIMALS) if isinstance(v, float) else v for v in col]
            out[name] = pd.Series(rounded, index=col.index, dtype=object)  # counts stay whole: 5, not 5.0
        elif pd.api.types.is_bool_dtype(col):
            out[name] = col.map({True: "true", False: "false"})
        elif pd.api.types.is_datetime64_any_dtype(col):
            out[name] = col.dt.strftime("%Y-%m-%d")
        elif col.dtype == object or pd.api.types.is_string_dtype(col):
            out[name] = col.map(neutralise)
    return out


def neutralise(value: object) -> object:
    """Keep text from becoming a formula when a person opens the CSV in a spreadsheet."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
