from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from builders import Book, write_book

import grb


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
