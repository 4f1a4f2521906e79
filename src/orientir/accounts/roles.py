"""The roles of DOMAIN.md's users table, and what each role is by the territory it covers.

This module and `rules.py` are the only places that name a role: everything else asks
`rules.py` what a user may do, and `scope.py` asks the predicates below whose territory a
user covers. A test (tests/test_rulebook.py) greps the tree for role names elsewhere.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.db import models
from django.db.models import Q


class User(Protocol):
    """What these predicates read of `accounts.models.User` (which builds on this module)."""

    role: str
    region_id: int | None
    municipality_id: int | None
    organisation_id: int | None
    is_active: bool

    @property
    def is_authenticated(self) -> bool: ...


class Role(models.TextChoices):
    REGIONAL_COORDINATOR = "regional_coordinator", "региональный координатор"
    REGIONAL_ANALYST = "regional_analyst", "региональный аналитик"
    CURATOR = "curator", "куратор"
    MUNICIPAL_COORDINATOR = "municipal_coordinator", "муниципальный координатор"
    SCHOOL_MANAGER = "school_manager", "представитель школы"


REGIONAL_ROLES = (Role.REGIONAL_COORDINATOR, Role.REGIONAL_ANALYST)
# The assignment (`registry.Assignment.role`) that gives a curator their territory.
CURATOR_ASSIGNMENT = "curator"


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def sees_whole_region(user: User) -> bool:
    """A regional coordinator or analyst: the whole region, every municipality in it."""
    return _active(user) and user.role in REGIONAL_ROLES


def keeps_region(user: User) -> bool:
    """The regional coordinator: keeps the regional plan and reviews the municipalities'."""
    return _active(user) and user.role == Role.REGIONAL_COORDINATOR and bool(user.region_id)


def is_analyst(user: User) -> bool:
    return _active(user) and user.role == Role.REGIONAL_ANALYST and bool(user.region_id)


def is_curator(user: User) -> bool:
    """A curator: sees the municipalities and schools assigned to them."""
    return _active(user) and user.role == Role.CURATOR


def keeps_municipality(user: User) -> bool:
    """A municipal coordinator with their municipality recorded."""
    return _active(user) and user.role == Role.MUNICIPAL_COORDINATOR and bool(user.municipality_id)


def keeps_school(user: User) -> bool:
    """A school's representative with their school recorded."""
    return _active(user) and user.role == Role.SCHOOL_MANAGER and bool(user.organisation_id)


def is_school_user(user: User) -> bool:
    """A school's representative, with or without a school recorded."""
    return _active(user) and user.role == Role.SCHOOL_MANAGER


def has_role(user: User) -> bool:
    return _active(user) and bool(user.role)


def territory_problems(user: User) -> dict[str, str]:
    """Say which territory a user of their role lacks, by field (for `User.clean`)."""
    if user.role and not user.region_id:
        return {"region": "Укажите регион пользователя."}
    if user.role == Role.MUNICIPAL_COORDINATOR and not user.municipality_id:
        return {"municipality": "Муниципальному координатору нужен муниципалитет."}
    if user.role == Role.SCHOOL_MANAGER and not user.organisation_id:
        return {"organisation": "Представителю школы нужна школа."}
    return {}


def user_constraints() -> list[models.BaseConstraint]:
    """The same requirement in the database: a role's territory is never missing."""
    return [
        models.CheckConstraint(
            condition=~Q(role=Role.MUNICIPAL_COORDINATOR.value) | Q(municipality__isnull=False),
            name="municipal_user_has_municipality",
        ),
        models.CheckConstraint(
            condition=~Q(role=Role.SCHOOL_MANAGER.value)
            | Q(organisation__isnull=False, municipality__isnull=False),
            name="school_user_has_school",
        ),
    ]
