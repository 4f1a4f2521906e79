"""Approve an identification run into the schools' statuses for its year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from orientir.audit.models import record
from orientir.identification.models import IdentificationRun, RunSchool, StatusChange
from orientir.registry.models import SchoolStatus

APPROVED_STATUSES = (SchoolStatus.Status.LOW_RESULTS, SchoolStatus.Status.ADVERSE_CONDITIONS)


class ApprovalError(ValueError):
    """The decision cannot be applied; the message is Russian."""


@dataclass(frozen=True)
class Decision:
    school_id: int
    status: str
    include: bool
    reason: str = ""


def proposals(
    run: IdentificationRun, rows: Iterable[RunSchool] | None = None
) -> set[tuple[int, str]]:
    """(school, status) pairs the run proposes: its low_results and adverse_conditions flags
    (of `rows` when the caller has read the run's schools already)."""
    if rows is None:
        rows = run.schools.only("run", "school", "flags")
    return {
        (row.school_id, flag) for row in rows for flag in row.flags if flag in APPROVED_STATUSES
    }


def current(run: IdentificationRun) -> dict[tuple[int, str], SchoolStatus]:
    found = SchoolStatus.objects.filter(
        school__region=run.region, academic_year=run.academic_year, status__in=APPROVED_STATUSES
    ).select_related("school")  # the run page names every school
    return {(s.school_id, s.status): s for s in found}


@transaction.atomic
def run_approve(
    *, run: IdentificationRun, actor: Any, decisions: list[Decision], basis_text: str
) -> list[StatusChange]:
    """Make the decided schools ШНОР/ШНСУ for the run's year; a deviation needs a reason."""
    if run.approved_at is not None:
        raise ApprovalError("Этот расчёт уже утверждён.")
    _check_lengths(basis_text, decisions)
    proposed, existing = proposals(run), current(run)
    basis = basis_text.strip() or f"Идентификация № {run.pk} от {timezone.localdate():%d.%m.%Y}"
    changes = []
    for decision in decisions:
        key = (decision.school_id, decision.status)
        is_proposed = key in proposed
        if decision.include != is_proposed and not decision.reason.strip():
            raise ApprovalError(
                "Укажите причину для каждой школы, решение по которой расходится с расчётом."
            )
        change = _apply(run, decision, existing.get(key), basis)
        if change is not None:
            change.proposed, change.reason = is_proposed, decision.reason.strip()
            change.save()
            changes.append(change)
    run.approved_at, run.approved_by, run.approval_basis = timezone.now(), actor, basis
    run.save(update_fields=["approved_at", "approved_by", "approval_basis"])
    record(
        actor=actor,
        action="identification.approve",
        obj=run,
        changes={
            "basis": basis,
            "changes": [[c.school_id, c.status, c.change, c.reason] for c in changes],
        },
    )
    return changes


def _max_length(model: Any, field: str) -> int:
    return int(model._meta.get_field(field).max_length)


def _check_lengths(basis_text: str, decisions: list[Decision]) -> None:
    """Refuse text longer than its field holds, instead of storing or cutting it silently."""
    basis_limit = min(
        _max_length(IdentificationRun, "approval_basis"), _max_length(SchoolStatus, "basis_text")
    )
    if len(basis_text.strip()) > basis_limit:
        raise ApprovalError(
            f"Поле «Реквизиты утверждения»: не длиннее {basis_limit} знаков, "
            f"а введено {len(basis_text.strip())}."
        )
    reason_limit = _max_length(StatusChange, "reason")
    for decision in decisions:
        if len(decision.reason.strip()) > reason_limit:
            raise ApprovalError(
                f"Поле «Причина»: не длиннее {reason_limit} знаков, "
                f"а введено {len(decision.reason.strip())}."
            )


def _apply(
    run: IdentificationRun, decision: Decision, status: SchoolStatus | None, basis: str
) -> StatusChange | None:
    common = {"run": run, "school_id": decision.school_id, "status": decision.status}
    if decision.include and status is None:
        created = SchoolStatus.objects.create(
            school_id=decision.school_id,
            academic_year=run.academic_year,
            status=decision.status,
            basis=SchoolStatus.Basis.IDENTIFICATION,
            basis_text=basis,
        )
        return StatusChange(**common, change=StatusChange.Change.ADDED, school_status=created)
    if decision.include and status is not None:
        return StatusChange(**common, change=StatusChange.Change.KEPT, school_status=status)
    if not decision.include and status is not None:
        status.delete()
        return StatusChange(**common, change=StatusChange.Change.REMOVED)
    return None
