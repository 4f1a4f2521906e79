"""Master data is kept in Django's admin by staff users."""

from __future__ import annotations

from django.urls import reverse

from orientir.accounts.models import User
from tests.base import BaseTestCase

CHANGELISTS = [
    "registry_region",
    "registry_municipality",
    "registry_organisation",
    "registry_person",
    "registry_academicyear",
    "registry_schoolstatus",
    "registry_partnership",
    "registry_assignment",
    "accounts_user",
    "plans_plan",
    "plans_activity",
    "execution_execution",
    "execution_document",
    "indicators_indicator",
    "audit_auditevent",
    "results_assessmentresult",
    "results_contextindicator",
    "results_contextvalue",
    "identification_identificationrun",
    "results_riskassessment",
    "execution_evidencerule",
    "publication_publication",
]


class AdminTestCase(BaseTestCase):
    def test_it_lists_every_kind_of_master_data_for_a_superuser(self) -> None:
        User.objects.create_superuser("root", password="корень-корень")
        self.client.login(username="root", password="корень-корень")
        for name in CHANGELISTS:
            response = self.client.get(reverse(f"admin:{name}_changelist"))
            self.assertEqual(response.status_code, 200, name)

    def test_it_opens_an_organisation_with_its_statuses(self) -> None:
        User.objects.create_superuser("root", password="корень-корень")
        self.client.login(username="root", password="корень-корень")
        url = reverse("admin:registry_organisation_change", args=[self.school4.pk])
        self.assertContains(self.client.get(url), "МБОУ СОШ № 4")

    def test_it_keeps_regional_users_out_of_the_admin(self) -> None:
        self.client.login(username="alice", password="пароль-для-тестов")
        response = self.client.get(reverse("admin:registry_region_changelist"))
        self.assertEqual(response.status_code, 302)
