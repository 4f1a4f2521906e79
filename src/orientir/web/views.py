"""The front door: send each user to the page of their own territory."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.registry.regions import visible_regions


@require_safe
@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    own = rules.home(user)
    if own is not None:
        return redirect(*own)
    region = visible_regions(user).first()  # a superuser without a region sees every region
    if region is not None:
        return redirect("region", region.pk)
    if rules.allows("use_admin", user):
        return redirect("admin:index")
    return render(request, "web/no_territory.html")


@require_safe
@login_required
def layout(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The base template and its menu with no content: the yardstick of `make bench`."""
    return render(request, "web/layout.html")
