"""The effect pages: the region's, a municipality's and a school's cohorts (read only).

Each shows the region's stored effect with the date it was computed and the data it was
computed on; when the data changed since, the previous computation under a notice that a new
one is under way (`?part=status` is the notice alone, which the page polls until it is done).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.effect import selectors
from orientir.effect.method import EffectSettings
from orientir.effect.tasks import State, effect_run_read
from orientir.registry.models import Municipality, Organisation, Region
from orientir.registry.regions import get_region_or_404

Pages = Callable[[dict[str, Any]], list[selectors.CohortPage]]


def _render(
    request: AuthenticatedHttpRequest, of: Region, pages: Pages, **extra: object
) -> HttpResponse:
    """The page of `of`'s effect, or with `?part=status` the notice of its state alone."""
    stored = effect_run_read(region=of)
    if request.GET.get("part") == "status":
        return render(request, "effect/effect.html#status", {"stored": stored, "States": State})
    document = stored.document
    context = {
        "stored": stored,
        "States": State,
        "settings": document["settings"] if document else EffectSettings().as_json(),
        "cohorts": pages(document) if document else [],
        "too_few": selectors.TOO_FEW,
        **extra,
    }
    return render(request, "effect/effect.html", context)


@require_safe
@login_required
def region_effect(request: AuthenticatedHttpRequest, region_id: int) -> HttpResponse:
    region = get_region_or_404(request.user, region_id)
    rules.check("see_region_effect", request.user, region)
    return _render(request, region, selectors.region_page, level="region", region=region)


@require_safe
@login_required
def municipality_effect(request: AuthenticatedHttpRequest, municipality_id: int) -> HttpResponse:
    municipality = rules.get_or_403(
        "see_effect",
        Municipality.objects.select_related("region"),
        request.user,
        pk=municipality_id,
    )
    return _render(
        request,
        municipality.region,
        lambda document: selectors.municipality_page(document, municipality),
        level="municipality",
        municipality=municipality,
    )


@require_safe
@login_required
def school_effect(request: AuthenticatedHttpRequest, school_id: int) -> HttpResponse:
    school = rules.get_or_403(
        "see_effect",
        Organisation.objects.schools().select_related("region", "municipality"),
        request.user,
        pk=school_id,
    )
    return _render(
        request,
        school.region,
        lambda document: selectors.school_page(document, school.pk),
        level="school",
        school=school,
    )
