"""The page to enter an indicator's actual value for one academic year of its plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest, get_visible_or_404
from orientir.indicators.forms import ActualValueForm
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.indicators.services import indicator_value_set
from orientir.registry.models import AcademicYear


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def indicator_actual(
    request: AuthenticatedHttpRequest, indicator_id: int, start_year: int
) -> HttpResponse:
    indicator = get_visible_or_404(
        Indicator.objects.select_related("plan__first_year", "plan__last_year"),
        request.user,
        pk=indicator_id,
    )
    plan = indicator.plan
    rules.check("edit_indicator_actuals", request.user, plan)
    in_plan = plan.first_year.start_year <= start_year <= plan.last_year.start_year
    if not (in_plan or indicator.values.filter(academic_year__start_year=start_year).exists()):
        raise Http404("Этот учебный год не входит в сроки плана.")
    year = get_object_or_404(AcademicYear, start_year=start_year)
    value = IndicatorValue.objects.filter(indicator=indicator, academic_year=year).first()
    back = reverse("plan", args=[plan.pk]) + "#indicators"
    if request.method == "POST":
        form = ActualValueForm(request.POST)
        if form.is_valid():
            indicator_value_set(
                actor=request.user,
                indicator=indicator,
                year=year,
                actual=form.cleaned_data["actual"],
                source=form.cleaned_data["source"],
                date=form.cleaned_data["date"],
            )
            messages.success(request, f"Факт показателя за {year.name} учебный год сохранён.")
            return redirect(back)
        status = 400
    else:
        form = ActualValueForm(
            initial={
                "actual": _written(value.actual) if value and value.actual is not None else "",
                "source": value.actual_source if value else "",
                "date": value.actual_date if value else None,
            }
        )
        status = 200
    context = {
        "form": form,
        "indicator": indicator,
        "plan": plan,
        "year": year,
        "value": value,
        "back": back,
        "title": "Фактическое значение показателя",
    }
    return render(request, "web/indicator_actual.html", context, status=status)


def _written(number: object) -> str:
    """74.400 as 74,4: the way it is typed in."""
    text = f"{number:f}" if not isinstance(number, str) else number
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
