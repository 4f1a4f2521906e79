"""Users: a role and the territory it covers."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from orientir.accounts.roles import Role, territory_problems, user_constraints


class User(AbstractUser):
    role = models.CharField("роль", max_length=32, choices=Role, blank=True)
    region = models.ForeignKey(
        "registry.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="регион",
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="муниципалитет",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="организация",
    )
    person = models.OneToOneField(
        "registry.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name="человек в реестре",
    )

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        constraints = user_constraints()

    def clean(self) -> None:
        super().clean()
        if self.organisation_id and self.organisation is not None:
            self.municipality = self.organisation.municipality
            self.region = self.organisation.region
        elif self.municipality_id and self.municipality is not None:
            self.region = self.municipality.region
        problems = territory_problems(self)
        if problems:
            raise ValidationError(problems)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
