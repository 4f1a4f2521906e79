"""Downloads of the documents, each from the page it belongs to; access by the rulebook."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest, get_visible_or_404
from orientir.audit.models import record
from orientir.plans.models import Plan
from orientir.registry.models import AcademicYear, Municipality, Organisation, Region
from orientir.reports import services, tasks
from orientir.reports.models import ExportJob
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
def results_analysis(
    request: AuthenticatedHttpRequest, fmt: str, municipality_id: int = 0, school_id: int = 0
) -> HttpResponse:
    """The results analysis of a school or a municipality, only when results are loaded."""
    if school_id:
        school = rules.get_or_403(
            "export", Organisation.objects.schools(), request.user, pk=school_id
        )
        found: dict[str, Any] = {"school": school}
        back = redirect("school_results", school.pk)
    else:
        municipality = rules.get_or_403("export", Municipality, request.user, pk=municipality_id)
        found = {"municipality": municipality}
        back = redirect("municipality_results", municipality.pk)
    try:
        return download(services.results_analysis_export(actor=request.user, fmt=fmt, **found))
    except services.ExportProblem as problem:
        messages.error(request, str(problem))
        return back


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


# ---------------------------------------------------------------------------------------
# Long exports in the background (orientir.reports.tasks)
# ---------------------------------------------------------------------------------------


@require_POST
@login_required
def job_start(request: AuthenticatedHttpRequest, region_id: int) -> HttpResponse:
    """Queue a background export of the region (the form on the region page)."""
    region = get_visible_or_404(Region, request.user, pk=region_id)
    kind = request.POST.get("kind", "")
    if kind not in ExportJob.Kind.values:
        return HttpResponseBadRequest("Неизвестный вид выгрузки.")
    rules.check(tasks.RULES[ExportJob.Kind(kind)], request.user, region)
    text = request.POST.get("year", "")
    year = AcademicYear.objects.filter(start_year=int(text)).first() if text.isdigit() else None
    if year is None:
        return HttpResponseBadRequest("Учебный год не указан или его нет в реестре.")
    try:
        job = tasks.export_job_start(
            actor=request.user,
            kind=kind,
            region=region,
            year=year,
            fmt=request.POST.get("fmt", ""),
            url=request.build_absolute_uri("/"),
        )
    except services.ExportProblem as problem:
        return HttpResponseBadRequest(str(problem))
    return redirect("export-job", job.pk)


def _job(request: AuthenticatedHttpRequest, job_id: int) -> ExportJob:
    source = ExportJob.objects.select_related("region", "academic_year", "requested_by")
    job = get_visible_or_404(source, request.user, pk=job_id)
    rules.check(tasks.RULES[ExportJob.Kind(job.kind)], request.user, job.region)
    return job


@require_safe
@login_required
def job(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    """The job's state, stage and download link; `?part=status` is the block the page polls."""
    found = _job(request, job_id)
    now = timezone.now()
    context = {
        "job": found,
        "state": found.shown_state(now),
        "error": found.shown_error(now),
        "States": ExportJob.State,
    }
    template = "reports/job.html#status" if request.GET.get("part") == "status" else None
    return render(request, template or "reports/job.html", context)


@require_safe
@login_required
def job_download(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponseBase:
    found = _job(request, job_id)
    if found.state != ExportJob.State.DONE:
        raise Http404("Выгрузка ещё не готова.")
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл выгрузки не найден в хранилище.") from error
    changes = {"year": found.academic_year.name, "format": found.fmt, "job": found.pk}
    record(actor=request.user, action=f"{found.kind}.export", obj=found.region, changes=changes)
    response = FileResponse(handle, as_attachment=True, filename=found.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
