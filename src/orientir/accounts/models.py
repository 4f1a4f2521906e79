"""Users: a role and the territory it covers."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from orientir.accounts.roles import REGIONAL_ROLES, Role


class User(AbstractUser):
    role = models.CharField("роль", max_length=32, choices=Role, blank=True)
    region = models.ForeignKey(
        "registry.Region", models.PROTECT, null=True, blank=True, related_name="users"
    )
    municipality = models.ForeignKey(
        "registry.Municipality", models.PROTECT, null=True, blank=True, related_name="users"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", models.PROTECT, null=True, blank=True, related_name="users"
    )
    person = models.OneToOneField(
        "registry.Person", models.SET_NULL, null=True, blank=True, related_name="user"
    )

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="municipal_coordinator") | Q(municipality__isnull=False),
                name="municipal_user_has_municipality",
            ),
            models.CheckConstraint(
                condition=~Q(role="school_manager")
                | Q(organisation__isnull=False, municipality__isnull=False),
                name="school_user_has_school",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.organisation_id and self.organisation is not None:
            self.municipality = self.organisation.municipality
            self.region = self.organisation.region
        elif self.municipality_id and self.municipality is not None:
            self.region = self.municipality.region
        if self.role and not self.region_id:
            raise ValidationError({"region": "Укажите регион пользователя."})
        if self.role == Role.MUNICIPAL_COORDINATOR and not self.municipality_id:
            raise ValidationError(
                {"municipality": "Муниципальному координатору нужен муниципалитет."}
            )
        if self.role == Role.SCHOOL_MANAGER and not self.organisation_id:
            raise ValidationError({"organisation": "Представителю школы нужна школа."})

    @property
    def is_regional(self) -> bool:
        return self.is_superuser or self.role in REGIONAL_ROLES

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
