"""Publishing a plan and taking it down: each one transaction with its audit row."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from orientir.accounts.models import User
from orientir.audit.models import record
from orientir.plans.models import Plan
from orientir.publication.models import Publication, new_slug


def plan_publish(*, actor: User, plan: Plan) -> Publication:
    """Open an approved plan's public page; publishing a published plan changes nothing."""
    if plan.state != Plan.State.APPROVED:
        raise ValidationError(
            f"Опубликовать можно только утверждённый план, а этот план — "
            f"{plan.get_state_display()}."
        )
    with transaction.atomic():
        publication, _ = Publication.objects.select_for_update().get_or_create(
            plan=plan, defaults={"slug": new_slug(plan)}
        )
        if publication.is_published:
            return publication
        publication.is_published = True
        publication.published_at = timezone.now()
        publication.published_by = actor
        publication.save()
        record(
            actor=actor,
            action="plan.publish",
            obj=plan,
            changes={"адрес": str(publication)},
            plan=plan,
        )
    return publication


def plan_unpublish(*, actor: User, plan: Plan) -> None:
    """Close a plan's public page; its address is kept for when it is published again."""
    with transaction.atomic():
        publication = Publication.objects.select_for_update().filter(plan=plan).first()
        if publication is None or not publication.is_published:
            raise ValidationError("План не опубликован.")
        publication.is_published = False
        publication.save(update_fields=["is_published"])
        record(
            actor=actor,
            action="plan.unpublish",
            obj=plan,
            changes={"адрес": str(publication)},
            plan=plan,
        )
