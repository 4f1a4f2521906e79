"""Build the demo region: a fictional Kuban region with its schools, plans, evidence and users.

`build_demo` creates everything from `texts` with a seeded `random.Random`, so two builds on
the same day give the same region; deadlines are written for the academic year that
contains `today`, and whatever their deadline has passed is mostly done. The caller holds
the transaction: `orientir demo` deletes the previous region and builds the new one in one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import posixpath
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from orientir.accounts.models import User
from orientir.accounts.roles import Role
from orientir.audit.models import record
from orientir.demo import texts
from orientir.demo.cohort import make_cohort_schools
from orientir.demo.evidence import Facts, render
from orientir.demo.reporting import make_reporting
from orientir.demo.results import make_results
from orientir.execution.models import Document, Execution
from orientir.execution.services import evidence_refresh
from orientir.identification.models import IdentificationRun
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.lib.russian import month_name
from orientir.plans.deadlines import DeadlineKind
from orientir.plans.models import Activity, Plan, Section
from orientir.plans.models import today as local_today
from orientir.registry.models import (
    AcademicYear,
    Assignment,
    Municipality,
    Organisation,
    Partnership,
    Person,
    Region,
    SchoolStatus,
)
from orientir.results.models import AssessmentResult, ContextValue

DEMO_REGION_CODE = "98"  # no subject of the Russian Federation has it
DEMO_PASSWORD = "orientir"
DEMO_USERNAMES = ("region", "analyst", "curator", "municipality", "municipality2", "school")
DEMO_ADMIN = "admin"
SEED = 2398

Status = Activity.Status


class DemoError(Exception):
    """The demo cannot be built here; the message says why, in Russian."""


# --- Small helpers -----------------------------------------------------------------------


def ru_date(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def ru_date_words(day: dt.date) -> str:
    return f"{day.day} {month_name(day.month, 'genitive')} {day.year} года"


def decimal_comma(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",")


def weekday(day: dt.date, low: dt.date, high: dt.date) -> dt.date:
    """Move a Saturday or Sunday to the nearest working day inside [low, high], if any."""
    if day.weekday() < 5:
        return day
    for shift in (-1, 1, -2, 2):
        moved = day + dt.timedelta(days=shift)
        if moved.weekday() < 5 and low <= moved <= high:
            return moved
    return day


def random_day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randint(0, max((high - low).days, 0)))


@dataclass
class Names:
    """Invent people's names, each one once."""

    rng: random.Random
    used: set[str] = field(default_factory=set)

    def full_and_short(self, female: bool | None = None, unique: bool = True) -> tuple[str, str]:
        while True:
            is_female = self.rng.random() < 0.8 if female is None else female
            surname = self.rng.choice(texts.SURNAMES)
            if is_female:
                surname = _feminine(surname)
                first = self.rng.choice(texts.FEMALE_NAMES)
            else:
                first = self.rng.choice(texts.MALE_NAMES)
            patronymic = self.rng.choice(texts.PATRONYMICS)[1 if is_female else 0]
            full = f"{surname} {first} {patronymic}"
            if not unique:
                return full, f"{surname} {first[0]}.{patronymic[0]}."
            if full not in self.used:
                self.used.add(full)
                return full, f"{surname} {first[0]}.{patronymic[0]}."

    def person(self, organisation: Organisation, position: str) -> Person:
        full, short = self.full_and_short()
        return Person(
            full_name=full, short_name=short, position=position, organisation=organisation
        )


