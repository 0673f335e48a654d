"""Code lists and default calendars shipped as data, each row with its source."""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

CALENDARS = ("calendar_commune.csv", "calendar_national.csv")


def read_table(name: str) -> pd.DataFrame:
    """A shipped CSV as raw text cells (parsed later by the same code as a user's sheet); a fresh copy."""
    return _read(name).copy()


@cache
def _read(name: str) -> pd.DataFrame:
    with resources.files(__package__).joinpath(name).open(encoding="utf-8") as fh:
        table = pd.read_csv(fh, dtype=str, keep_default_na=False).astype(object)
    return table.where(table != "", None)


def default_sectors() -> pd.DataFrame:
    return read_table("sectors.csv")


def default_calendar() -> pd.DataFrame:
    """The commune calendar (indicative) then the national one, in the order grb uses for ties."""
    return _calendar().copy()


@cache
def _calendar() -> pd.DataFrame:
    return pd.concat([_read(name) for name in CALENDARS], ignore_index=True)
