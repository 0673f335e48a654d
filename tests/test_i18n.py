"""The translation mechanism (SPEC §3.5): catalogs complete and fresh, Khmer formatting, the language context."""

from __future__ import annotations

import contextvars
import datetime as dt
import fnmatch
import shutil
import string
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import grb.i18n as i18n
from grb.i18n import (
    _,
    current,
    excel_date_format,
    excel_money_format,
    format_date,
    format_money,
    format_number,
    format_share,
    gettext,
    khmer_digits,
    language,
    month_name,
    resolve_language,
    round_money,
    to_khmer_digits,
    to_latin_digits,
)

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "grb" / "locale"
POT = LOCALE / "grb.pot"
PO = LOCALE / "km" / "LC_MESSAGES" / "grb.po"
MO = LOCALE / "km" / "LC_MESSAGES" / "grb.mo"


def _read(path: Path):
    with path.open("rb") as fh:
        return read_po(fh)


def _ids(catalog) -> set[str]:
    return {m.id for m in catalog if m.id}


# --- The catalog -----------------------------------------------------------------------------------------------


def test_every_message_has_a_khmer_translation():
    po = {m.id: m.string for m in _read(PO) if m.id}
    missing = sorted(msgid for msgid in _ids(_read(POT)) if not po.get(msgid))
    assert not missing, f"untranslated in {PO.relative_to(ROOT)} (run `make translations`, then translate): {missing}"


def test_khmer_catalog_holds_exactly_the_template_messages():
    pot, po = _ids(_read(POT)), _ids(_read(PO))
    assert po == pot, f"run `make translations`: not in .po {sorted(pot - po)}, stale in .po {sorted(po - pot)}"


def test_no_fuzzy_translation():
    fuzzy = sorted(m.id for m in _read(PO) if m.id and m.fuzzy)
    assert not fuzzy, f"fuzzy (a guess by `pybabel update`: check it, then remove the fuzzy flag): {fuzzy}"


def test_template_is_up_to_date_with_the_source(tmp_path):
    fresh = tmp_path / "grb.pot"
    subprocess.run([sys.executable, "-m", "grb.i18n.extract", str(fresh)], cwd=ROOT, check=True, capture_output=True)
    new, committed = _ids(_read(fresh)), _ids(_read(POT))
    assert new == committed, (
        f"grb/locale/grb.pot is stale (run `make translations`): new {sorted(new - committed)}, "
        f"removed {sorted(committed - new)}"
    )


def _placeholders(text: str) -> list[str]:
    return sorted(field for _, field, _, _ in string.Formatter().parse(text) if field is not None)


def test_translations_keep_the_placeholders_of_their_source():
    wrong = {m.id: m.string for m in _read(PO) if m.id and m.string and _placeholders(m.id) != _placeholders(m.string)}
    assert not wrong, f"placeholders differ from the English: {wrong}"


def test_placeholder_check_catches_a_lost_field():
    assert _placeholders("{n} gaps in {sector}") == ["n", "sector"]
    assert _placeholders("គម្លាត {n}") != _placeholders("{n} gaps in {sector}")


def test_compiled_catalog_matches_the_po():
    """The .mo is committed: a fresh clone must not run with a stale one (`make catalog` compiles it)."""
    expected = {m.id: m.string for m in _read(PO) if m.id and m.string and not m.fuzzy}
    with MO.open("rb") as fh:
        compiled = {m.id: m.string for m in read_mo(fh) if m.id}
    stale = sorted(k for k in expected.keys() | compiled.keys() if expected.get(k) != compiled.get(k))
    assert not stale, f"grb.mo differs from grb.po (run `make catalog`): {stale}"


def test_catalogs_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["grb"]
    for path in (POT, PO, MO):
        relative = path.relative_to(ROOT / "grb").as_posix()
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative


