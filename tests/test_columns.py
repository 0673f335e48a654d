"""Reports are written from :class:`grb.report.columns.Columns` (a batch cuts every commune's rows with NumPy
instead of pandas). Each cell must be what ``Series.tolist`` gives, whatever the dtype and however the rows were
cut, and each commune's key figures what ``Result.summary`` gives for that commune alone."""

from __future__ import annotations

import math
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import grb
from grb import batch
from grb.keys import COMMUNE_KEY
from grb.report.columns import Columns
from grb.report.prepared import columns_of, commune_rows, key_figures, prepare

SAMPLES = Path(__file__).parent.parent / "sample_budgets"


def _same(a: list, b: list) -> bool:
    """Equal cell by cell, with the same Python type (NaN equal to NaN, NA to NA, NaT to NaT); a date of ``b``
    as pandas gives it (``Timestamp``) is the same plain ``datetime`` in ``a``, which is how columns give dates."""
    if len(a) != len(b):
        return False
    b = [y.to_pydatetime() if type(y) is pd.Timestamp else y for y in b]
    for x, y in zip(a, b, strict=True):
        if type(x) is not type(y):
            return False
        if isinstance(x, float) and math.isnan(x):
            if not math.isnan(y):
                return False
        elif x is pd.NA or x is pd.NaT:
            if y is not x:
                return False
        elif x != y:
            return False
    return True


def _odd_frame() -> pd.DataFrame:
    """One column of each dtype a prepared frame can hold, each with a missing value."""
    return pd.DataFrame(
        {
            "float": [1.5, np.nan, -2.0, 0.0],
            "int": np.array([3, 1, 2, 7], dtype="int64"),
            "bool": [True, False, True, False],
            "date": pd.to_datetime(["2026-01-31", None, "2027-12-01", "2026-06-15"]),
            "nullable": pd.array([1, None, 3, 4], dtype="Int64"),
            "text": ["=1+1", None, "ខ្មែរ", ""],
            "string": pd.array(["a", None, "c", "d"], dtype="string"),
            "category": pd.Categorical(["x", "y", None, "x"]),
        }
    )


@pytest.mark.parametrize("rows", [slice(0, 4), slice(1, 3), slice(2, 2), np.array([3, 0]), np.array([], dtype=int)])
def test_each_cell_is_what_series_tolist_gives(rows):
    frame = _odd_frame()
    columns = Columns.of(frame).cut(rows)
    part = frame.iloc[rows]
    assert len(columns) == len(part)
    for name in frame.columns:
        assert _same(columns[name], part[name].tolist()), name


def test_the_first_row_is_the_row_a_commune_reads():
    first = Columns.of(_odd_frame()).cut(slice(1, 2)).first()
    assert math.isnan(first["float"]) and first["int"] == 1 and first["bool"] is False
    assert first["date"] is pd.NaT and first["nullable"] is pd.NA
    assert _same([first["text"]], _odd_frame()["text"].tolist()[1:2])  # missing text as the frame holds it


def test_every_prepared_frame_cut_per_commune_is_that_commune_s_rows():
    paths = [SAMPLES / "workshop_commune.xlsx", SAMPLES / "district_town_usd.xlsx", SAMPLES / "workshop_commune.xlsx"]
    run = batch.run(paths, progress=False)  # the workshop commune twice: counted once (duplicate_commune)
    prepared = prepare(run.result)
    columns, rows = columns_of(prepared), commune_rows(prepared.frames())
    keys = run.result.communes[COMMUNE_KEY].tolist()
    assert len(keys) == 2
    for name, frame in prepared.frames().items():
        for key in keys:
            mine = frame[frame[COMMUNE_KEY] == key]
            cut = columns[name].cut(rows[name].get(key, np.array([], dtype=int)))
            assert len(cut) == len(mine), (name, key)
            for column in frame.columns:
                assert _same(cut[column], mine[column].tolist()), (name, key, column)


@pytest.mark.parametrize("sample", ["workshop_commune.xlsx", "district_town_usd.xlsx"])
def test_key_figures_are_the_summary_of_the_commune_alone(sample):
    alone = grb.analyze(grb.load(SAMPLES / sample), as_of="2026-09-15")
    expected = alone.summary.set_index("metric")["value"]
    stacked = batch.run([SAMPLES / "workshop_commune.xlsx", SAMPLES / "district_town_usd.xlsx"], as_of="2026-09-15",
                        progress=False).result  # fmt: skip
    code = alone.communes["commune_code"].iloc[0]
    for communes in (alone.communes, stacked.communes[stacked.communes["commune_code"] == code]):
        figures = key_figures(communes).drop(columns=COMMUNE_KEY).iloc[0]
        assert list(figures.index) == list(expected.index)
        for metric, value in expected.items():
            got = figures[metric]
            assert (math.isnan(got) and math.isnan(value)) if value != value else got == value, metric


@pytest.mark.parametrize("rows", [slice(1, 3), np.array([3, 0]), slice(0, 0)])
def test_a_pickled_cut_carries_its_own_cells_only(rows):
    """A batch sends each worker one commune's cells: the cut, not the frame."""
    frame = _odd_frame()
    cut = Columns.of(frame).cut(rows)
    carried = pickle.loads(pickle.dumps(cut))
    assert carried.frame is None and len(carried) == len(cut) and carried.names() == list(frame.columns)
    for name in frame.columns:
        assert _same(carried[name], cut[name]), name
    whole = pickle.dumps(Columns.of(pd.concat([frame] * 250, ignore_index=True)).cut(rows))
    assert len(whole) < len(pickle.dumps(frame)) * 2  # 1,000 rows behind it, only its own carried


def test_each_commune_s_rows_are_its_run_or_its_group():
    frames = {
        "runs": pd.DataFrame({COMMUNE_KEY: [3, 3, 0, 5, 5, 5]}),  # each commune's rows together, in any key order
        "split": pd.DataFrame({COMMUNE_KEY: [1, 2, 1]}),  # commune 1 in two places: grouped, not a run
        "empty": pd.DataFrame({COMMUNE_KEY: pd.Series([], dtype="int64")}),
    }
    rows = commune_rows(frames)
    assert rows["runs"] == {3: slice(0, 2), 0: slice(2, 3), 5: slice(3, 6)}
    assert rows["split"][1].tolist() == [0, 2] and rows["split"][2] == slice(1, 2)
    assert rows["empty"] == {}


def test_dates_are_plain_datetimes_and_a_report_writes_them_as_the_timestamps_they_were(tmp_path):
    """Columns give dates as ``datetime`` (NumPy makes them; pandas made a ``Timestamp`` per cell, slowly); the
    cell a report writes is the same date cell either way, and a missing date stays ``NaT``."""
    import datetime as dt

    from grb.report.cells import new_workbook, write_cell

    frame = pd.DataFrame({"date": pd.to_datetime(["2026-01-31 00:00:00", None, "1999-12-31 13:45:07"])})
    cells = Columns.of(frame)["date"]
    assert [type(c) for c in cells] == [dt.datetime, type(pd.NaT), dt.datetime]
    assert cells[0] == dt.datetime(2026, 1, 31) and cells[2] == dt.datetime(1999, 12, 31, 13, 45, 7)
    books = []
    for name, values in (("columns", cells), ("pandas", frame["date"].tolist())):
        book = new_workbook(tmp_path / f"{name}.xlsx")
        ws = book.add_worksheet("S")
        for r, value in enumerate(values):
            write_cell(ws, r, 0, value)
        book.close()
        books.append((tmp_path / f"{name}.xlsx").read_bytes())
    assert books[0] == books[1]
