"""The figures of a dashboard: one territory, this academic year against the last.

Every figure counts rows of one of the lists in `filters.py`, filtered by the parameters
that its link carries, so the list it opens shows the same number. A dashboard runs a fixed
number of queries however many plans, activities and schools its territory has.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache as shared_cache
from django.db.models import Count, Max, QuerySet
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from orientir.accounts.access import visible
from orientir.accounts.models import User
from orientir.audit.history import HistoryRow, history_rows
from orientir.audit.models import AuditEvent
from orientir.dashboards import computed
from orientir.dashboards.filters import activity_filter, plan_filter, school_status_filter
from orientir.execution.completeness import Score
from orientir.execution.selectors import EvidenceSum, evidence_sums
from orientir.identification.models import IdentificationRun
from orientir.plans.models import SOON_DAYS, Activity, ActivityQuerySet, Plan, Section
from orientir.plans.progress import Progress, current_start_year, due_soon_q, overdue_q
from orientir.registry.models import SchoolStatus

# The order a person reads progress in: what is wrong first.
PROGRESS_SHOWN = (
    Progress.OVERDUE,
    Progress.NOT_STARTED,
    Progress.IN_PROGRESS,
    Progress.DONE,
    Progress.MISSED,
    Progress.CANCELLED,
)
PLAN_STATES = (
    Plan.State.DRAFT,
    Plan.State.SUBMITTED,
    Plan.State.RETURNED,
    Plan.State.AGREED,
    Plan.State.APPROVED,
    Plan.State.ARCHIVED,
)
TARGET_STATUSES = (
    SchoolStatus.Status.LOW_RESULTS,
    SchoolStatus.Status.ADVERSE_CONDITIONS,
    SchoolStatus.Status.LEADER,
)
SECTIONS_SHOWN = 8
RECENT_CHANGES = 8


@dataclass(frozen=True)
class Territory:
    """What a dashboard counts; `params` restrict every list it links to the same rows."""

    kind: str  # region, municipality, school, curator
    name: str
    region_id: int
    params: dict[str, str]


def list_url(name: str, territory: Territory, **more: object) -> str:
    query = {**territory.params, **{k: str(v) for k, v in more.items() if v not in ("", None)}}
    return f"{_path(name, get_urlconf(), get_script_prefix())}?{urlencode(query)}"


@cache
def _path(name: str, urlconf: str | None, prefix: str) -> str:
    """A list's address: a dashboard links to the same few lists hundreds of times."""
    return reverse(name, urlconf=urlconf)


@dataclass
class Figure:
    """A number and the list that shows the same number."""

    label: str
    value: int
    url: str
    key: str = ""

    @property
    def link(self) -> SafeString:
        """The number as a link to its list: built here, as a dashboard shows hundreds."""
        n = int(self.value)
        return mark_safe(f'<a class="figure" href="{escape(self.url)}" data-figure="{n}">{n}</a>')


@dataclass
class Row:
    """A line of a table of figures: one per academic year, or one per category."""

    label: str
    figures: list[Figure]
    url: str = ""  # where the label itself leads (a municipality's own dashboard)

    @property
    def total(self) -> int:
        return sum(f.value for f in self.figures)


@dataclass
class Indicators:
    met: int = 0
    not_met: int = 0
    no_actual: int = 0

    @property
    def total(self) -> int:
        return self.met + self.not_met + self.no_actual


@dataclass
class Dashboard:
    territory: Territory
    year: int
    last_year: int
    schools: list[Row]
    plans: list[Row]
    progress: list[Row]
    by_municipality: list[Row]
    by_section: list[Row]
    by_responsible: list[Row]
    evidence: Score
    evidence_plans: Figure
    indicators: Indicators
    indicator_plans: Figure
    last_run: IdentificationRun | None
    changes: Figure
    attention: list[Figure] = field(default_factory=list)
    recent: list[HistoryRow] = field(default_factory=list)

    @property
    def year_names(self) -> list[str]:
        return [f"{y}/{y + 1}" for y in (self.year, self.last_year)]


# One count of a territory's activities: academic year, progress, municipality (id, name),
# section, how many, and how many of them are due in the coming two weeks.
Counted = list[tuple[int, str, int | None, str | None, int | None, int, int]]


def count_activities(activities: ActivityQuerySet, today: dt.date) -> Counted:
    """Count `activities` once for the progress table, the municipalities, the sections and
    what waits: one query instead of one for each."""
    soon = due_soon_q(today, SOON_DAYS)
    annotated: Any = activities.with_progress(today)  # `progress` is an annotation
    return list(
        annotated.values_list(
            "academic_year__start_year",
            "progress",
            "plan__municipality",
            "plan__municipality__name",
            "section",
        )
        .annotate(n=Count("pk"), soon=Count("pk", filter=soon))
        .order_by()
    )


def progress_rows(counted: Counted, territory: Territory, years: list[int]) -> list[Row]:
    """Activities of each academic year by progress: a row per kind of progress."""
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for year, progress, _, _, _, n, _ in counted:
        counts[year, progress] += n
    name = "dashboard-activities"
    return [
        Row(
            str(p.label),
            [
                Figure(
                    str(p.label),
                    counts.get((y, p.value), 0),
                    list_url(name, territory, year=y, progress=p.value),
                    p.value,
                )
                for y in years
            ],
        )
        for p in PROGRESS_SHOWN
    ]


