"""Import a report with the user's choices: its plan, and an activity for each unmatched row.

The preview (`views.render_preview`, `imports/report_rows.html`) lists the report's rows
against the plan's activities; this view writes them with what the user chose.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.imports import uploads
from orientir.imports.errors import ImportProblem
from orientir.imports.forms import OptionsForm
from orientir.imports.parsing import understand_grid
from orientir.imports.readers import read_bytes
from orientir.imports.report_preview import chosen_plan_id
from orientir.imports.reports import NEW, SKIP
from orientir.imports.services import ImportResult, file_hash, plan_import
from orientir.imports.territory import import_choices
from orientir.imports.views import (
    DATABASE_GONE,
    check_may_import,
    chosen_layout,
    database_lost,
    layout_data,
    render_preview,
    target,
)

_ROW = "row-"


def assignments(data: Mapping[str, Any]) -> dict[int, str]:
    """Read the rows' choices (`row-3` = `id:17`, `new` or `skip`); refuse anything else."""
    chosen = {}
    for key, value in data.items():
        if not key.startswith(_ROW):
            continue
        row, value = key[len(_ROW) :], str(value)
        valid = value in (NEW, SKIP) or (value.startswith("id:") and value[3:].isdigit())
        if not row.isdigit() or not valid:
            raise ImportProblem(f"Выбор для строки отчёта «{row}» не распознан: «{value[:40]}».")
        chosen[int(row)] = value
    return chosen


def report_done(result: ImportResult) -> str:
    """Say in one line what the report added to which plan."""
    changes = result.changes
    parts = [f"проведений {changes.executions}", f"документов {changes.documents}"]
    if changes.added:
        parts.append(f"новых мероприятий {len(changes.added)}")
    if changes.unassigned:
        parts.append(f"строк не загружено по вашему выбору {len(changes.unassigned)}")
    if changes.skipped:
        parts.append(f"уже было в плане {len(changes.skipped)}")
    return f"Отчёт загружен в план «{result.plan.title}»: {', '.join(parts)}."


@require_POST
@login_required
def confirm_report(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
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
        parsed = understand_grid(grid, **form.options(), layout=layout)
        if parsed.kind != "report":
            raise ImportProblem(
                "Документ прочитан не как отчёт: выберите вид «отчёт о выполнении»."
            )
        result = plan_import(
            parsed=parsed,
            actor=request.user,
            file_name=name,
            digest=file_hash(data),
            plan_id=chosen_plan_id(request.POST),
            assignments=assignments(request.POST),
            **target(request.user, form),
        )
    except ImportProblem as problem:
        form.add_error(None, str(problem))
        return render_preview(request, token, name, data, form, 400, submitted)
    except DATABASE_GONE:
        return database_lost(request, token, name, data, form, submitted)
    uploads.delete_pending(request.user.pk, token)
    messages.success(request, report_done(result))
    return redirect("plan", result.plan.pk)
