"""The validated input: typed frames for one or many communes, each row carrying its commune key."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from grb.keys import COMMUNE_KEY, ORDER

__all__ = ["COMMUNE_KEY", "ORDER", "CommuneData", "of_commune"]


def of_commune(frame: pd.DataFrame, communes: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Each row of ``frame``: its commune's ``columns``, by position (what a left merge on the key gives).

    Why not a merge: communes are unique by key, so a look-up by index gives the same rows without building and
    sorting join keys (a dozen such merges a run; for one commune their fixed cost was most of their time).
    """
    at = pd.Index(communes[COMMUNE_KEY]).get_indexer(frame[COMMUNE_KEY])
    if (at < 0).any():  # a row of no listed commune: empty cells there, as the merge gives
        return communes.set_index(COMMUNE_KEY)[columns].reindex(frame[COMMUNE_KEY].to_numpy()).reset_index(drop=True)
    return communes[columns].take(at).reset_index(drop=True)


@dataclass(frozen=True)
class CommuneData:
    """Validated frames (SPEC §1). Amounts stay in the currency they were entered in; the engine converts.

    ``communes`` has one row per commune with its settings and defaults filled in; ``links`` has one row per
    (intervention, CIP project) pair from ``cip_projects``; ``checks`` holds warnings found while reading.
    """

    communes: pd.DataFrame
    gender_issues: pd.DataFrame
    interventions: pd.DataFrame
    investment_plan: pd.DataFrame
    budget_cycle: pd.DataFrame
    links: pd.DataFrame
    checks: pd.DataFrame

    def with_frames(self, **frames: pd.DataFrame) -> CommuneData:
        """A copy with some frames replaced (used by "what if" cells in the notebooks)."""
        return replace(self, **frames)
