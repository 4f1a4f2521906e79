"""The pages of one indicator: its actual value for a year, and where that value comes from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest, get_visible_or_404
from orientir.dashboards import computed
from orientir.indicators.forms import ActualValueForm
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.indicators.services import indicator_bind, indicator_value_set
from orientir.lib.numbers import written
from orientir.plans.models import today
from orientir.registry.models import AcademicYear
from orientir.web.indicator_forms import SourceForm


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
    if indicator.computed_source:
        return _computed_here(request, indicator, year, value, back)
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
                "actual": written(value.actual) if value and value.actual is not None else "",
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


def _computed_here(
    request: AuthenticatedHttpRequest,
    indicator: Indicator,
    year: AcademicYear,
    value: IndicatorValue | None,
    back: str,
) -> HttpResponse:
    """A bound indicator takes no typed value: say where its value comes from instead.

    Overriding a computed value by hand would leave two figures for one fact; the keeper
    either corrects the data it is counted from or switches the computation off.
    """
    context = {
        "form": None,
        "indicator": indicator,
        "plan": indicator.plan,
        "year": year,
        "value": value,
        "back": back,
        "source": computed.get(indicator.computed_source),
        "title": "Фактическое значение показателя",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "web/indicator_actual.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def indicator_source(request: AuthenticatedHttpRequest, indicator_id: int) -> HttpResponse:
    """Bind an indicator to a source Ориентир computes it from, or back to manual entry."""
    indicator = get_visible_or_404(
        Indicator.objects.select_related("plan__first_year", "plan__last_year"),
        request.user,
        pk=indicator_id,
    )
    plan = indicator.plan
    rules.check("edit_indicator_actuals", request.user, plan)
    level, territory = computed.plan_territory(plan)
    back = reverse("plan", args=[plan.pk]) + "#indicators"
    if request.method == "POST":
        form = SourceForm(request.POST, level=level)
        if form.is_valid():
            chosen = form.chosen()
            indicator_bind(
                actor=request.user,
                indicator=indicator,
                source=chosen.code if chosen else "",
                direction=chosen.direction if chosen else "",
                unit=chosen.unit if chosen else "",
            )
            if chosen:
                messages.success(request, f"Факт показателя теперь вычисляется: «{chosen.name}».")
            else:
                messages.success(request, "Факт показателя снова вводится вручную.")
            return redirect(back)
        status = 400
    else:
        proposal = computed.proposal(indicator.name, level)
        initial = indicator.computed_source or (proposal.code if proposal else "")
        form = SourceForm(initial={"source": initial}, level=level)
        status = 200
    years = list(range(plan.first_year.start_year, plan.last_year.start_year + 1))
    found = computed.measures(((s.code, level, territory) for s in form.sources), years, today())
    previews = [
        (s, [(f"{y}/{y + 1}", found.get((s.code, level, territory, y))) for y in years])
        for s in form.sources
    ]
    context = {
        "form": form,
        "indicator": indicator,
        "plan": plan,
        "previews": previews,
        "territory": computed.LEVEL_NAMES[level],
        "back": back,
        "title": "Вычисление фактического значения",
    }
    return render(request, "web/indicator_source.html", context, status=status)
