"""Reads for the territory pages: region, municipality, school.

Each page is one function returning a dataclass; every queryset goes through
`visible_to(user)`, and each page runs a fixed number of queries however many
municipalities, schools and activities there are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Prefetch, Q, QuerySet

from orientir.accounts import rules
from orientir.accounts.access import get_visible_or_404, visible, visible_ids, visible_or_none
from orientir.accounts.models import User
from orientir.plans.models import Plan
from orientir.plans.selectors import overdue_activities, plans_for_listing
from orientir.registry.models import (
    AcademicYear,
    Assignment,
    Municipality,
    Organisation,
    Partnership,
    Region,
    SchoolStatus,
)
from orientir.reports.models import ExportJob

STATUS_ORDER = {value: i for i, value in enumerate(SchoolStatus.Status.values)}


def current_academic_year(today: dt.date) -> AcademicYear | None:
    """Return the latest academic year that has begun by `today`, else the latest one."""
    begun = AcademicYear.objects.filter(start_year__lte=AcademicYear.containing(today))
    return begun.order_by("-start_year").first() or AcademicYear.objects.last()


def recent_academic_years(today: dt.date, count: int = 3) -> list[AcademicYear]:
    """Return the last `count` academic years up to the current one, oldest first."""
    begun = AcademicYear.objects.filter(start_year__lte=AcademicYear.containing(today))
    years = list(begun.order_by("-start_year")[:count])
    if not years:
        years = list(AcademicYear.objects.order_by("-start_year")[:count])
    return years[::-1]


def _sorted_statuses(statuses: list[SchoolStatus]) -> list[SchoolStatus]:
    return sorted(statuses, key=lambda s: STATUS_ORDER.get(s.status, 99))


@dataclass
class SchoolBadges:
    school: Organisation
    statuses: list[SchoolStatus]


@dataclass
class MunicipalityBlock:
    municipality: Municipality
    schools: list[SchoolBadges] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)


@dataclass
class RegionPage:
    region: Region
    year: AcademicYear | None
    regional_plans: Sequence[Plan]
    blocks: list[MunicipalityBlock]
    low_results: int
    adverse_conditions: int
    activities: int
    overdue: int
    # The region's workbook, for who may build it: the years offered and the latest jobs.
    report_years: list[AcademicYear] = field(default_factory=list)
    export_jobs: list[ExportJob] = field(default_factory=list)

    @property
    def municipality_count(self) -> int:
        return len(self.blocks)


def region_page(user: User, region: Region, today: dt.date) -> RegionPage:
    """Collect the municipalities, target schools and plans of `region` that `user` sees."""
    year = current_academic_year(today)
    blocks: dict[int | None, MunicipalityBlock] = {  # looked up by a nullable municipality_id
        m.pk: MunicipalityBlock(m)
        for m in visible(Municipality, user).filter(region=region).order_by("name", "pk")
    }
    statuses = (
        visible(SchoolStatus, user)
        .filter(school__region=region, academic_year=year)
        .select_related("school")
        .order_by("school__short_name", "school__pk")
    )
    by_school: dict[int, SchoolBadges] = {}
    for status in statuses:
        badges = by_school.setdefault(status.school_id, SchoolBadges(status.school, []))
        badges.statuses.append(status)
    for badges in by_school.values():
        badges.statuses = _sorted_statuses(badges.statuses)
        block = blocks.get(badges.school.municipality_id)
        if block is not None:
            block.schools.append(badges)

    plans = list(plans_for_listing(user, today).filter(region=region))
    regional_plans = [p for p in plans if p.municipality_id is None]
    for plan in plans:
        block = blocks.get(plan.municipality_id)
        if block is not None:
            block.plans.append(plan)
    for block in blocks.values():
        block.plans.sort(key=lambda p: (p.school_id is not None, p.kind, p.title))

    def schools_with(status: str) -> int:
        return sum(1 for b in by_school.values() if any(s.status == status for s in b.statuses))

    return RegionPage(
        region=region,
        year=year,
        regional_plans=regional_plans,
        blocks=list(blocks.values()),
        low_results=schools_with(SchoolStatus.Status.LOW_RESULTS),
        adverse_conditions=schools_with(SchoolStatus.Status.ADVERSE_CONDITIONS),
        activities=sum(p.activity_count for p in plans),
        overdue=overdue_activities(user, today).filter(plan__region=region).count(),
        **_region_exports(user, region, today),
    )


def _region_exports(user: User, region: Region, today: dt.date) -> dict[str, list[Any]]:
    """The years whose workbook the user may build, and the region's five latest jobs."""
    if not rules.allows("export_region_report", user, region):
        return {}
    jobs = visible(ExportJob, user).filter(region=region).select_related("academic_year")
    return {
        "report_years": recent_academic_years(today, 2)[::-1],
        "export_jobs": list(jobs[:5]),
    }


@dataclass
class SchoolRow:
    school: Organisation
    by_year: list[list[SchoolStatus]]


@dataclass
class MunicipalityPage:
    municipality: Municipality
    authorities: list[Organisation]
    methodological_centres: list[Organisation]
    years: list[AcademicYear]
    schools: list[SchoolRow]
    partnerships: list[Partnership]
    assignments: list[Assignment]
    plans: list[Plan]

    @property
    def school_ids(self) -> set[int]:
        return {row.school.pk for row in self.schools}


