"""The front door: send each user to the page of their own territory."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from orientir.accounts.access import AuthenticatedHttpRequest, visible_regions
from orientir.accounts.roles import Role


@require_safe
@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.role == Role.SCHOOL_MANAGER and user.organisation_id:
        return redirect("school", user.organisation_id)
    if user.role == Role.MUNICIPAL_COORDINATOR and user.municipality_id:
        return redirect("municipality", user.municipality_id)
    if user.region_id:
        return redirect("region", user.region_id)
    region = visible_regions(user).first()  # a superuser without a region sees every region
    if region is not None:
        return redirect("region", region.pk)
    if user.is_staff:
        return redirect("admin:index")
    return render(request, "web/no_territory.html")
