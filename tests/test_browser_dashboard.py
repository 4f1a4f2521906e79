"""In a real browser, over the demo: from the region's dashboard to what slips most (issue 12)."""

from __future__ import annotations

import io
import shutil
import tempfile

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings

from orientir.accounts.models import User
from orientir.demo.builder import demo_region
from orientir.plans.models import today
from orientir.plans.selectors import overdue_activities
from tests.browser import BrowserTestCase

pytestmark = pytest.mark.browser
MEDIA_ROOT = tempfile.mkdtemp(prefix="orientir-test-dashboard-")


@override_settings(
    MEDIA_ROOT=MEDIA_ROOT, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
)
class DashboardBrowserTestCase(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        call_command("demo", "--reset", "--password", "orientir", stdout=io.StringIO())

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    def test_it_leads_the_coordinator_to_the_most_overdue_activity_in_three_clicks(self) -> None:
        from playwright.sync_api import expect

        coordinator = User.objects.get(username="region")
        overdue = overdue_activities(coordinator, today()).filter(plan__region=demo_region())
        worst = (
            overdue.exclude(plan__municipality=None)
            .values("plan__municipality__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "plan__municipality__name")
            .first()
        )
        assert worst is not None, "в демонстрационном регионе нет просроченных мероприятий"
        oldest = (
            overdue.filter(plan__municipality__name=worst["plan__municipality__name"])
            .order_by("deadline_end", "plan__title", "position", "pk")
            .first()
        )
        assert oldest is not None

        page = self.page
        self.log_in("region", "orientir")
        page.get_by_role("link", name="Сводка", exact=True).click()  # the dashboard itself
        expect(page.get_by_role("heading", name="По муниципалитетам", exact=False)).to_be_visible()

        table = page.locator("table[data-figures=municipalities]")
        first = table.locator("tbody tr").first
        expect(first.locator("th")).to_have_text(worst["plan__municipality__name"])
        first.locator("td a.figure").first.click()  # 1: its overdue activities

        expect(page.locator("[data-total]")).to_have_attribute("data-total", str(worst["n"]))
        page.locator("table.activity-list tbody tr a").first.click()  # 2: the most overdue one

        expect(page.locator("h1")).to_contain_text(oldest.title[:60])
        expect(page.get_by_text("просрочено").first).to_be_visible()
