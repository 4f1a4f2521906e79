"""Territories, organisations and people, academic years, statuses, partnerships, assignments."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from orientir.accounts.scope import TerritoryQuerySet


class RegionQuerySet(TerritoryQuerySet["Region"]):
    """A region is the frame of everything else: everybody in it sees it."""

    region_path = ""
    whole_region = True


class Region(models.Model):
    name = models.CharField("название", max_length=200, unique=True)
    code = models.CharField("код региона", max_length=3, unique=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "регион"
        verbose_name_plural = "регионы"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(TerritoryQuerySet["Municipality"]):
    region_path = "region"
    municipality_path = ""
    school_path = None


class Municipality(models.Model):
    class Kind(models.TextChoices):
        URBAN_DISTRICT = "urban_district", "городской округ"
        MUNICIPAL_DISTRICT = "municipal_district", "муниципальный район"
        MUNICIPAL_OKRUG = "municipal_okrug", "муниципальный округ"

    region = models.ForeignKey(
        Region, models.PROTECT, related_name="municipalities", verbose_name="регион"
    )
    name = models.CharField("название", max_length=200)
    kind = models.CharField("вид", max_length=32, choices=Kind, default=Kind.MUNICIPAL_DISTRICT)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(TerritoryQuerySet["Organisation"]):
    region_path = "region"
    municipality_path = "municipality"
    school_path = ""

    def schools(self) -> OrganisationQuerySet:
        return self.filter(kind=Organisation.Kind.SCHOOL)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", "министерство"
        ASSESSMENT_CENTRE = "assessment_centre", "центр оценки качества образования"
        DEVELOPMENT_INSTITUTE = "development_institute", "институт развития образования"
        MUNICIPAL_AUTHORITY = "municipal_authority", "муниципальный орган управления образованием"
        METHODOLOGICAL_CENTRE = "methodological_centre", "методический центр"
        SCHOOL = "school", "общеобразовательная организация"
        UNIVERSITY = "university", "вуз или колледж"
        OTHER = "other", "другая организация"

    class SchoolType(models.TextChoices):
        SOSH = "sosh", "СОШ"
        OOSH = "oosh", "ООШ"
        NOSH = "nosh", "НОШ"
        LYCEUM = "lyceum", "лицей"
        GYMNASIUM = "gymnasium", "гимназия"
        EDUCATION_CENTRE = "education_centre", "центр образования"
        BOARDING = "boarding", "школа-интернат"
        SPECIAL = "special", "коррекционная школа"
        EVENING = "evening", "вечерняя (сменная) школа"

    class Settlement(models.TextChoices):
        URBAN = "urban", "городская"
        RURAL = "rural", "сельская"

    kind = models.CharField("вид", max_length=32, choices=Kind)
    name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="organisations", verbose_name="регион"
    )
    municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name="муниципалитет",
    )
    code = models.CharField(
        "код", max_length=32, blank=True, help_text="Код школы в файлах результатов и контекста"
    )
    number = models.CharField("номер", max_length=20, blank=True)
    school_type = models.CharField("тип школы", max_length=32, choices=SchoolType, blank=True)
    settlement = models.CharField("местность", max_length=8, choices=Settlement, blank=True)
    locality = models.CharField("населённый пункт", max_length=200, blank=True)
    head_name = models.CharField("руководитель", max_length=200, blank=True)
    website = models.URLField("сайт", blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["municipality__name", "short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "code"], condition=~Q(code=""), name="organisation_unique_code"
            ),
            models.CheckConstraint(
                condition=~Q(kind="school") | Q(municipality__isnull=False),
                name="school_has_municipality",
            ),
            models.CheckConstraint(
                condition=~Q(kind="municipal_authority") | Q(municipality__isnull=False),
                name="municipal_authority_has_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def is_school(self) -> bool:
        return self.kind == self.Kind.SCHOOL


class Person(models.Model):
    full_name = models.CharField("ФИО", max_length=200)
    short_name = models.CharField("фамилия и инициалы", max_length=100, help_text="Карпенко Н.В.")
    position = models.CharField("должность", max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name="организация",
    )
    email = models.EmailField("электронная почта", blank=True)
    phone = models.CharField("телефон", max_length=50, blank=True)

    class Meta:
        verbose_name = "человек"
        verbose_name_plural = "люди"
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.short_name or self.full_name


class AcademicYear(models.Model):
    """An academic year, 1 September to 31 August; `start_year` 2018 is 2018/2019."""

    start_year = models.PositiveSmallIntegerField("год начала", unique=True)

    class Meta:
        verbose_name = "учебный год"
        verbose_name_plural = "учебные годы"
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__gte=1990) & Q(start_year__lte=2100),
                name="academic_year_sane",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    @property
    def starts(self) -> dt.date:
        return dt.date(self.start_year, 9, 1)

    @property
    def ends(self) -> dt.date:
        return dt.date(self.start_year + 1, 8, 31)

    @classmethod
    def containing(cls, day: dt.date) -> int:
        """Return the start year of the academic year that contains `day`."""
        return day.year if day.month >= 9 else day.year - 1


class SchoolStatusQuerySet(TerritoryQuerySet["SchoolStatus"]):
    region_path = "school__region"
    municipality_path = "school__municipality"
    school_path = "school"


class SchoolStatus(models.Model):
    """A school's place in the programme for one academic year; several may hold at once."""

    class Status(models.TextChoices):
        LOW_RESULTS = "low_results", "ШНОР"
        ADVERSE_CONDITIONS = "adverse_conditions", "ШНСУ"
        LEADER = "leader", "школа-лидер"
        BASE = "base", "базовая школа"
        INTERNSHIP_SITE = "internship_site", "стажировочная площадка"
        PILOT_SITE = "pilot_site", "пилотная площадка"

    class Basis(models.TextChoices):
        ORDER = "order", "приказ"
        IDENTIFICATION = "identification", "результаты идентификации"

    school = models.ForeignKey(
        Organisation, models.CASCADE, related_name="statuses", verbose_name="школа"
    )
    academic_year = models.ForeignKey(
        AcademicYear, models.PROTECT, related_name="+", verbose_name="учебный год"
    )
    status = models.CharField("статус", max_length=32, choices=Status)
    basis = models.CharField("основание", max_length=32, choices=Basis, default=Basis.ORDER)
    basis_text = models.CharField(
        "реквизиты основания", max_length=500, blank=True, help_text="Приказ от 11.07.2018 № 241"
    )

    objects = SchoolStatusQuerySet.as_manager()

    class Meta:
        verbose_name = "статус школы"
        verbose_name_plural = "статусы школ"
        ordering = ["academic_year__start_year", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "status"], name="school_status_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.academic_year}"

    @property
    def is_target(self) -> bool:
        return self.status in TARGET_STATUSES


