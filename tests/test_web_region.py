"""The region page: municipalities, target schools, plans and the summary numbers."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.http import HttpResponse
from django.urls import reverse

from orientir.plans.models import Activity
from orientir.registry.models import AcademicYear, Region, SchoolStatus
from tests.base import PASSWORD, BaseTestCase, make_activity


class RegionPageTestCase(BaseTestCase):
    def get(self, username: str, region: Region | None = None) -> HttpResponse:
        self.client.login(username=username, password=PASSWORD)
        return self.client.get(reverse("region", args=[(region or self.region).pk]))

    def test_it_shows_the_whole_region_to_the_regional_coordinator(self) -> None:
        response = self.get("alice")
        self.assertContains(response, "<h1>Южная область</h1>", html=True)
        self.assertContains(response, "2018/2019 учебный год")
        for text in (
            "Лесной район",
            "город Приморск",
            "План мероприятий по поддержке школ",
            "Дорожная карта Лесного района",
            "Дорожная карта города Приморска",
            "Программа перехода СОШ № 12",
        ):
            self.assertContains(response, text)

    def test_it_puts_the_regional_plan_above_the_municipalities(self) -> None:
        content = self.get("alice").content.decode()
        self.assertLess(
            content.index("План мероприятий по поддержке школ"), content.index("Лесной район")
        )

    def test_it_shows_school_statuses_as_badges(self) -> None:
        response = self.get("alice")
        self.assertContains(response, 'class="badge badge--low_results"')
        self.assertContains(response, ">ШНОР</span>")
        self.assertContains(response, ">ШНСУ</span>")
        self.assertContains(response, ">школа-лидер</span>")
        self.assertContains(response, "МБОУ СОШ № 6")

    def test_it_counts_with_russian_plural_forms(self) -> None:
        response = self.get("alice")
        self.assertContains(response, "<dt>муниципалитета</dt><dd>2</dd>", html=True)
        self.assertContains(response, "<dt>мероприятия</dt><dd>4</dd>", html=True)
        self.assertInHTML(
            '<dt>школа <abbr title="школы с низкими образовательными результатами">ШНОР</abbr>'
            "</dt><dd>1</dd>",
            response.content.decode(),
        )

    def test_it_counts_five_activities_with_the_genitive_plural(self) -> None:
        make_activity(self.regional_plan, "1.1", "Семинар", "октябрь")
        response = self.get("alice")
        self.assertContains(response, "<dt>мероприятий</dt><dd>5</dd>", html=True)

    # Read while the plans of 2018/2019 run: once their years are over they are closed.
    @mock.patch("orientir.web.territory_views.today", return_value=dt.date(2018, 10, 15))
    def test_it_counts_overdue_activities(self, _: mock.Mock) -> None:
        Activity.objects.exclude(pk=self.forest_activity.pk).update(
            deadline_kind="event", deadline_start=None, deadline_end=None
        )
        Activity.objects.filter(pk=self.forest_activity.pk).update(
            deadline_kind="until", deadline_end=dt.date(2018, 9, 30)
        )
        response = self.get("alice")
        listed = reverse("dashboard-activities") + f"?region={self.region.pk}&overdue=true"
        self.assertContains(
            response, f'<dt>просрочено</dt><dd><a href="{listed}">1</a></dd>', html=True
        )
        self.assertContains(response, '<span class="overdue-count">1</span>', html=True)

    def test_it_shows_a_municipal_user_only_their_municipality(self) -> None:
        response = self.get("bob")
        self.assertContains(response, "Лесной район")
        self.assertContains(response, "План мероприятий по поддержке школ")
        self.assertNotContains(response, "город Приморск")
        self.assertNotContains(response, "Приморска")
        self.assertNotContains(response, "СОШ № 12")
        self.assertContains(response, "<dt>муниципалитет</dt><dd>1</dd>", html=True)

    def test_it_shows_a_curator_only_the_assigned_municipality(self) -> None:
        response = self.get("carl")
        self.assertContains(response, "Лесной район")
        self.assertNotContains(response, "город Приморск")

    def test_it_shows_a_school_the_regional_plan_and_no_municipality(self) -> None:
        response = self.get("sam")
        self.assertContains(response, "План мероприятий по поддержке школ")
        self.assertContains(response, "Нет муниципалитетов, доступных вашей учётной записи")
        self.assertNotContains(response, "город Приморск")

    def test_it_takes_the_latest_academic_year_that_has_begun(self) -> None:
        later = AcademicYear.objects.create(start_year=2019)
        AcademicYear.objects.create(start_year=2099)
        SchoolStatus.objects.create(
            school=self.school6, academic_year=later, status="adverse_conditions"
        )
        response = self.get("alice")
        self.assertContains(response, "2019/2020 учебный год")
        self.assertNotContains(response, "МБОУ СОШ № 4</a>")  # ШНОР only in 2018/2019
        self.assertContains(response, "МБОУ СОШ № 6")

    def test_it_falls_back_to_the_latest_year_when_none_has_begun(self) -> None:
        AcademicYear.objects.filter(pk=self.year.pk).update(start_year=2098)
        AcademicYear.objects.create(start_year=2099)
        response = self.get("alice")
        self.assertContains(response, "2099/2100 учебный год")

    def test_it_hides_another_region(self) -> None:
        other = Region.objects.create(name="Северная область", code="98")
        self.assertEqual(self.get("alice", other).status_code, 404)
        self.assertEqual(self.get("bob", other).status_code, 404)

    def test_it_answers_404_to_a_missing_region(self) -> None:
        self.client.login(username="alice", password=PASSWORD)
        self.assertEqual(self.client.get("/regions/999999/").status_code, 404)

    def test_it_sends_anonymous_users_to_log_in(self) -> None:
        url = reverse("region", args=[self.region.pk])
        self.assertRedirects(self.client.get(url), f"/accounts/login/?next={url}")

    def test_it_refuses_a_post(self) -> None:
        self.client.login(username="alice", password=PASSWORD)
        response = self.client.post(reverse("region", args=[self.region.pk]))
        self.assertEqual(response.status_code, 405)
