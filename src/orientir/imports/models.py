"""What was imported from which file, so that a second import of it does not duplicate."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportRecord(models.Model):
    """One import of a document: its file's hash, the plan it wrote to and what changed."""

    class Mode(models.TextChoices):
        CREATED = "created", "план создан"
        UPDATED = "updated", "план обновлён"
        REPORT = "report", "отчёт добавлен к плану"

    plan = models.ForeignKey(
        "plans.Plan", models.CASCADE, related_name="import_records", verbose_name="план"
    )
    file_name = models.CharField("файл", max_length=500, blank=True)
    file_hash = models.CharField("SHA-256 файла", max_length=64, blank=True, db_index=True)
    kind = models.CharField("вид документа", max_length=32)
    title = models.CharField("название документа", max_length=1000, blank=True)
    mode = models.CharField("что сделано", max_length=16, choices=Mode)
    changes = models.JSONField("изменения", default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто импортировал",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="когда")

    class Meta:
        verbose_name = "импорт документа"
        verbose_name_plural = "импорты документов"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name or self.title} → {self.plan_id}"


class SavedColumnLayout(models.Model):
    """The columns a user named for a document whose header was not recognised.

    Kept per territory and per fingerprint of the table's header (its width and words), so
    the next document of the same form from the same territory is read the same way.
    """

    region = models.ForeignKey(
        "registry.Region", models.CASCADE, related_name="+", verbose_name="регион"
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="муниципалитет",
    )
    school = models.ForeignKey(
        "registry.Organisation",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="школа",
    )
    fingerprint = models.CharField("отпечаток заголовка", max_length=64, db_index=True)
    columns = models.JSONField("столбцы (поле → номер столбца с 1)", default=dict)
    header_rows = models.PositiveSmallIntegerField("строк заголовка", default=1)
    labels = models.JSONField("заголовки столбцов", default=list, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто сохранил",
    )
    saved_at = models.DateTimeField("когда сохранена", auto_now=True)

    class Meta:
        verbose_name = "схема столбцов импорта"
        verbose_name_plural = "схемы столбцов импорта"
        ordering = ["-saved_at", "-pk"]

    def __str__(self) -> str:
        return ", ".join(f"{name}={column}" for name, column in self.columns.items())
