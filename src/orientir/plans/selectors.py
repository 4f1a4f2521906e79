"""Reads for the plan pages: counts, the section tree, the indicator table.

Every function takes querysets that are already limited by `visible_to`, or limits them
itself; each page runs a fixed number of queries however many activities a plan has.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    Count,
    Field,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from orientir.accounts.access import get_visible_or_404, visible, visible_or_none
from orientir.accounts.models import User
from orientir.audit.history import HistoryRow, history_for
from orientir.execution.completeness import Requirement, missing_text, shortfalls
from orientir.execution.models import Document, Execution
from orientir.execution.selectors import PlanEvidence, evidence_for_plans, requirements_for
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.plans.models import PASSPORT_FIELDS, Activity, Comment, Plan, PlanTransition, Section
from orientir.publication.models import Publication
from orientir.registry.models import Municipality, Organisation, Person

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # a dev dependency, for the type checker only


def count_of(rows: QuerySet, field_name: str) -> Coalesce:
    """Count the `rows` whose `field_name` points at the outer row, as an annotation.

    A subquery per count instead of `Count()` over joins: two counts over two joins would
    multiply each other, and grouping by every column of a plan is slow.
    """
    counted = (
        rows.filter(**{field_name: OuterRef("pk")})
        .order_by()
        .values(field_name)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class PlanCounts(TypedDict):
    """What `with_activity_counts` annotates on each plan."""

    activity_count: int
    overdue_count: int


if TYPE_CHECKING:
    PlanWithCounts = WithAnnotations[Plan, PlanCounts]


def with_activity_counts(plans: QuerySet[Plan], today: dt.date) -> QuerySet[PlanWithCounts]:
    """Annotate `activity_count` and `overdue_count`, by the rule of `Activity.overdue`."""
    return plans.annotate(
        activity_count=count_of(Activity.objects.all(), "plan"),
        overdue_count=count_of(Activity.objects.overdue(today), "plan"),
    )


def plans_for_listing(user: User, today: dt.date) -> QuerySet[PlanWithCounts]:
    """Return the plans `user` may see, ready for a table of plans."""
    return with_activity_counts(
        visible(Plan, user).select_related("first_year", "last_year", "school", "municipality"),
        today,
    ).order_by("kind", "title", "pk")


@dataclass
class SectionRow:
    """A heading of the activity table (None for activities outside any section)."""

    section: Section | None
    depth: int
    activities: list[Activity] = field(default_factory=list)


def section_rows(
    sections: Iterable[Section], activities: Iterable[Activity], keep_empty: bool = True
) -> list[SectionRow]:
    """Lay out sections as a tree in reading order, each with its own activities.

    Nesting comes from `parent` where imports set it, and from the number ("3.2.1.")
    where they did not. Without `keep_empty`, only sections that lead to an activity stay.
    """
    sections = list(sections)
    known = {s.pk for s in sections}
    children: dict[int | None, list[Section]] = defaultdict(list)
    for section in sections:
        children[section.parent_id if section.parent_id in known else None].append(section)
    by_section: dict[int | None, list[Activity]] = defaultdict(list)
    for activity in activities:
        by_section[activity.section_id if activity.section_id in known else None].append(activity)

    rows: list[SectionRow] = []
    if by_section[None]:
        rows.append(SectionRow(None, 0, by_section[None]))
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for section in sorted(children[parent], key=lambda s: (s.position, s.pk)):
            if section.pk in seen:
                continue
            seen.add(section.pk)
            rows.append(SectionRow(section, max(depth, section.depth), by_section[section.pk]))
            walk(section.pk, depth + 1)

    walk(None, 0)
    if keep_empty:
        return rows
    return _without_empty(rows)


def _without_empty(rows: list[SectionRow]) -> list[SectionRow]:
    """Keep rows with activities and the headings above them."""
    kept: list[SectionRow] = []
    needed_depth: int | None = None
    for row in reversed(rows):
        if row.activities or (needed_depth is not None and row.depth < needed_depth):
            kept.append(row)
            needed_depth = row.depth
    return kept[::-1]


@dataclass
class IndicatorCell:
    planned: object | None
    actual: object | None
    achieved: bool | None


@dataclass
class IndicatorRow:
    indicator: Indicator
    cells: list[IndicatorCell]


@dataclass
class IndicatorGroup:
    label: str
    rows: list[IndicatorRow]


@dataclass
class IndicatorTable:
    years: list[str]
    groups: list[IndicatorGroup]

    @property
    def column_count(self) -> int:
        return 2 + 2 * len(self.years)


def indicator_table(plan: Plan, indicators: Iterable[Indicator]) -> IndicatorTable:
    """Arrange planned and actual values under one column per academic year."""
    indicators = list(indicators)
    starts = set(range(plan.first_year.start_year, plan.last_year.start_year + 1))
    for indicator in indicators:
        starts.update(v.academic_year.start_year for v in indicator.values.all())
    columns = sorted(starts)
    groups: dict[str, IndicatorGroup] = {}
    for indicator in indicators:
        label = indicator.get_group_display()
        if indicator.group == Indicator.Group.OTHER and indicator.group_text:
            label = indicator.group_text
        values = {v.academic_year.start_year: v for v in indicator.values.all()}
        cells = [_cell(values.get(year)) for year in columns]
        groups.setdefault(label, IndicatorGroup(label, [])).rows.append(
            IndicatorRow(indicator, cells)
        )
    return IndicatorTable([f"{y}/{y + 1}" for y in columns], list(groups.values()))


def _cell(value: IndicatorValue | None) -> IndicatorCell:
    if value is None:
        return IndicatorCell(None, None, None)
    return IndicatorCell(value.planned, value.actual, value.achieved)


@dataclass
class PlanPage:
    plan: Plan
    parent: Plan | None
    municipality: Municipality | None
    school: Organisation | None
    rows: list[SectionRow]
    shown: int
    filtered: bool
    indicators: IndicatorTable
    today: dt.date
    evidence: PlanEvidence

    @property
    def passport(self) -> list[tuple[str, str]]:
        return passport(self.plan)


def passport(plan: Plan) -> list[tuple[str, str]]:
    """Return the filled fields of a road map's passport as (label, text), in order."""
    # All of them are text fields of the plan (`get_field` may also return a reverse relation).
    found = [Plan._meta.get_field(name) for name in PASSPORT_FIELDS]
    fields = [f for f in found if isinstance(f, Field)]
    return [
        (str(f.verbose_name), getattr(plan, f.name))
        for f in fields
        if getattr(plan, f.name).strip()
    ]


