"""The fast paths of validation and analysis give exactly what the plain ones gave (issue 14).

Each fast path replaced a slower, obviously right computation; these tests keep the two side by side.
"""

from __future__ import annotations

import gc
import random
import sys

import numpy as np
import pandas as pd
import pytest

from grb.i18n import format_money, language
from grb.i18n.formatting import format_money_many
from grb.keys import COMMUNE_KEY, ROW
from grb.problems import render, warnings_frame
from grb.schemas import rules
from grb.schemas.codes import normalise
from grb.schemas.failures import _strategies_without_hypothesis
from grb.schemas.memory import collector_paused
from grb.schemas.parse import per_text

AMOUNTS = [2.675, 0.005, -0.4, -2.5, 0.0, -0.0, 1e15, 2.4999999999999996, np.float64(3.5), 7, None, float("nan"), pd.NA,
           1234.0, -1_234_567.0, np.float64(1e6), 2.0**53, -(2.0**60)]  # whole amounts: the fast path


def _amounts() -> list[object]:
    rng = random.Random(14)
    wide = [rng.uniform(-1e12, 1e12) for _ in range(300)]
    halves = [rng.randint(-(10**6), 10**6) / 2 for _ in range(300)]
    cents = [rng.randint(-(10**6), 10**6) / 200 for _ in range(300)]
    return [*wide, *halves, *cents, *AMOUNTS]


@pytest.mark.parametrize("lang", ["en", "km"])
@pytest.mark.parametrize("khmer_digits", [False, True])
@pytest.mark.parametrize("currency", ["KHR", "USD"])
def test_format_money_many_writes_what_format_money_writes(lang: str, khmer_digits: bool, currency: str) -> None:
    amounts = _amounts()
    with language(lang, khmer_digits=khmer_digits):
        assert format_money_many(amounts, [currency] * len(amounts)) == [format_money(a, currency) for a in amounts]


def _reference_messages(frame: pd.DataFrame, code: str, lang: str) -> list[str]:
    return [render(code, fields, lang) for fields in frame["fields"]]


@pytest.mark.parametrize("lang", ["en", "km"])
def test_warnings_frame_messages_are_render_of_each_row(lang: str) -> None:
    base = pd.DataFrame({COMMUNE_KEY: [0, 0, 3, 5], ROW: [2, 7, 4, 9]}, index=[10, 11, 12, 13])
    surplus = warnings_frame(
        base,
        "surplus",
        "interventions",
        lang,
        intervention_id=pd.Series(["I1", "I2", None, "=x"], index=base.index, dtype=object),
        amount=pd.Series([1234.5, 7.0, 0.25, 1e9], index=base.index),
        currency=pd.Series(["KHR", "USD", "USD", "KHR"], index=base.index, dtype=object),
    )
    assert surplus["message"].tolist() == _reference_messages(surplus, "surplus", lang)
    assert surplus["fields"].iloc[1] == {"intervention_id": "I2", "amount": 7, "currency": "USD"}
    assert surplus["fields"].iloc[2]["intervention_id"] == ""
    similar = warnings_frame(
        base,
        "suggested_link",
        "interventions",
        lang,
        intervention_id=pd.Series(["I1", "I2", "I3", "I4"], index=base.index, dtype=object),
        project_id=pd.Series(["P1", "P2", "P3", "P4"], index=base.index, dtype=object),
        project=pd.Series(["Road {x}", "Well", "Ĳ", ""], index=base.index, dtype=object),
        similarity=pd.Series([90.0, 85.5, 100.0, 80.0], index=base.index),
    )
    assert similar["message"].tolist() == _reference_messages(similar, "suggested_link", lang)
    assert similar["message"].dtype == surplus["message"].dtype


def test_warnings_frame_without_rows_or_fields() -> None:
    empty = pd.DataFrame({COMMUNE_KEY: pd.Series([], dtype="int64"), ROW: pd.Series([], dtype="int64")})
    assert warnings_frame(empty, "suggested_link", "interventions").empty
    one = pd.DataFrame({COMMUNE_KEY: [1], ROW: [3]})
    frame = warnings_frame(one, "suggested_link", "interventions")
    assert frame["message"].tolist() == [render("suggested_link", {})]


def _links_by_explode(interventions: pd.DataFrame) -> pd.DataFrame:
    split = interventions[[COMMUNE_KEY, ROW, "intervention_id", "cip_projects"]].dropna(subset=["cip_projects"])
    split = split.assign(project_id=split["cip_projects"].str.split(";")).explode("project_id")
    return split.drop(columns="cip_projects").drop_duplicates([COMMUNE_KEY, "intervention_id", "project_id"])


