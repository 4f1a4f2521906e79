"""End-to-end tests in a real browser: Debian's chromium driven by Playwright.

The browser is the machine's /usr/bin/chromium (`.ci/run` installs it); Playwright never
downloads one of its own. Without chromium the browser tests are skipped, not failed.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

from django.contrib.staticfiles.testing import StaticLiveServerTestCase

from tests.base import reseed_migration_data

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class BrowserTestCase(StaticLiveServerTestCase):
    """A live server and one headless chromium page per test."""

    playwright: Any = None

    def _fixture_teardown(self) -> None:
        """Empty the database as a live-server test must, then put back what migrations wrote."""
        super()._fixture_teardown()
        reseed_migration_data()

    browser: Any = None

    @classmethod
    def setUpClass(cls) -> None:
        if not shutil.which(CHROMIUM):
            raise __import__("unittest").SkipTest("chromium не установлен: /usr/bin/chromium")
        # Playwright's sync API runs an event loop in this thread; the ORM is still used
        # synchronously by the test itself.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )

    @classmethod
    def tearDownClass(cls) -> None:
        if cls.browser is not None:
            cls.browser.close()
        if cls.playwright is not None:
            cls.playwright.stop()
        super().tearDownClass()

    def setUp(self) -> None:
        super().setUp()
        self.context = self.browser.new_context(
            locale="ru-RU", viewport={"width": 1280, "height": 900}
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        # Whatever the Content-Security-Policy blocked: a script or style that no longer runs.
        self.blocked: list[str] = []
        self.page.on("console", self._note_blocked)

    def _note_blocked(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.blocked.append(message.text)

    def tearDown(self) -> None:
        self.context.close()
        super().tearDown()
        self.assertEqual(self.blocked, [], "the Content-Security-Policy blocked something")

    def log_in(self, username: str, password: str) -> None:
        self.page.goto(f"{self.live_server_url}/accounts/login/")
        self.page.get_by_label("Логин").fill(username)
        self.page.get_by_label("Пароль").fill(password)
        self.page.get_by_role("button", name="Войти").click()
        self.page.wait_for_load_state()
