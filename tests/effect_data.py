"""A region of schools for the effect tests: results, context and statuses, as files.

Each school has a quality q; its ОГЭ Математика mean score in a year is 50 + 10·(q + noise),
one cell per school and year, so the school result R is the cell's z and y is R itself
(EFFECT.md). The target schools of the cohort are drawn from the lower half by the scores
of the year before it, so that schools just as low stay out of the programme; they gain
`gain` score points from their first year on. The expected effect is
the gain over the population sd of the scores that year.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MUNICIPALITIES = ["Вишнёвский район", "Степнянский район", "город Лесногорск"]
INDICATORS = ["low_income_share", "non_native_share", "special_needs_share"]


@dataclass
class Region:
    schools: int = 400
    years: tuple[int, ...] = (2016, 2017, 2018, 2019, 2020)
    cohort: int = 2018  # the year the programme starts for the low schools
    targets: int = 40
    gain: float = 0.0  # score points the cohort's schools gain from year `cohort` on
    seed: int = 7
    region: str = "Энская область"
    first_code: int = 3400
    scores: dict[tuple[int, int], float] = field(default_factory=dict)

    def codes(self) -> list[str]:
        return [f"{self.first_code + i:05d}" for i in range(self.schools)]

    def generate(self) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
        rng = np.random.default_rng(self.seed)
        quality = rng.normal(0, 1, self.schools)
        adversity = rng.normal(0, 1, (len(INDICATORS), self.schools)) - 0.5 * quality
        noise = rng.normal(0, 0.3, (len(self.years), self.schools))
        # Chosen as a status is, on the results of the year before: from the lower half then,
        # at random, so that schools just as low stay out of the programme.
        before = quality + noise[self.years.index(self.cohort - 1)]
        lower = np.argsort(before, kind="stable")[: self.schools // 2]
        target = np.sort(rng.choice(lower, self.targets, replace=False))
        is_target = np.zeros(self.schools, dtype=bool)
        is_target[target] = True
        earlier = np.argsort(adversity.mean(axis=0))[::-1][:10]  # the most adverse, in order
        earlier = np.array([i for i in earlier.tolist() if not is_target[i]], dtype=np.int64)
        results, context, statuses = [], [], []
        codes = self.codes()
        for year in self.years:
            score = (
                50
                + 10 * (quality + noise[self.years.index(year)])
                + np.where(is_target & (year >= self.cohort), self.gain, 0)
            )
            for i, code in enumerate(codes):
                place = MUNICIPALITIES[i % len(MUNICIPALITIES)]
                n = 20 + i % 40
                failed = round(n * max(0.0, min(1.0, (45 - score[i]) / 40)))
                results.append(
                    [
                        self.region,
                        place,
                        code,
                        f"МБОУ СОШ № {i + 1}",
                        f"{year}/{year + 1}",
                        "ОГЭ",
                        "Математика",
                        "9",
                        str(n),
                        str(failed),
                        f"{score[i]:.3f}",
                    ]
                )
                self.scores[(i, year)] = float(score[i])
                for j, indicator in enumerate(INDICATORS):
                    value = 20 + 5 * adversity[j, i] + rng.normal(0, 0.5)
                    context.append(
                        [
                            self.region,
                            place,
                            code,
                            f"МБОУ СОШ № {i + 1}",
                            f"{year}/{year + 1}",
                            indicator,
                            f"{value:.2f}",
                        ]
                    )
            if year >= self.cohort - 1:  # an earlier group (ШНСУ) from the year before on
                for i in earlier.tolist():
                    statuses.append([codes[i], f"{year}/{year + 1}", "adverse_conditions"])
            if year >= self.cohort:
                for i in sorted(target.tolist()):
                    statuses.append([codes[i], f"{year}/{year + 1}", "low_results"])
        return results, context, statuses

    def expected(self, year: int) -> float:
        """The gain in y: score points over the population sd of that year's scores."""
        values = np.array([self.scores[(i, year)] for i in range(self.schools)])
        return self.gain / float(values.std())

    def write(self, folder: Path) -> tuple[Path, Path, Path]:
        results, context, statuses = self.generate()
        paths = folder / "results.csv", folder / "context.csv", folder / "statuses.csv"
        _write(
            paths[0],
            [
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
            ],
            results,
        )
        _write(
            paths[1],
            ["region", "municipality", "school_id", "school_name", "year", "indicator", "value"],
            context,
        )
        _write(paths[2], ["school_id", "year", "status"], statuses)
        return paths


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)


def load(spec: Region, municipalities: list, first_schools: tuple = ()) -> list:
    """Put the region's schools, results, context and statuses into the database; the
    schools `first_schools` (already there) stand for the first target schools. Returns the
    schools in the generator's order."""
    from orientir.registry.models import AcademicYear, Organisation, SchoolStatus
    from orientir.results.models import AssessmentResult, ContextIndicator, ContextValue

    results, context, statuses = spec.generate()
    codes = spec.codes()
    years = {y: AcademicYear.objects.get_or_create(start_year=y)[0] for y in spec.years}
    region = municipalities[0].region
    targets = sorted({row[0] for row in statuses if row[2] == "low_results"})
    stand_in = dict(zip(targets, first_schools, strict=False))  # fewer stand-ins than targets
    new = [
        Organisation(
            kind=Organisation.Kind.SCHOOL,
            name=f"Муниципальное бюджетное общеобразовательное учреждение СОШ № {code[-3:]}",
            short_name=f"МБОУ СОШ № {code[-3:]}",
            region=region,
            municipality=municipalities[i % len(municipalities)],
            code=f"{region.code}-{code}",
        )
        for i, code in enumerate(codes)
        if code not in stand_in
    ]
    Organisation.objects.bulk_create(new)
    made = iter(Organisation.objects.filter(code__in=[s.code for s in new]).order_by("code"))
    school = {code: stand_in.get(code) or next(made) for code in codes}
    indicators = {i.code: i for i in ContextIndicator.objects.filter(code__in=INDICATORS)}
    AssessmentResult.objects.bulk_create(
        AssessmentResult(
            school=school[row[2]],
            academic_year=years[int(row[4][:4])],
            kind="oge",
            assessment="ОГЭ",
            subject="Математика",
            grade=9,
            participants=int(row[8]),
            failed=int(row[9]),
            mean_score=float(row[10]),
        )
        for row in results
    )
    ContextValue.objects.bulk_create(
        ContextValue(
            school=school[row[2]],
            academic_year=years[int(row[4][:4])],
            indicator=indicators[row[5]],
            value=float(row[6]),
        )
        for row in context
    )
    SchoolStatus.objects.bulk_create(
        [
            SchoolStatus(school=school[code], academic_year=years[int(year[:4])], status=status)
            for code, year, status in statuses
        ],
        ignore_conflicts=True,
    )
    return [school[code] for code in codes]
