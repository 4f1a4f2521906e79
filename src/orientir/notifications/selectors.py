"""What needs a user's attention, read from data they may see.

Four groups: deadlines of the coming two weeks and overdue activities, both only of the
plans of the user's own level (a region's users: the regional plan; a municipality: its
road map and its schools' programmes; a school: its programme; a curator: the plans of the
municipalities and schools assigned to them); new comments on what the user keeps or
reported; plans waiting for the user's agreement or approval (the rule of
`plans.permissions.is_reviewer`, written as a query).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import models
from django.db.models import Exists, F, Func, Q, Subquery

from orientir.accounts.access import visible
from orientir.accounts.models import User
from orientir.accounts.rules import own_level_q, own_territory_q, reviewer_q
from orientir.notifications.models import ReadMark
from orientir.plans.models import SOON_DAYS, Activity, ActivityQuerySet, Comment, Plan
from orientir.plans.selectors import overdue_activities as all_overdue
from orientir.reports.models import ReportingDuty
from orientir.reports.reporting import owed_by

AWAITING = (Plan.State.SUBMITTED, Plan.State.AGREED)


def responsible_plans(user: User) -> models.QuerySet[Plan]:
    """Return the plans whose deadlines are the user's to watch (not archived ones)."""
    return visible(Plan, user).filter(own_level_q(user)).exclude(state=Plan.State.ARCHIVED)


def _own(activities: models.QuerySet[Activity], user: User) -> ActivityQuerySet:
    found = activities.filter(plan__in=responsible_plans(user).values("pk"))
    return cast(ActivityQuerySet, found)


def _activities(user: User) -> ActivityQuerySet:
    return _own(visible(Activity, user), user)


def upcoming_deadlines(user: User, today: dt.date) -> models.QuerySet[Activity]:
    """Return open activities whose deadline ends within the coming two weeks."""
    return _activities(user).due_soon(today, SOON_DAYS)


def overdue_activities(user: User, today: dt.date) -> models.QuerySet[Activity]:
    """The overdue activities of the user's own plans: a part of `plans.selectors`' rule."""
    return _own(all_overdue(user, today), user)


def territory_overdue(user: User, today: dt.date) -> models.QuerySet[Activity]:
    """Everything overdue in the user's territory and below (`rules.own_territory_q`)."""
    plans = visible(Plan, user).filter(own_territory_q(user)).values("pk")
    return all_overdue(user, today).filter(plan__in=plans)


def _unread_q(user: User) -> Q:
    mark = ReadMark.objects.filter(user=user.pk)
    return ~Exists(mark) | Q(created_at__gt=Subquery(mark.values("read_at")[:1]))


def new_comments(user: User) -> models.QuerySet[Comment]:
    """Return others' comments on plans the user keeps or executions they reported, unread.

    The two reasons are two queries joined by UNION: as one OR across the plan and the
    execution, PostgreSQL joined every execution of the country to every comment.
    """
    unread = visible(Comment, user).exclude(author=user.pk).filter(_unread_q(user)).order_by()
    kept = unread.filter(plan__in=Plan.objects.editable_by(user).values("pk")).values("pk")
    reported = unread.filter(execution__created_by=user.pk).values("pk")
    return Comment.objects.filter(pk__in=kept.union(reported))


def awaiting_review(user: User) -> models.QuerySet[Plan]:
    """Return plans submitted or agreed whose next step is the user's to take."""
    return visible(Plan, user).filter(reviewer_q(user), state__in=AWAITING)


@dataclass
class Notifications:
    upcoming: list[Activity]
    overdue: list[Activity]
    comments: list[Comment]
    reviews: list[Plan]
    # Everything overdue in the user's territory (`rules.own_territory_q`), by the rule the
    # territory pages count with: the region's coordinator keeps the regional plan but
    # watches every municipality's.
    territory_overdue: int = 0
    # Documents of the reporting calendar the user owes, due within two weeks or late.
    reports: list[ReportingDuty] = field(default_factory=list)

    @property
    def total(self) -> int:
        groups = (self.upcoming, self.overdue, self.comments, self.reviews, self.reports)
        return sum(len(group) for group in groups)


def notifications_for(user: User, today: dt.date) -> Notifications:
    """Return every group in full (for the daily digest), each read in one query."""
    groups = notification_groups(user, today)
    return Notifications(
        upcoming=list(groups["upcoming"]),
        overdue=list(groups["overdue"]),
        comments=list(groups["comments"]),
        reviews=list(groups["reviews"]),
        territory_overdue=territory_overdue(user, today).count(),
        reports=list(groups["reports"]),
    )


# The groups of the notifications page, in its order, with their headings.
GROUPS = {
    "reports": "Отчётные документы к сдаче",
    "reviews": "Ждут согласования или утверждения",
    "overdue": "Просрочены в ваших планах",
    "upcoming": "Сроки в ближайшие две недели",
    "comments": "Новые комментарии",
}


def notification_groups(user: User, today: dt.date, search: str = "") -> dict[str, Any]:
    """The groups as ordered querysets, the page's and the digest's (the page cuts each),
    narrowed by `search` (words of an activity's, plan's or document's title, or of a
    comment)."""
    activities = ("plan", "academic_year")
    about_activity = Q(title__icontains=search) | Q(plan__title__icontains=search)
    groups: dict[str, Any] = {
        "reports": owed_by(user, today).select_related("academic_year").order_by("due_date", "pk"),
        "reviews": awaiting_review(user).order_by("state", "title", "pk"),
        "overdue": overdue_activities(user, today)
        .select_related(*activities)
        .order_by("deadline_end", "plan", "position", "pk"),
        "upcoming": upcoming_deadlines(user, today)
        .select_related(*activities)
        .order_by("deadline_end", "plan", "position", "pk"),
        # The activities by a second query, for the page's rows only: joined, PostgreSQL
        # read every activity of the country before it sorted and cut the comments.
        "comments": new_comments(user)
        .select_related("plan", "author")
        .prefetch_related("activity")
        .order_by("-created_at", "-pk"),
    }
    if search:
        groups["reports"] = groups["reports"].filter(title__icontains=search)
        groups["reviews"] = groups["reviews"].filter(title__icontains=search)
        groups["overdue"] = groups["overdue"].filter(about_activity)
        groups["upcoming"] = groups["upcoming"].filter(about_activity)
        groups["comments"] = groups["comments"].filter(
            Q(text__icontains=search) | Q(plan__title__icontains=search)
        )
    return groups


def _count(queryset: models.QuerySet[Any]) -> Subquery:
    # COUNT as a plain function, not an aggregate: the subquery returns one row, no GROUP BY.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted[:1], output_field=models.IntegerField())


def notification_count(user: User, today: dt.date) -> int:
    """Return how many notifications the user has, in one query."""
    if not user.is_authenticated:
        return 0
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            upcoming=_count(upcoming_deadlines(user, today)),
            overdue=_count(overdue_activities(user, today)),
            comments=_count(new_comments(user)),
            reviews=_count(awaiting_review(user)),
            reports=_count(owed_by(user, today)),
        )
        .values_list("upcoming", "overdue", "comments", "reviews", "reports")
        .first()
    )
    return sum(n or 0 for n in row) if row else 0