def municipality_rows(counted: Counted, territory: Territory, year: int) -> list[Row]:
    """This year's activities of each municipality by progress, most overdue first."""
    counts: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for activity_year, progress, pk, name, _, n, _ in counted:
        if activity_year == year and pk is not None:
            counts[pk, name or ""][progress] += n
    rows = [
        Row(
            name,
            [
                Figure(
                    str(p.label),
                    found.get(p.value, 0),
                    list_url(
                        "dashboard-activities",
                        territory,
                        municipality=pk,
                        year=year,
                        progress=p.value,
                    ),
                    p.value,
                )
                for p in PROGRESS_SHOWN
            ],
            url=reverse("dashboard-municipality", args=[pk]),
        )
        for (pk, name), found in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r.figures[0].value, r.label))


def _short(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _whose(row: Mapping[str, Any]) -> str:
    """Name a plan by its territory: every road map may bear the same title."""
    names = [row["plan__municipality__name"], row["plan__school__short_name"]]
    return " · ".join(n for n in names if n) or _short(row["plan__title"] or "", 60)


def section_rows(counted: Counted, territory: Territory, year: int) -> list[Row]:
    """The sections with the most overdue activities this year (their names: one query)."""
    overdue: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    for activity_year, progress, _, _, section, n, _ in counted:
        if activity_year == year and section is not None:
            total[section] += n
            overdue[section] += n if progress == Progress.OVERDUE else 0
    labels = (
        Section.objects.filter(pk__in=[pk for pk, n in overdue.items() if n])
        .order_by("plan__title", "number", "pk")
        .values(
            "pk",
            "number",
            "title",
            "plan__title",
            "plan__school__short_name",
            "plan__municipality__name",
        )
    )
    # Stable: sections as many overdue keep the order of their plans' titles and numbers.
    found = sorted(labels, key=lambda r: -overdue[r["pk"]])[:SECTIONS_SHOWN]
    name = "dashboard-activities"
    return [
        Row(
            f"{_short(f'{r["number"]} {r["title"]}'.strip(), 90)} — {_whose(r)}",
            [
                Figure(
                    "просрочено",
                    overdue[r["pk"]],
                    list_url(
                        name,
                        territory,
                        section=r["pk"],
                        year=year,
                        progress=Progress.OVERDUE.value,
                    ),
                ),
                Figure(
                    "всего", total[r["pk"]], list_url(name, territory, section=r["pk"], year=year)
                ),
            ],
        )
        for r in found
    ]


def responsible_rows(
    activities: ActivityQuerySet, territory: Territory, today: dt.date, year: int
) -> list[Row]:
    """The responsible organisations with the most overdue activities this year."""
    base = activities.filter(
        academic_year__start_year=year, responsible_organisations__isnull=False
    )
    found = (
        base.values("responsible_organisations", "responsible_organisations__short_name")
        .annotate(late=Count("pk", filter=overdue_q(today)), n=Count("pk"))
        .filter(late__gt=0)
        .order_by("-late", "responsible_organisations__short_name")[:SECTIONS_SHOWN]
    )
    name = "dashboard-activities"
    rows = []
    for r in found:
        org = r["responsible_organisations"]
        overdue = list_url(
            name, territory, responsible=org, year=year, progress=Progress.OVERDUE.value
        )
        everything = list_url(name, territory, responsible=org, year=year)
        rows.append(
            Row(
                _short(r["responsible_organisations__short_name"], 90),
                [Figure("просрочено", r["late"], overdue), Figure("всего", r["n"], everything)],
            )
        )
    return rows


def school_rows(user: User, territory: Territory, today: dt.date, years: list[int]) -> list[Row]:
    base = school_status_filter(user, territory.params, today).qs
    counts = {
        (r["academic_year__start_year"], r["status"]): r["n"]
        for r in base.filter(academic_year__start_year__in=years, status__in=TARGET_STATUSES)
        .values("academic_year__start_year", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    labels = dict(SchoolStatus.Status.choices)
    return [
        Row(
            str(labels[s]),
            [
                Figure(
                    str(labels[s]),
                    counts.get((y, s), 0),
                    list_url("dashboard-schools", territory, year=y, status=s),
                    s,
                )
                for y in years
            ],
        )
        for s in TARGET_STATUSES
    ]


def plan_rows(plans: QuerySet[Plan], territory: Territory, year: int) -> list[Row]:
    """This year's plans of each level by state."""
    counts = {
        (r["kind"], r["state"]): r["n"]
        for r in plans.values("kind", "state").annotate(n=Count("pk")).order_by()
    }
    kinds = sorted({kind for kind, _ in counts}, key=Plan.Kind.values.index)
    labels = dict(Plan.State.choices)
    return [
        Row(
            str(Plan.Kind(kind).label),
            [
                Figure(
                    str(labels[s]),
                    counts.get((kind, s), 0),
                    list_url("dashboard-plans", territory, year=year, kind=kind, state=s),
                    s,
                )
                for s in PLAN_STATES
            ],
        )
        for kind in kinds
    ]


def indicator_summary(plans: list[Plan], year: int, today: dt.date) -> Indicators:
    """This year's planned values of the plans' indicators: met, not met, no actual yet
    (a computed fact where the indicator is bound to a source, as on the plan page)."""
    summary = Indicators()
    values = computed.planned_values([p.pk for p in plans], year, planned=True)
    shown = computed.achievements(values, {p.pk: p for p in plans}, year, today)
    for value in values:
        achieved = shown[value.pk]
        if achieved is None:
            summary.no_actual += 1
        elif achieved:
            summary.met += 1
        else:
            summary.not_met += 1
    return summary


def _changes(plan_ids: list[int], today: dt.date) -> tuple[int, list[HistoryRow]]:
    """The week's changes of the plans (read already: not the reader's territory again).

    The week starts at the midnight seven days before `today`, so that the figure changes
    with the day or with a new change, as the cached dashboard does (`cached_dashboard`)."""
    week_ago = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=7), dt.time()))
    events = AuditEvent.objects.filter(plan_ref__in=plan_ids, at__gte=week_ago)
    recent = list(
        events.select_related("actor", "content_type").order_by("-at", "-pk")[:RECENT_CHANGES]
    )
    return events.count(), history_rows(recent)


