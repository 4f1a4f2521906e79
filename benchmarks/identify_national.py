"""Time identification at national size: 40,000 schools × 3 years × several assessments.

Run: `.venv/bin/python benchmarks/identify_national.py [--schools 40000]`. The data are
generated (85 regions, ЕГЭ/ОГЭ/ВПР/НИКО in Russian and mathematics, nine context
indicators), then the method runs exactly as `orientir identify` runs it, explanations
included; the database is left out so that the numbers measure the method. Prints
wall time of each stage and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time

import numpy as np

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientir.settings")
import django

django.setup()

from orientir.results.explain import Explainer  # noqa: E402
from orientir.results.identification import Dataset, identify  # noqa: E402
from orientir.results.method import Settings  # noqa: E402

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
    mean = np.where(ege, 60 + 12 * level, np.nan)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=40_000)
    args = parser.parse_args()
    started = time.perf_counter()
    data = generate(args.schools, 2020)
    generated = time.perf_counter()
    outcome = identify(data, Settings())
    identified = time.perf_counter()
    explainer = Explainer(data, outcome)
    schools = [
        {"flags": explainer.flags(i), "explain": explainer.explain(i)}
        for i in np.flatnonzero(outcome.has_data)
    ]
    explained = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    flagged = {flag: int(mask.sum()) for flag, mask in outcome.flags.items()}
    print(
        f"schools: {args.schools}, cells: {len(data.cell_n)}, context values: {len(data.ctx_value)}"
    )
    print(f"generate: {generated - started:.2f} s")
    print(f"identify (steps 1–9): {identified - generated:.2f} s")
    print(f"explanations for {len(schools)} schools: {explained - identified:.2f} s")
    print(f"total without generation: {explained - generated:.2f} s")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    print(f"flags: {flagged}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
