"""In a real browser: the keeper enters an indicator's actual value from the plan page."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

from orientir.indicators.models import Indicator, IndicatorValue
from tests.base import PASSWORD, build_territory
from tests.browser import BrowserTestCase

pytestmark = pytest.mark.browser


class IndicatorActualBrowserTestCase(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        build_territory(self)
        self.indicator = Indicator.objects.create(
            plan=self.forest_roadmap,
            name="Доля учителей, прошедших курсы повышения квалификации",
            unit="%",
        )
        IndicatorValue.objects.create(
            indicator=self.indicator, academic_year=self.year, planned=Decimal("80")
        )

    def test_it_enters_the_actual_value_and_shows_it_close_to_plan(self) -> None:
        self.log_in("bob", PASSWORD)
        self.page.goto(f"{self.live_server_url}/plans/{self.forest_roadmap.pk}/")
        self.page.get_by_role("link", name="внести факт").click()
        self.page.get_by_label("Фактическое значение").fill("семьдесят")
        self.page.get_by_role("button", name="Сохранить").click()
        self.page.get_by_text("Введите число, например 74,4").wait_for()
        self.page.get_by_label("Фактическое значение").fill("74,4")
        self.page.get_by_label("Источник").fill("Мониторинг ИРО")
        self.page.get_by_label("Дата измерения").fill("2019-05-15")
        if shot := os.environ.get("ORIENTIR_SCREENSHOT"):
            self.page.screenshot(path=shot, full_page=True)
        self.page.get_by_role("button", name="Сохранить").click()
        self.page.get_by_text("близко к плану").first.wait_for(state="attached")
        value = IndicatorValue.objects.get(indicator=self.indicator)
        self.assertEqual(value.actual, Decimal("74.4"))
