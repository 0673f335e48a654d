"""grb: gender-responsive budget analysis of commune investment plans.

The public API is four steps: ``load`` a workbook into validated frames, ``analyze`` them, and
``write_report`` / ``write_csv`` the result. Heavy modules are imported on first use, so the command line
starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from grb.problems import InputError

if TYPE_CHECKING:
    from grb.engine import Result
    from grb.schemas.data import CommuneData

__all__ = ["InputError", "analyze", "load", "write_csv", "write_report"]
__version__ = "0.1.0"


def load(path: Any, **kwargs: Any) -> CommuneData:
    """Read and validate a commune workbook (or CSV folder). Raises :class:`InputError` when invalid."""
    from grb.schemas.validate import load as _load

    return _load(path, **kwargs)


def analyze(data: CommuneData, as_of: Any = None) -> Result:
    """Compute gaps, roll-ups, entry points and checks for every commune in ``data``.

    ``gaps["advocacy_action"]`` holds the advocacy sentences in the current language (the engine gives their
    fields; the writers compose them again in the report's language).
    """
    from grb.engine import analyze as _analyze
    from grb.report.sentences import with_sentences

    return with_sentences(_analyze(data, as_of=as_of))


def write_report(result: Result, path: Any, **kwargs: Any) -> None:
    """Write the gap report workbook for people (SPEC §3.2)."""
    from grb.report.excel import write_report as _write

    _write(result, path, **kwargs)


def write_csv(result: Result, folder: Any, **kwargs: Any) -> None:
    """Write the CSV files for machines (SPEC §3.3)."""
    from grb.report.csv import write_csv as _write

    _write(result, folder, **kwargs)
