"""Round 4 of issue 14: each shortcut gives what the path it replaced gave.

The shortcuts skip work at start-up and exit of a one-commune run; these tests keep them beside the plain way.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pandas as pd
import pytest
from babel.numbers import format_decimal

from grb.i18n import LANGUAGES, format_number, format_share, language
from grb.i18n.formatting import NUMBER_SYMBOLS, _grouped, babel_number_symbols, round_half_away


@pytest.mark.parametrize("lang", LANGUAGES)
def test_number_symbols_are_babels(lang: str) -> None:
    assert NUMBER_SYMBOLS[lang] == babel_number_symbols(lang)


def _numbers() -> list[Decimal]:
    rng = random.Random(4)
    wide = [Decimal(repr(rng.uniform(-1e13, 1e13))) for _ in range(200)]
    small = [Decimal(rng.randint(-(10**5), 10**5)) / 100 for _ in range(200)]
    edges = [Decimal(0), Decimal("-0"), Decimal("999.995"), Decimal("1000"), Decimal("-1000000"), Decimal("1E+3")]
    return [*wide, *small, *edges]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_grouping_writes_what_babel_wrote(lang: str, decimals: int) -> None:
    """The former path: Babel's ``format_decimal`` with the pattern ``#,##0.00`` of ``decimals`` places."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    for number in _numbers():
        rounded = round_half_away(number, decimals)
        expected = format_decimal(rounded, format=pattern, locale=lang, decimal_quantization=True)
        assert _grouped(rounded, decimals, lang) == expected, number


def test_numbers_for_people_keep_their_marks() -> None:
    """Worked by hand: 1234567.5 rounds half away to 1234568, grouped by thousands; 0.125 is 12.5% -> 13%."""
    with language("en"):
        assert format_number(1234567.5) == "1,234,568"
        assert format_number(-1234.25, decimals=1) == "-1,234.3"  # half away from zero: -1234.25 -> -1234.3
        assert format_share(0.125) == "13%"
    with language("km", khmer_digits=True):
        assert format_number(1234567.5) == "១,២៣៤,៥៦៨"


def test_output_beside_an_input_of_the_same_prefix_is_not_inside_it(tmp_path):
    """Paths are compared as text now: ``in`` is a prefix of ``input.xlsx`` and ``inputs`` yet neither holds it."""
    from grb.io.write import OutputError, check_outputs

    source = tmp_path / "in"
    source.mkdir()
    check_outputs([tmp_path / "input.xlsx"], [source], folders=[tmp_path / "inputs"])  # no error: siblings
    with pytest.raises(OutputError):
        check_outputs([source / "report.xlsx"], [source])  # inside a CSV-folder input
    with pytest.raises(OutputError):
        check_outputs(folders=[tmp_path], inputs=[source])  # a folder output holding the input
    link = tmp_path / "link"
    link.symlink_to(source)
    with pytest.raises(OutputError):
        check_outputs([link / "report.xlsx"], [source])  # through a link: the same place


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_inputs_shared_with_workers_come_back_as_read_here(tmp_path, monkeypatch, method):
    """Workers read from the front, this process from the back: every input once, in order, as one process reads.

    Two of the inputs cannot be read (an empty file, a missing one): their problems come back in their place.
    """
    import shutil

    from builders import write_book
    from handworked import HANDWORKED

    from grb.batch_read import read_inputs
    from grb.io.read import DEFAULT_LIMITS
    from grb.workers import START_METHOD_ENV

    monkeypatch.setenv(START_METHOD_ENV, method)
    first = write_book(tmp_path / "c00.xlsx", HANDWORKED)
    paths = [first] + [shutil.copy(first, tmp_path / f"c{i:02}.xlsx") for i in range(1, 24)]
    (tmp_path / "c05.xlsx").write_bytes(b"")
    paths.append(tmp_path / "missing.xlsx")
    tasks = [(path, DEFAULT_LIMITS) for path in paths]
    alone = read_inputs(tasks, jobs=1, show=False)
    shared = read_inputs(tasks, jobs=3, show=False)  # 2 workers and this process; chunks of 2 inputs
    assert len(shared) == len(alone) == 25
    for (book, problems), (book_alone, problems_alone) in zip(shared, alone, strict=True):
        assert list(book) == list(book_alone)
        for name in book:
            pd.testing.assert_frame_equal(book[name].frame, book_alone[name].frame)
        if problems_alone is None:
            assert problems is None
        else:
            pd.testing.assert_frame_equal(problems, problems_alone)
    assert [problems is None for _, problems in shared] == [i not in (5, 24) for i in range(25)]
