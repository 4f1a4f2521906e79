"""The plan page: passport, sections, activities with their deadlines, status and indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.http import HttpResponse
from django.urls import reverse

from orientir.indicators.models import Indicator, IndicatorValue
from orientir.plans import services
from orientir.plans.models import Activity, Plan, Section
from orientir.registry.models import Municipality, Organisation
from tests.base import PASSWORD, BaseTestCase, make_activity, make_evidence

# A day in the middle of the 2018/2019 academic year: September 2018 is over.
TODAY = dt.date(2018, 12, 10)


class PlanPageTestCase(BaseTestCase):
    def get(self, username: str, plan: Plan | None = None, **query: str) -> HttpResponse:
        self.client.login(username=username, password=PASSWORD)
        with mock.patch("orientir.web.plan_views.today", return_value=TODAY):
            return self.client.get(reverse("plan", args=[(plan or self.forest_roadmap).pk]), query)

    def test_it_shows_the_plan_with_its_owner_and_state(self) -> None:
        response = self.get("bob")
        self.assertContains(response, "<h1>Дорожная карта Лесного района</h1>", html=True)
        self.assertContains(response, "Управление образованием Лесного района")
        self.assertContains(response, "черновик")

    def test_it_shows_the_passport_fields_that_are_filled(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(
            problem="Низкие результаты ЕГЭ по математике в сельских школах",
            goal="Повышение качества образования в школах с низкими результатами",
        )
        response = self.get("bob")
        self.assertContains(response, "Паспорт")
        self.assertContains(response, "Низкие результаты ЕГЭ по математике в сельских школах")
        self.assertContains(response, "Повышение качества образования")

    def test_it_has_no_passport_block_for_a_plan_without_one(self) -> None:
        self.assertNotContains(self.get("bob"), 'id="passport"')

    def test_it_lists_activities_under_their_sections_in_order(self) -> None:
        make_activity(self.forest_roadmap, "1.2.", "Мониторинг программ перехода", "ежеквартально")
        content = self.get("bob").content.decode()
        section = content.index("Организационные мероприятия")
        first = content.index("Муниципальный семинар по программам перехода")
        second = content.index("Мониторинг программ перехода")
        self.assertLess(section, first)
        self.assertLess(first, second)

    def test_it_draws_an_activity_row_escaped_with_who_answers_and_the_keepers_tools(self) -> None:
        activity = make_activity(
            self.forest_roadmap,
            "1.2.",
            "Семинар <для> «A & B»\nвторая строка",
            "до 30 ноября 2018 года",
            audience="учителя & родители",
            planned_result="Протокол\r\nи приказ",
        )
        lake = Municipality.objects.create(region=self.region, name="Озёрный район")
        lake_authority = Organisation.objects.create(
            kind=Organisation.Kind.MUNICIPAL_AUTHORITY,
            name="Управление образования Озёрного района",
            short_name="УО Озёрного района",
            region=self.region,
            municipality=lake,
        )
        activity.responsible_organisations.add(lake_authority, self.forest_authority)
        activity.responsible_people.add(self.carl.person)
        row = self.row(self.get("bob"), activity)
        title = "Семинар &lt;для&gt; «A &amp; B»<br>вторая строка"
        self.assertIn(f'<a href="/activities/{activity.pk}/">{title}</a>', row)
        self.assertIn("Аудитория: учителя &amp; родители", row)
        self.assertIn("<td>Протокол<br>и приказ</td>", row)
        # by municipality, then name, as the organisations are ordered everywhere
        self.assertIn("<td>УО Лесного района, УО Озёрного района; Карпов А.И.</td>", row)
        self.assertIn(
            'до 30 ноября 2018 года<div class="deadline-understood small">до 30.11.2018</div>', row
        )
        self.assertIn('<span class="badge badge--activity-planned">запланировано</span>', row)
        self.assertIn('<td class="num nowrap">0 / 0</td>', row)
        move = reverse("activity-move", args=[activity.pk, "up"])
        self.assertIn(
            f'<form method="post" action="{move}"><input type="hidden" name="csrfmiddlewaretoken"',
            row,
        )
        self.assertIn(f'aria-label="Удалить мероприятие {activity.number}"', row)
        # the region sees the municipality's plan but does not keep it: no tools on its rows
        self.assertNotIn(move, self.row(self.get("alice"), activity))
        # what the plan wrote in its «ответственные» column comes before the links
        Activity.objects.filter(pk=activity.pk).update(responsible_text="Директор\nзавуч")
        self.assertIn("<td>Директор<br>завуч</td>", self.row(self.get("bob"), activity))

    def row(self, response: HttpResponse, activity: Activity) -> str:
        content = response.content.decode()
        start = content.index(f'<tr id="activity-{activity.pk}"')
        return content[start : content.index("</tr>", start)]

    def test_it_keeps_the_deadline_as_written(self) -> None:
        self.assertContains(self.get("bob"), "Сентябрь 2018 года")

    def test_it_marks_an_overdue_activity(self) -> None:
        response = self.get("bob")
        self.assertContains(response, 'class="activity-row is-overdue"')
        self.assertContains(response, "1 просрочено")

    def test_it_never_marks_an_event_driven_deadline_overdue(self) -> None:
        Activity.objects.filter(pk=self.forest_activity.pk).delete()
        make_activity(self.forest_roadmap, "1.3.", "Выезд в школу", "По отдельному графику")
        response = self.get("bob")
        self.assertContains(response, "По отдельному графику")
        self.assertNotContains(response, "is-overdue")

    def test_it_filters_only_overdue_activities(self) -> None:
        make_activity(self.forest_roadmap, "1.2.", "Итоговое совещание", "По отдельному графику")
        response = self.get("bob", overdue="on")
        self.assertContains(response, "Муниципальный семинар по программам перехода")
        self.assertNotContains(response, "Итоговое совещание")
        self.assertContains(response, "Показано 1 из 2 мероприятий")

    def test_it_ignores_an_unknown_status_filter(self) -> None:
        response = self.get("bob", status="нет-такого")
        self.assertContains(response, "Муниципальный семинар по программам перехода")

    def test_it_counts_executions_and_documents_per_activity(self) -> None:
        self.assertContains(self.get("bob"), "1 / 1")

    def test_it_shows_indicators_with_plan_fact_and_achievement(self) -> None:
        indicator = Indicator.objects.create(
            plan=self.forest_roadmap,
            group="Кадровая поддержка",
            name="Доля учителей, прошедших курсы повышения квалификации",
            unit="%",
        )
        IndicatorValue.objects.create(
            indicator=indicator,
            academic_year=self.year,
            planned=Decimal("40.5"),
            actual=Decimal("42"),
        )
        response = self.get("bob")
        self.assertContains(response, "Целевые показатели")
        self.assertContains(response, "Кадровая поддержка")
        self.assertContains(response, "40,5")
        self.assertContains(response, "достигнуто")

    def test_it_shows_the_regional_plan_to_everybody_in_the_region(self) -> None:
        for username in ("alice", "bob", "mike", "sam", "carl"):
            with self.subTest(username=username):
                self.assertEqual(self.get(username, self.regional_plan).status_code, 200)

    def test_it_shows_the_road_map_to_a_school_of_its_municipality(self) -> None:
        self.assertEqual(self.get("sam").status_code, 200)

    def test_it_hides_the_road_map_from_another_municipality_and_its_schools(self) -> None:
        for username in ("mike", "tom"):
            with self.subTest(username=username):
                self.assertEqual(self.get(username).status_code, 404)

    def test_it_hides_a_school_programme_from_a_neighbouring_school(self) -> None:
        self.assertEqual(self.get("sara", self.programme4).status_code, 404)
        self.assertEqual(self.get("sam", self.programme4).status_code, 200)

    def test_it_runs_the_same_number_of_queries_for_a_longer_plan(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("plan", args=[self.forest_roadmap.pk])
        self.client.get(url)  # the session and the user are loaded and cached
        # a plan has a history from its creation on (the fixtures' plans are made without)
        services.activity_update(actor=self.bob, activity=self.forest_activity, values={})

        def count() -> int:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(queries)

        small = count()
        section = Section.objects.create(plan=self.forest_roadmap, number="2.", title="Кадры")
        for n in range(1, 21):
            activity = make_activity(
                self.forest_roadmap, f"2.{n}.", f"Курсы для учителей, поток {n}", "Ноябрь 2018"
            )
            # and a history longer than its page
            services.activity_update(actor=self.bob, activity=activity, values={"audience": "все"})
            Activity.objects.filter(pk=activity.pk).update(section=section)
            make_evidence(activity, str(100 + n))
            # and target indicators with their values (the small plan has none)
            indicator = Indicator.objects.create(
                plan=self.forest_roadmap, group="Кадры", name=f"Показатель {n}", unit="%"
            )
            IndicatorValue.objects.create(
                indicator=indicator, academic_year=self.year, planned=n, actual=n - 1
            )
        with self.assertNumQueries(small):
            self.assertEqual(self.client.get(url).status_code, 200)
