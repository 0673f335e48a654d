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


# --- usage errors: exit 2 with argparse's message ------------------------------------------------------------


@pytest.mark.parametrize("rate", ["-5", "0", "nan", "inf", "-inf", "many"])
def test_usd_rate_must_be_a_positive_finite_number(rate, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--usd-rate", rate])
    assert info.value.code == 2
    assert "--usd-rate" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "option",
    [
        ["batch", "x", "-o", "o", "--jobs", "-3"],
        ["batch", "x", "-o", "o", "--jobs", "0"],
        ["validate", "x", "--max-rows", "0"],
        ["validate", "x", "--max-rows", "-1"],
        ["analyze", "x", "-o", "r.xlsx", "--max-bytes", "0"],
        ["analyze", "x", "-o", "r.xlsx", "--max-bytes", "-1"],
        ["analyze", "x", "-o", "r.xlsx", "--as-of", "2026-09-15T23:30"],  # a time without its timezone
        ["analyze", "x", "-o", "r.xlsx", "--as-of", "15/09/2026"],
    ],
)
def test_out_of_range_options_are_usage_errors(option):
    with pytest.raises(SystemExit) as info:
        main(option)
    assert info.value.code == 2


def test_smallest_allowed_values_are_accepted():
    from grb.cli import _parser

    args = _parser().parse_args(["batch", "x", "-o", "o", "--jobs", "1", "--usd-rate", "0.01", "--max-rows", "1"])
    assert (args.jobs, args.usd_rate, args.max_rows) == (1, 0.01, 1)


def test_as_of_takes_a_date_or_an_aware_date_time():
    from grb.cli import _parser

    parse = _parser().parse_args
    assert parse(["map", "x", "--as-of", "2026-09-15"]).as_of == pd.Timestamp("2026-09-15")
    moment = parse(["map", "x", "--as-of", "2026-09-15T23:30+00:00"]).as_of
    assert isinstance(moment, pd.Timestamp)
    # 23:30 UTC is 06:30 on the 16th in Phnom Penh (UTC+7): the engine makes it the Cambodian date
    assert moment.tz_convert("Asia/Phnom_Penh").date().isoformat() == "2026-09-16"


# --- language on every command -------------------------------------------------------------------------------


COMMAND_LINES = {
    "template": ["template", "-o", "t.xlsx"],
    "validate": ["validate", "x"],
    "analyze": ["analyze", "x", "-o", "r.xlsx"],
    "map": ["map", "x"],
    "batch": ["batch", "x", "-o", "o"],
}


def test_every_command_takes_lang_and_khmer_digits():
    from grb.cli import _parser

    parser = _parser()
    commands = parser._subparsers._group_actions[0].choices
    assert set(COMMAND_LINES) <= set(commands)
    for name in commands:  # the commands added later too (follow-up)
        options = {o for action in commands[name]._actions for o in action.option_strings}
        assert {"--lang", "--khmer-digits"} <= options, name
    for line in COMMAND_LINES.values():
        args = parser.parse_args([*line, "--lang", "km", "--khmer-digits"])
        assert (args.lang, args.khmer_digits) == ("km", True)
        assert parser.parse_args(line).lang is None


@pytest.mark.parametrize("command", sorted(COMMAND_LINES))
def test_unknown_language_is_a_usage_error(command):
    with pytest.raises(SystemExit) as info:
        main([*COMMAND_LINES[command], "--lang", "fr"])
    assert info.value.code == 2


def test_commands_run_in_khmer(tmp_path):
    source = write_book(tmp_path / "in.xlsx", minimal())
    for line in (
        ["template", "-o", str(tmp_path / "t.xlsx")],
        ["validate", str(source)],
        ["analyze", str(source), "-o", str(tmp_path / "r.xlsx")],
        ["map", str(source)],
    ):
        done = run(*line, "--lang", "km", "--khmer-digits")
        assert done.returncode == 0 and "Traceback" not in done.stderr, (line, done.stderr)


# --- validate shows the warnings it can see; python -m grb ---------------------------------------------------


