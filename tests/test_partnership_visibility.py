"""A partnership plan is seen by its two partners, their municipality and the region (issue 9.5)."""

from __future__ import annotations

from django.urls import reverse

from orientir.accounts.roles import Role
from orientir.execution.models import Document
from orientir.plans.models import Plan
from orientir.registry.models import Partnership
from tests.base import BaseTestCase, make_activity, make_evidence, make_plan, make_school, make_user


class PartnershipVisibilityTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.school9 = make_school(cls.forest, "9", "99-0109")
        cls.nina = make_user("nina", Role.SCHOOL_MANAGER, organisation=cls.school9)
        partnership = Partnership.objects.create(
            leader=cls.school6, target=cls.school4, first_year=cls.year
        )
        cls.pair_plan = make_plan(
            Plan.Kind.PARTNERSHIP_PLAN,
            "План партнёрства СОШ № 6 и СОШ № 4",
            cls.forest_authority,
            cls.year,
            municipality=cls.forest,
            partnership=partnership,
        )
        activity = make_activity(cls.pair_plan, "1.", "Взаимопосещение уроков", "ноябрь")
        cls.pair_execution, cls.pair_document = make_evidence(activity, "12-п")

    def test_it_shows_the_plan_to_both_partners_the_municipality_and_the_region(self) -> None:
        for user in (self.sam, self.sara, self.bob, self.alice, self.anna, self.carl):
            with self.subTest(user=user.username):
                self.assertTrue(Plan.objects.visible_to(user).filter(pk=self.pair_plan.pk))

    def test_it_hides_the_plan_and_its_evidence_from_another_school_of_the_municipality(
        self,
    ) -> None:
        self.assertFalse(Plan.objects.visible_to(self.nina).filter(pk=self.pair_plan.pk))
        self.assertFalse(Document.objects.visible_to(self.nina).filter(pk=self.pair_document.pk))
        # the municipality's road map is still shared with every school of it
        self.assertTrue(Plan.objects.visible_to(self.nina).filter(pk=self.forest_roadmap.pk))

    def test_it_answers_404_to_another_school_over_http(self) -> None:
        self.client.force_login(self.nina)
        for url in (
            reverse("plan", args=[self.pair_plan.pk]),
            reverse("document-download", args=[self.pair_document.pk]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.sara)
        self.assertEqual(
            self.client.get(reverse("plan", args=[self.pair_plan.pk])).status_code, 200
        )

    def test_it_lets_only_the_keeper_edit_it(self) -> None:
        self.assertTrue(Plan.objects.editable_by(self.bob).filter(pk=self.pair_plan.pk))
        for user in (self.sam, self.sara, self.nina):
            with self.subTest(user=user.username):
                self.assertFalse(Plan.objects.editable_by(user).filter(pk=self.pair_plan.pk))
