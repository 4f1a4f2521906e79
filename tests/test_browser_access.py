"""In a real browser: each role logs in, finds its territory and cannot reach another's."""

from __future__ import annotations

import re

import pytest

from tests.base import PASSWORD, build_territory
from tests.browser import BrowserTestCase

pytestmark = pytest.mark.browser


class LoginAndTerritoryBrowserTestCase(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        build_territory(self)

    def test_it_takes_a_municipal_coordinator_from_login_to_the_evidence(self) -> None:
        from playwright.sync_api import expect

        self.log_in("bob", PASSWORD)
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Лесной район")
        self.page.get_by_role("link", name="Дорожная карта Лесного района").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(
            "Дорожная карта Лесного района"
        )
        self.page.get_by_role("link", name="Муниципальный семинар по программам перехода").click()
        expect(self.page.get_by_text("О проведении муниципального семинара")).to_be_visible()
        expect(self.page.get_by_text("№ 237")).to_be_visible()

    def test_it_refuses_a_wrong_password_in_russian(self) -> None:
        from playwright.sync_api import expect

        self.log_in("bob", "не тот пароль")
        expect(self.page.get_by_role("alert")).to_contain_text("Неверный логин или пароль")
        self.assertRegex(self.page.url, r"/accounts/login/")

    def test_it_shows_another_municipality_as_not_found(self) -> None:
        from playwright.sync_api import expect

        self.log_in("mike", PASSWORD)
        expect(self.page.get_by_role("heading", level=1)).to_have_text("город Приморск")
        self.assertNotIn("Лесной район", self.page.content())
        for path in (
            f"/plans/{self.forest_roadmap.pk}/",
            f"/activities/{self.forest_activity.pk}/",
            f"/documents/{self.forest_document.pk}/download/",
            f"/municipalities/{self.forest.pk}/",
        ):
            with self.subTest(path=path):
                response = self.page.goto(f"{self.live_server_url}{path}")
                assert response is not None
                self.assertEqual(response.status, 404)

    def test_it_logs_out_from_the_header(self) -> None:
        from playwright.sync_api import expect

        self.log_in("sam", PASSWORD)
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("СОШ № 4")
        self.page.get_by_role("button", name="Выйти").click()
        self.page.goto(f"{self.live_server_url}/")
        expect(self.page).to_have_url(re.compile(r"/accounts/login/"))
