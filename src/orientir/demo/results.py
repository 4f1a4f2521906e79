"""Three years of generated ЕГЭ, ОГЭ and ВПР results and social context for the demo region.

Each school gets a latent result level per year and a latent adversity, both chosen from
its statuses in `texts` (a ШНОР is low in the years it held the status, a ШНСУ has
adverse context), so that the identification method of IDENTIFICATION.md, run over the
data, finds ШНОР, ШНСУ, underperforming schools, resilient schools (two rural schools
without a status that do well in hard conditions) and one school whose sudden rise needs
verification. Counts are the expected ones of a normal distribution of pupils' scores,
rounded, so the data look real and the flags do not depend on luck.
"""

from __future__ import annotations

import math
import random

from orientir.demo import texts
from orientir.identification.method import Settings
from orientir.identification.models import IdentificationRun
from orientir.identification.runs import compute, identification_run
from orientir.registry.models import AcademicYear, Organisation, Region
from orientir.results.catalogue import BUILTIN_INDICATORS
from orientir.results.models import AssessmentKind, AssessmentResult, ContextIndicator, ContextValue

SEED = 5005
RESILIENT = (22, 39)  # rural schools without a status that do well in hard conditions
JUMP = 33  # low two years running, then suddenly among the best: needs verification
LOW, BORDERLINE, JUMP_LEVEL, RESILIENT_LEVEL = -1.4, -0.6, 1.6, 1.1
ADVERSE, NEAR_ADVERSE = 1.6, 0.6

BASE_LEVEL = {
    "lyceum": 0.8,
    "gymnasium": 0.8,
    "education_centre": 0.5,
    "sosh": 0.1,
    "oosh": -0.1,
    "nosh": -0.1,
    "boarding": -0.2,
    "evening": -0.5,
    "special": -0.5,
}
CLASS_SIZE = {
    "lyceum": 80,
    "gymnasium": 75,
    "education_centre": 70,
    "sosh": 55,
    "oosh": 13,
    "nosh": 11,
    "boarding": 20,
    "evening": 14,
    "special": 8,
}
RURAL_CLASS = 22  # a village secondary school

CORE = ("Русский язык", "Математика")
EGE_SUBJECTS = (  # subject, mean at an average school, minimum score, share of grade 11
    ("Русский язык", 68.0, 24, 1.0),
    ("Математика (профильный уровень)", 56.0, 27, 0.5),
    ("Обществознание", 57.0, 42, 0.45),
    ("Биология", 52.0, 36, 0.2),
)
EGE_BANDS = (  # band field and its upper bound of scores (below the minimum is its own band)
    ("band_upto_50", 50.5),
    ("band_51_60", 60.5),
    ("band_61_70", 70.5),
    ("band_71_90", 90.5),
    ("band_91_99", 99.5),
    ("band_100", math.inf),
)
MARK_CUTS = (-1.3, 0.0, 1.0)  # pupils' latent score: below −1.3 is «2», … above 1.0 is «5»


def _phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def _counts(n: int, shares: list[float]) -> list[int]:
    """Split `n` pupils by shares, rounding so that the counts add up to `n`."""
    counts = [round(n * s) for s in shares]
    largest = max(range(len(counts)), key=lambda i: counts[i])
    counts[largest] += n - sum(counts)
    while counts[largest] < 0:  # a handful of pupils over many bands rounds up past n
        short, counts[largest] = -counts[largest], 0
        largest = max(range(len(counts)), key=lambda i: counts[i])
        counts[largest] -= short
    return counts


def _grades(school_type: str) -> tuple[list[int], bool, bool]:
    """ВПР grades, whether the school has ОГЭ (grade 9) and ЕГЭ (grade 11)."""
    if school_type == "nosh":
        return [4], False, False
    if school_type == "evening":
        return [], True, True
    if school_type == "oosh":
        return [4, 5, 6, 7, 8], True, False
    return [4, 5, 6, 7, 8], True, True


def _level(spec: texts.SchoolSpec, base: float, ago: int) -> float:
    """The school's result level in a year, in pupils' standard deviations."""
    if spec.levels:  # the effect cohort and its look-alikes (demo/cohort.py)
        return spec.levels[2 - ago]
    if spec.number in RESILIENT:
        return RESILIENT_LEVEL
    if spec.number == JUMP and ago == 0:
        return JUMP_LEVEL
    low_years = {a for status, agos in spec.statuses if status == texts.LR for a in agos}
    if ago in low_years:
        return LOW
    if ago + 1 in low_years:  # recovering slowly: a steep rise would look like a jump
        return (LOW + BORDERLINE) / 2
    return BORDERLINE if low_years else base


def _adversity(spec: texts.SchoolSpec, rng: random.Random) -> float:
    adverse = [agos for status, agos in spec.statuses if status == texts.AC and 0 in agos]
    if spec.number in RESILIENT or any(2 in agos or spec.rural for agos in adverse):
        return ADVERSE + rng.gauss(0, 0.1)
    if adverse:
        return NEAR_ADVERSE  # a town school, ШНСУ only recently: the method does not confirm it
    if spec.school_type in ("lyceum", "gymnasium"):
        return -0.9 + rng.gauss(0, 0.1)
    return (0.1 if spec.rural else -0.5) + rng.gauss(0, 0.15)


def _marks(level: float, n: int, rng: random.Random) -> dict[str, object]:
    mu = 0.6 * level + rng.gauss(0, 0.08)
    edges = [_phi(cut - mu) for cut in MARK_CUTS]
    shares = [edges[0], edges[1] - edges[0], edges[2] - edges[1], 1 - edges[2]]
    marks = _counts(n, shares)
    mean = sum(mark * count for mark, count in zip((2, 3, 4, 5), marks, strict=True)) / n
    return {
        "failed": marks[0],
        "mean_score": round(mean, 2),
        **dict(zip(("mark_2", "mark_3", "mark_4", "mark_5"), marks, strict=True)),
    }


