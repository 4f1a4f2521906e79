"""A plan with its activities and indicators; one activity with its evidence."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.plans import selectors
from orientir.plans.forms import ActivityFilterForm
from orientir.plans.models import today


@require_safe
@login_required
def plan(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    now = today()
    found = selectors.plan_for_page(request.user, plan_id, now)
    form = ActivityFilterForm(request.GET)
    page = selectors.plan_page(request.user, found, now, **form.filters())
    tools = selectors.plan_tools(request.user, found)
    return render(request, "plans/plan.html", {"page": page, "form": form, "tools": tools})


@require_safe
@login_required
def activity(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    page = selectors.activity_page(request.user, activity_id, today())
    tools = selectors.activity_tools(request.user, page.activity)
    return render(request, "plans/activity.html", {"page": page, "tools": tools})