def plan_for_page(user: User, plan_id: int, today: dt.date) -> Plan:
    """Fetch a plan the user may see, with its counts and header relations, or 404."""
    plans = with_activity_counts(
        Plan.objects.select_related(
            "owner", "first_year", "last_year", "region", "municipality", "school"
        ),
        today,
    )
    return get_visible_or_404(plans, user, pk=plan_id)


def plan_page(
    user: User, plan: Plan, today: dt.date, status: str = "", only_overdue: bool = False
) -> PlanPage:
    """Collect everything the plan page shows, in a fixed number of queries."""
    activities = (
        visible(Activity.objects.all(), user)
        .filter(plan=plan)
        .annotate(
            execution_count=count_of(Execution.objects.all(), "activity"),
            document_count=count_of(Document.objects.all(), "execution__activity"),
        )
        .prefetch_related("responsible_organisations", "responsible_people")
        .order_by("position", "pk")
    )
    if status:
        activities = activities.filter(status=status)
    if only_overdue:
        activities = activities.overdue(today)
    activities_list = list(activities)
    evidence = evidence_for_plans([plan])[plan.pk]
    for activity in activities_list:
        activity.overdue = activity.is_overdue(today)
        activity.evidence = evidence.activities.get(activity.pk)
    sections = visible(Section, user).filter(plan=plan)
    filtered = bool(status or only_overdue)
    indicators = (
        visible(Indicator, user)
        .filter(plan=plan)
        .prefetch_related(
            Prefetch("values", IndicatorValue.objects.select_related("academic_year"))
        )
        .order_by("position", "pk")
    )
    return PlanPage(
        plan=plan,
        parent=visible_or_none(Plan, user, plan.parent_id),
        municipality=visible_or_none(Municipality, user, plan.municipality_id),
        school=visible_or_none(Organisation, user, plan.school_id),
        rows=section_rows(sections, activities_list, keep_empty=not filtered),
        shown=len(activities_list),
        filtered=filtered,
        indicators=indicator_table(plan, indicators),
        today=today,
        evidence=evidence,
    )


@dataclass
class ActivityPage:
    activity: Activity
    implements: Activity | None
    implemented_by: list[Activity]
    executions: list[Execution]
    overdue: bool
    requirements: list[Requirement]


