"""Editing plans: the plan and its passport, sections, activities, review and comments.

Each view starts with the access helper of `orientir.plans.permissions`, validates a form,
calls one service and redirects; an invalid form comes back with status 400, and one saved
on an older copy of what it edits (`audit.stale`) with status 409, the user's input kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from orientir.accounts import rules
from orientir.accounts.access import (
    AuthenticatedHttpRequest,
    get_visible_or_404,
)
from orientir.audit.stale import StaleEdit
from orientir.plans import annual, permissions, review, selectors, services
from orientir.plans.deadlines import parse_deadline
from orientir.plans.forms import (
    ActivityForm,
    ApprovalForm,
    CommentForm,
    PlanCreateForm,
    PlanPassportForm,
    ReviewForm,
    SectionForm,
    StatusForm,
    comment_problem,
)
from orientir.plans.models import Activity, Plan
from orientir.plans.versioned import refuse_stale
from orientir.registry.models import AcademicYear

STEPS = {"up": -1, "down": 1}


def _form_page(
    request: HttpRequest, context: dict[str, Any], status: int | None = None
) -> HttpResponse:
    form = context["form"]
    if status is None:
        status = 400 if form.is_bound and form.errors else 200
    return render(request, "plans/edit_form.html", context, status=status)


def _plan_url(plan_id: int, anchor: str = "") -> str:
    return reverse("plan", args=[plan_id]) + (f"#{anchor}" if anchor else "")


def _refused(request: HttpRequest, error: ValidationError, url: str) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect(url)


@require_http_methods(["GET", "POST"])
@login_required
def plan_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    kinds = services.creatable_kinds(request.user)
    if not kinds:
        raise PermissionDenied("В вашей роли планы не создают.")
    form = PlanCreateForm(
        request.POST or None, kinds=kinds, parents=selectors.parent_plans(request.user, kinds)
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
        try:
            plan = services.plan_create(
                actor=request.user, kind=form.cleaned_data["kind"], values=values
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "План создан.")
            return redirect("plan", plan.pk)
    return _form_page(request, {"form": form, "title": "Новый план", "back": reverse("home")})


@require_http_methods(["GET", "POST"])
@login_required
def plan_delete(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """Ask first (GET: what goes with the plan), delete on POST; a plan with executions or
    past the draft is refused with the reason."""
    plan = rules.get_or_403("delete_plan", Plan, request.user, pk=plan_id)
    content = services.plan_content(plan)
    executions = sum(a.executions.count() for a in content["plans.activity"])  # type: ignore[attr-defined]
    if request.method == "POST":
        try:
            services.plan_delete(actor=request.user, plan=plan)
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from error
        messages.success(
            request,
            f"План «{plan.title}» удалён; запись о нём осталась в истории. Восстановить его "
            "со всем содержанием можно: Уведомления → «Удалённые проведения и документы».",
        )
        return redirect("home")
    context = {
        "plan": plan,
        "sections": len(content["plans.section"]),
        "activities": len(content["plans.activity"]),
        "indicators": len(content["indicators.indicator"]),
        "values": len(content["indicators.indicatorvalue"]),
        "comments": len(content["plans.comment"]),
        "executions": executions,
        "days": rules.restore_days(),
        "back": _plan_url(plan.pk),
    }
    return render(request, "plans/confirm_delete.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = permissions.get_plan_for_edit(request.user, plan_id)
    parents = selectors.parent_plans(request.user, [plan.kind]).exclude(pk=plan.pk)
    form = PlanPassportForm(request.POST or None, instance=plan, parents=parents)
    context = {"form": form, "plan": plan, "title": "Паспорт плана", "back": _plan_url(plan.pk)}
    if request.method == "POST" and form.is_valid():
        if not form.save_through(services.plan_update, actor=request.user, plan=plan):
            return _form_page(request, context, status=409)
        messages.success(request, "Паспорт плана сохранён.")
        return redirect("plan", plan.pk)
    return _form_page(request, context)


@require_POST
@login_required
def plan_renumber(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = permissions.get_plan_for_edit(request.user, plan_id)
    changed = annual.plan_renumber(actor=request.user, plan=plan)
    messages.success(request, f"Номера пересчитаны, изменено: {changed}.")
    return redirect(_plan_url(plan.pk, "activities"))


@require_POST
@login_required
def plan_review(request: AuthenticatedHttpRequest, plan_id: int, step: str) -> HttpResponse:
    if step not in review.STEPS:
        raise Http404("Нет такого действия")
    if review.STEPS[step][2] == "owner":
        plan = permissions.get_plan_for_submit(request.user, plan_id)
    else:
        plan = permissions.get_plan_for_review(request.user, plan_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, comment_problem(form))
        return redirect(_plan_url(plan.pk, "review"))
    try:
        review.plan_transition(
            actor=request.user, plan=plan, step=step, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_plan_url(plan.pk, "review"))
    messages.success(request, f"Готово: план {plan.get_state_display()}.")
    return redirect(_plan_url(plan.pk, "review"))


@require_http_methods(["GET", "POST"])
@login_required
def plan_approve(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """Approve a plan by an order, with its number and date, after the reviewer confirms."""
    plan = permissions.get_plan_for_review(request.user, plan_id)
    if "approve" not in review.available_steps(plan, owner=False, reviewer=True):
        messages.error(request, f"Утвердить нельзя: план {plan.get_state_display()}.")
        return redirect(_plan_url(plan.pk, "review"))
    form = ApprovalForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        review.plan_transition(
            actor=request.user,
            plan=plan,
            step="approve",
            order_number=form.cleaned_data["order_number"],
            order_date=form.cleaned_data["order_date"],
        )
        messages.success(request, f"План {plan.approval_order_label}.")
        return redirect(_plan_url(plan.pk, "review"))
    context = {
        "form": form,
        "plan": plan,
        "title": "Утверждение плана",
        "submit": "Утвердить",
        "back": _plan_url(plan.pk, "review"),
    }
    return _form_page(request, context)


@require_POST
@login_required
def plan_comment(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = get_visible_or_404(Plan, request.user, pk=plan_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, comment_problem(form))
        return redirect(_plan_url(plan.pk, "comments"))
    services.comment_add(actor=request.user, plan=plan, text=form.cleaned_data["text"])
    return redirect(_plan_url(plan.pk, "comments"))


@require_safe
@login_required
def deadline_preview(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """Say how a deadline being typed is understood: a fragment for the activity form."""
    plan = get_visible_or_404(
        Plan.objects.select_related("first_year", "last_year"), request.user, pk=plan_id
    )
    start = plan.first_year.start_year
    chosen = request.GET.get("academic_year", "")
    if chosen.isdigit():
        years = AcademicYear.objects.filter(
            pk=int(chosen),
            start_year__gte=plan.first_year.start_year,
            start_year__lte=plan.last_year.start_year,
        )
        start = years.values_list("start_year", flat=True).first() or start
    plan_years = (plan.first_year.start_year, plan.last_year.start_year)
    deadline = parse_deadline(
        request.GET.get("deadline_text", "")[:300], start, plan_years=plan_years
    )
    return render(request, "plans/deadline_preview.html", {"deadline": deadline})


# ---------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def section_new(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = permissions.get_plan_for_edit(request.user, plan_id)
    form = SectionForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        section = services.section_create(actor=request.user, plan=plan, values=form.cleaned_data)
        return redirect(_plan_url(plan.pk, f"section-{section.pk}"))
    context = {"form": form, "plan": plan, "title": "Новый раздел", "back": _plan_url(plan.pk)}
    return _form_page(request, context)


@require_http_methods(["GET", "POST"])
@login_required
def section_edit(request: AuthenticatedHttpRequest, section_id: int) -> HttpResponse:
    section = permissions.get_section_for_edit(request.user, section_id)
    form = SectionForm(request.POST or None, instance=section, plan=section.plan)
    back = _plan_url(section.plan_id)
    context = {"form": form, "plan": section.plan, "title": "Раздел", "back": back}
    if request.method == "POST" and form.is_valid():
        if not form.save_through(services.section_update, actor=request.user, section=section):
            return _form_page(request, context, status=409)
        return redirect(_plan_url(section.plan_id, f"section-{section.pk}"))
    return _form_page(request, context)


@require_POST
@login_required
def section_delete(request: AuthenticatedHttpRequest, section_id: int) -> HttpResponse:
    section = permissions.get_section_for_edit(request.user, section_id)
    try:
        services.section_delete(actor=request.user, section=section)
    except ValidationError as error:
        return _refused(request, error, _plan_url(section.plan_id, f"section-{section.pk}"))
    messages.success(request, "Раздел удалён.")
    return redirect(_plan_url(section.plan_id, "activities"))


@require_POST
@login_required
def section_move(
    request: AuthenticatedHttpRequest, section_id: int, direction: str
) -> HttpResponse:
    section = permissions.get_section_for_edit(request.user, section_id)
    services.section_move(actor=request.user, section=section, step=STEPS[direction])
    return redirect(_plan_url(section.plan_id, f"section-{section.pk}"))


# ---------------------------------------------------------------------------------------
# Activities
# ---------------------------------------------------------------------------------------


def _activity_form(request: AuthenticatedHttpRequest, plan: Plan, **kw: Any) -> ActivityForm:
    choices = selectors.activity_choices(request.user, plan)
    return ActivityForm(request.POST or None, plan=plan, choices=choices, **kw)


@require_http_methods(["GET", "POST"])
@login_required
def activity_new(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = permissions.get_plan_for_edit(request.user, plan_id)
    initial = {"section": request.GET.get("section"), "academic_year": plan.first_year_id}
    form = _activity_form(request, plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        activity = services.activity_create(actor=request.user, plan=plan, values=form.cleaned_data)
        messages.success(request, "Мероприятие добавлено.")
        return redirect(_plan_url(plan.pk, f"activity-{activity.pk}"))
    context = {"form": form, "plan": plan, "title": "Новое мероприятие", "back": _plan_url(plan.pk)}
    return _form_page(request, context)


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    activity = permissions.get_activity_for_edit(request.user, activity_id)
    form = _activity_form(request, activity.plan, instance=activity)
    back = reverse("activity", args=[activity.pk])
    context = {"form": form, "plan": activity.plan, "title": "Мероприятие", "back": back}
    if request.method == "POST" and form.is_valid():
        if not form.save_through(services.activity_update, actor=request.user, activity=activity):
            return _form_page(request, context, status=409)
        messages.success(request, "Мероприятие сохранено.")
        return redirect("activity", activity.pk)
    return _form_page(request, context)


@require_POST
@login_required
def activity_delete(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    activity = permissions.get_activity_for_edit(request.user, activity_id)
    try:
        services.activity_delete(actor=request.user, activity=activity)
    except ValidationError as error:
        return _refused(request, error, reverse("activity", args=[activity.pk]))
    messages.success(request, "Мероприятие удалено.")
    return redirect(_plan_url(activity.plan_id, "activities"))


@require_POST
@login_required
def activity_move(
    request: AuthenticatedHttpRequest, activity_id: int, direction: str
) -> HttpResponse:
    activity = permissions.get_activity_for_edit(request.user, activity_id)
    services.activity_move(actor=request.user, activity=activity, step=STEPS[direction])
    return redirect(_plan_url(activity.plan_id, f"activity-{activity.pk}"))


@require_http_methods(["GET", "POST"])
@login_required
def activity_status(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    activity = permissions.get_activity_for_report(request.user, activity_id)
    form = StatusForm(request.POST or None, initial=_status_values(activity))
    back = reverse("activity", args=[activity.pk])
    context = {"form": form, "plan": activity.plan, "title": "Статус мероприятия", "back": back}
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_set_status(
                actor=request.user,
                activity=activity,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except StaleEdit as error:
            activity.refresh_from_db()
            current = _status_values(activity)
            refuse_stale(form, error, {k: v for k, v in current.items() if k != "version"})
            return _form_page(request, context, status=409)
        messages.success(request, "Статус мероприятия сохранён.")
        return redirect("activity", activity.pk)
    return _form_page(request, context)


def _status_values(activity: Activity) -> dict[str, Any]:
    """What the status form shows: the status set by hand (empty when derived), its reason."""
    return {
        "status": activity.status if activity.status_manual else "",
        "reason": activity.status_reason,
        "version": activity.version,
    }