def _feminine(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if surname.endswith("чий"):
        return surname[:-2] + "ая"
    return surname


# --- The context of one build --------------------------------------------------------------


@dataclass
class Territory:
    """One municipality with its bodies, schools and people."""

    spec: texts.MunicipalitySpec
    municipality: Municipality
    authority: Organisation
    centre: Organisation
    schools: list[Organisation] = field(default_factory=list)
    staff: dict[str, Person] = field(default_factory=dict)
    roadmap: Plan | None = None

    def leaders(self, demo: Demo, ago: int = 0) -> list[Organisation]:
        return [s for s in self.schools if demo.holds(s, texts.LEADER, ago)]

    def targets(self, demo: Demo, ago: int = 0) -> list[Organisation]:
        return [s for s in self.schools if demo.is_target(s, ago)]


@dataclass
class Demo:
    """Everything one build has made so far, and the random source it uses."""

    today: dt.date
    rng: random.Random
    years: list[AcademicYear]  # the year before last, last year, this year
    names: Names
    password: str = DEMO_PASSWORD
    region: Region | None = None
    bodies: dict[str, Organisation] = field(default_factory=dict)
    staff: dict[str, Person] = field(default_factory=dict)
    territories: list[Territory] = field(default_factory=list)
    school_specs: dict[int, texts.SchoolSpec] = field(default_factory=dict)
    school_staff: dict[int, dict[str, Person]] = field(default_factory=dict)
    regional_activities: dict[str, Activity] = field(default_factory=dict)
    evidence: list[tuple[Execution, list[Document]]] = field(default_factory=list)
    partnerships: dict[int, Partnership] = field(default_factory=dict)
    signers: dict[str, Person] = field(default_factory=dict)  # by organisation name
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def year(self) -> AcademicYear:
        return self.years[-1]

    def year_ago(self, ago: int) -> AcademicYear:
        return self.years[-1 - ago]

    def spec(self, school: Organisation) -> texts.SchoolSpec:
        return self.school_specs[school.pk]

    def holds(self, school: Organisation, status: str, ago: int = 0) -> bool:
        return any(s == status and ago in agos for s, agos in self.spec(school).statuses)

    def is_target(self, school: Organisation, ago: int = 0) -> bool:
        return self.holds(school, texts.LR, ago) or self.holds(school, texts.AC, ago)

    def words(self, **extra: str) -> dict[str, str]:
        y = self.year.start_year
        return {
            "y": str(y),
            "y1": str(y + 1),
            "py": str(y - 1),
            "ppy": str(y - 2),
            "y2": str(y + 2),
            "targets": "",
            "locative": "",
            **extra,
        }


# --- Entry points ------------------------------------------------------------------------------


def demo_region() -> Region | None:
    return Region.objects.filter(code=DEMO_REGION_CODE).first()


def delete_demo_region() -> bool:
    """Delete the demo region and everything under it; return whether there was one."""
    region = demo_region()
    if region is None:
        return False
    files = list(
        Document.objects.filter(plan__region=region).exclude(file="").values_list("file", flat=True)
    )
    transaction.on_commit(lambda: _delete_unused_files(files))
    # Plans first: they PROTECT organisations, partnerships and the region, and take their
    # sections, activities, executions, documents and indicators with them.
    Plan.objects.filter(region=region).delete()
    IdentificationRun.objects.filter(region=region).delete()  # anyone may have run one here
    Partnership.objects.filter(Q(target__region=region) | Q(leader__region=region)).delete()
    User.objects.filter(
        Q(region=region) | Q(municipality__region=region) | Q(organisation__region=region)
    ).delete()
    Person.objects.filter(organisation__region=region).delete()
    Organisation.objects.filter(region=region).delete()  # statuses and assignments cascade
    Municipality.objects.filter(region=region).delete()
    record(actor=None, action="demo_deleted", obj=region)
    region.delete()
    return True


def _delete_unused_files(names: Sequence[str]) -> None:
    """Delete the files of a deleted demo, unless the new demo has written over them."""
    used = set(Document.objects.filter(file__in=names).values_list("file", flat=True))
    folders = set()
    for name in names:
        if name not in used:
            default_storage.delete(name)
            folders.add(posixpath.dirname(name))
    for folder in folders:  # a plan's folder, empty now; storages without folders say so
        with contextlib.suppress(NotImplementedError, OSError):
            os.rmdir(default_storage.path(folder))


def build_demo(today: dt.date, password: str = DEMO_PASSWORD) -> Demo:
    """Create the demo region for the academic year containing `today`; call in a transaction.

    Every demo user gets `password`; an `admin` that is not the demo's is left as it is.
    """
    _check_usernames_are_free()
    start = AcademicYear.containing(today)
    years = [AcademicYear.objects.get_or_create(start_year=start - ago)[0] for ago in (2, 1, 0)]
    rng = random.Random(SEED)
    demo = Demo(today=today, rng=rng, years=years, names=Names(rng), password=password)
    _make_region(demo)
    for index, spec in enumerate(texts.MUNICIPALITIES):
        _make_territory(demo, index, spec)
    _make_people(demo)
    _index_signers(demo)
    _make_statuses(demo)
    _make_partnerships(demo)
    _make_assignments(demo)
    _make_regional_plan(demo)
    for index, territory in enumerate(demo.territories):
        _make_roadmap(demo, index, territory)
        _make_programmes(demo, territory)
    _make_partnership_plans(demo)
    _save_evidence(demo)
    assert demo.region is not None
    schools = [(school, demo.spec(school)) for t in demo.territories for school in t.schools]
    schools += make_cohort_schools(demo.region, demo.years)  # last: its own random source
    make_results(demo.region, demo.years, schools)
    make_reporting(demo.region, demo.year, today)
    _make_users(demo)
    counts = demo_counts(demo.region, today)
    record(actor=None, action="demo_loaded", obj=demo.region, changes=counts)
    return demo


def demo_counts(region: Region, today: dt.date | None = None) -> dict[str, int]:
    """Count what the demo region holds, for the command's summary and the tests."""
    plans = Plan.objects.filter(region=region)
    activities = Activity.objects.filter(plan__region=region)
    return {
        "municipalities": region.municipalities.count(),
        "schools": Organisation.objects.filter(region=region).schools().count(),
        "organisations": region.organisations.count(),
        "people": Person.objects.filter(organisation__region=region).count(),
        "statuses": SchoolStatus.objects.filter(school__region=region).count(),
        "partnerships": Partnership.objects.filter(target__region=region).count(),
        "assignments": Assignment.objects.filter(person__organisation__region=region).count(),
        "plans": plans.count(),
        "roadmaps": plans.filter(kind=Plan.Kind.ROADMAP).count(),
        "programmes": plans.filter(kind=Plan.Kind.SCHOOL_PROGRAMME).count(),
        "sections": Section.objects.filter(plan__region=region).count(),
        "activities": activities.count(),
        "overdue": activities.overdue(today or local_today()).count(),
        "executions": Execution.objects.filter(activity__plan__region=region).count(),
        "documents": Document.objects.filter(plan__region=region).count(),
        "indicators": Indicator.objects.filter(plan__region=region).count(),
        "indicator_values": IndicatorValue.objects.filter(indicator__plan__region=region).count(),
        "users": User.objects.filter(region=region).count(),
        "results": AssessmentResult.objects.filter(school__region=region).count(),
        "context_values": ContextValue.objects.filter(school__region=region).count(),
        "identification_runs": IdentificationRun.objects.filter(region=region).count(),
    }


def _check_usernames_are_free() -> None:
    taken = User.objects.filter(username__in=DEMO_USERNAMES)
    for user in taken:
        raise DemoError(
            f"Пользователь {user.username} уже есть и не относится к демонстрационному "
            "региону; переименуйте его или удалите"
        )


# --- Territory -------------------------------------------------------------------------------


def _organisation(demo: Demo, body: texts.Body, kind: str, **where: object) -> Organisation:
    assert demo.region is not None
    return Organisation.objects.create(
        kind=kind, name=body.name, short_name=body.short, region=demo.region, **where
    )


def _make_region(demo: Demo) -> None:
    demo.region = Region.objects.create(name=texts.REGION_NAME, code=DEMO_REGION_CODE)
    kinds = Organisation.Kind
    demo.bodies["ministry"] = _organisation(demo, texts.MINISTRY, kinds.MINISTRY)
    demo.bodies["assessment"] = _organisation(
        demo, texts.ASSESSMENT_CENTRE, kinds.ASSESSMENT_CENTRE
    )
    demo.bodies["institute"] = _organisation(demo, texts.INSTITUTE, kinds.DEVELOPMENT_INSTITUTE)
    for index, body in enumerate(texts.UNIVERSITIES):
        demo.bodies[f"university{index}"] = _organisation(demo, body, kinds.UNIVERSITY)


def _make_territory(demo: Demo, index: int, spec: texts.MunicipalitySpec) -> None:
    assert demo.region is not None
    municipality = Municipality.objects.create(region=demo.region, name=spec.name, kind=spec.kind)
    kinds = Organisation.Kind
    where = {"municipality": municipality, "website": f"https://{spec.slug}.obr.example"}
    territory = Territory(
        spec=spec,
        municipality=municipality,
        authority=_organisation(demo, spec.authority, kinds.MUNICIPAL_AUTHORITY, **where),
        centre=_organisation(demo, spec.centre, kinds.METHODOLOGICAL_CENTRE, **where),
    )
    schools = [_school(demo, index, territory, school) for school in spec.schools]
    territory.schools = Organisation.objects.bulk_create(schools)
    for school, school_spec in zip(territory.schools, spec.schools, strict=True):
        demo.school_specs[school.pk] = school_spec
    demo.territories.append(territory)


def _school(demo: Demo, index: int, territory: Territory, school: texts.SchoolSpec) -> Organisation:
    assert demo.region is not None
    spec = territory.spec
    type_full, type_short = texts.SCHOOL_TYPE_WORDS[school.school_type]
    place = f" {school.locality_genitive}" if school.locality_genitive else ""
    honour = f" {school.honour}" if school.honour else ""
    mo = spec.authority.name.split(" администрации ")[-1]
    return Organisation(
        kind=Organisation.Kind.SCHOOL,
        name=f"{texts.LEGAL_FORMS[school.form]} {type_full} № {school.number}{honour}{place} {mo}",
        short_name=f"{school.form} {type_short} № {school.number}",
        region=demo.region,
        municipality=territory.municipality,
        code=f"{DEMO_REGION_CODE}-{index + 1:02d}{school.number:02d}",
        number=str(school.number),
        school_type=school.school_type,
        settlement=Organisation.Settlement.RURAL if school.rural else Organisation.Settlement.URBAN,
        locality=school.locality,
        head_name=demo.names.full_and_short()[0],
        website=f"https://school{school.number}.{spec.slug}.obr.example",
    )


# --- People, statuses, partnerships, assignments ---------------------------------------------


def _make_people(demo: Demo) -> None:
    people: list[tuple[dict[str, Person], str, Person]] = []
    for body, staff in texts.REGIONAL_STAFF.items():
        for key, position in staff:
            people.append((demo.staff, key, demo.names.person(demo.bodies[body], position)))
    for territory in demo.territories:
        for body, staff in texts.MUNICIPAL_STAFF.items():
            organisation = territory.authority if body == "authority" else territory.centre
            for key, position in staff:
                person = demo.names.person(organisation, position)
                people.append((territory.staff, key, person))
        for school in territory.schools:
            people.extend(_school_people(demo, school))
    Person.objects.bulk_create([person for _, _, person in people])
    for where, key, person in people:
        where[key] = person


def _index_signers(demo: Demo) -> None:
    """Remember who signs each body's documents: its head."""
    heads = {"ministry": "minister", "assessment": "coko_head", "institute": "iro_rector"}
    for body, key in heads.items():
        demo.signers[demo.bodies[body].name] = demo.staff[key]
    for territory in demo.territories:
        demo.signers[territory.authority.name] = territory.staff["head"]
        demo.signers[territory.centre.name] = territory.staff["centre"]
        for school in territory.schools:
            demo.signers[school.name] = demo.school_staff[school.pk]["director"]


def _school_people(demo: Demo, school: Organisation) -> list[tuple[dict[str, Person], str, Person]]:
    staff = demo.school_staff.setdefault(school.pk, {})
    surname, first, patronymic = school.head_name.split()
    director = Person(
        full_name=school.head_name,
        short_name=f"{surname} {first[0]}.{patronymic[0]}.",
        position="директор",
        organisation=school,
    )
    people = [(staff, "director", director)]
    extra: tuple[tuple[str, str], ...] = ()
    if demo.holds(school, texts.LEADER):
        extra = texts.LEADER_STAFF
    elif demo.is_target(school):
        extra = texts.SCHOOL_STAFF
    for key, position in extra:
        people.append((staff, key, demo.names.person(school, position)))
    return people


def _status_basis(demo: Demo, territory: Territory, status: str, ago: int) -> str:
    year = demo.year_ago(ago).start_year
    if status in (texts.LR, texts.AC):
        day, month, number = texts.STATUS_ORDERS[ago]
        date = ru_date(dt.date(year, month, day))
        return texts.STATUS_ORDER_TEXT.format(date=date, number=number)
    if status in ("internship_site", "pilot_site"):
        return f"приказ министерства от {ru_date(dt.date(year, 8, 29))} № {1402 + ago * 17}"
    issuer = texts.MUNICIPALITIES.index(territory.spec) * 37 + 480
    return (
        f"приказ {territory.spec.authority.issuer} от {ru_date(dt.date(year, 8, 26))} "
        f"№ {issuer - ago * 11} «Об определении школ-лидеров и базовых школ»"
    )


def _make_statuses(demo: Demo) -> None:
    rows = []
    for territory in demo.territories:
        for school in territory.schools:
            for status, agos in demo.spec(school).statuses:
                for ago in sorted(agos, reverse=True):
                    rows.append(
                        SchoolStatus(
                            school=school,
                            academic_year=demo.year_ago(ago),
                            status=status,
                            basis=SchoolStatus.Basis.ORDER,
                            basis_text=_status_basis(demo, territory, status, ago),
                        )
                    )
    SchoolStatus.objects.bulk_create(rows)


def _partnership(
    demo: Demo, leader: Organisation, target: Organisation, number: int
) -> Partnership | None:
    shared = [
        ago
        for ago in (2, 1, 0)
        if demo.is_target(target, ago) and demo.holds(leader, texts.LEADER, ago)
    ]
    if not shared:
        return None
    first, last = max(shared), min(shared)
    signed = dt.date(demo.year_ago(first).start_year, 8, 20) + dt.timedelta(days=number * 3)
    return Partnership(
        leader=leader,
        target=target,
        first_year=demo.year_ago(first),
        last_year=demo.year_ago(last) if last > 0 else None,
        agreement_number=str(number),
        agreement_date=weekday(signed, signed - dt.timedelta(days=3), signed),
        agreement_title=texts.PARTNERSHIP_TITLE,
    )


def _make_partnerships(demo: Demo) -> None:
    rows = []
    for territory in demo.territories:
        leaders = territory.leaders(demo)
        ever = [s for s in territory.schools if any(demo.is_target(s, ago) for ago in (0, 1, 2))]
        for number, target in enumerate(ever, 1):
            partnership = _partnership(demo, leaders[(number - 1) % len(leaders)], target, number)
            if partnership is not None:
                rows.append(partnership)
    for partnership in Partnership.objects.bulk_create(rows):
        demo.partnerships[partnership.target.pk] = partnership


def _assignment(person: Person, role: str, year: AcademicYear, **target: object) -> Assignment:
    note = texts.ASSIGNMENT_NOTES["school_curator" if "school" in target else role]
    if role == Assignment.Role.CURATOR and "municipality" in target:
        note = texts.ASSIGNMENT_NOTES["curator"]
    return Assignment(person=person, role=role, academic_year=year, note=note, **target)


# Who curates which municipality, by index in texts.MUNICIPALITIES.
CURATORS = (
    "ministry_spec",
    "iro_methodist2",
    "iro_methodist",
    "iro_analyst",
    "ministry_spec2",
    "iro_methodist3",
)
SCHOOL_CURATORS = ("iro_methodist4", "coko_analyst2")


def _make_assignments(demo: Demo) -> None:
    rows = []
    role = Assignment.Role
    for index, territory in enumerate(demo.territories):
        curator = demo.staff[CURATORS[index]]
        for year in demo.years:
            rows.append(
                _assignment(curator, role.CURATOR, year, municipality=territory.municipality)
            )
            rows.append(
                _assignment(
                    territory.staff["spec"],
                    role.COORDINATOR,
                    year,
                    municipality=territory.municipality,
                )
            )
        rows.extend(_school_assignments(demo, index, territory))
    Assignment.objects.bulk_create(rows)


def _school_assignments(demo: Demo, index: int, territory: Territory) -> list[Assignment]:
    rows = []
    role = Assignment.Role
    for target in territory.targets(demo):
        partnership = demo.partnerships.get(target.pk)
        staff = demo.school_staff[target.pk]
        if partnership is not None:
            leader_staff = demo.school_staff[partnership.leader.pk]
            rows.append(_assignment(leader_staff["teacher"], role.TUTOR, demo.year, school=target))
            for key in ("teacher", "teacher2"):
                rows.append(
                    _assignment(leader_staff[key], role.MENTOR, demo.year, mentee=staff[key])
                )
        if index >= 3:  # the smaller districts get a curator for each school as well
            curator = demo.staff[SCHOOL_CURATORS[index % 2]]
            rows.append(_assignment(curator, role.CURATOR, demo.year, school=target))
    return rows


# --- Responsible people and organisations --------------------------------------------------


@dataclass(frozen=True)
class Resp:
    text: str
    people: tuple[Person, ...] = ()
    organisations: tuple[Organisation, ...] = ()


def _schools_text(schools: Sequence[Organisation]) -> str:
    """Write «СОШ № 14, 15, ООШ № 16», grouping numbers by the type of school."""
    groups: dict[str, list[str]] = {}
    for school in schools:
        kind = school.short_name.split(" № ")[0].split(" ", 1)[-1]
        groups.setdefault(kind, []).append(school.number)
    return ", ".join(f"{kind} № {', '.join(numbers)}" for kind, numbers in groups.items())


def _regional_tokens(demo: Demo) -> dict[str, Resp]:
    authorities = tuple(t.authority for t in demo.territories)
    return {
        "МИН": Resp("Министерство", (), (demo.bodies["ministry"],)),
        "ЦОКО": Resp(texts.ASSESSMENT_CENTRE.short, (), (demo.bodies["assessment"],)),
        "ИРО": Resp(texts.INSTITUTE.short, (), (demo.bodies["institute"],)),
        "МОУО": Resp("МОУО", (), authorities),
        "ОО": Resp("ОО"),
    }


def _roadmap_tokens(demo: Demo, territory: Territory) -> dict[str, Resp]:
    staff, centre = territory.staff, territory.centre
    leader = territory.leaders(demo)[0]
    leader_staff = demo.school_staff[leader.pk]
    targets = territory.targets(demo)
    directors = tuple(demo.school_staff[t.pk]["director"] for t in targets)

    def at_centre(key: str) -> Resp:
        person = staff[key]
        return Resp(f"{person.short_name}, {person.position} {centre.short_name}", (person,))

    return {
        "head": Resp(staff["head"].short_name, (staff["head"],)),
        "spec": Resp(staff["spec"].short_name, (staff["spec"],)),
        "spec2": Resp(staff["spec2"].short_name, (staff["spec2"],)),
        "centre": at_centre("centre"),
        "methodist": at_centre("methodist2" if demo.rng.random() < 0.5 else "methodist"),
        "leader": Resp(
            f"Руководитель {leader.short_name} {leader_staff['director'].short_name}",
            (leader_staff["director"],),
            (leader,),
        ),
        "leader_deputy": Resp(
            f"{leader_staff['deputy'].short_name}, зам. директора по УВР школы-лидера",
            (leader_staff["deputy"],),
        ),
        "targets": Resp(f"Руководители {_schools_text(targets)}", directors, tuple(targets)),
        "oo": Resp("Руководители ОО"),
        "uo": Resp(" ".join(territory.authority.name.split()[:2]), (), (territory.authority,)),
        "rmo": Resp("Руководители РМО"),
        "mentors": Resp("Учителя-наставники"),
        "iro": Resp(texts.INSTITUTE.short, (), (demo.bodies["institute"],)),
    }


def _school_tokens(demo: Demo, school: Organisation) -> dict[str, Resp]:
    staff = demo.school_staff[school.pk]
    tokens = {
        "director": Resp(f"{staff['director'].short_name}, директор", (staff["director"],)),
        "deputy": Resp(f"{staff['deputy'].short_name}, зам. директора по УВР", (staff["deputy"],)),
        "teachers": Resp(
            f"{staff['teacher'].short_name} {staff['teacher2'].short_name}",
            (staff["teacher"], staff["teacher2"]),
        ),
        "shmo": Resp("Руководители ШМО"),
        "psychologist": Resp("Педагог-психолог"),
        "classteachers": Resp("Классные руководители"),
        "tutor": Resp("Тьютор школы-лидера"),
    }
    partnership = demo.partnerships.get(school.pk)
    if partnership is not None:
        leader = partnership.leader
        leader_staff = demo.school_staff[leader.pk]
        tutor = leader_staff["teacher"]
        tokens["tutor"] = Resp(
            f"{tutor.short_name}, тьютор {leader.short_name}", (tutor,), (leader,)
        )
        tokens["leader_director"] = Resp(
            f"{leader_staff['director'].short_name}, директор {leader.short_name}",
            (leader_staff["director"],),
            (leader,),
        )
        tokens["leader_deputy"] = Resp(
            f"{leader_staff['deputy'].short_name}, зам. директора по УВР {leader.short_name}",
            (leader_staff["deputy"],),
        )
    return tokens


def render_responsible(tokens: dict[str, Resp], spec: str, separator: str) -> Resp:
    """Turn `head spec` into «Гриценко О.В. Рябова Н.А.» with the people and bodies behind it."""
    texts_: list[str] = []
    people: list[Person] = []
    organisations: list[Organisation] = []
    for token in spec.split():
        resp = tokens[token.rstrip(",")]
        texts_.append(resp.text + ("," if token.endswith(",") else ""))
        people.extend(p for p in resp.people if p not in people)
        organisations.extend(o for o in resp.organisations if o not in organisations)
    return Resp(separator.join(texts_).replace(",,", ","), tuple(people), tuple(organisations))


# --- Who issues documents, and how they are numbered -----------------------------------------


@dataclass(frozen=True)
class Issuer:
    organisation: Organisation
    genitive: str
    per_day: float  # orders a day: numbers restart every January
    suffix: str = ""
    letter_prefix: str = ""

    def number(self, rng: random.Random, day: dt.date) -> str:
        ordinal = day.timetuple().tm_yday
        return f"{int(3 + ordinal * self.per_day) + rng.randint(0, 2)}{self.suffix}"

    def letter_number(self, rng: random.Random, day: dt.date) -> str:
        ordinal = day.timetuple().tm_yday
        number = int(40 + ordinal * self.per_day * 9) + rng.randint(0, 20)
        if self.letter_prefix.startswith("47"):
            return f"{self.letter_prefix}{number}/{day:%y}"
        return f"{self.letter_prefix}{number}"


def _issuers(demo: Demo) -> dict[str, Issuer]:
    bodies = demo.bodies
    return {
        "МИН": Issuer(bodies["ministry"], texts.MINISTRY.issuer, 8.3, "", "47-01-13-"),
        "ИРО": Issuer(bodies["institute"], texts.INSTITUTE.issuer, 1.1, "", "01-20/"),
        "ЦОКО": Issuer(bodies["assessment"], texts.ASSESSMENT_CENTRE.issuer, 0.6, "", "02-"),
    }


def _territory_issuers(territory: Territory) -> tuple[Issuer, Issuer]:
    spec = territory.spec
    return (
        Issuer(territory.authority, spec.authority.issuer, 2.1, "", "01-13/"),
        Issuer(territory.centre, spec.centre.issuer, 0.4, "-П", ""),
    )


def _school_issuer(school: Organisation) -> Issuer:
    return Issuer(school, school.short_name, 0.7, "-о", "")


# --- Writing a plan --------------------------------------------------------------------------

MARK_LABELS = {
    "order": "Приказ",
    "protocol": "Протокол",
    "letter": "Письмо",
    "agreement": "Соглашение",
}
REPORTED_AFTER = ("press_release", "report", "information_note")


def _window(activity: Activity, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """Return the days an activity could have been held on so far, or None if none yet."""
    deadline, starts = activity.deadline, activity.academic_year.starts
    if deadline.start is not None:
        low = deadline.start
    elif deadline.end is not None and deadline.end < starts + dt.timedelta(days=30):
        low = deadline.end - dt.timedelta(days=30)
    else:
        low = starts
    high = min(deadline.end or today, today - dt.timedelta(days=1))
    return (low, high) if low <= high else None


def _status(rng: random.Random, activity: Activity, today: dt.date, diligence: float) -> str:
    """Choose a believable status: what is past is mostly done, what is on is in progress."""
    deadline = activity.deadline
    if deadline.kind == DeadlineKind.EVENT:
        return rng.choices((Status.DONE, Status.IN_PROGRESS, Status.PLANNED), (5, 2, 3))[0]
    if deadline.end is not None and deadline.end < today:
        return Status.DONE if rng.random() < diligence else Status.PLANNED
    if deadline.start is not None and deadline.start > today:
        return Status.PLANNED
    if deadline.kind in (DeadlineKind.CONTINUOUS, DeadlineKind.RECURRING, DeadlineKind.PERIOD):
        return Status.IN_PROGRESS if rng.random() < 0.85 else Status.PLANNED
    return Status.DONE if rng.random() < 0.4 else Status.PLANNED


def _pick(
    rng: random.Random, acts: Sequence[texts.Act], share: float, least: int
) -> list[texts.Act]:
    kept = [act for act in acts if rng.random() < share]
    return kept if len(kept) >= min(least, len(acts)) else list(acts[:least])


@dataclass
class PlanWriter:
    """Turn the texts of one plan into its sections, activities, executions and documents."""

    demo: Demo
    plan: Plan
    tokens: dict[str, Resp]
    issuers: dict[str, Issuer]  # by responsible token, with a "default"
    places: tuple[str, ...]
    site: str
    diligence: float
    numbering: str  # "plain" 1.1, "dotted" 1.1., "mixed" as seed 004, "flat" 1., 2.
    share: float = 1.0  # the share of a section's activities the plan keeps
    separator: str = " "
    cancel_one: bool = False
    implements: dict[str, Activity] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)
    activities: list[Activity] = field(default_factory=list)
    responsible: list[Resp] = field(default_factory=list)
    position: int = 0

    def fmt(self, text: str) -> str:
        return text.format_map(self.words)

    def next_position(self) -> int:
        self.position += 1
        return self.position

    def write(self, specs: Sequence[texts.Sec]) -> list[Activity]:
        for section, number, act in self._sections(specs, None, "", 0):
            self._activity(section, number, act)
        if self.cancel_one:
            self._cancel_one()
        Activity.objects.bulk_create(self.activities)
        self._link_responsible()
        return self.activities

    def _sections(
        self, specs: Sequence[texts.Sec], parent: Section | None, prefix: str, top: int
    ) -> list[tuple[Section, str, texts.Act]]:
        rows = []
        for index, spec in enumerate(specs, 1):
            number = f"{prefix}{index}."
            section = Section.objects.create(
                plan=self.plan,
                parent=parent,
                number=number,
                title=self.fmt(spec.title),
                position=self.next_position(),
            )
            acts = _pick(self.demo.rng, spec.activities, self.share, 2)
            for item, act in enumerate(acts, 1):
                rows.append((section, self._number(number, item, top or index), act))
            rows += self._sections(spec.subsections, section, number, top or index)
        return rows

    def _number(self, section: str, item: int, top: int) -> str:
        if self.numbering == "flat":
            return f"{item}."
        if self.numbering == "plain":
            return f"{section}{item}"
        if self.numbering == "mixed" and top >= 4:
            return ""  # as in seed 004, later sections list their activities without numbers
        if self.numbering == "mixed" and section.count(".") >= 3:
            return f"{section}{item}"
        return f"{section}{item}."

    def _activity(self, section: Section, number: str, act: texts.Act) -> None:
        resp = render_responsible(self.tokens, self.fmt(act.responsible), self.separator)
        activity = Activity(
            plan=self.plan,
            section=section,
            academic_year=self.demo.year,
            number=number,
            position=self.next_position(),
            title=self.fmt(act.title),
            implements=self.implements.get(act.implements),
            responsible_text=resp.text,
            audience=texts.FORMS[act.form].audience,
            planned_result=self.fmt(act.result),
        )
        activity.set_deadline(self.fmt(self.demo.rng.choice(act.deadlines)))
        self._outcome(activity, act)
        self.activities.append(activity)
        self.responsible.append(resp)

    def _outcome(self, activity: Activity, act: texts.Act) -> None:
        rng, today = self.demo.rng, self.demo.today
        window = _window(activity, today)
        status = _status(rng, activity, today, self.diligence)
        if window is None and status != Status.PLANNED:
            status = Status.PLANNED
        if status == Status.PLANNED and activity.is_overdue(today) and rng.random() < 0.15:
            status = Status.NOT_DONE
            activity.status_reason = rng.choice(texts.NOT_DONE_REASONS)
        activity.status = status
        if status not in (Status.DONE, Status.IN_PROGRESS) or window is None:
            return
        marks: list[str] = []
        for _execution, documents in self._executions(activity, act, window):
            marks.extend(_mark(document) for document in documents[:1])
        if status == Status.DONE:
            activity.execution_mark = "; ".join(marks)

    def _executions(
        self, activity: Activity, act: texts.Act, window: tuple[dt.date, dt.date]
    ) -> list[tuple[Execution, list[Document]]]:
        rng, (low, high) = self.demo.rng, window
        repeated = activity.deadline_kind in (DeadlineKind.CONTINUOUS, DeadlineKind.RECURRING)
        count = rng.randint(2, 4) if repeated else (2 if rng.random() < 0.2 else 1)
        days = sorted({weekday(random_day(rng, low, high), low, high) for _ in range(count)})
        made = [self._execution(activity, act, day) for day in days]
        self.demo.evidence.extend(made)
        return made

    def _execution(
        self, activity: Activity, act: texts.Act, day: dt.date
    ) -> tuple[Execution, list[Document]]:
        rng, form = self.demo.rng, texts.FORMS[act.form]
        participants = rng.randint(*form.participants) if form.participants[1] else None
        outcome = rng.choice(form.outcomes)
        description = f"{outcome}."
        if participants:
            place = rng.choice(self.places)
            how = "" if "видеоконференц" in place else ", " + rng.choice(texts.FORMATS)
            description = f"{place}{how}. {outcome}."
        execution = Execution(
            activity=activity,
            date=day,
            date_text=ru_date_words(day),
            description=description,
            responsible_text=activity.responsible_text[:500],
            audience=form.audience,
            participants=participants,
        )
        return execution, self._documents(activity, act, day, participants or 0)

    def _documents(
        self, activity: Activity, act: texts.Act, day: dt.date, participants: int
    ) -> list[Document]:
        rng, kinds = self.demo.rng, texts.FORMS[act.form].documents
        extra = rng.sample(kinds[1:], k=rng.randint(0, min(2, len(kinds) - 1)))
        chosen = [kinds[0], *sorted(extra, key=kinds.index)]
        issuer = next(
            (self.issuers[t] for t in act.responsible.split() if t in self.issuers),
            self.issuers["default"],
        )
        return [self._document(kind, issuer, activity, act, day, participants) for kind in chosen]

    def _document(
        self,
        kind: str,
        issuer: Issuer,
        activity: Activity,
        act: texts.Act,
        day: dt.date,
        participants: int,
    ) -> Document:
        rng = self.demo.rng
        date, number = self._date_and_number(kind, issuer, day)
        title = self.fmt(act.subject) if act.subject else activity.title
        if kind in ("programme", "press_release", "presentation", "report") or (
            kind == "information_note" and act.form != "analysis"
        ):
            title = activity.title
        template = texts.DOCUMENT_TEXTS[kind]
        if kind == "information_note" and act.form == "analysis":
            template = "{title} от {date}"
        text = template.format(
            issuer=issuer.genitive,
            date=ru_date(date),
            number=number,
            title=title,
            count=participants if kind == "registration_sheet" else rng.randint(5, 12),
        )
        url = ""
        if kind == "press_release":
            url = f"{self.site}/news/{date:%Y/%m/%d}/{rng.randint(1000, 9999)}"
        elif kind == "presentation":
            url = f"{self.site}/upload/{date:%Y}/prezentaciya-{rng.randint(100, 999)}.pptx"
        elif kind == "order" and rng.random() < 0.25:
            url = f"{self.site}/documents/{date:%Y}/prikaz-{number.lower()}.pdf"
        return Document(
            plan=self.plan,
            kind=kind,
            number=number,
            date=date,
            issuer=issuer.organisation.name,
            title=title[:1000],
            text=text,
            url=url,
        )

    def _date_and_number(self, kind: str, issuer: Issuer, day: dt.date) -> tuple[dt.date, str]:
        rng, today = self.demo.rng, self.demo.today
        if kind == "order":
            date = weekday(day - dt.timedelta(days=rng.randint(2, 12)), day - dt.timedelta(20), day)
            return date, issuer.number(rng, date)
        if kind == "letter":
            date = weekday(day - dt.timedelta(days=rng.randint(0, 6)), day - dt.timedelta(10), day)
            return date, issuer.letter_number(rng, date)
        if kind == "protocol":
            return day, str(1 + abs((day - self.demo.year.starts).days) // 21)
        if kind == "agreement":
            return day, str(rng.randint(1, 30))
        if kind == "programme":
            return day - dt.timedelta(days=rng.randint(2, 7)), ""
        if kind in REPORTED_AFTER:
            return min(day + dt.timedelta(days=rng.randint(0, 5)), today), ""
        return day, ""

    def _cancel_one(self) -> None:
        today = self.demo.today
        candidates = [
            a for a in self.activities if a.status == Status.PLANNED and not a.is_overdue(today)
        ]
        if candidates:
            cancelled = self.demo.rng.choice(candidates)
            cancelled.status = Status.CANCELLED
            cancelled.status_reason = self.demo.rng.choice(texts.CANCEL_REASONS)

    def _link_responsible(self) -> None:
        people = Activity.responsible_people.through
        organisations = Activity.responsible_organisations.through
        people.objects.bulk_create(
            people(activity_id=a.pk, person_id=p.pk)
            for a, resp in zip(self.activities, self.responsible, strict=True)
            for p in resp.people
        )
        organisations.objects.bulk_create(
            organisations(activity_id=a.pk, organisation_id=o.pk)
            for a, resp in zip(self.activities, self.responsible, strict=True)
            for o in resp.organisations
        )


def _mark(document: Document) -> str:
    """Write an execution mark as the seeds do: «Приказ от 04.09.2026 № 312»."""
    label = MARK_LABELS.get(document.kind)
    if label and document.number and document.date:
        return f"{label} от {ru_date(document.date)} № {document.number}"
    return document.text


def _save_evidence(demo: Demo) -> None:
    executions = Execution.objects.bulk_create([execution for execution, _ in demo.evidence])
    documents = []
    for execution, docs in zip(executions, (docs for _, docs in demo.evidence), strict=True):
        for document in docs:
            document.execution = execution
            documents.append(document)
    _attach_files(demo, documents)
    Document.objects.bulk_create(documents, batch_size=500)
    evidence_refresh(Activity.objects.filter(pk__in={e.activity_id for e in executions}))


def _attach_files(demo: Demo, documents: Sequence[Document]) -> None:
    """Write a file for every document that has no link, and store it.

    The files come from a random source of their own, so what they say does not shift the
    rest of the region. A file left by an earlier demo under the same name is replaced
    when no row points to it any more (it is the old demo's, deleted in this transaction).
    """
    rng = random.Random(SEED + 1)
    names = Names(rng)
    attendees = _attendees(demo)
    taken: set[tuple[int, str]] = set()
    for document in documents:
        if document.url:
            continue
        execution = document.execution
        assert execution is not None
        plan = document.plan
        extension, content = render(
            _facts(document, execution, demo.signers.get(document.issuer)),
            rng,
            lambda: names.full_and_short(unique=False)[1],
            attendees.get(plan.municipality_id, attendees[None]),
        )
        document.file = _store(document, _file_name(document, extension, taken), content)


def _attendees(demo: Demo) -> dict[int | None, list[str]]:
    places: dict[int | None, list[str]] = {
        t.municipality.pk: [s.short_name for s in t.schools] for t in demo.territories
    }
    places[None] = [t.authority.short_name for t in demo.territories]
    return places


def _facts(document: Document, execution: Execution, signer: Person | None) -> Facts:
    activity = execution.activity
    return Facts(
        kind=document.kind,
        issuer=document.issuer,
        number=document.number,
        date=document.date,
        title=document.title,
        activity=activity.title,
        plan=activity.plan.title,
        when=execution.date_text,
        description=execution.description,
        audience=execution.audience,
        participants=execution.participants or 0,
        responsible=activity.responsible_text,
        signer_position=signer.position if signer else "",
        signer_name=signer.short_name if signer else "",
    )


def _file_name(document: Document, extension: str, taken: set[tuple[int, str]]) -> str:
    """Name a file as people do, «prikaz-312-o-2026-09-04.docx», once within its plan."""
    number = "".join(c if c.isascii() and c.isalnum() else "-" for c in document.number)
    parts = [texts.FILE_SLUGS.get(document.kind, "dokument"), number.strip("-")]
    if document.date:
        parts.append(f"{document.date:%Y-%m-%d}")
    stem = "-".join(part for part in parts if part)
    name, copy = f"{stem}.{extension}", 1
    while (document.plan_id, name) in taken:
        copy += 1
        name = f"{stem}-{copy}.{extension}"
    taken.add((document.plan_id, name))
    return name


def _store(document: Document, filename: str, content: bytes) -> str:
    name = Document._meta.get_field("file").generate_filename(document, filename)
    if default_storage.exists(name) and not Document.objects.filter(file=name).exists():
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


# --- The plans ---------------------------------------------------------------------------------


def _make_regional_plan(demo: Demo) -> None:
    assert demo.region is not None
    words = demo.words()
    ministry = demo.bodies["ministry"]
    approved = dt.date(demo.years[0].start_year, 8, 28)
    plan = Plan.objects.create(
        kind=Plan.Kind.REGIONAL_PLAN,
        title=texts.REGIONAL_PLAN_TITLE.format_map(words),
        region=demo.region,
        owner=ministry,
        first_year=demo.years[0],
        last_year=demo.year,
        state=Plan.State.APPROVED,
        approval_text=texts.REGIONAL_PLAN_APPROVAL.format(date=ru_date(approved)),
    )
    issuers = _issuers(demo)
    writer = PlanWriter(
        demo=demo,
        plan=plan,
        tokens=_regional_tokens(demo),
        issuers={"default": issuers["МИН"], **issuers},
        places=(
            "В конференц-зале ГБОУ ИРО ЮКК",
            "В режиме видеоконференции",
            "В министерстве образования и науки Южно-Кубанского края",
            "На базе ФГБОУ ВО «ЮКГПУ»",
        ),
        site=texts.REGION_SITE,
        diligence=0.9,
        numbering="plain",
        words=words,
    )
    for activity in writer.write(texts.REGIONAL_PLAN):
        demo.regional_activities[activity.number] = activity


def _roadmap_sections(rng: random.Random) -> list[texts.Sec]:
    """Keep the required sections and some of the others, in their order: 8 to 13 of them."""
    optional = [spec for spec in texts.ROADMAP if not spec.required]
    chosen = set(rng.sample(range(len(optional)), k=rng.randint(1, len(optional))))
    kept = [spec for index, spec in enumerate(optional) if index in chosen]
    return [spec for spec in texts.ROADMAP if spec.required or spec in kept]


def _make_roadmap(demo: Demo, index: int, territory: Territory) -> None:
    assert demo.region is not None
    spec, rng = territory.spec, demo.rng
    targets = territory.targets(demo)
    words = demo.words(locative=spec.locative, targets=_schools_text(targets))
    authority, centre = _territory_issuers(territory)
    approved = dt.date(demo.year.start_year, 8, 28)
    plan = Plan.objects.create(
        kind=Plan.Kind.ROADMAP,
        title=texts.ROADMAP_TITLE.format_map(words),
        region=demo.region,
        municipality=territory.municipality,
        owner=territory.authority,
        first_year=demo.years[0],
        last_year=demo.year,
        parent=demo.regional_activities["1.1"].plan,
        state=spec.roadmap_state,
        approval_text=texts.ROADMAP_APPROVAL.format(
            issuer=spec.authority.issuer,
            date=ru_date(approved),
            number=authority.number(rng, approved),
        )
        if spec.roadmap_state == Plan.State.APPROVED
        else "",
        **_passport(demo, territory),
    )
    leader = territory.leaders(demo)[0]
    writer = PlanWriter(
        demo=demo,
        plan=plan,
        tokens=_roadmap_tokens(demo, territory),
        issuers={"default": authority, "centre": centre, "methodist": centre},
        places=tuple(
            place.format(
                authority=spec.authority.issuer.split(" администрации")[0],
                leader=leader.short_name,
                target=rng.choice(targets).short_name,
                centre=territory.centre.short_name,
            )
            for place in texts.PLACES
        ),
        site=territory.authority.website,
        diligence=spec.diligence,
        numbering=("dotted", "plain", "mixed")[index % 3],
        share=0.7,
        separator=rng.choice((" ", ", ")),
        cancel_one=True,
        implements=demo.regional_activities,
        words=words,
    )
    writer.write(_roadmap_sections(rng))
    _make_indicators(demo, plan)
    territory.roadmap = plan


def _passport(demo: Demo, territory: Territory) -> dict[str, str]:
    rng, spec = demo.rng, territory.spec
    problems = rng.sample(texts.PROBLEMS, k=rng.randint(5, 8))
    key_results = rng.sample(texts.KEY_RESULTS, k=rng.randint(5, len(texts.KEY_RESULTS)))
    supported = territory.leaders(demo) + territory.targets(demo)
    return {
        "problem": _bullets(problems),
        "previous_results": _previous_results(demo, territory),
        "goal": texts.GOAL.format(locative=spec.locative),
        "tasks": "\n".join(f"{n}. {task};" for n, task in enumerate(texts.TASKS, 1))[:-1] + ".",
        "directions": "\n".join(f"{n}. {d}" for n, d in enumerate(texts.DIRECTIONS, 1)),
        "stages": texts.STAGES.format_map(demo.words()),
        "working_group": texts.WORKING_GROUP.format(
            authority=spec.authority.issuer.split(" администрации")[0],
            centre=territory.centre.short_name,
            schools=", ".join(school.short_name for school in supported),
        ),
        "developer": territory.authority.name,
        "key_results": _bullets(key_results),
        "funding": f"{decimal_comma(rng.uniform(900, 4200))} тыс. рублей",
    }


def _bullets(items: Iterable[str]) -> str:
    lines = [f"- {item};" for item in items]
    return "\n".join(lines)[:-1] + "."


def _previous_results(demo: Demo, territory: Territory) -> str:
    rng, size = demo.rng, len(territory.schools)
    words = demo.words()
    means = [(subject, usual + rng.uniform(-6, 5)) for subject, usual in texts.EXAM_SUBJECTS]
    (russian, russian_mean), (maths, maths_mean), *chosen = means
    by_choice = "; ".join(f"по {subject} – {decimal_comma(mean)}" for subject, mean in chosen)
    return "\n".join(
        (
            f"Итоги {words['py']}/{words['y']} учебного года:",
            f"Средний балл ЕГЭ по {russian} – {decimal_comma(russian_mean)}",
            f"Средний балл ЕГЭ по {maths} – {decimal_comma(maths_mean)}",
            f"Средний балл (предметы по выбору): {by_choice}",
            f"Численность участников, получивших 80 и более баллов, – "
            f"{size * rng.randint(3, 9)} человек",
            f"Численность не прошедших ГИА – {size * rng.randint(1, 4)} человек",
            "Численность победителей и призёров: муниципального этапа всероссийской олимпиады "
            f"– {size * rng.randint(14, 30)}, регионального этапа – {rng.randint(1, size)}",
        )
    )


def _indicator_plan(rng: random.Random, spec: texts.IndicatorSpec, years: int) -> list[Decimal]:
    digits = 0 if spec.unit == "ед." else (2 if spec.high < 1 else 1)
    base = rng.uniform(spec.low, spec.high)
    sign = -1 if spec.direction == Indicator.Direction.DECREASE else 1
    values = [max(base + sign * spec.step * year, 0) for year in range(years)]
    if spec.unit == "%":
        values = [min(value, 100) for value in values]
    return [round(Decimal(str(value)), digits) for value in values]


def _indicator_actual(rng: random.Random, spec: texts.IndicatorSpec, planned: Decimal) -> Decimal:
    if spec.direction == Indicator.Direction.KEEP:
        return planned if rng.random() < 0.85 else planned - Decimal(2)
    actual = planned * Decimal(str(rng.uniform(0.9, 1.08)))
    if spec.unit == "%":
        actual = min(actual, Decimal(100))
    return round(actual, -planned.as_tuple().exponent)  # type: ignore[operator]


def _make_indicators(demo: Demo, plan: Plan) -> None:
    rng = demo.rng
    indicators = Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            group=spec.group,
            group_text=Indicator.Group(spec.group).label,
            name=spec.name,
            unit=spec.unit,
            direction=spec.direction,
            position=position,
        )
        for position, spec in enumerate(texts.INDICATORS, 1)
    )
    values = []
    for indicator, spec in zip(indicators, texts.INDICATORS, strict=True):
        planned = _indicator_plan(rng, spec, len(demo.years))
        for year, value in zip(demo.years, planned, strict=True):
            past = year.start_year < demo.year.start_year
            actual = _indicator_actual(rng, spec, value) if past else None
            values.append(
                IndicatorValue(
                    indicator=indicator, academic_year=year, planned=value, actual=actual
                )
            )
    IndicatorValue.objects.bulk_create(values)
    _make_computed_indicators(demo, plan, len(indicators))


