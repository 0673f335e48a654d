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


PARAMETERS = "parameters.csv"


def parameter(name: str) -> float:
    """A default of grb's rules (``parameters.csv``: value, unit, source, date), as a number.

    Parameters live as data beside the calendars, each with the reference it comes from, so that a reviewer
    can check a default without reading code (as openfisca-core keeps its parameters).
    """
    table = _read(PARAMETERS)
    values = dict(zip(table["name"], table["value"], strict=True))
    if name not in values:
        raise KeyError(f"unknown grb parameter {name!r}; known: {', '.join(values)}")
    return float(values[name])


def parameters() -> pd.DataFrame:
    """The whole parameters table (name, value, unit, source, date), for documentation and tests."""
    return read_table(PARAMETERS)
