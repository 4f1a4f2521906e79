"""The rules of evidence: what each kind of activity needs, read by all, set by the region."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest
from orientir.execution import services
from orientir.execution.forms import EvidenceRuleForm
from orientir.execution.permissions import get_region_for_rule_edit, get_region_for_rules
from orientir.execution.selectors import rule_table
from orientir.plans.activity_types import ActivityType


def _activity_type(value: str) -> ActivityType:
    if value not in ActivityType.values:
        raise Http404("Нет такого вида мероприятия")
    return ActivityType(value)


@require_safe
@login_required
def evidence_rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    region = get_region_for_rules(request.user)
    context = {
        "region": region,
        "rows": rule_table(region),
        "can_edit": rules.allows("edit_evidence_rules", request.user),
    }
    return render(request, "execution/evidence_rules.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def evidence_rule_edit(request: AuthenticatedHttpRequest, activity_type: str) -> HttpResponse:
    region = get_region_for_rule_edit(request.user)
    kind = _activity_type(activity_type)
    current = services.evidence_counts(region=region, activity_type=kind)
    form = EvidenceRuleForm(request.POST or None, initial_counts=current)
    if request.method == "POST" and form.is_valid():
        services.evidence_rules_set(
            actor=request.user, region=region, activity_type=kind, counts=form.counts()
        )
        messages.success(request, f"Правила для вида «{kind.label}» сохранены.")
        return redirect("evidence-rules")
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "region": region, "activity_type": kind}
    return render(request, "execution/evidence_rule_form.html", context, status=status)


@require_POST
@login_required
def evidence_rule_reset(request: AuthenticatedHttpRequest, activity_type: str) -> HttpResponse:
    region = get_region_for_rule_edit(request.user)
    kind = _activity_type(activity_type)
    services.evidence_rules_reset(actor=request.user, region=region, activity_type=kind)
    messages.success(request, f"Для вида «{kind.label}» снова действуют правила по умолчанию.")
    return redirect("evidence-rules")
