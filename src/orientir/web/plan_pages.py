"""Reads for the plan and activity pages: what they show from plans, execution and indicators.

A page that combines apps lives here, in the pages layer: every function takes querysets that
are already limited by `visible_to`, or limits them itself, and each page runs a fixed
number of queries however many activities a plan has.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Prefetch
from django.http import QueryDict

from orientir.accounts.access import get_visible_or_404, visible, visible_or_none
from orientir.accounts.models import User
from orientir.audit.history import history_page
from orientir.execution.completeness import Requirement, missing_text, shortfalls
from orientir.execution.models import Document, Execution
from orientir.execution.selectors import PlanEvidence, evidence_for_plans, requirements_for
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.lib.listing import kept_query
from orientir.plans.models import Activity, Comment, Plan, PlanTransition, Section
from orientir.plans.permissions import is_owner, is_reviewer, may_edit
from orientir.plans.review import LABELS, available_steps
from orientir.plans.selectors import SectionRow, count_of, passport, section_rows
from orientir.publication.models import Publication
from orientir.registry.models import Municipality, Organisation
from orientir.web.indicator_pages import IndicatorTable, indicator_table


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


def plan_page(
    user: User, plan: Plan, today: dt.date, status: str = "", only_overdue: bool = False
) -> PlanPage:
    """Collect everything the plan page shows, in a fixed number of queries."""
    # `plan` was read through `visible()` (`plan_for_page`), and an activity's territory is
    # its plan's (every path of `ActivityQuerySet` goes through `plan__`): asking again for
    # each activity would only cost the filter.
    activities = (
        Activity.objects.filter(plan=plan)
        .annotate(
            execution_count=count_of(Execution.objects.all(), "activity"),
            document_count=count_of(Document.objects.all(), "execution__activity"),
        )
        .order_by("position", "pk")
    )
    if status:
        activities = activities.filter(status=status)
    if only_overdue:
        activities = activities.overdue(today)
    activities_list = list(activities)
    # Every activity of the plan is read already, unless a filter kept only some.
    whole = None if status or only_overdue else activities_list
    evidence = evidence_for_plans([plan], whole)[plan.pk]
    responsible = responsible_names(plan)
    for activity in activities_list:
        activity.plan = plan  # with its last year: whether the plan is closed
        activity.overdue = activity.is_overdue(today)
        activity.evidence = evidence.activities.get(activity.pk)
        activity.responsible_shown = activity.responsible_text or responsible.get(activity.pk, "")
    sections = visible(Section, user).filter(plan=plan)
    filtered = bool(status or only_overdue)
    indicators = visible(Indicator, user).filter(plan=plan).order_by("position", "pk")
    # The values of the plan's indicators, which the user sees as they see the plan (the
    # table reads only those of `indicators`): a join is cheaper to build than a subquery.
    values = IndicatorValue.objects.filter(indicator__plan=plan).select_related("academic_year")
    return PlanPage(
        plan=plan,
        parent=visible_or_none(Plan, user, plan.parent_id),
        municipality=visible_or_none(Municipality, user, plan.municipality_id),
        school=visible_or_none(Organisation, user, plan.school_id),
        rows=section_rows(sections, activities_list, keep_empty=not filtered),
        shown=len(activities_list),
        filtered=filtered,
        indicators=indicator_table(plan, indicators, values, today),
        today=today,
        evidence=evidence,
    )


def responsible_names(plan: Plan) -> dict[int, str]:
    """Who answers for each activity of `plan` through its links, for the plan's table:
    «МБОУ СОШ № 3, ИРО; Иванова И.И.», organisations and people in their usual order. Two
    queries of names: prefetching the relations built two related managers an activity, a
    third of the page's reads."""
    organisations, people = defaultdict(list), defaultdict(list)
    Organisations = Activity.responsible_organisations.through
    for activity_id, name in (
        Organisations.objects.filter(activity__plan=plan)
        .order_by("organisation__municipality__name", "organisation__short_name")
        .values_list("activity_id", "organisation__short_name")
    ):
        organisations[activity_id].append(name)
    People = Activity.responsible_people.through
    for activity_id, short, full in (
        People.objects.filter(activity__plan=plan)
        .order_by("person__full_name")
        .values_list("activity_id", "person__short_name", "person__full_name")
    ):
        people[activity_id].append(short or full)  # as `Person.__str__`
    return {
        pk: "; ".join(", ".join(names) for names in (organisations[pk], people[pk]) if names)
        for pk in organisations.keys() | people.keys()
    }


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
            "plan",
            "plan__last_year",
            "plan__municipality",
            "plan__school",
            "section",
            "academic_year",
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


@dataclass
class PlanTools:
    """What the current user may do on a plan's page, and its review and discussion."""

    can_edit: bool
    can_report: bool
    owner: bool
    steps: list[tuple[str, str]]
    transitions: list[PlanTransition]
    comments: list[Comment]
    history: Page  # of audit.history.HistoryRow
    history_kept: str  # the page's query without the history's page, for its pager
    publication: Publication | None


def plan_tools(user: User, plan: Plan, params: QueryDict) -> PlanTools:
    owner = may_edit(user, plan)
    steps = available_steps(plan, owner=is_owner(user, plan), reviewer=is_reviewer(user, plan))
    return PlanTools(
        can_edit=owner and plan.is_editable_state,
        can_report=owner and plan.state != Plan.State.ARCHIVED,
        owner=owner,
        steps=[(step, LABELS[step]) for step in steps],
        transitions=list(
            visible(PlanTransition, user)
            .filter(plan=plan)
            .select_related("actor")
            .order_by("at", "pk")  # one plan's: its own ordering sorted by the plan's title first
        ),
        comments=list(
            visible(Comment, user).filter(plan=plan, activity=None).select_related("author")
        ),
        history=history_page(plan, params),
        history_kept=kept_query(params, "history"),
        publication=Publication.objects.filter(plan=plan).first(),
    )


@dataclass
class ActivityTools:
    can_edit: bool
    can_report: bool
    comments: list[Comment]
    history: Page  # of audit.history.HistoryRow
    history_kept: str


def activity_tools(user: User, activity: Activity, params: QueryDict) -> ActivityTools:
    owner = may_edit(user, activity.plan)
    return ActivityTools(
        can_edit=owner and activity.plan.is_editable_state,
        can_report=owner and activity.plan.state != Plan.State.ARCHIVED,
        comments=list(
            visible(Comment, user).filter(activity=activity).select_related("author", "execution")
        ),
        history=history_page(activity, params),
        history_kept=kept_query(params, "history"),
    )
