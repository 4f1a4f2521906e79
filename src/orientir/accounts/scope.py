"""Access by territory, in one place.

Every model that belongs to a territory gets its queryset from `TerritoryQuerySet` and says
where its region, municipality and school are (`region_path`, `municipality_path`,
`school_path`). `visible_to(user)` and `editable_by(user)` then apply the same rule
everywhere:

- a regional coordinator or analyst sees the whole region;
- a curator sees the municipalities and schools assigned to them, and what is region-wide;
- a municipal coordinator sees their municipality;
- a school manager sees their school;
- with `shared_down`, what has no municipality (the regional plan) is seen by everybody in
  the region, and what has no school (a road map) by the schools of its municipality;
- a partnership plan (`partnership_path`) is seen by its two partner schools, not by every
  school of its municipality.

Only the level that owns an object edits it: the regional coordinator what is region-wide,
the municipal coordinator everything in the municipality, the school its own things.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from django.db import models
from django.db.models import Q

from orientir.accounts.roles import (
    CURATOR_ASSIGNMENT,
    is_curator,
    keeps_municipality,
    keeps_region,
    keeps_school,
    sees_whole_region,
)

if TYPE_CHECKING:
    from orientir.accounts.models import User

M = TypeVar("M", bound=models.Model)
Path = str | tuple[str, ...] | None
NOTHING = Q(pk__in=[])


def _paths(path: Path) -> tuple[str, ...]:
    if path is None:
        return ()
    return (path,) if isinstance(path, str) else path


def _any(path: Path, value: Any, lookup: str = "") -> Q:
    """Match `value` on any of the paths; the empty path means the object itself."""
    q = NOTHING
    for p in _paths(path):
        if not p and "__" in lookup:  # a relation of the object itself
            key = lookup
        else:
            key = "__".join(part for part in (p or "pk", lookup) if part)
        q = Q(**{key: value}) if q is NOTHING else q | Q(**{key: value})
    return q


def _is_null(path: Path) -> Q:
    return _any(path, True, "isnull") if path else NOTHING


def _curator_territory(user: User) -> tuple[models.QuerySet[Any], models.QuerySet[Any]]:
    """The municipalities assigned to a curator, and the condition on a school's path.

    Read through the user's own relation to their person and its assignments, so that this
    rule need not import the registry, which builds on it.
    """
    mine = user._meta.model._default_manager.filter(
        pk=user.pk, person__assignments__role=CURATOR_ASSIGNMENT
    )
    municipalities = mine.filter(person__assignments__municipality__isnull=False).values(
        "person__assignments__municipality"
    )
    schools = mine.filter(person__assignments__school__isnull=False).values(
        "person__assignments__school"
    )
    return municipalities, schools


def _partner_q(path: str, school_id: int | None) -> Q:
    return Q(**{f"{path}__target": school_id}) | Q(**{f"{path}__leader": school_id})


class TerritoryQuerySet(models.QuerySet[M]):
    region_path: ClassVar[Path] = None
    municipality_path: ClassVar[Path] = None
    school_path: ClassVar[Path] = None
    shared_down: ClassVar[bool] = False
    # Where the object's partnership is (a partnership plan's): a school sees such an object
    # when it is one of the two partners, not because it is in the municipality.
    partnership_path: ClassVar[str | None] = None
    # The region itself: everybody in it sees it, only a superuser changes it.
    whole_region: ClassVar[bool] = False

    def visible_to(self, user: User) -> Self:
        return self.filter(visibility_q(user, type(self)))

    def editable_by(self, user: User) -> Self:
        return self.filter(editability_q(user, type(self)))


def _in_region(user: User, qs: type[TerritoryQuerySet[Any]]) -> Q:
    if qs.region_path is None:
        return Q()
    return _any(qs.region_path, user.region_id)


def visibility_q(user: User, qs: type[TerritoryQuerySet[Any]]) -> Q:
    """Return the condition for what `user` may see among objects of `qs`."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    if user.region_id is None:
        return NOTHING
    region = _in_region(user, qs)
    if qs.whole_region or sees_whole_region(user):
        return region
    region_wide = _is_null(qs.municipality_path) if qs.shared_down else NOTHING
    if is_curator(user):
        municipalities, schools = _curator_territory(user)
        own = (
            _any(qs.municipality_path, municipalities, "in")
            | _any(qs.school_path, schools, "in")
            | _any(qs.school_path, municipalities, "municipality__in")
        )
        return region & (own | region_wide)
    if keeps_municipality(user):
        return region & (_any(qs.municipality_path, user.municipality_id) | region_wide)
    if keeps_school(user):
        own = _any(qs.school_path, user.organisation_id)
        if qs.partnership_path:
            own = own | _partner_q(qs.partnership_path, user.organisation_id)
        if qs.shared_down and user.municipality_id:
            municipal_wide = _any(qs.municipality_path, user.municipality_id) & _is_null(
                qs.school_path
            )
            if qs.partnership_path:
                municipal_wide = municipal_wide & _is_null(qs.partnership_path)
            own = own | municipal_wide | region_wide
        return region & own
    return NOTHING


def editability_q(user: User, qs: type[TerritoryQuerySet[Any]]) -> Q:
    """Return the condition for what `user` may change among objects of `qs`."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    if user.region_id is None:
        return NOTHING
    region = _in_region(user, qs)
    if keeps_region(user):
        return region & _is_null(qs.municipality_path)
    if keeps_municipality(user):
        return region & _any(qs.municipality_path, user.municipality_id)
    if keeps_school(user):
        return region & _any(qs.school_path, user.organisation_id)
    return NOTHING
