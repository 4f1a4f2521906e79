"""Pages of the methodological collection: a municipality's model, the region's overview."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest, get_visible_or_404, visible
from orientir.registry.models import AcademicYear, Municipality, Region
from orientir.reports import descriptions
from orientir.reports.collection import descriptions as written_in
from orientir.reports.markup import grouped, pages, parse, words
from orientir.reports.models import ExportJob, ModelDescription

HELP = (
    "Заголовок — строка с «## » в начале, пункт списка — с «- », абзацы разделяются пустой строкой."
)


class DescriptionForm(forms.Form):
    text = forms.CharField(
        label="Описание модели работы",
        required=False,
        help_text=HELP,
        widget=forms.Textarea(attrs={"rows": 24}),
    )
    file = forms.FileField(
        label="Или загрузить из Word (.docx)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)


def _save(
    request: AuthenticatedHttpRequest,
    form: DescriptionForm,
    municipality: Municipality,
    year: AcademicYear,
) -> bool:
    if not form.is_valid():
        return False
    upload = form.cleaned_data["file"]
    try:
        if upload:
            text, source = descriptions.upload_text(upload), ModelDescription.Source.DOCX
        else:
            text, source = form.cleaned_data["text"], ModelDescription.Source.TEXT
        if not text.strip():
            raise ValidationError("Напишите описание или загрузите его из файла Word.")
        descriptions.model_description_save(
            actor=request.user,
            municipality=municipality,
            year=year,
            text=text,
            source=source,
            loaded=form.cleaned_data["version"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@require_http_methods(["GET", "POST"])
@login_required
def model_description(
    request: AuthenticatedHttpRequest, municipality_id: int, start_year: int
) -> HttpResponse:
    municipality = get_visible_or_404(
        Municipality.objects.select_related("region"), request.user, pk=municipality_id
    )
    year = get_object_or_404(AcademicYear, start_year=start_year)
    found = (
        visible(ModelDescription, request.user)
        .filter(municipality=municipality, academic_year=year)
        .select_related("updated_by")
        .first()
    )
    may_write = rules.allows("write_model_description", request.user, municipality)
    form = None
    if request.method == "POST":
        rules.check("write_model_description", request.user, municipality)
        form = DescriptionForm(request.POST, request.FILES)
        if _save(request, form, municipality, year):
            messages.success(request, "Описание модели сохранено.")
            return redirect("model-description", municipality.pk, year.start_year)
    elif may_write:
        form = DescriptionForm(
            initial={"text": found.text if found else "", "version": descriptions.version(found)}
        )
    context = {
        "municipality": municipality,
        "year": year,
        "found": found,
        "form": form,
        "blocks": grouped(parse(found.text)) if found else [],
        "words": words(found.text) if found else 0,
        "pages": pages(words(found.text)) if found else "",
    }
    return render(request, "reports/model_description.html", context)


@require_safe
@login_required
def collection(request: AuthenticatedHttpRequest, region_id: int, start_year: int) -> HttpResponse:
    """Who has written their model, and the compiling of the collection (in the background)."""
    region = rules.get_or_403("compile_collection", Region, request.user, pk=region_id)
    year = get_object_or_404(AcademicYear, start_year=start_year)
    written = written_in(region, year)
    rows = [
        (m, written.get(m.pk), words(written[m.pk].text) if m.pk in written else 0)
        for m in Municipality.objects.filter(region=region).order_by("name", "pk")
    ]
    jobs = ExportJob.objects.filter(
        region=region, academic_year=year, kind=ExportJob.Kind.COLLECTION
    )
    context = {
        "region": region,
        "year": year,
        "rows": rows,
        "missing": sum(1 for _, d, _ in rows if d is None),
        "jobs": list(jobs[:5]),
    }
    return render(request, "reports/collection.html", context)
