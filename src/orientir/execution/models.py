"""What was done: occurrences of activities and the documents that prove them."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from orientir.accounts.scope import TerritoryQuerySet
from orientir.lib.filenames import stored_name
from orientir.plans.activity_types import ActivityType


class ExecutionQuerySet(TerritoryQuerySet["Execution"]):
    region_path = "activity__plan__region"
    municipality_path = "activity__plan__municipality"
    school_path = "activity__plan__school"
    shared_down = True
    partnership_path = "activity__plan__partnership"


class Execution(models.Model):
    """One occurrence of an activity: a seminar held, a meeting, a monitoring round."""

    activity = models.ForeignKey(
        "plans.Activity", models.CASCADE, related_name="executions", verbose_name="мероприятие"
    )
    date = models.DateField("дата проведения", null=True, blank=True)
    date_text = models.CharField("дата, как записана", max_length=200, blank=True)
    description = models.TextField("краткое описание", blank=True)
    responsible_text = models.CharField("ответственный", max_length=500, blank=True)
    audience = models.TextField("целевая аудитория", blank=True)
    participants = models.PositiveIntegerField("участников", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто внёс",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="внесено")
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = ExecutionQuerySet.as_manager()

    # Not stored: set on the executions of the activity page for its template.
    missing: str

    class Meta:
        verbose_name = "проведение мероприятия"
        verbose_name_plural = "проведения мероприятий"
        ordering = ["activity", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.activity.number} {self.date or self.date_text}".strip()


def document_upload_to(instance: Document, filename: str) -> str:
    """Store under the plan, by a name short enough for any file system (`original_name`
    keeps the one the user gave)."""
    return f"documents/{instance.plan_id}/{stored_name(filename)}"


class DocumentQuerySet(TerritoryQuerySet["Document"]):
    region_path = "plan__region"
    municipality_path = "plan__municipality"
    school_path = "plan__school"
    shared_down = True
    partnership_path = "plan__partnership"


class Document(models.Model):
    """Evidence: an order, protocol, letter… with its number and date, as a file or a link."""

    class Kind(models.TextChoices):
        ORDER = "order", "приказ"
        PROTOCOL = "protocol", "протокол"
        LETTER = "letter", "письмо"
        AGREEMENT = "agreement", "договор, соглашение"
        PROGRAMME = "programme", "программа"
        PRESS_RELEASE = "press_release", "пресс-релиз"
        PHOTO = "photo", "фотография"
        MATERIALS = "materials", "материалы (презентации, доклады)"
        REGISTRATION_SHEET = "registration_sheet", "лист регистрации"
        PRESENTATION = "presentation", "презентация"
        REPORT = "report", "отчёт"
        INFORMATION_NOTE = "information_note", "информационная справка"
        OTHER = "other", "другой документ"

    plan = models.ForeignKey(
        "plans.Plan", models.CASCADE, related_name="documents", verbose_name="план"
    )
    execution = models.ForeignKey(
        Execution,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="проведение",
    )
    kind = models.CharField("вид", max_length=32, choices=Kind, default=Kind.OTHER)
    number = models.CharField("номер", max_length=50, blank=True)
    date = models.DateField("дата", null=True, blank=True)
    issuer = models.CharField("кем издан", max_length=500, blank=True)
    title = models.CharField("заголовок", max_length=1000, blank=True)
    text = models.TextField("как записано", blank=True)
    file = models.FileField("файл", upload_to=document_upload_to, blank=True, max_length=500)
    original_name = models.CharField(
        "имя файла",
        max_length=500,
        blank=True,
        help_text="Как файл назывался у того, кто его загрузил; с этим именем он и скачивается",
    )
    url = models.URLField("ссылка", blank=True, max_length=1000)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто загрузил",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="загружен")
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "подтверждающий документ"
        verbose_name_plural = "подтверждающие документы"
        ordering = ["execution", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url="") | ~Q(text="") | ~Q(title=""),
                name="document_is_not_empty",
            )
        ]

    def __str__(self) -> str:
        parts = [self.get_kind_display().capitalize()]
        if self.date:
            parts.append(f"от {self.date:%d.%m.%Y}")
        if self.number:
            parts.append(f"№ {self.number}")
        if self.title:
            parts.append(f"«{self.title}»")
        return " ".join(parts)

    @property
    def file_name(self) -> str:
        """The name to show and to download the file by: the one it was uploaded with."""
        return self.original_name or PurePath(self.file.name or "").name


class EvidenceRule(models.Model):
    """How many documents of a kind prove one occurrence of a kind of activity (seed 000).

    Rows without a region are the defaults every region starts from. Once a region keeps
    rows of its own for a kind of activity, those replace the defaults for that kind; a
    single row with `min_count` 0 says the region requires nothing for it. An empty
    `document_kind` means a document of any kind.
    """

    region = models.ForeignKey(
        "registry.Region",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_rules",
        help_text="Пусто — правило по умолчанию для всех регионов",
        verbose_name="регион",
    )
    activity_type = models.CharField("вид мероприятия", max_length=32, choices=ActivityType)
    document_kind = models.CharField(
        "вид документа", max_length=32, choices=Document.Kind, blank=True
    )
    min_count = models.PositiveSmallIntegerField("не менее, шт.", default=1)

    class Meta:
        verbose_name = "правило подтверждения"
        verbose_name_plural = "правила подтверждения"
        ordering = ["region", "activity_type", "document_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "activity_type", "document_kind"],
                name="evidence_rule_once_per_region",
            ),
            models.UniqueConstraint(
                fields=["activity_type", "document_kind"],
                condition=Q(region__isnull=True),
                name="evidence_rule_default_once",
            ),
            models.CheckConstraint(
                condition=Q(min_count__lte=100), name="evidence_rule_count_sane"
            ),
        ]

    def __str__(self) -> str:
        kind = self.get_document_kind_display() or "любой документ"
        return f"{self.get_activity_type_display()}: {kind} × {self.min_count}"


class EvidenceCount(models.Model):
    """An activity's evidence scored against the rules: a count table, so that dashboards sum
    it in SQL instead of scoring every occurrence's documents on every view.

    The services that write executions, documents and rules refresh it in their transaction
    (`execution.services.evidence_refresh`). What it holds does not depend on the activity's
    status (readers apply it, see `execution.selectors`), only on its kind; `activity_type`
    and `title` are those it was scored for, so a row outlived by an edit of the activity
    (made in `plans`, below this app) no longer matches and is scored afresh when read. A
    change of the default rules or of how a kind is guessed from a title needs a migration
    that refreshes every row.
    """

    activity = models.OneToOneField(
        "plans.Activity",
        models.CASCADE,
        primary_key=True,
        related_name="evidence_count",
        verbose_name="мероприятие",
    )
    done = models.PositiveIntegerField("документов есть", default=0)
    needed = models.PositiveIntegerField("документов требуется", default=0)
    # What one occurrence requires: an activity marked done with none recorded lacks it all.
    bare = models.PositiveIntegerField("требуется на одно проведение", default=0)
    executions = models.PositiveIntegerField("проведений", default=0)
    activity_type = models.CharField("вид мероприятия при подсчёте", max_length=32, blank=True)
    title = models.TextField("название мероприятия при подсчёте", blank=True)

    class Meta:
        verbose_name = "полнота документов мероприятия"
        verbose_name_plural = "полнота документов мероприятий"

    def __str__(self) -> str:
        return f"{self.done} из {self.needed}"
