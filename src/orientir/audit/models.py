"""Who changed what and when: one row per change, written by the service that made it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто",
    )
    # Who acted when no user of the system did: the OS login of a command-line run.
    actor_label = models.CharField("кто (вне системы)", max_length=200, blank=True)
    action = models.CharField("действие", max_length=64)
    content_type = models.ForeignKey(
        ContentType, models.SET_NULL, null=True, blank=True, verbose_name="вид объекта"
    )
    object_id = models.CharField(max_length=64, blank=True, verbose_name="id объекта")
    object_repr = models.CharField("объект", max_length=500, blank=True)
    changes = models.JSONField("изменения", default=dict, blank=True)
    # Ids, not foreign keys: the history of a plan or an activity outlives what it describes.
    plan_ref = models.PositiveBigIntegerField("план", null=True, blank=True, db_index=True)
    activity_ref = models.PositiveBigIntegerField(
        "мероприятие", null=True, blank=True, db_index=True
    )
    # The object's version after a save through an edit form: a refused stale save names
    # the rows newer than the version it was made on (`orientir.audit.stale`).
    version = models.PositiveIntegerField("версия", null=True, blank=True)

    class Meta:
        verbose_name = "запись журнала"
        verbose_name_plural = "журнал изменений"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
            # The lists of deletions read the newest rows of a few actions out of millions.
            models.Index(fields=["action", "-id"], name="audit_action_newest"),
            # The week's changes of a territory's plans (dashboards): by plan, then by time,
            # instead of walking the whole journal's newest rows filtering out other plans.
            models.Index(fields=["plan_ref", "-at"], name="audit_plan_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.action} {self.object_repr}"

    @property
    def who(self) -> str:
        """Return whom the history names: the user, else the label, else «система»."""
        if self.actor is not None:
            return str(self.actor.display_name)
        return self.actor_label or "система"


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    plan: models.Model | None = None,
    activity: models.Model | None = None,
    actor_label: str = "",
    version: int | None = None,
) -> AuditEvent:
    """Write an audit row; call it inside the transaction of the change it records.

    `plan` and `activity` say whose history page shows the row (an execution's change is
    part of its activity's and its plan's history). `actor_label` names who acted when
    `actor` is no user (see `audit.actors`).
    part of its activity's and its plan's history). `version` is the object's version after
    a save that claimed one (`stale.claim_version`).
    """
    return AuditEvent.objects.create(
        plan_ref=plan.pk if plan is not None else None,
        activity_ref=activity.pk if activity is not None else None,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label[:200],
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:500] if obj is not None else "",
        changes=changes or {},
        version=version,
    )
