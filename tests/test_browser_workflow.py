"""In a real browser: a road map from a new activity, through return and correction, to approval."""

from __future__ import annotations

import re

import pytest

from orientir.plans.models import Plan
from tests.base import PASSWORD, build_territory
from tests.browser import BrowserTestCase

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n% order 412\n"
# The smallest valid PNG: a 1×1 transparent pixel, as a phone would not send but a browser will.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


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

    def add_photo(self) -> None:
        from playwright.sync_api import expect

        page = self.page
        page.get_by_role("link", name="+ документ").first.click()
        page.locator("[name=kind]").select_option("photo")
        page.locator("[name=title]").fill("Фото с консультации")
        page.locator("[name=file]").set_input_files(
            {"name": "foto-1.png", "mimeType": "image/png", "buffer": PNG}
        )
        page.get_by_role("button", name="Сохранить").click()
        expect(page.get_by_text("Документ добавлен.")).to_be_visible()
        expect(page.get_by_role("cell", name="Фото с консультации", exact=True)).to_be_visible()

    def review(self, username: str, *buttons: str) -> None:
        from playwright.sync_api import expect

        page = self.page
        page.get_by_role("button", name="Выйти").click()
        self.log_in(username, PASSWORD)
        page.goto(f"{self.live_server_url}/plans/{self.forest_roadmap.pk}/")
        for button in buttons:
            page.get_by_role("button", name=button).click()
            expect(page.get_by_role("heading", level=1)).to_be_visible()

    def test_it_takes_a_road_map_from_a_new_activity_through_return_to_approval(self) -> None:
        from playwright.sync_api import expect

        page = self.page
        self.log_in("bob", PASSWORD)
        page.goto(f"{self.live_server_url}/plans/{self.forest_roadmap.pk}/")
        self.add_activity()
        self.record_execution()
        self.add_photo()
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

        # Bob corrects what was asked and sends it again; Alice agrees and approves.
        self.review("bob")
        page.get_by_role("link", name="Консультации для учителей математики").click()
        page.get_by_role("link", name="Изменить мероприятие").click()
        page.locator("[name=responsible_text]").fill("Ракова Н.В., методист МБУ ЦРО")
        page.get_by_role("button", name="Сохранить").click()
        expect(page.get_by_text("Мероприятие сохранено.")).to_be_visible()
        page.get_by_role("link", name="Дорожная карта Лесного района").first.click()
        page.get_by_role("button", name="Отправить на согласование").click()
        expect(page.locator(".facts .badge--state-submitted")).to_be_visible()
        self.review("alice", "Согласовать")
        page.get_by_role("link", name="Утвердить").click()
        page.get_by_label("Номер приказа об утверждении").fill("4537")
        page.get_by_label("Дата приказа").fill("2018-08-30")
        page.get_by_role("button", name="Утвердить").click()
        expect(page.get_by_text("Отметьте «Подтверждаю утверждение плана»")).to_be_visible()
        page.get_by_label("Подтверждаю утверждение плана").check()
        page.get_by_role("button", name="Утвердить").click()
        expect(page.locator(".facts .badge--state-approved")).to_have_text("утверждён")
        expect(page.locator(".facts")).to_contain_text("утверждён приказом от 30.08.2018 № 4537")

        # Nothing of it is within reach of Приморск.
        activity = self.forest_roadmap.activities.get(title="Консультации для учителей математики")
        document = activity.executions.get().documents.get(kind="photo")
        page.get_by_role("button", name="Выйти").click()
        self.log_in("mike", PASSWORD)
        for path in (
            f"/plans/{self.forest_roadmap.pk}/",
            f"/activities/{activity.pk}/",
            f"/documents/{document.pk}/download/",
        ):
            with self.subTest(path=path):
                response = page.goto(f"{self.live_server_url}{path}")
                assert response is not None
                self.assertEqual(response.status, 404)
