"""SPEC §3.5 and issue 11: the same commune written in English and in Khmer. The Khmer report holds no English
word outside the user's own text, ids, numbers and dates, and its figures are the English report's figures."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

import grb

SAMPLE = Path(__file__).parents[1] / "sample_budgets" / "workshop_commune.xlsx"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Latin words a Khmer reader meets in any Khmer document: currency codes, the sheet names SPEC §3.2 fixes (grb
# reads them back), units and the month/metric abbreviations Excel itself writes.
ALLOWED = {"KHR", "USD", "CIP", "NCDD", "DIW", "ID", "M"}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("km")
    result = grb.analyze(grb.load(SAMPLE))
    grb.write_report(result, folder / "en.xlsx", lang="en")
    grb.write_report(result, folder / "km.xlsx", lang="km")
    return openpyxl.load_workbook(folder / "en.xlsx"), openpyxl.load_workbook(folder / "km.xlsx")


def user_texts() -> list[str]:
    """Every text cell of the input workbook, longest first (a sentence quotes an intervention's name)."""
    book = openpyxl.load_workbook(SAMPLE)
    cells = (c.value for ws in book.worksheets for row in ws.iter_rows() for c in row)
    texts = {value.strip() for value in cells if isinstance(value, str)}
    return sorted((t for t in texts if t), key=len, reverse=True)


def test_the_figures_are_the_same_in_both_languages(reports):
    english, khmer = reports
    assert english.sheetnames == khmer.sheetnames
    for name in english.sheetnames:
        numbers_en = [c.value for row in english[name].iter_rows() for c in row if isinstance(c.value, int | float)]
        numbers_km = [c.value for row in khmer[name].iter_rows() for c in row if isinstance(c.value, int | float)]
        assert numbers_km == numbers_en, name


def test_no_english_word_outside_user_text_ids_and_numbers(reports):
    _, khmer = reports
    texts = user_texts()
    found = []
    for ws in khmer.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                cut = re.fullmatch(r"(?:\d+\. )?(.+?) …", cell.value)  # a chart label: an issue's name, shortened
                if cut and any(text.startswith(cut.group(1)) for text in texts):
                    continue
                rest = cell.value
                for text in texts:  # the user's own words stay as typed (SPEC §3.5: never translated)
                    if text in rest:
                        rest = rest.replace(text, " ")
                words = [w for w in LATIN_WORD.findall(rest) if w not in ALLOWED and not re.fullmatch(r"[A-Z]+\d*", w)]
                if words:
                    found.append(f"{ws.title}!{cell.coordinate}: {words[:4]} in {cell.value[:60]!r}")
    assert found == [], "\n".join(found)