def _make_computed_indicators(demo: Demo, plan: Plan, after: int) -> None:
    """Indicators bound to computed sources: planned values only, the fact is counted.

    Their own generator keeps the demo's main sequence (and so everything else) as it was.
    """
    rng = random.Random(f"{plan.title} computed")
    for position, spec in enumerate(texts.COMPUTED_INDICATORS, after + 1):
        indicator = Indicator.objects.create(
            plan=plan,
            group=spec.group,
            group_text=Indicator.Group(spec.group).label,
            name=spec.name,
            unit=spec.unit,
            direction=spec.direction,
            position=position,
            computed_source=spec.source,
        )
        planned = _indicator_plan(rng, spec, len(demo.years))
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, academic_year=year, planned=value)
            for year, value in zip(demo.years, planned, strict=True)
        )
    _keep_groups_together(plan)


def _keep_groups_together(plan: Plan) -> None:
    """Number the plan's indicators group by group, as a keeper lists them and as the plan's
    document prints them (a table of groups), so the document reads back in the same order."""
    listed = list(plan.indicators.order_by("position", "pk"))
    rank: dict[str, int] = {}
    for indicator in listed:
        rank.setdefault(indicator.group, len(rank))
    ordered = sorted(listed, key=lambda i: rank[i.group])  # stable: positions kept in a group
    for position, indicator in enumerate(ordered, 1):
        indicator.position = position
    Indicator.objects.bulk_update(ordered, ["position"])


