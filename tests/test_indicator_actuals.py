"""Entering an indicator's actual value for a year, with its source and date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from orientir.audit.models import AuditEvent
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.plans.models import Plan
from tests.base import PASSWORD, BaseTestCase


class IndicatorActualsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.indicator = Indicator.objects.create(
            plan=cls.forest_roadmap,
            name="Доля учителей, прошедших курсы повышения квалификации",
            unit="%",
        )
        cls.value = IndicatorValue.objects.create(
            indicator=cls.indicator, academic_year=cls.year, planned=Decimal("80")
        )

    def url(self) -> str:
        return reverse("indicator-actual", args=[self.indicator.pk, self.year.start_year])

    def post(self, username: str, **data: str) -> HttpResponse:
        self.client.login(username=username, password=PASSWORD)
        fields = {"actual": "74,4", "source": "Мониторинг ИРО", "date": "2019-05-15"}
        return self.client.post(self.url(), {**fields, **data})

    def test_it_saves_the_keepers_actual_value_with_source_date_and_audit(self) -> None:
        IndicatorValue.objects.filter(pk=self.value.pk).update(actual=Decimal("70"))
        response = self.post("bob")
        self.assertRedirects(
            response, reverse("plan", args=[self.forest_roadmap.pk]) + "#indicators"
        )
        self.value.refresh_from_db()
        self.assertEqual(self.value.actual, Decimal("74.4"))
        self.assertEqual(self.value.actual_source, "Мониторинг ИРО")
        self.assertEqual(self.value.actual_date, dt.date(2019, 5, 15))
        event = AuditEvent.objects.get(action="indicator_value.set_actual")
        self.assertEqual(event.plan_ref, self.forest_roadmap.pk)
        self.assertEqual(event.actor, self.bob)
        self.assertEqual(event.changes["actual"][0], "70.000")
        self.assertEqual(Decimal(event.changes["actual"][1]), Decimal("74.4"))
        page = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertContains(page, "Целевой показатель: внесён факт")
        self.assertContains(page, "Мониторинг ИРО")

    def test_it_reads_a_number_with_a_point(self) -> None:
        self.post("bob", actual="81.25")
        self.value.refresh_from_db()
        self.assertEqual(self.value.actual, Decimal("81.25"))

    def test_it_creates_the_value_of_a_year_without_one(self) -> None:
        self.value.delete()
        self.post("bob")
        self.assertEqual(
            IndicatorValue.objects.get(indicator=self.indicator).actual, Decimal("74.4")
        )

    def test_it_shows_the_form_with_the_stored_value(self) -> None:
        IndicatorValue.objects.filter(pk=self.value.pk).update(
            actual=Decimal("74.4"), actual_source="Отчёт школы"
        )
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.get(self.url())
        self.assertContains(response, 'value="74,4"')
        self.assertContains(response, "Отчёт школы")

    def test_it_hides_the_indicator_from_another_municipality(self) -> None:
        self.client.login(username="mike", password=PASSWORD)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.post("mike").status_code, 404)

    def test_it_refuses_a_school_that_sees_the_road_map(self) -> None:
        self.client.login(username="sam", password=PASSWORD)
        self.assertEqual(
            self.client.get(reverse("plan", args=[self.forest_roadmap.pk])).status_code, 200
        )
        self.assertEqual(self.post("sam").status_code, 403)
        self.value.refresh_from_db()
        self.assertIsNone(self.value.actual)

    def test_it_refuses_a_bad_number_in_russian_keeping_the_input(self) -> None:
        response = self.post("bob", actual="семьдесят")
        self.assertContains(response, "Введите число, например 74,4", status_code=400)
        self.assertContains(response, 'value="семьдесят"', status_code=400)
        self.value.refresh_from_db()
        self.assertIsNone(self.value.actual)
        self.assertFalse(AuditEvent.objects.filter(action="indicator_value.set_actual").exists())

    def test_it_refuses_a_date_in_the_future(self) -> None:
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        response = self.post("bob", date=tomorrow.isoformat())
        self.assertContains(response, "не может быть в будущем", status_code=400)
        self.value.refresh_from_db()
        self.assertIsNone(self.value.actual)

    def test_it_refuses_a_too_long_source(self) -> None:
        response = self.post("bob", source="я" * 301)
        self.assertContains(response, "Источник слишком длинный", status_code=400)

    def test_it_refuses_an_archived_plan(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=Plan.State.ARCHIVED)
        response = self.post("bob")
        self.assertEqual(response.status_code, 403)
        self.value.refresh_from_db()
        self.assertIsNone(self.value.actual)

    def test_it_allows_an_approved_plan(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=Plan.State.APPROVED)
        self.assertEqual(self.post("bob").status_code, 302)

    def test_it_answers_404_for_a_year_outside_the_plan(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("indicator-actual", args=[self.indicator.pk, 2030])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_links_the_form_from_the_plan_page_only_for_the_keeper(self) -> None:
        plan_url = reverse("plan", args=[self.forest_roadmap.pk])
        self.client.login(username="bob", password=PASSWORD)
        self.assertContains(self.client.get(plan_url), self.url())
        self.client.login(username="sam", password=PASSWORD)
        self.assertNotContains(self.client.get(plan_url), "внести факт")


class AchievementTestCase(BaseTestCase):
    def achievement(self, direction: str, planned: str, actual: str) -> str | None:
        indicator = Indicator(plan=self.forest_roadmap, name="Показатель", direction=direction)
        value = IndicatorValue(
            indicator=indicator, planned=Decimal(planned), actual=Decimal(actual)
        )
        return value.achievement

    def test_it_says_met_close_or_not_met_in_the_indicators_direction(self) -> None:
        up, down, keep = (
            Indicator.Direction.INCREASE,
            Indicator.Direction.DECREASE,
            Indicator.Direction.KEEP,
        )
        cases = [
            (up, "80", "85", "met"),
            (up, "80", "73", "close"),
            (up, "80", "71", "not_met"),
            (down, "10", "9", "met"),
            (down, "10", "10.5", "close"),
            (down, "10", "12", "not_met"),
            (keep, "50", "52", "close"),
            (keep, "50", "60", "not_met"),
        ]
        for direction, planned, actual, expected in cases:
            with self.subTest(direction=direction, actual=actual):
                self.assertEqual(self.achievement(direction, planned, actual), expected)

    def test_it_labels_the_achievement_on_the_plan_page(self) -> None:
        indicator = Indicator.objects.create(plan=self.forest_roadmap, name="Охват", unit="%")
        IndicatorValue.objects.create(
            indicator=indicator,
            academic_year=self.year,
            planned=Decimal("80"),
            actual=Decimal("75"),
        )
        self.client.login(username="sam", password=PASSWORD)
        response = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertContains(response, "близко к плану")
