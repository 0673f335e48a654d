"""The command line: thin, it parses arguments and calls the same functions a notebook calls.

Exit codes (SPEC §3.1): 0 success, 1 invalid or unreadable input or an output that cannot be written (every
problem listed, never a traceback), 2 wrong usage. Every output target is checked before anything is written.
Heavy libraries are imported inside the commands so that ``grb --help`` answers at once.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from grb.i18n import LANGUAGES, _
from grb.problems import InputError

WARNINGS_SHOWN_BY_VALIDATE = ("unknown_column", "missing_beneficiaries")  # SPEC §2.8, last line


def _as_of(text: str) -> Any:
    """``YYYY-MM-DD``, or an ISO date-time with its timezone (the engine turns it into the Cambodian date)."""
    import pandas as pd

    try:
        return pd.Timestamp(dt.date.fromisoformat(text))
    except ValueError:
        pass
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a date; write it as YYYY-MM-DD").format(text=text)
        ) from None
    if moment.tzinfo is None:  # 23:30 where? a date-time means a moment only with its offset
        message = _("{text!r} has a time but no timezone; write a date (YYYY-MM-DD) or add one, e.g. +07:00")
        raise argparse.ArgumentTypeError(message.format(text=text))
    return pd.Timestamp(moment)


def _positive_float(text: str) -> float:
    """A finite number > 0 (``nan``, ``inf``, 0 and negatives are refused, not replaced)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(_("{text!r} is not a number greater than 0").format(text=text))
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("{text!r} is not a whole number greater than 0").format(text=text))
    return value


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grb",
        description=_(
            "Gender-responsive budget analysis of commune "
            "investment plans: unprogrammed interventions, costing gaps, entry points."
        ),
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    t = sub.add_parser("template", help=_("write a blank input workbook with dropdowns and default calendars"))
    t.add_argument("-o", "--output", required=True, type=Path, help=_("the .xlsx file to write"))
    t.add_argument(
        "--force", action="store_true", help=_("replace the file if it exists (a filled-in workbook is lost)")
    )
    t.add_argument(
        "--commune-code", help=_("6-digit NCDD code: fill in the commune's official names and offer its villages")
    )

    v = sub.add_parser("validate", help=_("check a workbook; list every problem by sheet, row and column"))
    v.add_argument("input", type=Path, help=_("an .xlsx workbook or a folder of CSV files"))
    v.add_argument("--errors", type=Path, help=_("also write the problems to this .csv or .xlsx file"))

    a = sub.add_parser("analyze", help=_("analyse a workbook and write the gap report"))
    a.add_argument("input", type=Path, help=_("an .xlsx workbook or a folder of CSV files"))
    a.add_argument("-o", "--output", required=True, type=Path, help=_("the gap report .xlsx to write"))
    a.add_argument("--csv", type=Path, help=_("also write the CSV files (SPEC 3.3) to this folder"))

    m = sub.add_parser("map", help=_("print the budget calendar and where each gap is routed"))
    m.add_argument("input", type=Path)

    b = sub.add_parser("batch", help=_("analyse many communes: one report each and a roll-up"))
    b.add_argument("inputs", nargs="+", type=Path, help=_("workbooks, CSV folders, or folders holding them"))
    b.add_argument("-o", "--output", required=True, type=Path, help=_("folder for reports/ and rollup.xlsx"))
    b.add_argument("--csv", type=Path, help=_("also write summary, communes, districts, provinces, problems .csv"))
    b.add_argument(
        "--jobs", type=_positive_int, help=_("processes reading inputs and writing reports (default: every core)")
    )
    b.add_argument("--no-reports", action="store_true", help=_("roll-up only: no gap report per commune (faster)"))
    b.add_argument(
        "--usd-rate", type=_positive_float, help=_("riel per dollar for USD communes without usd_rate (4100)")
    )
    b.add_argument("--previous", nargs="+", type=Path, help=_("last cycle's reports or workbooks: also follow them up"))

    f = sub.add_parser("follow-up", help=_("what became of last cycle's gaps: outcomes, money won, a fresh tracker"))
    f.add_argument("previous", type=Path, help=_("last cycle's gap report (its Advocacy tracker) or its workbook"))
    f.add_argument("current", type=Path, help=_("this cycle's workbook (.xlsx or a folder of CSV files)"))
    f.add_argument("-o", "--output", required=True, type=Path, help=_("the report .xlsx to write"))
    f.add_argument("--csv", type=Path, help=_("also write the CSV files, follow_up.csv among them, to this folder"))

    for sp in (a, m, b, f):
        sp.add_argument(
            "--as-of", type=_as_of, help=_("analysis date YYYY-MM-DD (default: the workbook's, else today)")
        )
    for sp in (v, a, m, b, f):
        sp.add_argument("--max-bytes", type=_positive_int, help=_("largest uncompressed workbook accepted (bytes)"))
        sp.add_argument("--max-rows", type=_positive_int, help=_("most rows accepted in one sheet"))
    for sp in sub.choices.values():  # SPEC §3.5: every command, the ones added later included
        sp.add_argument("--lang", choices=LANGUAGES, help=_("language of what grb writes for people (km or en)"))
        sp.add_argument("--khmer-digits", action="store_true", help=_("write numbers and dates in Khmer digits"))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """The ``grb`` command; ``argv`` None: grb is the program (its arguments are the process's)."""
    args = _parser().parse_args(argv)
    if argv is None:
        from grb.schemas.memory import ended

        _as_program(args.command)
        return ended(_run(args))
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    """Run the parsed command; its exit code (problems are reported here, not raised)."""
    from grb.io.write import OutputError

    with _language(args.lang, args.khmer_digits):
        try:
            _check_outputs(args)
            try:
                return _COMMANDS[args.command](args)
            except InputError as err:
                from grb.i18n import current

                heading = _("{source}: {n} problem(s) found").format(source=err.source or "input", n=len(err.problems))
                print(f"{heading}\n{err.table(current())}", file=sys.stderr)
                return _write_errors(err, getattr(args, "errors", None)) or 1
        except OutputError as err:
            print(_("grb: {reason}").format(reason=err), file=sys.stderr)
            return 1
        except OSError as err:  # disk full, a folder removed meanwhile: the place, not grb, is at fault
            reason = err.strerror or str(err)
            text = _("grb: cannot write {where}: {reason}") if err.filename else _("grb: {reason}")
            print(text.format(where=err.filename, reason=reason), file=sys.stderr)
            return 1


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse any output over an input, in a missing or read-only folder, before anything is written."""
    from grb.io.write import OutputError, check_outputs

    given = [getattr(args, name, None) for name in ("inputs", "previous", "input", "current")]
    inputs = [p for g in given if g for p in (g if isinstance(g, list) else [g])]  # batch gives lists
    if args.command == "batch":
        check_outputs(inputs=inputs, folders=[p for p in (args.output, args.csv) if p])
        return
    errors = getattr(args, "errors", None)
    if errors and errors.suffix.lower() not in (".csv", ".xlsx"):
        raise OutputError(_("--errors takes a .csv or .xlsx file, not {name}").format(name=errors.name))
    files = [p for p in (getattr(args, "output", None), errors) if p]
    check_outputs(files, inputs, folders=[args.csv] if getattr(args, "csv", None) else [])


@contextlib.contextmanager
def _language(lang: str | None, khmer_digits: bool) -> Iterator[None]:
    """Run a command in ``lang`` (None: English until a workbook says otherwise)."""
    from grb import i18n

    with i18n.language(lang, khmer_digits=khmer_digits):
        yield


def _commune_language(args: argparse.Namespace, communes: Any) -> str | None:
    """``--lang``, else the workbook's ``language`` field, else None (English): the writers' own rule."""
    from grb.report.people import report_language

    return report_language(communes, args.lang)


def _limits(args: argparse.Namespace):
    from grb.io.read import Limits

    given = {k: v for k, v in (("max_bytes", args.max_bytes), ("max_rows", args.max_rows)) if v}
    return Limits(**given)


def _template(args: argparse.Namespace) -> int:
    from grb.report.template import write_template

    with _language(args.lang, args.khmer_digits):
        write_template(args.output, lang=args.lang, force=args.force, commune_code=args.commune_code)
    print(_("wrote {path}").format(path=args.output))
    return 0


def _validate(args: argparse.Namespace) -> int:
    import grb

    data = grb.load(args.input, limits=_limits(args))
    commune = data.communes.iloc[0]
    with _language(_commune_language(args, data.communes), args.khmer_digits):
        print(
            _(
                "{input}: valid ({name}, {issues} gender issues, {interventions} interventions, {projects} projects)"
            ).format(
                input=args.input,
                name=commune["commune_name"],
                issues=len(data.gender_issues),
                interventions=len(data.interventions),
                projects=len(data.investment_plan),
            )
        )
        warnings = grb.analyze(data).checks
        warnings = warnings[warnings["code"].isin(WARNINGS_SHOWN_BY_VALIDATE)]
        if len(warnings):
            print(_("{n} warning(s):").format(n=len(warnings)))
            from grb.i18n import current
            from grb.problems import render_messages

            shown = render_messages(warnings, current())[["sheet", "row", "message"]]
            print(shown.to_string(index=False))
    return _write_errors(None, args.errors) or 0


def _analyze(args: argparse.Namespace) -> int:
    import grb
    from grb.io.write import atomic_output

    data = grb.load(args.input, limits=_limits(args))
    result = grb.analyze(data, as_of=args.as_of)
    lang = _commune_language(args, data.communes)
    inputs = (args.input,)
    with _language(lang, args.khmer_digits):
        # the report lands only if the CSV folder was written too: both outputs, or neither
        with atomic_output(args.output, inputs) as report:
            grb.write_report(result, report, inputs=inputs, lang=lang)
            if args.csv:
                grb.write_csv(result, args.csv, inputs=inputs)
        from grb.report.text import summary_lines

        print("\n".join(summary_lines(result, lang)))
        print(_("gap report: {path}").format(path=args.output))
        if args.csv:
            print(_("CSV files: {path}").format(path=args.csv))
    return 0


def _map(args: argparse.Namespace) -> int:
    import grb
    from grb.report.text import map_lines

    data = grb.load(args.input, limits=_limits(args))
    result = grb.analyze(data, as_of=args.as_of)
    with _language(_commune_language(args, data.communes), args.khmer_digits):
        print("\n".join(map_lines(result, _commune_language(args, data.communes))))
    return 0


def _as_program(command: str) -> None:
    """This process runs one grb command and ends: the cycle collector has little to do (see grb.schemas.memory)."""
    from grb.schemas.memory import collector_off, end_without_teardown, exit_without_collecting

    end_without_teardown()  # registered first: the last exit handler to run
    exit_without_collecting()
    if command != "batch":  # one workbook (or two): little memory at stake
        collector_off()


def _write_errors(err: InputError | None, path: Path | None) -> int:
    """``--errors FILE``: the problem table as .csv or .xlsx (an empty table when the input is valid).

    Returns the exit code: 1 when there were problems, else 0.
    """
    if path is not None:
        from grb.i18n import current
        from grb.problems import problems_frame
        from grb.report.problems import write_problems

        write_problems(err.problems_in(current()) if err else problems_frame([]), path)
    return 1 if err else 0


def _batch(args: argparse.Namespace) -> int:
    from grb import batch, batch_reports
    from grb.report.rollup import write_batch_csv, write_rollup

    reports_dir, rollup_path = args.output / "reports", args.output / "rollup.xlsx"
    language = {"lang": args.lang, "khmer_digits": args.khmer_digits}  # lang None: each workbook's own language
    jobs = args.jobs or batch.default_jobs()
    kwargs = {"usd_rate": args.usd_rate} if args.usd_rate else {}
    with batch_reports.report_writers(0 if args.no_reports else jobs) as writers:  # started before the batch grows
        run = batch.run(args.inputs, as_of=args.as_of, limits=_limits(args), jobs=jobs, **kwargs)
        args.output.mkdir(parents=True, exist_ok=True)
        reports = []
        if not args.no_reports:
            reports = batch_reports.write_reports(run, reports_dir, jobs=jobs, writers=writers, **language)
    tables = run.tables()
    facts = {"n_inputs": len(run.inputs), "usd_rate": run.usd_rate}
    with _language(args.lang, args.khmer_digits):
        followed = None
        if args.previous:  # last cycle's gaps, followed up for every paired commune at once (SPEC §4.2)
            from grb import batch_follow_up

            followed = batch_follow_up.run(run, args.previous, _limits(args))
            followed_tables = batch_follow_up.rollups(followed, run.usd_rate)
            tables |= followed_tables
        show = sys.stderr.isatty()
        batch.say(show, f"writing the roll-up {rollup_path}")
        write_rollup(tables, rollup_path, facts, run.inputs, as_of=args.as_of)
        if args.csv:
            batch.say(show, f"writing the CSV files in {args.csv}")
            write_batch_csv(tables, args.csv, run.inputs)
        if followed is not None:
            print("\n".join(batch_follow_up.write_outputs(followed, run, args.output, args.csv, followed_tables)))
        failed = run.problems["input"].unique().tolist()
        written = (
            _("no reports (--no-reports)")
            if args.no_reports
            else _("{n} reports in {folder}").format(n=len(reports), folder=reports_dir)
        )
        print(
            _("{n} inputs: {written}, roll-up {rollup}; {failed} failed validation").format(
                n=len(run.inputs), written=written, rollup=rollup_path, failed=len(failed)
            )
        )
        for name in failed:
            count = int((run.problems["input"] == name).sum())
            print("  " + _("{name}: {n} problem(s)").format(name=name, n=count), file=sys.stderr)
    return 1 if failed else 0


def _follow_up(args: argparse.Namespace) -> int:
    import grb
    from grb.io.write import atomic_output
    from grb.report.text import follow_up_lines

    inputs = (args.previous, args.current)
    done = grb.follow_up(args.previous, args.current, as_of=args.as_of, limits=_limits(args))
    lang = _commune_language(args, done.result.communes)
    with _language(lang, args.khmer_digits):
        with atomic_output(args.output, inputs) as report:  # both outputs, or neither
            grb.write_report(done.result, report, inputs=inputs, follow_up=done, lang=lang)
            if args.csv:
                grb.write_csv(done.result, args.csv, inputs=inputs, follow_up=done)
        print("\n".join(follow_up_lines(done, lang)))
        print(_("follow-up report: {path}").format(path=args.output))
        if args.csv:
            print(_("CSV files: {path}").format(path=args.csv))
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
