"""Outputs: refused before anything is written when they cannot be written, never over an input, all or nothing,
readable by colleagues as the umask allows; a stacked result keeps its communes apart."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from builders import minimal, set_cell, write_book, write_csv_folder

import grb
from grb.cli import main
from grb.io.write import OutputError, check_outputs

CSV_NAMES = sorted(
    f"{stem}.csv"
    for stem in (
        "summary",
        "gender_issues",
        "interventions",
        "gaps",
        "investment_plan",
        "intervention_map",
        "checks",
        "tracker",  # SPEC §4.1
    )
)


def run(*args: str, umask: int | None = None) -> subprocess.CompletedProcess:
    def set_umask():
        if umask is not None:
            os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "grb", *args], capture_output=True, text=True, timeout=120, preexec_fn=set_umask
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(done: subprocess.CompletedProcess) -> bool:
    """Exit 1 with one message and no traceback."""
    return done.returncode == 1 and "Traceback" not in done.stderr and done.stderr.startswith("grb: ")


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_book(tmp_path / "in.xlsx", minimal())


# --- 1. output errors: exit 1, one message, nothing half-written ---------------------------------------------


def test_output_that_is_a_folder(tmp_path, source):
    (tmp_path / "r.xlsx").mkdir()
    before = snapshot(tmp_path)
    assert refused(run("analyze", str(source), "-o", str(tmp_path / "r.xlsx")))
    assert snapshot(tmp_path) == before


def test_template_into_a_folder(tmp_path):
    assert refused(run("template", "-o", str(tmp_path)))
    assert list(tmp_path.iterdir()) == []


def test_output_in_a_missing_folder_or_under_a_file(tmp_path, source):
    assert refused(run("analyze", str(source), "-o", str(tmp_path / "missing" / "r.xlsx")))
    (tmp_path / "plain").write_text("x")
    assert refused(run("analyze", str(source), "-o", str(tmp_path / "plain" / "r.xlsx")))
    assert refused(run("validate", str(source), "--errors", str(tmp_path / "plain" / "e.csv")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx", "plain"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_output_in_a_read_only_folder(tmp_path, source):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    assert refused(run("analyze", str(source), "-o", str(locked / "r.xlsx")))
    assert refused(run("validate", str(source), "--errors", str(locked / "e.xlsx")))
    assert refused(run("analyze", str(source), "-o", str(tmp_path / "r.xlsx"), "--csv", str(locked / "c")))
    assert not (tmp_path / "r.xlsx").exists()


def test_read_only_folder_is_found_before_writing(tmp_path, monkeypatch):
    """The check itself (root cannot see it through a real folder): os.access saying no is reported."""
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(OutputError, match="no permission"):
        check_outputs([tmp_path / "r.xlsx"])


def test_csv_onto_an_existing_file_writes_no_report(tmp_path, source):
    (tmp_path / "c").write_text("keep me")
    done = run("analyze", str(source), "-o", str(tmp_path / "r.xlsx"), "--csv", str(tmp_path / "c"))
    assert refused(done)
    assert not (tmp_path / "r.xlsx").exists()  # the report does not claim a success the CSV did not have
    assert (tmp_path / "c").read_text() == "keep me"


def test_errors_with_a_wrong_suffix_is_refused_before_reading(tmp_path, source):
    assert refused(run("validate", str(source), "--errors", str(tmp_path / "e.txt")))


def test_csv_folder_failing_part_way_keeps_nothing(tmp_path, source, monkeypatch):
    """A failure at the fourth file leaves neither the three written before it nor the report."""
    import grb.report.csv as csv_writer

    real, calls = csv_writer._to_csv, []

    def failing(frame, path):
        calls.append(path.name)
        if len(calls) == 4:
            raise OSError(28, "No space left on device", str(path))
        real(frame, path)

    monkeypatch.setattr(csv_writer, "_to_csv", failing)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["analyze", str(source), "-o", str(out / "r.xlsx"), "--csv", str(out / "c")]) == 1
    assert list(out.iterdir()) == []  # no CSV, no temporary folder, no report


def test_csv_into_an_existing_folder_replaces_only_its_files(tmp_path, source):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "gaps.csv").write_text("old")
    assert main(["analyze", str(source), "-o", str(tmp_path / "r.xlsx"), "--csv", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([*CSV_NAMES, "notes.txt"])
    assert (folder / "notes.txt").read_text() == "mine"
    assert (folder / "gaps.csv").read_text(encoding="utf-8-sig").startswith("intervention_id,")


# --- 2. an output is never, inside, or around an input -------------------------------------------------------


def test_csv_folder_input_is_not_overwritten(tmp_path):
    folder = write_csv_folder(tmp_path / "csvin", minimal())
    before = snapshot(folder)
    done = run("analyze", str(folder), "-o", str(tmp_path / "r.xlsx"), "--csv", str(folder))
    assert refused(done)
    assert snapshot(folder) == before
    assert not (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", "{in}", "-o", "{in}/r.xlsx"],  # inside a CSV-folder input
        ["analyze", "{in}", "-o", "{tmp}/r.xlsx", "--csv", "{tmp}"],  # a folder holding the input
        ["validate", "{in}", "--errors", "{in}/gender_issues.csv"],
        ["batch", "{in}", "-o", "{in}"],
        ["batch", "{in}", "-o", "{tmp}/b", "--csv", "{in}/c"],
        ["batch", "{tmp}", "-o", "{tmp}/b"],  # a batch folder is an input: its outputs go elsewhere
    ],
)
def test_outputs_touching_an_input_are_refused(tmp_path, args):
    folder = write_csv_folder(tmp_path / "csvin", minimal())
    before = snapshot(tmp_path)
    done = run(*(a.format(**{"in": folder, "tmp": tmp_path}) for a in args))
    assert refused(done), done.stderr
    assert snapshot(tmp_path) == before


def test_template_over_an_input_folder_is_refused_by_the_shared_check(tmp_path):
    folder = write_csv_folder(tmp_path / "csvin", minimal())
    with pytest.raises(OutputError):
        check_outputs([folder / "commune.csv"], inputs=[folder])
    with pytest.raises(OutputError):
        check_outputs(folders=[tmp_path], inputs=[folder])
    check_outputs([tmp_path / "r.xlsx"], inputs=[folder], folders=[tmp_path / "c"])  # beside it: fine


def test_batch_output_that_is_a_file_is_refused(tmp_path, source):
    (tmp_path / "out").write_text("keep me")
    assert refused(run("batch", str(source), "-o", str(tmp_path / "out")))
    assert (tmp_path / "out").read_text() == "keep me"


def test_two_outputs_at_the_same_place_are_refused(tmp_path, source):
    assert refused(run("analyze", str(source), "-o", str(tmp_path / "x"), "--csv", str(tmp_path / "x")))


# --- 3. modes as a plain open() gives them ---------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_outputs_get_the_mode_of_the_umask(tmp_path, source, umask):
    file_mode, dir_mode = 0o666 & ~umask, 0o777 & ~umask  # what open() and mkdir() give
    out = tmp_path / "out"
    out.mkdir()
    assert run("analyze", str(source), "-o", str(out / "r.xlsx"), "--csv", str(out / "c"), umask=umask).returncode == 0
    assert run("template", "-o", str(out / "t.xlsx"), umask=umask).returncode == 0
    bad = write_book(tmp_path / "bad.xlsx", set_cell(minimal(), "interventions", 2, "quantity", -1))
    assert run("validate", str(bad), "--errors", str(out / "e.xlsx"), umask=umask).returncode == 1
    for path in [out / "r.xlsx", out / "t.xlsx", out / "e.xlsx", *(out / "c").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == file_mode, path.name
    assert stat.S_IMODE((out / "c").stat().st_mode) == dir_mode


# --- 4. an empty budget calendar --------------------------------------------------------------------------------


def empty_calendar_book():
    book = minimal()
    book["budget_cycle"] = [["stage_id", "level", "stage", "kind", "start_month", "end_month"]]
    return book


def test_empty_calendar_means_no_stages(tmp_path):
    """An analyst who cleared the calendar gets no entry points and a sentence asking for stages."""
    source = write_book(tmp_path / "in.xlsx", empty_calendar_book())
    result = grb.analyze(grb.load(source), as_of="2026-09-01")
    assert len(result.intervention_map) == 0
    gap = result.gaps.iloc[0]
    assert pd.isna(gap["entry_stage_id"])
    assert "add a planning or formulation stage" in gap["advocacy_action"]


def test_empty_calendar_report_is_written(tmp_path):
    source = write_book(tmp_path / "in.xlsx", empty_calendar_book())
    assert main(["analyze", str(source), "-o", str(tmp_path / "r.xlsx"), "--csv", str(tmp_path / "c")]) == 0
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book["Intervention map"].max_row == 1  # the header only
    gaps = [c.value for c in book["Gaps"][1]]
    assert book["Gaps"].max_row == 2 and "I1" in [c.value for c in book["Gaps"][2]], gaps
    assert pd.read_csv(tmp_path / "c" / "intervention_map.csv").empty


# --- 9. several communes in one Result ------------------------------------------------------------------------


def two_communes(tmp_path: Path, second_code: str | None = "120304"):
    from grb.io.read import read_sheets
    from grb.schemas.validate import validate_many

    first = minimal()
    first["commune"].append(["commune_code", "010203"])
    second = minimal()
    if second_code:
        second["commune"].append(["commune_code", second_code])
    second = set_cell(second, "investment_plan", 2, "budget", 2_500_000)  # P1 covers I1 in full
    books = [read_sheets(write_book(tmp_path / name, b)) for name, b in (("a.xlsx", first), ("b.xlsx", second))]
    data, problems = validate_many(books, [str(tmp_path / "a.xlsx"), str(tmp_path / "b.xlsx")])
    assert problems.empty
    return grb.analyze(data, as_of="2026-09-01")


def test_stacked_csv_names_each_commune_first(tmp_path):
    result = two_communes(tmp_path)
    grb.write_csv(result, tmp_path / "c")
    interventions = pd.read_csv(tmp_path / "c" / "interventions.csv", dtype={"commune_code": str})
    assert interventions.columns[0] == "commune_code"
    # both communes have intervention I1 costing 2 x 1,000,000; the first has 1,500,000 of P1, the second 2,500,000
    assert interventions[["commune_code", "intervention_id", "gap"]].values.tolist() == [
        ["010203", "I1", 2_000_000 - 1_500_000],
        ["120304", "I1", 0],
    ]
    summary = pd.read_csv(tmp_path / "c" / "summary.csv", dtype=str)
    gaps = summary[summary["metric"] == "total_gap"]
    assert gaps[["commune_code", "value"]].values.tolist() == [["010203", "500000.0"], ["120304", "0.0"]]  # 2e6-1.5e6
    counts = summary[summary["metric"] == "n_interventions"]
    assert counts["value"].tolist() == ["1", "1"]  # whole numbers, not 1.0 (SPEC §3.3)
    for name in CSV_NAMES:
        assert pd.read_csv(tmp_path / "c" / name, nrows=0).columns[0] == "commune_code", name


def test_stacked_csv_uses_the_input_name_without_a_code(tmp_path):
    result = two_communes(tmp_path, second_code=None)
    grb.write_csv(result, tmp_path / "c")
    issues = pd.read_csv(tmp_path / "c" / "gender_issues.csv", dtype={"commune_code": str})
    assert issues["commune_code"].tolist() == ["010203", "b.xlsx"]


def test_one_commune_csv_has_no_commune_column(tmp_path, source):
    grb.write_csv(grb.analyze(grb.load(source)), tmp_path / "c")
    assert pd.read_csv(tmp_path / "c" / "gaps.csv").columns[0] == "intervention_id"
    summary = pd.read_csv(tmp_path / "c" / "summary.csv", dtype=str).set_index("metric")["value"]
    assert summary["n_interventions"] == "1"  # a count, written 1 and not 1.0 (SPEC §3.3)
    assert (tmp_path / "c" / "gaps.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # SPEC §3.3: UTF-8 with a BOM


def test_stacked_report_is_refused(tmp_path):
    result = two_communes(tmp_path)
    with pytest.raises(ValueError, match="grb batch"):
        grb.write_report(result, tmp_path / "r.xlsx")
    assert not (tmp_path / "r.xlsx").exists()
    index = result.row_index()
    grb.write_report(result.part(1, index), tmp_path / "r.xlsx")  # the way the message gives
    assert (tmp_path / "r.xlsx").exists()
