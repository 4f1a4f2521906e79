"""Find the schools a results or context file names, and add unknown ones when asked to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from orientir.registry.models import Municipality, Organisation, Region
from orientir.results.parsing import Problem, SchoolRef

Key = tuple[str, str]  # (region as written, school_id)


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


@dataclass
class SchoolResolver:
    """Resolve (region, school_id) pairs to registry schools, all in one pass per file."""

    create: bool
    only_region: Region | None = None
    titles: dict[str, str] = field(default_factory=dict)
    found: dict[Key, Organisation] = field(default_factory=dict)
    created: list[Organisation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        regions = Region.objects.all() if self.only_region is None else [self.only_region]
        self.regions = list(regions)
        self.by_name = {_norm(r.name): r for r in self.regions} | {r.code: r for r in self.regions}

    def resolve(self, refs: Iterable[tuple[int, SchoolRef]]) -> None:
        for line, ref in refs:
            key = (ref.region, ref.school_id)
            if key not in self.found:
                school = self._one(line, ref)
                if school is not None:
                    self.found[key] = school
            elif ref.municipality:
                self._check_municipality(line, ref, self.found[key])

    def school(self, ref: SchoolRef) -> Organisation:
        return self.found[(ref.region, ref.school_id)]

    def _fail(self, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(line, self.titles.get(column, column), message))

    def _region(self, line: int, ref: SchoolRef) -> Region | None:
        region = self.by_name.get(_norm(ref.region)) or self.by_name.get(ref.region.strip())
        if region is not None:
            return region
        if self.only_region is not None:
            self._fail(line, "region", f"«{ref.region}» — не ваш регион ({self.only_region}).")
        elif not self.create:
            self._fail(line, "region", f"регион «{ref.region}» не найден в реестре.")
        else:
            region = Region.objects.create(name=ref.region, code=_free_region_code())
            self.regions.append(region)
            self.by_name[_norm(region.name)] = region
        return region

    def _one(self, line: int, ref: SchoolRef) -> Organisation | None:
        if ref.region:
            region = self._region(line, ref)
            if region is None:
                return None
            schools = list(_schools([region], ref.school_id))
        else:
            schools = list(_schools(self.regions, ref.school_id))
            if len(schools) > 1:
                message = f"код {ref.school_id} есть в нескольких регионах — укажите регион."
                self._fail(line, "school_id", message)
                return None
            region = schools[0].region if schools else self._only_region(line)
        if schools:
            self._check_municipality(line, ref, schools[0])
            return schools[0]
        if not self.create:
            message = f"школы с кодом {ref.school_id} нет в реестре (добавьте --create-schools)."
            self._fail(line, "school_id", message)
            return None
        return self._create(line, ref, region) if region is not None else None

    def _only_region(self, line: int) -> Region | None:
        if len(self.regions) == 1:
            return self.regions[0]
        self._fail(line, "region", "укажите регион: школа новая, а регионов в реестре несколько.")
        return None

    def _check_municipality(self, line: int, ref: SchoolRef, school: Organisation) -> None:
        own = school.municipality.name if school.municipality else ""
        if ref.municipality and _norm(ref.municipality) != _norm(own):
            message = f"школа {ref.school_id} в реестре относится к муниципалитету «{own}»."
            self._fail(line, "municipality", message)

    def _create(self, line: int, ref: SchoolRef, region: Region) -> Organisation | None:
        if not ref.municipality or not ref.school_name:
            self._fail(line, "school_name", "для новой школы нужны муниципалитет и название.")
            return None
        municipality = Municipality.objects.filter(region=region, name__iexact=ref.municipality)
        found = municipality.first() or Municipality.objects.create(
            region=region, name=ref.municipality
        )
        school = Organisation.objects.create(
            kind=Organisation.Kind.SCHOOL,
            name=ref.school_name,
            short_name=ref.school_name[:200],
            region=region,
            municipality=found,
            code=ref.school_id,
        )
        self.created.append(school)
        return school


def _schools(regions: list[Region], code: str) -> Iterable[Organisation]:
    return (
        Organisation.objects.schools()
        .filter(region__in=regions, code=code)
        .select_related("region", "municipality")
    )


def _free_region_code() -> str:
    """Pick an unused three-digit code for a region a file introduces (renamed later)."""
    used = set(Region.objects.values_list("code", flat=True))
    return next(str(code) for code in range(900, 1000) if str(code) not in used)