def test_a_translator_correction_shows_without_touching_python(tmp_path, monkeypatch):
    """Edit the .po, compile (what Poedit does on save, or `make catalog`), and the next text uses it."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    po_path = copy / "km" / "LC_MESSAGES" / "grb.po"
    catalog = _read(po_path)
    catalog["Health"].string = "សុខភាព (កែ)"
    with po_path.open("wb") as fh:
        write_po(fh, catalog)
    with (copy / "km" / "LC_MESSAGES" / "grb.mo").open("wb") as fh:
        write_mo(fh, catalog)
    monkeypatch.setattr(i18n.catalog, "locale_dir", lambda: copy)
    i18n.translations.cache_clear()
    try:
        assert gettext("Health", "km") == "សុខភាព (កែ)"
    finally:
        i18n.translations.cache_clear()
    monkeypatch.undo()
    assert gettext("Health", "km") == "សុខភាព"


# --- Translating -----------------------------------------------------------------------------------------------


def test_gettext_translates_and_falls_back_to_the_source():
    assert gettext("Health", "km") == "សុខភាព"
    assert gettext("Health", "en") == "Health"
    assert gettext("A text nobody marked", "km") == "A text nobody marked"
    assert gettext("", "km") == ""  # not the catalog header


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="fr"):
        gettext("Health", "fr")
    with pytest.raises(ValueError), language("fr"):
        pass


@pytest.mark.parametrize(
    ("cli", "workbook", "expected"),
    [
        (None, None, "en"),  # neither: English
        (None, "km", "km"),  # the workbook's language field
        ("en", "km", "en"),  # --lang wins over the workbook
        ("km", None, "km"),
        ("", " KM ", "km"),  # an empty --lang is no choice; the field is read kindly
        (None, "ខ្មែរ", "km"),
        (None, "", "en"),  # an empty field is no choice
        ("English", None, "en"),
    ],
)
def test_resolve_language(cli, workbook, expected):
    assert resolve_language(cli, workbook) == expected


def test_resolve_language_refuses_an_unknown_one():
    with pytest.raises(ValueError, match="'fr'"):
        resolve_language(None, "fr")


def test_language_blocks_nest_and_restore():
    assert (current(), khmer_digits()) == ("en", False)
    with language("km") as lang:
        assert lang == "km"
        assert _("Health") == "សុខភាព"
        with language("en"):
            assert _("Health") == "Health"
        with language(None, khmer_digits=True):  # None keeps Khmer, adds the digits
            assert (current(), khmer_digits()) == ("km", True)
        assert (current(), khmer_digits()) == ("km", False)
    assert (current(), khmer_digits()) == ("en", False)


def test_language_is_restored_after_an_error():
    with pytest.raises(RuntimeError), language("km"):
        raise RuntimeError
    assert current() == "en"


def test_threads_keep_their_own_language():
    """A batch worker writing one commune in Khmer never changes another's English (nor the caller's)."""
    barrier = threading.Barrier(2)
    seen: dict[str, list[str]] = {}

    def work(lang: str) -> None:
        with language(lang):
            barrier.wait()  # both threads are inside their block at once
            seen[lang] = [current(), _("Health")]
            barrier.wait()

    with language("km"):
        threads = [threading.Thread(target=work, args=(lang,)) for lang in ("en", "km")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert current() == "km"
    assert seen == {"en": ["en", "Health"], "km": ["km", "សុខភាព"]}
    started: list[str] = []
    with language("km"):
        t = threading.Thread(target=lambda: started.append(current()))
        t.start()
        t.join()
    assert started == ["en"]  # a new thread starts in the default language, not its parent's


def test_contexts_are_isolated():
    def inside() -> str:
        with language("km"):
            return current()

    assert contextvars.copy_context().run(inside) == "km"
    assert current() == "en"


# --- Formatting (worked by hand) -------------------------------------------------------------------------------


def test_money_in_khmer():
    # 1,234,567.5 riel rounds half away from zero to 1,234,568; the riel sign follows the number (CLDR km).
    assert format_money(1234567.5, "KHR", "km") == "1,234,568 ៛"
    assert format_money(-2.5, "KHR", "km") == "-3 ៛"  # half away from zero, also below zero
    assert format_money(2.4999, "KHR", "km") == "2 ៛"
    assert format_money(-0.4, "KHR", "km") == "0 ៛"  # rounds to zero: no "-0"
    assert format_money(1234.5, "USD", "km") == "1,234.50 $"
    assert format_money(2.675, "USD", "km") == "2.68 $"  # as typed, not as its binary approximation (2.67499...)


def test_money_in_english_is_unchanged():
    assert format_money(1234567.5, "KHR", "en") == "1,234,568 KHR"
    assert format_money(1234.5, "USD", "en") == "1,234.50 USD"
    assert format_money(0.005, "USD", "en") == "0.01 USD"  # half a cent rounds up
    assert format_money(None, "KHR") == ""
    assert format_money(float("nan"), "KHR") == ""


def test_money_follows_the_current_language():
    with language("km"):
        assert format_money(1000, "KHR") == "1,000 ៛"
    assert format_money(1000, "KHR") == "1,000 KHR"


def test_round_money_is_the_one_rule():
    assert str(round_money(2.5, "KHR")) == "3"
    assert str(round_money(-2.5, "KHR")) == "-3"
    assert str(round_money(0.125, "USD")) == "0.13"


def test_khmer_digits():
    assert to_khmer_digits("1,234,568 ៛") == "១,២៣៤,៥៦៨ ៛"
    assert to_latin_digits("១,២៣៤,៥៦៨") == "1,234,568"
    with language("km", khmer_digits=True):
        assert format_money(1234567.5, "KHR") == "១,២៣៤,៥៦៨ ៛"
        assert format_date(dt.date(2026, 12, 7)) == "៧ ធ្នូ ២០២៦"
        assert format_share(0.5) == "៥០%"
        assert format_number(1234) == "១,២៣៤"


def test_dates():
    assert format_date(dt.date(2026, 12, 7), "km") == "7 ធ្នូ 2026"
    assert format_date(dt.date(2026, 12, 7), "en") == "7 Dec 2026"
    assert format_date(dt.datetime(2026, 1, 31, 13, 5), "km") == "31 មករា 2026"
    assert format_date(None) == ""


def test_month_names():
    assert month_name(12, lang="km") == "ធ្នូ"
    assert month_name(1, short=True, lang="km") == "មករា"  # CLDR km has no shorter form
    assert month_name(9, lang="en") == "September"
    assert month_name(9, short=True, lang="en") == "Sep"
    with pytest.raises(ValueError):
        month_name(13)


def test_shares_and_counts():
    assert format_share(0.125, lang="km") == "13%"  # 12.5 % rounds half away from zero to 13 %
    assert format_share(0.125, 1, "en") == "12.5%"
    assert format_share(0.0049, 1, "en") == "0.5%"  # 0.49 % -> 0.5 %
    assert format_share(None) == ""
    assert format_number(1234567, lang="km") == "1,234,567"
    assert format_number(2.5) == "3"


def test_excel_formats_agree_with_sentences():
    assert excel_money_format("KHR", "km") == '#,##0 "៛"'
    assert excel_money_format("USD", "km") == '#,##0.00 "$"'
    assert excel_money_format("KHR", "en") == '#,##0 "KHR"'
    assert excel_money_format("USD", "en") == '#,##0.00 "USD"'


def test_excel_date_format():
    assert excel_date_format("en") == "d mmm yyyy"  # 7 Dec 2026
    assert excel_date_format("km") == "[$-453]d mmmm yyyy"  # 7 ធ្នូ 2026: Khmer (Cambodia) month names


def test_values_as_pandas_and_numpy_hold_them():
    import numpy as np
    import pandas as pd

    assert format_money(np.float64(1234567.5), "KHR", "km") == "1,234,568 ៛"
    assert format_number(np.int64(7), lang="en") == "7"
    assert format_money(pd.NA, "KHR") == ""
    assert format_share(np.nan) == ""
    assert format_date(pd.NaT) == ""
    assert format_date(pd.Timestamp("2026-12-07"), "km") == "7 ធ្នូ 2026"


def test_no_marked_text_is_an_f_string():
    """``_(f"...")`` cannot be extracted (its text is only known at run time): it would stay English."""
    import re

    marked_f_string = re.compile(r"""\bN?_\(\s*[rRbB]?[fF][rR]?["']""")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "grb").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if marked_f_string.search(line)
    ]
    assert not found, f'use _("... {{name}} ...").format(name=...) instead of an f-string: {found}'


