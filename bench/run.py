"""Benchmark the ``grb batch`` command end to end beside the floor it is held against, measured in the same run.

For each scale (1 = the 1,652 communes of Cambodia) it generates a synthetic national set with
``grb.synthetic`` (or uses ``--data``), then times, in this order and on the same files:

- the **floor** (the method of the project's national floor script, copied here so the repository stands
  alone): calamine reading every input in as many processes as cores, then xlsxwriter writing a workbook of
  the same cells per input, also on every core, with no analysis;
- ``grb batch DIR -o OUT --csv CSV`` with its default options (every report), and with ``--no-reports``,
  each as a separate command, with the peak memory of all its processes together (the command and its
  workers, sampled with psutil when it is installed; otherwise the command's own peak plus its largest
  worker's times the number of workers, an upper bound);
- ``grb analyze`` of one commune beside the time to import the libraries it uses.

Timings on a shared machine are noisy: each figure is the best of ``--repeat`` runs, floor and grb alike.
Prints one JSON line per measurement to stderr and a JSON summary with the ratios to stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

LIBRARIES = "import numpy, pandas, pandera.pandas, python_calamine, xlsxwriter, rapidfuzz"  # what `grb analyze` imports


# --- the floor (copied method: read every input, then write its cells, on every core) ---------------------
def _read(path: str) -> dict[str, list]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _read_count(path: str) -> int:
    return sum(len(rows) for rows in _read(path).values())


def _write(args: tuple[str, str]) -> int:
    import xlsxwriter

    path, out = args
    book = xlsxwriter.Workbook(os.path.join(out, os.path.basename(path)), {"in_memory": True})
    for name, rows in _read(path).items():
        ws = book.add_worksheet(name[:31])
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    book.close()
    return 1


def floor(folder: Path) -> dict:
    files = sorted(glob.glob(str(folder / "*.xlsx")))
    with Pool(os.cpu_count()) as pool:
        t = time.perf_counter()
        pool.map(_read_count, files, chunksize=16)
        read_s = time.perf_counter() - t
        with tempfile.TemporaryDirectory() as out:
            t = time.perf_counter()
            pool.map(_write, [(f, out) for f in files], chunksize=16)
            write_s = time.perf_counter() - t - read_s
    return {"files": len(files), "read_s": round(read_s, 2), "write_s": round(max(write_s, 0.01), 2)}


# --- grb itself, as a user runs it ------------------------------------------------------------------------
def timed_command(args: list[str]) -> dict:
    """Run a command; its wall time and the peak of the summed resident memory of it and its children."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = _watch(proc)
    stderr = proc.communicate()[1]
    seconds = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        raise SystemExit(stderr.decode(errors="replace"))
    return {"s": round(seconds, 2), "peak_mb": round(peak, 1), "exit": proc.returncode}


def _watch(proc: subprocess.Popen) -> float:
    """Peak MB of the process tree: sampled every 100 ms with psutil, or bounded from rusage without it.

    Each process counts its proportional set size (PSS) where the system gives it (Linux): forked workers share
    the parent's pages copy-on-write, and summed RSS would count those pages once per worker. PSS is read from
    ``/proc/PID/smaps_rollup`` (one line the kernel sums), not ``smaps`` (a record per mapping, which psutil
    parses): on two cores, a sampler parsing ``smaps`` of a 3 GB process 20 times a second took CPU from the
    command it was timing.
    """
    try:
        import psutil
    except ImportError:
        proc.wait()
        largest_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return largest_child * (1 + (os.cpu_count() or 1))
    peak, root = 0.0, psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            total = sum(_memory(p) for p in tree if p.is_running())
        except psutil.Error:
            continue
        peak = max(peak, total / 2**20)
        # wait for the end rather than sleep: a sleep made a command's time end on the next 100 ms sample
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.1)
    return peak


def _memory(process) -> int:
    """A process's proportional set size (its shared pages divided among their sharers), else its RSS."""
    try:
        with open(f"/proc/{process.pid}/smaps_rollup") as rollup:
            return next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration, ValueError):
        pass
    try:
        return process.memory_full_info().pss
    except (AttributeError, OSError):
        return process.memory_info().rss


