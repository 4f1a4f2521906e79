"""Pages of the reporting calendar: the duties, one duty with who handed it in, hand-ins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest, get_visible_or_404
from orientir.plans.models import today
from orientir.registry.models import Region
from orientir.reports import reporting
from orientir.reports.forms import DutyForm, HandInForm
from orientir.reports.models import ReportingDuty, Submission
from orientir.reports.services import FORMATS


@require_safe
@login_required
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = reporting.calendar_rows(request.user, today())
    return render(request, "reports/calendar.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def duty_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    rules.check("define_reporting_duties", request.user)
    region = Region.objects.filter(pk=int(request.user.region_id or 0)).first()
    if region is None:
        raise Http404("У вашей учётной записи нет региона.")
    form = DutyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        duty = reporting.duty_create(actor=request.user, region=region, values=form.cleaned_data)
        messages.success(request, f"Отчётный документ «{duty.title}» добавлен в график.")
        return redirect("duty", duty.pk)
    return render(request, "reports/duty_form.html", {"form": form})


@require_safe
@login_required
def duty(request: AuthenticatedHttpRequest, duty_id: int) -> HttpResponse:
    found = get_visible_or_404(
        ReportingDuty.objects.select_related("academic_year"), request.user, pk=duty_id
    )
    context = {
        "duty": found,
        "owed": reporting.duty_rows(request.user, found, today()),
        "form": HandInForm(),
        "formats": FORMATS,
    }
    return render(request, "reports/duty.html", context)


@require_POST
@login_required
def duty_hand_in(request: AuthenticatedHttpRequest, duty_id: int) -> HttpResponse:
    """Hand the duty in: an uploaded file, or (`attach` = a format) Ориентир's own document."""
    found = rules.get_or_403(
        "hand_in_report",
        ReportingDuty.objects.select_related("academic_year"),
        request.user,
        pk=duty_id,
    )
    fmt = request.POST.get("attach", "")
    try:
        if fmt:
            reporting.submission_attach(
                actor=request.user, duty=found, fmt=fmt, url=request.build_absolute_uri("/")
            )
        else:
            form = HandInForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError("Выберите файл документа.")
            reporting.submission_upload(
                actor=request.user, duty=found, upload=form.cleaned_data["file"]
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("duty", found.pk)
    messages.success(request, f"Документ «{found.title}» сдан.")
    return redirect("duty", found.pk)


@require_safe
@login_required
def submission_download(request: AuthenticatedHttpRequest, submission_id: int) -> HttpResponseBase:
    found = get_visible_or_404(Submission, request.user, pk=submission_id)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл не найден в хранилище.") from error
    response = FileResponse(handle, as_attachment=True, filename=found.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
