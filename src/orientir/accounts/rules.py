"""The rulebook: every decision of who may do what, each under one name.

Whose an object is comes from the territory rule (`scope.py`, through each queryset's
`visible_to` / `editable_by`); this module adds what the role and the object's state allow.
Views fetch through `get_or_403` (404 for what the user does not see, 403 with the rule's
Russian reason for what they see but may not do), services call `check`, and the menu and
templates ask `allows` (templates through `{% can "rule" obj as name %}` of
`web/templatetags/rules.py`). Nothing else in the tree decides by role: a test greps for it.

A rule takes the user and, where it concerns one, the object. Objects are read by their
fields (`plan.state`, `plan.school_id`), so the rulebook imports no app above `accounts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone

from orientir.accounts.access import TERRITORY, Source, get_visible_or_404
from orientir.accounts.models import User
from orientir.accounts.roles import (
    has_role,
    is_analyst,
    is_curator,
    keeps_municipality,
    keeps_region,
    keeps_school,
    sees_whole_region,
)
from orientir.accounts.scope import NOTHING
from orientir.lib.russian import plural

Level = Literal["region", "municipality", "school"]
# Plan states by their values: the rulebook reads a plan's fields, it does not import plans.
ARCHIVED = "archived"
REGIONAL_PLAN = "regional_plan"

DELETE_ONLY_DRAFT = (
    "Удалить можно только черновик или план, возвращённый на доработку; этот план уже "
    "на согласовании, утверждён или в архиве."
)
ARCHIVED_PLAN = "План в архиве: отмечать проведение в нём нельзя."
ARCHIVED_ACTUALS = "План в архиве: вносить фактические значения показателей в нём нельзя."


@dataclass(frozen=True)
class Rule:
    """A named permission: `test` gives the Russian reason of a refusal, or None."""

    name: str
    test: Callable[[User, Any], str | None]
    superuser: bool = True  # whether a superuser may, whatever the test says

    def refusal(self, user: User, obj: Any = None) -> str | None:
        if not (user.is_authenticated and user.is_active):
            return "Войдите в систему."
        if user.is_superuser and self.superuser:
            return None
        return self.test(user, obj)

    def allows(self, user: User, obj: Any = None) -> bool:
        return self.refusal(user, obj) is None

    def check(self, user: User, obj: Any = None) -> None:
        """Raise PermissionDenied with the rule's reason unless `user` may."""
        reason = self.refusal(user, obj)
        if reason is not None:
            raise PermissionDenied(reason)


RULES: dict[str, Rule] = {}


def _rule(name: str, *, superuser: bool = True) -> Callable[[Callable[..., str | None]], Rule]:
    def register(test: Callable[..., str | None]) -> Rule:
        RULES[name] = Rule(name, test, superuser)
        return RULES[name]

    return register


def allows(name: str, user: User, obj: Any = None) -> bool:
    return RULES[name].allows(user, obj)


def check(name: str, user: User, obj: Any = None) -> None:
    RULES[name].check(user, obj)


def get_or_403[M: models.Model](name: str, source: Source[M], user: User, **lookup: Any) -> M:
    """Return the object the user sees (else 404) if rule `name` lets them act on it (else 403)."""
    obj = get_visible_or_404(source, user, **lookup)
    check(name, user, obj)
    return obj


# What `_editable` answered within `remembering()`, by user, model and id; None outside it.
_remembered: ContextVar[dict[tuple[Any, ...], bool] | None] = ContextVar(
    "orientir_rules_remembered", default=None
)


@contextmanager
def remembering() -> Iterator[None]:
    """Within the block, ask the territory rule once per user and object.

    A page asks several rules of one plan (whether the user keeps it, submits it, may delete
    it, may enter its indicators' actuals) and each asked the database again whether the plan
    is the user's. For a page that only reads: the answer is kept until the block ends.
    """
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def _editable(user: User, obj: models.Model) -> bool:
    memo = _remembered.get()
    key = (user.pk, type(obj), obj.pk)
    if memo is not None and key in memo:
        return memo[key]
    manager: Any = type(obj)._default_manager
    found = bool(manager.editable_by(user).filter(pk=obj.pk).exists())
    if memo is not None:
        memo[key] = found
    return found


def _visible(user: User, obj: models.Model) -> bool:
    manager: Any = type(obj)._default_manager
    return bool(manager.visible_to(user).filter(pk=obj.pk).exists())


# ---------------------------------------------------------------------------------------
# Territory and plans
# ---------------------------------------------------------------------------------------


