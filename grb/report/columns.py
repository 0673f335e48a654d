"""A table as a report writes it: one array per column, cut to one commune's rows without pandas.

Why: a batch writes 1,652 reports from frames prepared once for every commune. Cutting 16 DataFrames per report
(``iloc``, ``reset_index``, then a Series per column) cost pandas' fixed price per call, about as much as
writing the cells; a NumPy slice of each column a sheet shows costs a microsecond. Cells come out as
``Series.tolist`` gives them (Python floats, ints and bools, ``datetime``, and missing values as the frame holds
them), so a report is the same cell by cell however its rows were cut.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

Rows = slice | np.ndarray  # a commune's rows: a slice where they are contiguous, else their positions


class Columns:
    """The columns of a frame as arrays, seen through a selection of its rows (all of them by default).

    A column becomes an array the first time a sheet asks for it, once for every cut of the same frame: a
    worker converts only the columns the report shows. Pickled, a cut carries only its own cells (a batch sends
    each worker one commune's, never the whole frame).
    """

    __slots__ = ("arrays", "frame", "n", "rows")

    def __init__(self, frame: pd.DataFrame | None, arrays: dict[str, np.ndarray], rows: Rows, n: int):
        self.frame, self.arrays, self.rows, self.n = frame, arrays, rows, n  # frame None: every column in arrays

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Columns:
        """All of ``frame``'s rows."""
        return cls(frame, {}, slice(0, len(frame)), len(frame))

    def cut(self, rows: Rows) -> Columns:
        """These columns seen through ``rows`` (positions in the whole frame); nothing is copied."""
        total = len(self.frame) if self.frame is not None else len(next(iter(self.arrays.values()), ()))
        return Columns(self.frame, self.arrays, rows, len(range(total)[rows]) if isinstance(rows, slice) else len(rows))

    def names(self) -> list[str]:
        """The column names, in the frame's order."""
        return list(self.frame.columns) if self.frame is not None else list(self.arrays)

    def __len__(self) -> int:
        return self.n

    def __contains__(self, name: object) -> bool:
        return name in self.arrays or (self.frame is not None and name in self.frame.columns)

    def __getitem__(self, name: str) -> list:
        """The column's cells, as Python values."""
        array = self.arrays.get(name)
        if array is None:
            array = self.arrays[name] = _array(self.frame[name])
        return array[self.rows].tolist()

    def first(self) -> dict[str, Any]:
        """The first row as ``{column: value}`` (a commune's own facts: its one row of ``communes``)."""
        return {name: self[name][0] for name in self.names()}

    def __reduce__(self) -> tuple:
        return _carried, ({name: self[name] for name in self.names()}, self.n)


def _carried(cells: dict[str, list], n: int) -> Columns:
    """Columns of the cells a pickled cut carried (object arrays: ``tolist`` gives each cell back as it was)."""
    arrays = {name: np.fromiter(values, dtype=object, count=n) for name, values in cells.items()}
    return Columns(None, arrays, slice(0, n), n)


def _array(column: pd.Series) -> np.ndarray:
    """``column``'s values: NumPy numbers and booleans as they are (``tolist`` makes Python numbers of them);
    nullable and text columns as objects, each cell as ``Series.tolist`` gives it.

    Dates become Python ``datetime`` objects made by NumPy, missing ones ``NaT`` as before: pandas makes one
    ``Timestamp`` per cell at about a microsecond each, which a national batch paid in one stretch before its
    first report (2.3 s at 10 × the communes), and a ``datetime`` pickles in a fraction of a ``Timestamp``'s time.
    A report writes both the same (:func:`grb.report.cells.write_cell`).
    """
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else ""
    if kind in ("b", "i", "u", "f"):
        return column.to_numpy()
    if kind == "M":
        days = column.to_numpy().astype("datetime64[us]")
        out = days.astype(object)  # datetime.datetime, None where NaT
        out[np.isnat(days)] = pd.NaT
        return out
    return column.to_numpy(dtype=object)
