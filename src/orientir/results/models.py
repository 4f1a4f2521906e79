"""Assessment results and social context of schools, and their «500+» risk profiles."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.db.models import F, Q

from orientir.accounts.scope import TerritoryQuerySet
from orientir.registry.models import AcademicYear, Organisation


class AssessmentKind(models.TextChoices):
    EGE = "ege", "ЕГЭ"
    OGE = "oge", "ОГЭ"
    VPR = "vpr", "ВПР"
    KDR = "kdr", "КДР"
    NIKO = "niko", "НИКО"
    OTHER = "other", "другая оценочная процедура"


class Direction(models.TextChoices):
    ADVERSE = "adverse", "чем больше, тем неблагоприятнее"
    FAVOURABLE = "favourable", "чем больше, тем благоприятнее"


# Score bands of ЕГЭ as the seeds tabulate them (seed 004), and marks 2–5 of ОГЭ, ВПР, КДР.
BAND_FIELDS = (
    "band_below_min",
    "band_upto_50",
    "band_51_60",
    "band_61_70",
    "band_71_90",
    "band_91_99",
    "band_100",
)
MARK_FIELDS = ("mark_2", "mark_3", "mark_4", "mark_5")


class SchoolDataQuerySet[M: models.Model](TerritoryQuerySet[M]):
    region_path = "school__region"
    municipality_path = "school__municipality"
    school_path = "school"


class ResultQuerySet(SchoolDataQuerySet["AssessmentResult"]):
    pass


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True)


class AssessmentResult(models.Model):
    """One school × academic year × assessment × subject × grade: a cell of IDENTIFICATION.md."""

    school = models.ForeignKey(
        Organisation, models.CASCADE, related_name="assessment_results", verbose_name="школа"
    )
    academic_year = models.ForeignKey(
        AcademicYear, models.PROTECT, related_name="+", verbose_name="учебный год"
    )
    kind = models.CharField("вид процедуры", max_length=8, choices=AssessmentKind)
    assessment = models.CharField("процедура", max_length=100, help_text="ЕГЭ, ВПР или как в файле")
    subject = models.CharField("предмет", max_length=200)
    grade = models.PositiveSmallIntegerField("класс", null=True, blank=True)
    participants = models.PositiveIntegerField("участников")
    failed = models.PositiveIntegerField("не преодолели порог / отметка «2»")
    mean_score = models.FloatField("средний балл", null=True, blank=True)
    band_below_min = _count("ниже минимального порога")
    band_upto_50 = _count("до 50 баллов")
    band_51_60 = _count("51–60 баллов")
    band_61_70 = _count("61–70 баллов")
    band_71_90 = _count("71–90 баллов")
    band_91_99 = _count("91–99 баллов")
    band_100 = _count("100 баллов")
    mark_2 = _count("отметка «2»")
    mark_3 = _count("отметка «3»")
    mark_4 = _count("отметка «4»")
    mark_5 = _count("отметка «5»")

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = "результат оценочной процедуры"
        verbose_name_plural = "результаты оценочных процедур"
        ordering = ["academic_year__start_year", "assessment", "subject", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "assessment", "subject", "grade"],
                condition=Q(grade__isnull=False),
                name="result_once_per_grade",
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year", "assessment", "subject"],
                condition=Q(grade__isnull=True),
                name="result_once_without_grade",
            ),
            models.CheckConstraint(
                condition=Q(failed__lte=F("participants")), name="result_failed_within_participants"
            ),
            models.CheckConstraint(
                condition=Q(mean_score__isnull=True) | Q(mean_score__gte=0),
                name="result_mean_score_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "school"], name="result_year_school")]

    def __str__(self) -> str:
        grade = f", {self.grade} кл." if self.grade else ""
        return f"{self.assessment} {self.academic_year}: {self.subject}{grade}"

    @property
    def failed_share(self) -> float | None:
        return self.failed / self.participants if self.participants else None


class ContextIndicator(models.Model):
    """An indicator of a school's social context; `direction` says which way is adverse."""

    code = models.SlugField("код", max_length=64, unique=True)
    name = models.CharField("название", max_length=300)
    direction = models.CharField("направление", max_length=16, choices=Direction)
    builtin = models.BooleanField("встроенный", default=False)

    class Meta:
        verbose_name = "показатель социального контекста"
        verbose_name_plural = "показатели социального контекста"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name or self.code


