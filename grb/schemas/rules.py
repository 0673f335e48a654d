"""Rules that look across sheets (SPEC §1): references, plan period, currencies, priorities, sectors.

Each rule works on the stacked sheets of every input at once; ``commune_key`` keeps communes apart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from grb.keys import ROW
from grb.problems import Problem, problem
from grb.schemas.codes import normalise, per_text
from grb.schemas.data import COMMUNE_KEY, of_commune
from grb.schemas.models import Commune as C
from grb.schemas.models import GenderIssues as GI
from grb.schemas.models import Interventions as IV
from grb.schemas.models import InvestmentPlan as IP

SCORES = [GI.severity, GI.reach, GI.urgency]
FieldRows = dict[int, dict[str, int]]


def _cells(frame: pd.DataFrame, mask: pd.Series, sheet: str, column: str, code: str, **fields: object) -> list[Problem]:
    """One problem per row of ``frame`` where ``mask`` holds."""
    hit = frame[mask.fillna(False).astype(bool)]
    return [
        problem(code, sheet=sheet, row=int(r), column=column, value=v, key=int(k), **fields)
        for k, r, v in zip(hit[COMMUNE_KEY], hit[ROW], hit[column], strict=True)
    ]


def _commune_problem(key: int, rows: FieldRows, field: str, value: object, code: str, **fields: object) -> Problem:
    return problem(
        code, sheet="commune", row=rows.get(key, {}).get(field), column=field, value=value, key=key, **fields
    )


def check_period(communes: pd.DataFrame, rows: FieldRows) -> list[Problem]:
    bad = communes[communes[C.last_year] < communes[C.first_year]]
    return [
        _commune_problem(int(k), rows, C.last_year, last, "period_order", first_year=first, last_year=last)
        for k, first, last in zip(bad[COMMUNE_KEY], bad[C.first_year], bad[C.last_year], strict=True)
    ]


def check_years(frame: pd.DataFrame, sheet: str, communes: pd.DataFrame) -> list[Problem]:
    years = of_commune(frame, communes, [C.first_year, C.last_year])
    p = pd.concat([frame[[COMMUNE_KEY, ROW, "year"]].reset_index(drop=True), years], axis=1)
    year = p["year"].astype("float64")
    hit = p[p["year"].notna() & ((year < p[C.first_year]) | (year > p[C.last_year])).fillna(False).astype(bool)]
    return [
        problem(
            "outside_period", sheet=sheet, row=int(r), column="year", value=y, key=int(k), first_year=f, last_year=la
        )
        for k, r, y, f, la in hit[[COMMUNE_KEY, ROW, "year", C.first_year, C.last_year]].itertuples(index=False)
    ]


def pair_codes(keys: pd.Series, values: pd.Series, known_keys: pd.Series, known_values: pd.Series):
    """Each (commune, value) pair of both sides as one integer, equal where a merge on both would match.

    Why not a merge: a merge builds a frame to answer "is this pair known?" (1-2 ms even for one commune, and a
    dozen of them per run). Missing values get -1 on the left and -2 on the right: they never match (callers
    leave missing values out anyway).
    """
    both = np.concatenate([values.to_numpy(dtype=object), known_values.to_numpy(dtype=object)])
    codes, uniques = pd.factorize(both)
    key = np.concatenate([keys.to_numpy(dtype="int64"), known_keys.to_numpy(dtype="int64")])
    pairs = key * (len(uniques) + 1) + codes
    left, right = pairs[: len(values)], pairs[len(values) :]
    return np.where(codes[: len(values)] < 0, -1, left), np.where(codes[len(values) :] < 0, -2, right)


def pairs_known(keys: pd.Series, values: pd.Series, known_keys: pd.Series, known_values: pd.Series) -> np.ndarray:
    """Whether each (commune, value) pair is among the known pairs (see :func:`pair_codes`)."""
    left, right = pair_codes(keys, values, known_keys, known_values)
    return np.isin(left, right)


def check_issue_references(issues: pd.DataFrame, interventions: pd.DataFrame) -> list[Problem]:
    iv, gi = interventions, issues
    known = pairs_known(iv[COMMUNE_KEY], iv[IV.issue_id], gi[COMMUNE_KEY], gi[GI.issue_id])
    unknown = interventions[IV.issue_id].notna() & ~known
    return _cells(
        interventions,
        unknown,
        "interventions",
        IV.issue_id,
        "unknown_reference",
        target_column=GI.issue_id,
        target_sheet="gender_issues",
    )


def links_of(interventions: pd.DataFrame) -> pd.DataFrame:
    """One row per (intervention, project id) named in ``cip_projects``, duplicates dropped."""
    given = interventions[[COMMUNE_KEY, ROW, IV.intervention_id, IV.cip_projects]].dropna(subset=[IV.cip_projects])
    codes, lists = pd.factorize(given[IV.cip_projects])  # each distinct list split once (they repeat in a batch)
    parts = [text.split(";") for text in lists]
    counts = np.array([len(p) for p in parts], dtype="int64")
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype("int64")
    ids = np.array([p for part in parts for p in part] or [], dtype=object)
    per_row = counts[codes]
    within = np.arange(per_row.sum()) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    split = given.drop(columns=IV.cip_projects).take(np.repeat(np.arange(len(given)), per_row))
    split = split.assign(project_id=ids[np.repeat(starts[codes], per_row) + within])
    return split.drop_duplicates([COMMUNE_KEY, IV.intervention_id, "project_id"])


def check_project_references(links: pd.DataFrame, plan: pd.DataFrame) -> list[Problem]:
    known = pairs_known(links[COMMUNE_KEY], links["project_id"], plan[COMMUNE_KEY], plan[IP.project_id])
    unknown = links[~known]
    return [
        problem(
            "list_separator" if "," in str(v) else "unknown_reference",
            sheet="interventions",
            row=int(r),
            column=IV.cip_projects,
            value=v,
            key=int(k),
            target_column=IP.project_id,
            target_sheet="investment_plan",
        )
        for k, r, v in zip(unknown[COMMUNE_KEY], unknown[ROW], unknown["project_id"], strict=True)
    ]


def check_currencies(communes: pd.DataFrame, rows: FieldRows, others: dict[str, pd.DataFrame]) -> list[Problem]:
    """``usd_rate`` is required as soon as one amount is in the other currency (one problem per commune)."""
    amounts = pd.concat([f[[COMMUNE_KEY, ROW, "currency"]].assign(sheet=s) for s, f in others.items()])
    plan = amounts.merge(communes[[COMMUNE_KEY, C.currency, C.usd_rate]].rename(columns={C.currency: "plan"}))
    foreign = plan[
        plan["currency"].notna() & plan["plan"].notna() & (plan["currency"] != plan["plan"]) & plan[C.usd_rate].isna()
    ]
    first = foreign.drop_duplicates(COMMUNE_KEY)
    return [
        _commune_problem(
            int(k), rows, C.usd_rate, "", "usd_rate_required", at_sheet=s, at_row=r, currency=cur, plan_currency=p
        )
        for k, s, r, cur, p in zip(
            first[COMMUNE_KEY], first["sheet"], first[ROW], first["currency"], first["plan"], strict=True
        )
    ]


def check_priorities(issues: pd.DataFrame) -> list[Problem]:
    """``priority`` for every issue of a commune or for none; without it, the three scores are required."""
    filled = issues[GI.priority].notna()
    some = filled.groupby(issues[COMMUNE_KEY]).transform("any").astype(bool)
    problems = _cells(
        issues,
        some & ~filled,
        "gender_issues",
        GI.priority,
        "priority_partial",
    )
    for score in SCORES:
        problems += _cells(
            issues,
            ~some & issues[score].isna(),
            "gender_issues",
            score,
            "priority_or_scores",
        )
    return problems


def sector_codes(frame: pd.DataFrame, sectors: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with sectors written as a label of the commune's ``sectors`` sheet read as their code."""
    if frame.empty or "label" not in sectors:
        return frame
    labels = sectors[[COMMUNE_KEY, "code", "label"]].dropna()
    labels = labels.assign(sector=per_text(labels["label"], normalise)).drop(columns="label")
    labels = labels.drop_duplicates([COMMUNE_KEY, "sector"])
    given, label_pairs = pair_codes(frame[COMMUNE_KEY], frame["sector"], labels[COMMUNE_KEY], labels["sector"])
    at = pd.Index(label_pairs).get_indexer(given)
    found = np.append(labels["code"].to_numpy(dtype=object), np.nan)[at]  # -1 (no such label): the NaN at the end
    is_code = pairs_known(frame[COMMUNE_KEY], frame["sector"], sectors[COMMUNE_KEY], sectors["code"])
    by_label = pd.Series(found, index=frame.index).notna() & ~is_code
    return frame.assign(sector=frame["sector"].mask(by_label, pd.Series(found, index=frame.index)))


