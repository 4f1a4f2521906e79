"""Writes of execution and evidence: each one transaction with its audit row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from orientir.accounts.models import User
from orientir.audit.history import (
    COMMENTS,
    created,
    deleted_restorable,
    diff,
    full_snapshot,
    snapshot,
)
from orientir.audit.models import record
from orientir.audit.stale import claim_version
from orientir.execution.completeness import ANY, NOUNS, requirements_by_type
from orientir.execution.models import Document, EvidenceCount, EvidenceRule, Execution
from orientir.execution.selectors import stored_scores
from orientir.lib.filenames import original_name
from orientir.lib.storage import discarded_on_failure
from orientir.plans.activity_types import ActivityType
from orientir.plans.models import Activity
from orientir.plans.services import activity_refresh_status, stored
from orientir.registry.models import Region


def evidence_refresh(activities: QuerySet[Activity]) -> None:
    """Score `activities` afresh into `EvidenceCount`: every write of their occurrences,
    documents or rules calls it inside its own transaction, so the table never lags."""
    with transaction.atomic():
        # Two uploads to one activity at once: the second scores after the first commits.
        ids = activities.values("pk")
        list(Activity.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        found = stored_scores(activities)
        EvidenceCount.objects.filter(activity__in=ids).delete()
        EvidenceCount.objects.bulk_create(
            (
                EvidenceCount(
                    activity_id=pk,
                    done=stored.done,
                    needed=stored.needed,
                    bare=stored.bare,
                    executions=stored.executions,
                    activity_type=activity_type,
                    title=title,
                )
                for pk, (stored, (activity_type, title)) in found.items()
            ),
            batch_size=1000,
        )


def _refresh(activity: Activity | None) -> None:
    if activity is not None:
        evidence_refresh(Activity.objects.filter(pk=activity.pk))


EXECUTION_FIELDS = ["date", "description", "responsible_text", "audience", "participants"]
DOCUMENT_FIELDS = ["kind", "number", "date", "issuer", "title", "file", "url"]


def _document_add(actor: User, execution: Execution, values: Mapping[str, Any]) -> Document:
    document = Document(plan=execution.activity.plan, execution=execution, uploaded_by=actor)
    for name, value in values.items():
        setattr(document, name, value)
    if document.file:  # the upload's own name, before the storage shortens it
        document.original_name = original_name(document.file.name or "")[:500]
    document.full_clean(exclude=["plan", "execution", "uploaded_by"])
    document.save()
    record(
        actor=actor,
        action="document.create",
        obj=document,
        changes=created(document, [*values, "original_name"]),
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
    """Record one occurrence of an activity, with its first document if there is one.

    All or nothing, the document's file included: a failure deletes the file it saved.
    """
    with discarded_on_failure(), transaction.atomic():
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
        _refresh(activity)
    return execution


def execution_update(
    *, actor: User, execution: Execution, values: Mapping[str, Any], version: int | None = None
) -> None:
    """Correct what was recorded about an occurrence; the old values stay in the audit.

    `version` is the one the form was loaded with: a save on an older copy raises
    `audit.stale.StaleEdit`.
    """
    with transaction.atomic():
        new = claim_version(execution, expected=version)
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
            version=new,
        )


def execution_delete(*, actor: User, execution: Execution) -> None:
    """Delete an occurrence with its documents and comments; what they held is kept in the
    audit, enough to put them back (`execution.restore`)."""
    activity = execution.activity
    with transaction.atomic():
        comments = [full_snapshot(c) for c in execution.comments.order_by("pk")]
        for document in execution.documents.all():
            record(
                actor=actor,
                action="document.delete",
                obj=document,
                changes=deleted_restorable(document, DOCUMENT_FIELDS),
                plan=activity.plan,
                activity=activity,
            )
        changes = deleted_restorable(execution, EXECUTION_FIELDS)
        if comments:
            changes[COMMENTS] = comments
        record(
            actor=actor,
            action="execution.delete",
            obj=execution,
            changes=changes,
            plan=activity.plan,
            activity=activity,
        )
        execution.delete()
        activity_refresh_status(actor=actor, activity=activity)
        _refresh(activity)


def document_add(*, actor: User, execution: Execution, values: Mapping[str, Any]) -> Document:
    """Attach a document (a file or a link, with kind, number and date) to an occurrence;
    a failure deletes the file it saved."""
    with discarded_on_failure(), transaction.atomic():
        document = _document_add(actor, execution, values)
        _refresh(execution.activity)
    return document


def document_update(
    *, actor: User, document: Document, values: Mapping[str, Any], version: int | None = None
) -> None:
    """Correct a document's kind, number, date, title or link, or replace its file.

    A replaced file stays in storage and its name in the audit, as on deleting.
    """
    activity = document.execution.activity if document.execution else None
    with discarded_on_failure(), transaction.atomic():
        new = claim_version(document, expected=version)
        before = snapshot(stored(document), values)
        for name, value in values.items():
            setattr(document, name, value)
        document.full_clean(exclude=["plan", "execution", "uploaded_by"])
        document.save()
        record(
            actor=actor,
            action="document.update",
            obj=document,
            changes=diff(before, snapshot(document, values)),
            plan=document.plan,
            activity=activity,
            version=new,
        )
        _refresh(activity)


def document_delete(*, actor: User, document: Document) -> None:
    """Delete a document row; its file stays in storage, its description in the audit."""
    activity = document.execution.activity if document.execution else None
    with transaction.atomic():
        record(
            actor=actor,
            action="document.delete",
            obj=document,
            changes=deleted_restorable(document, DOCUMENT_FIELDS),
            plan=document.plan,
            activity=activity,
        )
        document.delete()
        _refresh(activity)


# ---------------------------------------------------------------------------------------
# Rules of evidence
# ---------------------------------------------------------------------------------------


def evidence_counts(*, region: Region, activity_type: str) -> dict[str, int]:
    """Return what a region now requires for a kind of activity, as counts by document kind."""
    rules = EvidenceRule.objects.filter(Q(region=None) | Q(region=region))
    found = requirements_by_type(rules, region.pk).get(activity_type, [])
    return {req.kind: req.count for req in found}


def _rule_changes(
    activity_type: str, before: Mapping[str, int], after: Mapping[str, int]
) -> dict[str, Any]:
    changes: dict[str, Any] = {"вид мероприятия": ActivityType(activity_type).label}
    for kind in sorted(set(before) | set(after)):
        if before.get(kind, 0) != after.get(kind, 0):
            changes[NOUNS[kind][0]] = [before.get(kind, 0), after.get(kind, 0)]
    return changes


def evidence_rules_set(
    *, actor: User, region: Region, activity_type: str, counts: Mapping[str, int]
) -> None:
    """Set what a region requires for one kind of activity; a count of 0 is not required.

    The region's rows replace the defaults for that kind; when nothing at all is required,
    one row with count 0 keeps the defaults from coming back.
    """
    wanted = {kind: n for kind, n in counts.items() if n > 0}
    with transaction.atomic():
        before = evidence_counts(region=region, activity_type=activity_type)
        EvidenceRule.objects.filter(region=region, activity_type=activity_type).delete()
        rows = wanted.items() if wanted else [(ANY, 0)]
        EvidenceRule.objects.bulk_create(
            EvidenceRule(region=region, activity_type=activity_type, document_kind=k, min_count=n)
            for k, n in rows
        )
        record(
            actor=actor,
            action="evidence_rule.update",
            obj=region,
            changes=_rule_changes(activity_type, before, wanted),
        )
        _refresh_region(region)


def evidence_rules_reset(*, actor: User, region: Region, activity_type: str) -> None:
    """Return a kind of activity to the default rules by deleting the region's own rows."""
    with transaction.atomic():
        before = evidence_counts(region=region, activity_type=activity_type)
        EvidenceRule.objects.filter(region=region, activity_type=activity_type).delete()
        after = evidence_counts(region=region, activity_type=activity_type)
        record(
            actor=actor,
            action="evidence_rule.reset",
            obj=region,
            changes=_rule_changes(activity_type, before, after),
        )
        _refresh_region(region)


def _refresh_region(region: Region) -> None:
    """Rescore the region's activities that have rows: the rest are scored when read."""
    evidence_refresh(Activity.objects.filter(plan__region=region, evidence_count__isnull=False))