def _make_programmes(demo: Demo, territory: Territory) -> None:
    for school in territory.targets(demo):
        _make_programme(demo, territory, school)


def _programme_state(demo: Demo, school: Organisation) -> str:
    if school.number == str(texts.DEMO_SCHOOL_NUMBER):
        return Plan.State.APPROVED
    states = (Plan.State.APPROVED, Plan.State.AGREED, Plan.State.SUBMITTED, Plan.State.DRAFT)
    return demo.rng.choices(states, (6, 2, 1, 1))[0]


def _make_programme(demo: Demo, territory: Territory, school: Organisation) -> None:
    assert demo.region is not None
    rng, words = demo.rng, demo.words()
    issuer = _school_issuer(school)
    state = _programme_state(demo, school)
    approved = min(dt.date(demo.year.start_year, 10, rng.randint(5, 18)), demo.today)
    approval = texts.PROGRAMME_APPROVAL.format(
        school=school.short_name, date=ru_date(approved), number=issuer.number(rng, approved)
    )
    plan = Plan.objects.create(
        kind=Plan.Kind.SCHOOL_PROGRAMME,
        title=texts.PROGRAMME_TITLE.format(school=school.short_name, **words),
        region=demo.region,
        municipality=territory.municipality,
        school=school,
        owner=school,
        first_year=demo.year,
        last_year=demo.year,
        parent=territory.roadmap,
        state=state,
        approval_text=approval if state == Plan.State.APPROVED else "",
        goal="Переход школы в эффективный режим функционирования и развития, повышение "
        "образовательных результатов обучающихся",
    )
    leader = demo.partnerships[school.pk].leader if school.pk in demo.partnerships else school
    PlanWriter(
        demo=demo,
        plan=plan,
        tokens=_school_tokens(demo, school),
        issuers={"default": issuer},
        places=("В актовом зале школы", "В кабинете математики", f"На базе {leader.short_name}"),
        site=school.website,
        diligence=territory.spec.diligence,
        numbering=rng.choice(("plain", "dotted")),
        share=0.75,
        words=words,
    ).write(texts.PROGRAMME)


