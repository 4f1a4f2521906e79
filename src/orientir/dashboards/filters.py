"""The filtered lists a dashboard's figures open: activities, plans, target schools.

One `FilterSet` per list reads the query parameters (`?municipality=3&year=2025&progress=
overdue`). A dashboard counts with the same filters over the same querysets, so a figure and
the list it links to cannot disagree. Every list starts from `visible(…, user)`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters as filters
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from orientir.accounts.access import visible
from orientir.accounts.models import User
from orientir.accounts.rules import own_territory_q
from orientir.execution.models import Document, Execution
from orientir.plans.models import Activity, ActivityQuerySet, Plan
from orientir.plans.progress import Progress
from orientir.registry.models import SchoolStatus

# The parameters that name a territory: kept by every link from a dashboard.
TERRITORY_PARAMS = ("region", "municipality", "school", "own")
# The target group proper: schools by results and by conditions (not the leaders).
TARGET = (SchoolStatus.Status.LOW_RESULTS, SchoolStatus.Status.ADVERSE_CONDITIONS)


def _own_plans(user: User) -> QuerySet[Plan]:
    return visible(Plan, user).filter(own_territory_q(user))


class _Base(filters.FilterSet):
    """What every list's filter knows besides the queryset: who reads it, and on which day."""

    def __init__(self, data: Any, queryset: QuerySet[Any], *, user: User, today: dt.date):
        super().__init__(data, queryset=queryset)
        self.user, self.today = user, today


class ActivityFilter(_Base):
    region = filters.NumberFilter(field_name="plan__region")
    municipality = filters.NumberFilter(field_name="plan__municipality")
    school = filters.NumberFilter(field_name="plan__school")
    own = filters.BooleanFilter(method="filter_own", label="Только своя территория")
    plan = filters.NumberFilter(field_name="plan")
    section = filters.NumberFilter(field_name="section")
    responsible = filters.NumberFilter(field_name="responsible_organisations", distinct=True)
    year = filters.NumberFilter(field_name="academic_year__start_year", label="Учебный год")
    kind = filters.ChoiceFilter(field_name="plan__kind", choices=Plan.Kind.choices, label="Вид")
    state = filters.ChoiceFilter(
        field_name="plan__state", choices=Plan.State.choices, label="Состояние плана"
    )
    progress = filters.ChoiceFilter(
        choices=Progress.choices, method="filter_progress", label="Выполнение"
    )
    overdue = filters.BooleanFilter(method="filter_overdue", label="Только просроченные")
    soon = filters.BooleanFilter(method="filter_soon", label="Сроки в ближайшие две недели")
    q = filters.CharFilter(field_name="title", lookup_expr="icontains", label="Поиск")

    class Meta:
        model = Activity
        fields: list[str] = []

    def filter_own(self, queryset: QuerySet[Activity], name: str, value: bool) -> Any:
        return queryset.filter(plan__in=_own_plans(self.user).values("pk")) if value else queryset

    def filter_progress(self, queryset: ActivityQuerySet, name: str, value: str) -> Any:
        if value == Progress.OVERDUE:  # the one rule of what is overdue
            return queryset.overdue(self.today)
        annotated: QuerySet[Any] = queryset.with_progress(self.today)  # `progress` is annotated
        return annotated.filter(progress=value)

    def filter_overdue(self, queryset: ActivityQuerySet, name: str, value: bool) -> Any:
        return queryset.overdue(self.today) if value else queryset

    def filter_soon(self, queryset: ActivityQuerySet, name: str, value: bool) -> Any:
        return queryset.due_soon(self.today) if value else queryset


def activity_filter(user: User, data: Any, today: dt.date) -> ActivityFilter:
    """The activity list's filter over what `user` sees; the most overdue come first."""
    activities = visible(Activity.objects.all(), user).order_by(
        "deadline_end", "plan__title", "position", "pk"
    )
    return ActivityFilter(data, activities, user=user, today=today)


class PlanFilter(_Base):
    region = filters.NumberFilter(field_name="region")
    municipality = filters.NumberFilter(field_name="municipality")
    school = filters.NumberFilter(field_name="school")
    own = filters.BooleanFilter(method="filter_own", label="Только своя территория")
    year = filters.NumberFilter(method="filter_year", label="Учебный год")
    kind = filters.ChoiceFilter(choices=Plan.Kind.choices, label="Вид")
    state = filters.ChoiceFilter(choices=Plan.State.choices, label="Состояние")
    q = filters.CharFilter(field_name="title", lookup_expr="icontains", label="Поиск")

    class Meta:
        model = Plan
        fields: list[str] = []

    def filter_own(self, queryset: QuerySet[Plan], name: str, value: bool) -> Any:
        return queryset.filter(own_territory_q(self.user)) if value else queryset

    def filter_year(self, queryset: QuerySet[Plan], name: str, value: int) -> Any:
        """Plans that run in the academic year starting in `value`."""
        return queryset.filter(first_year__start_year__lte=value, last_year__start_year__gte=value)


