"""Target indicators of a plan with planned and actual values per academic year."""

from __future__ import annotations

from decimal import Decimal

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
    # The code of a source Ориентир computes the actual value from (dashboards.computed);
    # empty: the keeper enters it. The upper layer checks the code against its registry.
    computed_source = models.CharField(
        "вычисляется из данных Ориентира", max_length=64, blank=True, default=""
    )

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
    actual_source = models.CharField("источник факта", max_length=300, blank=True)
    actual_date = models.DateField("дата измерения", null=True, blank=True)

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
        return achieved(self.planned, self.actual, self.indicator.direction)

    @property
    def achievement(self) -> str | None:
        return achievement(self.planned, self.actual, self.indicator.direction)

    @property
    def achievement_label(self) -> str:
        return ACHIEVEMENT_LABELS.get(self.achievement or "", "")


def achieved(planned: Decimal | None, actual: Decimal | None, direction: str) -> bool | None:
    """Whether `actual` meets `planned` in `direction`; None without both values."""
    if planned is None or actual is None:
        return None
    if direction == Indicator.Direction.DECREASE:
        return actual <= planned
    if direction == Indicator.Direction.KEEP:
        return actual == planned
    return actual >= planned


def achievement(planned: Decimal | None, actual: Decimal | None, direction: str) -> str | None:
    """Met, close (within 10% of the plan, short of it) or not met; None without both values.

    For «сохранить уровень» close means within 10% either side. A manual and a computed
    actual value are judged by this same rule.
    """
    met = achieved(planned, actual, direction)
    if met is None:
        return None
    if met:
        return MET
    assert planned is not None and actual is not None
    margin = abs(planned) * CLOSE_SHARE
    return CLOSE if abs(actual - planned) <= margin else NOT_MET


MET, CLOSE, NOT_MET = "met", "close", "not_met"
CLOSE_SHARE = Decimal("0.1")
ACHIEVEMENT_LABELS = {MET: "достигнуто", CLOSE: "близко к плану", NOT_MET: "не достигнуто"}
