"""The plan and activity pages, and what on them reaches into execution and indicators.

A plan's page shows its executions, evidence and indicators; an activity's page its
executions, and comments may name one of them; the roll-over carries the indicators. These
pages combine apps, so they live in the pages layer rather than in `plans`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from orientir.accounts import rules
from orientir.accounts.access import (
    AuthenticatedHttpRequest,
    get_editable_or_403,
    get_visible_or_404,
)
from orientir.execution.models import Execution
from orientir.indicators import rollover
from orientir.plans import services
from orientir.plans.forms import ActivityFilterForm, CommentForm, comment_problem
from orientir.plans.models import Activity, Plan, today
from orientir.plans.selectors import plan_for_page
from orientir.web import plan_pages


@require_safe
@login_required
def plan(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    now = today()
    found = plan_for_page(request.user, plan_id, now)
    form = ActivityFilterForm(request.GET)
    page = plan_pages.plan_page(request.user, found, now, **form.filters())
    with rules.remembering():  # the tools and the template ask several rules of the plan
        tools = plan_pages.plan_tools(request.user, found, request.GET)
        return render(request, "plans/plan.html", {"page": page, "form": form, "tools": tools})


@require_safe
@login_required
def activity(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    page = plan_pages.activity_page(request.user, activity_id, today())
    tools = plan_pages.activity_tools(request.user, page.activity, request.GET)
    return render(request, "plans/activity.html", {"page": page, "tools": tools})


@require_POST
@login_required
def plan_roll_over(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = get_editable_or_403(Plan, request.user, pk=plan_id)
    result = rollover.plan_roll_over(actor=request.user, plan=plan)
    messages.success(request, f"Создан план на {result.plan.first_year.name} учебный год.")
    if result.kept_dates:
        messages.warning(
            request,
            "Сроки с указанным годом остались прежними, проверьте их: "
            + "; ".join(result.kept_dates),
        )
    return redirect("plan", result.plan.pk)


@require_POST
@login_required
def activity_comment(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    activity = get_visible_or_404(
        Activity.objects.select_related("plan"), request.user, pk=activity_id
    )
    form = CommentForm(request.POST)
    url = reverse("activity", args=[activity.pk]) + "#comments"
    if not form.is_valid():
        messages.error(request, comment_problem(form))
        return redirect(url)
    execution = None
    if form.cleaned_data["execution"]:
        execution = get_visible_or_404(
            Execution, request.user, pk=form.cleaned_data["execution"], activity=activity
        )
    services.comment_add(
        actor=request.user,
        plan=activity.plan,
        activity=activity,
        execution=execution,
        text=form.cleaned_data["text"],
    )
    return redirect(url)
