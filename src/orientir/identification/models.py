"""Identification runs: one application of the method to a region and year, kept as it was.

The tables keep the names they were created with under `results` (see migration 0001).
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models

from orientir.accounts.scope import TerritoryQuerySet
from orientir.registry.models import AcademicYear, Organisation, Region, SchoolStatus
from orientir.results.models import SchoolDataQuerySet


class RunQuerySet(TerritoryQuerySet["IdentificationRun"]):
    """A run covers a whole region: only regional users (and superusers) see it."""

    region_path = "region"
    municipality_path = None
    school_path = None


class IdentificationRun(models.Model):
    """One application of the identification method to a region and year, kept as it was."""

    region = models.ForeignKey(
        Region, models.PROTECT, related_name="identification_runs", verbose_name="регион"
    )
    academic_year = models.ForeignKey(
        AcademicYear, models.PROTECT, related_name="+", verbose_name="учебный год"
    )
    settings = models.JSONField("настройки")
    data = models.JSONField("прочитанные данные", default=dict)
    created_at = models.DateTimeField("выполнен", auto_now_add=True)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто выполнил",
    )
    approved_at = models.DateTimeField("утверждён", null=True, blank=True)
    approved_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто утвердил",
    )
    approval_basis = models.CharField("реквизиты утверждения", max_length=500, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        db_table = "results_identificationrun"
        verbose_name = "расчёт идентификации"
        verbose_name_plural = "расчёты идентификации"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Идентификация № {self.pk} за {self.academic_year} ({self.region})"


class RunSchoolQuerySet(SchoolDataQuerySet["RunSchool"]):
    pass


class RunSchool(models.Model):
    """A school's flags in one run, with the numbers that raised them."""

    run = models.ForeignKey(
        IdentificationRun, models.CASCADE, related_name="schools", verbose_name="расчёт"
    )
    school = models.ForeignKey(
        Organisation, models.CASCADE, related_name="identifications", verbose_name="школа"
    )
    flags = models.JSONField("признаки", default=list)
    explain = models.JSONField("пояснение", default=dict)

    objects = RunSchoolQuerySet.as_manager()

    class Meta:
        db_table = "results_runschool"
        verbose_name = "школа в расчёте"
        verbose_name_plural = "школы в расчёте"
        constraints = [
            models.UniqueConstraint(fields=["run", "school"], name="run_school_once"),
        ]

    def __str__(self) -> str:
        return f"{self.school} в расчёте № {self.run_id}"


class StatusChangeQuerySet(SchoolDataQuerySet["StatusChange"]):
    pass


class StatusChange(models.Model):
    """What approving a run did to a school's status for the year, and why a person chose it."""

    class Change(models.TextChoices):
        ADDED = "added", "включена"
        REMOVED = "removed", "исключена"
        KEPT = "kept", "сохранена"

    run = models.ForeignKey(
        IdentificationRun, models.CASCADE, related_name="status_changes", verbose_name="расчёт"
    )
    school = models.ForeignKey(Organisation, models.CASCADE, related_name="+", verbose_name="школа")
    status = models.CharField("статус", max_length=32, choices=SchoolStatus.Status)
    change = models.CharField("изменение", max_length=8, choices=Change)
    school_status = models.ForeignKey(
        SchoolStatus,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="статус школы",
    )
    proposed = models.BooleanField("предложено расчётом")
    reason = models.CharField("причина", max_length=1000, blank=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        db_table = "results_statuschange"
        verbose_name = "изменение статуса по расчёту"
        verbose_name_plural = "изменения статусов по расчётам"
        constraints = [
            models.UniqueConstraint(
                fields=["run", "school", "status"], name="status_change_once_per_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_status_display()} {self.get_change_display()}"
