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
    b.add_argument("--jobs", type=int, default=1, help="processes writing reports (default 1)")
    b.add_argument("--usd-rate", type=float, help="riel per dollar for USD communes without usd_rate (4100)")
    b.add_argument("--previous", nargs="+", type=Path, help="last cycle's reports or workbooks: also follow them up")

    f = sub.add_parser("follow-up", help="what became of last cycle's gaps: outcomes, money won, a fresh tracker")
    f.add_argument("previous", type=Path, help="last cycle's gap report (its Advocacy tracker) or its workbook")
    f.add_argument("current", type=Path, help="this cycle's workbook (.xlsx or a folder of CSV files)")
    f.add_argument("-o", "--output", required=True, type=Path, help="the report .xlsx to write")
    f.add_argument("--csv", type=Path, help="also write the CSV files, follow_up.csv among them, to this folder")
    f.add_argument("--as-of", type=_date, help="date of the follow-up YYYY-MM-DD (default: the current workbook's)")

    for sp in (v, a, m, b, f):
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

    kwargs = {"usd_rate": args.usd_rate} if args.usd_rate else {}
    run = batch.run(args.inputs, as_of=args.as_of, limits=_limits(args), **kwargs)
    args.output.mkdir(parents=True, exist_ok=True)
    reports = batch.write_reports(run, args.output / "reports", jobs=args.jobs)
    write_rollup(run, args.output / "rollup.xlsx", as_of=args.as_of)
    if args.csv:
        write_batch_csv(run, args.csv)
    if args.previous:
        from grb.batch_follow_up import follow_up_batch

        print("\n".join(follow_up_batch(run, args.previous, args.output, args.csv, _limits(args))))
    failed = run.problems["input"].unique().tolist()
    print(
        f"{len(run.inputs)} inputs: {len(reports)} reports in {args.output / 'reports'}, "
        f"roll-up {args.output / 'rollup.xlsx'}; {len(failed)} failed validation"
    )
    for name in failed:
        print(f"  {name}: {int((run.problems['input'] == name).sum())} problem(s)", file=sys.stderr)
    for code, group in run.duplicate_codes().groupby("commune_code"):
        print(
            f"  warning: commune code {code} is used by {', '.join(group['input'])} (counted separately)",
            file=sys.stderr,
        )
    return 1 if failed else 0


def _follow_up(args: argparse.Namespace) -> int:
    import grb
    from grb.report.text import follow_up_lines

    inputs = (args.previous, args.current)
    done = grb.follow_up(args.previous, args.current, as_of=args.as_of, limits=_limits(args))
    grb.write_report(done.result, args.output, inputs=inputs, follow_up=done)
    if args.csv:
        grb.write_csv(done.result, args.csv, inputs=inputs, follow_up=done)
    print("\n".join(follow_up_lines(done)))
    print(f"follow-up report: {args.output}" + (f"; CSV files: {args.csv}" if args.csv else ""))
    return 0


_COMMANDS = {
    "template": _template,
    "validate": _validate,
    "analyze": _analyze,
    "map": _map,
    "batch": _batch,
    "follow-up": _follow_up,
}

if __name__ == "__main__":
    sys.exit(main())