def attention(counted: Counted, territory: Territory) -> list[Figure]:
    """What waits now, whatever the year: overdue, and deadlines of the coming two weeks."""
    overdue = sum(row[-2] for row in counted if row[1] == Progress.OVERDUE)
    soon = sum(row[-1] for row in counted)
    name = "dashboard-activities"
    return [
        Figure("просрочено", overdue, list_url(name, territory, overdue="true"), "overdue"),
        Figure(
            "сроки в ближайшие две недели", soon, list_url(name, territory, soon="true"), "soon"
        ),
    ]


def dashboard(user: User, territory: Territory, today: dt.date) -> Dashboard:
    """Collect the figures of `territory` as `user` sees them, on `today`."""
    year = current_start_year(today)
    years = [year, year - 1]
    plans_now = plan_filter(user, {**territory.params, "year": year}, today).qs
    plan_list = list(plans_now.only("pk", "region_id"))
    plan_ids = [p.pk for p in plan_list]  # seen by the reader: no need to ask again
    activities = Activity.objects.filter(plan__in=plan_ids)
    evidence = evidence_sums(activities, counts=False).get((), EvidenceSum()).score
    runs = visible(IdentificationRun, user).filter(region=territory.region_id)
    changes, recent = _changes(plan_ids, today)
    territory_activities = activity_filter(user, territory.params, today).qs
    counted = count_activities(territory_activities, today)
    plans_url = list_url("dashboard-plans", territory, year=year)
    return Dashboard(
        territory=territory,
        year=year,
        last_year=year - 1,
        schools=school_rows(user, territory, today, years),
        plans=plan_rows(Plan.objects.filter(pk__in=plan_ids), territory, year),
        progress=progress_rows(counted, territory, years),
        by_municipality=(
            municipality_rows(counted, territory, year)
            if territory.kind in ("region", "curator")
            else []
        ),
        by_section=section_rows(counted, territory, year),
        by_responsible=responsible_rows(territory_activities, territory, today, year),
        evidence=evidence,
        evidence_plans=Figure("планов", len(plan_list), plans_url),
        indicators=indicator_summary(plan_list, year, today),
        indicator_plans=Figure("планов", len(plan_list), plans_url),
        last_run=runs.order_by("-created_at", "-pk").first(),
        changes=Figure("изменений за неделю", changes, plans_url),
        attention=attention(counted, territory),
        recent=recent,
    )


# How long a dashboard is kept at most; a change or a new day makes a new key before that.
CACHE_SECONDS = 6 * 60 * 60


def data_version() -> int:
    """The newest audit row's id: a number that grows with every change to what a dashboard
    counts (plans, activities, executions, documents, indicators, statuses, results,
    identification runs, users and their territories are all audited as they are written,
    in the same transaction). One indexed query."""
    return AuditEvent.objects.aggregate(newest=Max("id"))["newest"] or 0


def cached_dashboard(user: User, territory: Territory, today: dt.date) -> Dashboard:
    """`dashboard()`, kept until anything is changed or the day turns.

    A dashboard is read far more often than its territory changes, and it is the dearest
    page (a grouped count of the territory's activities, evidence sums, indicators). It is
    kept per user (what a user sees depends on the territory and the role, both audited) under
    the newest audit row's id and the date, so no write and no new day ever reads an old one.
    """
    params = "&".join(f"{k}={v}" for k, v in sorted(territory.params.items()))
    key = (
        f"dashboard:{user.pk}:{territory.kind}:{territory.region_id}:{params}:"
        f"{today.isoformat()}:{data_version()}"
    )
    found = shared_cache.get(key)
    if found is None:
        found = dashboard(user, territory, today)
        shared_cache.set(key, found, CACHE_SECONDS)
    return found
