"""Peak memory and time of identification over the database, against the same data as files.

Run on a database filled by `orientir generate` (PostgreSQL: set DATABASE_URL):
`.venv/bin/python benchmarks/identify_database.py [--year 2026/2027] [--repeat 3]
[--files DIR]`. The script writes the database's results and context as CSV files in the
layout of CONTRACTS.md (to DIR, or a temporary directory), then runs in child processes, in
turn, `orientir identify --year … --no-save --format json` over the database and the same
command with `--results … --context …` over the files, and prints for each the median wall
time and the peak resident memory (max RSS of the child), beside the max RSS of a child that
only loads the command (`identify --help`). The two documents must be the same byte for
byte: rows are written in the order the database path reads them, so even the order of
failing cells and indicators in the explanations agrees. The year defaults to the latest
year with results.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientir.settings")
import django

django.setup()

from django.db.models import Max  # noqa: E402

from orientir.results.models import AssessmentResult, ContextValue  # noqa: E402

PLACE = ("school__region__name", "school__municipality__name", "school__code", "school__name")
RESULTS = "region,municipality,school_id,school_name,year,assessment,subject,grade,participants,"
RESULTS += "failed,mean_score"
# The order the database path reads results in (`runs.RESULT_ORDER`), written out so that the
# script also measures a checkout from before it (`PYTHONPATH=OLD/src`).
RESULT_ORDER = ("academic_year__start_year", "assessment", "subject", "grade", "pk")
CONTEXT = "region,municipality,school_id,school_name,year,indicator,value,direction"


def write_files(folder: Path) -> tuple[Path, Path, int]:
    """The database's results and context as two CSV files; also the rows written."""
    rows = 0
    results = folder / "results.csv"
    with results.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(RESULTS.split(","))
        for *place, year, assessment, subject, grade, n, failed, mean in (
            AssessmentResult.objects.order_by(*RESULT_ORDER)
            .values_list(
                *PLACE,
                "academic_year__start_year",
                "assessment",
                "subject",
                "grade",
                "participants",
                "failed",
                "mean_score",
            )
            .iterator(chunk_size=10_000)
        ):
            writer.writerow(
                [
                    *place,
                    f"{year}/{year + 1}",
                    assessment,
                    subject,
                    "" if grade is None else grade,
                    n,
                    failed,
                    "" if mean is None else repr(mean),
                ]
            )
            rows += 1
    context = folder / "context.csv"
    with context.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(CONTEXT.split(","))
        for *place, year, code, value, direction in (
            ContextValue.objects.order_by("pk")
            .values_list(
                *PLACE,
                "academic_year__start_year",
                "indicator__code",
                "value",
                "indicator__direction",
            )
            .iterator(chunk_size=10_000)
        ):
            writer.writerow([*place, f"{year}/{year + 1}", code, repr(value), direction])
            rows += 1
    return results, context, rows


def run(arguments: list[str], output: Path) -> tuple[float, float]:
    """Run `orientir …` in a child process; its wall seconds and max RSS in MB."""
    command = [sys.executable, "-m", "orientir", *arguments]
    started = time.perf_counter()
    with output.open("w") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if child.returncode != 0:
        assert child.stderr is not None
        sys.exit(f"orientir {' '.join(arguments)}: exit {child.returncode}\n{child.stderr.read()}")
    return wall, usage.ru_maxrss / 1024


def measure(folder: Path, year: str, repeat: int) -> None:
    mark = time.perf_counter()
    results, context, rows = write_files(folder)
    print(f"{rows} rows of results and context written to {folder}", end=" ")
    print(f"in {time.perf_counter() - mark:.1f} s")
    base = ["identify", "--year", year, "--format", "json"]
    modes = {
        "database": [*base, "--no-save"],
        "files": [*base, "--results", str(results), "--context", str(context)],
    }
    _, idle = run(["identify", "--help"], folder / "help.txt")
    print(f"the command only loaded (identify --help): max RSS {idle:.0f} MB")
    figures: dict[str, list[tuple[float, float]]] = {mode: [] for mode in modes}
    for _ in range(repeat):
        for mode, arguments in modes.items():
            figures[mode].append(run(arguments, folder / f"{mode}.json"))
    for mode, runs in figures.items():
        wall = statistics.median(w for w, _ in runs)
        peak = max(m for _, m in runs)
        size = (folder / f"{mode}.json").stat().st_size / 2**20
        print(f"{mode}: median {wall:.2f} s of {repeat}, max RSS {peak:.0f} MB, {size:.1f} MB out")
    same = (folder / "database.json").read_bytes() == (folder / "files.json").read_bytes()
    print("database and files print the same document:", "yes" if same else "NO")
    if not same:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", help="учебный год, 2026/2027 (по умолчанию последний)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files", type=Path, help="folder for the CSV files (default: temporary)")
    args = parser.parse_args()
    year = args.year
    if year is None:
        last = AssessmentResult.objects.aggregate(last=Max("academic_year__start_year"))["last"]
        if last is None:
            sys.exit("No results in the database: fill it with `orientir generate` first.")
        year = f"{last}/{last + 1}"
    if args.files is not None:
        args.files.mkdir(parents=True, exist_ok=True)
        measure(args.files, year, args.repeat)
    else:
        with tempfile.TemporaryDirectory() as folder:
            measure(Path(folder), year, args.repeat)


if __name__ == "__main__":
    main()