class ContextQuerySet(SchoolDataQuerySet["ContextValue"]):
    pass


class ContextValue(models.Model):
    school = models.ForeignKey(
        Organisation, models.CASCADE, related_name="context_values", verbose_name="школа"
    )
    academic_year = models.ForeignKey(
        AcademicYear, models.PROTECT, related_name="+", verbose_name="учебный год"
    )
    indicator = models.ForeignKey(
        ContextIndicator, models.PROTECT, related_name="values", verbose_name="показатель"
    )
    value = models.FloatField("значение")

    objects = ContextQuerySet.as_manager()

    class Meta:
        verbose_name = "значение показателя контекста"
        verbose_name_plural = "значения показателей контекста"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "indicator"], name="context_value_once"
            )
        ]
        indexes = [models.Index(fields=["academic_year", "school"], name="context_year_school")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.academic_year}: {self.value}"


class RiskFactor(models.TextChoices):
    """The risk factors of the federal «500+» risk profile of a school."""

    EQUIPMENT = "low_equipment", "Низкий уровень оснащения школы"
    TEACHER_SHORTAGE = "teacher_shortage", "Дефицит педагогических кадров"
    TEACHER_COMPETENCE = (
        "teacher_competence",
        "Недостаточная предметная и методическая компетентность педагогических работников",
    )
    ADAPTIVITY = "low_adaptivity", "Риски низкой адаптивности учебного процесса"
    INTERNAL_TRAINING = (
        "no_internal_training",
        "Несформированность внутришкольной системы повышения квалификации",
    )
    FAILURE_RISK = (
        "learning_failure_risk",
        "Высокая доля обучающихся с рисками учебной неуспешности",
    )
    LANGUAGE_BARRIERS = (
        "language_barriers",
        "Низкое качество преодоления языковых и культурных барьеров",
    )
    SCHOOL_CLIMATE = (
        "school_climate",
        "Пониженный уровень качества школьной образовательной и воспитательной среды",
    )
    SPECIAL_NEEDS = "special_needs", "Высокая доля обучающихся с ОВЗ"
    PARENT_INVOLVEMENT = "parent_involvement", "Низкий уровень вовлечённости родителей"
    MOTIVATION = "low_motivation", "Низкая учебная мотивация обучающихся"
    WELLBEING = "school_wellbeing", "Пониженный уровень школьного благополучия"
    MANAGEMENT = "management", "Низкое качество управления школой"


class RiskLevel(models.TextChoices):
    LOW = "low", "низкий"
    MEDIUM = "medium", "средний"
    HIGH = "high", "высокий"


class RiskQuerySet(SchoolDataQuerySet["RiskAssessment"]):
    pass


class RiskAssessment(models.Model):
    """One factor of a school's «500+» risk profile for a year; never mixed into the flags."""

    school = models.ForeignKey(
        Organisation, models.CASCADE, related_name="risk_assessments", verbose_name="школа"
    )
    academic_year = models.ForeignKey(
        AcademicYear, models.PROTECT, related_name="+", verbose_name="учебный год"
    )
    factor = models.CharField("фактор риска", max_length=32, choices=RiskFactor)
    level = models.CharField("уровень", max_length=8, choices=RiskLevel)
    note = models.CharField("комментарий", max_length=500, blank=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    updated_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто изменил",
    )

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = "фактор риска школы"
        verbose_name_plural = "рисковый профиль школ"
        ordering = ["academic_year__start_year", "factor"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "factor"], name="risk_once_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_factor_display()}: {self.get_level_display()} ({self.academic_year})"
