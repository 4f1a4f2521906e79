"""Import a report with the user's choices: its plan, and an activity for each unmatched row.

The preview (`views.render_preview`, `imports/report_rows.html`) lists the report's rows
against the plan's activities; this view writes them with what the user chose.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.imports.errors import ImportProblem
from orientir.imports.forms import OptionsForm
from orientir.imports.parsing import understand_grid
from orientir.imports.readers.grid import Grid
from orientir.imports.report_preview import chosen_plan_id
from orientir.imports.reports import NEW, SKIP
from orientir.imports.services import ImportResult, file_hash, plan_import
from orientir.imports.views import confirm_with, target

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
    def run(form: OptionsForm, grid: Grid, layout: Any, name: str, data: bytes) -> ImportResult:
        parsed = understand_grid(grid, **form.options(), layout=layout)
        if parsed.kind != "report":
            raise ImportProblem(
                "Документ прочитан не как отчёт: выберите вид «отчёт о выполнении»."
            )
        return plan_import(
            parsed=parsed,
            actor=request.user,
            file_name=name,
            digest=file_hash(data),
            plan_id=chosen_plan_id(request.POST),
            assignments=assignments(request.POST),
            **target(request.user, form),
        )

    return confirm_with(request, token, run, report_done)
