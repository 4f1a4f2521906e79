"""Time identification at national size: 40,000 schools × 3 years × several assessments.

Run: `.venv/bin/python benchmarks/identify_national.py [--schools 40000] [--files DIR]
[--memory]`. The data are generated (85 regions, ЕГЭ/ОГЭ/ВПР/НИКО in Russian and
mathematics, nine context indicators) for the window and the year before it.

By default (files mode) they are written as CSV files in the layout of CONTRACTS.md
(«Results and context files») — one results and one context file per year, English
headers with commas and Russian headers with semicolons in turn — to DIR (a temporary
directory without `--files`), and then `orientir identify --year … --results … --context
… --format json` runs end to end in a child process with its output going to a file. The
script prints file sizes and row counts, the command's stage times (it prints them to
stderr at `-v 2`), its wall time and its peak resident memory (max RSS of the child), and
checks that its flags agree with the in-memory run.

`--memory` runs the method in this process on the generated arrays instead, explanations
included, leaving files and database out so that the numbers measure the method.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientir.settings")
import django

django.setup()

from orientir.identification.engine import Dataset, identify  # noqa: E402
from orientir.identification.explain import Explainer  # noqa: E402
from orientir.identification.method import FLAGS, Settings  # noqa: E402

ASSESSMENTS = [("ЕГЭ", 11), ("ОГЭ", 9), ("ВПР", 4), ("ВПР", 5), ("ВПР", 6), ("ВПР", 7)]
SUBJECTS = ["Русский язык", "Математика", "Окружающий мир"]


def generate(schools: int, year: int, seed: int = 1) -> Dataset:
    """Results for the window and the year before it, and context for the window."""
    rng = np.random.default_rng(seed)
    region = rng.integers(0, 85, schools)
    quality = rng.normal(0, 1, schools)
    adversity = rng.normal(0, 1, schools) - 0.4 * quality
    names = sorted({a for a, _ in ASSESSMENTS})
    rows = []
    for y in range(year - 3, year + 1):
        for a, grade in ASSESSMENTS:
            for s in range(2):
                size = rng.integers(3, 120, schools)
                rows.append(
                    (np.arange(schools), np.full(schools, y), names.index(a), s, grade, size)
                )
    school = np.concatenate([r[0] for r in rows])
    n = np.concatenate([r[5] for r in rows])
    level = quality[school] + rng.normal(0, 0.7, len(school))
    failed = rng.binomial(n, 1 / (1 + np.exp(3.5 + level)))
    ege = np.concatenate([np.full(len(r[0]), r[2] == names.index("ЕГЭ")) for r in rows])
    mean = np.where(ege, np.clip(60 + 12 * level, 0, 100), np.nan)  # scores are 0–100
    data = Dataset(
        year=year,
        school_region=region,
        assessments=names,
        subjects=SUBJECTS,
        cell_school=school,
        cell_year=np.concatenate([r[1] for r in rows]),
        cell_assessment=np.concatenate([np.full(len(r[0]), r[2]) for r in rows]),
        cell_subject=np.concatenate([np.full(len(r[0]), r[3]) for r in rows]),
        cell_grade=np.concatenate([np.full(len(r[0]), r[4]) for r in rows]),
        cell_n=n,
        cell_failed=failed,
        cell_mean=mean,
    )
    return with_context(data, adversity, rng)


def with_context(data: Dataset, adversity: np.ndarray, rng: np.random.Generator) -> Dataset:
    schools = data.school_count
    codes = [
        "low_income_share",
        "single_parent_share",
        "parents_higher_ed_share",
        "unemployed_parents_share",
        "non_native_share",
        "special_needs_share",
        "transported_share",
        "rural",
        "teacher_vacancy_share",
    ]
    adverse = np.array([code != "parents_higher_ed_share" for code in codes])
    parts = []
    for y in range(data.year - 2, data.year + 1):
        for i, is_adverse in enumerate(adverse):
            present = rng.random(schools) > 0.1
            sign = 1 if is_adverse else -1
            value = 0.3 + 0.1 * sign * adversity + rng.normal(0, 0.05, schools)
            idx = np.flatnonzero(present)
            parts.append((idx, np.full(len(idx), y), np.full(len(idx), i), value[idx]))
    data.indicators, data.indicator_adverse = codes, adverse
    data.ctx_school = np.concatenate([p[0] for p in parts])
    data.ctx_year = np.concatenate([p[1] for p in parts])
    data.ctx_indicator = np.concatenate([p[2] for p in parts])
    data.ctx_value = np.concatenate([p[3] for p in parts])
    return data


def run_in_memory(schools: int) -> None:
    started = time.perf_counter()
    data = generate(schools, 2020)
    generated = time.perf_counter()
    outcome = identify(data, Settings())
    identified = time.perf_counter()
    explainer = Explainer(data, outcome)
    listed = [
        {"flags": explainer.flags(i), "explain": explainer.explain(i)}
        for i in np.flatnonzero(outcome.has_data)
    ]
    explained = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    flagged = {flag: int(mask.sum()) for flag, mask in outcome.flags.items()}
    print(f"schools: {schools}, cells: {len(data.cell_n)}, context values: {len(data.ctx_value)}")
    print(f"generate: {generated - started:.2f} s")
    print(f"identify (steps 1–9): {identified - generated:.2f} s")
    print(f"explanations for {len(listed)} schools: {explained - identified:.2f} s")
    print(f"total without generation: {explained - generated:.2f} s")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    print(f"flags: {flagged}")


ENGLISH_RESULTS = [
    "region",
    "municipality",
    "school_id",
    "school_name",
    "year",
    "assessment",
    "subject",
    "grade",
    "participants",
    "failed",
    "mean_score",
]
RUSSIAN_RESULTS = [
    "Регион",
    "Муниципалитет",
    "Код школы",
    "Школа",
    "Учебный год",
    "Процедура",
    "Предмет",
    "Класс",
    "Участников",
    "Не сдали",
    "Средний балл",
]
ENGLISH_CONTEXT = [
    "region",
    "municipality",
    "school_id",
    "school_name",
    "year",
    "indicator",
    "value",
]
RUSSIAN_CONTEXT = [
    "Регион",
    "Муниципалитет",
    "Код школы",
    "Школа",
    "Учебный год",
    "Показатель",
    "Значение",
]


def write_files(data: Dataset, folder: Path) -> tuple[list[Path], list[Path]]:
    """Write the dataset as CSV files, one results and one context file per year."""
    region = [f"Регион {r + 1:02d}" for r in data.school_region.tolist()]
    places = [
        (
            region[s],
            f"Район {data.school_region[s] + 1:02d}-{s % 7}",
            f"{data.school_region[s] + 1:02d}-{s:05d}",
            f"Школа № {s + 1}",
        )
        for s in range(data.school_count)
    ]
    results, context = [], []
    for number, year in enumerate(sorted(set(data.cell_year.tolist()))):
        russian = number % 2 == 1
        path = folder / f"results_{year}.csv"
        rows = np.flatnonzero(data.cell_year == year)
        with path.open("w", encoding="utf-8-sig" if russian else "utf-8", newline="") as file:
            writer = csv.writer(file, delimiter=";" if russian else ",")
            writer.writerow(RUSSIAN_RESULTS if russian else ENGLISH_RESULTS)
            columns = zip(
                data.cell_school[rows].tolist(),
                data.cell_assessment[rows].tolist(),
                data.cell_subject[rows].tolist(),
                data.cell_grade[rows].tolist(),
                data.cell_n[rows].tolist(),
                data.cell_failed[rows].tolist(),
                data.cell_mean[rows].tolist(),
                strict=True,
            )
            name = f"{year}/{year + 1}"
            writer.writerows(
                (
                    *places[s],
                    name,
                    data.assessments[a],
                    data.subjects[j],
                    g,
                    n,
                    f,
                    "" if m != m else repr(m),
                )
                for s, a, j, g, n, f, m in columns
            )
        results.append(path)
    for number, year in enumerate(sorted(set(data.ctx_year.tolist()))):
        russian = number % 2 == 0
        path = folder / f"context_{year}.csv"
        rows = np.flatnonzero(data.ctx_year == year)
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, delimiter=";" if russian else ",")
            writer.writerow(RUSSIAN_CONTEXT if russian else ENGLISH_CONTEXT)
            name = f"{year}/{year + 1}"
            writer.writerows(
                (*places[s], name, data.indicators[i], repr(v))
                for s, i, v in zip(
                    data.ctx_school[rows].tolist(),
                    data.ctx_indicator[rows].tolist(),
                    data.ctx_value[rows].tolist(),
                    strict=True,
                )
            )
        context.append(path)
    return results, context


def lines(path: Path) -> int:
    with path.open("rb") as file:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b"")) - 1


def run_on_files(schools: int, folder: Path) -> None:
    started = time.perf_counter()
    data = generate(schools, 2020)
    results, context = write_files(data, folder)
    written = time.perf_counter()
    print(f"schools: {schools}; files written to {folder} in {written - started:.1f} s")
    total_rows, total_bytes = 0, 0
    for path in results + context:
        rows, size = lines(path), path.stat().st_size
        total_rows, total_bytes = total_rows + rows, total_bytes + size
        print(f"  {path.name}: {rows} rows, {size / 2**20:.1f} MB")
    print(f"  all files: {total_rows} rows, {total_bytes / 2**20:.1f} MB")
    command = [sys.executable, "-m", "orientir", "identify", "--year", "2020/2021", "-v", "2"]
    for path in results:
        command += ["--results", str(path)]
    for path in context:
        command += ["--context", str(path)]
    command += ["--format", "json"]
    output = folder / "identify.json"
    mark = time.perf_counter()
    with output.open("w") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - mark
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"orientir identify … --format json: exit {done.returncode}, {wall:.2f} s wall")
    print(f"  stages: {done.stderr.strip()}")
    print(f"  peak memory of the command (max RSS): {peak_mb:.0f} MB")
    print(f"  output: {output.stat().st_size / 2**20:.1f} MB")
    if done.returncode != 0:
        sys.exit(1)
    with output.open() as file:
        document = json.load(file)
    from_files = {flag: 0 for flag in FLAGS}
    for school in document["schools"]:
        for flag in school["flags"]:
            from_files[flag] += 1
    outcome = identify(data, Settings())
    in_memory = {flag: int(mask.sum()) for flag, mask in outcome.flags.items()}
    print(f"  schools listed: {len(document['schools'])}; flags: {from_files}")
    same = "the same" if from_files == in_memory else f"DIFFERENT: {in_memory}"
    print(f"  flags of the in-memory run: {same}")
    verdict = "yes" if wall < 60 and peak_mb < 2048 else "NO"
    print(f"under 60 s and 2 GB: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=40_000)
    parser.add_argument("--files", type=Path, help="folder for the CSV files (default: temporary)")
    parser.add_argument("--memory", action="store_true", help="run in memory, without files")
    args = parser.parse_args()
    if args.memory:
        run_in_memory(args.schools)
    elif args.files is not None:
        args.files.mkdir(parents=True, exist_ok=True)
        run_on_files(args.schools, args.files)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run_on_files(args.schools, Path(folder))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
