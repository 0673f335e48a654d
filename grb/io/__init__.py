"""The edges of grb: reading workbooks and CSV folders, and writing files atomically."""

from grb.io.read import ROW, Limits, RawSheet, normalise_name, read_sheets
from grb.io.write import atomic_output

__all__ = ["ROW", "Limits", "RawSheet", "atomic_output", "normalise_name", "read_sheets"]
