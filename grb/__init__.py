"""grb: gender-responsive budget analysis of commune investment plans.

The public API is four steps: ``load`` a workbook into validated frames, ``analyze`` them, and
``write_report`` / ``write_csv`` the result. Heavy modules are imported on first use, so the command line
starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from grb.problems import InputError

if TYPE_CHECKING:
    from grb.cycles import FollowUp
    from grb.engine import Result
    from grb.schemas.data import CommuneData

__all__ = ["InputError", "analyze", "follow_up", "load", "write_csv", "write_report"]
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


def follow_up(previous: Any, current: Any, as_of: Any = None, **kwargs: Any) -> FollowUp:
    """What became of last cycle's gaps (SPEC §4.2). ``previous``: last cycle's gap report or workbook;
    ``current``: this cycle's workbook. Raises :class:`InputError` naming each problem's file."""
    from grb.cycles import follow_up as _follow_up

    return _follow_up(previous, current, as_of=as_of, **kwargs)


def write_report(result: Result, path: Any, lang: str | None = None, khmer_digits: bool = False, **kwargs: Any) -> None:
    """Write the gap report workbook for people (SPEC §3.2) of a result holding one commune.

    A result of several communes raises ``ValueError``: use ``grb batch`` or ``Result.part`` for one report each.
    ``lang`` (``km``/``en``; default: the commune's ``language``, else English) and ``khmer_digits`` (SPEC §3.5).
    """
    from grb.i18n import language
    from grb.report.excel import write_report as _write

    with language(None, khmer_digits=khmer_digits or None):  # None keeps the caller's choice
        _write(result, path, lang=lang, **kwargs)


def write_csv(result: Result, folder: Any, **kwargs: Any) -> None:
    """Write the CSV files for machines (SPEC §3.3), all of them or none.

    A result of several communes gets a first column ``commune_code`` (the input's name when it has no code).
    """
    from grb.report.csv import write_csv as _write

    _write(result, folder, **kwargs)
