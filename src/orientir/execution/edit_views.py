"""Reporting execution: record an occurrence, attach evidence, correct or delete them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.accounts.models import User
from orientir.execution import services
from orientir.execution.forms import DocumentForm, ExecutionForm
from orientir.execution.models import Document, Execution
from orientir.lib.russian import plural
from orientir.lib.storage import StorageFull
from orientir.plans.permissions import get_activity_for_report

DAYS = ("дня", "дней", "дней")


def _page(request: HttpRequest, context: dict[str, Any], status: int | None = None) -> HttpResponse:
    """Render the form; 400 when invalid, 409 (`status`) when saved on an older copy."""
    forms = [f for f in (context.get("form"), context.get("document_form")) if f is not None]
    if status is None:
        status = 400 if any(f.is_bound and f.errors for f in forms) else 200
    return render(request, "execution/edit_form.html", context, status=status)


def _disk_full(request: HttpRequest, context: dict[str, Any], form: Any) -> HttpResponse:
    """Refuse the upload whole (its file and rows are gone) and say why, in Russian (507)."""
    form.add_error("file", str(StorageFull()))
    return _page(request, context, status=507)


def _execution_for_report(user: User, execution_id: int) -> Execution:
    execution = rules.get_or_403(
        "edit",
        Execution.objects.select_related("activity", "activity__plan"),
        user,
        pk=execution_id,
    )
    rules.check("report_execution", user, execution.activity.plan)
    return execution


def _activity_url(activity_id: int, anchor: str = "executions") -> str:
    return reverse("activity", args=[activity_id]) + f"#{anchor}"


@require_http_methods(["GET", "POST"])
@login_required
def execution_new(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    activity = get_activity_for_report(request.user, activity_id)
    form = ExecutionForm(request.POST or None)
    document_form = DocumentForm(request.POST or None, request.FILES or None, prefix="doc")
    document_empty = request.method == "POST" and document_form.is_empty()
    context = {
        "form": form,
        "document_form": document_form,
        "activity": activity,
        "title": "Проведение мероприятия",
        "back": _activity_url(activity.pk),
    }
    if (
        request.method == "POST"
        and form.is_valid()
        and (document_empty or document_form.is_valid())
    ):
        try:
            services.execution_create(
                actor=request.user,
                activity=activity,
                values=form.cleaned_data,
                document=None if document_empty else document_form.cleaned_data,
            )
        except StorageFull:
            return _disk_full(request, context, document_form)
        messages.success(request, "Проведение мероприятия отмечено.")
        return redirect(_activity_url(activity.pk))
    if document_empty:
        document_form = DocumentForm(prefix="doc")
        context["document_form"] = document_form
    return _page(request, context)


@require_http_methods(["GET", "POST"])
@login_required
def execution_edit(request: AuthenticatedHttpRequest, execution_id: int) -> HttpResponse:
    execution = _execution_for_report(request.user, execution_id)
    form = ExecutionForm(request.POST or None, instance=execution)
    context = {
        "form": form,
        "activity": execution.activity,
        "title": "Проведение мероприятия",
        "back": _activity_url(execution.activity_id),
    }
    if request.method == "POST" and form.is_valid():
        if not form.save_through(
            services.execution_update, actor=request.user, execution=execution
        ):
            return _page(request, context, status=409)
        return redirect(_activity_url(execution.activity_id, f"execution-{execution.pk}"))
    return _page(request, context)


@require_http_methods(["GET", "POST"])
@login_required
def execution_delete(request: AuthenticatedHttpRequest, execution_id: int) -> HttpResponse:
    """Ask first (GET: what goes with it, who can bring it back), delete on POST."""
    execution = _execution_for_report(request.user, execution_id)
    days = rules.restore_days()
    if request.method == "GET":
        context = {
            "execution": execution,
            "activity": execution.activity,
            "documents": list(execution.documents.all()),
            "comments": execution.comments.count(),
            "days": days,
            "back": _activity_url(execution.activity_id, f"execution-{execution.pk}"),
        }
        return render(request, "execution/confirm_delete.html", context)
    services.execution_delete(actor=request.user, execution=execution)
    messages.success(
        request,
        "Проведение удалено; запись о нём осталась в истории. Восстановить его вместе с "
        f"документами и комментариями можно в течение {days} {plural(days, *DAYS)}: "
        "Уведомления → «Удалённые проведения и документы».",
    )
    return redirect(_activity_url(execution.activity_id))


@require_http_methods(["GET", "POST"])
@login_required
def document_new(request: AuthenticatedHttpRequest, execution_id: int) -> HttpResponse:
    execution = _execution_for_report(request.user, execution_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "activity": execution.activity,
        "title": "Подтверждающий документ",
        "back": _activity_url(execution.activity_id),
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(actor=request.user, execution=execution, values=form.cleaned_data)
        except StorageFull:
            return _disk_full(request, context, form)
        messages.success(request, "Документ добавлен.")
        return redirect(_activity_url(execution.activity_id, f"execution-{execution.pk}"))
    return _page(request, context)


def _document_for_report(user: User, document_id: int) -> Document:
    document = rules.get_or_403(
        "edit",
        Document.objects.select_related("plan", "execution__activity__plan"),
        user,
        pk=document_id,
    )
    rules.check("report_execution", user, document.plan)
    return document


@require_http_methods(["GET", "POST"])
@login_required
def document_edit(request: AuthenticatedHttpRequest, document_id: int) -> HttpResponse:
    document = _document_for_report(request.user, document_id)
    execution = document.execution
    if execution is None:  # a plan's own document is not reported through an activity
        raise Http404("Документ не относится к проведению мероприятия")
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document)
    back = _activity_url(execution.activity_id, f"execution-{execution.pk}")
    context = {
        "form": form,
        "activity": execution.activity,
        "title": "Подтверждающий документ",
        "back": back,
    }
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save_through(
                services.document_update, actor=request.user, document=document
            )
        except StorageFull:
            return _disk_full(request, context, form)
        if not saved:
            return _page(request, context, status=409)
        messages.success(request, "Документ сохранён.")
        return redirect(back)
    return _page(request, context)


@require_POST
@login_required
def document_delete(request: AuthenticatedHttpRequest, document_id: int) -> HttpResponse:
    document = rules.get_or_403(
        "edit", Document.objects.select_related("plan", "execution"), request.user, pk=document_id
    )
    rules.check("report_execution", request.user, document.plan)
    services.document_delete(actor=request.user, document=document)
    messages.success(request, "Документ удалён; запись о нём осталась в истории.")
    if document.execution is not None:  # fetched with the document: no query
        return redirect(_activity_url(document.execution.activity_id))
    return redirect("plan", document.plan_id)
