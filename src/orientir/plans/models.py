"""Plans at every level, their sections and activities."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from orientir.accounts.scope import TerritoryQuerySet
from orientir.plans.activity_types import ActivityType, guess_activity_type
from orientir.plans.deadlines import Deadline, DeadlineKind, Recurrence, parse_deadline
from orientir.plans.progress import (
    Progress,
    due_soon_q,
    overdue_q,
    progress_expression,
    progress_of,
)


class PlanQuerySet(TerritoryQuerySet["Plan"]):
    region_path = "region"
    municipality_path = "municipality"
    school_path = "school"
    shared_down = True
    partnership_path = "partnership"


# The fields of a road map's passport (seed 004), in the order the passport lists them.
PASSPORT_FIELDS = (
    "problem",
    "previous_results",
    "goal",
    "tasks",
    "directions",
    "stages",
    "working_group",
    "developer",
    "key_results",
    "funding",
)


class Plan(models.Model):
    class Kind(models.TextChoices):
        REGIONAL_PLAN = "regional_plan", "региональный план мероприятий"
        ROADMAP = "roadmap", "муниципальная дорожная карта"
        SCHOOL_PROGRAMME = "school_programme", "программа перехода в эффективный режим"
        PARTNERSHIP_PLAN = "partnership_plan", "план партнёрства"

    class State(models.TextChoices):
        DRAFT = "draft", "черновик"
        SUBMITTED = "submitted", "на согласовании"
        RETURNED = "returned", "возвращён на доработку"
        AGREED = "agreed", "согласован"
        APPROVED = "approved", "утверждён"
        ARCHIVED = "archived", "в архиве"

    # The owner changes the content only while the plan is its own work in progress.
    EDITABLE_STATES = (State.DRAFT, State.RETURNED)

    kind = models.CharField("вид", max_length=32, choices=Kind)
    title = models.CharField("название", max_length=1000)
    region = models.ForeignKey(
        "registry.Region", models.PROTECT, related_name="plans", verbose_name="регион"
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name="муниципалитет",
    )
    school = models.ForeignKey(
        "registry.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name="школа",
    )
    owner = models.ForeignKey(
        "registry.Organisation",
        models.PROTECT,
        related_name="owned_plans",
        verbose_name="владелец",
        help_text="Организация, которая ведёт план",
    )
    partnership = models.ForeignKey(
        "registry.Partnership",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name="партнёрство",
    )
    first_year = models.ForeignKey(
        "registry.AcademicYear", models.PROTECT, related_name="+", verbose_name="с учебного года"
    )
    last_year = models.ForeignKey(
        "registry.AcademicYear", models.PROTECT, related_name="+", verbose_name="по учебный год"
    )
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="реализует план",
    )
    state = models.CharField("состояние", max_length=16, choices=State, default=State.DRAFT)
    approval_text = models.CharField(
        "утверждён", max_length=500, blank=True, help_text="приказом от 26.09.2016 № 4537"
    )
    # The order that approved the plan in Ориентир (`plans.review`); empty until approved.
    approval_order_number = models.CharField(
        "номер приказа об утверждении", max_length=50, blank=True
    )
    approval_order_date = models.DateField("дата приказа об утверждении", null=True, blank=True)
    # The road map passport (seed 004).
    problem = models.TextField("описание проблемы", blank=True)
    previous_results = models.TextField("итоги прошлого учебного года", blank=True)
    goal = models.TextField("цель", blank=True)
    tasks = models.TextField("задачи", blank=True)
    directions = models.TextField("направления", blank=True)
    stages = models.TextField("этапы и сроки реализации", blank=True)
    working_group = models.TextField("состав рабочей группы", blank=True)
    developer = models.TextField("ответственный разработчик", blank=True)
    key_results = models.TextField("значимые контрольные результаты", blank=True)
    funding = models.TextField("объём финансовой поддержки", blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="создан")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="изменён")
    # Raised by every save through an edit form: a save made on an older copy is refused
    # (`orientir.audit.stale`).
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = PlanQuerySet.as_manager()

    # Not stored: set on the plans of a page for its templates (`with_evidence` tag), as an
    # `execution.selectors.PlanEvidence`; execution sits above plans, so plans cannot name it.
    evidence: Any

    class Meta:
        verbose_name = "план"
        verbose_name_plural = "планы"
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="regional_plan")
                | Q(municipality__isnull=True, school__isnull=True),
                name="regional_plan_is_region_wide",
            ),
            models.CheckConstraint(
                condition=~Q(kind="roadmap") | Q(municipality__isnull=False, school__isnull=True),
                name="roadmap_belongs_to_municipality",
            ),
            models.CheckConstraint(
                condition=~Q(kind="school_programme")
                | Q(municipality__isnull=False, school__isnull=False),
                name="school_programme_belongs_to_school",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable_state(self) -> bool:
        return self.state in self.EDITABLE_STATES

    @property
    def approval_order_label(self) -> str:
        """Return «утверждён приказом от 26.09.2016 № 4537», or '' without an order."""
        if not (self.approval_order_number and self.approval_order_date):
            return ""
        return (
            f"утверждён приказом от {self.approval_order_date:%d.%m.%Y} "
            f"№ {self.approval_order_number}"
        )

    @property
    def content_lock(self) -> str:
        """Return why the plan's content may not change in its state; '' when it may.

        Sections, activities, indicators and the passport change only in a draft or a
        returned plan: what is under review or approved is what was agreed. Executions are
        reported in every state but the archive.
        """
        if self.is_editable_state:
            return ""
        if self.state == self.State.ARCHIVED:
            return f"План «{self.title}» в архиве: его содержание не меняется."
        return (
            f"План «{self.title}» {self.get_state_display()}: его содержание можно изменить "
            "только после возврата на доработку."
        )

    @property
    def years_label(self) -> str:
        if self.first_year_id == self.last_year_id:
            return f"{self.first_year.name} учебный год"
        return f"{self.first_year.start_year}–{self.last_year.start_year + 1} годы"

    @property
    def academic_year_names(self) -> list[str]:
        first, last = self.first_year.start_year, self.last_year.start_year
        return [f"{y}/{y + 1}" for y in range(first, last + 1)]


class SectionQuerySet(TerritoryQuerySet["Section"]):
    region_path = "plan__region"
    municipality_path = "plan__municipality"
    school_path = "plan__school"
    shared_down = True
    partnership_path = "plan__partnership"


class Section(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="sections", verbose_name="план")
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="subsections",
        verbose_name="вышестоящий раздел",
    )
    number = models.CharField("номер", max_length=32, blank=True)
    title = models.CharField("название", max_length=1000)
    position = models.PositiveIntegerField("порядок", default=0)
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = "раздел"
        verbose_name_plural = "разделы"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def depth(self) -> int:
        return max(self.number.rstrip(".").count("."), 0) if self.number else 0


# How far ahead a deadline is "coming": the notifications and the dashboards' attention.
SOON_DAYS = 14


class ActivityQuerySet(TerritoryQuerySet["Activity"]):
    region_path = "plan__region"
    municipality_path = "plan__municipality"
    school_path = "plan__school"
    shared_down = True
    partnership_path = "plan__partnership"

    def overdue(self, today: dt.date) -> ActivityQuerySet:
        """Activities overdue on `today`: the one rule, `plans.progress.overdue_q`."""
        return self.filter(overdue_q(today))

    def due_soon(self, today: dt.date, days: int = SOON_DAYS) -> ActivityQuerySet:
        """Open activities of running plans whose deadline ends within the coming `days`."""
        return self.filter(due_soon_q(today, days))

    def with_progress(self, today: dt.date) -> ActivityQuerySet:
        """Annotate `progress`, a `plans.progress.Progress` value, as of `today`."""
        return self.annotate(progress=progress_expression(today))


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "запланировано"
        IN_PROGRESS = "in_progress", "выполняется"
        DONE = "done", "выполнено"
        NOT_DONE = "not_done", "не выполнено"
        CANCELLED = "cancelled", "отменено"

    class DeadlineKindChoice(models.TextChoices):
        DATE = DeadlineKind.DATE.value, "дата"
        UNTIL = DeadlineKind.UNTIL.value, "до даты"
        PERIOD = DeadlineKind.PERIOD.value, "период"
        CONTINUOUS = DeadlineKind.CONTINUOUS.value, "постоянно"
        RECURRING = DeadlineKind.RECURRING.value, "регулярно"
        EVENT = DeadlineKind.EVENT.value, "по событию"

    class RecurrenceChoice(models.TextChoices):
        WEEKLY = Recurrence.WEEKLY.value, "еженедельно"
        MONTHLY = Recurrence.MONTHLY.value, "ежемесячно"
        QUARTERLY = Recurrence.QUARTERLY.value, "ежеквартально"
        ANNUALLY = Recurrence.ANNUALLY.value, "ежегодно"

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="activities", verbose_name="план")
    section = models.ForeignKey(
        Section,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name="раздел",
    )
    academic_year = models.ForeignKey(
        "registry.AcademicYear",
        models.PROTECT,
        related_name="+",
        verbose_name="учебный год",
        help_text="Учебный год, к которому относятся сроки без года",
    )
    number = models.CharField("номер", max_length=32, blank=True)
    position = models.PositiveIntegerField("порядок", default=0)
    title = models.TextField("мероприятие")
    activity_type = models.CharField(
        "вид мероприятия",
        max_length=32,
        choices=ActivityType,
        blank=True,
        help_text="Определяет, какие подтверждающие документы нужны. "
        "Если не указан, определяется по названию.",
    )
    implements = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="implemented_by",
        verbose_name="реализует мероприятие плана верхнего уровня",
    )
    # The deadline as written; the rest is derived from it by `set_deadline`.
    deadline_text = models.CharField("сроки", max_length=300, blank=True)
    deadline_kind = models.CharField(
        max_length=16,
        choices=DeadlineKindChoice,
        default=DeadlineKindChoice.EVENT,
        verbose_name="вид срока",
    )
    deadline_start = models.DateField(null=True, blank=True, verbose_name="начало срока")
    deadline_end = models.DateField(null=True, blank=True, verbose_name="конец срока")
    deadline_recurrence = models.CharField(
        max_length=16, choices=RecurrenceChoice, blank=True, verbose_name="повторяемость"
    )
    responsible_text = models.TextField("ответственные", blank=True)
    responsible_organisations = models.ManyToManyField(
        "registry.Organisation",
        blank=True,
        related_name="responsible_for",
        verbose_name="ответственные организации",
    )
    responsible_people = models.ManyToManyField(
        "registry.Person",
        blank=True,
        related_name="responsible_for",
        verbose_name="ответственные люди",
    )
    audience = models.TextField("целевая аудитория", blank=True)
    planned_result = models.TextField("планируемый результат", blank=True)
    execution_mark = models.TextField("отметка об исполнении", blank=True)
    status = models.CharField("статус", max_length=16, choices=Status, default=Status.PLANNED)
    status_reason = models.CharField("причина статуса", max_length=500, blank=True)
    status_manual = models.BooleanField(
        "статус установлен вручную",
        default=False,
        help_text="Иначе статус следует из проведений и сроков",
    )
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = ActivityQuerySet.as_manager()

    # Not stored: set on the activities of a page for its templates (`plans.selectors`).
    overdue: bool
    evidence: Any  # an `execution.selectors.ActivityEvidence` or None, as for `Plan.evidence`
    responsible_shown: str  # who answers for it, as the plan page's table shows (`plan_pages`)

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["plan", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_start__isnull=True)
                | Q(deadline_end__isnull=True)
                | Q(deadline_start__lte=models.F("deadline_end")),
                name="activity_deadline_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def set_deadline(self, text: str) -> None:
        """Keep `text` as written and derive the parsed deadline from it.

        "Весь период реализации программы" spans the plan's years, not only the activity's.
        """
        plan_years = (self.plan.first_year.start_year, self.plan.last_year.start_year)
        parsed = parse_deadline(text, self.academic_year.start_year, plan_years=plan_years)
        self.deadline_text = text
        self.deadline_kind = parsed.kind.value
        self.deadline_start = parsed.start
        self.deadline_end = parsed.end
        self.deadline_recurrence = parsed.recurrence.value if parsed.recurrence else ""

    @property
    def effective_type(self) -> ActivityType:
        """Return the kind set by hand, or the one the title names."""
        if self.activity_type:
            return ActivityType(self.activity_type)
        return guess_activity_type(self.title)

    @property
    def deadline(self) -> Deadline:
        return Deadline(
            text=self.deadline_text,
            kind=DeadlineKind(self.deadline_kind),
            start=self.deadline_start,
            end=self.deadline_end,
            recurrence=Recurrence(self.deadline_recurrence) if self.deadline_recurrence else None,
        )

    def progress_on(self, today: dt.date) -> Progress:
        """Where the activity stands on `today` (reads `plan.last_year`: select it along)."""
        return progress_of(self, today)

    def is_overdue(self, today: dt.date) -> bool:
        return self.progress_on(today) == Progress.OVERDUE


class PlanTransitionQuerySet(TerritoryQuerySet["PlanTransition"]):
    region_path = "plan__region"
    municipality_path = "plan__municipality"
    school_path = "plan__school"
    shared_down = True
    partnership_path = "plan__partnership"


class PlanTransition(models.Model):
    """One step of review: who moved the plan from which state to which, when, and why."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="transitions", verbose_name="план")
    from_state = models.CharField("было", max_length=16, choices=Plan.State)
    to_state = models.CharField("стало", max_length=16, choices=Plan.State)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто",
    )
    at = models.DateTimeField("когда", auto_now_add=True)
    comment = models.TextField("комментарий", blank=True)

    objects = PlanTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = "шаг согласования"
        verbose_name_plural = "шаги согласования"
        ordering = ["plan", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class CommentQuerySet(TerritoryQuerySet["Comment"]):
    region_path = "plan__region"
    municipality_path = "plan__municipality"
    school_path = "plan__school"
    shared_down = True
    partnership_path = "plan__partnership"


class Comment(models.Model):
    """A remark on a plan, one of its activities or one execution, seen by all who see it."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="comments", verbose_name="план")
    activity = models.ForeignKey(
        Activity,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name="мероприятие",
    )
    execution = models.ForeignKey(
        "execution.Execution",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name="проведение",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="автор",
    )
    text = models.TextField("комментарий")
    created_at = models.DateTimeField("когда", auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "комментарий"
        verbose_name_plural = "комментарии"
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(execution__isnull=True) | Q(activity__isnull=False),
                name="comment_on_execution_names_activity",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


def today() -> dt.date:
    """Return today's date in the project's time zone."""
    from django.utils import timezone

    return timezone.localdate()
