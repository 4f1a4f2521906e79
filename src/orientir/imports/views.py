"""Upload a document, see what was understood, correct the kind, year and territory, import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest, visible
from orientir.imports import uploads
from orientir.imports.errors import ImportProblem
from orientir.imports.forms import ConfirmForm, OptionsForm, UploadForm
from orientir.imports.models import ImportRecord
from orientir.imports.parsing import parse_upload
from orientir.imports.schema import ParsedDocument
from orientir.imports.services import (
    ImportResult,
    ImportTarget,
    check_import,
    file_hash,
    import_target,
    plan_import,
    years_ended,
)
from orientir.imports.territory import chosen_territory, import_choices
from orientir.plans.models import Plan

FIELD_LABELS = {
    "index": "№ по порядку",
    "number": "№ п/п",
    "title": "мероприятие",
    "deadline": "сроки",
    "deadline_or_mark": "сроки и отметка об исполнении",
    "responsible": "ответственные",
    "result": "планируемый результат",
    "mark": "отметка об исполнении",
    "date": "дата проведения",
    "description": "краткое описание",
    "audience": "целевая аудитория",
    "documents": "подтверждающие документы",
    "region_code": "код региона",
    "municipality": "муниципалитет",
}


def check_may_import(user: Any) -> None:
    """Only those who keep plans import them; a plan's territory is checked on import."""
    rules.check("import_documents", user)


def target(user: Any, form: OptionsForm) -> dict[str, Any]:
    """Resolve the territory chosen on the form (404 unseen, 403 not the user's to edit)."""
    data = form.cleaned_data
    return chosen_territory(user, municipality_id=data["municipality"], school_id=data["school"])


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_may_import(request.user)
    form = UploadForm(
        request.POST or None, request.FILES or None, territories=import_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        data = upload_file.read()
        try:
            parse_upload(data, upload_file.name, **form.options())
        except ImportProblem as problem:
            form.add_error("file", str(problem))
        else:
            token = uploads.save_pending(request.user.pk, upload_file.name, data)
            query = {k: v for k, v in form.cleaned_data.items() if k != "file" and v}
            url = reverse("import-preview", args=[token])
            return redirect(f"{url}?{urlencode(query)}" if query else url)
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/upload.html", {"form": form}, status=status)


@require_safe
@login_required
def preview(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    check_may_import(request.user)
    name, data = uploads.load_pending(request.user.pk, token)
    form = OptionsForm(request.GET, territories=import_choices(request.user))
    return render_preview(request, token, name, data, form)


def earlier_import(user: Any, data: bytes) -> ImportRecord | None:
    """Return the last import of this very file into a plan the user may see, if any."""
    return (
        ImportRecord.objects.filter(file_hash=file_hash(data), plan__in=visible(Plan, user))
        .select_related("plan", "actor")
        .first()
    )


def render_preview(
    request: HttpRequest, token: str, name: str, data: bytes, form: OptionsForm, status: int = 200
) -> HttpResponse:
    """Show what the document was understood as, or why it cannot be read."""
    parsed, problem = None, None
    if form.is_valid():
        try:
            parsed = parse_upload(data, name, **form.options())
        except ImportProblem as error:
            problem = str(error)
    context = {
        "token": token,
        "name": name,
        "form": form,
        "parsed": parsed,
        "problem": problem,
        "columns": columns(parsed),
        "earlier": earlier_import(request.user, data),
        "years_ended": parsed is not None and years_ended(parsed),
    }
    if parsed is not None and not problem:
        context["target"], context["refusal"] = destination(request.user, form, parsed, data)
    if parsed is None or problem:
        status = max(status, 400)
    return render(request, "imports/preview.html", context, status=status)


def destination(
    user: Any, form: OptionsForm, parsed: ParsedDocument, data: bytes
) -> tuple[ImportTarget | None, str | None]:
    """Return the plan the import would create or change, or why it would be refused."""
    try:
        found = import_target(parsed=parsed, digest=file_hash(data), **target(user, form))
        check_import(target=found, parsed=parsed, actor=user, digest=file_hash(data))
    except (ImportProblem, PermissionDenied) as error:
        return None, str(error)
    return found, None


def columns(parsed: ParsedDocument | None) -> list[tuple[str, str]]:
    if parsed is None:
        return []
    return [(FIELD_LABELS.get(field, field), label) for field, label in parsed.columns]


@require_POST
@login_required
def confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    check_may_import(request.user)
    name, data = uploads.load_pending(request.user.pk, token)
    form = OptionsForm(request.POST, territories=import_choices(request.user))
    if not form.is_valid():
        return render_preview(request, token, name, data, form, status=400)
    try:
        parsed = parse_upload(data, name, **form.options())
        choice = ConfirmForm(request.POST)
        result = plan_import(
            parsed=parsed,
            actor=request.user,
            file_name=name,
            digest=file_hash(data),
            historical=choice.is_valid() and choice.cleaned_data["historical"],
            **target(request.user, form),
        )
    except ImportProblem as problem:
        form.add_error(None, str(problem))
        return render_preview(request, token, name, data, form, status=400)
    uploads.delete_pending(request.user.pk, token)
    messages.success(request, done_message(result))
    return redirect("plan", result.plan.pk)


@require_POST
@login_required
def cancel(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """Drop an upload the user decided not to import: its file is deleted at once."""
    check_may_import(request.user)
    uploads.delete_pending(request.user.pk, token)
    messages.info(request, "Импорт отменён, загруженный файл удалён.")
    return redirect("import-upload")


def done_message(result: ImportResult) -> str:
    """Say in one line what the import did."""
    changes = result.changes
    if result.plan.state == Plan.State.ARCHIVED and result.mode != "report":
        return "Документ прошлых лет импортирован: план сохранён в архиве."
    if result.mode == "created":
        return "Документ импортирован: план создан."
    if result.mode == "updated":
        if changes.is_empty:
            return "Этот документ уже был импортирован: изменений нет."
        return (
            f"План обновлён: добавлено {len(changes.added)}, изменено {len(changes.changed)}, "
            f"удалено {len(changes.removed)}, оставлено с проведениями {len(changes.kept)}."
        )
    return (
        f"Отчёт загружен: проведений {changes.executions}, документов {changes.documents}, "
        f"новых мероприятий {len(changes.added)}, уже было {len(changes.skipped)}."
    )
