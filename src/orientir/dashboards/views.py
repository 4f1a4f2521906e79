"""Dashboards of a region, a municipality, a school and a curator, and the lists they open."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.dashboards import charts, comparison
from orientir.dashboards.figures import Territory, cached_dashboard
from orientir.dashboards.filters import (
    TERRITORY_PARAMS,
    activity_filter,
    execution_filter,
    plan_filter,
    school_status_filter,
)
from orientir.dashboards.menu import own_dashboard
from orientir.lib.listing import Column, Sorting, kept_query, page_of
from orientir.plans.models import today
from orientir.plans.progress import Progress
from orientir.plans.selectors import with_activity_counts
from orientir.registry.models import Municipality, Organisation
from orientir.registry.regions import get_region_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Kept as hidden fields when a list's form is sent again: what a dashboard's link set.
HIDDEN_PARAMS = (
    *TERRITORY_PARAMS,
    "plan",
    "section",
    "responsible",
    "overdue",
    "soon",
    "activity",
    "sort",
)


@require_safe
@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    target = own_dashboard(request.user)
    if target is None:
        rules.check("see_dashboard", request.user)
        return redirect("home")
    return redirect(target[0], *target[1])


def _render(request: AuthenticatedHttpRequest, territory: Territory) -> HttpResponse:
    found = cached_dashboard(request.user, territory, today())
    context = {
        "d": found,
        "charts": charts.for_dashboard(found),
        "calendar_query": urlencode(territory.params),
    }
    return render(request, "dashboards/dashboard.html", context)


@require_safe
@login_required
def region(request: AuthenticatedHttpRequest, region_id: int) -> HttpResponse:
    found = get_region_or_404(request.user, region_id)
    rules.check("see_region_dashboard", request.user)
    territory = Territory("region", found.name, found.pk, {"region": str(found.pk)})
    return _render(request, territory)


@require_safe
@login_required
def municipality(request: AuthenticatedHttpRequest, municipality_id: int) -> HttpResponse:
    found = rules.get_or_403("see_dashboard", Municipality, request.user, pk=municipality_id)
    params = {"municipality": str(found.pk)}
    return _render(request, Territory("municipality", found.name, found.region_id, params))


@require_safe
@login_required
def school(request: AuthenticatedHttpRequest, school_id: int) -> HttpResponse:
    found = rules.get_or_403(
        "see_dashboard", Organisation.objects.schools(), request.user, pk=school_id
    )
    params = {"school": str(found.pk)}
    return _render(request, Territory("school", found.short_name, found.region_id, params))


@require_safe
@login_required
def curator(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    rules.check("see_curator_dashboard", user)
    name = f"куратор {user.display_name}"
    return _render(request, Territory("curator", name, user.region_id or 0, {"own": "true"}))


@require_safe
@login_required
def municipalities(request: AuthenticatedHttpRequest, region_id: int) -> HttpResponse:
    found = get_region_or_404(request.user, region_id)
    rules.check("see_region_dashboard", request.user)
    sort = request.GET.get("sort", "-overdue")
    rows = comparison.municipality_table(request.user, found, today(), sort)
    if request.GET.get("format") == "xlsx":
        title = f"{found.name}: муниципалитеты на {today():%d.%m.%Y}"
        response = HttpResponse(comparison.table_xlsx(rows, title), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="municipalities.xlsx"'
        return response
    columns = [
        (key, heading, f"-{key}" if sort != f"-{key}" else key)
        for key, (heading, _) in comparison.COLUMNS.items()
    ]
    context = {"region": found, "rows": rows, "columns": columns, "sort": sort}
    return render(request, "dashboards/municipalities.html", context)


def _page(request: AuthenticatedHttpRequest, rows: Any) -> Any:
    return page_of(rows, request.GET)


def _list_context(request: AuthenticatedHttpRequest, filterset: Any, page: Any) -> dict:
    return {
        "filter": filterset,
        "page": page,
        "kept": kept_query(request.GET),
        "territory": {k: request.GET[k] for k in HIDDEN_PARAMS if request.GET.get(k)},
    }


# The most overdue first by default: the order of `activity_filter`.
ACTIVITY_SORTING = Sorting(
    [
        Column("title", "Мероприятие", ("title",)),
        Column("plan", "План", ("plan__title", "position")),
        Column("deadline", "Сроки", ("deadline_end", "plan__title", "position")),
        Column("progress", "Выполнение", ("progress", "deadline_end")),
    ],
    default="deadline",
)


@require_safe
@login_required
def activities(request: AuthenticatedHttpRequest) -> HttpResponse:
    rules.check("see_dashboard", request.user)
    day = today()
    found = activity_filter(request.user, request.GET, day)
    rows = found.qs.with_progress(day).select_related(
        "plan", "plan__municipality", "plan__school", "section"
    )
    page = _page(request, ACTIVITY_SORTING.order(rows, request.GET))
    for activity in page.object_list:
        activity.progress_label = Progress(activity.progress).label
    context = {
        **_list_context(request, found, page),
        "today": day,
        "headers": ACTIVITY_SORTING.headers(request.GET),
    }
    return render(request, "dashboards/activities.html", context)


# The plan table is shared with the territory pages, so the list sorts by a choice of its own.
PLAN_SORTING = Sorting(
    [
        Column("title", "по названию", ("title",)),
        Column("territory", "по территории", ("municipality__name", "school__short_name")),
        Column("year", "по учебному году", ("first_year__start_year", "title")),
        Column("state", "по состоянию", ("state", "title")),
        Column("updated", "по дате изменения", ("updated_at",)),
    ],
    default="title",
)


@require_safe
@login_required
def plans(request: AuthenticatedHttpRequest) -> HttpResponse:
    rules.check("see_dashboard", request.user)
    day = today()
    found = plan_filter(request.user, request.GET, day)
    rows = with_activity_counts(
        found.qs.select_related("first_year", "last_year", "municipality", "school"), day
    )
    page = _page(request, PLAN_SORTING.order(rows, request.GET))
    context = {
        **_list_context(request, found, page),
        "sorts": [(key, column.label) for key, column in PLAN_SORTING.columns.items()],
        "sort": PLAN_SORTING.current(request.GET),
    }
    return render(request, "dashboards/plans.html", context)


SCHOOL_SORTING = Sorting(
    [
        Column("school", "Школа", ("school__short_name",)),
        Column(
            "municipality", "Муниципалитет", ("school__municipality__name", "school__short_name")
        ),
        Column("year", "Учебный год", ("academic_year__start_year", "school__short_name")),
        Column("status", "Статус", ("status", "school__short_name")),
    ],
    default="municipality",
)


@require_safe
@login_required
def schools(request: AuthenticatedHttpRequest) -> HttpResponse:
    rules.check("see_dashboard", request.user)
    found = school_status_filter(request.user, request.GET, today())
    rows = found.qs.select_related("school", "school__municipality", "academic_year")
    page = _page(request, SCHOOL_SORTING.order(rows, request.GET))
    context = {
        **_list_context(request, found, page),
        "headers": SCHOOL_SORTING.headers(request.GET),
    }
    return render(request, "dashboards/schools.html", context)


EXECUTION_SORTING = Sorting(
    [
        Column("date", "Дата", ("date",)),
        Column("activity", "Мероприятие", ("activity__title",)),
        Column("plan", "План", ("activity__plan__title",)),
        Column("participants", "Участников", ("participants",)),
        Column("documents", "Документов", ("document_count",)),
        Column("created", "Внесено", ("created_at",)),
    ],
    default="-date",
)


@require_safe
@login_required
def executions(request: AuthenticatedHttpRequest) -> HttpResponse:
    rules.check("see_dashboard", request.user)
    found = execution_filter(request.user, request.GET, today())
    rows = EXECUTION_SORTING.order(
        found.qs.select_related(
            "activity", "activity__plan", "activity__plan__municipality", "activity__plan__school"
        ),
        request.GET,
    )
    context = {
        **_list_context(request, found, page_of(rows, request.GET)),
        "headers": EXECUTION_SORTING.headers(request.GET),
        "sort": EXECUTION_SORTING.current(request.GET),
    }
    return render(request, "dashboards/executions.html", context)
