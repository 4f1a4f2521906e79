"""The site header: who is logged in, in which role and territory, and where they can go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse

from orientir.accounts.roles import IMPORTING_ROLES, REGIONAL_ROLES, Role
from orientir.plans.services import creatable_kinds

register = template.Library()


@dataclass
class NavLink:
    label: str
    url: str
    current: bool
    count_url: str = ""  # filled in by notifications/badge.js, not counted on every page


def _territory(user: Any) -> str:
    """Name the user's own territory, loading only the one relation the role needs."""
    if user.role == Role.SCHOOL_MANAGER and user.organisation_id:
        return str(user.organisation)
    if user.role == Role.MUNICIPAL_COORDINATOR and user.municipality_id:
        return str(user.municipality)
    if user.region_id:
        return str(user.region)
    return ""


def _links(user: Any, path: str) -> list[NavLink]:
    wanted: list[tuple[str, str]] = []
    if user.region_id:
        wanted.append(("Регион", reverse("region", args=[user.region_id])))
    if user.role == Role.MUNICIPAL_COORDINATOR and user.municipality_id:
        wanted.append(("Муниципалитет", reverse("municipality", args=[user.municipality_id])))
    if user.role == Role.SCHOOL_MANAGER and user.organisation_id:
        wanted.append(("Школа", reverse("school", args=[user.organisation_id])))
    if user.region_id and user.role in REGIONAL_ROLES:
        wanted.append(("Отбор школ", reverse("region_runs", args=[user.region_id])))
    if creatable_kinds(user):
        wanted.append(("Новый план", reverse("plan-new")))
    if user.region_id and user.role == Role.REGIONAL_COORDINATOR:
        wanted.append(("Правила подтверждения", reverse("evidence-rules")))
    if user.is_superuser or user.role in IMPORTING_ROLES:
        wanted.append(("Загрузить документ", reverse("import-upload")))
    if user.is_staff:
        wanted.append(("Администрирование", reverse("admin:index")))
    links = [NavLink(label, url, path == url) for label, url in wanted]
    if user.role or user.is_superuser:
        url = reverse("notifications")
        links.append(NavLink("Уведомления", url, path == url, reverse("notifications-count")))
    return links


@register.inclusion_tag("web/includes/site_nav.html", takes_context=True)
def site_nav(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    role = user.get_role_display() if user.role else ""
    if not role and user.is_superuser:
        role = "администратор"
    return {
        "name": user.display_name,
        "role": role,
        "territory": _territory(user),
        "links": _links(user, request.path),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
