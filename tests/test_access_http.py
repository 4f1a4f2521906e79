"""Access over HTTP: every page refuses outsiders, anonymous users and wrong methods.

Page-specific behaviour lives in the `test_web_*` files; here are the rules every view
shares, checked over all of them at once, and the access helper the views rely on.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from orientir.accounts.access import (
    get_editable_or_403,
    get_visible_or_404,
    visible_ids,
    visible_or_none,
)
from orientir.accounts.models import User
from orientir.plans.models import Plan
from orientir.registry.models import AcademicYear, Organisation, Region
from orientir.registry.regions import get_region_or_404, visible_regions
from tests.base import PASSWORD, BaseTestCase

HUGE_ID = 2**70


class AccessHttpTestCase(BaseTestCase):
    def pages(self) -> list[str]:
        return [
            reverse("home"),
            reverse("region", args=[self.region.pk]),
            reverse("municipality", args=[self.forest.pk]),
            reverse("school", args=[self.school4.pk]),
            reverse("plan", args=[self.forest_roadmap.pk]),
            reverse("activity", args=[self.forest_activity.pk]),
            reverse("document-download", args=[self.forest_document.pk]),
        ]

    def assert_not_found(self, username: str, urls: list[str]) -> None:
        self.client.login(username=username, password=PASSWORD)
        for url in urls:
            with self.subTest(user=username, url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_sends_anonymous_users_to_the_login_page(self) -> None:
        for url in self.pages():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertRedirects(
                    response, f"{reverse('login')}?next={url}", fetch_redirect_response=False
                )

    def test_it_answers_405_to_a_post_on_every_read_only_page(self) -> None:
        self.client.login(username="alice", password=PASSWORD)
        for url in self.pages():
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url).status_code, 405)

    def test_it_answers_head_like_get(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.head(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertEqual(response.status_code, 200)

    def test_it_answers_404_to_ids_that_do_not_exist(self) -> None:
        self.client.login(username="alice", password=PASSWORD)
        for name in ("region", "municipality", "school", "plan", "activity", "document-download"):
            for pk in (0, 999_999, HUGE_ID):
                with self.subTest(page=name, pk=pk):
                    self.assertEqual(self.client.get(reverse(name, args=[pk])).status_code, 404)

    def test_it_answers_404_to_ids_that_are_not_numbers(self) -> None:
        self.client.login(username="alice", password=PASSWORD)
        for url in ("/plans/abc/", "/activities/-1/", "/schools/1.5/", "/documents/x/download/"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_hides_lesnoy_objects_from_the_primorsk_coordinator(self) -> None:
        self.assert_not_found(
            "mike",
            [
                reverse("municipality", args=[self.forest.pk]),
                reverse("school", args=[self.school4.pk]),
                reverse("plan", args=[self.forest_roadmap.pk]),
                reverse("plan", args=[self.programme4.pk]),
                reverse("activity", args=[self.forest_activity.pk]),
                reverse("document-download", args=[self.forest_document.pk]),
            ],
        )

    def test_it_hides_primorsk_objects_from_the_lesnoy_coordinator(self) -> None:
        self.assert_not_found(
            "bob",
            [
                reverse("municipality", args=[self.seaside.pk]),
                reverse("school", args=[self.school12.pk]),
                reverse("plan", args=[self.seaside_roadmap.pk]),
                reverse("plan", args=[self.programme12.pk]),
                reverse("activity", args=[self.seaside_activity.pk]),
                reverse("activity", args=[self.programme12_activity.pk]),
                reverse("document-download", args=[self.seaside_document.pk]),
            ],
        )

    def test_it_hides_lesnoy_objects_from_a_primorsk_school(self) -> None:
        self.assert_not_found(
            "tom",
            [
                reverse("municipality", args=[self.forest.pk]),
                reverse("school", args=[self.school4.pk]),
                reverse("school", args=[self.school6.pk]),
                reverse("plan", args=[self.forest_roadmap.pk]),
                reverse("plan", args=[self.programme4.pk]),
                reverse("activity", args=[self.forest_activity.pk]),
                reverse("activity", args=[self.programme4_activity.pk]),
                reverse("document-download", args=[self.forest_document.pk]),
            ],
        )

    def test_it_hides_other_schools_from_a_school(self) -> None:
        self.assert_not_found(
            "sam",
            [
                reverse("school", args=[self.school6.pk]),
                reverse("school", args=[self.school12.pk]),
                reverse("plan", args=[self.programme12.pk]),
                reverse("activity", args=[self.programme12_activity.pk]),
                reverse("municipality", args=[self.forest.pk]),
            ],
        )

    def test_it_hides_another_region_even_from_its_regional_coordinator(self) -> None:
        other = Region.objects.create(name="Северная область", code="98")
        self.assert_not_found("alice", [reverse("region", args=[other.pk])])

    def test_it_hides_everything_from_a_curator_outside_the_assignment(self) -> None:
        self.carl.person.assignments.all().delete()
        self.assert_not_found(
            "carl",
            [
                reverse("municipality", args=[self.forest.pk]),
                reverse("plan", args=[self.forest_roadmap.pk]),
                reverse("document-download", args=[self.forest_document.pk]),
            ],
        )


class AccessHelperTestCase(BaseTestCase):
    def test_it_returns_a_visible_object(self) -> None:
        plan = get_visible_or_404(Plan, self.bob, pk=self.forest_roadmap.pk)
        self.assertEqual(plan, self.forest_roadmap)

    def test_it_takes_a_queryset_as_well_as_a_model(self) -> None:
        plans = Plan.objects.filter(kind=Plan.Kind.ROADMAP)
        with self.assertRaises(Http404):
            get_visible_or_404(plans, self.bob, pk=self.regional_plan.pk)

    def test_it_raises_404_for_an_object_out_of_sight(self) -> None:
        with self.assertRaises(Http404):
            get_visible_or_404(Plan, self.mike, pk=self.forest_roadmap.pk)

    def test_it_raises_403_for_an_object_seen_but_not_editable(self) -> None:
        with self.assertRaises(PermissionDenied):
            get_editable_or_403(Plan, self.carl, pk=self.forest_roadmap.pk)
        with self.assertRaises(PermissionDenied):
            get_editable_or_403(Plan, self.sam, pk=self.forest_roadmap.pk)

    def test_it_raises_404_rather_than_403_for_an_object_out_of_sight(self) -> None:
        with self.assertRaises(Http404):
            get_editable_or_403(Plan, self.mike, pk=self.forest_roadmap.pk)

    def test_it_returns_an_editable_object(self) -> None:
        self.assertEqual(
            get_editable_or_403(Plan, self.bob, pk=self.forest_roadmap.pk), self.forest_roadmap
        )
        self.assertEqual(
            get_editable_or_403(Plan, self.sam, pk=self.programme4.pk), self.programme4
        )

    def test_it_refuses_a_model_without_a_territory_rule(self) -> None:
        with self.assertRaises(TypeError):
            get_visible_or_404(AcademicYear, self.alice, pk=self.year.pk)

    def test_it_answers_none_for_what_is_out_of_sight(self) -> None:
        self.assertIsNone(visible_or_none(Plan, self.mike, self.forest_roadmap.pk))
        self.assertIsNone(visible_or_none(Plan, self.bob, None))
        self.assertEqual(visible_or_none(Plan, self.bob, self.regional_plan.pk), self.regional_plan)

    def test_it_filters_ids_to_the_visible_ones(self) -> None:
        ids = [self.school4.pk, self.school6.pk, self.school12.pk, None]
        self.assertEqual(visible_ids(Organisation, self.sam, ids), {self.school4.pk})
        self.assertEqual(visible_ids(Organisation, self.sam, []), set())

    def test_it_opens_only_the_users_own_region(self) -> None:
        other = Region.objects.create(name="Северная область", code="98")
        self.assertEqual(list(visible_regions(self.bob)), [self.region])
        self.assertEqual(get_region_or_404(self.tom, self.region.pk), self.region)
        with self.assertRaises(Http404):
            get_region_or_404(self.alice, other.pk)

    def test_it_opens_every_region_to_a_superuser(self) -> None:
        other = Region.objects.create(name="Северная область", code="98")
        root = User.objects.create_superuser("root", password=PASSWORD)
        self.assertEqual(get_region_or_404(root, other.pk), other)

    def test_it_opens_no_region_to_an_inactive_user(self) -> None:
        self.bob.is_active = False
        self.assertEqual(list(visible_regions(self.bob)), [])
