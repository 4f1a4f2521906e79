"""A plan's public page: plans are placed on official websites (seed 001, item 4.3)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from orientir.accounts.scope import TerritoryQuerySet
from orientir.plans.models import Plan

# No 0/o, 1/l/i: the address is read aloud and copied by hand onto school websites.
SLUG_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_slug(plan: Plan) -> str:
    """Make a public address for `plan`: its region's code and a random part.

    Random rather than the plan's id, so that the addresses of unpublished plans cannot be
    guessed by counting.
    """
    token = "".join(secrets.choice(SLUG_ALPHABET) for _ in range(10))
    return f"{plan.region.code}-{token}" if plan.region.code else token


class PublicationQuerySet(TerritoryQuerySet["Publication"]):
    region_path = "plan__region"
    municipality_path = "plan__municipality"
    school_path = "plan__school"
    shared_down = True
    partnership_path = "plan__partnership"

    def public(self) -> PublicationQuerySet:
        """Publications anyone may read: switched on, and of a plan that is approved now."""
        return self.filter(is_published=True, plan__state=Plan.State.APPROVED)


class Publication(models.Model):
    """Whether a plan is public, and at which address; the address is made once and kept."""

    plan = models.OneToOneField(
        Plan, models.CASCADE, related_name="publication", verbose_name="план"
    )
    slug = models.SlugField("адрес", max_length=40, unique=True)
    is_published = models.BooleanField("опубликован", default=False)
    published_at = models.DateTimeField("когда опубликован", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто опубликовал",
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = "публикация плана"
        verbose_name_plural = "публикации планов"

    def __str__(self) -> str:
        return f"/p/{self.slug}/"