@pytest.mark.parametrize(
    "lists",
    [["P1;P2", None, "P1;P1", "P3", "P1;P2"], [None, None], []],
)
def test_links_of_is_the_exploded_lists(lists: list[str | None]) -> None:
    n = len(lists)
    interventions = pd.DataFrame(
        {
            COMMUNE_KEY: pd.Series([k // 2 for k in range(n)], dtype="int64"),
            ROW: pd.Series(range(2, n + 2), dtype="int64") if n else pd.Series([], dtype=object),
            "intervention_id": pd.Series([f"I{k % 2}" for k in range(n)], dtype=object),
            "cip_projects": pd.Series(lists, dtype=object),
        },
        index=pd.RangeIndex(5, 5 + n),
    )
    pd.testing.assert_frame_equal(rules.links_of(interventions), _links_by_explode(interventions))


def test_per_text_reads_each_cell() -> None:
    text = pd.Series(["a", None, "b", "a", None], index=[3, 1, 4, 1, 5], dtype=object)
    assert per_text(text, str.upper).tolist() == ["A", None, "B", "A", None]
    assert per_text(text, str.upper).index.equals(text.index)


def test_collector_paused_restores_the_callers_setting() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_hiding_hypothesis_leaves_imports_as_they_were() -> None:
    before = sys.modules.get("hypothesis")
    with _strategies_without_hypothesis():
        pass
    assert sys.modules.get("hypothesis") is before


def _known_by_merge(frame: pd.DataFrame, known: pd.DataFrame) -> np.ndarray:
    merged = frame.merge(known.drop_duplicates().assign(_known=True), how="left", on=[COMMUNE_KEY, "value"])
    return merged["_known"].notna().to_numpy()


def test_pairs_known_answers_as_a_merge_does() -> None:
    rng = random.Random(7)
    words = ["G1", "G2", "g1", "G1\u200b", "", "ការ", None]
    frame = pd.DataFrame(
        {COMMUNE_KEY: [rng.randint(0, 4) for _ in range(300)], "value": [rng.choice(words) for _ in range(300)]}
    ).astype({"value": object})
    known = pd.DataFrame(
        {COMMUNE_KEY: [rng.randint(0, 4) for _ in range(40)], "value": [rng.choice(words) for _ in range(40)]}
    ).astype({"value": object})
    given = frame["value"].notna().to_numpy()  # callers leave missing values out
    by_merge = _known_by_merge(frame, known)
    fast = rules.pairs_known(frame[COMMUNE_KEY], frame["value"], known[COMMUNE_KEY], known["value"])
    assert (fast[given] == by_merge[given]).all()
    empty = known.iloc[:0]
    assert not rules.pairs_known(frame[COMMUNE_KEY], frame["value"], empty[COMMUNE_KEY], empty["value"]).any()


def _sector_codes_by_merge(frame: pd.DataFrame, sectors: pd.DataFrame) -> pd.DataFrame:
    labels = sectors[[COMMUNE_KEY, "code", "label"]].dropna()
    labels = labels.assign(sector=labels["label"].map(normalise)).drop(columns="label")
    labels = labels.drop_duplicates([COMMUNE_KEY, "sector"])
    keyed = frame[[COMMUNE_KEY, "sector"]]
    found = keyed.merge(labels, how="left", on=[COMMUNE_KEY, "sector"])["code"].to_numpy()
    known = sectors[[COMMUNE_KEY, "code"]].drop_duplicates().rename(columns={"code": "sector"})
    is_code = keyed.merge(known, how="left", on=[COMMUNE_KEY, "sector"], indicator=True)["_merge"].eq("both")
    by_label = pd.Series(found, index=frame.index).notna() & ~is_code.to_numpy()
    return frame.assign(sector=frame["sector"].mask(by_label, pd.Series(found, index=frame.index)))


def test_sector_labels_read_as_codes_as_by_merge() -> None:
    sectors = pd.DataFrame(
        {
            COMMUNE_KEY: [0, 0, 1, 1],
            "code": ["health", "water", "health", None],
            "label": ["Health care", "Water", None, "X"],
        }
    ).astype({"code": object, "label": object})
    frame = pd.DataFrame(
        {COMMUNE_KEY: [0, 0, 1, 1, 0, 1], "sector": ["health_care", "water", "health_care", "health", None, "x"]},
        index=[4, 5, 6, 7, 8, 9],
    ).astype({"sector": object})
    for given in (sectors, sectors.iloc[:0], sectors.iloc[2:]):
        pd.testing.assert_frame_equal(rules.sector_codes(frame, given), _sector_codes_by_merge(frame, given))


def test_any_per_gap_is_the_groupby_answer() -> None:
    from grb.engine.entry_points import _any_per_gap

    rng = random.Random(3)
    cands = pd.DataFrame(
        {
            COMMUNE_KEY: [rng.randint(0, 3) for _ in range(200)],
            "intervention_id": [rng.choice(["I1", "I2", "I3"]) for _ in range(200)],
        },
        index=range(100, 300),
    ).astype({"intervention_id": object})
    flag = pd.Series([rng.random() < 0.2 for _ in range(200)], index=cands.index)
    by_groupby = flag.groupby([cands[COMMUNE_KEY], cands["intervention_id"]]).transform("any").astype(bool)
    pd.testing.assert_series_equal(_any_per_gap(cands, flag), by_groupby, check_names=False)
    assert _any_per_gap(cands.iloc[:0], flag.iloc[:0]).empty
