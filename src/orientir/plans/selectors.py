"""Reads of plans alone: the listing with its counts, the section tree, the passport, choices.

Every function takes querysets that are already limited by `visible_to`, or limits them
itself; each page runs a fixed number of queries however many activities a plan has.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import (
    Count,
    Field,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from orientir.accounts.access import get_visible_or_404, visible
from orientir.accounts.models import User
from orientir.plans.models import PASSPORT_FIELDS, Activity, ActivityQuerySet, Plan, Section
from orientir.registry.models import Organisation, Person

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


def overdue_activities(user: User, today: dt.date) -> ActivityQuerySet:
    """Every activity `user` sees that is overdue on `today` (`Activity.objects.overdue`).

    The one place a page asks what is overdue: the territory pages, the dashboards, the
    activity list and the notifications (which list the user's own level of it) all count
    through it, so no two pages disagree.
    """
    return cast(ActivityQuerySet, visible(Activity, user)).overdue(today)


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
