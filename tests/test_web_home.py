"""The front door sends every user to the page of their own territory."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from orientir.accounts.models import User
from orientir.registry.models import Region
from tests.base import PASSWORD, BaseTestCase


class HomeTestCase(BaseTestCase):
    def home_for(self, username: str) -> str:
        self.client.login(username=username, password=PASSWORD)
        response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 302)
        return response["Location"]

    def test_it_sends_regional_users_and_curators_to_their_region(self) -> None:
        for username in ("alice", "anna", "carl"):
            with self.subTest(user=username):
                self.assertEqual(self.home_for(username), reverse("region", args=[self.region.pk]))

    def test_it_sends_a_municipal_coordinator_to_their_municipality(self) -> None:
        self.assertEqual(self.home_for("bob"), reverse("municipality", args=[self.forest.pk]))
        self.assertEqual(self.home_for("mike"), reverse("municipality", args=[self.seaside.pk]))

    def test_it_sends_a_school_manager_to_their_school(self) -> None:
        self.assertEqual(self.home_for("sam"), reverse("school", args=[self.school4.pk]))
        self.assertEqual(self.home_for("tom"), reverse("school", args=[self.school12.pk]))

    def test_it_sends_a_superuser_without_a_region_to_the_first_region(self) -> None:
        Region.objects.create(name="Алая область", code="01")
        User.objects.create_superuser("root", password=PASSWORD)
        first = Region.objects.get(code="01")
        self.assertEqual(self.home_for("root"), reverse("region", args=[first.pk]))

    def test_it_tells_a_user_without_a_territory_to_ask_the_administrator(self) -> None:
        User.objects.create_user("newcomer", password=PASSWORD)
        self.client.login(username="newcomer", password=PASSWORD)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Территория не назначена")
        self.assertContains(response, "Обратитесь к администратору")

    def test_it_shows_the_users_name_role_and_territory_in_the_header(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.get(reverse("municipality", args=[self.forest.pk]))
        self.assertContains(response, "Bob")
        self.assertContains(response, "муниципальный координатор · Лесной район")
        self.assertContains(response, f'href="{reverse("region", args=[self.region.pk])}"')
        self.assertContains(response, ">Муниципалитет</a>")
        self.assertNotContains(response, ">Школа</a>")
        self.assertNotContains(response, "Администрирование")

    def test_it_shows_a_school_manager_the_school_link(self) -> None:
        self.client.login(username="sam", password=PASSWORD)
        response = self.client.get(reverse("school", args=[self.school4.pk]))
        self.assertContains(response, "представитель школы · МБОУ СОШ № 4")
        school_url = reverse("school", args=[self.school4.pk])
        self.assertContains(response, f'<a href="{school_url}" aria-current="page">Школа</a>')
        self.assertNotContains(response, ">Муниципалитет</a>")

    def test_it_links_the_tools_of_each_role_in_the_header(self) -> None:
        expected = {
            "alice": ["Отбор школ", "Правила подтверждения", "Загрузить документ"],
            "anna": ["Отбор школ"],
            "bob": ["Загрузить документ"],
            "sam": ["Загрузить документ"],
        }
        absent = {
            "anna": ["Правила подтверждения", "Загрузить документ"],
            "bob": ["Отбор школ", "Правила подтверждения"],
            "sam": ["Отбор школ", "Правила подтверждения"],
        }
        for username, labels in expected.items():
            with self.subTest(username=username):
                self.client.login(username=username, password=PASSWORD)
                response = self.client.get(reverse("home"), follow=True)
                for label in labels:
                    self.assertContains(response, f">{label}</a>")
                for label in absent.get(username, []):
                    self.assertNotContains(response, f">{label}</a>")

    def test_it_shows_staff_the_administration_link(self) -> None:
        User.objects.filter(pk=self.alice.pk).update(is_staff=True)
        self.client.login(username="alice", password=PASSWORD)
        response = self.client.get(reverse("region", args=[self.region.pk]))
        self.assertContains(response, f'href="{reverse("admin:index")}"')
        self.assertContains(response, "Администрирование")

    def test_it_writes_pages_in_russian_with_our_own_stylesheet(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.get(reverse("municipality", args=[self.forest.pk]))
        self.assertContains(response, '<html lang="ru">')
        self.assertContains(response, 'href="/static/orientir/orientir.css"')
        self.assertNotContains(response, "https://")


class HomeWithoutRegionsTestCase(TestCase):
    def test_it_sends_a_superuser_to_the_admin_when_there_is_no_region(self) -> None:
        User.objects.create_superuser("root", password=PASSWORD)
        self.client.login(username="root", password=PASSWORD)
        response = self.client.get(reverse("home"))
        self.assertRedirects(response, reverse("admin:index"))