def _statuses_by_year(school: Organisation, years: list[AcademicYear]) -> list[list[SchoolStatus]]:
    cells: dict[int, list[SchoolStatus]] = defaultdict(list)
    for status in school.statuses.all():
        cells[status.academic_year_id].append(status)
    return [_sorted_statuses(cells[year.pk]) for year in years]


def _any_of[M: Model](rows: QuerySet[M], *conditions: Q) -> QuerySet[M]:
    """The rows matching any of `conditions`, each found by its own indexed query.

    Written as one filter, an OR of conditions on different joined tables makes PostgreSQL
    join whole tables (every partnership with every organisation) and filter afterwards; a
    UNION of one query per condition reads only the rows each index finds.
    """
    first, *rest = (rows.filter(condition).order_by().values("pk") for condition in conditions)
    return rows.model._default_manager.filter(pk__in=first.union(*rest))


def municipality_page(user: User, municipality_id: int, today: dt.date) -> MunicipalityPage:
    """Collect the bodies, schools, partnerships, curators and plans of a municipality."""
    municipality = get_visible_or_404(
        Municipality.objects.select_related("region"), user, pk=municipality_id
    )
    years = recent_academic_years(today)
    found = (
        visible(Organisation, user)
        .filter(municipality=municipality)
        .prefetch_related(
            Prefetch(
                "statuses",
                visible(SchoolStatus, user).filter(academic_year__in=years),
            )
        )
        .order_by("short_name", "pk")
    )
    kinds = Organisation.Kind
    organisations = list(found)
    schools = [o for o in organisations if o.kind == kinds.SCHOOL]
    partnerships = (
        _any_of(
            visible(Partnership, user),
            Q(target__municipality=municipality),
            Q(leader__municipality=municipality),
        )
        .select_related("leader", "target", "first_year", "last_year")
        .order_by("leader__short_name", "target__short_name", "pk")
    )
    assignments = (
        _any_of(
            visible(Assignment, user),
            Q(municipality=municipality),
            Q(school__municipality=municipality),
        )
        .select_related("person", "person__organisation", "school", "academic_year")
        .order_by("-academic_year__start_year", "role", "person__full_name", "pk")
    )
    plans = plans_for_listing(user, today).filter(municipality=municipality)
    return MunicipalityPage(
        municipality=municipality,
        authorities=[o for o in organisations if o.kind == kinds.MUNICIPAL_AUTHORITY],
        methodological_centres=[o for o in organisations if o.kind == kinds.METHODOLOGICAL_CENTRE],
        years=years,
        schools=[SchoolRow(s, _statuses_by_year(s, years)) for s in schools],
        partnerships=list(partnerships),
        assignments=list(assignments),
        plans=sorted(plans, key=lambda p: (p.school_id is not None, p.kind, p.title)),
    )


@dataclass
class YearStatuses:
    year: AcademicYear
    statuses: list[SchoolStatus]


@dataclass
class SchoolPage:
    school: Organisation
    municipality: Municipality | None
    years: list[YearStatuses]
    partnerships: list[Partnership]
    assignments: list[Assignment]
    plans: list[Plan]
    linked_schools: set[int]


def school_page(user: User, school_id: int, today: dt.date) -> SchoolPage:
    """Collect a school's statuses by year, partners, curators and plans."""
    school = get_visible_or_404(
        Organisation.objects.schools().select_related("municipality", "region"),
        user,
        pk=school_id,
    )
    years: dict[int, YearStatuses] = {}
    statuses = (
        visible(SchoolStatus, user)
        .filter(school=school)
        .select_related("academic_year")
        .order_by("-academic_year__start_year")
    )
    for status in statuses:
        years.setdefault(status.academic_year_id, YearStatuses(status.academic_year, []))
        years[status.academic_year_id].statuses.append(status)
    for entry in years.values():
        entry.statuses = _sorted_statuses(entry.statuses)
    partnerships = list(
        visible(Partnership, user)
        .filter(Q(target=school) | Q(leader=school))
        .select_related("leader", "target", "first_year", "last_year")
        .order_by("-first_year__start_year", "pk")
    )
    assignments = (
        _any_of(visible(Assignment, user), Q(school=school), Q(mentee__organisation=school))
        .select_related("person", "person__organisation", "school", "mentee", "academic_year")
        .order_by("-academic_year__start_year", "role", "person__full_name", "pk")
    )
    plans = plans_for_listing(user, today).filter(
        Q(school=school) | Q(municipality=school.municipality_id, school__isnull=True)
    )
    partners = {p.leader_id for p in partnerships} | {p.target_id for p in partnerships}
    return SchoolPage(
        school=school,
        municipality=visible_or_none(Municipality, user, school.municipality_id),
        years=list(years.values()),
        partnerships=partnerships,
        assignments=list(assignments),
        plans=sorted(plans, key=lambda p: (p.school_id is None, p.kind, p.title)),
        linked_schools=visible_ids(Organisation, user, partners - {school.pk}) | {school.pk},
    )
