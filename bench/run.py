"""Benchmark grb on synthetic national data sets; prints JSON (time in seconds, peak memory in MB).

Stages: reading the inputs, validating them (stacked), analysing (stacked), writing every report, writing the
roll-up. Each scale runs in its own process so its peak memory is its own. ``make bench`` runs 0.1, 1 and 10.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_scale(scale: float, jobs: int, reports: bool) -> dict:
    from grb.batch import write_reports
    from grb.engine import analyze
    from grb.io.read import read_sheets
    from grb.report.rollup import write_rollup
    from grb.schemas.validate import validate_many
    from grb.synthetic import generate

    out: dict = {"scale": scale}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        paths = generate(folder / "in", scale)
        out["communes"] = len(paths)
        out["generate_s"] = round(time.perf_counter() - t, 2)

        def stage(label, fn):
            t0 = time.perf_counter()
            value = fn()
            out[f"{label}_s"] = round(time.perf_counter() - t0, 3)
            out[f"{label}_peak_mb"] = round(peak_mb(), 1)
            return value

        books = stage("read", lambda: [read_sheets(p) for p in paths])
        data, problems = stage("validate", lambda: validate_many(books, [str(p) for p in paths]))
        assert problems.empty, problems.head()
        result = stage("analyze", lambda: analyze(data))
        out["interventions"] = len(result.interventions)
        out["projects"] = len(result.investment_plan)
        from grb.batch import Batch

        batch = Batch(paths, result, problems.assign(input="").drop(columns="key"))
        if reports:
            stage("reports", lambda: write_reports(batch, folder / "reports", jobs=jobs, progress=False))
        stage("rollup", lambda: write_rollup(batch, folder / "rollup.xlsx"))
    return out


def help_time() -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "grb.cli", "--help"], capture_output=True, check=True)
    return round(time.perf_counter() - t, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="0.1,1,10")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--no-reports-above",
        type=float,
        default=1.0,
        help="skip writing every report for scales above this (10x writes 16,520 workbooks)",
    )
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one_scale(args.one, args.jobs, args.one <= args.no_reports_above)))
        return
    runs = []
    for scale in map(float, args.scales.split(",")):
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(scale),
                "--jobs",
                str(args.jobs),
                "--no-reports-above",
                str(args.no_reports_above),
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(done.stderr)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(runs[-1]), file=sys.stderr)
    machine = {
        "python": platform.python_version(),
        "cpus": __import__("os").cpu_count(),
        "platform": platform.platform(),
    }
    print(json.dumps({"machine": machine, "grb_help_s": help_time(), "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
