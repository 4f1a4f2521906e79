"""The municipalities' indicators of one name side by side, for the region's users."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from io import BytesIO
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from orientir.dashboards.computed import normalised
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.plans.models import Plan
from orientir.registry.models import AcademicYear, Municipality, Organisation, Partnership
from tests.base import PASSWORD, BaseTestCase, make_plan

NETWORK = "Доля школ, включённых в сетевое взаимодействие"
LATER = dt.date(2026, 12, 5)


def roadmap_indicator(
    plan: Plan, name: str, values: dict[int, tuple[str, str | None]], **kw: str
) -> Indicator:
    indicator = Indicator.objects.create(plan=plan, name=name, unit="%", **kw)
    for start, (planned, actual) in values.items():
        IndicatorValue.objects.create(
            indicator=indicator,
            academic_year=AcademicYear.objects.get_or_create(start_year=start)[0],
            planned=Decimal(planned),
            actual=Decimal(actual) if actual is not None else None,
        )
    return indicator


@mock.patch("orientir.dashboards.indicator_views.today", return_value=LATER)
class IndicatorsSideBySideTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.forest_network = roadmap_indicator(cls.forest_roadmap, NETWORK, {2018: ("20", "18.5")})
        # The same indicator as Приморск's road map spells it.
        cls.seaside_network = roadmap_indicator(
            cls.seaside_roadmap,
            "доля  школ, включенных в сетевое взаимодействие.",
            {2018: ("25", "10")},
        )
        roadmap_indicator(cls.forest_roadmap, "Доля молодых специалистов", {2018: ("2", "2")})
        # A school programme's indicator of the same name is not a municipality's.
        roadmap_indicator(cls.programme4, NETWORK, {2018: ("50", "50")})
        cls.url = reverse("dashboard-indicators", args=[cls.region.pk])

    def get(self, username: str = "alice", **params: str):  # type: ignore[no-untyped-def]
        self.client.login(username=username, password=PASSWORD)
        return self.client.get(self.url, params)

    def rows(self, html: str) -> dict[str, list[tuple[str, str, str]]]:
        """Municipality id → (year, planned, actual) of each year it has figures for."""
        found: dict[str, list[tuple[str, str, str]]] = {}
        for pk, body in re.findall(r'<tr data-municipality="(\d+)">(.*?)</tr>', html, re.S):
            found[pk] = re.findall(
                r'data-year="(\d+)" data-planned="([^"]*)">.*?data-actual="([^"]*)"', body, re.S
            )
        return found

    def test_it_puts_the_municipalities_figures_of_one_name_side_by_side(self, _today) -> None:  # type: ignore[no-untyped-def]
        response = self.get(name=normalised(NETWORK))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        rows = self.rows(html)
        self.assertEqual(rows[str(self.forest.pk)], [("2018", "20.000", "18.500")])
        self.assertEqual(rows[str(self.seaside.pk)], [("2018", "25.000", "10.000")])
        for indicator in (self.forest_network, self.seaside_network):
            value = indicator.values.get()
            self.assertIn(f'data-planned="{value.planned}"', html)
            self.assertIn(f'href="/plans/{indicator.plan_id}/#indicators"', html)
        self.assertIn("близко к плану", html)  # 18,5 of 20
        self.assertIn("не достигнуто", html)  # 10 of 25
        self.assertIn("✓ 0 · ≈ 1 · ✗ 1", html)

    def test_it_groups_spellings_of_one_name_and_puts_the_widest_first(self, _today) -> None:  # type: ignore[no-untyped-def]
        html = self.get().content.decode()
        options = re.findall(r"<option value=\"([^\"]*)\"( selected)?>([^<]*)</option>", html)
        self.assertEqual(
            [o[0] for o in options], [normalised(NETWORK), "доля молодых специалистов"]
        )
        self.assertEqual(options[0][1], " selected")
        self.assertIn("2 муниципалитета", options[0][2])

    def test_it_shows_a_municipality_without_the_indicator(self, _today) -> None:  # type: ignore[no-untyped-def]
        html = self.get(name="доля молодых специалистов").content.decode()
        rows = self.rows(html)
        self.assertEqual(rows[str(self.forest.pk)], [("2018", "2.000", "2.000")])
        self.assertEqual(rows[str(self.seaside.pk)], [])
        self.assertIn("в дорожной карте нет такого показателя", html)

    def test_it_shows_the_computed_fact_of_a_bound_indicator(self, _today) -> None:  # type: ignore[no-untyped-def]
        Indicator.objects.filter(pk=self.forest_network.pk).update(
            computed_source="partnership_agreements"
        )
        Partnership.objects.create(
            leader=self.school6, target=self.school4, first_year=self.year, agreement_number="4"
        )
        rows = self.rows(self.get(name=normalised(NETWORK)).content.decode())
        self.assertEqual(rows[str(self.forest.pk)], [("2018", "20.000", "100.0")])

    def test_it_exports_the_same_figures_to_xlsx(self, _today) -> None:  # type: ignore[no-untyped-def]
        response = self.get(name=normalised(NETWORK), format="xlsx")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="indicators.xlsx"')
        sheet = load_workbook(BytesIO(response.content)).active
        assert sheet is not None
        rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=5, values_only=True)}
        self.assertEqual(rows["Лесной район"], (20, 18.5, "близко к плану"))
        self.assertEqual(rows["город Приморск"], (25, 10, "не достигнуто"))
        self.assertEqual(sheet.cell(4, 2).value, "план")

    def test_it_is_open_to_the_regions_users_only(self, _today) -> None:  # type: ignore[no-untyped-def]
        self.assertEqual(self.get("anna").status_code, 200)
        for username in ("bob", "carl", "sam"):
            with self.subTest(username=username):
                self.assertEqual(self.get(username).status_code, 403)
        dashboard = self.client.get(reverse("dashboard-region", args=[self.region.pk]))
        self.assertEqual(dashboard.status_code, 403)
        self.client.login(username="alice", password=PASSWORD)
        dashboard = self.client.get(reverse("dashboard-region", args=[self.region.pk]))
        self.assertContains(dashboard, self.url)

    def test_it_runs_the_same_number_of_queries_for_more_municipalities(self, _today) -> None:  # type: ignore[no-untyped-def]
        Indicator.objects.filter(pk=self.forest_network.pk).update(
            computed_source="activities_on_time"
        )
        self.get(name=normalised(NETWORK))
        with CaptureQueriesContext(connection) as small:
            self.get(name=normalised(NETWORK))
        for n in range(4):
            place = Municipality.objects.create(region=self.region, name=f"Район № {n}")
            authority = Organisation.objects.create(
                kind=Organisation.Kind.MUNICIPAL_AUTHORITY,
                name=f"Управление образования района № {n}",
                short_name=f"УО района № {n}",
                region=self.region,
                municipality=place,
            )
            plan = make_plan(
                Plan.Kind.ROADMAP,
                f"Дорожная карта района № {n}",
                authority,
                self.year,
                municipality=place,
            )
            kw = {"computed_source": "activities_on_time"} if n % 2 else {}
            roadmap_indicator(plan, NETWORK, {2018: ("30", "31"), 2019: ("35", None)}, **kw)
        with self.assertNumQueries(len(small)):
            response = self.get(name=normalised(NETWORK))
        self.assertEqual(len(self.rows(response.content.decode())), 6)
