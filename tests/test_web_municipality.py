"""The municipality page: bodies, schools by year, partnerships, curators, plans."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.plans.models import Activity
from orientir.registry.models import (
    AcademicYear,
    Assignment,
    Organisation,
    Partnership,
    Person,
    SchoolStatus,
)
from tests.base import PASSWORD, BaseTestCase, make_school


class MunicipalityPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Organisation.objects.create(
            kind=Organisation.Kind.METHODOLOGICAL_CENTRE,
            name="Центр развития образования Лесного района",
            short_name="ЦРО",
            region=cls.region,
            municipality=cls.forest,
        )
        Partnership.objects.create(
            leader=cls.school6,
            target=cls.school4,
            first_year=cls.year,
            agreement_number="12",
            agreement_date=dt.date(2018, 8, 30),
        )

    def get(self, username: str, municipality_id: int | None = None) -> HttpResponse:
        self.client.login(username=username, password=PASSWORD)
        pk = municipality_id or self.forest.pk
        return self.client.get(reverse("municipality", args=[pk]))

    def test_it_shows_the_authority_and_the_methodological_centre(self) -> None:
        response = self.get("bob")
        self.assertContains(response, "<h1>Лесной район</h1>", html=True)
        self.assertContains(response, "Управление образованием Лесного района")
        self.assertContains(response, "Центр развития образования Лесного района")

    def test_it_lists_schools_with_type_settlement_and_statuses(self) -> None:
        response = self.get("bob")
        self.assertContains(response, "МБОУ СОШ № 4")
        self.assertContains(response, "МБОУ СОШ № 6")
        self.assertContains(response, "<td>СОШ</td>", html=True)
        self.assertContains(response, "<td>сельская</td>", html=True)
        self.assertContains(response, ">ШНОР</span>")
        self.assertContains(response, ">школа-лидер</span>")
        self.assertNotContains(response, "СОШ № 12")

    def test_it_shows_statuses_for_the_last_three_academic_years(self) -> None:
        for start in (2015, 2016, 2017):
            AcademicYear.objects.create(start_year=start)
        SchoolStatus.objects.create(
            school=self.school4,
            academic_year=AcademicYear.objects.get(start_year=2016),
            status="adverse_conditions",
        )
        response = self.get("bob")
        for name in ("2016/2017", "2017/2018", "2018/2019"):
            self.assertContains(response, f'<th scope="col" class="nowrap">{name}</th>', html=True)
        self.assertNotContains(response, "2015/2016")
        self.assertContains(response, ">ШНСУ</span>")

    def test_it_shows_partnerships_with_their_agreement(self) -> None:
        response = self.get("bob")
        self.assertContains(response, "Партнёрское соглашение № 12 от 30.08.2018")

    def test_it_shows_curators_assigned_to_the_municipality(self) -> None:
        response = self.get("bob")
        self.assertContains(response, "Карпов Андрей Ильич")
        self.assertContains(response, "методист ИРО")
        self.assertContains(response, "<td>куратор</td>", html=True)

    def test_it_shows_mentors_assigned_to_its_schools(self) -> None:
        mentor = Person.objects.create(
            full_name="Сидорова Мария Петровна", short_name="Сидорова М.П."
        )
        Assignment.objects.create(
            person=mentor, role=Assignment.Role.MENTOR, school=self.school4, academic_year=self.year
        )
        self.assertContains(self.get("bob"), "Сидорова Мария Петровна")

    # Read while the plans of 2018/2019 run: once their years are over they are closed.
    @mock.patch("orientir.web.territory_views.today", return_value=dt.date(2018, 10, 15))
    def test_it_lists_the_road_map_and_school_programmes_with_overdue_counts(
        self, _: mock.Mock
    ) -> None:
        Activity.objects.filter(pk=self.programme4_activity.pk).update(
            deadline_kind="until", deadline_end=dt.date(2018, 9, 30)
        )
        response = self.get("bob")
        content = response.content.decode()
        self.assertLess(
            content.index("Дорожная карта Лесного района"),
            content.index("Программа перехода СОШ № 4"),
        )
        self.assertContains(response, '<span class="overdue-count">1</span>', html=True)
        self.assertContains(response, "черновик")
        self.assertNotContains(response, "Дорожная карта города Приморска")

    def test_it_is_open_to_the_curator_and_the_region(self) -> None:
        for username in ("carl", "alice", "anna"):
            with self.subTest(user=username):
                self.assertContains(self.get(username), "Дорожная карта Лесного района")

    def test_it_hides_another_municipality(self) -> None:
        self.assertEqual(self.get("mike").status_code, 404)
        self.assertEqual(self.get("bob", self.seaside.pk).status_code, 404)

    def test_it_is_closed_to_schools(self) -> None:
        self.assertEqual(self.get("sam").status_code, 404)
        self.assertEqual(self.get("tom").status_code, 404)

    def test_it_answers_404_to_a_missing_municipality(self) -> None:
        self.assertEqual(self.get("alice", 999_999).status_code, 404)

    def test_it_sends_anonymous_users_to_log_in(self) -> None:
        url = reverse("municipality", args=[self.forest.pk])
        self.assertRedirects(self.client.get(url), f"/accounts/login/?next={url}")

    def test_it_refuses_a_post(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.post(reverse("municipality", args=[self.forest.pk]))
        self.assertEqual(response.status_code, 405)

    def test_it_links_only_schools_of_the_page(self) -> None:
        outsider = make_school(self.seaside, "30", "99-0230")
        Partnership.objects.create(leader=outsider, target=self.school4, first_year=self.year)
        response = self.get("bob")
        self.assertContains(response, "<td>МБОУ СОШ № 30</td>", html=True)
        self.assertNotContains(response, reverse("school", args=[outsider.pk]))


class MunicipalityPageAtScaleTestCase(BaseTestCase):
    """Partnerships and assignments are found from either side, by a query per side."""

    def mentor(self, name: str, **where: object) -> None:
        person = Person.objects.create(full_name=name, short_name=name)
        Assignment.objects.create(
            person=person, role=Assignment.Role.MENTOR, academic_year=self.year, **where
        )

    def grow(self, n: int) -> None:
        """Add `n` schools to each municipality, paired across them, each with a mentor."""
        start = Organisation.objects.count()
        for i in range(start, start + n):
            forest = make_school(self.forest, f"4{i:02}", f"99-14{i:02}")
            seaside = make_school(self.seaside, f"5{i:02}", f"99-25{i:02}")
            Partnership.objects.create(leader=forest, target=seaside, first_year=self.year)
            Partnership.objects.create(leader=seaside, target=forest, first_year=self.year)
            self.mentor(f"Наставник леса {i}", school=forest)
            self.mentor(f"Наставник моря {i}", school=seaside)

    def test_it_lists_what_either_side_reaches_and_nothing_of_other_municipalities(
        self,
    ) -> None:
        Partnership.objects.create(  # the leader is ours, the school another municipality's
            leader=self.school6, target=self.school12, first_year=self.year, agreement_number="1"
        )
        Partnership.objects.create(  # the school is ours, the leader from elsewhere
            leader=self.school12, target=self.school4, first_year=self.year, agreement_number="2"
        )
        outsider = make_school(self.seaside, "14", "99-0214")
        Partnership.objects.create(
            leader=outsider, target=self.school12, first_year=self.year, agreement_number="3"
        )
        self.mentor("Наставник школы", school=self.school4)
        self.mentor("Куратор района", municipality=self.forest)
        self.mentor("Наставник Приморска", school=self.school12)
        self.mentor("Куратор Приморска", municipality=self.seaside)
        self.client.force_login(self.alice)
        response = self.client.get(reverse("municipality", args=[self.forest.pk]))
        page = response.context["page"]
        self.assertEqual(sorted(p.agreement_number for p in page.partnerships), ["1", "2"])
        self.assertEqual(
            {a.person.full_name for a in page.assignments},
            {"Наставник школы", "Куратор района", "Карпов Андрей Ильич"},
        )
        self.assertContains(response, "Куратор района")
        self.assertNotContains(response, "Приморска")

    def test_it_runs_the_same_queries_however_many_partnerships_and_assignments(self) -> None:
        url = reverse("municipality", args=[self.forest.pk])
        self.grow(1)
        for user in (self.alice, self.carl, self.bob):
            self.client.force_login(user)
            with self.subTest(user=user.username), CaptureQueriesContext(connection) as small:
                first = self.client.get(url)
            self.grow(5)
            with self.subTest(user=user.username), self.assertNumQueries(len(small)):
                second = self.client.get(url)
            self.assertGreater(
                len(second.context["page"].partnerships), len(first.context["page"].partnerships)
            )
            self.assertGreater(
                len(second.context["page"].assignments), len(first.context["page"].assignments)
            )
