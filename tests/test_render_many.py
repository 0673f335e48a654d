"""``render_messages`` renders a whole table one code at a time on columns (a national batch re-renders some
40,000 warnings in the report's language): each message must be what rendering its row alone gives, for every
registered code, in English and in Khmer."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pytest

from grb import problems as P
from grb.problem_codes import REGISTRY

VALUES = ["=HYPERLINK(\"x\")", 3, 2.5, 7.0, "ខ្មែរ", "a" * 80, None, float("nan")]


def _fields(code: str, k: int) -> dict[str, object]:
    """The fields ``code``'s template needs, with values of every kind (money when it has an amount)."""
    names = sorted(P.template_fields(REGISTRY[code].template) - {"sheet", "row", "column", "value"})
    fields = {name: VALUES[(k + i) % len(VALUES)] for i, name in enumerate(names)}
    if "amount" in fields:
        fields |= {"amount": [1_234_567.5, 0.005, -2.5][k % 3], "currency": ["KHR", "USD"][k % 2]}
    return fields


def _table() -> pd.DataFrame:
    rows = []
    for k, code in enumerate(sorted(REGISTRY)):
        for repeat in range(2):  # two rows of each code, with other values
            value = VALUES[(k + repeat) % len(VALUES)]
            fields = _fields(code, k + repeat)
            rows.append({"key": k, "sheet": "investment_plan", "row": [None, k + 2][repeat], "column": "budget",
                         "value": value, "problem": "old text", "code": code, "fields": fields})  # fmt: skip
    rows.append({"sheet": "commune", "row": None, "column": "", "value": "", "problem": "legacy free text",
                 "code": "not_a_workbook", "fields": None})  # fmt: skip
    return pd.DataFrame(rows).astype({"row": "Int64"})


@pytest.mark.parametrize("lang", ["en", "km"])
def test_each_message_is_the_one_its_row_alone_gives(lang):
    table = _table()
    alone = [P._message(r, lang) if isinstance(r.get(P.FIELDS), Mapping) else r["problem"]
             for r in table.to_dict("records")]  # fmt: skip
    assert P.render_messages(table, lang)["problem"].tolist() == alone
    assert alone[-1] == "legacy free text"
    assert len(set(alone)) > len(REGISTRY)  # the rows did say different things
