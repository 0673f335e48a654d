"""Money assertions to SPEC §2.4's tolerance: half the currency's smallest unit, never a relative tolerance.

``pytest.approx``'s default (a millionth of the value) accepts 9,900,009 riel for 9,900,000: useless for money.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

HALF_UNIT = {"KHR": 0.5, "USD": 0.005}  # SPEC §2.4, written here independently of grb's parameters


def assert_money(actual: object, expected: object, currency: str) -> None:
    """``actual`` equals ``expected`` within half a riel / half a cent; numbers, mappings or Series alike.

    Strictly less than half a unit: two amounts that round to different riel or cents are different money.
    """
    if isinstance(actual, pd.Series):
        actual = actual.to_dict()
    if isinstance(actual, Mapping):
        assert isinstance(expected, Mapping), f"expected a mapping, got {expected!r}"
        assert set(actual) == set(expected), f"keys differ: {sorted(actual)} != {sorted(expected)}"
        for key in expected:
            _one(actual[key], expected[key], currency, key)
        return
    _one(actual, expected, currency, None)


def _one(actual: object, expected: object, currency: str, key: object) -> None:
    where = "" if key is None else f" for {key!r}"
    assert actual is not None and not pd.isna(actual), f"no amount{where}: {actual!r}, expected {expected!r}"
    difference = abs(float(actual) - float(expected))  # type: ignore[arg-type]
    assert difference < HALF_UNIT[currency], f"{actual!r} != {expected!r} {currency}{where}"
