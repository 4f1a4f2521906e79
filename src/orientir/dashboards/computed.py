"""Indicators Ориентир computes from its own data: a small registry of named sources.

A source counts, for territories of one level and some academic years, how many of
something there are and how many of them meet a condition; its value is the share in
percent. A target indicator of a plan may be bound to a source (`Indicator.computed_source`
keeps the code); its actual value is then read here each time it is shown, for the plan's
territory, never stored.

Sources read several apps (plans, execution, registry, results), so the registry lives in
this layer above them. Adding one is one counting function and one registration:

    @computed_source("code", "Доля …", direction=DECREASE, counts=("школы", "школ"))
    def _count(level, ids, years, today): ...

or, for a function written in another app below this one, `register(ComputedSource(...))`
here. The function takes plain values — the level ("region", "municipality" or "school"),
the territories' ids, the start years, the day it is read — and returns
`{(territory id, start year): (how many meet, how many counted)}`; a pair it leaves out has
nothing counted. It must run a fixed number of queries whatever the number of territories.

Counts ignore who reads them: the pages ask only for territories the reader sees, and a
share discloses no record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.db.models import Min, Q, Sum

from orientir.effect.selectors import cohort_exit_counts
from orientir.execution.selectors import evidence_sums
from orientir.indicators.models import Indicator, IndicatorValue, achieved
from orientir.lib.russian import plural
from orientir.plans.deadlines import DeadlineKind
from orientir.plans.models import Activity, Plan
from orientir.plans.progress import Progress
from orientir.registry.models import TARGET_STATUSES, Partnership, Region, SchoolStatus
from orientir.results.models import AssessmentKind, AssessmentResult

Level = Literal["region", "municipality", "school"]
LEVELS: tuple[Level, ...] = ("region", "municipality", "school")
LEVEL_NAMES = {"region": "региона", "municipality": "муниципалитета", "school": "школы"}
Counts = Mapping[tuple[int, int], tuple[int, int]]
CountFunction = Callable[[Level, Sequence[int], Sequence[int], dt.date], Counts]
INCREASE, DECREASE = Indicator.Direction.INCREASE.value, Indicator.Direction.DECREASE.value


@dataclass(frozen=True)
class ComputedSource:
    code: str
    name: str
    count: CountFunction
    direction: str = INCREASE  # an Indicator.Direction value
    unit: str = "%"
    levels: tuple[Level, ...] = LEVELS
    # What is counted, after «из N»: one (из 21 школы) and many (из 40 школ).
    counts: tuple[str, str] = ("", "")
    description: str = ""
    # Patterns over a normalised indicator name (see `normalised`) that propose this source.
    matches: tuple[str, ...] = ()

    def proposed_for(self, name: str) -> bool:
        text = normalised(name)
        return any(re.search(pattern, text) for pattern in self.matches)

    @property
    def direction_label(self) -> str:
        return str(Indicator.Direction(self.direction).label)


@dataclass(frozen=True)
class Measure:
    """How many meet the condition out of how many were counted."""

    met: int
    counted: int
    counts: tuple[str, str] = ("", "")

    @property
    def value(self) -> Decimal | None:
        if not self.counted:
            return None
        share = Decimal(self.met) * 100 / Decimal(self.counted)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def explanation(self) -> str:
        """«12 из 40 школ»: what the share is taken over."""
        one, many = self.counts
        noun = plural(self.counted, one, many, many) if one else ""
        return f"{self.met} из {self.counted} {noun}".rstrip()


SOURCES: dict[str, ComputedSource] = {}


def register(source: ComputedSource) -> ComputedSource:
    if source.code in SOURCES:
        raise ValueError(f"computed source {source.code!r} is registered twice")
    SOURCES[source.code] = source
    return source


def computed_source(
    code: str, name: str, **options: Any
) -> Callable[[CountFunction], CountFunction]:
    """Register the decorated counting function as a source named `name`."""

    def decorate(count: CountFunction) -> CountFunction:
        register(ComputedSource(code, name, count, **options))
        return count

    return decorate


def get(code: str) -> ComputedSource | None:
    return SOURCES.get(code)


def for_level(level: Level) -> list[ComputedSource]:
    return [s for s in SOURCES.values() if level in s.levels]


def proposal(name: str, level: Level) -> ComputedSource | None:
    """The source an indicator of this name could be bound to, if its name says so."""
    return next((s for s in for_level(level) if s.proposed_for(name)), None)


def normalised(name: str) -> str:
    """The name as compared: lower case, ё as е, one space, no space after a hyphen, no
    closing full stop — «Доля  школ,  включённых в сетевое взаимодействие.» and «доля школ,
    включенных в сетевое взаимодействие» are one name."""
    text = name.casefold().replace("ё", "е")
    text = re.sub(r"[«»\"“”„]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    return text.rstrip(" .;:")


def plan_territory(plan: Plan) -> tuple[Level, int]:
    """The territory a plan's indicators measure: its school, municipality or region."""
    if plan.school_id:
        return "school", plan.school_id
    if plan.municipality_id:
        return "municipality", plan.municipality_id
    return "region", plan.region_id


