"""Time the effect measurement at national size against identification on the same files.

Run: `.venv/bin/python benchmarks/effect_national.py [--schools 40000] [--files DIR]`. The
results and context of `identify_national.py` (85 regions, 40,000 schools, 4 years of
results, 3 of context) are written as its CSV files, and beside them a statuses file: in
2018/2019 the lowest tenth of schools (which starts no cohort), in 2019/2020 and 2020/2021
a new twentieth each from the lower half, some of the earlier ones leaving. Then, in one
run, `orientir identify --year 2020/2021 … --format json` and `orientir effect --results …
--context … --statuses … --format json` run end to end in child processes, each writing its
document to a file; the script prints both wall times and their ratio (target: at most 2).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from identify_national import generate, write_files

YEAR = 2020


def write_statuses(data: object, folder: Path, seed: int = 2) -> Path:
    """Statuses by the results of the year before, as a region's approvals would be."""
    rng = np.random.default_rng(seed)
    schools = data.school_count  # type: ignore[attr-defined]
    level = np.zeros(schools)
    for year in (YEAR - 3, YEAR - 2):  # what the 2018/2019 selection looked at
        rows = data.cell_year == year  # type: ignore[attr-defined]
        level += np.bincount(
            data.cell_school[rows],  # type: ignore[attr-defined]
            weights=data.cell_failed[rows] / data.cell_n[rows],  # type: ignore[attr-defined]
            minlength=schools,
        )
    order = np.argsort(-level, kind="stable")
    held = {YEAR - 2: set(order[: schools // 10].tolist())}
    lower = order[: schools // 2]
    for year in (YEAR - 1, YEAR):
        stay = {s for s in held[year - 1] if rng.random() > 0.15}
        fresh = rng.choice(lower, schools // 20, replace=False).tolist()
        held[year] = stay | {s for s in fresh if all(s not in h for h in held.values())}
    path = folder / "statuses.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["region", "school_id", "year", "status"])
        for year, schools_held in sorted(held.items()):
            for s in sorted(schools_held):
                region = data.school_region[s] + 1  # type: ignore[attr-defined]
                writer.writerow(
                    [
                        f"Регион {region:02d}",
                        f"{region:02d}-{s:05d}",
                        f"{year}/{year + 1}",
                        "low_results",
                    ]
                )
    return path


def timed(command: list[str], output: Path) -> float:
    mark = time.perf_counter()
    with output.open("w") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - mark
    if done.returncode != 0:
        print(f"{command[3]}: exit {done.returncode}: {done.stderr.strip()}")
        sys.exit(1)
    return wall


def run(schools: int, folder: Path) -> None:
    started = time.perf_counter()
    data = generate(schools, YEAR)
    results, context = write_files(data, folder)
    statuses = write_statuses(data, folder)
    print(f"schools: {schools}; files written to {folder} in {time.perf_counter() - started:.1f} s")
    files: list[str] = []
    for path in results:
        files += ["--results", str(path)]
    for path in context:
        files += ["--context", str(path)]
    base = [sys.executable, "-m", "orientir"]
    identify = [*base, "identify", "--year", f"{YEAR}/{YEAR + 1}", *files, "--format", "json"]
    effect = [*base, "effect", *files, "--statuses", str(statuses), "--format", "json"]
    identify_s = timed(identify, folder / "identify.json")
    effect_s = timed(effect, folder / "effect.json")
    with (folder / "effect.json").open() as file:
        document = json.load(file)
    for cohort in document["cohorts"]:
        shown = ", ".join(
            f"t={f['t']}: {f['estimate']} [{f['low']}; {f['high']}]" for f in cohort["effect"]
        )
        print(
            f"  cohort {cohort['year']}: {cohort['schools']} schools, "
            f"{cohort['matched']} matched; {shown}"
        )
    print(f"orientir identify (files, one year): {identify_s:.2f} s wall")
    print(f"orientir effect (files, every cohort): {effect_s:.2f} s wall")
    ratio = effect_s / identify_s
    print(f"effect / identify: {ratio:.2f} (target ≤ 2: {'yes' if ratio <= 2 else 'NO'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=40_000)
    parser.add_argument("--files", type=Path, help="folder for the CSV files (default: temporary)")
    args = parser.parse_args()
    if args.files is not None:
        args.files.mkdir(parents=True, exist_ok=True)
        run(args.schools, args.files)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run(args.schools, Path(folder))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
