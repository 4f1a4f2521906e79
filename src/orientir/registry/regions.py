"""The regions a user may open: the frame of every other page."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404

from orientir.accounts.access import visible
from orientir.accounts.models import User
from orientir.lib.cli import fail
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


def regions_option(name: str | None) -> list[Region]:
    """The regions a command's `--region NAME` asks for: every region without it, else the
    one named (its name, case aside, or its code); exit 2 with a Russian line if none is."""
    if name is None:
        return list(Region.objects.order_by("name"))
    wanted = " ".join(name.split())
    found = (
        Region.objects.filter(name__iexact=wanted) | Region.objects.filter(code=wanted)
    ).first()
    if found is None:
        fail(f"--region {name}: такого региона нет в реестре.")
    return [found]