def _allowed_latin() -> set[str]:
    """Latin words a Khmer text may hold: machine names people type (sheets, columns, codes), currency codes,
    command options and product names."""
    from grb import labels

    words = {"grb", "Excel", "CSV", "KHR", "USD", "OECD", "DAC", "NCDD", "CIP", "PDF"}
    words |= set(labels.HEADER_LABELS) | {c for cols in labels.HEADER_LABELS.values() for c in cols}
    return words | {code for kind in labels.kinds() for code in labels.labels(kind)}


def test_khmer_texts_hold_no_english_words():
    """The Khmer report must not show English (issue 11); a Latin word in a translation is a machine name or a
    name people type, nothing else."""
    import re

    allowed = _allowed_latin()
    english = {}
    for m in _read(PO):
        if not m.id or not m.string:
            continue
        text = re.sub(r"\{[^{}]*\}", "", m.string)  # placeholders are filled later
        words = [w for w in re.findall(r"-{0,2}[A-Za-z][A-Za-z_.]*", text) if w.strip("-.") not in allowed]
        words = [w for w in words if not w.startswith("--")]  # command-line options
        if words:
            english[m.id] = words
    assert not english, f"English words left in Khmer translations: {english}"


def test_khmer_digits_in_messages_and_labels():
    from grb.labels import header_label

    with language("km", khmer_digits=True):
        assert header_label("commune", "marker_weight_2") == "ទម្ងន់សូចនាករយេនឌ័រ ២"
        assert _("Marker weight 1") == "ទម្ងន់សូចនាករយេនឌ័រ ១"
        assert gettext("Marker weight 1", "km") == "ទម្ងន់សូចនាករយេនឌ័រ 1"  # explicit: the catalog's own text
    assert header_label("commune", "marker_weight_2", "km") == "ទម្ងន់សូចនាករយេនឌ័រ 2"


def test_every_problem_template_is_in_the_catalog():
    """Problem and warning messages (the registry of codes) are translated like every other text: each template
    must be a literal the extraction finds (``"..." + CONSTANT`` would stay English)."""
    codes = pytest.importorskip("grb.problem_codes")
    pot = _ids(_read(POT))
    missing = sorted(code for code, entry in codes.REGISTRY.items() if entry.template not in pot)
    assert not missing, f"templates not extracted (make each one literal text, then `make translations`): {missing}"