# The partnerships that get a plan of their own: (index in MUNICIPALITIES, target number).
PARTNERSHIP_PLANS = ((texts.MAIN_MUNICIPALITY, 14), (texts.SECOND_MUNICIPALITY, 4))


def _make_partnership_plans(demo: Demo) -> None:
    assert demo.region is not None
    for index, number in PARTNERSHIP_PLANS:
        territory = demo.territories[index]
        target = next(s for s in territory.schools if s.number == str(number))
        partnership = demo.partnerships[target.pk]
        leader, words = partnership.leader, demo.words()
        plan = Plan.objects.create(
            kind=Plan.Kind.PARTNERSHIP_PLAN,
            title=texts.PARTNERSHIP_PLAN_TITLE.format(
                leader=leader.short_name, target=target.short_name, **words
            ),
            region=demo.region,
            municipality=territory.municipality,
            owner=leader,
            partnership=partnership,
            first_year=demo.year,
            last_year=demo.year,
            parent=territory.roadmap,
            state=Plan.State.APPROVED,
        )
        PlanWriter(
            demo=demo,
            plan=plan,
            tokens=_school_tokens(demo, target),
            issuers={"default": _school_issuer(leader)},
            places=(f"На базе {leader.short_name}", f"На базе {target.short_name}"),
            site=leader.website,
            diligence=0.95,
            numbering="flat",
            words=words,
        ).write(texts.PARTNERSHIP_PLAN)


