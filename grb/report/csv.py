"""``--csv DIR``: the result for machines, with exactly the files and columns of SPEC §3.3.

Amounts are plain numbers in the plan currency, shares are fractions, booleans ``true``/``false``, dates
ISO, empty is a blank cell. Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` at
the start) is prefixed with ``'``. Files are UTF-8 with a byte-order mark, so Excel on Windows shows Khmer.
The folder is written all or nothing: every file goes to a temporary folder first (:func:`atomic_folder`).

A result of several communes (stacked analysis) gets a first column ``commune_code`` in every file, the
commune's code or, when it has none, its input's name, so that ids repeated across communes stay apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from grb.engine import Result
from grb.engine.follow_up import FOLLOW_UP_COLUMNS, TRACKER_COLUMNS, new_tracker
from grb.io.write import atomic_folder, atomic_output
from grb.keys import COMMUNE_KEY
from grb.report.sentences import with_sentences
from grb.report.tracker import with_actions
from grb.schemas.outputs import CSV_FILES, SUMMARY_METRICS, csv_columns

if TYPE_CHECKING:
    from grb.cycles import FollowUp

FORMULA_START = ("=", "+", "-", "@")
DECIMALS = 6  # far below a riel or a cent: removes binary floating-point noise such as 2300000.0000000005


COMMUNE_COLUMN = "commune_code"  # SPEC §3.3: first column when a CSV describes several communes
ENCODING = "utf-8-sig"  # SPEC §3.3: UTF-8 with a byte-order mark


def csv_frames(result: Result, follow_up: FollowUp | None = None) -> dict[str, pd.DataFrame]:
    """The SPEC §3.3 tables, file stem -> frame, with their exact columns (plus ``commune_code`` for many);
    with ``follow_up`` (SPEC §4.2) ``follow_up.csv`` and the follow-up metrics in ``summary.csv``."""
    result = with_sentences(result)
    extra = _tracker_frames(result, follow_up)
    if result.communes[COMMUNE_KEY].nunique() <= 1:
        frames = {"summary": result.summary}
        if follow_up is not None:
            frames["summary"] = pd.concat([frames["summary"], follow_up.summary], ignore_index=True)
        for stem, model in CSV_FILES.items():
            frames[stem] = getattr(result, stem)[csv_columns(model)]
        return frames | {stem: frame.drop(columns=COMMUNE_KEY) for stem, frame in extra.items()}
    labels = commune_labels(result.communes)
    frames = {"summary": _summaries(result.communes, labels)}
    for stem, model in CSV_FILES.items():
        frame = getattr(result, stem)
        frames[stem] = frame[csv_columns(model)].copy()
        frames[stem].insert(0, COMMUNE_COLUMN, frame[COMMUNE_KEY].map(labels).to_numpy())
    for stem, frame in extra.items():
        frames[stem] = frame.drop(columns=COMMUNE_KEY)
        frames[stem].insert(0, COMMUNE_COLUMN, frame[COMMUNE_KEY].map(labels).to_numpy())
    return frames


def _tracker_frames(result: Result, follow_up: FollowUp | None) -> dict[str, pd.DataFrame]:
    """``tracker`` (SPEC §4.1) and, in a follow-up, ``follow_up`` (§4.2), keyed by commune."""
    tracker = new_tracker(result.gaps, result.communes) if follow_up is None else follow_up.tracker
    tracker = with_actions(tracker, result.gaps)[[COMMUNE_KEY, *TRACKER_COLUMNS]]
    if follow_up is None:
        return {"tracker": tracker}
    return {
        "tracker": tracker,
        "follow_up": follow_up.follow_up[[COMMUNE_KEY, *FOLLOW_UP_COLUMNS]],
    }


def commune_labels(communes: pd.DataFrame) -> pd.Series:
    """commune key -> its code, else its input's file name; a label given twice gets ``#key`` to stay unique."""
    names = communes["source"].fillna("").map(lambda s: Path(s).name if s else "")
    codes = communes["commune_code"].astype(object).where(communes["commune_code"].notna(), None)
    labels = codes.where(codes.fillna("").astype(str).str.len() > 0, names).astype(str)
    keys = communes[COMMUNE_KEY].astype(str)
    labels = labels.where(~labels.duplicated(keep=False) & (labels != ""), labels + "#" + keys)
    return pd.Series(labels.to_numpy(), index=communes[COMMUNE_KEY].to_numpy())


def _summaries(communes: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """``commune_code``, ``metric``, ``value``: each commune's own figures, in its own plan currency."""
    wide = communes.reindex(columns=[COMMUNE_KEY, *SUMMARY_METRICS])
    long = wide.melt(id_vars=COMMUNE_KEY, var_name="metric", value_name="value")
    long["metric"] = pd.Categorical(long["metric"], categories=SUMMARY_METRICS, ordered=True)
    long = long.sort_values([COMMUNE_KEY, "metric"], kind="stable").astype({"metric": str, "value": object})
    counts = long["metric"].str.startswith("n_") & long["value"].notna()
    long.loc[counts, "value"] = long.loc[counts, "value"].map(int)
    long.insert(0, COMMUNE_COLUMN, long.pop(COMMUNE_KEY).map(labels))
    return long.reset_index(drop=True)


def write_csv(
    result: Result, folder: str | Path, inputs: tuple[str | Path, ...] = (), follow_up: FollowUp | None = None
) -> list[Path]:
    return write_tables(csv_frames(result, follow_up), folder, inputs)


def write_tables(frames: dict[str, pd.DataFrame], folder: str | Path, inputs: Iterable[str | Path] = ()) -> list[Path]:
    """Write each frame as ``folder/<stem>.csv`` (prepared for machines): every file, or none of them."""
    folder = Path(folder)
    with atomic_folder(folder, inputs) as tmp:
        for stem, frame in frames.items():
            _to_csv(frame, tmp / f"{stem}.csv")
    return [folder / f"{stem}.csv" for stem in frames]


def write_table(frame: pd.DataFrame, path: Path, inputs: Iterable[str | Path] = ()) -> None:
    with atomic_output(path, inputs) as tmp:
        _to_csv(frame, tmp)


def _to_csv(frame: pd.DataFrame, path: Path) -> None:
    for_machines(frame).to_csv(path, index=False, encoding=ENCODING, lineterminator="\n")


def for_machines(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        col = out[name]
        if pd.api.types.is_float_dtype(col):
            out[name] = col.round(DECIMALS)
        elif col.dtype == object and col.map(lambda v: isinstance(v, float)).any():
            # built as object: Series.map would infer float64 and turn the counts 5 into 5.0 (SPEC §3.3 says 5)
            rounded = [round(v, DECIMALS) if isinstance(v, float) else v for v in col]
            out[name] = pd.Series(rounded, index=col.index, dtype=object)
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
