"""The roles of DOMAIN.md's users table."""

from django.db import models


class Role(models.TextChoices):
    REGIONAL_COORDINATOR = "regional_coordinator", "региональный координатор"
    REGIONAL_ANALYST = "regional_analyst", "региональный аналитик"
    CURATOR = "curator", "куратор"
    MUNICIPAL_COORDINATOR = "municipal_coordinator", "муниципальный координатор"
    SCHOOL_MANAGER = "school_manager", "представитель школы"


REGIONAL_ROLES = (Role.REGIONAL_COORDINATOR, Role.REGIONAL_ANALYST)
# Those who keep plans, and so may bring them in from documents.
IMPORTING_ROLES = (Role.REGIONAL_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.SCHOOL_MANAGER)


def own_school_id(user: object) -> int | None:
    """Return the school a school manager acts for; None for every other role.

    Pages use it to default a choice of school to the user's own (the import form).
    """
    if getattr(user, "role", "") != Role.SCHOOL_MANAGER:
        return None
    return getattr(user, "organisation_id", None)
