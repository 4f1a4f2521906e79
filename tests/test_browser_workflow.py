"""In a real browser: a road map from a new activity to its return with a comment."""

from __future__ import annotations

import re

import pytest

from orientir.plans.models import Plan
from tests.base import PASSWORD, build_territory
from tests.browser import BrowserTestCase

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n% order 412\n"


class RoadMapWorkflowBrowserTestCase(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        build_territory(self)

    def add_activity(self) -> None:
        from playwright.sync_api import expect

        page = self.page
        page.get_by_role("link", name="Добавить мероприятие").click()
        page.locator("[name=title]").fill("Консультации для учителей математики")
        page.locator("[name=deadline_text]").fill("Ноябрь 2018 – май 2019")
        expect(page.locator("output.deadline-live")).to_contain_text("с 01.11.2018 по 31.05.2019")
        page.get_by_role("button", name="Сохранить").click()
        expect(page.get_by_text("Мероприятие добавлено.")).to_be_visible()

    def record_execution(self) -> None:
        from playwright.sync_api import expect

        page = self.page
        page.get_by_role("link", name="Консультации для учителей математики").click()
        page.get_by_role("link", name="Отметить проведение").click()
        page.locator("[name=date]").fill("2018-11-20")
        page.locator("[name=description]").fill("Консультация в СОШ № 6")
        page.locator("[name=participants]").fill("12")
        page.locator("[name=doc-kind]").select_option("order")
        page.locator("[name=doc-number]").fill("412")
        page.locator("[name=doc-date]").fill("2018-11-12")
        page.locator("[name=doc-file]").set_input_files(
            {"name": "prikaz-412.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        page.get_by_role("button", name="Сохранить").click()
        expect(page.get_by_text("Проведение мероприятия отмечено.")).to_be_visible()
        expect(page.get_by_role("cell", name="№ 412", exact=True)).to_be_visible()

    def test_it_takes_a_road_map_from_a_new_activity_to_its_return(self) -> None:
        from playwright.sync_api import expect

        page = self.page
        self.log_in("bob", PASSWORD)
        page.goto(f"{self.live_server_url}/plans/{self.forest_roadmap.pk}/")
        self.add_activity()
        self.record_execution()
        page.get_by_role("link", name="Дорожная карта Лесного района").first.click()
        page.get_by_role("button", name="Отправить на согласование").click()
        expect(page.locator(".facts .badge--state-submitted")).to_have_text("на согласовании")
        page.get_by_role("button", name="Выйти").click()

        self.log_in("alice", PASSWORD)
        page.goto(f"{self.live_server_url}/plans/{self.forest_roadmap.pk}/")
        page.get_by_label("Что доработать").fill("Укажите ответственных за консультации")
        page.get_by_role("button", name="Вернуть на доработку").click()
        expect(page.locator(".facts .badge--state-returned")).to_be_visible()
        expect(page.locator(".review__comment")).to_contain_text("Укажите ответственных")
        self.assertEqual(Plan.objects.get(pk=self.forest_roadmap.pk).state, "returned")
        self.assertRegex(page.url, re.compile(r"/plans/\d+/"))
