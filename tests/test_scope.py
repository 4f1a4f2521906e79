"""The territory rule, checked on querysets; HTTP checks live beside the views' tests."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

from django.apps import apps
from django.db import connection, models
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.accounts.models import User
from orientir.accounts.scope import NOTHING, TerritoryQuerySet, _any, _in_region, _is_null
from orientir.execution.models import Document
from orientir.plans.models import Activity, Plan
from orientir.registry.models import Assignment, Municipality, Organisation, Partnership
from tests.base import BaseTestCase, make_activity, make_plan, make_school


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


def _subquery_rule(user: User, qs: type[TerritoryQuerySet[Any]]) -> Q:
    """The curator's rule as it was written before literal ids: OR-ed subqueries of the
    assignments, read inside every query. The literal rule must see exactly the same."""
    if qs.whole_region:
        return _in_region(user, qs)
    assigned = Assignment.objects.filter(person=user.person_id, role=Assignment.Role.CURATOR)
    municipalities = assigned.filter(municipality__isnull=False).values("municipality")
    schools = assigned.filter(school__isnull=False).values("school")
    own = (
        _any(qs.municipality_path, municipalities, "in")
        | _any(qs.school_path, schools, "in")
        | _any(qs.school_path, municipalities, "municipality__in")
    )
    region_wide = _is_null(qs.municipality_path) if qs.shared_down else NOTHING
    return _in_region(user, qs) & (own | region_wide)


def _territory_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), TerritoryQuerySet)
    ]


class CuratorTerritoryTestCase(BaseTestCase):
    """A curator's territory is read once per request and applied as literal ids."""

    def fresh_carl(self) -> User:
        # A new object, as each request has: the territory is kept on the user object.
        return User.objects.get(pk=self.carl.pk)

    def assign(self, **where: object) -> None:
        Assignment.objects.create(
            person=self.carl.person, role=Assignment.Role.CURATOR, academic_year=self.year, **where
        )

    def assert_same_as_the_subquery_rule(self) -> None:
        carl = self.fresh_carl()
        for model in _territory_models():
            rows = model._default_manager.all()
            assert isinstance(rows, TerritoryQuerySet)
            with self.subTest(model=model.__name__):
                expected = set(rows.filter(_subquery_rule(carl, type(rows))).values_list("pk"))
                self.assertEqual(set(rows.visible_to(carl).values_list("pk")), expected)

    def test_it_sees_what_the_subquery_rule_saw_on_every_model(self) -> None:
        Assignment.objects.create(
            person=self.carl.person,
            role=Assignment.Role.MENTOR,
            school=self.school12,
            academic_year=self.year,
        )  # not a curator's assignment: gives no territory
        # A leader of the assigned municipality helping a school of another one: seen through
        # the leader's municipality, though the partnership's municipality is the target's.
        Partnership.objects.create(leader=self.school6, target=self.school12, first_year=self.year)
        self.assert_same_as_the_subquery_rule()  # a municipality
        self.assign(school=self.school12)
        self.assert_same_as_the_subquery_rule()  # and a school of another municipality
        Assignment.objects.filter(municipality=self.forest).delete()
        self.assert_same_as_the_subquery_rule()  # the school alone
        Assignment.objects.filter(person=self.carl.person).delete()
        self.assert_same_as_the_subquery_rule()  # nothing assigned

    def test_it_shows_an_assigned_school_of_another_municipality_but_not_its_road_map(
        self,
    ) -> None:
        self.assign(school=self.school12)
        titles = set(Plan.objects.visible_to(self.fresh_carl()).values_list("title", flat=True))
        self.assertIn("Программа перехода СОШ № 12", titles)
        self.assertNotIn("Дорожная карта города Приморска", titles)

    def test_it_reads_the_territory_once_for_all_visible_calls(self) -> None:
        carl = self.fresh_carl()
        with self.assertNumQueries(4):  # the territory, then one query per list
            list(Plan.objects.visible_to(carl))
            list(Activity.objects.visible_to(carl))
            list(Document.objects.visible_to(carl))
        sql, params = Plan.objects.visible_to(carl).query.sql_with_params()
        self.assertNotIn("registry_assignment", sql)
        self.assertNotIn("registry_organisation", sql)
        if connection.vendor == "postgresql":  # the ids as one array each, not one by one
            forest = Organisation.objects.filter(municipality=self.forest).order_by("pk")
            self.assertIn(list(forest.values_list("pk", flat=True)), params)
            self.assertIn("= ANY(", sql)

    @mock.patch("orientir.notifications.views.today", return_value=dt.date(2018, 10, 15))
    def test_it_keeps_the_header_badge_queries_fixed_as_the_territory_grows(
        self, _: mock.Mock
    ) -> None:
        self.client.force_login(self.carl)
        url = reverse("notifications-count")
        with CaptureQueriesContext(connection) as small:
            before = self.client.get(url).json()["count"]
        for n in range(5):
            municipality = Municipality.objects.create(region=self.region, name=f"Район № {n}")
            self.assign(municipality=municipality)
            school = make_school(municipality, f"{n}00", f"99-9{n}00")
            self.assign(school=make_school(self.seaside, f"{n}01", f"99-9{n}01"))
            make_activity(
                make_plan(
                    Plan.Kind.SCHOOL_PROGRAMME,
                    f"Программа перехода школы {n}",
                    school,
                    self.year,
                    municipality=municipality,
                    school=school,
                ),
                "1.",
                "Анализ результатов",
                "сентябрь 2018 года",
            )
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(url)
        # the new programmes' activities are overdue and the curator's to watch
        self.assertEqual(response.json()["count"], before + 5)