def check_sectors(frame: pd.DataFrame, sheet: str, sectors: pd.DataFrame) -> list[Problem]:
    known = pairs_known(frame[COMMUNE_KEY], frame["sector"], sectors[COMMUNE_KEY], sectors["code"])
    unknown = frame["sector"].notna() & ~known
    hit = frame[unknown.fillna(False).astype(bool)]
    if hit.empty:  # the common case: the allowed lists are only written into problems
        return []
    listed = sectors[sectors[COMMUNE_KEY].isin(hit[COMMUNE_KEY])].dropna(subset=["code"])
    allowed = listed.groupby(COMMUNE_KEY)["code"].agg(", ".join)
    return [
        problem(
            "not_allowed", sheet=sheet, row=int(r), column="sector", value=v, key=int(k), allowed=allowed.get(k, "")
        )
        for k, r, v in zip(hit[COMMUNE_KEY], hit[ROW], hit["sector"], strict=True)
    ]


Marks = dict[str, tuple[pd.Series, pd.Series]]  # money column -> (currency mark of each cell, raw cell)


def check_marks(frame: pd.DataFrame, marks: Marks, sheet: str, communes: pd.DataFrame) -> list[Problem]:
    """A currency mark on an amount (``$ 1,200``) must agree with the row's currency, else its plan currency."""
    if not marks:
        return []
    plan = of_commune(frame, communes, [C.currency])[C.currency].to_numpy()
    currency = frame["currency"].fillna(pd.Series(plan, index=frame.index))
    problems = []
    for column, (mark, raw) in marks.items():
        mark, raw = mark.reindex(frame.index), raw.reindex(frame.index)
        wrong = mark.notna() & currency.notna() & (mark != currency)
        hit = frame[wrong.to_numpy()]
        problems += [
            problem(
                "currency_mismatch", sheet=sheet, row=int(r), column=column, value=v, key=int(k), mark=m, currency=c
            )
            for k, r, v, m, c in zip(hit[COMMUNE_KEY], hit[ROW], raw[wrong], mark[wrong], currency[wrong], strict=True)
        ]
    return problems


def check_not_empty(frames: dict[str, pd.DataFrame], keys: set[int], sheets: list[str]) -> list[Problem]:
    """A commune with no gender issue, intervention or CIP project cannot be analysed: a gap of 0 would mean nothing."""
    problems = []
    for sheet in sheets:
        empty = sorted(keys - set(frames[sheet][COMMUNE_KEY]))
        problems += [problem("no_rows", sheet=sheet, row=2, key=int(k)) for k in empty]
    return problems