@_rule("edit")
def _edit(user: User, obj: models.Model) -> str | None:
    """Change an object of one's own territory and level (the territory rule)."""
    return None if _editable(user, obj) else TERRITORY


@_rule("edit_plan_content")
def _edit_plan_content(user: User, plan: Any) -> str | None:
    """Change a plan's passport, sections or activities: one's own, while a draft."""
    if not _editable(user, plan):
        return TERRITORY
    return plan.content_lock or None  # the plan says why its state keeps its content


@_rule("delete_plan")
def _delete_plan(user: User, plan: Any) -> str | None:
    """Delete a plan: its keeper, while a draft or returned (the service also refuses a plan
    with executions)."""
    if not _editable(user, plan):
        return TERRITORY
    if not plan.is_editable_state:
        return DELETE_ONLY_DRAFT
    return None


@_rule("report_execution")
def _report_execution(user: User, plan: Any) -> str | None:
    """Record executions and evidence of one's own plan in any state but archived."""
    if not _editable(user, plan):
        return TERRITORY
    return ARCHIVED_PLAN if plan.state == ARCHIVED else None


@_rule("edit_indicator_actuals")
def _edit_indicator_actuals(user: User, plan: Any) -> str | None:
    """Enter the actual values of one's own plan's indicators, in any state but archived.

    Actual values are facts of execution, so the rule is that of `report_execution`.
    """
    if not _editable(user, plan):
        return TERRITORY
    return ARCHIVED_ACTUALS if plan.state == ARCHIVED else None


def reviewer_q(user: User) -> Q:
    """The plans whose agreement and approval are `user`'s to give, as a query condition.

    A school's plans are reviewed by its municipality's coordinator; a municipality's and
    the region's by the regional coordinator. Combine it with the territory rule: it says
    whose step it is, not what the user may see.
    """
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if user.is_superuser:
        return Q()
    if keeps_municipality(user):
        return Q(school__isnull=False, municipality=user.municipality_id)
    if keeps_region(user):
        return Q(school__isnull=True, region=user.region_id)
    return NOTHING


def _is_reviewer(user: User, plan: Any) -> bool:
    if user.is_superuser:
        return True
    if plan.school_id is not None:
        return keeps_municipality(user) and user.municipality_id == plan.municipality_id
    return keeps_region(user) and user.region_id == plan.region_id


@_rule("review_plan")
def _review_plan(user: User, plan: Any) -> str | None:
    """Agree, approve or return a plan: the level above the one that keeps it."""
    if _is_reviewer(user, plan):
        return None
    return "Согласует и утверждает этот план вышестоящий уровень."


@_rule("submit_plan")
def _submit_plan(user: User, plan: Any) -> str | None:
    """Hand a plan in for review: who keeps it, unless they are the level that reviews it.

    The municipal coordinator may edit a school's programme, but it is the school that
    hands it in; only the regional plan has no level above, so its keeper submits it too.
    """
    reviewer = _is_reviewer(user, plan) and plan.kind != REGIONAL_PLAN
    if _editable(user, plan) and not reviewer:
        return None
    return "Отправляет план на согласование тот, кто его ведёт."


def plan_level(user: User) -> Level | None:
    """The level whose plans `user` keeps and starts: region, municipality or school."""
    if keeps_region(user):
        return "region"
    if keeps_municipality(user):
        return "municipality"
    if keeps_school(user):
        return "school"
    return None


@_rule("create_plan", superuser=False)  # a plan is started in one's own territory
def _create_plan(user: User, _: Any) -> str | None:
    return None if plan_level(user) else "Создают планы те, кто их ведёт: координаторы и школы."


def own_level_q(user: User) -> Q:
    """The plans of the user's own level (whose deadlines are theirs to watch)."""
    if sees_whole_region(user):
        return Q(municipality__isnull=True)
    if is_curator(user):
        return Q(municipality__isnull=False)
    if keeps_municipality(user):
        return Q(municipality=user.municipality_id)
    if keeps_school(user):
        return Q(school=user.organisation_id)
    return NOTHING


def own_territory_q(user: User) -> Q:
    """The plans of the user's territory and below it, not those of the level above.

    A region's users watch every plan of the region; the others, their own level's
    (`own_level_q`): a municipality sees the regional plan, but its slips are not theirs.
    """
    if sees_whole_region(user):
        return Q()
    return own_level_q(user)


@_rule("comment")
def _comment(user: User, obj: models.Model) -> str | None:
    """Comment on what one sees: curators and analysts too (DOMAIN.md: curators comment)."""
    return None if has_role(user) and _visible(user, obj) else "Комментировать это нельзя."


