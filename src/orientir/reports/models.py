"""What the documents out keep: the long exports built in the background.

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
from orientir.registry.models import AcademicYear, Region

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

    class State(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "выполняется"
        DONE = "done", "готово"
        FAILED = "failed", "не удалось"

    kind = models.CharField("документ", max_length=30, choices=Kind.choices)
    fmt = models.CharField("формат", max_length=10, default="xlsx")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="export_jobs")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    base_url = models.CharField("адрес сайта для ссылок", max_length=300)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField("готовность, %", default=0)
    stage = models.CharField("этап", max_length=200, blank=True)
    error = models.TextField("причина неудачи", blank=True)
    task_id = models.CharField("задача в очереди", max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=export_upload_to, blank=True, max_length=300)
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
