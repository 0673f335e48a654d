"""The command line: exit codes, no traceback for bad input, the template and --errors files."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
from builders import minimal, set_cell, write_book

import grb
from grb.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grb.cli", *args], capture_output=True, text=True, timeout=120)


def test_validate_valid(tmp_path, capsys):
    assert main(["validate", str(write_book(tmp_path / "ok.xlsx", minimal()))]) == 0
    assert "valid" in capsys.readouterr().out


def test_validate_invalid_lists_problems_without_traceback(tmp_path):
    bad = write_book(tmp_path / "bad.xlsx", set_cell(minimal(), "investment_plan", 2, "budget", "many"))
    done = run("validate", str(bad))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "investment_plan" in done.stderr and "budget" in done.stderr


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_validate_errors_file(tmp_path, suffix):
    bad = write_book(tmp_path / "bad.xlsx", set_cell(minimal(), "interventions", 2, "quantity", -1))
    out = tmp_path / f"problems{suffix}"
    assert main(["validate", str(bad), "--errors", str(out)]) == 1
    table = pd.read_csv(out) if suffix == ".csv" else pd.read_excel(out, engine="openpyxl")
    assert table[["sheet", "row", "column", "code"]].values.tolist() == [
        ["interventions", 2, "quantity", "out_of_range"]
    ]


def test_unreadable_input_exit_1(tmp_path):
    (tmp_path / "x.xlsx").write_text("not a workbook")
    done = run("analyze", str(tmp_path / "x.xlsx"), "-o", str(tmp_path / "r.xlsx"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_wrong_usage_exit_2(tmp_path):
    assert run("analyze").returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("analyze", "x.xlsx", "-o", "r.xlsx", "--as-of", "yesterday").returncode == 2


def test_analyze_refuses_to_overwrite_its_input(tmp_path):
    path = write_book(tmp_path / "in.xlsx", minimal())
    before = path.read_bytes()
    done = run("analyze", str(path), "-o", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert path.read_bytes() == before


def test_as_of_option(tmp_path):
    path = write_book(tmp_path / "in.xlsx", minimal())
    assert (
        main(
            [
                "analyze",
                str(path),
                "-o",
                str(tmp_path / "r.xlsx"),
                "--csv",
                str(tmp_path / "c"),
                "--as-of",
                "2026-12-20",
            ]
        )
        == 0
    )
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book.properties.created.date().isoformat() == "2026-12-20"


def test_template_has_default_calendars_and_instructions(tmp_path):
    from grb.report.template import write_template

    write_template(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert "instructions" in book.sheetnames
    stages = [row[0] for row in book["budget_cycle"].iter_rows(min_row=2, values_only=True)]
    assert "C2" in stages and "N2" in stages


def test_template_filled_with_rows_validates(tmp_path):
    from grb.report.template import write_template

    book = minimal()
    rows = {name: pd.DataFrame(r[1:], columns=r[0]) for name, r in book.items()}
    write_template(tmp_path / "filled.xlsx", rows)
    data = grb.load(tmp_path / "filled.xlsx")
    assert data.interventions["intervention_id"].tolist() == ["I1"]


def test_help_is_fast_to_import():
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "grb.cli", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert "pandas" not in done.stderr  # heavy libraries load only when a command needs them


def test_map_command_prints_the_routing(capsys):
    from pathlib import Path

    sample = Path(__file__).parents[1] / "sample_budgets" / "workshop_commune.xlsx"
    assert main(["map", str(sample)]) == 0
    out = capsys.readouterr().out
    assert "District Integration Workshop" in out and "-> C2" in out
