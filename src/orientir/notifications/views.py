"""Notifications in the web interface, and restoring deleted evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.accounts.models import User
from orientir.audit.models import AuditEvent
from orientir.execution.restore import (
    DOCUMENT_DELETE,
    Restored,
    deleted_items,
    deleted_restore,
    deletion,
    deletions,
)
from orientir.lib.listing import PER_PAGE, kept_query, page_of
from orientir.lib.russian import plural
from orientir.notifications.restore import deleted_plan_or_404, deleted_plans, plan_restore
from orientir.notifications.selectors import (
    GROUPS,
    notification_count,
    notification_groups,
    territory_overdue,
)
from orientir.notifications.services import notifications_mark_read
from orientir.plans.models import today
from orientir.plans.services import PLAN_DELETE

PER_GROUP = 10  # rows of each group when the page shows them all
WITH_DOCUMENTS = ("документом", "документами", "документами")


def may_restore(user: User) -> bool:
    return rules.allows("restore_deleted", user)


def _check_restorer(user: User) -> None:
    rules.check("restore_deleted", user)


@require_GET
@login_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each group a page of its own: ten rows of every group, or fifty of the one chosen."""
    day, user = today(), request.user
    search = request.GET.get("q", "").strip()[:200]
    chosen = request.GET.get("group", "")
    chosen = chosen if chosen in GROUPS else ""
    groups = notification_groups(user, day, search)
    size = PER_GROUP if not chosen else PER_PAGE
    # A group not chosen is None, so that the page can tell it from a chosen group with no
    # rows, which still says «нет».
    pages = {
        key: page_of(rows, request.GET, f"{key}_page", size) if chosen in ("", key) else None
        for key, rows in groups.items()
    }
    context = {
        "pages": pages,
        "total": sum(page.paginator.count for page in pages.values() if page is not None),
        "territory_overdue": territory_overdue(user, day).count(),
        "groups": GROUPS,
        "chosen": chosen,
        "search": search,
        "today": day,
        "may_restore": may_restore(user),
    }
    context |= {
        f"{key}_kept": kept_query(request.GET, f"{key}_page")
        for key, p in pages.items()
        if p is not None
    }
    return render(request, "notifications/list.html", context)


@require_POST
@login_required
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    messages.success(request, "Комментарии отмечены прочитанными.")
    return redirect("notifications")


@require_GET
@login_required
def notifications_count(request: AuthenticatedHttpRequest) -> HttpResponse:
    n = notification_count(request.user, today())
    label = f"{n} {plural(n, 'уведомление', 'уведомления', 'уведомлений')}"
    return JsonResponse({"count": n, "label": label})


def _restored_message(result: Restored, *, is_execution: bool) -> str:
    if not is_execution:
        return "Документ восстановлен."
    n = result.documents
    if not n:
        return "Проведение восстановлено."
    return f"Проведение восстановлено вместе с {n} {plural(n, *WITH_DOCUMENTS)}."


@require_GET
@login_required
def deleted(request: AuthenticatedHttpRequest) -> HttpResponse:
    _check_restorer(request.user)
    items = [*deleted_items(request.user), *deleted_plans(request.user)]
    items.sort(key=lambda item: -item.event.pk)
    context = {"items": items, "days": rules.restore_days()}
    return render(request, "notifications/deleted.html", context)


@require_POST
@login_required
def restore(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    if AuditEvent.objects.filter(pk=event_id, action=PLAN_DELETE).exists():
        return _restore_plan(request, event_id)
    # Look up first: a deletion in a plan the user does not see does not exist for them (404).
    event = get_object_or_404(deletions(request.user), pk=event_id)
    rules.check("restore_deleted", request.user, deletion(event))
    try:
        result = deleted_restore(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("notifications-deleted")
    messages.success(
        request, _restored_message(result, is_execution=event.action != DOCUMENT_DELETE)
    )
    for warning in result.warnings:
        messages.warning(request, warning)
    return redirect("notifications-deleted")


def _restore_plan(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    item = deleted_plan_or_404(request.user, event_id)
    try:
        result = plan_restore(actor=request.user, event=item.event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("notifications-deleted")
    messages.success(request, "План восстановлен со всем содержанием.")
    return redirect("plan", result.obj.pk)
