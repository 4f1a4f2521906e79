"""Target indicators of a plan with planned and actual values per academic year."""

from __future__ import annotations

from django.db import models

from orientir.accounts.scope import TerritoryQuerySet


class IndicatorQuerySet(TerritoryQuerySet["Indicator"]):
    region_path = "plan__region"
    municipality_path = "plan__municipality"
    school_path = "plan__school"
    shared_down = True
    partnership_path = "plan__partnership"


class Indicator(models.Model):
    class Group(models.TextChoices):
        FINANCIAL = "financial", "Финансовая поддержка"
        STAFF = "staff", "Кадровая поддержка"
        METHODOLOGICAL = "methodological", "Информационно-методическая поддержка"
        EDUCATIONAL_PROCESS = "educational_process", "Организация образовательного процесса"
        SAFETY = "safety", "Обеспечение безопасности"
        RESULTS = "results", "Образовательные результаты"
        OTHER = "other", "Другие показатели"

    class Direction(models.TextChoices):
        INCREASE = "increase", "чем больше, тем лучше"
        DECREASE = "decrease", "чем меньше, тем лучше"
        KEEP = "keep", "сохранить уровень"

    plan = models.ForeignKey(
        "plans.Plan", models.CASCADE, related_name="indicators", verbose_name="план"
    )
    group = models.CharField("группа", max_length=32, choices=Group, default=Group.OTHER)
    group_text = models.CharField("группа, как записана", max_length=300, blank=True)
    name = models.CharField("показатель", max_length=1000)
    unit = models.CharField("единица измерения", max_length=50, blank=True)
    direction = models.CharField(
        "направление", max_length=16, choices=Direction, default=Direction.INCREASE
    )
    position = models.PositiveIntegerField("порядок", default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "целевой показатель"
        verbose_name_plural = "целевые показатели"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="values", verbose_name="показатель"
    )
    academic_year = models.ForeignKey(
        "registry.AcademicYear", models.PROTECT, related_name="+", verbose_name="учебный год"
    )
    planned = models.DecimalField("план", max_digits=14, decimal_places=3, null=True, blank=True)
    actual = models.DecimalField("факт", max_digits=14, decimal_places=3, null=True, blank=True)

    class Meta:
        verbose_name = "значение показателя"
        verbose_name_plural = "значения показателей"
        ordering = ["indicator", "academic_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "academic_year"], name="indicator_value_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.academic_year}"

    @property
    def achieved(self) -> bool | None:
        """Say whether the actual value meets the plan, in the indicator's direction."""
        if self.planned is None or self.actual is None:
            return None
        direction = self.indicator.direction
        if direction == Indicator.Direction.DECREASE:
            return self.actual <= self.planned
        if direction == Indicator.Direction.KEEP:
            return self.actual == self.planned
        return self.actual >= self.planned
