"""Batch defects of issue 10: colliding report names, outputs inside inputs, silent losses, spawn workers."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import write_book, write_csv_folder
from handworked import HANDWORKED
from test_batch import with_code

from grb import batch
from grb.cli import main


def test_reports_of_inputs_with_the_same_name_do_not_overwrite_each_other(tmp_path):
    for folder, name, code in (("d1", "a", "210104"), ("d2", "a", "210105"), ("d3", "a-2", "210106")):
        (tmp_path / folder).mkdir()
        write_book(tmp_path / folder / f"{name}.xlsx", with_code(code))
    out = tmp_path / "out"
    inputs = [str(tmp_path / d) for d in ("d1", "d2", "d3")]
    code = main(["batch", *inputs, "-o", str(out), "--csv", str(out / "csv")])
    assert code == 0
    # three inputs, three reports: each named after its path below the common parent (tmp_path)
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["d1-a.xlsx", "d2-a.xlsx", "d3-a-2.xlsx"]
    communes = pd.read_csv(out / "csv" / "communes.csv", dtype=str)
    assert sorted(communes["input"]) == ["d1/a.xlsx", "d2/a.xlsx", "d3/a-2.xlsx"]


def test_report_names_are_numbered_against_every_other_name():
    # "d1/a.xlsx" would become "d1-a", which a top-level input already is; case differs only (Windows)
    labels = ["D1-a.xlsx", "d1/a.xlsx", "d1-a-2.xlsx", "x.xlsx", "x"]
    names = batch.report_names(labels)
    assert len({n.lower() for n in names}) == len(names)
    # the first keeps its name; the second cannot take "d1-a-2" (another input's own name), so it is "d1-a-3"
    assert names == ["D1-a.xlsx", "d1-a-3.xlsx", "d1-a-2.xlsx", "x.xlsx", "x-2.xlsx"]


@pytest.mark.parametrize("where", ["same", "inside", "csv_inside"])
def test_an_output_in_an_input_folder_is_refused(tmp_path, where, capsys):
    folder = tmp_path / "inputs"
    folder.mkdir()
    write_book(folder / "a.xlsx", HANDWORKED)
    before = sorted(p.name for p in folder.iterdir())
    out = {"same": folder, "inside": folder / "out", "csv_inside": tmp_path / "out"}[where]
    extra = ["--csv", str(folder / "csv")] if where == "csv_inside" else []
    assert main(["batch", str(folder), "-o", str(out), *extra]) == 1
    assert "refusing" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written into the input folder


def test_an_output_folder_holding_an_input_is_refused(tmp_path):
    reports = tmp_path / "out" / "reports"
    reports.mkdir(parents=True)
    write_book(reports / "a.xlsx", HANDWORKED)
    assert main(["batch", str(reports / "a.xlsx"), "-o", str(tmp_path / "out")]) == 1
    assert (reports / "a.xlsx").exists()


def test_xls_and_ods_files_in_a_folder_are_failed_inputs_not_skipped(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    write_book(folder / "good.xlsx", HANDWORKED)
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # OLE header of an .xls
    _zip_without_workbook(folder / "calc.ods")  # a zip that is not an .xlsx (no xl/workbook.xml)
    run = batch.run([folder], progress=False)
    assert [p.name for p in run.inputs] == ["calc.ods", "good.xlsx", "old.xls"]
    assert len(run.communes) == 1
    failed = run.problems.set_index("input")
    assert failed.loc["old.xls", "code"] == "not_a_workbook" and ".xlsx" in failed.loc["old.xls", "problem"]
    assert failed.loc["calc.ods", "code"] == "not_a_workbook" and ".xlsx" in failed.loc["calc.ods", "problem"]


def _zip_without_workbook(path):
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")


def test_the_same_commune_twice_counts_once_and_the_second_fails(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    write_book(folder / "a.xlsx", HANDWORKED)  # commune 210103
    write_csv_folder(folder / "b_csv", HANDWORKED)  # the same commune as CSV files
    write_book(folder / "c.xlsx", with_code("210104"))
    run = batch.run([folder], progress=False)
    assert sorted(run.communes["input"]) == ["a.xlsx", "c.xlsx"]
    # two communes: the hand-worked cost 9,900,000 each, not three times
    assert run.rollups()["summary"].iloc[0]["total_cost"] == pytest.approx(2 * 9_900_000, abs=0.5)
    problem = run.problems
    assert problem[["input", "sheet", "row", "column", "value", "code"]].values.tolist() == [
        # commune_code is the second field of the commune sheet: Excel row 3
        ["b_csv", "commune", 3, "value", "210103", "duplicate_commune"]
    ]
    assert "a.xlsx" in problem["problem"].iloc[0]


def test_no_reports_writes_the_roll_up_only(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    write_book(folder / "a.xlsx", HANDWORKED)
    out = tmp_path / "out"
    assert main(["batch", str(folder), "-o", str(out), "--no-reports"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["rollup.xlsx"]


def test_batch_runs_with_spawned_workers(tmp_path, monkeypatch):
    """Windows starts workers with ``spawn`` only: reading and reports must work without fork."""
    monkeypatch.setenv(batch.START_METHOD_ENV, "spawn")
    folder = tmp_path / "inputs"
    folder.mkdir()
    for i in range(3):
        write_book(folder / f"c{i}.xlsx", with_code(f"21010{i + 4}"))
    out = tmp_path / "out"
    assert main(["batch", str(folder), "-o", str(out), "--jobs", "2", "--csv", str(out / "csv")]) == 0
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["c0.xlsx", "c1.xlsx", "c2.xlsx"]
    assert len(pd.read_csv(out / "csv" / "communes.csv")) == 3


def test_jobs_default_to_every_core():
    import os

    assert batch.default_jobs() == os.cpu_count()
