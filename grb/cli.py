"""The command line: thin, it parses arguments and calls the same functions a notebook calls.

Exit codes (SPEC §3.1): 0 success, 1 invalid or unreadable input (every problem listed), 2 wrong usage.
Heavy libraries are imported inside the commands so that ``grb --help`` answers at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from grb.problems import InputError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grb",
        description="Gender-responsive budget analysis of commune "
        "investment plans: unprogrammed interventions, costing gaps, entry points.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    t = sub.add_parser("template", help="write a blank input workbook with dropdowns and default calendars")
    t.add_argument("-o", "--output", required=True, type=Path, help="the .xlsx file to write")

    v = sub.add_parser("validate", help="check a workbook; list every problem by sheet, row and column")
    v.add_argument("input", type=Path, help="an .xlsx workbook or a folder of CSV files")
    v.add_argument("--errors", type=Path, help="also write the problems to this .csv or .xlsx file")

    a = sub.add_parser("analyze", help="analyse a workbook and write the gap report")
    a.add_argument("input", type=Path, help="an .xlsx workbook or a folder of CSV files")
    a.add_argument("-o", "--output", required=True, type=Path, help="the gap report .xlsx to write")
    a.add_argument("--csv", type=Path, help="also write the CSV files (SPEC 3.3) to this folder")
    a.add_argument("--as-of", type=_date, help="analysis date YYYY-MM-DD (default: the workbook's, else today)")

    m = sub.add_parser("map", help="print the budget calendar and where each gap is routed")
    m.add_argument("input", type=Path)
    m.add_argument("--as-of", type=_date)

    b = sub.add_parser("batch", help="analyse many communes: one report each and a roll-up")
    b.add_argument("inputs", nargs="+", type=Path, help="workbooks, CSV folders, or folders holding them")
    b.add_argument("-o", "--output", required=True, type=Path, help="folder for reports/ and rollup.xlsx")
    b.add_argument("--csv", type=Path, help="also write summary, communes, districts, provinces, problems .csv")
    b.add_argument("--as-of", type=_date)
    b.add_argument("--jobs", type=int, help="processes reading inputs and writing reports (default: every core)")
    b.add_argument("--no-reports", action="store_true", help="roll-up only: no gap report per commune (faster)")
    b.add_argument("--usd-rate", type=float, help="riel per dollar for USD communes without usd_rate (4100)")

    for sp in (v, a, m, b):
        sp.add_argument("--max-bytes", type=int, help="largest uncompressed workbook accepted (bytes)")
        sp.add_argument("--max-rows", type=int, help="most rows accepted in one sheet")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from grb.io.write import OutputError

    try:
        return _COMMANDS[args.command](args)
    except InputError as err:
        print(f"{err}\n{err.table()}", file=sys.stderr)
        _write_errors(err, getattr(args, "errors", None))
        return 1
    except OutputError as err:
        print(f"grb: {err}", file=sys.stderr)
        return 1


def _limits(args: argparse.Namespace):
    from grb.io.read import Limits

    given = {k: v for k, v in (("max_bytes", args.max_bytes), ("max_rows", args.max_rows)) if v}
    return Limits(**given)


def _template(args: argparse.Namespace) -> int:
    from grb.report.template import write_template

    write_template(args.output)
    print(f"wrote {args.output}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    import grb

    data = grb.load(args.input, limits=_limits(args))
    commune = data.communes.iloc[0]
    print(
        f"{args.input}: valid ({commune['commune_name']}, {len(data.gender_issues)} gender issues, "
        f"{len(data.interventions)} interventions, {len(data.investment_plan)} projects)"
    )
    _write_errors(None, args.errors)
    return 0


def _analyze(args: argparse.Namespace) -> int:
    import grb

    result = grb.analyze(grb.load(args.input, limits=_limits(args)), as_of=args.as_of)
    grb.write_report(result, args.output, inputs=(args.input,))
    if args.csv:
        grb.write_csv(result, args.csv, inputs=(args.input,))
    from grb.report.text import summary_lines

    print("\n".join(summary_lines(result)))
    print(f"gap report: {args.output}" + (f"; CSV files: {args.csv}" if args.csv else ""))
    return 0


def _map(args: argparse.Namespace) -> int:
    import grb
    from grb.report.text import map_lines

    result = grb.analyze(grb.load(args.input, limits=_limits(args)), as_of=args.as_of)
    print("\n".join(map_lines(result)))
    return 0


def _write_errors(err: InputError | None, path: Path | None) -> None:
    """``--errors FILE``: the problem table as .csv or .xlsx (an empty table when the input is valid)."""
    if path is None:
        return
    from grb.problems import problems_frame
    from grb.report.problems import write_problems

    write_problems(err.problems if err else problems_frame([]), path)


def _batch(args: argparse.Namespace) -> int:
    from grb import batch
    from grb.report.rollup import write_batch_csv, write_rollup

    reports_dir, rollup_path = args.output / "reports", args.output / "rollup.xlsx"
    outputs = [rollup_path, *([] if args.no_reports else [reports_dir]), *([args.csv] if args.csv else [])]
    batch.check_outputs(outputs, args.inputs)
    jobs = args.jobs or batch.default_jobs()
    kwargs = {"usd_rate": args.usd_rate} if args.usd_rate else {}
    run = batch.run(args.inputs, as_of=args.as_of, limits=_limits(args), jobs=jobs, **kwargs)
    args.output.mkdir(parents=True, exist_ok=True)
    reports = [] if args.no_reports else batch.write_reports(run, reports_dir, jobs=jobs)
    tables = run.tables()
    facts = {"n_inputs": len(run.inputs), "usd_rate": run.usd_rate}
    write_rollup(tables, rollup_path, facts, run.inputs, as_of=args.as_of)
    if args.csv:
        write_batch_csv(tables, args.csv, run.inputs)
    failed = run.problems["input"].unique().tolist()
    written = "no reports (--no-reports)" if args.no_reports else f"{len(reports)} reports in {reports_dir}"
    print(f"{len(run.inputs)} inputs: {written}, roll-up {rollup_path}; {len(failed)} failed validation")
    for name in failed:
        print(f"  {name}: {int((run.problems['input'] == name).sum())} problem(s)", file=sys.stderr)
    return 1 if failed else 0


_COMMANDS = {"template": _template, "validate": _validate, "analyze": _analyze, "map": _map, "batch": _batch}

if __name__ == "__main__":
    sys.exit(main())
