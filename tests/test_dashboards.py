"""Dashboards: every figure opens the list it counts, and that list shows the same number."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.plans.models import Activity, Plan, Section
from orientir.plans.services import activity_set_status
from orientir.registry.models import AcademicYear, Municipality, Organisation, SchoolStatus
from tests.base import PASSWORD, BaseTestCase, make_activity, make_plan, make_school

NOVEMBER = dt.date(2018, 11, 15)  # 2018/2019 against 2017/2018; all four deadlines passed
FIGURE = re.compile(r'<a class="figure[^"]*" href="([^"]+)" data-figure="(\d+)"')
TOTAL = re.compile(r'data-total="(\d+)"')


@mock.patch("orientir.dashboards.views.today", return_value=NOVEMBER)
class DashboardTestCase(BaseTestCase):
    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def get(self, username: str, name: str, *args: object) -> HttpResponse:
        self.login(username)
        return self.client.get(reverse(name, args=args))

    def figures(self, response: HttpResponse) -> list[tuple[str, int]]:
        content = response.content.decode()
        return [(url.replace("&amp;", "&"), int(n)) for url, n in FIGURE.findall(content)]

    def total(self, url: str) -> int:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        found = TOTAL.search(response.content.decode())
        assert found is not None, url
        return int(found.group(1))

    def assert_every_figure_is_its_list(self, response: HttpResponse) -> None:
        figures = self.figures(response)
        self.assertTrue(figures)
        for url, value in figures:
            with self.subTest(url=url):
                self.assertEqual(self.total(url), value)

    def add_municipality(self, name: str, code: str, activities: int) -> None:
        """A municipality with a road map, a ШНОР school and `activities` overdue ones."""
        municipality = Municipality.objects.create(region=self.region, name=name)
        authority = Organisation.objects.create(
            kind=Organisation.Kind.MUNICIPAL_AUTHORITY,
            name=f"Управление образования: {name}",
            short_name=f"УО {name}",
            region=self.region,
            municipality=municipality,
        )
        school = make_school(municipality, code[-2:], code)
        SchoolStatus.objects.create(school=school, academic_year=self.year, status="low_results")
        roadmap = make_plan(
            Plan.Kind.ROADMAP,
            f"Дорожная карта: {name}",
            authority,
            self.year,
            municipality=municipality,
        )
        for n in range(activities):
            make_activity(roadmap, f"{n + 1}.", f"Семинар № {n + 1}", "до 1 ноября")

    def test_it_links_every_figure_of_the_region_dashboard_to_a_list_of_as_many(self, _) -> None:
        self.forest_activity.responsible_organisations.add(self.forest_authority, self.school6)
        self.programme4_activity.responsible_organisations.add(self.forest_authority)
        response = self.get("alice", "dashboard-region", self.region.pk)
        self.assertEqual(response.status_code, 200)
        responsible = response.context["d"].by_responsible
        first = responsible[0]
        self.assertEqual(
            (first.label, [f.value for f in first.figures]), ("УО Лесного района", [2, 2])
        )
        self.assert_every_figure_is_its_list(response)

    def test_it_counts_this_years_overdue_activities_of_the_region(self, _) -> None:
        response = self.get("alice", "dashboard-region", self.region.pk)
        overdue = response.context["d"].progress[0]
        self.assertEqual(overdue.label, "просрочено")
        self.assertEqual([f.value for f in overdue.figures], [4, 0])

    def test_it_puts_the_municipality_with_most_overdue_first(self, _) -> None:
        self.add_municipality("Степной район", "99-0301", 3)
        response = self.get("alice", "dashboard-region", self.region.pk)
        rows = response.context["d"].by_municipality
        self.assertEqual(rows[0].label, "Степной район")
        self.assertEqual(rows[0].figures[0].value, 3)
        self.assert_every_figure_is_its_list(response)

    def test_it_links_every_figure_of_a_municipality_and_a_school_dashboard(self, _) -> None:
        for username, name, pk in [
            ("bob", "dashboard-municipality", self.forest.pk),
            ("sam", "dashboard-school", self.school4.pk),
            ("alice", "dashboard-municipality", self.seaside.pk),
        ]:
            with self.subTest(user=username, page=name):
                response = self.get(username, name, pk)
                self.assertEqual(response.status_code, 200)
                self.assert_every_figure_is_its_list(response)

    def test_it_shows_the_curator_only_what_is_assigned(self, _) -> None:
        response = self.get("carl", "dashboard-curator")
        self.assertEqual(response.status_code, 200)
        d = response.context["d"]
        self.assertEqual(d.progress[0].figures[0].value, 2)  # Лесной район: road map and СОШ № 4
        self.assertEqual([row.label for row in d.by_municipality], ["Лесной район"])
        self.assert_every_figure_is_its_list(response)

    def test_it_refuses_or_hides_what_a_persona_may_not_see(self, _) -> None:
        cases = [
            ("mike", "dashboard-region", [self.region.pk], 403),
            ("bob", "dashboard-region", [self.region.pk], 403),
            ("sam", "dashboard-region", [self.region.pk], 403),
            ("carl", "dashboard-region", [self.region.pk], 403),
            ("mike", "dashboard-municipality", [self.forest.pk], 404),
            ("tom", "dashboard-school", [self.school4.pk], 404),
            ("bob", "dashboard-curator", [], 403),
            ("alice", "dashboard-curator", [], 403),
            ("bob", "dashboard-municipalities", [self.region.pk], 403),
            ("alice", "dashboard-region", [self.region.pk + 1], 404),
        ]
        for username, name, args, status in cases:
            with self.subTest(user=username, page=name):
                self.assertEqual(self.get(username, name, *args).status_code, status)

    def test_it_never_lists_another_municipalitys_activities(self, _) -> None:
        self.login("mike")
        url = reverse("dashboard-activities") + f"?municipality={self.forest.pk}"
        self.assertEqual(self.total(url), 0)
        self.assertEqual(self.total(reverse("dashboard-activities")), 2)  # Приморск

    def test_it_sends_each_persona_to_their_own_dashboard(self, _) -> None:
        expected = {
            "alice": reverse("dashboard-region", args=[self.region.pk]),
            "carl": reverse("dashboard-curator"),
            "bob": reverse("dashboard-municipality", args=[self.forest.pk]),
            "sam": reverse("dashboard-school", args=[self.school4.pk]),
        }
        for username, url in expected.items():
            with self.subTest(user=username):
                self.login(username)
                self.assertRedirects(self.client.get(reverse("dashboard")), url)

    def queries(self, url: str, kept: bool = False) -> int:
        """Queries of one request; the dashboard computed afresh unless `kept`."""
        if not kept:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def test_it_lists_the_sections_with_the_most_overdue_first(self, _) -> None:
        self.add_municipality("Степной район", "99-0301", 3)  # 3 overdue, «Организационные»
        late = Section.objects.create(plan=self.forest_roadmap, number="2.", title="Кадры")
        for number, title, deadline in [
            ("2.1.", "Аттестация", "до 1 октября"),
            ("2.2.", "Курсы", "до 1 октября"),
            ("2.3.", "Наставничество", "май"),
        ]:
            activity = make_activity(self.forest_roadmap, number, title, deadline)
            Activity.objects.filter(pk=activity.pk).update(section=late)
        response = self.get("alice", "dashboard-region", self.region.pk)
        rows = [(r.label, [f.value for f in r.figures]) for r in response.context["d"].by_section]
        self.assertEqual(rows[0], ("1. Организационные мероприятия — Степной район", [3, 3]))
        self.assertEqual(rows[1], ("2. Кадры — Лесной район", [2, 3]))
        overdue = [figures[0] for _, figures in rows]
        self.assertEqual(overdue, sorted(overdue, reverse=True))
        self.assertContains(response, "2. Кадры — Лесной район")

    def test_it_runs_a_fixed_number_of_queries_whatever_the_size(self, _) -> None:
        self.login("alice")
        pages = {
            "region": reverse("dashboard-region", args=[self.region.pk]),
            "municipalities": reverse("dashboard-municipalities", args=[self.region.pk]),
            "activities": reverse("dashboard-activities") + "?overdue=true",
            "plans": reverse("dashboard-plans") + "?year=2018",
            "schools": reverse("dashboard-schools") + "?year=2018",
        }
        small = {name: self.queries(url) for name, url in pages.items()}
        for n in range(3):
            self.add_municipality(f"Район № {n}", f"99-04{n:02d}", 5)
        # The dashboard: session, user, region, its figures (activities counted once for
        # progress, municipalities and what waits; sections, responsible, schools, plans),
        # the year's plans with their evidence (two, and two more to score the activities
        # with evidence not kept in the count table, as here), indicators, the last run,
        # the week's changes (two), and the data version of the kept dashboard (one); the
        # lists: a count and a page.
        expected = {"region": 18, "municipalities": 13, "activities": 5, "plans": 5, "schools": 5}
        self.assertEqual(small, expected)
        for name, url in pages.items():
            with self.subTest(page=name):
                self.assertEqual(self.queries(url), expected[name])
        # Kept: session, user, the region (the page's and the menu's) and the data version;
        # nothing of the figures.
        self.queries(pages["region"])
        self.assertEqual(self.queries(pages["region"], kept=True), 5)

    def test_it_keeps_a_dashboard_until_a_change_or_the_next_day(self, today) -> None:
        self.login("alice")
        url = reverse("dashboard-region", args=[self.region.pk])
        first = self.client.get(url)
        self.assertEqual(self.queries(url, kept=True), 5)  # kept: the figures are not counted
        kept = self.client.get(url)
        self.assertEqual(kept.context["d"], first.context["d"])
        # A change through the services (audited) is counted at once, by every user.
        activity_set_status(
            actor=self.alice, activity=self.forest_activity, status="cancelled", reason="Отменено"
        )
        changed = self.client.get(url)
        self.assertNotEqual(changed.context["d"].progress, first.context["d"].progress)
        # And the next day counts again what is overdue, with nothing changed.
        self.assertEqual(self.queries(url, kept=True), 5)
        today.return_value = today.return_value + dt.timedelta(days=1)
        self.assertGreater(self.queries(url, kept=True), 5)

    def test_it_pages_a_long_list_and_keeps_the_total(self, _) -> None:
        self.add_municipality("Степной район", "99-0301", 120)
        self.login("alice")
        url = reverse("dashboard-activities") + "?overdue=true"
        response = self.client.get(url)
        self.assertEqual(self.total(url), 124)
        self.assertEqual(len(response.context["page"].object_list), 50)
        self.assertContains(response, "Страница 1 из 3")
        last = self.client.get(url + "&page=3")
        self.assertEqual(len(last.context["page"].object_list), 24)

    def test_it_lists_the_most_overdue_activity_first(self, _) -> None:
        late = make_activity(self.forest_roadmap, "0.", "Старое совещание", "до 1 сентября 2018")
        self.login("alice")
        response = self.client.get(reverse("dashboard-activities") + "?overdue=true")
        self.assertEqual(response.context["page"].object_list[0], late)


@mock.patch("orientir.dashboards.views.today", return_value=NOVEMBER)
class MunicipalitiesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.client.login(username="alice", password=PASSWORD)

    def test_it_sorts_municipalities_by_a_column(self, _) -> None:
        Activity.objects.filter(pk=self.programme12_activity.pk).update(status="done")
        url = reverse("dashboard-municipalities", args=[self.region.pk])
        by_overdue = self.client.get(url + "?sort=-overdue").context["rows"]
        self.assertEqual([r.overdue for r in by_overdue], [2, 1])
        by_name = self.client.get(url + "?sort=name").context["rows"]
        self.assertEqual([r.municipality.name for r in by_name], ["город Приморск", "Лесной район"])

    def test_it_exports_the_table_to_excel(self, _) -> None:
        from openpyxl import load_workbook

        url = reverse("dashboard-municipalities", args=[self.region.pk])
        response = self.client.get(url + "?format=xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(BytesIO(response.content)).active
        assert sheet is not None
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(rows[0][0], "Муниципалитет")
        self.assertEqual({r[0] for r in rows[1:]}, {"Лесной район", "город Приморск"})
        self.assertEqual(sorted(r[3] for r in rows[1:]), [2, 2])

    def test_it_links_each_overdue_count_to_its_list(self, _) -> None:
        response = self.client.get(reverse("dashboard-municipalities", args=[self.region.pk]))
        for url, value in FIGURE.findall(response.content.decode()):
            with self.subTest(url=url):
                listed = self.client.get(url.replace("&amp;", "&"))
                found = TOTAL.search(listed.content.decode())
                assert found is not None
                self.assertEqual(int(found.group(1)), int(value))


class AcademicYearsTestCase(BaseTestCase):
    def test_it_counts_last_years_open_activities_as_missed_once_the_plan_is_closed(self) -> None:
        AcademicYear.objects.create(start_year=2019)
        self.client.login(username="alice", password=PASSWORD)
        with mock.patch("orientir.dashboards.views.today", return_value=dt.date(2019, 10, 1)):
            response = self.client.get(reverse("dashboard-region", args=[self.region.pk]))
        rows = {row.figures[1].key: row.figures[1].value for row in response.context["d"].progress}
        self.assertEqual(rows["overdue"], 0)
        self.assertEqual(rows["missed"], 4)


class RegionPageLinkTestCase(BaseTestCase):
    @mock.patch("orientir.dashboards.views.today", return_value=NOVEMBER)
    @mock.patch("orientir.web.territory_views.today", return_value=NOVEMBER)
    def test_it_opens_the_region_pages_overdue_figure_as_its_list(self, *_: mock.Mock) -> None:
        self.client.login(username="alice", password=PASSWORD)
        response = self.client.get(reverse("region", args=[self.region.pk]))
        found = re.search(
            r"<dt>просрочено</dt><dd><a href=\"([^\"]+)\">(\d+)</a>", response.content.decode()
        )
        assert found is not None
        listed = self.client.get(found.group(1).replace("&amp;", "&"))
        total = TOTAL.search(listed.content.decode())
        assert total is not None
        self.assertEqual(int(total.group(1)), int(found.group(2)))
        self.assertEqual(int(found.group(2)), 4)
