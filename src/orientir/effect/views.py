"""The effect pages: the region's, a municipality's and a school's cohorts (read only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.effect import selectors
from orientir.effect.method import EffectSettings
from orientir.registry.models import Municipality, Organisation
from orientir.registry.regions import get_region_or_404


def _context(**extra: object) -> dict[str, object]:
    return {"settings": EffectSettings(), "too_few": selectors.TOO_FEW, **extra}


@require_safe
@login_required
def region_effect(request: AuthenticatedHttpRequest, region_id: int) -> HttpResponse:
    region = get_region_or_404(request.user, region_id)
    rules.check("see_region_effect", request.user, region)
    context = _context(level="region", region=region, cohorts=selectors.region_page(region))
    return render(request, "effect/effect.html", context)


@require_safe
@login_required
def municipality_effect(request: AuthenticatedHttpRequest, municipality_id: int) -> HttpResponse:
    municipality = rules.get_or_403(
        "see_effect",
        Municipality.objects.select_related("region"),
        request.user,
        pk=municipality_id,
    )
    cohorts = selectors.municipality_page(municipality.region, municipality.pk, municipality.name)
    context = _context(level="municipality", municipality=municipality, cohorts=cohorts)
    return render(request, "effect/effect.html", context)


@require_safe
@login_required
def school_effect(request: AuthenticatedHttpRequest, school_id: int) -> HttpResponse:
    school = rules.get_or_403(
        "see_effect",
        Organisation.objects.schools().select_related("region", "municipality"),
        request.user,
        pk=school_id,
    )
    cohorts = selectors.school_page(school.region, school.pk)
    return render(
        request, "effect/effect.html", _context(level="school", school=school, cohorts=cohorts)
    )
