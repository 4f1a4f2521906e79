"""The shared test territory and its people.

Region «Южная область» with two municipalities:

- Лесной район: СОШ № 4 (ШНОР, target), СОШ № 6 (leader); road map, programme of СОШ № 4;
- город Приморск: СОШ № 12 (ШНСУ); its own road map and programme.

Personas: alice the regional coordinator, anna the regional analyst, carl the curator of
Лесной район, bob the municipal coordinator of Лесной район, mike the municipal
coordinator of Приморск (the outsider), sam the manager of СОШ № 4, sara of СОШ № 6 (same
municipality, other school), tom of СОШ № 12.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from django.apps import apps as django_apps
from django.test import TestCase

from orientir.accounts.models import User
from orientir.accounts.roles import Role
from orientir.execution.models import Document, Execution
from orientir.plans.models import Activity, Plan, Section
from orientir.registry.models import (
    AcademicYear,
    Assignment,
    Municipality,
    Organisation,
    Person,
    Region,
    SchoolStatus,
)

PASSWORD = "пароль-для-тестов"


def make_school(municipality: Municipality, number: str, code: str) -> Organisation:
    return Organisation.objects.create(
        kind=Organisation.Kind.SCHOOL,
        name=f"Муниципальное бюджетное общеобразовательное учреждение СОШ № {number}",
        short_name=f"МБОУ СОШ № {number}",
        region=municipality.region,
        municipality=municipality,
        code=code,
        number=number,
        school_type=Organisation.SchoolType.SOSH,
        settlement=Organisation.Settlement.RURAL,
    )


def make_user(username: str, role: str, **territory: object) -> User:
    user = User(username=username, role=role, first_name=username.capitalize(), **territory)
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    return user


def make_plan(
    kind: str, title: str, owner: Organisation, year: AcademicYear, **where: object
) -> Plan:
    return Plan.objects.create(
        kind=kind,
        title=title,
        region=owner.region,
        owner=owner,
        first_year=year,
        last_year=year,
        **where,
    )


def make_activity(plan: Plan, number: str, title: str, deadline: str, **fields: object) -> Activity:
    section = Section.objects.get_or_create(
        plan=plan, number="1.", title="Организационные мероприятия"
    )[0]
    activity = Activity(
        plan=plan,
        section=section,
        academic_year=plan.first_year,
        number=number,
        title=title,
        position=plan.activities.count(),
        **fields,
    )
    activity.set_deadline(deadline)
    activity.save()
    return activity


def make_evidence(activity: Activity, number: str) -> tuple[Execution, Document]:
    execution = Execution.objects.create(
        activity=activity,
        date=dt.date(2018, 9, 12),
        description="Семинар в актовом зале школы",
        audience="заместители директоров",
        participants=24,
    )
    document = Document.objects.create(
        plan=activity.plan,
        execution=execution,
        kind=Document.Kind.ORDER,
        number=number,
        date=dt.date(2018, 9, 3),
        title="О проведении муниципального семинара",
    )
    return execution, document


def build_territory(target: Any) -> None:
    """Create the shared territory and set its objects as attributes of `target`."""
    target.year = AcademicYear.objects.create(start_year=2018)
    target.region = Region.objects.create(name="Южная область", code="99")
    target.forest = Municipality.objects.create(region=target.region, name="Лесной район")
    target.seaside = Municipality.objects.create(
        region=target.region, name="город Приморск", kind=Municipality.Kind.URBAN_DISTRICT
    )
    target.ministry = Organisation.objects.create(
        kind=Organisation.Kind.MINISTRY,
        name="Министерство образования Южной области",
        short_name="Министерство",
        region=target.region,
    )
    target.forest_authority = Organisation.objects.create(
        kind=Organisation.Kind.MUNICIPAL_AUTHORITY,
        name="Управление образованием Лесного района",
        short_name="УО Лесного района",
        region=target.region,
        municipality=target.forest,
    )
    target.seaside_authority = Organisation.objects.create(
        kind=Organisation.Kind.MUNICIPAL_AUTHORITY,
        name="Управление образования города Приморска",
        short_name="УО г. Приморска",
        region=target.region,
        municipality=target.seaside,
    )
    target.school4 = make_school(target.forest, "4", "99-0104")
    target.school6 = make_school(target.forest, "6", "99-0106")
    target.school12 = make_school(target.seaside, "12", "99-0212")
    SchoolStatus.objects.create(
        school=target.school4, academic_year=target.year, status="low_results"
    )
    SchoolStatus.objects.create(school=target.school6, academic_year=target.year, status="leader")
    SchoolStatus.objects.create(
        school=target.school12, academic_year=target.year, status="adverse_conditions"
    )

    target.alice = make_user("alice", Role.REGIONAL_COORDINATOR, region=target.region)
    target.anna = make_user("anna", Role.REGIONAL_ANALYST, region=target.region)
    carl_person = Person.objects.create(
        full_name="Карпов Андрей Ильич", short_name="Карпов А.И.", position="методист ИРО"
    )
    target.carl = make_user("carl", Role.CURATOR, region=target.region, person=carl_person)
    Assignment.objects.create(
        person=carl_person,
        role=Assignment.Role.CURATOR,
        municipality=target.forest,
        academic_year=target.year,
    )
    target.bob = make_user("bob", Role.MUNICIPAL_COORDINATOR, municipality=target.forest)
    target.mike = make_user("mike", Role.MUNICIPAL_COORDINATOR, municipality=target.seaside)
    target.sam = make_user("sam", Role.SCHOOL_MANAGER, organisation=target.school4)
    target.sara = make_user("sara", Role.SCHOOL_MANAGER, organisation=target.school6)
    target.tom = make_user("tom", Role.SCHOOL_MANAGER, organisation=target.school12)

    target.regional_plan = make_plan(
        Plan.Kind.REGIONAL_PLAN, "План мероприятий по поддержке школ", target.ministry, target.year
    )
    target.forest_roadmap = make_plan(
        Plan.Kind.ROADMAP,
        "Дорожная карта Лесного района",
        target.forest_authority,
        target.year,
        municipality=target.forest,
    )
    target.seaside_roadmap = make_plan(
        Plan.Kind.ROADMAP,
        "Дорожная карта города Приморска",
        target.seaside_authority,
        target.year,
        municipality=target.seaside,
    )
    target.programme4 = make_plan(
        Plan.Kind.SCHOOL_PROGRAMME,
        "Программа перехода СОШ № 4",
        target.school4,
        target.year,
        municipality=target.forest,
        school=target.school4,
    )
    target.programme12 = make_plan(
        Plan.Kind.SCHOOL_PROGRAMME,
        "Программа перехода СОШ № 12",
        target.school12,
        target.year,
        municipality=target.seaside,
        school=target.school12,
    )
    target.forest_activity = make_activity(
        target.forest_roadmap,
        "1.1.",
        "Муниципальный семинар по программам перехода",
        "Сентябрь 2018 года",
    )
    target.seaside_activity = make_activity(
        target.seaside_roadmap, "1.1.", "Совещание с руководителями ШНСУ", "до 1 ноября"
    )
    target.programme4_activity = make_activity(
        target.programme4, "1.", "Анализ результатов ВПР", "Август-сентябрь"
    )
    target.programme12_activity = make_activity(
        target.programme12, "1.", "Анализ социального паспорта школы", "октябрь"
    )
    target.forest_execution, target.forest_document = make_evidence(target.forest_activity, "237")
    target.seaside_execution, target.seaside_document = make_evidence(
        target.seaside_activity, "161"
    )


# The data migrations whose rows every test may expect: (module, forward function).
MIGRATION_DATA = [
    ("orientir.execution.migrations.0003_default_evidence_rules", "seed"),
    ("orientir.results.migrations.0002_builtin_indicators", "load_catalogue"),
]


def reseed_migration_data() -> None:
    """Put back what the data migrations wrote, after a TransactionTestCase emptied the tables.

    The suite runs on several workers, so a test that relies on the default evidence rules or
    the built-in indicators may run after such a test on the same worker. (Django's
    `serialized_rollback` reloads the whole database instead, and collides with the content
    types already there.)
    """
    for module, function in MIGRATION_DATA:
        getattr(importlib.import_module(module), function)(django_apps, None)


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        build_territory(cls)
