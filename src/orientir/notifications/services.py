"""Writes of notifications: marking them read."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from orientir.accounts.models import User
from orientir.audit.models import record
from orientir.notifications.models import ReadMark


def notifications_mark_read(*, user: User, at: dt.datetime | None = None) -> ReadMark:
    """Mark everything up to `at` (now) read: comments older than that are no longer new."""
    at = at or timezone.now()
    with transaction.atomic():
        mark, _ = ReadMark.objects.update_or_create(user=user, defaults={"read_at": at})
        record(actor=user, action="notifications.read", obj=mark, changes={"_at": at.isoformat()})
    return mark
