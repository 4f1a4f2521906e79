"""The site header: who is logged in, in which role and territory, and where they can go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse

from orientir.accounts import rules
from orientir.dashboards.menu import own_dashboard

register = template.Library()


@dataclass
class NavLink:
    label: str
    url: str
    current: bool
    count_url: str = ""  # filled in by notifications/badge.js, not counted on every page


def _territory(user: Any) -> str:
    """Name the user's own territory, loading only the one relation the role needs."""
    own = rules.home(user)
    if own is None:
        return ""
    return str(
        {"school": user.organisation, "municipality": user.municipality}.get(own[0]) or user.region
    )


def _own_effect(user: Any, own: tuple[str, int] | None) -> str | None:
    """The effect page of the user's own territory: the region's, or their municipality's or
    school's (whose own rule `see_effect` the page itself asks again with the territory)."""
    if user.region_id and rules.allows("see_region_effect", user):
        return reverse("region_effect", args=[user.region_id])
    if own and own[0] in ("municipality", "school") and rules.allows("see_effect", user):
        name = "municipality_effect" if own[0] == "municipality" else "school_effect"
        return reverse(name, args=[own[1]])
    return None


def _links(user: Any, path: str) -> list[NavLink]:
    """The menu: a link for every page the rulebook lets this user open, and no other."""
    wanted: list[tuple[str, str]] = []
    own = rules.home(user)
    if user.region_id:
        wanted.append(("Регион", reverse("region", args=[user.region_id])))
    if own and own[0] == "municipality":
        wanted.append(("Муниципалитет", reverse("municipality", args=[own[1]])))
    if own and own[0] == "school":
        wanted.append(("Школа", reverse("school", args=[own[1]])))
    dashboard = own_dashboard(user)
    if dashboard is not None:
        wanted.append(("Сводка", reverse(dashboard[0], args=dashboard[1])))
    if rules.allows("see_dashboard", user):  # the deadlines of the plans one sees
        wanted.append(("Сроки", reverse("calendar")))
    if user.region_id and rules.allows("see_identification", user):
        wanted.append(("Отбор школ", reverse("region_runs", args=[user.region_id])))
    effect = _own_effect(user, own)
    if effect is not None:
        wanted.append(("Эффект программы", effect))
    if user.region_id:  # the region's reporting calendar: each reads their own part of it
        wanted.append(("Отчётность", reverse("reporting-calendar")))
    if rules.allows("create_plan", user):
        wanted.append(("Новый план", reverse("plan-new")))
    if user.region_id and rules.allows("edit_evidence_rules", user):
        wanted.append(("Правила подтверждения", reverse("evidence-rules")))
    if rules.allows("import_documents", user):
        wanted.append(("Загрузить документ", reverse("import-upload")))
    if rules.allows("use_admin", user):
        wanted.append(("Администрирование", reverse("admin:index")))
    links = [NavLink(label, url, path == url) for label, url in wanted]
    if rules.allows("see_notifications", user):
        url = reverse("notifications")
        links.append(NavLink("Уведомления", url, path == url, reverse("notifications-count")))
    return links


@register.inclusion_tag("web/includes/site_nav.html", takes_context=True)
def site_nav(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    role = user.get_role_display()
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