def grb_batch(folder: Path, extra: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as out:
        command = [*_grb(), "batch", str(folder), "-o", f"{out}/out", "--csv", f"{out}/csv"]
        return timed_command([*command, *extra])


def _grb() -> list[str]:
    """The ``grb`` command as a user types it: the console script beside this Python (else ``python -m grb``)."""
    script = Path(sys.executable).with_name("grb")
    return [str(script)] if script.exists() else [sys.executable, "-m", "grb"]


def compile_grb() -> None:
    """Compile grb's bytecode, as ``pip install`` does for any package (and did for the libraries it is compared
    with): an editable install leaves it to Python's first run, and ``PYTHONDONTWRITEBYTECODE`` stops even that,
    so every command compiled grb's modules from source again (45 ms)."""
    package = Path(__file__).resolve().parents[1] / "grb"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def one_commune(repeat: int = 10) -> dict:
    """``grb analyze`` of the workshop commune beside importing its libraries (best of ``repeat``, interleaved).

    Both are timed as plain commands (no memory sampling) and on equal terms: grb's bytecode compiled
    (:func:`compile_grb`) as the libraries' was, and ``grb analyze`` run as the console script a user types, not
    ``python -m grb.cli``, whose module Python compiles from source on every run.
    """
    compile_grb()
    sample = Path(__file__).resolve().parents[1] / "sample_budgets" / "workshop_commune.xlsx"
    grb = _grb()
    analyze, imports = [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(repeat):
            analyze.append(_wall([*grb, "analyze", str(sample), "-o", f"{out}/r.xlsx"]))
            imports.append(_wall([sys.executable, "-c", LIBRARIES]))
    return {
        "analyze_s": round(min(analyze), 3),
        "import_libraries_s": round(min(imports), 3),
        "ratio": round(min(analyze) / min(imports), 2),
    }


def _wall(args: list[str]) -> float:
    """A command's wall time in seconds."""
    t = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def best(runs: list[dict], key: str = "s") -> dict:
    return min(runs, key=lambda r: r[key])


def generate(folder: Path, scale: float, seed: int = 2026) -> list[Path]:
    """``grb.synthetic.generate``, but every commune code unique: above 1x the gazetteer's codes repeat, and a
    batch counts a repeated commune once (the others fail as duplicates), which would time a tenth of the work."""
    import numpy as np

    from grb.synthetic import N_COMMUNES, commune_book, places, write_book

    folder.mkdir(parents=True, exist_ok=True)
    rng, seen, paths = np.random.default_rng(seed), set(), []
    for i, (code, *names) in enumerate(places(max(1, round(N_COMMUNES * scale)))):
        code = code if code not in seen else f"9{i:05d}"
        seen.add(code)
        paths.append(write_book(folder / f"commune_{i:05d}.xlsx", commune_book(rng, (code, *names))))
    return paths


def one_scale(scale: float, repeat: int, data: Path | None, reports: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = data if data is not None else Path(tmp) / "in"
        if folder != data:
            t = time.perf_counter()
            generate(folder, scale)
            print(json.dumps({"scale": scale, "generate_s": round(time.perf_counter() - t, 1)}), file=sys.stderr)
        runs: dict[str, list[dict]] = {"floor": [], "batch": [], "no_reports": []}
        for _ in range(repeat):  # interleaved, so that a busy spell of the machine hits every measure
            runs["floor"].append(floor(folder))
            if reports:
                runs["batch"].append(grb_batch(folder, []))
            runs["no_reports"].append(grb_batch(folder, ["--no-reports"]))
            print(json.dumps({"scale": scale, **{k: v[-1] for k, v in runs.items() if v}}), file=sys.stderr)
    fl = {"read_s": min(r["read_s"] for r in runs["floor"]), "write_s": min(r["write_s"] for r in runs["floor"])}
    out = {"scale": scale, "communes": runs["floor"][0]["files"], "floor": fl}
    out["no_reports"] = best(runs["no_reports"]) | {
        "x_read_floor": round(best(runs["no_reports"])["s"] / fl["read_s"], 1)
    }
    if reports:
        b = best(runs["batch"])
        out["batch"] = b | {"x_floor": round(b["s"] / (fl["read_s"] + fl["write_s"]), 1)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10", help="multiples of the 1,652 communes (default 1,10)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each measure at scale 1 (best kept)")
    parser.add_argument(
        "--data", default="", help="existing input folders for the scales, in order, comma-separated (else generated)"
    )
    parser.add_argument("--no-reports-above", type=float, default=100.0, help="skip the full batch above this scale")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)  # only write --scales' first set there
    args = parser.parse_args()
    if args.generate:
        print(len(generate(args.generate, float(args.scales.split(",")[0]))))
        return
    compile_grb()
    runs = []
    scales = [float(s) for s in args.scales.split(",")]
    folders = [Path(d) for d in args.data.split(",") if d] + [None] * len(scales)
    for scale, data in zip(scales, folders, strict=False):
        repeat = args.repeat if scale <= 1 else 1  # the 10x run is long: once
        runs.append(one_scale(scale, repeat, data, scale <= args.no_reports_above))
        print(json.dumps(runs[-1]), file=sys.stderr)
    if len(runs) > 1:  # how time grows with the number of communes (first scale to last)
        first, last = runs[0], runs[-1]
        growth = {"communes_ratio": round(last["communes"] / first["communes"], 1)}
        for kind in ("batch", "no_reports"):
            if kind in first and kind in last:
                growth[f"{kind}_time_ratio"] = round(last[kind]["s"] / first[kind]["s"], 1)
        runs.append(growth)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    print(json.dumps({"machine": machine, "one_commune": one_commune(), "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