# ---------------------------------------------------------------------------------------
# Evidence, restoring, importing
# ---------------------------------------------------------------------------------------


@_rule("read_evidence_rules")
def _read_evidence_rules(user: User, _: Any) -> str | None:
    """Everyone in the region may read what each kind of activity needs; the menu offers the
    page to who sets the rules (`edit_evidence_rules`), others meet a rule on each execution."""
    return None if user.region_id else "Правила подтверждения задаёт регион; у вас его нет."


@_rule("edit_evidence_rules")
def _edit_evidence_rules(user: User, _: Any) -> str | None:
    if keeps_region(user):
        return None
    return "Правила подтверждения устанавливает региональный координатор."


def restore_days() -> int:
    """How many days after a deletion its author and their coordinator may undo it."""
    return int(getattr(settings, "ORIENTIR_RESTORE_DAYS", 90))


def _keeps_deleted_from(user: User, deletion: Any) -> bool:
    """Whether `user` keeps the plan a deletion was in, as the list read it or from the database."""
    known = getattr(deletion, "plan_editable", None)
    if known is not None:
        return bool(known)
    return _editable(user, deletion.plan)


@_rule("restore_deleted")
def _restore_deleted(user: User, deletion: Any) -> str | None:
    """Put back a deleted execution or document (`execution.restore.Deleted`: its audit
    `event` and the `plan` it was in). The regional coordinator of the plan's region may at
    any time; who deleted it and who keeps the plan's territory (`editable_by`), within
    `ORIENTIR_RESTORE_DAYS`. Without a deletion: whether the user may restore anything
    (the list of deletions, the menu). The caller fetches the deletion among those of the
    plans the user sees (`execution.restore.deletions`).
    """
    if deletion is None:
        return None if plan_level(user) else "Восстанавливают удалённое те, кто ведёт планы."
    plan = deletion.plan
    if plan is None:
        return "План, к которому относилось удалённое, тоже удалён: восстановить его некуда."
    if keeps_region(user) and user.region_id == plan.region_id:
        return None
    if deletion.event.actor_id != user.pk and not _keeps_deleted_from(user, deletion):
        return (
            "Восстановить удалённое могут тот, кто удалил, координатор его территории "
            "и региональный координатор."
        )
    days = restore_days()
    if timezone.now() - deletion.event.at > dt.timedelta(days=days):
        return (
            f"Прошло больше {days} {plural(days, 'дня', 'дней', 'дней')} после удаления: "
            "теперь восстановить его может только региональный координатор."
        )
    return None


@_rule("import_documents")
def _import_documents(user: User, _: Any) -> str | None:
    """Bring plans in from documents: those who keep plans (the territory is checked too)."""
    if plan_level(user):
        return None
    return "Загружать документы могут координаторы и представители школ."


# ---------------------------------------------------------------------------------------
# Documents out: reports and plans as .docx, .xlsx and PDF
# ---------------------------------------------------------------------------------------


@_rule("export")
def _export(user: User, obj: models.Model) -> str | None:
    """Download a plan's or a municipality's documents: whoever sees it (the territory rule)."""
    return None if _visible(user, obj) else "Выгружать документы может только тот, кто их видит."


@_rule("export_region_report")
def _export_region_report(user: User, region: Any) -> str | None:
    """The region's workbook holds every municipality: those who see the whole region."""
    if sees_whole_region(user) and user.region_id == region.pk:
        return None
    return "Сводный отчёт региона выгружают региональный координатор и аналитик."


# The reporting calendar: the region asks for documents; municipalities and target schools
# hand them in. Who owes a duty is read from its `owed_by` value.
OWED_BY_MUNICIPALITIES = "municipalities"
OWED_BY_TARGET_SCHOOLS = "target_schools"


@_rule("define_reporting_duties")
def _define_reporting_duties(user: User, _: Any) -> str | None:
    if keeps_region(user):
        return None
    return "Отчётные документы и сроки устанавливает региональный координатор."


def reporting_level(user: User) -> str | None:
    """Which duties `user` hands in: a municipality's (its coordinator) or a school's."""
    if keeps_municipality(user):
        return OWED_BY_MUNICIPALITIES
    if keeps_school(user):
        return OWED_BY_TARGET_SCHOOLS
    return None


@_rule("hand_in_report", superuser=False)  # a document is handed in for one's own territory
def _hand_in_report(user: User, duty: Any) -> str | None:
    """Hand in a duty's document: the coordinator of a municipality, or a school's manager."""
    if reporting_level(user) == duty.owed_by and user.region_id == duty.region_id:
        return None
    if duty.owed_by == OWED_BY_MUNICIPALITIES:
        return "Этот документ сдаёт муниципальный координатор."
    return "Этот документ сдаёт представитель целевой школы."


