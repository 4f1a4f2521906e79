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
# Where a curator's territory is kept on the user object for the rest of the request.
CURATOR_CACHE = "_curator_territory"


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


def _curator_territory(user: User) -> tuple[list[int], list[int]]:
    """The municipalities assigned to a curator, and every organisation they cover.

    The organisations are those assigned and all of the assigned municipalities', so that
    each `visible()` filter is `… IN (literal ids)`: as subqueries OR-ed together PostgreSQL
    scanned every organisation of the country on every call. Read once per request in one
    query and kept on the user object, which lives as long as the request (Django loads
    `request.user` for each one). Read through the user's relations to their person and its
    assignments, so that this rule need not import the registry, which builds on it.
    """
    # getattr, not __dict__: `request.user` is a lazy object that passes attributes through.
    cached: tuple[list[int], list[int]] | None = getattr(user, CURATOR_CACHE, None)
    if cached is not None:
        return cached
    municipalities: set[int] = set()
    organisations: set[int] = set()
    if user.person_id is not None:
        for municipality, organisation in _curator_rows(user):
            if municipality is not None:
                municipalities.add(municipality)
            if organisation is not None:
                organisations.add(organisation)
    cached = (sorted(municipalities), sorted(organisations))
    setattr(user, CURATOR_CACHE, cached)
    return cached


def _curator_rows(user: User) -> models.QuerySet[Any, tuple[int | None, int | None]]:
    """(municipality, school) of each curator assignment, then (None, organisation) of each
    organisation in an assigned municipality: one query, by indexes from the person."""
    person = user._meta.get_field("person").related_model
    organisation = user._meta.get_field("organisation").related_model
    assert not isinstance(person, str) and not isinstance(organisation, str)
    assigned = person._default_manager.filter(
        pk=user.person_id, assignments__role=CURATOR_ASSIGNMENT
    ).values_list("assignments__municipality", "assignments__school")
    # No ordering anywhere: the models order by columns this union does not select.
    covered = organisation._default_manager.filter(
        municipality__assignments__person=user.person_id,
        municipality__assignments__role=CURATOR_ASSIGNMENT,
    ).values_list(models.Value(None, output_field=models.IntegerField()), "pk")
    return assigned.order_by().union(covered.order_by(), all=True).order_by()


@models.ForeignObject.register_lookup
@models.Field.register_lookup
class AnyOf(models.lookups.In):
    """`field__any_of=[ids]`: IN a literal list, sent to PostgreSQL as one array parameter
    (`= ANY(%s)`) so that hundreds of a curator's ids are neither bound one by one in
    Python nor planned one by one; other databases get the plain IN."""

    lookup_name = "any_of"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        if connection.vendor != "postgresql" or not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = [value for value in self.rhs if value is not None]
        return f"{lhs} = ANY(%s)", (*lhs_params, ids)


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


def _through_school(qs: type[TerritoryQuerySet[Any]]) -> bool:
    """Whether the objects' municipality is only their school's (a school's results, statuses)."""
    school = qs.school_path
    return (
        isinstance(school, str)
        and bool(school)
        and qs.municipality_path == f"{school}__municipality"
    )


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
        municipalities, organisations = _curator_territory(user)
        if _through_school(qs):
            # `organisations` holds every organisation of the curator's municipalities too, so
            # for a school's data the municipality adds nothing: without it the filter needs
            # no join to the schools and no OR (PostgreSQL evaluated the OR on every row of
            # the region's results instead of once per school).
            own = _any(qs.school_path, organisations, "any_of")
        else:
            own = _any(qs.municipality_path, municipalities, "any_of") | _any(
                qs.school_path, organisations, "any_of"
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