def _ege(level: float, n: int, average: float, minimum: int, rng: random.Random) -> dict:
    mean = average + 11 * level + rng.gauss(0, 1.5)
    sd = 16.0
    below = _phi((minimum - 0.5 - mean) / sd)
    shares, previous = [below], below
    for _, upper in EGE_BANDS:
        edge = 1.0 if upper == math.inf else _phi((upper - mean) / sd)
        shares.append(max(edge - previous, 0.0))
        previous = max(edge, previous)
    counts = _counts(n, shares)
    fields = ("band_below_min", *(name for name, _ in EGE_BANDS))
    return {
        "failed": counts[0],
        "mean_score": round(min(max(mean, 20.0), 95.0), 1),
        **dict(zip(fields, counts, strict=True)),
    }


def _school_results(
    school: Organisation, spec: texts.SchoolSpec, years: list[AcademicYear], rng: random.Random
) -> list[AssessmentResult]:
    rural_sosh = spec.rural and spec.school_type == "sosh"
    size = RURAL_CLASS if rural_sosh else CLASS_SIZE[spec.school_type]
    base = BASE_LEVEL[spec.school_type] + rng.gauss(0, 0.2)
    if any(status == texts.LEADER for status, _ in spec.statuses):
        base = max(base, 0.9)
    vpr, oge, ege = _grades(spec.school_type)
    rows = []
    for ago, year in zip((2, 1, 0), years, strict=True):
        level = _level(spec, base, ago) + rng.gauss(0, 0.05)

        def cell(
            kind: str,
            name: str,
            subject: str,
            grade: int,
            n: int,
            numbers: dict[str, object],
            year: AcademicYear = year,
        ) -> None:
            rows.append(
                AssessmentResult(
                    school=school,
                    academic_year=year,
                    kind=kind,
                    assessment=name,
                    subject=subject,
                    grade=grade,
                    participants=n,
                    **numbers,
                )
            )

        for grade in vpr:
            n = max(3, round(size * rng.uniform(0.85, 1.1)))
            for subject in CORE:
                cell(AssessmentKind.VPR, "ВПР", subject, grade, n, _marks(level, n, rng))
        if oge:
            n = max(3, round(size * rng.uniform(0.85, 1.05)))
            for subject in CORE:
                cell(AssessmentKind.OGE, "ОГЭ", subject, 9, n, _marks(level, n, rng))
        if ege:
            graduates = max(4, round(size * rng.uniform(0.45, 0.6)))
            for subject, average, minimum, share in EGE_SUBJECTS:
                n = max(1, round(graduates * share))
                numbers = _ege(level, n, average, minimum, rng)
                cell(AssessmentKind.EGE, "ЕГЭ", subject, 11, n, numbers)
    return rows


def _context_values(
    school: Organisation,
    spec: texts.SchoolSpec,
    years: list[AcademicYear],
    indicators: dict[str, ContextIndicator],
    rng: random.Random,
) -> list[ContextValue]:
    adversity = _adversity(spec, rng)
    rural = 1.0 if spec.rural else 0.0
    rows: list[ContextValue] = []
    for year in years:
        a = adversity + rng.gauss(0, 0.05)

        def share(base: float, slope: float, noise: float = 0.012, a: float = a) -> float:
            return round(min(max(base + slope * a + rng.gauss(0, noise), 0.0), 1.0), 3)

        values = {
            "low_income_share": share(0.14, 0.08),
            "single_parent_share": share(0.22, 0.05),
            "parents_higher_ed_share": share(0.38, -0.1),
            "unemployed_parents_share": share(0.09, 0.04),
            "non_native_share": share(0.05, 0.03, 0.01),
            "special_needs_share": share(0.05, 0.015, 0.006),
            "transported_share": share(0.04 + 0.06 * rural, 0.05, 0.01),
            "rural": rural,
            "teacher_vacancy_share": share(0.05, 0.03, 0.008),
            "teachers_highest_category_share": share(0.33, -0.08),
        }
        rows.extend(
            ContextValue(school=school, academic_year=year, indicator=indicators[code], value=v)
            for code, v in values.items()
        )
    return rows


def make_results(
    region: Region,
    years: list[AcademicYear],
    schools: list[tuple[Organisation, texts.SchoolSpec]],
) -> IdentificationRun:
    """Create the results and context of every demo school, then run identification.

    `years` run from the year before last to this year; `schools` pair each school with the
    spec the builder made it from.
    """
    rng = random.Random(SEED)
    indicators = _indicators()
    results: list[AssessmentResult] = []
    context: list[ContextValue] = []
    for school, spec in schools:
        results.extend(_school_results(school, spec, years, rng))
        context.extend(_context_values(school, spec, years, indicators, rng))
    AssessmentResult.objects.bulk_create(results, batch_size=1000)
    ContextValue.objects.bulk_create(context, batch_size=1000)
    return identify_demo(region, years[-1])


def identify_demo(region: Region, year: AcademicYear) -> IdentificationRun:
    computation = compute(year.start_year, [region], Settings())
    return identification_run(computation=computation, region=region, actor=None)


def _indicators() -> dict[str, ContextIndicator]:
    """The built-in catalogue (a data migration creates it; re-created if someone deleted it)."""
    found = {i.code: i for i in ContextIndicator.objects.filter(code__in=BUILTIN_INDICATORS)}
    for code, (name, direction) in BUILTIN_INDICATORS.items():
        if code not in found:
            found[code] = ContextIndicator.objects.create(
                code=code, name=name, direction=direction, builtin=True
            )
    return found
