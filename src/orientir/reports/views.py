"""Downloads of the documents, each from the page it belongs to; access by the rulebook."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.plans.models import Plan, today
from orientir.registry.models import AcademicYear, Municipality, Region
from orientir.reports import services
from orientir.reports.plan_selectors import PLAN_RELATIONS


def download(found: services.ExportFile) -> HttpResponse:
    response = HttpResponse(found.data, content_type=found.content_type)
    response["Content-Disposition"] = content_disposition_header(True, found.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def municipality_report(
    request: AuthenticatedHttpRequest, municipality_id: int, start_year: int, fmt: str
) -> HttpResponse:
    source = Municipality.objects.select_related("region")
    municipality = rules.get_or_403("export", source, request.user, pk=municipality_id)
    year = get_object_or_404(AcademicYear, start_year=start_year)
    try:
        found = services.report_export(
            actor=request.user,
            municipality=municipality,
            year=year,
            fmt=fmt,
            url=request.build_absolute_uri("/"),
        )
    except services.ExportProblem as problem:
        messages.error(request, str(problem))
        return redirect("municipality", municipality.pk)
    return download(found)


@require_safe
@login_required
def region_report(
    request: AuthenticatedHttpRequest, region_id: int, start_year: int
) -> HttpResponse:
    region = rules.get_or_403("export_region_report", Region, request.user, pk=region_id)
    year = get_object_or_404(AcademicYear, start_year=start_year)
    found = services.region_report_export(
        actor=request.user,
        region=region,
        year=year,
        today=today(),
        url=request.build_absolute_uri("/"),
    )
    return download(found)


@require_safe
@login_required
def plan_export(request: AuthenticatedHttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    source = Plan.objects.select_related(*PLAN_RELATIONS)
    plan = rules.get_or_403("export", source, request.user, pk=plan_id)
    try:
        found = services.plan_export(actor=request.user, plan=plan, fmt=fmt)
    except services.ExportProblem as problem:
        messages.error(request, str(problem))
        return redirect("plan", plan.pk)
    return download(found)
