"""The territory rule, checked on querysets; HTTP checks live beside the views' tests."""

from __future__ import annotations

from orientir.accounts.models import User
from orientir.execution.models import Document
from orientir.plans.models import Activity, Plan
from orientir.registry.models import Municipality, Organisation
from tests.base import BaseTestCase


class VisibilityTestCase(BaseTestCase):
    def plans(self, user: User) -> set[str]:
        return set(Plan.objects.visible_to(user).values_list("title", flat=True))

    def test_it_shows_the_whole_region_to_regional_users(self) -> None:
        every_plan = set(Plan.objects.values_list("title", flat=True))
        self.assertEqual(self.plans(self.alice), every_plan)
        self.assertEqual(self.plans(self.anna), every_plan)

    def test_it_shows_a_municipal_user_their_municipality_and_the_regional_plan(self) -> None:
        self.assertEqual(
            self.plans(self.bob),
            {
                "План мероприятий по поддержке школ",
                "Дорожная карта Лесного района",
                "Программа перехода СОШ № 4",
            },
        )

    def test_it_shows_a_school_its_programme_its_road_map_and_the_regional_plan(self) -> None:
        self.assertEqual(
            self.plans(self.sam),
            {
                "План мероприятий по поддержке школ",
                "Дорожная карта Лесного района",
                "Программа перехода СОШ № 4",
            },
        )

    def test_it_hides_another_schools_programme_in_the_same_municipality(self) -> None:
        self.assertNotIn("Программа перехода СОШ № 4", self.plans(self.sara))
        self.assertIn("Дорожная карта Лесного района", self.plans(self.sara))

    def test_it_shows_a_curator_only_the_assigned_municipality(self) -> None:
        self.assertEqual(
            self.plans(self.carl),
            {
                "План мероприятий по поддержке школ",
                "Дорожная карта Лесного района",
                "Программа перехода СОШ № 4",
            },
        )

    def test_it_shows_a_curator_without_assignments_only_the_regional_plan(self) -> None:
        self.carl.person.assignments.all().delete()
        self.assertEqual(self.plans(self.carl), {"План мероприятий по поддержке школ"})

    def test_it_carries_the_rule_through_activities_and_documents(self) -> None:
        self.assertEqual(
            set(Activity.objects.visible_to(self.mike)),
            {self.seaside_activity, self.programme12_activity},
        )
        self.assertEqual(list(Document.objects.visible_to(self.bob)), [self.forest_document])
        self.assertEqual(list(Document.objects.visible_to(self.tom)), [self.seaside_document])

    def test_it_limits_the_registry_to_the_territory(self) -> None:
        self.assertEqual(list(Municipality.objects.visible_to(self.bob)), [self.forest])
        self.assertEqual(list(Municipality.objects.visible_to(self.sam)), [])
        self.assertEqual(
            set(Organisation.objects.schools().visible_to(self.carl)), {self.school4, self.school6}
        )
        self.assertEqual(list(Organisation.objects.schools().visible_to(self.sam)), [self.school4])

    def test_it_shows_nothing_to_an_inactive_user_or_a_user_without_region(self) -> None:
        self.bob.is_active = False
        self.assertEqual(self.plans(self.bob), set())
        stray = User.objects.create_user("stray", password="x" * 12)
        self.assertEqual(self.plans(stray), set())

    def test_it_keeps_other_regions_out(self) -> None:
        from orientir.registry.models import Region

        other = Region.objects.create(name="Северная область", code="98")
        self.alice.region = other
        self.assertEqual(self.plans(self.alice), set())


class EditabilityTestCase(BaseTestCase):
    def editable(self, user: User) -> set[str]:
        return set(Plan.objects.editable_by(user).values_list("title", flat=True))

    def test_it_lets_the_regional_coordinator_edit_only_region_wide_plans(self) -> None:
        self.assertEqual(self.editable(self.alice), {"План мероприятий по поддержке школ"})

    def test_it_lets_a_municipal_coordinator_edit_plans_of_their_municipality(self) -> None:
        self.assertEqual(
            self.editable(self.bob), {"Дорожная карта Лесного района", "Программа перехода СОШ № 4"}
        )

    def test_it_lets_a_school_edit_only_its_programme(self) -> None:
        self.assertEqual(self.editable(self.sam), {"Программа перехода СОШ № 4"})
        self.assertEqual(self.editable(self.sara), set())

    def test_it_gives_analysts_and_curators_nothing_to_edit(self) -> None:
        self.assertEqual(self.editable(self.anna), set())
        self.assertEqual(self.editable(self.carl), set())
