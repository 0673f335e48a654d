"""SPEC §2.1: priority scores and ranks of the gender issues (rank 1 = highest score; ties keep sheet order)."""

from __future__ import annotations

import functools
import math

import pandas as pd

from grb.engine.boundary import typed
from grb.keys import COMMUNE_KEY, ORDER
from grb.schemas.data import of_commune
from grb.schemas.models import Commune as C
from grb.schemas.models import GenderIssues as GI

WEIGHTS = [(C.weight_severity, GI.severity), (C.weight_reach, GI.reach), (C.weight_urgency, GI.urgency)]


def rank_issues(issues: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Add ``score`` (weighted sum of the three scores) and ``rank`` (1 = highest; ties keep sheet order).

    When ``priority`` is filled (for every issue of a commune, as validated), rank = priority and the score
    is left empty: the analyst has ranked the issues herself. Ranks compare scores exactly (see
    :func:`_exact_scores`): in floats 0.5·1 + 0.3·3 + 0.2·1 is 1.6 but 0.5·1 + 0.3·1 + 0.2·4 is 1.6000000000000003.
    """
    weights = of_commune(issues, communes, [w for w, _ in WEIGHTS])
    score = sum(weights[w].to_numpy(dtype="float64") * issues[s].astype("float64") for w, s in WEIGHTS)
    given = issues[GI.priority].notna()
    ranked = issues.assign(score=score.where(~given), _key=_exact_scores(issues, communes).where(~given, 0))
    by_score = (
        ranked.sort_values([COMMUNE_KEY, "_key", ORDER], ascending=[True, False, True], kind="stable")
        .groupby(COMMUNE_KEY)
        .cumcount()
        + 1
    )
    rank = issues[GI.priority].astype("float64").where(given, by_score.reindex(issues.index))
    return ranked.drop(columns="_key").assign(rank=rank.astype("int64"))


def _exact_scores(issues: pd.DataFrame, communes: pd.DataFrame) -> pd.Series:
    """Each score times a per-commune whole number, as an exact integer (compares within a commune only).

    Weights are typed decimals and the three scores whole numbers, so scaling a commune's weights by the
    common denominator of their decimals makes every score a whole number (Python ints: no overflow). The
    Python work is three numbers per commune; the issues are multiplied as whole columns.
    """
    weights = communes[[w for w, _ in WEIGHTS]].itertuples(index=False, name=None)
    per_commune = pd.DataFrame([_scaled(ws) for ws in weights], index=communes[COMMUNE_KEY], dtype=object)
    total = pd.Series(0, index=issues.index, dtype=object)
    for position, (_, column) in enumerate(WEIGHTS):
        points = issues[column].astype("float64").fillna(0).astype("int64").astype(object)
        weight = per_commune[position].reindex(issues[COMMUNE_KEY]).to_numpy()
        total = total + pd.Series(weight, index=issues.index, dtype=object) * points
    return total


@functools.lru_cache(maxsize=1024)
def _scaled(weights: tuple[object, ...]) -> list[int]:
    """The weights times the common denominator of their typed decimals: whole numbers in the same ratio.

    Cached: the communes of a batch mostly keep the default weights (1,652 communes, a handful of settings).
    """
    fractions = [typed(w) for w in weights]
    denominator = math.lcm(*(f.denominator for f in fractions))
    return [int(f * denominator) for f in fractions]