def activity_page(user: User, activity_id: int, today: dt.date) -> ActivityPage:
    """Fetch an activity the user may see with what it implements and its evidence, or 404."""
    activity = get_visible_or_404(
        Activity.objects.select_related(
            "plan", "plan__municipality", "plan__school", "section", "academic_year"
        ).prefetch_related("responsible_organisations", "responsible_people"),
        user,
        pk=activity_id,
    )
    implements = visible_or_none(
        Activity.objects.select_related("plan"), user, activity.implements_id
    )
    implemented_by = list(
        visible(Activity, user)
        .filter(implements=activity)
        .select_related("plan")
        .order_by("plan__title", "position", "pk")
    )
    executions = list(
        visible(Execution, user)
        .filter(activity=activity)
        .prefetch_related(
            Prefetch("documents", visible(Document, user).order_by("date", "pk")),
        )
        .order_by("date", "pk")
    )
    activity.overdue = activity.is_overdue(today)
    requirements = requirements_for(activity.plan.region_id).get(activity.effective_type, [])
    for execution in executions:
        counts = Counter(document.kind for document in execution.documents.all())
        execution.missing = missing_text(shortfalls(requirements, counts))
    return ActivityPage(
        activity=activity,
        implements=implements,
        implemented_by=implemented_by,
        executions=executions,
        overdue=activity.overdue,
        requirements=requirements,
    )


# ---------------------------------------------------------------------------------------
# Editing and review
# ---------------------------------------------------------------------------------------


@dataclass
class ActivityChoices:
    """What an activity form offers: the territory's registry and the parent plan's activities."""

    organisations: QuerySet[Organisation]
    people: QuerySet[Person]
    parent_activities: QuerySet[Activity]


def activity_choices(user: User, plan: Plan) -> ActivityChoices:
    """Offer the organisations of the plan's territory (and region-wide ones) and their people."""
    organisations = visible(Organisation, user).filter(region=plan.region_id)
    if plan.municipality_id:
        organisations = organisations.filter(
            Q(municipality=plan.municipality_id) | Q(municipality=None)
        )
    organisations = organisations.order_by("kind", "short_name")
    people = Person.objects.filter(organisation__in=organisations).select_related("organisation")
    parent_activities = (
        visible(Activity, user).filter(plan=plan.parent_id).order_by("position", "pk")
        if plan.parent_id
        else Activity.objects.none()
    )
    return ActivityChoices(organisations, people.order_by("full_name"), parent_activities)


def parent_plans(user: User, kinds: Iterable[str]) -> QuerySet[Plan]:
    """Plans `user` sees that a plan of one of `kinds` may implement."""
    from orientir.plans.services import PARENT_KIND

    wanted = {PARENT_KIND[k] for k in kinds if k in PARENT_KIND}
    return visible(Plan, user).filter(kind__in=wanted).order_by("-first_year__start_year", "title")


@dataclass
class PlanTools:
    """What the current user may do on a plan's page, and its review and discussion."""

    can_edit: bool
    can_report: bool
    owner: bool
    steps: list[tuple[str, str]]
    transitions: list[PlanTransition]
    comments: list[Comment]
    history: list[HistoryRow]
    publication: Publication | None


def plan_tools(user: User, plan: Plan) -> PlanTools:
    from orientir.plans.permissions import is_owner, is_reviewer, may_edit
    from orientir.plans.review import LABELS, available_steps

    owner = may_edit(user, plan)
    steps = available_steps(plan, owner=is_owner(user, plan), reviewer=is_reviewer(user, plan))
    return PlanTools(
        can_edit=owner and plan.is_editable_state,
        can_report=owner and plan.state != Plan.State.ARCHIVED,
        owner=owner,
        steps=[(step, LABELS[step]) for step in steps],
        transitions=list(visible(PlanTransition, user).filter(plan=plan).select_related("actor")),
        comments=list(
            visible(Comment, user).filter(plan=plan, activity=None).select_related("author")
        ),
        history=history_for(plan, limit=100),
        publication=Publication.objects.filter(plan=plan).first(),
    )


@dataclass
class ActivityTools:
    can_edit: bool
    can_report: bool
    comments: list[Comment]
    history: list[HistoryRow]


def activity_tools(user: User, activity: Activity) -> ActivityTools:
    from orientir.plans.permissions import may_edit

    owner = may_edit(user, activity.plan)
    return ActivityTools(
        can_edit=owner and activity.plan.is_editable_state,
        can_report=owner and activity.plan.state != Plan.State.ARCHIVED,
        comments=list(
            visible(Comment, user).filter(activity=activity).select_related("author", "execution")
        ),
        history=history_for(activity, limit=100),
    )
