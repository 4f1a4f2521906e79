"""Lists that scale: executions, results, identification runs and notifications are paged,
searchable, filtered and sorted, and read a fixed number of queries whatever their length."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.accounts.models import User
from orientir.execution.models import Document, Execution
from orientir.identification.models import IdentificationRun
from orientir.plans.models import Activity, Comment, Plan
from orientir.registry.models import AcademicYear
from orientir.results.models import AssessmentResult
from tests.base import (
    PASSWORD,
    BaseTestCase,
    make_activity,
    make_evidence,
    make_plan,
    make_school,
)

NOVEMBER = dt.date(2018, 11, 15)
TOTAL = re.compile(r'data-total="(\d+)"')


class ListTestCase(BaseTestCase):
    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def total(self, url: str) -> int:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        found = TOTAL.search(response.content.decode())
        assert found is not None, url
        return int(found.group(1))

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def assert_fixed_queries(self, urls: dict[str, str], grow: object) -> None:
        small = {name: self.queries(url) for name, url in urls.items()}
        grow()  # type: ignore[operator]
        for name, url in urls.items():
            with self.subTest(page=name), self.assertNumQueries(small[name]):
                self.client.get(url)


class ExecutionListTests(ListTestCase):
    def add_executions(self, n: int, prefix: str = "Семинар") -> None:
        for index in range(n):
            execution, _ = make_evidence(self.forest_activity, f"{prefix}-{index}")
            execution.description = f"{prefix} № {index} для заместителей директоров"
            execution.save()

    def test_it_lists_executions_of_the_users_territory_with_their_documents(self) -> None:
        self.login("bob")
        url = reverse("dashboard-executions")
        before = self.total(url)
        self.add_executions(2)
        make_evidence(self.seaside_activity, "Приморск-1")
        self.assertEqual(self.total(url), before + 2)  # not Приморск's
        self.assertEqual(self.total(url + "?q=Семинар № 1"), 1)
        self.assertEqual(self.total(url + "?documents=false"), 0)
        self.login("alice")
        seaside = self.total(url + f"?municipality={self.seaside.pk}")
        in_seaside = Execution.objects.filter(activity__plan__municipality=self.seaside)
        self.assertEqual(seaside, in_seaside.count())
        self.assertGreaterEqual(seaside, 1)
        self.assertEqual(self.total(url + "?since=2018-09-13"), 0)  # all held 12 September

    def test_it_counts_each_executions_documents_and_filters_by_them(self) -> None:
        bare = Execution.objects.create(activity=self.forest_activity, description="Без бумаг")
        full, _ = make_evidence(self.forest_activity, "Три")
        for kind in ("photo", "letter"):
            Document.objects.create(plan=self.forest_roadmap, execution=full, kind=kind, title=kind)
        self.login("bob")
        url = reverse("dashboard-executions")
        rows = {e.pk: e.document_count for e in self.client.get(url).context["page"]}
        self.assertEqual((rows[bare.pk], rows[full.pk]), (0, 3))
        self.assertEqual(self.total(url + "?documents=false"), 1)
        self.assertEqual(self.total(url + "?documents=true"), len(rows) - 1)
        by_count = self.client.get(url + "?sort=-documents").context["page"].object_list
        self.assertEqual(by_count[0], full)

    def test_it_pages_and_sorts_a_long_list(self) -> None:
        self.add_executions(55)
        self.login("bob")
        url = reverse("dashboard-executions")
        content = self.client.get(url + "?sort=-created&page=2").content.decode()
        self.assertIn("Страница 2 из 2", content)
        self.assertIn('aria-sort="descending"', content)
        self.assertIn("Семинар № 4 ", content)  # the oldest five on the second page
        self.assertNotIn("Семинар № 5 ", content)
        first = self.client.get(url + "?sort=nonsense").content.decode()
        self.assertIn("Страница 1 из 2", first)  # an unknown key falls back to the date

    def test_it_runs_a_fixed_number_of_queries_whatever_the_size(self) -> None:
        self.add_executions(3)
        self.login("alice")
        url = reverse("dashboard-executions")
        self.assert_fixed_queries(
            {"executions": url, "sorted": url + "?sort=documents"},
            lambda: self.add_executions(60, "Урок"),
        )


class ActivityListSortTests(ListTestCase):
    def test_it_sorts_activities_by_a_column_and_back(self) -> None:
        for title in ("Аттестация педагогов", "Юбилейный педсовет"):
            make_activity(self.forest_roadmap, "9.", title, "20.05.2019")
        self.login("bob")
        url = reverse("dashboard-activities") + f"?municipality={self.forest.pk}"
        ascending = self.client.get(url + "&sort=title").content.decode()
        self.assertLess(ascending.index("Аттестация"), ascending.index("Юбилейный"))
        self.assertIn("sort=-title", ascending)  # a second click reverses
        descending = self.client.get(url + "&sort=-title").content.decode()
        self.assertGreater(descending.index("Аттестация"), descending.index("Юбилейный"))


class PlanAndSchoolListSortTests(ListTestCase):
    def test_it_sorts_school_statuses_by_a_column_and_finds_a_school(self) -> None:
        self.login("alice")
        url = reverse("dashboard-schools") + f"?region={self.region.pk}"
        ascending = self.client.get(url + "&sort=school").content.decode()
        self.assertLess(ascending.index("МБОУ СОШ № 12"), ascending.index("МБОУ СОШ № 4<"))
        self.assertIn("sort=-school", ascending)
        descending = self.client.get(url + "&sort=-school").content.decode()
        self.assertGreater(descending.index("МБОУ СОШ № 12"), descending.index("МБОУ СОШ № 4<"))
        found = self.client.get(url + "&q=СОШ № 12")
        self.assertEqual(
            [s.school_id for s in found.context["page"].object_list], [self.school12.pk]
        )

    def test_it_orders_plans_as_chosen_and_keeps_an_unknown_order_out(self) -> None:
        self.login("alice")
        url = reverse("dashboard-plans") + f"?region={self.region.pk}"
        titles = [p.title for p in self.client.get(url + "&sort=-title").context["page"]]
        self.assertEqual(titles, sorted(titles, reverse=True))
        self.assertGreater(len(titles), 2)
        page = self.client.get(url + "&sort=password")  # not a column: the default order
        self.assertEqual([p.title for p in page.context["page"]], sorted(titles))


class ResultListTests(ListTestCase):
    def add_results(self, year: AcademicYear, subjects: list[str], failed: int = 3) -> None:
        for school in (self.school4, self.school12):
            for subject in subjects:
                AssessmentResult.objects.create(
                    school=school,
                    academic_year=year,
                    kind="ege",
                    assessment="ЕГЭ",
                    subject=subject,
                    participants=20,
                    failed=failed,
                    mean_score=51.5,
                )

    def test_it_filters_results_by_territory_procedure_and_failing(self) -> None:
        self.add_results(self.year, ["Математика (профильная)", "Русский язык"])
        AssessmentResult.objects.filter(subject="Русский язык").update(failed=0)
        self.login("bob")
        url = reverse("results_list")
        self.assertEqual(self.total(url), 2)  # СОШ № 4 only
        self.login("alice")
        self.assertEqual(self.total(url), 4)
        self.assertEqual(self.total(url + "?failing=true"), 2)
        self.assertEqual(self.total(url + "?q=Русский"), 2)
        self.assertEqual(self.total(url + f"?municipality={self.seaside.pk}&kind=ege"), 2)
        self.assertEqual(self.total(url + "?kind=vpr"), 0)

    def test_it_sorts_by_the_share_that_did_not_pass(self) -> None:
        self.add_results(self.year, ["Физика"], failed=2)
        AssessmentResult.objects.filter(school=self.school12).update(failed=15)
        self.login("alice")
        content = self.client.get(reverse("results_list") + "?sort=-share").content.decode()
        self.assertLess(content.index("СОШ № 12"), content.index("СОШ № 4<"))

    def test_it_names_the_choice_of_every_procedure_in_words(self) -> None:
        self.login("alice")
        content = self.client.get(reverse("results_list")).content.decode()
        self.assertIn('<option value="" selected>все процедуры</option>', content)
        self.assertNotIn("---------", content)

    def test_it_runs_a_fixed_number_of_queries_whatever_the_size(self) -> None:
        self.add_results(self.year, ["Химия"])
        self.login("alice")
        url = reverse("results_list")
        later = AcademicYear.objects.create(start_year=2019)
        self.add_results(later, ["Биология"])
        subjects = [f"Предмет № {n}" for n in range(30)]
        self.assert_fixed_queries(
            {"results": url, "year": url + "?year=2019&sort=school"},
            lambda: self.add_results(later, subjects),
        )


class RunListTests(ListTestCase):
    def add_runs(self, n: int) -> None:
        for _ in range(n):
            IdentificationRun.objects.create(
                region=self.region, academic_year=self.year, settings={}
            )

    def test_it_filters_and_pages_the_regions_runs(self) -> None:
        self.add_runs(22)
        IdentificationRun.objects.filter(pk=IdentificationRun.objects.latest("pk").pk).update(
            approved_at=dt.datetime(2018, 10, 1, tzinfo=dt.UTC)
        )
        self.login("alice")
        url = reverse("region_runs", args=[self.region.pk])
        self.assertEqual(self.total(url), 22)
        self.assertIn("Страница 1 из 2", self.client.get(url).content.decode())
        self.assertEqual(self.total(url + "?approval=approved"), 1)
        self.assertEqual(self.total(url + "?year=2019"), 0)

    def test_it_runs_a_fixed_number_of_queries_whatever_the_size(self) -> None:
        self.add_runs(2)
        self.login("anna")
        url = reverse("region_runs", args=[self.region.pk])
        self.assert_fixed_queries({"runs": url}, lambda: self.add_runs(30))


@mock.patch("orientir.notifications.views.today", new=lambda: NOVEMBER)
class NotificationListTests(ListTestCase):
    def grow(self, n: int) -> None:
        """`n` overdue and `n` coming deadlines in Лесной район, and `n` comments to bob."""
        for index in range(n):
            make_activity(
                self.forest_roadmap, f"7.{index}.", f"Консультация № {index}", "01.11.2018"
            )
            make_activity(
                self.forest_roadmap, f"8.{index}.", f"Открытый урок № {index}", "20.11.2018"
            )
            Comment.objects.create(
                plan=self.forest_roadmap, author=self.carl, text=f"Замечание № {index}"
            )

    def test_it_pages_each_group_and_searches_them(self) -> None:
        self.grow(12)
        self.login("bob")
        url = reverse("notifications")
        content = self.client.get(url).content.decode()
        self.assertIn("Новые комментарии — 12 комментариев", content)
        self.assertIn("Страница 1 из 2", content)  # ten of each group on the whole page
        self.assertIn("comments_page=2", content)
        one = self.client.get(url + "?group=overdue").content.decode()
        self.assertNotIn('id="comments"', one)
        self.assertIn("Консультация № 11", one)  # fifty a page when one group is chosen
        found = self.client.get(url + "?q=Открытый урок № 3").content.decode()
        self.assertIn("Сроки в ближайшие две недели — 1 мероприятие", found)
        self.assertNotIn("Консультация № 3", found)

    def test_it_runs_a_fixed_number_of_queries_whatever_the_size(self) -> None:
        Plan.objects.filter(pk=self.programme4.pk).update(state=Plan.State.SUBMITTED)
        self.grow(2)
        self.login("bob")
        url = reverse("notifications")
        self.assert_fixed_queries(
            {"all": url, "one": url + "?group=comments"}, lambda: self.grow(30)
        )

    def grow_country(self, n: int) -> None:
        """`n` more programmes submitted for review, each with a comment on an activity."""
        start = Plan.objects.count()
        for index in range(start, start + n):
            school = make_school(self.seaside, f"{index}", f"99-7{index:03}")
            plan = make_plan(
                Plan.Kind.SCHOOL_PROGRAMME,
                f"Программа перехода школы № {index}",
                school,
                self.year,
                municipality=self.seaside,
                school=school,
            )
            Plan.objects.filter(pk=plan.pk).update(state=Plan.State.SUBMITTED)
            activity = make_activity(plan, "1.", f"Педсовет № {index}", "01.12.2018")
            Comment.objects.create(
                plan=plan, activity=activity, author=self.tom, text=f"Вопрос № {index}"
            )

    def test_it_shows_a_superuser_a_bounded_page_of_the_whole_country(self) -> None:
        User.objects.create_superuser("root", password=PASSWORD)
        self.grow_country(2)
        self.login("root")
        url = reverse("notifications")
        self.assert_fixed_queries(
            {"all": url, "one": url + "?group=comments"}, lambda: self.grow_country(25)
        )
        content = self.client.get(url).content.decode()
        self.assertIn("Новые комментарии — 27 комментариев", content)
        self.assertEqual(content.count("Вопрос №"), 10)  # ten of 27, newest first
        self.assertIn("Вопрос № 31", content)
        self.assertIn(
            f'href="{reverse("activity", args=[Activity.objects.latest("pk").pk])}"', content
        )
        self.assertIn("Ждут согласования или утверждения — 27 планов", content)
        self.assertEqual(content.count("Программа перехода школы №"), 10)
        one = self.client.get(url + "?group=comments").content.decode()
        self.assertEqual(one.count("Вопрос №"), 27)  # fifty a page when the group is chosen
