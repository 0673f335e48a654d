"""The fast ``sheet_from_rows`` builds exactly the frame the straightforward pandas version built."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from grb.io.read import _clean, normalise_name, sheet_from_rows
from grb.keys import ROW


def reference(rows: list[list[object]], sheet: str) -> pd.DataFrame:
    """The former implementation (pandas operations per sheet), kept here as the specification."""
    rows = [[_clean(v) for v in row] for row in rows]
    if not rows:
        return pd.DataFrame({ROW: pd.Series(dtype="int64")})
    header, body = rows[0], rows[1:]
    keep = [i for i, h in enumerate(header) if h is not None]
    names = [normalise_name(header[i]) for i in keep]
    frame = pd.DataFrame(
        [[r[i] if i < len(r) else None for i in keep] for r in body],
        columns=pd.Index(names, dtype=object),
        dtype=object,
    )
    frame[ROW] = range(2, len(body) + 2)
    return frame[frame.drop(columns=ROW).notna().any(axis=1)].reset_index(drop=True)


CASES = {
    "empty sheet": [],
    "header only": [["Issue ID", "Issue"]],
    "no header": [[None, " "], ["a", "b"]],
    "blank rows and spaces": [
        ["Issue ID", " Issue ", None, "Sector"],
        ["G1", "  water ", "ignored: no header", "WASH"],
        [None, "  ", None, None],
        ["", None, "only under a blank header", None],
        [float("nan"), 3.5, None, 0],
        ["G2", False, None, dt.datetime(2026, 9, 1)],
    ],
    "short and long rows": [["a", "b", "c"], ["x"], [], ["y", None, "z", "beyond"]],
    "same name twice": [["Budget", "budget ", "Currency"], [1, 2, "KHR"], [None, None, None]],
    "codes stay text": [["commune_code", "n"], ["010203", 1], ["x", "2"]],
    "every row empty": [["a"], [None], [" "]],
}


@pytest.mark.parametrize("rows", CASES.values(), ids=CASES.keys())
def test_same_frame_as_the_reference(rows):
    got = sheet_from_rows(rows, "S").frame
    pd.testing.assert_frame_equal(got, reference(rows, "S"), check_index_type=True, check_column_type=True)
    assert got[ROW].dtype == "int64"


def test_rows_keep_their_excel_numbers():
    rows = [["id"], ["a"], [None], ["b"]]
    assert sheet_from_rows(rows, "S").frame[ROW].tolist() == [2, 4]  # row 3 of Excel is empty
