"""The regions a user may open: the frame of every other page."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404

from orientir.accounts.access import visible
from orientir.accounts.models import User
from orientir.registry.models import Region


def visible_regions(user: User) -> models.QuerySet[Region]:
    """Return the regions `user` may open: their own, or every region for a superuser."""
    return visible(Region, user)


def get_region_or_404(user: User, pk: Any) -> Region:
    """Return the region `pk` if `user` may open it, or raise 404."""
    region = visible_regions(user).filter(pk=pk).first()
    if region is None:
        raise Http404("Регион не найден.")
    return region
