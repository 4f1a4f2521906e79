"""Generate realistic data at a chosen scale, up to the country: `orientir generate`.

Each region is made from its own random source, seeded by the run's seed and the region's
code, so the same seed over an empty database gives the same data, and one region can be
generated without the others. Rows go in by `bulk_create` (no per-row save, signals or
audit calls); the audit journal gets its rows in bulk as well, so histories read as if
people had worked. The caller holds one transaction per region.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone

from orientir.accounts.models import User
from orientir.accounts.roles import Role
from orientir.audit.models import AuditEvent
from orientir.demo import generate_words as words
from orientir.demo import texts
from orientir.demo.builder import (
    Names,
    _indicator_actual,
    _indicator_plan,
    _status,
    _window,
    random_day,
    ru_date,
    ru_date_words,
    weekday,
)
from orientir.demo.fastinsert import insert
from orientir.demo.results import (
    BASE_LEVEL,
    CLASS_SIZE,
    CORE,
    EGE_SUBJECTS,
    LOW,
    RURAL_CLASS,
    _adversity,
    _ege,
    _grades,
    _indicators,
    _marks,
)
from orientir.execution.models import Document, Execution
from orientir.execution.services import evidence_refresh
from orientir.identification.method import Settings
from orientir.identification.runs import compute, identification_run
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.plans.deadlines import Deadline, parse_deadline
from orientir.plans.models import Activity, Comment, Plan, Section
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
from orientir.results.models import (
    AssessmentKind,
    AssessmentResult,
    ContextIndicator,
    ContextValue,
)

MAX_REGIONS = 85
SCHOOLS_PER_REGION = 470  # 40,000 schools in 85 regions
SCHOOLS_PER_MUNICIPALITY = 17.4  # 470 schools in 27 municipalities
TARGET_SHARE = 0.075  # 3,000 target schools of 40,000
LEADER_SHARE = 0.02
BATCH = 1000
# Context indicators: share at an average school, its slope with adversity, noise (as the demo).
CONTEXT = {
    "low_income_share": (0.14, 0.08, 0.012),
    "single_parent_share": (0.22, 0.05, 0.012),
    "parents_higher_ed_share": (0.38, -0.1, 0.012),
    "unemployed_parents_share": (0.09, 0.04, 0.012),
    "non_native_share": (0.05, 0.03, 0.01),
    "special_needs_share": (0.05, 0.015, 0.006),
    "transported_share": (0.04, 0.05, 0.01),
    "rural": (0.0, 0.0, 0.0),
    "teacher_vacancy_share": (0.05, 0.03, 0.008),
    "teachers_highest_category_share": (0.33, -0.08, 0.012),
}
Status = Activity.Status
Kind = Organisation.Kind


class GenerateError(Exception):
    """The data cannot be generated here; the message says why, in Russian."""


@dataclass(frozen=True)
class Scale:
    regions: int
    schools: int = SCHOOLS_PER_REGION
    years: int = 3
    seed: int = 1


@dataclass(frozen=True)
class Slot:
    """A region's code and name: the n-th of the names the word lists make."""

    code: str
    name: str
    genitive: str


def slots(count: int) -> list[Slot]:
    """Return `count` codes and names of regions that the database does not hold yet."""
    codes = set(Region.objects.values_list("code", flat=True))
    names = set(Region.objects.values_list("name", flat=True))
    found: list[Slot] = []
    for index in range(1, 1000):
        slot = _slot(index)
        if slot.code not in codes and slot.name not in names and slot.code != "98":
            found.append(slot)
        if len(found) == count:
            return found
    raise GenerateError("Не осталось свободных кодов регионов")