TARGET_STATUSES = (SchoolStatus.Status.LOW_RESULTS, SchoolStatus.Status.ADVERSE_CONDITIONS)
SUPPORT_STATUSES = (
    SchoolStatus.Status.LEADER,
    SchoolStatus.Status.BASE,
    SchoolStatus.Status.INTERNSHIP_SITE,
    SchoolStatus.Status.PILOT_SITE,
)


class PartnershipQuerySet(TerritoryQuerySet["Partnership"]):
    region_path = "target__region"
    municipality_path = "target__municipality"
    school_path = ("target", "leader")


class Partnership(models.Model):
    """A leader school supporting a target school under a partnership agreement."""

    leader = models.ForeignKey(
        Organisation, models.PROTECT, related_name="led_partnerships", verbose_name="школа-лидер"
    )
    target = models.ForeignKey(
        Organisation,
        models.PROTECT,
        related_name="partnerships",
        verbose_name="школа, которой помогают",
    )
    first_year = models.ForeignKey(
        AcademicYear, models.PROTECT, related_name="+", verbose_name="с учебного года"
    )
    last_year = models.ForeignKey(
        AcademicYear,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="по учебный год",
    )
    agreement_number = models.CharField("номер соглашения", max_length=50, blank=True)
    agreement_date = models.DateField("дата соглашения", null=True, blank=True)
    agreement_title = models.CharField("соглашение", max_length=500, blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = "партнёрство"
        verbose_name_plural = "партнёрства"
        constraints = [
            models.CheckConstraint(
                condition=~Q(leader=models.F("target")), name="partnership_two_schools"
            ),
            models.UniqueConstraint(
                fields=["leader", "target", "first_year"], name="partnership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader} → {self.target}"


class AssignmentQuerySet(TerritoryQuerySet["Assignment"]):
    # The region of what the person is assigned to: a curator from the institute may
    # have no organisation recorded, and still belongs to the region of their schools.
    region_path = ("municipality__region", "school__region", "mentee__organisation__region")
    municipality_path = ("municipality", "school__municipality")
    school_path = "school"


class Assignment(models.Model):
    """A person attached as curator, mentor, tutor or coordinator to a territory or a person."""

    class Role(models.TextChoices):
        CURATOR = "curator", "куратор"
        MENTOR = "mentor", "наставник"
        TUTOR = "tutor", "тьютор"
        COORDINATOR = "coordinator", "координатор"

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="assignments", verbose_name="человек"
    )
    role = models.CharField("роль", max_length=16, choices=Role)
    municipality = models.ForeignKey(
        Municipality,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name="муниципалитет",
    )
    school = models.ForeignKey(
        Organisation,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name="школа",
    )
    mentee = models.ForeignKey(
        Person,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="mentors",
        verbose_name="наставляемый",
    )
    academic_year = models.ForeignKey(
        AcademicYear, models.PROTECT, related_name="+", verbose_name="учебный год"
    )
    note = models.CharField("примечание", max_length=300, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "закрепление"
        verbose_name_plural = "закрепления"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(municipality__isnull=False, school__isnull=True, mentee__isnull=True)
                    | Q(municipality__isnull=True, school__isnull=False, mentee__isnull=True)
                    | Q(municipality__isnull=True, school__isnull=True, mentee__isnull=False)
                ),
                name="assignment_has_one_target",
            )
        ]

    def __str__(self) -> str:
        target = self.municipality or self.school or self.mentee
        return f"{self.person} — {self.get_role_display()} ({target})"
