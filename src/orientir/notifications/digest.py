"""The daily digest: one Russian e-mail per user who has something to attend to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string

from orientir.accounts.models import User
from orientir.notifications.selectors import Notifications, notifications_for


@dataclass
class DigestResult:
    sent: list[dict[str, object]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)


def recipients() -> list[User]:
    """Return active users who have a role or are superusers, in a stable order."""
    return list(
        User.objects.filter(is_active=True)
        .filter(~Q(role="") | Q(is_superuser=True))
        .order_by("username")
    )


def digest_message(
    user: User, found: Notifications, today: dt.date, base_url: str
) -> EmailMultiAlternatives:
    """Return the digest for `user`: plain text with a simple HTML alternative."""
    context = {"user": user, "n": found, "today": today, "base_url": base_url.rstrip("/")}
    message = EmailMultiAlternatives(
        subject=f"Ориентир: уведомления на {today:%d.%m.%Y}",
        body=render_to_string("notifications/email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    return message


def _counts(found: Notifications) -> dict[str, int]:
    return {
        "upcoming": len(found.upcoming),
        "overdue": len(found.overdue),
        "comments": len(found.comments),
        "reviews": len(found.reviews),
        "reports": len(found.reports),
    }


def send_digest(*, today: dt.date, dry_run: bool = False, base_url: str = "") -> DigestResult:
    """Send each user with notifications their digest; users without e-mail are noted."""
    result = DigestResult()
    for user in recipients():
        found = notifications_for(user, today)
        if not found.total:
            continue
        if not user.email:
            result.skipped.append(
                {"user": user.username, "reason": "не указан адрес электронной почты"}
            )
            continue
        if not dry_run:
            digest_message(user, found, today, base_url).send()
        result.sent.append({"user": user.username, "email": user.email, **_counts(found)})
    return result
