"""What each user has already read of their notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReadMark(models.Model):
    """When the user last marked their notifications read: older comments are not new."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications_read",
        verbose_name="пользователь",
    )
    read_at = models.DateTimeField("прочитано")

    class Meta:
        verbose_name = "отметка о прочтении уведомлений"
        verbose_name_plural = "отметки о прочтении уведомлений"

    def __str__(self) -> str:
        return f"{self.user} {self.read_at:%d.%m.%Y %H:%M}"
