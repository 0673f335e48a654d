"""A batch prepares every report's frames once, on the stacked result (``grb.report.prepared``), and each worker
only cuts its commune's rows: each report must be exactly the report ``grb analyze`` writes for that commune
alone, in its own language, whatever the start method of the workers."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

import grb
from grb import batch, batch_reports
from grb.cli import main
from grb.i18n import _, language
from tests.builders import minimal, set_cell, write_book


def _book(name: str, lang: str | None, budget: int):
    book = set_cell(minimal(), "commune", 2, "value", name)
    book["commune"].append(["as_of", "2026-09-01"])
    if lang:
        book["commune"].append(["language", lang])
    book["investment_plan"][1][4] = budget  # a different gap in each commune
    book["interventions"].append(["I2", "G1", "Latrines at the school", "infrastructure", 1, 700_000, None])
    return book


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_each_batch_report_is_the_single_commune_report(tmp_path, monkeypatch, method):
    monkeypatch.setenv(batch.START_METHOD_ENV, method)
    books = {"a.xlsx": _book("Commune A", None, 1_500_000), "b.xlsx": _book("Commune B", "km", 900_000),
             "c.xlsx": _book("Commune C", "en", 2_500_000)}  # fmt: skip
    (tmp_path / "in").mkdir()
    paths = [write_book(tmp_path / "in" / name, book) for name, book in books.items()]
    run = batch.run(paths, progress=False)
    written = batch_reports.write_reports(run, tmp_path / "reports", jobs=2, progress=False)
    assert [p.name for p in written] == ["a.xlsx", "b.xlsx", "c.xlsx"]
    for path, report in zip(paths, written, strict=True):
        alone = tmp_path / f"alone-{path.name}"
        grb.write_report(grb.analyze(grb.load(path)), alone)
        assert _parts(report) == _parts(alone), path.name
    with language("km"):
        khmer = _("Key figures").encode()
    shown = [_parts(p)["xl/sharedStrings.xml"] for p in written]
    assert [khmer in strings for strings in shown] == [False, True, False]  # B asked for Khmer, A and C did not


def test_every_long_stage_shows_progress_on_a_terminal(tmp_path, monkeypatch, capsys):
    (tmp_path / "in").mkdir()
    for name in ("a.xlsx", "b.xlsx"):
        write_book(tmp_path / "in" / name, _book(name, None, 1_000_000))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # as in a terminal window
    assert main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--csv", str(tmp_path / "csv")]) == 0
    shown = capsys.readouterr().err
    stages = ["reading", "validating", "analysing", "preparing", "reports", "writing the roll-up", "writing the CSV"]
    assert [stage for stage in stages if stage not in shown] == []
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)  # in a log file: no progress at all
    assert main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out2")]) == 0
    assert capsys.readouterr().err == ""


def test_reports_handed_out_in_chunks_each_go_to_their_own_commune(tmp_path):
    """Nine communes: tasks of four reports (4 + 4 + 1) across two workers started before reading, and each
    report is still its own commune's, in the inputs' order."""
    from python_calamine import CalamineWorkbook

    (tmp_path / "in").mkdir()
    names = [f"Commune {i}" for i in range(9)]
    for i, name in enumerate(names):
        write_book(tmp_path / "in" / f"c{i}.xlsx", _book(name, None, 1_000_000 + 100_000 * i))
    assert main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--jobs", "2"]) == 0
    written = sorted((tmp_path / "out" / "reports").iterdir())
    assert [p.name for p in written] == [f"c{i}.xlsx" for i in range(9)]
    for path, name in zip(written, names, strict=True):
        summary = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Summary").to_python()
        assert summary[2][:2] == ["Commune", name]  # the first fact: the commune's own name


def test_reports_prepared_in_two_parts_are_the_reports_prepared_at_once(tmp_path, monkeypatch):
    """From HEAD_FROM communes a batch prepares a head first, then the rest (each part its own pandas pass):
    every report is byte for byte the one written from a single preparation, in its own language."""
    (tmp_path / "in").mkdir()
    paths = [
        write_book(tmp_path / "in" / f"c{i}.xlsx", _book(f"Commune {i}", ["km", None, "en"][i % 3], 900_000 + i))
        for i in range(9)
    ]
    run = batch.run(paths, progress=False)
    monkeypatch.setattr(batch_reports, "HEAD_FROM", 10**9)  # one part
    once = batch_reports.write_reports(run, tmp_path / "once", jobs=2, progress=False)
    monkeypatch.setattr(batch_reports, "HEAD_FROM", 0)  # a head of one task (4 reports), then 5 reports
    assert [len(part) for part in batch_reports._parts(list(range(9)), in_workers=True)] == [4, 5]
    parts = batch_reports.write_reports(run, tmp_path / "parts", jobs=2, progress=False)
    assert [p.name for p in parts] == [p.name for p in once] == [p.name for p in paths]
    for a, b in zip(once, parts, strict=True):
        assert _parts(a) == _parts(b), a.name


def test_the_head_is_handed_out_whole_before_the_rest_is_prepared():
    """``_in_workers`` with ``ahead``: every chunk of the head is submitted before the next chunk is asked for
    (asking for it prepares the rest), then no more than IN_FLIGHT per worker wait; results stay in order."""
    from concurrent.futures import Future

    submitted = []

    class Pool:
        def submit(self, fn, chunk):
            submitted.append(chunk)
            done = Future()
            done.set_result(fn(chunk))
            return done

    asked, out = [], []

    def chunks():
        for number in range(1, 21):
            asked.append((number, len(submitted) - len(out)))  # chunks in flight when this one is made
            yield [number]

    for result in batch_reports._in_workers(lambda chunk: chunk, chunks(), 20, 2, Pool(), ahead=12):
        out.append(result)
    assert out == list(range(1, 21))
    assert asked[:13] == [(n, n - 1) for n in range(1, 14)]  # the head (12) all out before chunk 13 is made
    limit = batch_reports.IN_FLIGHT * 2  # then, as without a head, fewer than IN_FLIGHT per worker wait
    assert all(in_flight < limit for _, in_flight in asked[13:])