Request = tuple[str, Level, int]  # source code, level, territory id


def measures(
    requests: Iterable[Request], years: Sequence[int], today: dt.date
) -> dict[tuple[str, Level, int, int], Measure]:
    """Measure each requested (source, level, territory) for each year.

    One call of each source per level, whatever the number of territories; an unknown code
    or a level the source does not serve measures nothing.
    """
    wanted: dict[tuple[str, Level], set[int]] = defaultdict(set)
    for code, level, pk in requests:
        source = SOURCES.get(code)
        if source is not None and level in source.levels:
            wanted[code, level].add(pk)
    found: dict[tuple[str, Level, int, int], Measure] = {}
    for (code, level), ids in wanted.items():
        source = SOURCES[code]
        counted = source.count(level, sorted(ids), list(years), today)
        for (pk, year), (met, total) in counted.items():
            if pk in ids and year in years:
                found[code, level, pk, year] = Measure(met, total, source.counts)
    return found


@dataclass(frozen=True)
class PlannedValue:
    """What judging one value of an indicator needs: a row read as plain values, since a
    dashboard judges every indicator of a territory's plans."""

    pk: int
    plan_id: int
    computed_source: str
    direction: str
    planned: Decimal | None
    actual: Decimal | None


def planned_values(
    plan_ids: Iterable[int], year: int, *, planned: bool = False
) -> list[PlannedValue]:
    """The values of the plans' indicators for the academic year starting in `year` (only
    those with a planned value if `planned`); one query."""
    rows = IndicatorValue.objects.filter(
        indicator__plan__in=list(plan_ids), academic_year__start_year=year
    )
    if planned:
        rows = rows.filter(planned__isnull=False)
    fields = ("pk", "indicator__plan", "indicator__computed_source", "indicator__direction")
    return [PlannedValue(*row) for row in rows.values_list(*fields, "planned", "actual")]


def shown_fact(typed: Any, bound: bool, measure: Measure | None) -> tuple[Any, str]:
    """The fact shown for one year, with its explanation: the typed one, or for an indicator
    bound to a source the computed one (none when the source had nothing to count)."""
    if not bound:
        return typed, ""
    return (measure.value, measure.explanation) if measure else (None, "")


def achievements(
    values: Iterable[PlannedValue], plans: Mapping[int, Plan], year: int, today: dt.date
) -> dict[int, bool | None]:
    """Whether each value of `year` meets its plan, as the plan page shows it: by the typed
    fact, or by the computed one where the indicator is bound to a source, so that a
    dashboard counts the same achievement the plan page shows. `plans` holds the values'
    plans by id; one call of each source, whatever the number of values."""
    listed = list(values)
    requests = [
        (v.computed_source, *plan_territory(plans[v.plan_id]))
        for v in listed
        if v.computed_source and v.plan_id in plans
    ]
    found = measures(requests, [year], today) if requests else {}
    result: dict[int, bool | None] = {}
    for value in listed:
        measure = None
        if value.computed_source:
            level, pk = plan_territory(plans[value.plan_id])
            measure = found.get((value.computed_source, level, pk, year))
        actual, _ = shown_fact(value.actual, bool(value.computed_source), measure)
        result[value.pk] = achieved(value.planned, actual, value.direction)
    return result