def test_validate_prints_warnings_after_valid(tmp_path, capsys):
    from builders import add_column

    book = add_column(minimal(), "gender_issues", "notes", ["ask the women's group"])
    assert main(["validate", str(write_book(tmp_path / "in.xlsx", book))]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "valid" in lines[0]
    warnings = "\n".join(lines[1:])
    # the unknown column (row 1 of gender_issues) and P1 without both beneficiary counts (row 2 of investment_plan)
    assert "notes" in warnings and "gender_issues" in warnings
    assert "P1" in warnings and "investment_plan" in warnings


def test_validate_without_warnings_prints_only_valid(tmp_path, capsys):
    book = minimal()
    book["investment_plan"][0] += ["women_beneficiaries", "men_beneficiaries"]
    book["investment_plan"][1] += [120, 100]
    assert main(["validate", str(write_book(tmp_path / "in.xlsx", book))]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_python_dash_m_grb(tmp_path):
    source = write_book(tmp_path / "in.xlsx", minimal())
    done = subprocess.run([sys.executable, "-m", "grb", "validate", str(source)], capture_output=True, text=True)
    assert done.returncode == 0 and "valid" in done.stdout
    assert subprocess.run([sys.executable, "-m", "grb"], capture_output=True, text=True).returncode == 2


def test_validate_in_khmer_gives_khmer_messages_at_the_same_places(tmp_path):
    """The --errors table of a broken workbook in Khmer and in English: same codes, sheets, rows and columns;
    every message translated (Khmer script in each, and never the English sentence)."""
    book = set_cell(minimal(), "interventions", 2, "quantity", "lots")
    book = set_cell(book, "investment_plan", 2, "budget", -5)
    bad = write_book(tmp_path / "bad.xlsx", book)
    tables = {}
    for lang in ("en", "km"):
        out = tmp_path / f"problems_{lang}.csv"
        assert main(["validate", str(bad), "--errors", str(out), "--lang", lang]) == 1
        tables[lang] = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    place = ["sheet", "row", "column", "code"]
    assert tables["km"][place].values.tolist() == tables["en"][place].values.tolist()
    assert sorted(tables["en"]["code"]) == ["not_a_number", "out_of_range"]
    for english, khmer in zip(tables["en"]["problem"], tables["km"]["problem"], strict=True):
        assert khmer != english and any("\u1780" <= ch <= "\u17ff" for ch in khmer), khmer


def test_a_command_ends_with_its_output_whole_when_stdout_is_a_file(tmp_path):
    """The process ends without the interpreter's teardown (grb.schemas.memory.end_without_teardown): whatever
    a command printed into a fully buffered file is there, and its outputs are complete workbooks."""
    book = write_book(tmp_path / "ok.xlsx", minimal())
    printed = tmp_path / "printed.txt"
    with printed.open("w") as out:
        done = subprocess.run(
            [sys.executable, "-m", "grb.cli", "analyze", str(book), "-o", str(tmp_path / "r.xlsx")],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=_buffered(),
        )
    assert done.returncode == 0, done.stderr
    assert printed.read_text().rstrip().endswith(str(tmp_path / "r.xlsx"))  # the last line: "gap report: <path>"
    assert "Summary" in openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames


def _buffered() -> dict[str, str]:
    """The environment, with the standard streams buffered as on a user's machine (PYTHONUNBUFFERED unset)."""
    import os

    return {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


_ENDING = """
import atexit, sys
from grb.schemas.memory import end_without_teardown, ended
end_without_teardown()
atexit.register(lambda: print("a later exit handler ran", flush=True))
print("before the end")  # left in the buffer: the ending flushes it
if sys.argv[1] == "raise":
    raise RuntimeError("a bug")
sys.exit(ended(int(sys.argv[1])))
"""


@pytest.mark.parametrize("code", [0, 1, 3])
def test_the_ending_keeps_the_exit_code_the_output_and_the_other_exit_handlers(code):
    done = subprocess.run(
        [sys.executable, "-c", _ENDING, str(code)], capture_output=True, text=True, timeout=60, env=_buffered()
    )
    assert done.returncode == code
    assert done.stdout.splitlines() == ["before the end", "a later exit handler ran"]


def test_a_command_that_raised_ends_the_normal_way_with_its_traceback():
    done = subprocess.run(
        [sys.executable, "-c", _ENDING, "raise"], capture_output=True, text=True, timeout=60, env=_buffered()
    )
    assert done.returncode == 1
    assert "RuntimeError: a bug" in done.stderr and "a later exit handler ran" in done.stdout
