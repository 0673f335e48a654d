"""Labels of codes and headers (SPEC §1.8, §3.5): every code and column has an English and a Khmer label, and
reading maps any of the three spellings back, kindly, to the code or the machine name."""

from __future__ import annotations

import re

import pytest

from grb import labels as lb
from grb.data import default_sectors
from grb.i18n import language
from grb.schemas import models, outputs

CODE_LISTS = {
    "sector": lambda: default_sectors()["code"].tolist(),
    "type": lambda: models.INTERVENTION_TYPES,
    "funding_source": lambda: models.FUNDING_SOURCES,
    "level": lambda: models.LEVELS,
    "kind": lambda: models.STAGE_KINDS,
    "space_type": lambda: models.SPACE_TYPES,
    "currency": lambda: models.CURRENCIES,
    "intervention_status": lambda: outputs.INTERVENTION_STATUSES,
    "issue_status": lambda: outputs.ISSUE_STATUSES,
    # SPEC §4.1 and §4.2 (the tracker's dropdown and the follow-up outcomes)
    "progress": lambda: ["not_started", "on_schedule", "behind_schedule", "agreed", "done", "dropped"],
    "outcome": lambda: ["won", "partly_won", "not_won", "dropped", "new"],
    "language": lambda: ["en", "km"],  # SPEC §1.1 (the commune sheet's language field)
}
EVERY_CODE = [(kind, code) for kind, codes in CODE_LISTS.items() for code in codes()]
LATIN = re.compile(r"[A-Za-z]")


def test_every_code_list_has_labels_and_no_more():
    assert sorted(lb.kinds()) == sorted(CODE_LISTS)
    for kind, codes in CODE_LISTS.items():
        assert sorted(lb.labels(kind)) == sorted(codes()), kind


@pytest.mark.parametrize(("kind", "code"), EVERY_CODE)
def test_code_round_trips_in_both_languages(kind, code):
    english, khmer = lb.label(kind, code, "en"), lb.label(kind, code, "km")
    assert khmer != english and not LATIN.search(khmer), (code, khmer)  # really Khmer
    for typed in (code, english, khmer):
        assert lb.code_for(kind, typed) == code
    with language("km"):
        assert lb.label(kind, code) == khmer


@pytest.mark.parametrize(("kind", "code"), EVERY_CODE)
def test_code_is_read_with_odd_spacing_and_case(kind, code):
    english, khmer = lb.label(kind, code, "en"), lb.label(kind, code, "km")
    odd = [
        f"  {code.upper()}  ",
        code.replace("_", " "),
        code.replace("_", "-").title(),
        f"\u200b{english.swapcase()}\u200b",  # zero-width spaces from a copied document
        english.replace(" ", "_"),
        f" {khmer} ",
        khmer.replace(" ", "\u200b "),
        khmer.replace(" ", "  "),
    ]
    for typed in odd:
        assert lb.code_for(kind, typed) == code, repr(typed)


@pytest.mark.parametrize("typed", ["", "   ", "\u200b", "healthy", "សុខ", None, "programmed!"])
def test_unknown_text_is_no_code(typed):
    assert lb.code_for("sector", typed) is None
    assert lb.code_for("intervention_status", typed) is None


def test_currency_marks_and_words():
    for typed in ("៛", "riel", "RIEL", "រៀល", "khr"):
        assert lb.code_for("currency", typed) == "KHR"
    for typed in ("$", "US$", "usd", "Dollar", "ដុល្លារ", "ដុល្លារអាមេរិក"):
        assert lb.code_for("currency", typed) == "USD"


def test_a_code_the_table_does_not_know_is_shown_as_typed():
    assert lb.label("sector", "fisheries", "km") == "fisheries"  # a workbook's own sector
    with pytest.raises(KeyError):
        lb.label("colour", "red")


def test_same_word_in_two_kinds_keeps_each_meaning():
    # "dropped" is a tracker progress (given up) and a follow-up outcome (no longer in the plan): two labels.
    assert lb.label("progress", "dropped", "en") != lb.label("outcome", "dropped", "en")
    assert lb.label("progress", "dropped", "km") != lb.label("outcome", "dropped", "km")


# --- Headers ---------------------------------------------------------------------------------------------------


def _model_columns() -> list[tuple[str, str]]:
    pairs = [(sheet, col) for sheet, model in models.SHEETS.items() for col in models.columns(model)]
    return [*pairs, ("commune", "field"), ("commune", "value")]


def test_every_input_column_has_a_header_label():
    missing = [(s, c) for s, c in _model_columns() if c not in lb.HEADER_LABELS[s]]
    assert not missing


@pytest.mark.parametrize(("sheet", "column"), [(s, c) for s, cols in lb.HEADER_LABELS.items() for c in cols])
def test_header_round_trips(sheet, column):
    english, khmer = lb.header_label(sheet, column, "en"), lb.header_label(sheet, column, "km")
    if sheet in models.SHEETS:  # an input sheet's English label is also read by SPEC §1's rule
        assert lb.normalize(english) == lb.normalize(column)
    assert khmer != english and not LATIN.search(khmer), khmer
    for typed in (column, english, khmer, f" {english.upper()} ", f"\u200b{khmer}", column.replace("_", "-")):
        assert lb.column_for(sheet, typed) == column, repr(typed)


def test_header_labels_of_a_sheet_are_distinct_in_khmer():
    for sheet, cols in lb.HEADER_LABELS.items():
        khmer = [lb.normalize(lb.header_label(sheet, c, "km")) for c in cols]
        assert len(set(khmer)) == len(khmer), sheet


def test_marker_weights_read_in_khmer_or_latin_digits():
    assert lb.column_for("commune", "ទម្ងន់សូចនាករយេនឌ័រ ២") == "marker_weight_2"  # as --khmer-digits writes it
    assert lb.column_for("commune", "ទម្ងន់សូចនាករយេនឌ័រ 1") == "marker_weight_1"


def test_language_field_is_read_by_name():
    for typed in ("km", "KM", "Khmer", "ខ្មែរ", "ភាសាខ្មែរ"):
        assert lb.code_for("language", typed) == "km"
    for typed in ("en", "English", "អង់គ្លេស"):
        assert lb.code_for("language", typed) == "en"


def test_a_column_without_labels_reads_as_no_code():
    # The reader may ask for every column and sheet; only those with labels answer.
    assert lb.code_for("commune_name", "health") is None
    assert lb.column_for("my_notes", "issue") is None


def test_unknown_header():
    assert lb.column_for("gender_issues", "colour") is None
    assert lb.header_label("gender_issues", "colour", "km") == "colour"  # a user's extra column as typed


@pytest.mark.parametrize("sheet", list(lb.SHEET_LABELS))
def test_sheet_names(sheet):
    for lang in ("en", "km"):
        name = lb.sheet_label(sheet, lang)
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\"), name  # Excel's limits on sheet names
        assert lb.sheet_for(name) == sheet
    assert lb.sheet_for(f" {sheet.upper()} ") == sheet
