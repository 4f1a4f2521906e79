"""The deadline calendar: a month of weeks and a list by date, for a territory or a person.

Both read the filter of the dashboards' activity list (`calendar_filter`: territory, plan,
section, responsible organisation or person, «мои сроки», overdue by the one rule, a search),
so a dashboard's link opens the calendar of the same activities.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest, visible
from orientir.dashboards import calendar
from orientir.dashboards.filters import CalendarFilter, calendar_filter
from orientir.lib.ical import DayEvent, calendar_file
from orientir.lib.listing import kept_query, page_of
from orientir.plans.calendar import WEEKDAYS_SHORT, add_months, month_grid, parse_month
from orientir.plans.models import today
from orientir.plans.progress import current_start_year
from orientir.registry.models import Municipality

# The filters a calendar link keeps without showing them as fields of its form.
HIDDEN = ("region", "school", "own", "plan", "section", "responsible", "person")
LIST_MONTHS = 3  # the list's span without dates: this month and the next two
ICS_LIMIT = 5000  # a file for a calendar program, not an export of the whole region's years


def _context(request: AuthenticatedHttpRequest, found: CalendarFilter) -> dict[str, Any]:
    """What both views show: the filter's form, its hidden parameters, the municipalities."""
    municipalities = visible(Municipality, request.user).order_by("name").values_list("pk", "name")
    return {
        "filter": found,
        "hidden": {k: request.GET[k] for k in HIDDEN if request.GET.get(k)},
        "municipalities": list(municipalities),
        "chosen_municipality": request.GET.get("municipality", ""),
        "today": today(),
        "has_person": request.user.person_id is not None,
    }


@require_safe
@login_required
def month(request: AuthenticatedHttpRequest) -> HttpResponse:
    rules.check("see_dashboard", request.user)
    day = today()
    first = parse_month(request.GET.get("month"), day)
    grid = month_grid(first.year, first.month)
    found = calendar_filter(request.user, request.GET, day)
    slots = calendar.slots(found.qs, grid.start, grid.end)
    in_month = [s for s in slots if s.day.month == first.month]
    events = page_of(calendar.events(found.qs, first, day), request.GET, "events_page", 20)
    context = {
        **_context(request, found),
        "grid": grid,
        "title": calendar.month_title(first),
        "previous_title": calendar.month_title(grid.previous),
        "next_title": calendar.month_title(grid.next),
        "weeks": calendar.month_weeks(found.qs, grid, slots, day),
        "weekdays": WEEKDAYS_SHORT,
        "total": len(in_month),
        "events": events,
        "kept": kept_query(request.GET, "month", "events_page"),
        "events_kept": kept_query(request.GET, "events_page"),
        "month_keep": {"month": f"{first:%Y-%m}"},
        "academic_year": f"{current_start_year(first)}/{current_start_year(first) + 1}",
    }
    return render(request, "dashboards/calendar_month.html", context)


def _ics(
    request: AuthenticatedHttpRequest, entries: list[calendar.Entry], first: dt.date, last: dt.date
) -> HttpResponse:
    """The listed deadlines as a calendar file, each a whole-day event with its link."""
    events = [
        DayEvent(
            uid=f"{entry.activity.pk}-{entry.day:%Y%m%d}-{entry.mark}@orientir",
            day=entry.day,
            summary=f"{entry.activity.number} {entry.activity.title}".strip()[:300],
            description=f"{entry.activity.plan.title}. Сроки: {entry.activity.deadline_text}",
            url=request.build_absolute_uri(reverse("activity", args=[entry.activity.pk])),
        )
        for entry in entries
    ]
    name = f"Сроки мероприятий {first:%d.%m.%Y}–{last:%d.%m.%Y}"
    response = HttpResponse(
        calendar_file(name, events, timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="sroki-{first:%Y%m%d}.ics"'
    return response


def _span(request: AuthenticatedHttpRequest, day: dt.date) -> tuple[dt.date, dt.date]:
    """The list's dates: `from` and `to` as given, else this month and the next two."""
    first = _date(request.GET.get("from")) or day.replace(day=1)
    last = _date(request.GET.get("to")) or add_months(first, LIST_MONTHS) - dt.timedelta(days=1)
    return (first, last) if first <= last else (last, first)


def _date(text: str | None) -> dt.date | None:
    try:
        return parse_date(text or "")
    except ValueError:  # «2026-02-30»: well formed, not a day
        return None


@require_safe
@login_required
def agenda(request: AuthenticatedHttpRequest) -> HttpResponse:
    rules.check("see_dashboard", request.user)
    day = today()
    first, last = _span(request, day)
    found = calendar_filter(request.user, request.GET, day)
    slots = calendar.slots(found.qs, first, last)
    if request.GET.get("format") == "ics":
        return _ics(request, calendar.entries(found.qs, slots[:ICS_LIMIT], day), first, last)
    page = page_of(slots, request.GET)
    page.object_list = calendar.entries(found.qs, page.object_list, day)
    context = {
        **_context(request, found),
        "first": first,
        "last": last,
        "page": page,
        "kept": kept_query(request.GET),
        "month_query": kept_query(request.GET, "from", "to"),
        "span_keep": {"from": first.isoformat(), "to": last.isoformat()},
    }
    return render(request, "dashboards/calendar_list.html", context)