def _slot(index: int) -> Slot:
    stems = words.REGION_STEMS
    stem = stems[(index - 1) % len(stems)]
    round_, kind = divmod((index - 1) // len(stems), 2)
    soft = stem.endswith("ск")
    if kind == 0:
        name, genitive = f"{stem}ая область", f"{stem}ой области"
    else:
        name, genitive = stem + ("ий край" if soft else "ый край"), f"{stem}ого края"
    if round_:
        name, genitive = f"{name} {round_ + 1}", f"{genitive} {round_ + 1}"
    return Slot(code=f"{index:02d}", name=name, genitive=genitive)


def academic_years(today: dt.date, count: int) -> list[AcademicYear]:
    """The `count` academic years up to the one containing `today`, oldest first."""
    start = AcademicYear.containing(today)
    return [
        AcademicYear.objects.get_or_create(start_year=start - ago)[0]
        for ago in range(count - 1, -1, -1)
    ]


# --- One region --------------------------------------------------------------------------------


@dataclass
class Gen:
    """Everything one region's generation has made so far, and its random source."""

    slot: Slot
    scale: Scale
    today: dt.date
    years: list[AcademicYear]
    password: str  # the hash every user gets
    rng: random.Random
    names: Names
    region: Region = field(init=False)
    bodies: dict[str, Organisation] = field(default_factory=dict)
    staff: dict[str, Person] = field(default_factory=dict)
    municipalities: list[Municipality] = field(default_factory=list)
    authorities: dict[int, Organisation] = field(default_factory=dict)  # by municipality pk
    schools: list[Organisation] = field(default_factory=list)
    statuses: dict[int, dict[str, set[int]]] = field(default_factory=dict)  # pk → status → agos
    deputies: dict[int, Person] = field(default_factory=dict)  # target school pk → person
    users: dict[str, User] = field(default_factory=dict)
    school_users: dict[int, User] = field(default_factory=dict)
    municipal_users: dict[int | None, User] = field(default_factory=dict)
    audit: list[dict[str, Any]] = field(default_factory=list)
    deadlines: dict[str, Deadline] = field(default_factory=dict)

    @property
    def year(self) -> AcademicYear:
        return self.years[-1]

    def is_target(self, school: Organisation, ago: int = 0) -> bool:
        held = self.statuses.get(school.pk, {})
        return any(ago in held.get(s, ()) for s in (texts.LR, texts.AC))

    def targets(self) -> list[Organisation]:
        return [school for school in self.schools if self.is_target(school)]

    def words(self) -> dict[str, str]:
        return {"y": str(self.year.start_year), "y1": str(self.year.start_year + 1)}


def generate_region(slot: Slot, scale: Scale, today: dt.date, password: str) -> Region:
    """Make one region with everything in it; call in a transaction."""
    rng = random.Random(f"{scale.seed}:{slot.code}")
    g = Gen(
        slot=slot,
        scale=scale,
        today=today,
        years=academic_years(today, scale.years),
        password=password,
        rng=rng,
        names=Names(rng),
    )
    _make_territory(g)
    _make_statuses(g)
    _make_people(g)
    _make_users(g)
    plans = _make_plans(g)
    evidence_refresh(Activity.objects.filter(plan__region=g.region))  # the count table
    _make_results(g)
    _make_comments(g, plans)
    insert(AuditEvent, g.audit)
    run = identification_run(
        computation=compute(g.year.start_year, [g.region], Settings()),
        region=g.region,
        actor=g.users["analyst"],
    )
    # The run is recorded by the service itself, at this moment; dated `today` as the rest.
    evening = timezone.make_aware(dt.datetime.combine(today, dt.time(17, 0)))
    AuditEvent.objects.filter(action="identification.run", object_id=str(run.pk)).update(at=evening)
    return g.region


def _audit(
    g: Gen,
    action: str,
    obj: Model,
    actor: User | None,
    plan: Plan,
    activity: Activity | None,
    day: dt.date | None,
) -> None:
    """An audit row dated on the `day` the change would have been made (never after today),
    during working hours: a journal written all at the moment of generation would make every
    change "this week's" and every week's figure the whole history."""
    made = min(day or g.today, g.today)
    at = dt.datetime.combine(made, dt.time(9 + obj.pk % 8, obj.pk % 60))
    g.audit.append(
        {
            "at": timezone.make_aware(at),
            "actor_id": actor.pk if actor is not None else None,
            "action": action,
            "content_type_id": ContentType.objects.get_for_model(obj).pk,
            "object_id": str(obj.pk),
            "object_repr": str(obj)[:500],
            "plan_ref": plan.pk,
            "activity_ref": activity.pk if activity is not None else None,
        }
    )


# --- Territory ---------------------------------------------------------------------------------


def _body(g: Gen, kind: str, name: str, short: str) -> Organisation:
    return Organisation(kind=kind, name=name, short_name=short, region=g.region)


def _make_territory(g: Gen) -> None:
    slot = g.slot
    g.region = Region.objects.create(name=slot.name, code=slot.code)
    bodies = {
        "ministry": _body(
            g, Kind.MINISTRY, f"Министерство образования {slot.genitive}", "Министерство"
        ),
        "assessment": _body(
            g,
            Kind.ASSESSMENT_CENTRE,
            f"Государственное бюджетное учреждение {slot.genitive} «Региональный центр оценки "
            "качества образования»",
            "РЦОКО",
        ),
        "institute": _body(
            g,
            Kind.DEVELOPMENT_INSTITUTE,
            f"Государственное автономное учреждение дополнительного профессионального "
            f"образования {slot.genitive} «Институт развития образования»",
            "ИРО",
        ),
    }
    Organisation.objects.bulk_create(bodies.values())
    g.bodies = bodies
    count = max(1, round(g.scale.schools / SCHOOLS_PER_MUNICIPALITY))
    g.municipalities = Municipality.objects.bulk_create(_municipalities(g, count))
    _make_authorities(g)
    sizes = _split(g.rng, g.scale.schools, count)
    schools = [
        _school(g, index, municipality, number)
        for index, (municipality, size) in enumerate(zip(g.municipalities, sizes, strict=True))
        for number in range(1, size + 1)
    ]
    g.schools = Organisation.objects.bulk_create(schools, batch_size=BATCH)


def _municipalities(g: Gen, count: int) -> list[Municipality]:
    kinds = Municipality.Kind
    pairs = [(root, kind) for root in words.PLACE_ROOTS for kind in kinds]
    chosen = g.rng.sample(pairs, k=min(count, len(pairs)))
    rows = []
    for root, kind in chosen:
        adjective = root + ("ий" if root.endswith("ск") else "ский")
        town = root if root.endswith("ск") else root + "ск"
        name = {
            kinds.URBAN_DISTRICT: f"Городской округ город {town}",
            kinds.MUNICIPAL_DISTRICT: f"{adjective} муниципальный район",
            kinds.MUNICIPAL_OKRUG: f"{adjective} муниципальный округ",
        }[kind]
        rows.append(Municipality(region=g.region, name=name, kind=kind))
    return rows


def _make_authorities(g: Gen) -> None:
    rows = []
    for municipality in g.municipalities:
        where = {"region": g.region, "municipality": municipality}
        rows.append(
            Organisation(
                kind=Kind.MUNICIPAL_AUTHORITY,
                name=f"Управление образования администрации муниципального образования "
                f"«{municipality.name}»",
                short_name="Управление образования",
                **where,
            )
        )
        rows.append(
            Organisation(
                kind=Kind.METHODOLOGICAL_CENTRE,
                name=f"Муниципальное казённое учреждение «Центр развития образования» "
                f"муниципального образования «{municipality.name}»",
                short_name="МКУ ЦРО",
                **where,
            )
        )
    made = Organisation.objects.bulk_create(rows)
    g.authorities = {m.pk: made[2 * i] for i, m in enumerate(g.municipalities)}


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """Split `total` schools between `parts` municipalities, unevenly, each at least one."""
    weights = [rng.uniform(0.4, 2.2) for _ in range(parts)]
    sizes = [max(1, int(total * w / sum(weights))) for w in weights]
    largest = sizes.index(max(sizes))
    sizes[largest] += total - sum(sizes)  # what rounding left over, or took too much
    return sizes


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def _school(g: Gen, index: int, municipality: Municipality, number: int) -> Organisation:
    rng = g.rng
    school_type = _weighted(rng, words.SCHOOL_TYPES)
    form = _weighted(rng, words.LEGAL_FORMS)
    urban = municipality.kind == Municipality.Kind.URBAN_DISTRICT or rng.random() < 0.35
    if urban:  # the town of the urban district, or the centre of the district: «Берёзовск»
        name = municipality.name.split()
        urban_district = municipality.kind == Municipality.Kind.URBAN_DISTRICT
        locality, genitive = name[-1] if urban_district else name[0][:-2], ""
    else:
        kind, kind_genitive, village, village_genitive = rng.choice(words.VILLAGES)
        locality, genitive = f"{kind} {village}", f" {kind_genitive} {village_genitive}"
    full, short = texts.SCHOOL_TYPE_WORDS[school_type]
    return Organisation(
        kind=Kind.SCHOOL,
        name=f"{texts.LEGAL_FORMS[form]} «{full[0].upper()}{full[1:]} № {number}»{genitive}",
        short_name=f"{form} {short} № {number}",
        region=g.region,
        municipality=municipality,
        code=f"{g.slot.code}-{index + 1:02d}{number:03d}",
        number=str(number),
        school_type=school_type,
        settlement=Organisation.Settlement.URBAN if urban else Organisation.Settlement.RURAL,
        locality=locality,
        head_name=g.names.full_and_short(unique=False)[0],
    )


# --- Statuses, people, users -------------------------------------------------------------------


def _make_statuses(g: Gen) -> None:
    """Choose ШНОР and ШНСУ for each year, mostly the same schools, and a few leaders."""
    rng, years = g.rng, len(g.years)
    strong = ("lyceum", "gymnasium")
    candidates = [s for s in g.schools if s.school_type not in strong]
    count = max(1, round(len(g.schools) * TARGET_SHARE))
    current = rng.sample(candidates, k=min(count, len(candidates)))
    left = rng.sample(candidates, k=min(count // 4, len(candidates)))  # left the programme
    for school in current + left:
        agos = {ago for ago in range(1, years) if rng.random() < 0.7}
        if school in current:
            agos.add(0)
        elif not agos and years > 1:
            agos.add(1)
        kind = rng.choices((texts.LR, texts.AC, "both"), (65, 25, 10))[0]
        held = g.statuses.setdefault(school.pk, {})
        for status in (texts.LR, texts.AC) if kind == "both" else (kind,):
            held[status] = held.get(status, set()) | agos
    for school in _leaders(g, current):
        g.statuses[school.pk] = {texts.LEADER: set(range(years))}
    SchoolStatus.objects.bulk_create(_status_rows(g), batch_size=BATCH)
    _make_partnerships(g)


def _make_partnerships(g: Gen) -> None:
    """Pair each target school with a leader of its municipality, where there is one."""
    leaders: dict[int | None, list[Organisation]] = {}
    for school in g.schools:
        if texts.LEADER in g.statuses.get(school.pk, {}):
            leaders.setdefault(school.municipality_id, []).append(school)
    rows = []
    for number, target in enumerate(g.targets(), 1):
        near = leaders.get(target.municipality_id)
        if near:
            signed = weekday(dt.date(g.year.start_year, 9, g.rng.randint(1, 25)),
                             g.year.starts, g.today)  # fmt: skip
            rows.append(Partnership(leader=g.rng.choice(near), target=target, first_year=g.year,
                                    agreement_number=str(number), agreement_date=signed,
                                    agreement_title=texts.PARTNERSHIP_TITLE))  # fmt: skip
    Partnership.objects.bulk_create(rows)


def _leaders(g: Gen, targets: list[Organisation]) -> list[Organisation]:
    """A leader in each municipality with target schools, then others up to 2 % of schools."""
    free = [s for s in g.schools if s.pk not in g.statuses and s.school_type != "nosh"]
    chosen: list[Organisation] = []
    for municipality in sorted({t.municipality_id for t in targets if t.municipality_id}):
        near = [s for s in free if s.municipality_id == municipality and s not in chosen]
        if near:
            chosen.append(g.rng.choice(near))
    rest = [s for s in free if s not in chosen]
    more = max(1, round(len(g.schools) * LEADER_SHARE)) - len(chosen)
    return chosen + g.rng.sample(rest, k=min(max(more, 0), len(rest)))


def _status_rows(g: Gen) -> Iterable[SchoolStatus]:
    for school in g.schools:
        for status, agos in g.statuses.get(school.pk, {}).items():
            for ago in sorted(agos, reverse=True):
                year = g.years[-1 - ago]
                yield SchoolStatus(
                    school=school,
                    academic_year=year,
                    status=status,
                    basis_text=f"приказ министерства образования от "
                    f"{ru_date(dt.date(year.start_year, 7, 10))} № {1189 + 17 * ago}",
                )


def _make_people(g: Gen) -> None:
    """Directors of every school, deputies of target schools, and the regional staff."""
    people: list[Person] = []
    for school in g.schools:
        surname, first, patronymic = school.head_name.split()
        short = f"{surname} {first[0]}.{patronymic[0]}."
        people.append(Person(full_name=school.head_name, short_name=short,
                             position="директор", organisation=school))  # fmt: skip
    for school in g.targets():
        g.deputies[school.pk] = g.names.person(school, "заместитель директора по УВР")
    staff = {
        "coordinator": g.names.person(g.bodies["ministry"], "начальник отдела общего образования"),
        "analyst": g.names.person(g.bodies["assessment"], "ведущий аналитик"),
        "curator": g.names.person(g.bodies["institute"], "старший методист"),
    }
    for municipality in g.municipalities:
        authority = g.authorities[municipality.pk]
        staff[f"mo{municipality.pk}"] = g.names.person(authority, "главный специалист")
    g.staff = staff
    Person.objects.bulk_create([*people, *g.deputies.values(), *staff.values()], batch_size=BATCH)
    _make_assignments(g)


def _make_assignments(g: Gen) -> None:
    role, rows = Assignment.Role, []
    curated = g.municipalities[: max(1, len(g.municipalities) // 3)]
    for municipality in curated:
        rows.append(Assignment(person=g.staff["curator"], role=role.CURATOR,
                               academic_year=g.year, municipality=municipality))  # fmt: skip
    for municipality in g.municipalities:
        rows.append(Assignment(person=g.staff[f"mo{municipality.pk}"], role=role.COORDINATOR,
                               academic_year=g.year, municipality=municipality))  # fmt: skip
    Assignment.objects.bulk_create(rows)


def usernames(code: str) -> dict[str, str]:
    """The logins of a region's regional users, by role."""
    return {
        "coordinator": f"r{code}-coordinator",
        "analyst": f"r{code}-analyst",
        "curator": f"r{code}-curator",
    }


def _user(g: Gen, username: str, role: str, person: Person, **where: Any) -> User:
    surname, first, _ = person.full_name.split()
    return User(
        username=username,
        password=g.password,
        role=role,
        region=g.region,
        person=person,
        first_name=first,
        last_name=surname,
        email=f"{username}@generated.orientir.example",
        **where,
    )


def _make_users(g: Gen) -> None:
    logins, bodies = usernames(g.slot.code), g.bodies
    regional = {
        "coordinator": (Role.REGIONAL_COORDINATOR, bodies["ministry"]),
        "analyst": (Role.REGIONAL_ANALYST, bodies["assessment"]),
        "curator": (Role.CURATOR, bodies["institute"]),
    }
    for key, (role, organisation) in regional.items():
        g.users[key] = _user(g, logins[key], role, g.staff[key], organisation=organisation)
    for index, municipality in enumerate(g.municipalities, 1):
        g.municipal_users[municipality.pk] = _user(
            g, f"r{g.slot.code}-mo{index:02d}", Role.MUNICIPAL_COORDINATOR,
            g.staff[f"mo{municipality.pk}"], municipality=municipality,
            organisation=g.authorities[municipality.pk],
        )  # fmt: skip
    for school in g.targets():
        g.school_users[school.pk] = _user(
            g, f"s{school.code}", Role.SCHOOL_MANAGER, g.deputies[school.pk],
            municipality=school.municipality, organisation=school,
        )  # fmt: skip
    User.objects.bulk_create(
        [*g.users.values(), *g.municipal_users.values(), *g.school_users.values()],
        batch_size=BATCH,
    )


# --- Plans ---------------------------------------------------------------------------------------


@dataclass
class Content:
    """What one plan holds before its rows exist: sections with their activities' titles."""

    plan: Plan
    author: User | None
    sections: list[tuple[str, list[str]]]
    diligence: float


def _plan(g: Gen, kind: str, title: str, owner: Organisation, **where: Any) -> Plan:
    state = Plan.State.APPROVED
    if kind != Plan.Kind.REGIONAL_PLAN:
        states = (Plan.State.APPROVED, Plan.State.AGREED, Plan.State.SUBMITTED, Plan.State.DRAFT)
        state = g.rng.choices(states, (6, 2, 1, 1))[0]
    approval = ""
    if state == Plan.State.APPROVED:
        day = weekday(dt.date(g.year.start_year, 9, g.rng.randint(1, 28)), g.year.starts, g.today)
        approval = f"приказом {owner.short_name} от {ru_date(day)} № {g.rng.randint(80, 460)}"
    return Plan(kind=kind, title=title, region=g.region, owner=owner, first_year=g.year,
                last_year=g.year, state=state, approval_text=approval, **where)  # fmt: skip


def _make_plans(g: Gen) -> list[Plan]:
    """The regional plan, a road map per municipality with target schools, their programmes."""
    y = g.words()
    period = f"на {y['y']}/{y['y1']} учебный год"
    regional = _plan(
        g, Plan.Kind.REGIONAL_PLAN,
        f"План мероприятий по поддержке школ с низкими образовательными результатами "
        f"{g.slot.genitive} {period}", g.bodies["ministry"],
    )  # fmt: skip
    Plan.objects.bulk_create([regional])
    targets: dict[int | None, list[Organisation]] = {}
    for school in g.targets():
        targets.setdefault(school.municipality_id, []).append(school)
    roadmaps: dict[int | None, Plan] = {
        m.pk: _plan(
            g,
            Plan.Kind.ROADMAP,
            f"Дорожная карта по повышению качества образования в школах с низкими "
            f"результатами обучения, муниципальное образование «{m.name}», {period}",
            g.authorities[m.pk],
            municipality=m,
            parent=regional,
        )
        for m in g.municipalities
        if m.pk in targets
    }
    Plan.objects.bulk_create(roadmaps.values())
    programmes = [
        (
            school,
            _plan(
                g,
                Plan.Kind.SCHOOL_PROGRAMME,
                f"Программа перехода {school.short_name} в эффективный режим "
                f"функционирования {period}",
                school,
                municipality=school.municipality,
                school=school,
                parent=roadmaps[school.municipality_id],
            ),
        )
        for school in g.targets()
    ]
    Plan.objects.bulk_create([plan for _, plan in programmes])
    contents = _contents(g, regional, roadmaps, programmes)
    _write_plans(g, contents)
    _make_indicators(g, list(roadmaps.values()))
    return [content.plan for content in contents]


def _contents(
    g: Gen,
    regional: Plan,
    roadmaps: dict[int | None, Plan],
    programmes: list[tuple[Organisation, Plan]],
) -> list[Content]:
    """What each plan will hold, written by whom, and how diligently it is carried out."""
    contents = [Content(regional, g.users["coordinator"], _regional_sections(), 0.9)]
    contents += [
        Content(plan, g.municipal_users[pk], _roadmap_sections(g.rng), g.rng.uniform(0.6, 0.95))
        for pk, plan in roadmaps.items()
    ]
    contents += [
        Content(
            plan, g.school_users[school.pk], _programme_sections(g.rng), g.rng.uniform(0.5, 0.95)
        )
        for school, plan in programmes
    ]
    return contents


def _regional_sections() -> list[tuple[str, list[str]]]:
    acts = list(words.REGIONAL_ACTIVITIES)
    return [("Организационное обеспечение", acts[:4]), ("Методическое сопровождение", acts[4:])]


def _roadmap_sections(rng: random.Random) -> list[tuple[str, list[str]]]:
    return [
        (title, rng.sample(words.ROADMAP_ACTIVITIES, k=rng.randint(3, 6)))
        for title in words.ROADMAP_SECTIONS
    ]


def _programme_sections(rng: random.Random) -> list[tuple[str, list[str]]]:
    """Between 30 and 60 activities over the programme's sections, as schools write them.

    No title twice in a programme: what a section with few titles cannot hold goes to the
    section of results, whose titles name subjects and grades.
    """
    total = rng.randint(30, 60)
    sections = words.PROGRAMME_SECTIONS
    taken: set[str] = set()
    result = [
        (title, _titles(rng, templates, size, taken))
        for (title, templates), size in zip(
            sections, _split(rng, total, len(sections)), strict=True
        )
    ]
    short = total - sum(len(titles) for _, titles in result)
    result[1][1].extend(_titles(rng, sections[1][1], short, taken))
    return result


def _titles(rng: random.Random, templates: Sequence[str], size: int, taken: set[str]) -> list[str]:
    titles: list[str] = []
    for _ in range(size * 20):
        if len(titles) == size:
            break
        subject, subject_genitive = rng.choice(words.SUBJECTS)
        title = rng.choice(templates).format(
            subject=subject, subject_genitive=subject_genitive, grades=rng.choice(words.GRADES)
        )
        if title not in taken:
            taken.add(title)
            titles.append(title)
    return titles


def _write_plans(g: Gen, contents: list[Content]) -> None:
    sections = [
        Section(plan=c.plan, number=f"{i}.", title=title, position=i)
        for c in contents
        for i, (title, _) in enumerate(c.sections, 1)
    ]
    Section.objects.bulk_create(sections, batch_size=BATCH)
    activities: list[tuple[Content, Activity]] = []
    made = iter(sections)
    for content in contents:
        position = 0
        for i, (_, titles) in enumerate(content.sections, 1):
            section = next(made)
            for j, title in enumerate(titles, 1):
                position += 1
                activity = _activity(g, content, section, f"{i}.{j}", position, title)
                activities.append((content, activity))
    Activity.objects.bulk_create([a for _, a in activities], batch_size=BATCH)
    _make_executions(g, activities)
    for content in contents:
        started = dt.date(g.year.start_year, 8, 25 + content.plan.pk % 7)
        _audit(g, "plan.create", content.plan, content.author, content.plan, None, started)


def _activity(
    g: Gen, content: Content, section: Section, number: str, position: int, title: str
) -> Activity:
    rng = g.rng
    activity = Activity(
        plan=content.plan,
        section=section,
        academic_year=g.year,
        number=number,
        position=position,
        title=title,
        responsible_text=", ".join(rng.sample(words.RESPONSIBLE, k=rng.randint(1, 2))),
        planned_result=rng.choice(words.RESULTS),
    )
    text = _weighted(rng, words.DEADLINES).format_map(g.words())
    if text not in g.deadlines:  # a region writes the same few hundred deadlines
        g.deadlines[text] = parse_deadline(text, g.year.start_year)
    parsed = g.deadlines[text]
    activity.deadline_text = text
    activity.deadline_kind = parsed.kind.value
    activity.deadline_start, activity.deadline_end = parsed.start, parsed.end
    activity.deadline_recurrence = parsed.recurrence.value if parsed.recurrence else ""
    status = _status(rng, activity, g.today, content.diligence)
    if _window(activity, g.today) is None and status != Status.PLANNED:
        status = Status.PLANNED
    if status == Status.PLANNED and activity.is_overdue(g.today) and rng.random() < 0.15:
        status = Status.NOT_DONE
        activity.status_reason = rng.choice(texts.NOT_DONE_REASONS)
    activity.status = status
    return activity


def _make_executions(g: Gen, activities: list[tuple[Content, Activity]]) -> None:
    """Executions with their documents (rows only) for what was done or is under way."""
    executions: list[tuple[Content, Execution]] = []
    for content, activity in activities:
        window = _window(activity, g.today)
        if activity.status not in (Status.DONE, Status.IN_PROGRESS) or window is None:
            continue
        repeated = activity.deadline_kind in ("continuous", "recurring")
        count = g.rng.randint(1, 3) if repeated else 1
        days = {weekday(random_day(g.rng, *window), *window) for _ in range(count)}
        executions += [(content, _execution(g, content, activity, day)) for day in sorted(days)]
        if activity.status == Status.DONE:
            _audit(g, "activity.status", activity, content.author, content.plan, activity,
                   max(days))  # fmt: skip
    Execution.objects.bulk_create([e for _, e in executions], batch_size=BATCH)
    documents: list[tuple[Content, Execution, Document]] = []
    for content, execution in executions:
        documents += [(content, execution, d) for d in _documents(g, content, execution)]
        _audit(g, "execution.create", execution, content.author, content.plan,
               execution.activity, execution.date)  # fmt: skip
    Document.objects.bulk_create([d for _, _, d in documents], batch_size=BATCH)
    for content, execution, document in documents:
        _audit(g, "document.create", document, content.author, content.plan,
               execution.activity, execution.date)  # fmt: skip


def _execution(g: Gen, content: Content, activity: Activity, day: dt.date) -> Execution:
    participants = g.rng.randint(6, 60)
    return Execution(
        activity=activity,
        date=day,
        date_text=ru_date_words(day),
        description=f"{g.rng.choice(texts.FORMATS).capitalize()}, {participants} участников. "
        f"{activity.planned_result}.",
        responsible_text=activity.responsible_text[:500],
        participants=participants,
        created_by=content.author,
    )


def _documents(g: Gen, content: Content, execution: Execution) -> list[Document]:
    rng, rows = g.rng, []
    assert execution.date is not None
    kinds = {_weighted(rng, words.DOCUMENT_KINDS) for _ in range(rng.randint(1, 2))}
    for kind in sorted(kinds):
        number = {"order": f"{rng.randint(12, 340)}-о", "protocol": str(rng.randint(1, 12))}
        label = Document.Kind(kind).label
        day = execution.date
        text = f"{label[0].upper()}{label[1:]} от {ru_date(day)}"
        if kind in number:
            text += f" № {number[kind]}"
        rows.append(
            Document(
                plan=content.plan,
                execution=execution,
                kind=kind,
                number=number.get(kind, ""),
                date=day,
                issuer=content.plan.owner.name,
                title=execution.activity.title[:1000],
                text=text,
                uploaded_by=content.author,
            )
        )
    return rows


def _make_indicators(g: Gen, roadmaps: list[Plan]) -> None:
    rng = g.rng
    indicators = [
        Indicator(plan=plan, group=spec.group, group_text=Indicator.Group(spec.group).label,
                  name=spec.name, unit=spec.unit, direction=spec.direction, position=position)
        for plan in roadmaps
        for position, spec in enumerate(texts.INDICATORS, 1)
    ]  # fmt: skip
    Indicator.objects.bulk_create(indicators, batch_size=BATCH)
    values = []
    specs = texts.INDICATORS * len(roadmaps)
    for indicator, spec in zip(indicators, specs, strict=True):
        planned = _indicator_plan(rng, spec, len(g.years))
        for year, value in zip(g.years, planned, strict=True):
            past = year.start_year < g.year.start_year
            actual: Decimal | None = _indicator_actual(rng, spec, value) if past else None
            values.append(IndicatorValue(indicator=indicator, academic_year=year,
                                         planned=value, actual=actual))  # fmt: skip
    IndicatorValue.objects.bulk_create(values, batch_size=BATCH)


# --- Results, comments -------------------------------------------------------------------------


def _spec(g: Gen, school: Organisation) -> texts.SchoolSpec:
    """The demo's description of a school, which its results and context are drawn from.

    Number 0: the demo keeps a few numbers for its resilient and rising schools.
    """
    held = g.statuses.get(school.pk, {})
    return texts.SchoolSpec(
        number=0,
        school_type=school.school_type,
        form="",
        locality=school.locality,
        locality_genitive="",
        rural=school.settlement == Organisation.Settlement.RURAL,
        statuses=tuple((status, tuple(sorted(agos))) for status, agos in held.items()),
    )


def _make_results(g: Gen) -> None:
    indicators = _indicators()
    results: list[dict[str, Any]] = []
    context: list[dict[str, Any]] = []
    for school in g.schools:
        spec = _spec(g, school)
        results += _school_results(g, school, spec)
        context += _context(g, school, spec, indicators)
    insert(AssessmentResult, results)
    insert(ContextValue, context)


def _context(
    g: Gen, school: Organisation, spec: texts.SchoolSpec, indicators: dict[str, ContextIndicator]
) -> list[dict[str, Any]]:
    """The social context of the demo's schools, harder where the school is a ШНСУ."""
    rng, rows = g.rng, []
    adversity, rural = _adversity(spec, rng), float(spec.rural)
    for year in g.years:
        a = adversity + rng.gauss(0, 0.05)
        for code, (base, slope, noise) in CONTEXT.items():
            if code == "rural":
                value = rural
            else:
                base += 0.06 * rural if code == "transported_share" else 0
                value = round(min(max(base + slope * a + rng.gauss(0, noise), 0.0), 1.0), 3)
            rows.append({"school_id": school.pk, "academic_year_id": year.pk,
                         "indicator_id": indicators[code].pk, "value": value})  # fmt: skip
    return rows


def _school_results(g: Gen, school: Organisation, spec: texts.SchoolSpec) -> list[dict[str, Any]]:
    """ВПР, ОГЭ and ЕГЭ of each year, lower in the years the school was a ШНОР."""
    rng = g.rng
    size = (
        RURAL_CLASS if spec.rural and spec.school_type == "sosh" else CLASS_SIZE[spec.school_type]
    )
    base = BASE_LEVEL[spec.school_type] + rng.gauss(0, 0.3)
    low = dict(spec.statuses).get(texts.LR, ())
    if texts.LEADER in dict(spec.statuses):
        base = max(base, 0.9)
    vpr, oge, ege = _grades(spec.school_type)
    rows = []
    for ago, year in zip(range(len(g.years) - 1, -1, -1), g.years, strict=True):
        level = (LOW if ago in low else base) + rng.gauss(0, 0.1)
        cells = [(AssessmentKind.VPR, "ВПР", s, grade, 1.0) for grade in vpr for s in CORE]
        if oge:
            cells += [(AssessmentKind.OGE, "ОГЭ", s, 9, 1.0) for s in CORE]
        for kind, name, subject, grade, _ in cells:
            n = max(3, round(size * rng.uniform(0.85, 1.1)))
            rows.append({"school_id": school.pk, "academic_year_id": year.pk, "kind": kind,
                         "assessment": name, "subject": subject, "grade": grade,
                         "participants": n, **_marks(level, n, rng)})  # fmt: skip
        graduates = max(4, round(size * rng.uniform(0.45, 0.6)))
        for subject, average, minimum, share in EGE_SUBJECTS if ege else ():
            n = max(1, round(graduates * share))
            rows.append({"school_id": school.pk, "academic_year_id": year.pk,
                         "kind": AssessmentKind.EGE, "assessment": "ЕГЭ", "subject": subject,
                         "grade": 11, "participants": n,
                         **_ege(level, n, average, minimum, rng)})  # fmt: skip
    return rows


def _make_comments(g: Gen, plans: list[Plan]) -> None:
    """Remarks of reviewers on some executions and of schools on their own plans."""
    rng = g.rng
    by_plan = {plan.pk: plan for plan in plans}
    executions = Execution.objects.filter(activity__plan__region=g.region).select_related(
        "activity"
    )
    reviewers = [g.users["curator"], g.users["coordinator"], *g.municipal_users.values()]
    comments = [
        Comment(
            plan=by_plan[e.activity.plan_id],
            activity=e.activity,
            execution=e,
            author=rng.choice(reviewers),
            text=rng.choice(words.COMMENTS),
        )
        for e in executions.order_by("pk")
        if rng.random() < 0.08
    ]
    Comment.objects.bulk_create(comments, batch_size=BATCH)
    for comment in comments:
        seen = comment.execution.date if comment.execution else None
        day = seen + dt.timedelta(days=1 + comment.pk % 5) if seen else None
        _audit(g, "comment.create", comment, comment.author, comment.plan, comment.activity, day)


# --- The same seed, the same data --------------------------------------------------------------


def digest(regions: Iterable[Region]) -> str:
    """A checksum of the key rows of `regions`, without their ids: equal for equal data."""
    pks = [region.pk for region in regions]
    queries: list[Iterable[Any]] = [
        Region.objects.filter(pk__in=pks).order_by("code").values_list("code", "name"),
        Organisation.objects.filter(region__in=pks)
        .order_by("region__code", "code", "name")
        .values_list("code", "name", "head_name", "municipality__name"),
        SchoolStatus.objects.filter(school__region__in=pks)
        .order_by("school__code", "academic_year__start_year", "status")
        .values_list("school__code", "academic_year__start_year", "status"),
        Activity.objects.filter(plan__region__in=pks)
        .order_by("plan__title", "plan__school__code", "position")
        .values_list("plan__title", "number", "title", "deadline_text", "status"),
        Execution.objects.filter(activity__plan__region__in=pks)
        .order_by(
            "activity__plan__title", "activity__plan__school__code", "activity__position", "date"
        )
        .values_list("date", "description"),
        AssessmentResult.objects.filter(school__region__in=pks)
        .order_by("school__code", "academic_year__start_year", "assessment", "subject", "grade")
        .values_list("participants", "failed", "mean_score"),
        User.objects.filter(region__in=pks).order_by("username").values_list("username", "role"),
    ]
    checksum = hashlib.sha256()
    for rows in queries:
        for row in rows:
            checksum.update(repr(row).encode())
    return checksum.hexdigest()


def counts() -> dict[str, int]:
    """What the database holds: the command's summary and the tests' proportions."""
    return {
        "regions": Region.objects.count(),
        "municipalities": Municipality.objects.count(),
        "schools": Organisation.objects.schools().count(),
        "target_schools": SchoolStatus.objects.filter(status__in=(texts.LR, texts.AC))
        .values("school")
        .distinct()
        .count(),
        "plans": Plan.objects.count(),
        "activities": Activity.objects.count(),
        "executions": Execution.objects.count(),
        "documents": Document.objects.count(),
        "indicators": Indicator.objects.count(),
        "results": AssessmentResult.objects.count(),
        "context_values": ContextValue.objects.count(),
        "users": User.objects.count(),
        "comments": Comment.objects.count(),
        "audit": AuditEvent.objects.count(),
    }
