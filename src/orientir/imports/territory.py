"""Find the region, municipality, school and owner an imported document belongs to."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import Case, Q, QuerySet, When

from orientir.accounts.access import get_editable_or_403
from orientir.accounts.rules import own_school_id
from orientir.imports.errors import ImportProblem
from orientir.registry.models import Municipality, Organisation, Region

# Words that name the kind of a territory, not the territory: «город Краснодар» is «Краснодар».
_KIND_WORDS = re.compile(
    r"\b(город|г|мо|муниципальное|муниципальный|образование|район|округ|городской|"
    r"администрация|администрации)\b\.?",
    re.I,
)


def territory_key(name: str) -> str:
    """Return a name without the words of its kind, for matching «г. Краснодар» to «Краснодар»."""
    text = _KIND_WORDS.sub(" ", name.lower().replace("ё", "е"))
    return " ".join(re.sub(r"[^\w-]", " ", text).split())


def find_region(text: str | None) -> Region:
    """Return the region named by code or name; without a name, the only region there is."""
    if text:
        found = Region.objects.filter(code=text.strip()).first() or (
            Region.objects.filter(name__iexact=text.strip()).first()
        )
        if found is None:
            raise ImportProblem(f"Регион «{text}» не найден в реестре (укажите код или название).")
        return found
    regions = list(Region.objects.all()[:2])
    if len(regions) != 1:
        raise ImportProblem(
            "Не указан регион: добавьте --region с кодом или названием региона из реестра."
            if regions
            else "В реестре нет ни одного региона: сначала заведите регион и муниципалитеты."
        )
    return regions[0]


def _by_name[T: (Municipality, Organisation)](queryset: QuerySet[T], text: str, what: str) -> T:
    exact = list(queryset.filter(name__iexact=text.strip())[:2])
    if len(exact) == 1:
        return exact[0]
    key = territory_key(text)
    matches = [item for item in queryset if key and territory_key(item.name) == key]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ImportProblem(f"{what} «{text}»: подходит несколько, уточните название.")
    raise ImportProblem(f"{what} «{text}» не найден в реестре.")


def find_municipality(region: Region, text: str | None) -> Municipality | None:
    """Return the municipality of `region` named `text` (with or without «город», «район»)."""
    if not text or not text.strip():
        return None
    return _by_name(Municipality.objects.filter(region=region), text, "Муниципалитет")


def find_school(
    region: Region, municipality: Municipality | None, text: str | None
) -> Organisation:
    """Return the school given by its code, short name or full name."""
    if not text or not text.strip():
        raise ImportProblem("Для программы перехода укажите школу (--school, код или название).")
    schools = Organisation.objects.schools().filter(region=region)
    if municipality is not None:
        schools = schools.filter(municipality=municipality)
    found = schools.filter(code=text.strip()).first() or (
        schools.filter(short_name__iexact=text.strip()).first()
    )
    return found or _by_name(schools, text, "Школа")


def owner_for(
    kind: str, region: Region, municipality: Municipality | None, school: Organisation | None
) -> Organisation:
    """Return who keeps a plan of `kind`: the ministry, the municipal authority or the school."""
    if school is not None:
        return school
    if municipality is None:
        owner = (
            Organisation.objects.filter(region=region, kind=Organisation.Kind.MINISTRY)
            .order_by("pk")
            .first()
        )
        where = f"региона «{region}» нет министерства образования"
    else:
        owner = (
            Organisation.objects.filter(
                municipality=municipality, kind=Organisation.Kind.MUNICIPAL_AUTHORITY
            )
            .order_by("pk")
            .first()
        )
        where = f"муниципалитета «{municipality}» нет органа управления образованием"
    if owner is None:
        raise ImportProblem(f"В реестре у {where}: заведите его, чтобы он вёл план.")
    return owner


def import_choices(user: Any) -> dict[str, QuerySet[Any]]:
    """Return the municipalities and schools `user` may import into: those they may edit."""
    return {
        "municipality": Municipality.objects.editable_by(user).select_related("region"),
        "school": Organisation.objects.schools().editable_by(user).select_related("municipality"),
    }


TERRITORY_KINDS = ("municipality", "school")
# How many territories the import form's search offers at once.
SEARCH_LIMIT = 20
_WHAT = {"municipality": ("Муниципалитет", "муниципалитетов"), "school": ("Школа", "школ")}
# A school's label: «МБОУ СОШ № 4 (код 99-0104), Лесной район».
_SCHOOL_LABEL = re.compile(r"^(?P<name>.+?) \(код (?P<code>[^)]+)\)(?:, (?P<where>.+))?$")


def territory_label(item: Municipality | Organisation) -> str:
    """Name a municipality with its region, a school with its code and municipality: a
    label that tells apart the «СОШ № 1» of different places, and that the form reads back."""
    if isinstance(item, Municipality):
        return f"{item.name}, {item.region.name}"
    code = f" (код {item.code})" if item.code else ""
    where = f", {item.municipality.name}" if item.municipality else ""
    return f"{item.short_name}{code}{where}"


def _contains(fields: tuple[str, ...], text: str) -> Q:
    """Any of `fields` containing `text` whatever its case: PostgreSQL's ILIKE folds
    Cyrillic, SQLite folds only Latin letters, so there the usual cases are tried."""
    found = Q(pk__in=[])
    variants = {text}
    if connection.vendor == "sqlite":
        variants |= {text.lower(), text.upper(), text.capitalize()}
    for variant in variants:
        for name in fields:
            found |= Q(**{f"{name}__icontains": variant})
    return found


def _search_fields(kind: str) -> tuple[str, ...]:
    return ("name",) if kind == "municipality" else ("short_name", "name", "code")


def search_territories(rows: QuerySet[Any], kind: str, text: str) -> list[dict[str, Any]]:
    """The first `SEARCH_LIMIT` of `rows` whose name (or a school's code) contains `text`."""
    text = " ".join(text.split())
    order = "name" if kind == "municipality" else "short_name"
    found = rows.filter(_contains(_search_fields(kind), text)) if text else rows
    # What the user sees (the short name, the code) matching comes before the full name.
    shown = ("name",) if kind == "municipality" else ("short_name", "code")
    seen = Case(When(_contains(shown, text), then=0), default=1)
    return [
        {"id": item.pk, "label": territory_label(item)}
        for item in found.order_by(seen, order, "pk")[:SEARCH_LIMIT]
    ]


def resolve_territory(rows: QuerySet[Any], kind: str, text: str) -> Any:
    """Return the one of `rows` that `text` names: a school by code, by name or by its label,
    a municipality by name or label, else by a part of the name. Refuse in Russian when
    nothing or several match."""
    text = " ".join(text.split())
    exact = Q(name__iexact=text)
    if kind == "school":
        exact = Q(code__iexact=text) | exact | Q(short_name__iexact=text)
        label = _SCHOOL_LABEL.match(text)
        if label:
            where = Q(municipality__name=label["where"]) if label["where"] else Q()
            exact = exact | (Q(short_name=label["name"], code=label["code"]) & where)
    elif ", " in text:
        name, region = text.rsplit(", ", 1)
        exact = exact | Q(name=name, region__name=region)
    found = list(rows.filter(exact)[:2]) or list(
        rows.filter(_contains(_search_fields(kind), text))[:2]
    )
    if len(found) == 1:
        return found[0]
    what, many = _WHAT[kind]
    if found:
        raise ImportProblem(
            f"{what}: под «{text}» подходит несколько {many}; уточните название или выберите "
            "из подсказок."
        )
    raise ImportProblem(
        f"{what} «{text}» не найден{'а' if kind == 'school' else ''} среди тех, куда вы можете "
        "загружать документы: проверьте название или код."
    )


def chosen_territory(
    user: Any, *, municipality_id: int | None, school_id: int | None
) -> dict[str, Any]:
    """Resolve the territory chosen on the import form; nothing chosen means the user's own.

    A school manager's own is their school, anyone else's their municipality (none for the
    region's users and a superuser: the region). A territory the user cannot see is 404, one
    they see but may not edit is 403.
    """
    school_id = school_id or own_school_id(user)
    school, municipality = None, None
    if school_id:
        school = get_editable_or_403(Organisation.objects.schools(), user, pk=school_id)
        municipality = school.municipality  # a school's user sees the school, not the registry
    elif municipality_id or user.municipality_id:
        pk = municipality_id or user.municipality_id
        municipality = get_editable_or_403(Municipality, user, pk=pk)
    region = municipality.region if municipality else user.region or find_region(None)
    return {"region": region, "municipality": municipality, "organisation": school}