@_rule("write_model_description", superuser=False)  # written for one's own municipality
def _write_model_description(user: User, municipality: Any) -> str | None:
    """A municipality's description of its model of work: its coordinator writes it."""
    if keeps_municipality(user) and user.municipality_id == municipality.pk:
        return None
    return "Описание модели пишет муниципальный координатор этого муниципалитета."


@_rule("compile_collection")
def _compile_collection(user: User, region: Any) -> str | None:
    """The methodological collection: the regional coordinator and analyst (ИРО) compile it."""
    if sees_whole_region(user) and user.region_id == region.pk:
        return None
    return "Методический сборник составляют региональный координатор и аналитик."


# ---------------------------------------------------------------------------------------
# Results and identification (DOMAIN.md: the analyst loads results and runs identification)
# ---------------------------------------------------------------------------------------


def _regional_writer(user: User) -> bool:
    return keeps_region(user) or is_analyst(user)


@_rule("see_identification")
def _see_identification(user: User, _: Any) -> str | None:
    if sees_whole_region(user) and user.region_id:
        return None
    return "Расчёты идентификации видят региональные пользователи."


@_rule("import_results")
def _import_results(user: User, _: Any) -> str | None:
    if _regional_writer(user):
        return None
    return "Результаты загружают региональный координатор и аналитик."


@_rule("run_identification")
def _run_identification(user: User, _: Any) -> str | None:
    if _regional_writer(user):
        return None
    return "Расчёт запускают региональный координатор и аналитик."


@_rule("approve_identification")
def _approve_identification(user: User, _: Any) -> str | None:
    if keeps_region(user):
        return None
    return "Утверждает перечень школ и пары региональный координатор."


@_rule("edit_risk_profile")
def _edit_risk_profile(user: User, school: Any) -> str | None:
    """The school's own representative, its curator, or the regional coordinator."""
    refused = "Рисковый профиль заполняют школа, её куратор и регион."
    if keeps_school(user):
        return None if user.organisation_id == school.pk else refused
    if is_curator(user) or keeps_region(user):
        return None if _visible(user, school) else refused
    return refused


@_rule("see_region_effect")
def _see_region_effect(user: User, _: Any) -> str | None:
    """The programme's effect over the whole region (EFFECT.md): the region's users."""
    if sees_whole_region(user) and user.region_id:
        return None
    return "Эффект программы по региону видят региональные пользователи."


@_rule("see_effect")
def _see_effect(user: User, territory: Any) -> str | None:
    """The effect on a municipality's or a school's cohort: whoever sees that territory."""
    if has_role(user) and (territory is None or _visible(user, territory)):
        return None
    return "Эффект программы видят пользователи с ролью в своей территории."


# ---------------------------------------------------------------------------------------
# The site itself
# ---------------------------------------------------------------------------------------


@_rule("see_region_dashboard")
def _see_region_dashboard(user: User, _: Any) -> str | None:
    """The region's dashboard and its municipalities side by side: the region's users."""
    if sees_whole_region(user) and user.region_id:
        return None
    return "Сводку по региону и сравнение муниципалитетов видят региональные пользователи."


@_rule("see_curator_dashboard", superuser=False)  # a superuser is assigned nothing
def _see_curator_dashboard(user: User, _: Any) -> str | None:
    return None if is_curator(user) else "Сводка куратора открыта кураторам."


@_rule("see_dashboard")
def _see_dashboard(user: User, _: Any) -> str | None:
    """The dashboard of a municipality or school one sees (the territory is checked too)."""
    return None if has_role(user) else "Сводки видят пользователи с ролью."


@_rule("see_notifications")
def _see_notifications(user: User, _: Any) -> str | None:
    return None if has_role(user) else "Уведомления получают пользователи с ролью."


@_rule("use_admin", superuser=False)
def _use_admin(user: User, _: Any) -> str | None:
    return None if user.is_staff else "Сайт администрирования открыт только администраторам."


def home(user: User) -> tuple[Level, int] | None:
    """The page of the user's own territory: their school, municipality or region."""
    if keeps_school(user) and user.organisation_id:
        return "school", user.organisation_id
    if keeps_municipality(user) and user.municipality_id:
        return "municipality", user.municipality_id
    if user.region_id:
        return "region", user.region_id
    return None


def own_school_id(user: User) -> int | None:
    """The school a school's representative acts for (to default a choice of school to it)."""
    return user.organisation_id if keeps_school(user) else None