# --- Users -------------------------------------------------------------------------------------


def _make_users(demo: Demo) -> None:
    main = demo.territories[texts.MAIN_MUNICIPALITY]
    second = demo.territories[texts.SECOND_MUNICIPALITY]
    school = next(s for s in main.schools if s.number == str(texts.DEMO_SCHOOL_NUMBER))
    region_name = texts.REGION_NAME
    rows = (
        ("региональный координатор", "region", Role.REGIONAL_COORDINATOR,
         {"organisation": demo.bodies["ministry"], "person": demo.staff["ministry_head"]},
         f"весь {region_name}; ведёт региональный план"),
        ("региональный аналитик", "analyst", Role.REGIONAL_ANALYST,
         {"organisation": demo.bodies["assessment"], "person": demo.staff["coko_analyst"]},
         f"весь {region_name}"),
        ("куратор", "curator", Role.CURATOR,
         {"organisation": demo.bodies["institute"], "person": demo.staff[CURATORS[2]]},
         main.municipality.name),
        ("муниципальный координатор", "municipality", Role.MUNICIPAL_COORDINATOR,
         {"municipality": main.municipality, "organisation": main.authority,
          "person": main.staff["spec"]},
         main.municipality.name),
        ("муниципальный координатор", "municipality2", Role.MUNICIPAL_COORDINATOR,
         {"municipality": second.municipality, "organisation": second.authority,
          "person": second.staff["spec"]},
         second.municipality.name),
        ("представитель школы", "school", Role.SCHOOL_MANAGER,
         {"municipality": main.municipality, "organisation": school,
          "person": demo.school_staff[school.pk]["deputy"]},
         f"{school.short_name} ({school.locality}, {main.municipality.name})"),
    )  # fmt: skip
    # One hash for all: the demo password is public, and each hash costs half a second.
    password = make_password(demo.password)
    for label, username, role, where, sees in rows:
        person = where["person"]
        assert isinstance(person, Person)
        surname, first, _ = person.full_name.split()
        User.objects.create(
            username=username,
            password=password,
            role=role,
            region=demo.region,
            first_name=first,
            last_name=surname,
            email=f"{username}@demo.orientir.example",
            **where,
        )
        demo.logins.append((label, username, demo.password, sees))
    _make_admin(demo, password)


