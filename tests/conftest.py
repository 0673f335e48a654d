from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

from builders import Book, write_book

import grb

# Hypothesis profiles, chosen with HYPOTHESIS_PROFILE: "default" keeps the suite fast, "ci" looks harder,
# "fuzz" is a long hunt (HYPOTHESIS_PROFILE=fuzz .venv/bin/python -m pytest tests/test_fuzz.py
# tests/test_exact_oracle.py). Tests take their number of examples from the profile, never their own.
_COMMON = {"deadline": None, "suppress_health_check": list(HealthCheck)}
settings.register_profile("default", max_examples=60, **_COMMON)
settings.register_profile("ci", max_examples=300, **_COMMON)
settings.register_profile("fuzz", max_examples=5000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def load_book(tmp_path: Path):
    """Write a book to a workbook and load it; returns the CommuneData."""

    def _load(book: Book, name: str = "book.xlsx"):
        return grb.load(write_book(tmp_path / name, book))

    return _load


@pytest.fixture
def problems_of(tmp_path: Path):
    """Write a book and return the problems table grb raises for it."""

    def _problems(book: Book):
        with pytest.raises(grb.InputError) as info:
            grb.load(write_book(tmp_path / "bad.xlsx", book))
        return info.value.problems

    return _problems
