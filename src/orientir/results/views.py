"""Results pages: upload of results and context files, and their templates."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from orientir.accounts import rules
from orientir.accounts.access import (
    AuthenticatedHttpRequest,
)
from orientir.lib.tables import TableError
from orientir.results import services
from orientir.results.templates_xlsx import template_workbook

UPLOADS = "results-uploads"


def _upload_dir() -> Path:
    folder = Path(settings.DATA_DIR) / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a results or context file: a preview first, then the import on confirmation."""
    rules.check("import_results", request.user)
    kind = "context" if request.POST.get("kind") == "context" else "results"
    if request.method != "POST":
        return render(request, "results/upload.html", {"kind": kind})
    if "token" in request.POST:
        return _confirm(request, kind)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return render(
            request, "results/upload.html", {"kind": kind, "error": "Выберите файл."}, status=400
        )
    data, name = uploaded.read(), Path(uploaded.name or "файл").name
    read = services.read_results if kind == "results" else services.read_context
    try:
        parsed = read(data, name)
    except TableError as error:
        return render(
            request, "results/upload.html", {"kind": kind, "error": str(error)}, status=400
        )
    token = uuid.uuid4().hex
    (_upload_dir() / token).write_bytes(data)
    request.session[f"upload-{token}"] = name
    context = {
        "kind": kind,
        "parsed": parsed,
        "preview": parsed.rows[:20],
        "token": token,
        "name": name,
    }
    return render(request, "results/upload.html", context, status=400 if parsed.problems else 200)


def _confirm(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    token = request.POST["token"]
    name = request.session.pop(f"upload-{token}", None)
    if name is None or not token.isalnum():
        raise Http404("Загрузка не найдена")
    path = _upload_dir() / token
    data = path.read_bytes()
    path.unlink(missing_ok=True)
    importer = services.results_import if kind == "results" else services.context_import
    try:
        summary = importer(
            data=data,
            source=name,
            actor=request.user,
            region=request.user.region if not request.user.is_superuser else None,
        )
    except services.ImportRefused as refused:
        return render(
            request, "results/upload.html", {"kind": kind, "error": refused.one_line()}, status=400
        )
    return render(request, "results/upload.html", {"kind": kind, "summary": summary})


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
