"""Assessment results and social context of schools, and the identification runs built on them."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.db.models import F, Q

from orientir.accounts.scope import TerritoryQuerySet
from orientir.registry.models import AcademicYear, Organisation, Region, SchoolStatus


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

    school = models.ForeignKey(Organisation, models.CASCADE, related_name="assessment_results")
    academic_year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="+")
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
    school = models.ForeignKey(Organisation, models.CASCADE, related_name="context_values")
    academic_year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="+")
    indicator = models.ForeignKey(ContextIndicator, models.PROTECT, related_name="values")
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


class RunQuerySet(TerritoryQuerySet["IdentificationRun"]):
    """A run covers a whole region: only regional users (and superusers) see it."""

    region_path = "region"
    municipality_path = None
    school_path = None


class IdentificationRun(models.Model):
    """One application of the identification method to a region and year, kept as it was."""

    region = models.ForeignKey(Region, models.PROTECT, related_name="identification_runs")
    academic_year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="+")
    settings = models.JSONField("настройки")
    data = models.JSONField("прочитанные данные", default=dict)
    created_at = models.DateTimeField("выполнен", auto_now_add=True)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField("утверждён", null=True, blank=True)
    approved_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approval_basis = models.CharField("реквизиты утверждения", max_length=500, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = "расчёт идентификации"
        verbose_name_plural = "расчёты идентификации"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Идентификация № {self.pk} за {self.academic_year} ({self.region})"


class RunSchoolQuerySet(SchoolDataQuerySet["RunSchool"]):
    pass


class RunSchool(models.Model):
    """A school's flags in one run, with the numbers that raised them."""

    run = models.ForeignKey(IdentificationRun, models.CASCADE, related_name="schools")
    school = models.ForeignKey(Organisation, models.CASCADE, related_name="identifications")
    flags = models.JSONField("признаки", default=list)
    explain = models.JSONField("пояснение", default=dict)

    objects = RunSchoolQuerySet.as_manager()

    class Meta:
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

    run = models.ForeignKey(IdentificationRun, models.CASCADE, related_name="status_changes")
    school = models.ForeignKey(Organisation, models.CASCADE, related_name="+")
    status = models.CharField("статус", max_length=32, choices=SchoolStatus.Status)
    change = models.CharField("изменение", max_length=8, choices=Change)
    school_status = models.ForeignKey(
        SchoolStatus, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed = models.BooleanField("предложено расчётом")
    reason = models.CharField("причина", max_length=1000, blank=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "изменение статуса по расчёту"
        verbose_name_plural = "изменения статусов по расчётам"
        constraints = [
            models.UniqueConstraint(
                fields=["run", "school", "status"], name="status_change_once_per_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_status_display()} {self.get_change_display()}"


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

    school = models.ForeignKey(Organisation, models.CASCADE, related_name="risk_assessments")
    academic_year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="+")
    factor = models.CharField("фактор риска", max_length=32, choices=RiskFactor)
    level = models.CharField("уровень", max_length=8, choices=RiskLevel)
    note = models.CharField("комментарий", max_length=500, blank=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    updated_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
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
