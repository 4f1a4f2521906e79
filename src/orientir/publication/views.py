"""Publishing a plan, and its public page that anyone may read without logging in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from orientir.accounts.access import AuthenticatedHttpRequest, get_editable_or_403
from orientir.plans.models import Plan
from orientir.publication import selectors, services


def _plan_url(plan_id: int) -> str:
    return reverse("plan", args=[plan_id]) + "#publication"


@require_POST
@login_required
def plan_publish(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = get_editable_or_403(Plan.objects.select_related("region"), request.user, pk=plan_id)
    try:
        publication = services.plan_publish(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_plan_url(plan.pk))
    messages.success(request, f"План опубликован: {request.build_absolute_uri(str(publication))}")
    return redirect(_plan_url(plan.pk))


@require_POST
@login_required
def plan_unpublish(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = get_editable_or_403(Plan, request.user, pk=plan_id)
    try:
        services.plan_unpublish(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_plan_url(plan.pk))
    messages.success(request, "План снят с публикации; его адрес сохранится до новой публикации.")
    return redirect(_plan_url(plan.pk))


@require_safe
def public_plan(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.public_plan_page(slug)
    return render(request, "publication/plan.html", {"page": page})
