"""Results pages: upload of results and context files, and their templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest, visible
from orientir.lib.listing import Column, Sorting, kept_query, page_of
from orientir.lib.russian import format_size
from orientir.lib.tables import TableError
from orientir.registry.models import Municipality
from orientir.results import services
from orientir.results.filters import result_filter
from orientir.results.templates_xlsx import template_workbook
from orientir.results.uploads import STORE


def max_upload_bytes() -> int:
    return int(settings.ORIENTIR_RESULTS_MAX_BYTES)


def _page(
    request: AuthenticatedHttpRequest, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, "results/upload.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a results or context file: a preview first, then the import on confirmation.

    Only a file that passed the check waits for confirmation, in the uploader's own store; it is
    deleted on confirmation, on cancel and when it expires (`orientir uploads sweep`).
    """
    rules.check("import_results", request.user)
    kind = "context" if request.POST.get("kind") == "context" else "results"
    if request.method != "POST":
        return _page(request, {"kind": kind})
    if "token" in request.POST:
        if "cancel" in request.POST:
            STORE.delete(request.user.pk, request.POST["token"])
            return _page(request, {"kind": kind, "cancelled": True})
        return _confirm(request, kind)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return _page(request, {"kind": kind, "error": "Выберите файл."}, status=400)
    name = Path(uploaded.name or "файл").name
    if uploaded.size is not None and uploaded.size > max_upload_bytes():
        error = (
            f"Файл {name} слишком велик ({format_size(uploaded.size)}); "
            f"предел — {format_size(max_upload_bytes())}."
        )
        return _page(request, {"kind": kind, "error": error}, status=400)
    data = uploaded.read()
    read = services.read_results if kind == "results" else services.read_context
    try:
        parsed = read(data, name)
    except TableError as error:
        return _page(request, {"kind": kind, "error": str(error)}, status=400)
    context = {"kind": kind, "parsed": parsed, "preview": parsed.rows[:20], "name": name}
    if parsed.problems:
        return _page(request, context, status=400)
    context["token"] = STORE.save(request.user.pk, name, data)
    return _page(request, context)


def _confirm(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    token = request.POST["token"]
    name, data = STORE.load(request.user.pk, token)
    STORE.delete(request.user.pk, token)
    importer = services.results_import if kind == "results" else services.context_import
    try:
        summary = importer(
            data=data,
            source=name,
            actor=request.user,
            region=request.user.region if not request.user.is_superuser else None,
        )
    except (services.ImportRefused, TableError) as refused:
        message = (
            refused.one_line() if isinstance(refused, services.ImportRefused) else str(refused)
        )
        return _page(request, {"kind": kind, "error": message}, status=400)
    return _page(request, {"kind": kind, "summary": summary})


@require_safe
@login_required
def template(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    if kind not in ("results", "context"):
        raise Http404("Нет такого шаблона")
    response = HttpResponse(
        template_workbook(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="orientir-{kind}.xlsx"'
    return response


RESULT_SORTING = Sorting(
    [
        Column("school", "Школа", ("school__municipality__name", "school__short_name")),
        Column("year", "Год", ("academic_year__start_year",)),
        Column("assessment", "Процедура", ("assessment", "subject", "grade")),
        Column("participants", "Участников", ("participants",)),
        Column("failed", "Не преодолели", ("failed",)),
        Column("share", "Доля, %", ("failed_ratio",)),
        Column("mean", "Средний балл", ("mean_score",)),
    ],
    default="-share",
)


@require_safe
@login_required
def results_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every school's results the user sees: filtered, sorted, a page at a time."""
    rules.check("see_dashboard", request.user)
    found = result_filter(request.user, request.GET)
    rows = RESULT_SORTING.order(found.qs, request.GET)
    municipalities = visible(Municipality, request.user).order_by("name").values_list("pk", "name")
    context = {
        "filter": found,
        "page": page_of(
            rows, request.GET, related=("school", "school__municipality", "academic_year")
        ),
        "kept": kept_query(request.GET),
        "headers": RESULT_SORTING.headers(request.GET),
        "sort": RESULT_SORTING.current(request.GET),
        "municipalities": list(municipalities),
        "chosen_municipality": request.GET.get("municipality", ""),
    }
    return render(request, "results/list.html", context)
