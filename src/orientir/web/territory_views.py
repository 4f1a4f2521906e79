"""Territory pages: a region, a municipality, a school."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.plans.models import today
from orientir.registry.regions import get_region_or_404
from orientir.web import territory_pages as selectors


@require_safe
@login_required
def region(request: AuthenticatedHttpRequest, region_id: int) -> HttpResponse:
    found = get_region_or_404(request.user, region_id)
    page = selectors.region_page(request.user, found, today())
    return render(request, "registry/region.html", {"page": page})


@require_safe
@login_required
def municipality(request: AuthenticatedHttpRequest, municipality_id: int) -> HttpResponse:
    page = selectors.municipality_page(request.user, municipality_id, today())
    return render(request, "registry/municipality.html", {"page": page})


@require_safe
@login_required
def school(request: AuthenticatedHttpRequest, school_id: int) -> HttpResponse:
    page = selectors.school_page(request.user, school_id, today())
    return render(request, "registry/school.html", {"page": page})
