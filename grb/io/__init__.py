"""The edges of grb: reading workbooks and CSV folders, and writing files atomically."""

from grb.io.read import Limits, RawSheet, normalise_name, read_sheets
from grb.io.write import atomic_output
from grb.keys import ROW

__all__ = ["ROW", "Limits", "RawSheet", "atomic_output", "normalise_name", "read_sheets"]
