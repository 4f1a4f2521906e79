"""The page of the municipalities' indicators of one name side by side, and its workbook."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.dashboards.indicator_comparison import comparison, comparison_xlsx
from orientir.plans.models import today
from orientir.registry.regions import get_region_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@login_required
def indicators(request: AuthenticatedHttpRequest, region_id: int) -> HttpResponse:
    found = get_region_or_404(request.user, region_id)
    rules.check("see_region_dashboard", request.user)
    day = today()
    table = comparison(request.user, found, request.GET.get("name", ""), day)
    if request.GET.get("format") == "xlsx":
        title = f"{found.name}: целевой показатель по муниципалитетам на {day:%d.%m.%Y}"
        response = HttpResponse(comparison_xlsx(table, title), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="indicators.xlsx"'
        return response
    totals = list(zip(table.year_names, table.totals(), strict=True))
    context = {"region": found, "table": table, "totals": totals, "today": day}
    return render(request, "dashboards/indicators.html", context)