class CalendarFilter(ActivityFilter):
    """The activity filter and a person: whose deadlines these are («мои сроки»)."""

    person = filters.NumberFilter(field_name="responsible_people", distinct=True)
    mine = filters.BooleanFilter(method="filter_mine", label="Только мои сроки")

    def filter_mine(self, queryset: QuerySet[Activity], name: str, value: bool) -> Any:
        """The activities the user answers for by name (a user without a person has none)."""
        if not value:
            return queryset
        if self.user.person_id is None:
            return queryset.none()
        return queryset.filter(responsible_people=self.user.person_id).distinct()


def calendar_filter(user: User, data: Any, today: dt.date) -> CalendarFilter:
    activities = visible(Activity.objects.all(), user)
    return CalendarFilter(data, activities, user=user, today=today)


def plan_filter(user: User, data: Any, today: dt.date) -> PlanFilter:
    plans = visible(Plan, user).order_by("kind", "title", "pk")
    return PlanFilter(data, plans, user=user, today=today)


class SchoolStatusFilter(_Base):
    region = filters.NumberFilter(field_name="school__region")
    municipality = filters.NumberFilter(field_name="school__municipality")
    school = filters.NumberFilter(field_name="school")
    own = filters.BooleanFilter(method="filter_own", label="Только своя территория")
    year = filters.NumberFilter(field_name="academic_year__start_year", label="Учебный год")
    status = filters.ChoiceFilter(choices=SchoolStatus.Status.choices, label="Статус")
    target = filters.BooleanFilter(method="filter_target", label="ШНОР и ШНСУ")
    q = filters.CharFilter(method="filter_q", label="Поиск")

    class Meta:
        model = SchoolStatus
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[SchoolStatus], name: str, value: str) -> Any:
        """A school by its name, short name or code."""
        text = value.strip()
        return queryset.filter(
            Q(school__short_name__icontains=text)
            | Q(school__name__icontains=text)
            | Q(school__code__iexact=text)
        )

    def filter_own(self, queryset: QuerySet[SchoolStatus], name: str, value: bool) -> Any:
        # Schools have no level above them: what the user sees is their territory already.
        return queryset

    def filter_target(self, queryset: QuerySet[SchoolStatus], name: str, value: bool) -> Any:
        return queryset.filter(status__in=TARGET) if value else queryset


def school_status_filter(user: User, data: Any, today: dt.date) -> SchoolStatusFilter:
    statuses = visible(SchoolStatus, user).order_by(
        "school__municipality__name", "school__short_name", "status", "pk"
    )
    return SchoolStatusFilter(data, statuses, user=user, today=today)


class ExecutionFilter(_Base):
    """What was carried out: by territory, plan, year, dates, evidence, and a search."""

    region = filters.NumberFilter(field_name="activity__plan__region")
    municipality = filters.NumberFilter(field_name="activity__plan__municipality")
    school = filters.NumberFilter(field_name="activity__plan__school")
    own = filters.BooleanFilter(method="filter_own", label="Только своя территория")
    plan = filters.NumberFilter(field_name="activity__plan")
    activity = filters.NumberFilter(field_name="activity")
    year = filters.NumberFilter(
        field_name="activity__academic_year__start_year", label="Учебный год"
    )
    since = filters.DateFilter(field_name="date", lookup_expr="gte", label="Проведено с")
    until = filters.DateFilter(field_name="date", lookup_expr="lte", label="по")
    documents = filters.BooleanFilter(method="filter_documents", label="С документами")
    q = filters.CharFilter(method="filter_q", label="Поиск")

    class Meta:
        model = Execution
        fields: list[str] = []

    def filter_own(self, queryset: QuerySet[Execution], name: str, value: bool) -> Any:
        if not value:
            return queryset
        return queryset.filter(activity__plan__in=_own_plans(self.user).values("pk"))

    def filter_documents(self, queryset: Any, name: str, value: bool) -> Any:
        """With documents or without any (`document_count` is annotated by `execution_filter`)."""
        return queryset.filter(document_count__gt=0) if value else queryset.filter(document_count=0)

    def filter_q(self, queryset: QuerySet[Execution], name: str, value: str) -> Any:
        words = Q(description__icontains=value) | Q(activity__title__icontains=value)
        return queryset.filter(words | Q(activity__plan__title__icontains=value))


def execution_filter(user: User, data: Any, today: dt.date) -> ExecutionFilter:
    """Executions the user sees, each with its number of documents (counted per row: a
    join grouped by every selected column sorted the whole table before each page)."""
    documents = (
        Document.objects.filter(execution=OuterRef("pk"))
        .order_by()
        .values("execution")
        .annotate(n=Count("pk"))
        .values("n")
    )
    executions = visible(Execution.objects.all(), user).annotate(
        document_count=Coalesce(Subquery(documents), 0)
    )
    return ExecutionFilter(data, executions, user=user, today=today)
