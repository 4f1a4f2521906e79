"""Upload a document, see what was understood, correct the kind, year and territory, import."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest, visible
from orientir.imports import uploads
from orientir.imports.column_layouts import layout_of, remember_layout, remembered_layout
from orientir.imports.errors import DATABASE_LOST, HeaderNotFound, ImportProblem
from orientir.imports.forms import ConfirmForm, LayoutForm, OptionsForm, UploadForm, layout_initial
from orientir.imports.models import ImportRecord
from orientir.imports.parsing import understand_grid
from orientir.imports.readers import read_bytes
from orientir.imports.readers.grid import Grid, Row
from orientir.imports.report_preview import report_preview
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
from orientir.imports.summary import summarise
from orientir.imports.territory import (
    TERRITORY_KINDS,
    chosen_territory,
    import_choices,
    search_territories,
)
from orientir.imports.understanding.layout import (
    LABELS as LAYOUT_LABELS,
)
from orientir.imports.understanding.layout import (
    PREVIEW_ROWS,
    ColumnLayout,
    guess_layout,
    table_rows,
    width,
)
from orientir.lib.storage import StorageFull
from orientir.plans.models import Plan

logger = logging.getLogger(__name__)
# What the database raises when it goes away (restart, lost connection) rather than refusing
# the data: the import's transaction rolled back and the same confirmation may be retried.
DATABASE_GONE = (OperationalError, InterfaceError)
FIELD_LABELS = {
    "index": "№ по порядку",
    "number": "№ п/п",
    "title": "мероприятие",
    "deadline": "сроки",
    "deadline_or_mark": "сроки и отметка об исполнении",
    "deadline_start": "начало срока",
    "deadline_end": "окончание срока",
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
        problem = upload_problem(data, upload_file.name, form.options())
        if problem:
            form.add_error("file", problem)
        else:
            try:
                token = uploads.save_pending(request.user.pk, upload_file.name, data)
            except StorageFull as full:  # nothing of the file is kept (`lib.storage`)
                form.add_error("file", str(full))
                return render(request, "imports/upload.html", {"form": form}, status=507)
            query = {k: v for k, v in form.cleaned_data.items() if k != "file" and v}
            url = reverse("import-preview", args=[token])
            return redirect(f"{url}?{urlencode(query)}" if query else url)
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/upload.html", {"form": form}, status=status)


@require_safe
@login_required
def territories(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The import form's suggestions: municipalities or schools the user may import into
    whose name or code contains `q`, the first twenty, as JSON."""
    check_may_import(request.user)
    kind = request.GET.get("kind", "")
    if kind not in TERRITORY_KINDS:
        return JsonResponse({"error": "Неизвестный вид территории."}, status=400)
    rows = import_choices(request.user)[kind]
    return JsonResponse({"results": search_territories(rows, kind, request.GET.get("q", "")[:100])})


def upload_problem(data: bytes, name: str, options: dict[str, Any]) -> str | None:
    """Say why an upload cannot be previewed; a table whose header is unknown can be."""
    try:
        grid = read_bytes(data, name)
        understand_grid(grid, **options)
    except HeaderNotFound as problem:
        return None if table_rows(grid, 1) else str(problem)
    except ImportProblem as problem:
        return str(problem)
    return None


