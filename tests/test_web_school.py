"""The school page: statuses by year, partnerships, curators and mentors, programmes."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.registry.models import (
    AcademicYear,
    Assignment,
    Organisation,
    Partnership,
    Person,
    SchoolStatus,
)
from tests.base import PASSWORD, BaseTestCase


class SchoolPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Partnership.objects.create(
            leader=cls.school6,
            target=cls.school4,
            first_year=cls.year,
            agreement_number="7",
            agreement_date=dt.date(2018, 8, 30),
        )
        mentor = Person.objects.create(
            full_name="Сидорова Мария Петровна",
            short_name="Сидорова М.П.",
            position="учитель математики",
            organisation=cls.school6,
        )
        Assignment.objects.create(
            person=mentor, role=Assignment.Role.MENTOR, school=cls.school4, academic_year=cls.year
        )

    def get(self, username: str, school_id: int) -> HttpResponse:
        self.client.login(username=username, password=PASSWORD)
        return self.client.get(reverse("school", args=[school_id]))

    def test_it_shows_the_school_to_its_manager(self) -> None:
        response = self.get("sam", self.school4.pk)
        self.assertContains(response, "<h1>МБОУ СОШ № 4</h1>", html=True)
        self.assertContains(
            response, "Муниципальное бюджетное общеобразовательное учреждение СОШ № 4"
        )
        self.assertContains(response, "сельская")

    def test_it_shows_statuses_by_academic_year(self) -> None:
        earlier = AcademicYear.objects.create(start_year=2017)
        SchoolStatus.objects.create(
            school=self.school4,
            academic_year=earlier,
            status="adverse_conditions",
            basis_text="Приказ от 11.07.2017 № 241",
        )
        response = self.get("sam", self.school4.pk)
        content = response.content.decode()
        self.assertLess(content.index("2018/2019"), content.index("2017/2018"))
        self.assertContains(response, ">ШНОР</span>")
        self.assertContains(response, ">ШНСУ</span>")
        self.assertContains(response, "Приказ от 11.07.2017 № 241")

    def test_it_shows_the_programme_and_the_road_map_of_the_municipality(self) -> None:
        response = self.get("sam", self.school4.pk)
        self.assertContains(response, "Программа перехода СОШ № 4")
        self.assertContains(response, "Дорожная карта Лесного района")
        self.assertNotContains(response, "Программа перехода СОШ № 12")

    def test_it_shows_partnerships_and_mentors(self) -> None:
        response = self.get("sam", self.school4.pk)
        self.assertContains(response, "Партнёрское соглашение № 7 от 30.08.2018")
        self.assertContains(response, "Сидорова Мария Петровна")
        self.assertContains(response, "наставник")

    def test_it_does_not_link_a_partner_school_the_user_cannot_open(self) -> None:
        response = self.get("sam", self.school4.pk)
        self.assertContains(response, "МБОУ СОШ № 6")
        self.assertNotContains(response, reverse("school", args=[self.school6.pk]))
        response = self.get("bob", self.school4.pk)
        self.assertContains(response, reverse("school", args=[self.school6.pk]))

    def test_it_links_the_municipality_only_for_those_who_may_open_it(self) -> None:
        municipality_url = reverse("municipality", args=[self.forest.pk])
        self.assertNotContains(self.get("sam", self.school4.pk), municipality_url)
        self.assertContains(self.get("bob", self.school4.pk), municipality_url)

    def test_it_shows_the_leader_school_its_partnership(self) -> None:
        response = self.get("sara", self.school6.pk)
        self.assertContains(response, "Партнёрское соглашение № 7")
        self.assertNotContains(response, "Программа перехода СОШ № 4")

    def test_it_hides_other_schools_from_a_school(self) -> None:
        self.assertEqual(self.get("sam", self.school6.pk).status_code, 404)
        self.assertEqual(self.get("sam", self.school12.pk).status_code, 404)
        self.assertEqual(self.get("tom", self.school4.pk).status_code, 404)

    def test_it_hides_schools_of_another_municipality(self) -> None:
        self.assertEqual(self.get("bob", self.school12.pk).status_code, 404)
        self.assertEqual(self.get("mike", self.school4.pk).status_code, 404)

    def test_it_answers_404_to_an_organisation_that_is_not_a_school(self) -> None:
        self.assertEqual(self.get("alice", self.forest_authority.pk).status_code, 404)
        self.assertEqual(self.get("alice", 999_999).status_code, 404)

    def test_it_sends_anonymous_users_to_log_in(self) -> None:
        url = reverse("school", args=[self.school4.pk])
        self.assertRedirects(self.client.get(url), f"/accounts/login/?next={url}")

    def test_it_refuses_a_post(self) -> None:
        self.client.login(username="sam", password=PASSWORD)
        self.assertEqual(
            self.client.post(reverse("school", args=[self.school4.pk])).status_code, 405
        )

    def tutor(self, name: str, mentee_of: Organisation) -> None:
        teacher = Person.objects.create(
            full_name=f"Учитель для {name}", short_name=name, organisation=mentee_of
        )
        tutor = Person.objects.create(full_name=name, short_name=name)
        Assignment.objects.create(
            person=tutor, role=Assignment.Role.TUTOR, mentee=teacher, academic_year=self.year
        )

    def test_it_shows_tutors_of_its_teachers_and_not_of_other_schools(self) -> None:
        self.tutor("Тьютор Лесная", self.school4)
        self.tutor("Тьютор Морская", self.school12)
        response = self.get("alice", self.school4.pk)
        self.assertContains(response, "Тьютор Лесная")
        self.assertContains(response, "Сидорова Мария Петровна")  # assigned to the school
        self.assertNotContains(response, "Тьютор Морская")

    def test_it_runs_the_same_queries_however_many_tutors_and_mentors(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("school", args=[self.school4.pk])
        with CaptureQueriesContext(connection) as small:
            self.client.get(url)
        for n in range(6):
            self.tutor(f"Тьютор {n}", self.school4)
        with self.assertNumQueries(len(small)):
            response = self.client.get(url)
        self.assertContains(response, "Тьютор 5")
