"""Writes of execution and evidence: each one transaction with its audit row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from orientir.accounts.models import User
from orientir.audit.history import created, deleted, diff, snapshot
from orientir.audit.models import record
from orientir.execution.models import Document, Execution
from orientir.plans.models import Activity
from orientir.plans.services import activity_refresh_status, stored

EXECUTION_FIELDS = ["date", "description", "responsible_text", "audience", "participants"]
DOCUMENT_FIELDS = ["kind", "number", "date", "issuer", "title", "file", "url"]


def _document_add(actor: User, execution: Execution, values: Mapping[str, Any]) -> Document:
    document = Document(plan=execution.activity.plan, execution=execution, uploaded_by=actor)
    for name, value in values.items():
        setattr(document, name, value)
    document.full_clean(exclude=["plan", "execution", "uploaded_by"])
    document.save()
    record(
        actor=actor,
        action="document.create",
        obj=document,
        changes=created(document, values),
        plan=execution.activity.plan,
        activity=execution.activity,
    )
    return document


def execution_create(
    *,
    actor: User,
    activity: Activity,
    values: Mapping[str, Any],
    document: Mapping[str, Any] | None = None,
) -> Execution:
    """Record one occurrence of an activity, with its first document if there is one."""
    with transaction.atomic():
        execution = Execution.objects.create(activity=activity, created_by=actor, **values)
        record(
            actor=actor,
            action="execution.create",
            obj=execution,
            changes=created(execution, values),
            plan=activity.plan,
            activity=activity,
        )
        if document:
            _document_add(actor, execution, document)
        activity_refresh_status(actor=actor, activity=activity)
    return execution


def execution_update(*, actor: User, execution: Execution, values: Mapping[str, Any]) -> None:
    """Correct what was recorded about an occurrence; the old values stay in the audit."""
    with transaction.atomic():
        before = snapshot(stored(execution), values)
        for name, value in values.items():
            setattr(execution, name, value)
        execution.save()
        record(
            actor=actor,
            action="execution.update",
            obj=execution,
            changes=diff(before, snapshot(execution, values)),
            plan=execution.activity.plan,
            activity=execution.activity,
        )


def execution_delete(*, actor: User, execution: Execution) -> None:
    """Delete an occurrence and its documents; what they held is kept in the audit."""
    activity = execution.activity
    with transaction.atomic():
        for document in execution.documents.all():
            record(
                actor=actor,
                action="document.delete",
                obj=document,
                changes=deleted(document, DOCUMENT_FIELDS),
                plan=activity.plan,
                activity=activity,
            )
        record(
            actor=actor,
            action="execution.delete",
            obj=execution,
            changes=deleted(execution, EXECUTION_FIELDS),
            plan=activity.plan,
            activity=activity,
        )
        execution.delete()
        activity_refresh_status(actor=actor, activity=activity)


def document_add(*, actor: User, execution: Execution, values: Mapping[str, Any]) -> Document:
    """Attach a document (a file or a link, with kind, number and date) to an occurrence."""
    with transaction.atomic():
        return _document_add(actor, execution, values)


def document_delete(*, actor: User, document: Document) -> None:
    """Delete a document row; its file stays in storage, its description in the audit."""
    activity = document.execution.activity if document.execution else None
    with transaction.atomic():
        record(
            actor=actor,
            action="document.delete",
            obj=document,
            changes=deleted(document, DOCUMENT_FIELDS),
            plan=document.plan,
            activity=activity,
        )
        document.delete()