# --- Where a row's territory is -----------------------------------------------------------


def _via_plan(level: Level) -> str:
    return f"plan__{level}"


def _via_school(level: Level, school: str) -> str:
    return school if level == "school" else f"{school}__{level}"


# --- The sources ----------------------------------------------------------------------------

PARTNERSHIP = "partnership_agreements"
ON_TIME = "activities_on_time"
EVIDENCE = "evidence_complete"


@computed_source(
    PARTNERSHIP,
    "Доля школ целевой группы, заключивших соглашения о партнёрстве со школами-лидерами",
    levels=("region", "municipality"),
    counts=("школы целевой группы", "школ целевой группы"),
    description="Школы со статусом ШНОР или ШНСУ в учебном году, у которых в этом году "
    "действует партнёрство со школой-лидером с номером или датой соглашения. Пара, только "
    "предложенная расчётом идентификации, без соглашения не считается.",
    matches=(
        r"^доля\b.*(договор|соглашени).*партнер",
        r"^доля\b.*партнерск\w* (договор|соглашени)",
    ),
)
def _partnership_agreements(
    level: Level, ids: Sequence[int], years: Sequence[int], today: dt.date
) -> Counts:
    field = _via_school(level, "school")
    targets = set(
        SchoolStatus.objects.filter(
            status__in=TARGET_STATUSES,
            academic_year__start_year__in=years,
            **{f"{field}__in": ids},
        ).values_list(field, "academic_year__start_year", "school")
    )
    spans: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    agreed = (
        Partnership.objects.filter(target__in={school for _, _, school in targets})
        .filter(Q(agreement_date__isnull=False) | ~Q(agreement_number=""))
        .values_list("target", "first_year__start_year", "last_year__start_year")
    )
    for school, first, last in agreed:
        spans[school].append((first, last))
    found: dict[tuple[int, int], tuple[int, int]] = {}
    for pk, year, school in targets:
        covered = any(a <= year and (b is None or year <= b) for a, b in spans[school])
        met, total = found.get((pk, year), (0, 0))
        found[pk, year] = (met + covered, total + 1)
    return found


_DUE = (Progress.DONE.value, Progress.OVERDUE.value, Progress.MISSED.value)


@computed_source(
    ON_TIME,
    "Доля мероприятий, выполненных в срок",
    counts=("мероприятия", "мероприятий"),
    description="Мероприятия учебного года из планов территории, срок которых наступил или "
    "которые уже выполнены (отменённые не считаются). В срок — выполненные, если первое "
    "проведение не позже конца срока; просроченные и не выполненные в срок — нет. Выполнение "
    "и просрочка — по тому же правилу, что на сводках.",
    matches=(r"^доля\b.*мероприяти.*(в срок|своевременн|в установленные сроки)",),
)
def _activities_on_time(
    level: Level, ids: Sequence[int], years: Sequence[int], today: dt.date
) -> Counts:
    field = _via_plan(level)
    rows = (
        Activity.objects.filter(**{f"{field}__in": ids}, academic_year__start_year__in=years)
        .with_progress(today)
        .filter(Q(progress__in=_DUE))  # an annotation the stubs cannot see
        .annotate(first_held=Min("executions__date"))
        .order_by()
        .values_list(
            field,
            "academic_year__start_year",
            "progress",
            "deadline_kind",
            "deadline_end",
            "first_held",
        )
    )
    found: dict[tuple[int, int], tuple[int, int]] = {}
    for pk, year, progress, kind, end, first_held in rows:
        late = kind != DeadlineKind.EVENT and None not in (end, first_held) and first_held > end
        on_time = progress == Progress.DONE and not late
        met, total = found.get((pk, year), (0, 0))
        found[pk, year] = (met + on_time, total + 1)
    return found


