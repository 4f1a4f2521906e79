"""What the documents out keep: background exports, and the reporting calendar.

An `ExportJob` is our own record of one background export, beside the queue's row
(`django_tasks_db.DBTaskResult`, by `task_id`): it says whose region and year it is, how far
it got in Russian words, the finished file, or the Russian reason it failed. Pages read the
job, never the queue, so what they show does not depend on the backend.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from orientir.accounts.scope import TerritoryQuerySet
from orientir.lib.filenames import stored_name
from orientir.registry.models import AcademicYear, Municipality, Organisation, Region, SchoolStatus

# A running job's worker writes its heartbeat this often; one silent for STALE_AFTER is taken
# as killed (its worker died without a word) and shown as failed.
HEARTBEAT_SECONDS = 20
STALE_AFTER = dt.timedelta(seconds=6 * HEARTBEAT_SECONDS)
KILLED = (
    "Выгрузка прервалась: фоновый обработчик остановился, не закончив её. "
    "Запустите выгрузку ещё раз."
)


class ExportJobQuerySet(TerritoryQuerySet["ExportJob"]):
    # A region's job is seen by those who see the whole region (the territory rule: it has no
    # municipality, and it is not shared down).
    region_path = "region"

    def stale(self, now: dt.datetime) -> ExportJobQuerySet:
        """Return running jobs whose worker has been silent too long to be alive."""
        silent = now - STALE_AFTER
        return self.filter(state=ExportJob.State.RUNNING).filter(
            Q(heartbeat_at__lt=silent) | Q(heartbeat_at__isnull=True, started_at__lt=silent)
        )


def export_upload_to(instance: ExportJob, filename: str) -> str:
    return f"exports/{instance.region_id}/{instance.pk}{filename[filename.rfind('.') :]}"


class ExportJob(models.Model):
    """One background export: requested, running with its stage, done with a file, or failed."""

    class Kind(models.TextChoices):
        REGION_REPORT = "region_report", "сводный отчёт региона"
        COLLECTION = "collection", "методический сборник"

    class State(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "выполняется"
        DONE = "done", "готово"
        FAILED = "failed", "не удалось"

    kind = models.CharField("документ", max_length=30, choices=Kind.choices)
    fmt = models.CharField("формат", max_length=10, default="xlsx")
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="export_jobs", verbose_name="регион"
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name="учебный год"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="кто заказал",
    )
    base_url = models.CharField("адрес сайта для ссылок", max_length=300)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.QUEUED, verbose_name="состояние"
    )
    progress = models.PositiveSmallIntegerField("готовность, %", default=0)
    stage = models.CharField("этап", max_length=200, blank=True)
    error = models.TextField("причина неудачи", blank=True)
    task_id = models.CharField("задача в очереди", max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="заказана")
    started_at = models.DateTimeField(null=True, blank=True, verbose_name="начата")
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, verbose_name="последний признак работы"
    )
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name="закончена")
    file = models.FileField(
        upload_to=export_upload_to, blank=True, max_length=300, verbose_name="файл"
    )
    file_name = models.CharField("имя файла", max_length=300, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "фоновая выгрузка"
        verbose_name_plural = "фоновые выгрузки"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="export_job_progress_percent"
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | ~Q(file=""), name="export_job_done_has_file"
            ),
            models.CheckConstraint(
                condition=~Q(state="failed") | ~Q(error=""), name="export_job_failure_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} за {self.academic_year} ({self.get_state_display()})"

    def is_stale(self, now: dt.datetime) -> bool:
        beat = self.heartbeat_at or self.started_at
        return self.state == self.State.RUNNING and (beat is None or beat < now - STALE_AFTER)

    def shown_state(self, now: dt.datetime) -> str:
        """The state a page shows: a running job whose worker fell silent has failed."""
        return self.State.FAILED if self.is_stale(now) else self.state

    def shown_error(self, now: dt.datetime) -> str:
        return KILLED if self.is_stale(now) else self.error

    @property
    def shown_label(self) -> str:
        return str(self.State(self.shown_state(timezone.now())).label)


# ---------------------------------------------------------------------------------------
# The reporting calendar (seed 000, «Отчетные документы и сроки»)
# ---------------------------------------------------------------------------------------

# The school statuses that make a school a target school, owing what target schools owe.
TARGET_STATUSES = (SchoolStatus.Status.LOW_RESULTS, SchoolStatus.Status.ADVERSE_CONDITIONS)


class ReportingDutyQuerySet(TerritoryQuerySet["ReportingDuty"]):
    # What the region asks for is read by everyone in the region; each sees their own part.
    region_path = "region"
    whole_region = True


class ReportingDuty(models.Model):
    """A document the region asks for: what it must contain, by when, and who owes it."""

    class Owers(models.TextChoices):
        MUNICIPALITIES = "municipalities", "каждый муниципалитет"
        TARGET_SCHOOLS = "target_schools", "каждая целевая школа (ШНОР, ШНСУ)"

    class Export(models.TextChoices):
        """A document of Ориентир that may be handed in with one click instead of a file."""

        NONE = "", "нет: только файл"
        EXECUTION_REPORT = "execution_report", "отчёт о выполнении дорожной карты"
        PLAN = "plan", "дорожная карта муниципалитета или программа перехода школы"

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="reporting_duties", verbose_name="регион"
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name="учебный год"
    )
    title = models.CharField("документ", max_length=300)
    contents = models.TextField(
        "что должен содержать",
        blank=True,
        help_text="Например: подписывается руководителем управления образования, "
        "сдаётся в печатном и сканированном виде.",
    )
    due_date = models.DateField("срок сдачи")
    owed_by = models.CharField("кто сдаёт", max_length=20, choices=Owers.choices)
    export = models.CharField(
        "можно сдать документом Ориентира", max_length=20, choices=Export.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="кто задал",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="задано")

    objects = ReportingDutyQuerySet.as_manager()

    class Meta:
        verbose_name = "отчётный документ"
        verbose_name_plural = "отчётные документы"
        ordering = ["due_date", "title", "pk"]

    def __str__(self) -> str:
        return f"{self.title} — до {self.due_date:%d.%m.%Y}"


class SubmissionQuerySet(TerritoryQuerySet["Submission"]):
    region_path = "duty__region"
    municipality_path = "municipality"
    school_path = "school"


def submission_upload_to(instance: Submission, filename: str) -> str:
    return f"reporting/{instance.duty_id}/{stored_name(filename)}"


class Submission(models.Model):
    """One hand-in of a duty by a municipality or a school; a later one never replaces it."""

    class Source(models.TextChoices):
        UPLOAD = "upload", "загружен файл"
        EXPORT = "export", "документ Ориентира"

    duty = models.ForeignKey(
        ReportingDuty,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name="что сдаётся",
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name="муниципалитет"
    )
    school = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="школа",
    )
    file = models.FileField(upload_to=submission_upload_to, max_length=500, verbose_name="файл")
    original_name = models.CharField("имя файла", max_length=500)
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.UPLOAD, verbose_name="откуда"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="кто сдал",
    )
    submitted_at = models.DateTimeField(default=timezone.now, verbose_name="когда сдан")

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "сданный документ"
        verbose_name_plural = "сданные документы"
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.duty.title}: {self.original_name}"

    @property
    def on_time(self) -> bool:
        return timezone.localdate(self.submitted_at) <= self.duty.due_date


# ---------------------------------------------------------------------------------------
# The methodological collection (seed 000, item 13): each municipality's model of work
# ---------------------------------------------------------------------------------------


class ModelDescriptionQuerySet(TerritoryQuerySet["ModelDescription"]):
    region_path = "municipality__region"
    municipality_path = "municipality"


class ModelDescription(models.Model):
    """A municipality's 2–3 page description of its model of work, for one academic year."""

    class Source(models.TextChoices):
        TEXT = "text", "написано в Ориентире"
        DOCX = "docx", "загружено из Word"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name="муниципалитет"
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name="учебный год"
    )
    text = models.TextField("описание модели")
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.TEXT, verbose_name="откуда текст"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="кто изменил",
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name="изменено")

    objects = ModelDescriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "описание модели муниципалитета"
        verbose_name_plural = "описания моделей муниципалитетов"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "academic_year"], name="one_model_description_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"Модель работы: {self.municipality} ({self.academic_year})"