def _make_admin(demo: Demo, password: str) -> None:
    """Make the demo's superuser, unless somebody already has the name `admin`.

    An `admin` made with `orientir createsuperuser` is somebody's real account: the demo
    neither takes it over nor refuses to load because of it.
    """
    full_name, _ = demo.names.full_and_short()
    if User.objects.filter(username=DEMO_ADMIN).exists():
        demo.logins.append(
            ("администратор", DEMO_ADMIN, "(прежний)", "свой пароль: пользователь уже был")
        )
        return
    surname, first, _ = full_name.split()
    User.objects.create(
        username=DEMO_ADMIN,
        password=password,
        region=demo.region,  # so that --reset finds it; a superuser sees everything anyway
        first_name=first,
        last_name=surname,
        email=f"{DEMO_ADMIN}@demo.orientir.example",
        is_staff=True,
        is_superuser=True,
    )
    demo.logins.append(
        ("администратор", DEMO_ADMIN, demo.password, "всё, и сайт администрирования /admin/")
    )


def format_logins(logins: Sequence[tuple[str, str, str, str]]) -> str:
    """Lay the demo logins out as a plain-text table."""
    rows = [texts.USER_TABLE_HEADER, *logins]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        + "  "
        + row[3]
        for row in rows
    ]
    lines.insert(1, "-" * max(len(line) for line in lines))
    return "\n".join(lines)