@computed_source(
    EVIDENCE,
    "Доля проведённых мероприятий с полным комплектом подтверждающих документов",
    counts=("мероприятия", "мероприятий"),
    description="Мероприятия учебного года из планов территории, которые проведены или "
    "отмечены выполненными и для которых правила подтверждения требуют документы; полный "
    "комплект — все требуемые документы каждого проведения (по правилам региона).",
    matches=(r"^доля\b.*мероприяти.*(подтвержда|документ)",),
)
def _evidence_complete(
    level: Level, ids: Sequence[int], years: Sequence[int], today: dt.date
) -> Counts:
    field = _via_plan(level)
    activities = Activity.objects.filter(
        **{f"{field}__in": ids}, academic_year__start_year__in=years
    ).exclude(status=Activity.Status.CANCELLED)
    sums = evidence_sums(activities, field, "academic_year__start_year")
    return {key: (s.complete, s.counted) for key, s in sums.items() if s.counted}


def _below_minimum(kind: str) -> CountFunction:
    def count(level: Level, ids: Sequence[int], years: Sequence[int], today: dt.date) -> Counts:
        field = _via_school(level, "school")
        rows = (
            AssessmentResult.objects.filter(
                kind=kind, academic_year__start_year__in=years, **{f"{field}__in": ids}
            )
            .values_list(field, "academic_year__start_year")
            .annotate(failed=Sum("failed"), participants=Sum("participants"))
            .order_by()
        )
        return {(pk, year): (failed, total) for pk, year, failed, total in rows if total}

    return count


_RESULTS_DESCRIPTION = (
    "По загруженным результатам школ территории за учебный год: сумма «{failed}» по всем "
    "предметам и классам к сумме участников. Ученик, сдававший несколько предметов, "
    "считается в каждом."
)
register(
    ComputedSource(
        "below_minimum_ege",
        "Доля участников ЕГЭ, не преодолевших минимальный порог",
        _below_minimum(AssessmentKind.EGE),
        direction=DECREASE,
        counts=("участника", "участников"),
        description=_RESULTS_DESCRIPTION.format(failed="не преодолели порог"),
        matches=(r"^доля\b(?=.*\bегэ\b).*(не преодолев|ниже минимальн|не сдав|не прошедш)",),
    )
)
register(
    ComputedSource(
        "below_minimum_oge",
        "Доля участников ОГЭ, не преодолевших минимальный порог (отметка «2»)",
        _below_minimum(AssessmentKind.OGE),
        direction=DECREASE,
        counts=("участника", "участников"),
        description=_RESULTS_DESCRIPTION.format(failed="отметка «2»"),
        matches=(
            r"^доля\b(?=.*\bогэ\b).*(не преодолев|ниже минимальн|не сдав|не прошедш|"
            r"неудовлетворительн|отметк\w* 2)",
        ),
    )
)
register(
    ComputedSource(
        "below_minimum_vpr",
        "Доля участников ВПР, получивших отметку «2»",
        _below_minimum(AssessmentKind.VPR),
        direction=DECREASE,
        counts=("участника", "участников"),
        description=_RESULTS_DESCRIPTION.format(failed="отметка «2»"),
        matches=(
            r"^доля\b(?=.*\bвпр\b).*(не преодолев|ниже минимальн|не справ|неудовлетворительн|"
            r"отметк\w* 2)",
        ),
    )
)


COHORT_EXIT = "cohort_left_group"
EXIT_YEARS = 2  # a cohort's exit is read two years after it entered


@computed_source(
    COHORT_EXIT,
    "Доля школ, вошедших в группу ШНОР/ШНСУ два года назад, вышедших из неё",
    levels=("region",),
    counts=("школы этого набора", "школ этого набора"),
    description="Школы, впервые получившие статус ШНОР или ШНСУ за два учебных года до этого "
    "года (набор по году входа), и сколько из них вышли из группы за два года по правилу "
    "выхода методики идентификации: два года подряд без низких результатов и рост "
    "результата. Считается по загруженным результатам и статусам; без данных второго "
    "года значения нет.",
    matches=(r"^доля\b.*(вышедш|покинувш|выбывш|вывед|выход)",),
)
def _cohort_left_group(
    level: Level, ids: Sequence[int], years: Sequence[int], today: dt.date
) -> Counts:
    found: dict[tuple[int, int], tuple[int, int]] = {}
    for region in Region.objects.filter(pk__in=ids).order_by("pk"):
        exits = cohort_exit_counts(region, EXIT_YEARS)
        for year in years:
            if year - EXIT_YEARS in exits:
                found[(region.pk, year)] = exits[year - EXIT_YEARS]
    return found