@require_safe
@login_required
def preview(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    check_may_import(request.user)
    name, data = uploads.load_pending(request.user.pk, token)
    form = OptionsForm(request.GET, territories=import_choices(request.user))
    return render_preview(request, token, name, data, form, layout_data=layout_data(request.GET))


def layout_data(params: Any) -> Any:
    """Return the submitted column choice, or None when the user named no columns."""
    return params if "header_rows" in params else None


def earlier_import(user: Any, data: bytes) -> ImportRecord | None:
    """Return the last import of this very file into a plan the user may see, if any."""
    return (
        ImportRecord.objects.filter(file_hash=file_hash(data), plan__in=visible(Plan, user))
        .select_related("plan", "actor")
        .first()
    )


def render_preview(
    request: HttpRequest,
    token: str,
    name: str,
    data: bytes,
    form: OptionsForm,
    status: int = 200,
    layout_data: Any = None,
    failure: str = "",
) -> HttpResponse:
    """Show what the document was understood as, or the way through when it was not;
    `failure` says why the last confirmation wrote nothing, above a preview ready to retry."""
    context: dict[str, Any] = {
        "failure": failure,
        "token": token,
        "name": name,
        "form": form,
        "earlier": earlier_import(request.user, data),
    }
    if form.is_valid():
        try:
            grid = read_bytes(data, name)
        except ImportProblem as error:
            context["problem"] = str(error)
        else:
            preview = Preview(request.user, form, grid, data)
            context.update(
                preview.build(
                    layout_data, automatic="auto" in request.GET, change="change" in request.GET
                )
            )
    if context.get("problem") or (context.get("parsed") is None and context.get("grid") is None):
        status = max(status, 400)
    if context.get("layout_form") is not None and context["layout_form"].errors:
        status = max(status, 400)
    return render(request, "imports/preview.html", context, status=status)


class Preview:
    """What the preview shows of one read document for one user and their options."""

    def __init__(self, user: Any, form: OptionsForm, grid: Grid, data: bytes) -> None:
        self.user, self.form, self.grid, self.data = user, form, grid, data
        self.rows = [row for _, row in table_rows(grid, PREVIEW_ROWS)]
        self.width = width(self.rows)
        self.where = territory_or_none(user, form)

    def build(self, submitted: Any, *, automatic: bool, change: bool) -> dict[str, Any]:
        """Return the preview's context: the understood document, its summary, the grid."""
        context: dict[str, Any] = {}
        layout, saved = None, None
        if submitted is not None:
            layout_form = LayoutForm(submitted, width=self.width)
            if not layout_form.is_valid():
                return self.grid_context(layout_form, opened=True)
            layout = layout_form.layout
        elif self.where is not None and not automatic:
            saved = remembered_layout(self.grid, **self.where)
            layout = layout_of(saved) if saved is not None else None
            saved = saved if layout is not None else None
        try:
            parsed = understand_grid(self.grid, **self.form.options(), layout=layout)
        except HeaderNotFound as error:
            if not self.rows:  # no table at all: nothing to name the columns of
                return {"problem": str(error)}
            return {**self.grid_context(self.layout_form(None), opened=True), "lost": str(error)}
        except ImportProblem as error:
            return {
                **self.grid_context(self.layout_form(layout), opened=True),
                "problem": str(error),
            }
        unclear = unclear_columns(parsed) if layout is None else []
        context.update(self.grid_context(self.layout_form(layout), opened=bool(unclear) or change))
        context.update(
            parsed=parsed,
            layout=layout,
            saved_layout=saved,
            unclear=unclear,
            columns=columns(parsed),
            summary=summarise(self.grid, parsed, layout),
            layout_hidden=list(layout_initial(layout).items()) if layout else [],
            layout_text=describe_layout(layout) if layout else "",
            auto_query=self.query(auto="1"),
            change_query=self.query(change="1"),
        )
        context["target"], context["refusal"] = destination(self.user, self.form, parsed, self.data)
        context.update(report_preview(self.user, parsed, context["target"], self.form.data))
        context["years_ended"] = years_ended(parsed)
        return context

    def query(self, **extra: str) -> str:
        """The preview's address for the same options, plus `extra`."""
        options = {name: self.form.data.get(name, "") for name in self.form.fields}
        return urlencode({**options, **extra})

    def layout_form(self, layout: ColumnLayout | None) -> LayoutForm:
        """An unbound column form, filled with `layout` or with a guess from the first row."""
        chosen = layout or guess_layout(self.rows, self.width)
        return LayoutForm(initial=layout_initial(chosen), width=self.width)

    def grid_context(self, layout_form: LayoutForm, *, opened: bool) -> dict[str, Any]:
        if not self.rows:
            return {}
        header_rows = layout_form["header_rows"].value()
        try:
            heads = int(header_rows)
        except (TypeError, ValueError):
            heads = 1
        return {
            "grid": grid_cells(self.rows, self.width, heads),
            "layout_form": layout_form,
            "grid_open": opened,
        }


def describe_layout(layout: ColumnLayout) -> str:
    """Say a layout in Russian: «столбец 1 — мероприятие, столбец 2 — сроки; строк заголовка: 1»."""
    named = ", ".join(
        f"столбец {column + 1} — {LAYOUT_LABELS[name]}" for name, column in layout.columns
    )
    return f"{named}; строк заголовка: {layout.header_rows}"


def territory_or_none(user: Any, form: OptionsForm) -> dict[str, Any] | None:
    """The territory chosen on the form, or None when it cannot be the user's."""
    if not form.is_valid():
        return None
    try:
        return target(user, form)
    except (ImportProblem, PermissionDenied, Http404):
        return None


def unclear_columns(parsed: ParsedDocument) -> list[str]:
    """Name the columns a plan needs that the header did not show."""
    found = {name for name, _ in parsed.columns}
    if parsed.kind == "report":
        return []
    wanted = {
        "сроки": {"deadline", "deadline_or_mark", "date"},
        "ответственные": {"responsible"},
    }
    return [label for label, names in wanted.items() if not found & names]


def grid_cells(rows: list[Row], columns: int, header_rows: int) -> list[dict[str, Any]]:
    """Lay the first rows out as the grid shows them: every column filled, merged cells spanned."""
    laid = []
    for number, row in enumerate(rows, start=1):
        cells: list[dict[str, Any]] = []
        column = 0
        for cell in sorted(row.cells, key=lambda item: item.column):
            if cell.column < column:
                continue
            cells.extend({"text": "", "span": 1} for _ in range(cell.column - column))
            span = max(1, min(cell.span, columns - cell.column))
            cells.append({"text": cell.value, "span": span})
            column = cell.column + span
        cells.extend({"text": "", "span": 1} for _ in range(columns - column))
        laid.append({"number": number, "header": number <= header_rows, "cells": cells})
    return laid


def destination(
    user: Any, form: OptionsForm, parsed: ParsedDocument, data: bytes
) -> tuple[ImportTarget | None, str | None]:
    """Return the plan the import would create or change, or why it would be refused."""
    try:
        found = import_target(parsed=parsed, digest=file_hash(data), **target(user, form))
    except (ImportProblem, PermissionDenied) as error:
        return None, str(error)
    try:
        check_import(target=found, parsed=parsed, actor=user, digest=file_hash(data))
    except (ImportProblem, PermissionDenied) as error:
        return found, str(error)  # the summary still names the plan, its state and lock
    return found, None


def columns(parsed: ParsedDocument | None) -> list[tuple[str, str]]:
    if parsed is None:
        return []
    return [(FIELD_LABELS.get(field, field), label) for field, label in parsed.columns]


@require_POST
@login_required
def confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    choice = ConfirmForm(request.POST)
    historical = choice.is_valid() and choice.cleaned_data["historical"]

    def run(form: OptionsForm, grid: Grid, layout: Any, name: str, data: bytes) -> ImportResult:
        return import_with_layout(
            request.user, form, grid, layout, name=name, data=data, historical=historical
        )

    return confirm_with(request, token, run, done_message)


def confirm_with(
    request: AuthenticatedHttpRequest,
    token: str,
    run: Callable[[OptionsForm, Grid, Any, str, bytes], ImportResult],
    done: Callable[[ImportResult], str],
) -> HttpResponse:
    """The confirm step of every import (a plan, a report): the pending file, the options and
    columns as the preview sent them, then `run(form, grid, layout, name, data)`; the preview
    again with the problem (400) or with the lost database (503), else the plan with
    `done(result)` said."""
    check_may_import(request.user)
    name, data = uploads.load_pending(request.user.pk, token)
    form = OptionsForm(request.POST, territories=import_choices(request.user))
    submitted = layout_data(request.POST)  # the columns the user named, carried through
    if not form.is_valid():
        return render_preview(request, token, name, data, form, 400, submitted)
    try:
        grid = read_bytes(data, name)
        layout = chosen_layout(submitted, grid)
        if submitted is not None and layout is None:
            return render_preview(request, token, name, data, form, 400, submitted)
        result = run(form, grid, layout, name, data)
    except ImportProblem as problem:
        form.add_error(None, str(problem))
        return render_preview(request, token, name, data, form, 400, submitted)
    except DATABASE_GONE:
        return database_lost(request, token, name, data, form, submitted)
    uploads.delete_pending(request.user.pk, token)
    messages.success(request, done(result))
    return redirect("plan", result.plan.pk)


def database_lost(
    request: HttpRequest, token: str, name: str, data: bytes, form: OptionsForm, submitted: Any
) -> HttpResponse:
    """Say in Russian that nothing was imported and the file waits for a retry (503).

    Showing the preview needs the database too: if it is still away, that raises again
    and the site's 503 page says so instead (`web.errors.server_error`).
    """
    logger.exception("Импорт %s прерван ошибкой базы данных", token)
    if not connection.in_atomic_block:  # a broken connection is dropped, the next one is new
        connection.close_if_unusable_or_obsolete()
    return render_preview(request, token, name, data, form, 503, submitted, DATABASE_LOST)


def chosen_layout(submitted: Any, grid: Grid) -> ColumnLayout | None:
    """Return the columns the user named, None when none or when the choice is not valid."""
    if submitted is None:
        return None
    layout_form = LayoutForm(
        submitted, width=width([row for _, row in table_rows(grid, PREVIEW_ROWS)])
    )
    return layout_form.layout if layout_form.is_valid() else None


@transaction.atomic
def import_with_layout(
    user: Any,
    form: OptionsForm,
    grid: Grid,
    layout: ColumnLayout | None,
    *,
    name: str,
    data: bytes,
    historical: bool = False,
) -> ImportResult:
    """Import the document and remember the columns the user named, all or nothing;
    `historical` keeps a plan of past years in the archive (`services.plan_import`)."""
    where = target(user, form)
    parsed = understand_grid(grid, **form.options(), layout=layout)
    result = plan_import(
        parsed=parsed,
        actor=user,
        file_name=name,
        digest=file_hash(data),
        historical=historical,
        **where,
    )
    if layout is not None:
        remember_layout(grid, layout, actor=user, **where)
    return result


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
