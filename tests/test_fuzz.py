"""Fuzzing: valid and mutated workbooks give a result or an InputError, never another exception.

The number of examples comes from the hypothesis profile (tests/conftest.py); for a longer run use
HYPOTHESIS_PROFILE=fuzz (see the README).
"""

from __future__ import annotations

import copy

from builders import data_from_book, write_book
from handworked import HANDWORKED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import grb

EXAMPLES = settings.default.max_examples  # of the profile loaded in conftest.py
FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck))

ODD_VALUES = st.one_of(
    st.none(),
    st.just(""),
    st.booleans(),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=-1e308, max_value=1e308),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    st.sampled_from(
        [
            "ស្ត្រី",
            "១២៣",
            '=HYPERLINK("x")',
            "#N/A",
            "1,200,000",
            "2026-13-45",
            "\t\n",
            "P1;;P1",
            "KHR",
            "usd",
            "1e400",
            "-0",
            "G1",
            "I1",
            "P1",
            "health",
            "planning",
        ]
    ),
)


@st.composite
def mutated(draw):
    book = copy.deepcopy(HANDWORKED)
    for _ in range(draw(st.integers(0, 6))):
        sheet = draw(st.sampled_from(sorted(book)))
        rows = book[sheet]
        action = draw(st.sampled_from(["set", "blank", "duplicate_row", "drop_column", "rename_header", "drop_row"]))
        if not rows:
            continue
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, max(len(rows[0]) - 1, 0)))
        if action == "set" and rows[r]:
            rows[r][min(c, len(rows[r]) - 1)] = draw(ODD_VALUES)
        elif action == "blank" and rows[r]:
            rows[r][min(c, len(rows[r]) - 1)] = None
        elif action == "duplicate_row" and len(rows) > 1:
            rows.append(list(rows[max(r, 1)]))
        elif action == "drop_column" and rows[0]:
            book[sheet] = [row[:c] + row[c + 1 :] for row in rows]
        elif action == "rename_header" and rows[0]:
            rows[0][min(c, len(rows[0]) - 1)] = draw(ODD_VALUES)
        elif action == "drop_row" and len(rows) > 1:
            del rows[r]
    return book


@FUZZ
@given(book=mutated())
def test_mutated_books_give_a_result_or_input_error(book):
    try:
        data = data_from_book(book)
    except grb.InputError as err:
        assert len(err.problems) > 0
        assert set(err.problems.columns) >= {"sheet", "row", "column", "value", "problem", "code"}
        return
    grb.analyze(data, as_of="2026-09-15")


@settings(max_examples=max(EXAMPLES // 4, 5), deadline=None, suppress_health_check=list(HealthCheck))
@given(book=mutated())
def test_mutated_workbooks_through_the_reader_and_report(book, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    try:
        path = write_book(folder / "in.xlsx", book)
    except Exception:
        return
    try:
        result = grb.analyze(grb.load(path), as_of="2026-09-15")
    except grb.InputError:
        return
    grb.write_report(result, folder / "report.xlsx")
    grb.write_csv(result, folder / "csv")
