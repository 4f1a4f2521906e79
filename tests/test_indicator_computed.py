"""Indicators Ориентир computes from its own data, each counted by hand on a small territory.

Озёрный район is added to the shared region for these counts: four schools (three of the
target group and a leader), one road map of 2018/2019 with six activities, their evidence
and the schools' results. Each expected share below is written out from that table.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.dashboards import computed
from orientir.dashboards.computed import ComputedSource, Measure
from orientir.execution.models import Document, EvidenceRule, Execution
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.lib.numbers import parse_decimal
from orientir.plans.models import Activity, Plan
from orientir.registry.models import (
    AcademicYear,
    Municipality,
    Organisation,
    Partnership,
    SchoolStatus,
)
from orientir.results.models import AssessmentKind, AssessmentResult
from orientir.results.parsing import parse_number
from tests.base import PASSWORD, BaseTestCase, make_activity, make_plan, make_school

LATE_AUTUMN = dt.date(2018, 11, 15)  # the road map's year is running
LATER = dt.date(2026, 12, 5)


def build_lake(target: type[BaseTestCase]) -> None:
    """Озёрный район: the hand-counted territory (see each test for its count)."""
    t = target
    t.y2016 = AcademicYear.objects.create(start_year=2016)
    t.y2017 = AcademicYear.objects.create(start_year=2017)
    t.lake = Municipality.objects.create(region=t.region, name="Озёрный район")
    t.lake_authority = Organisation.objects.create(
        kind=Organisation.Kind.MUNICIPAL_AUTHORITY,
        name="Управление образования Озёрного района",
        short_name="УО Озёрного района",
        region=t.region,
        municipality=t.lake,
    )
    t.school_a = make_school(t.lake, "1", "99-0301")
    t.school_b = make_school(t.lake, "2", "99-0302")
    t.school_c = make_school(t.lake, "3", "99-0303")
    t.leader = make_school(t.lake, "5", "99-0305")
    for school, status in (
        (t.school_a, "low_results"),
        (t.school_b, "adverse_conditions"),
        (t.school_c, "low_results"),
        (t.leader, "leader"),
    ):
        SchoolStatus.objects.create(school=school, academic_year=t.year, status=status)
    # A: an agreement with a number; B: only proposed by identification, no agreement;
    # C: an agreement that ended in 2017/2018. Лесной район: СОШ № 6 → СОШ № 4 by date.
    Partnership.objects.create(
        leader=t.leader, target=t.school_a, first_year=t.year, agreement_number="7"
    )
    Partnership.objects.create(
        leader=t.leader,
        target=t.school_b,
        first_year=t.year,
        agreement_title="Предложено расчётом идентификации № 3",
    )
    Partnership.objects.create(
        leader=t.leader,
        target=t.school_c,
        first_year=t.y2016,
        last_year=t.y2017,
        agreement_number="2",
    )
    Partnership.objects.create(
        leader=t.school6,
        target=t.school4,
        first_year=t.year,
        agreement_date=dt.date(2018, 8, 24),
    )
    t.lake_roadmap = make_plan(
        Plan.Kind.ROADMAP,
        "Дорожная карта Озёрного района",
        t.lake_authority,
        t.year,
        municipality=t.lake,
    )
    _lake_activities(t)
    _lake_results(t)


def _activity(plan: Plan, number: str, title: str, when: str, kind: str, status: str) -> Activity:
    activity = make_activity(plan, number, title, when, activity_type=kind)
    Activity.objects.filter(pk=activity.pk).update(status=status, status_manual=True)
    return activity


def _held(activity: Activity, day: dt.date, document: str = "") -> None:
    execution = Execution.objects.create(activity=activity, date=day, description="Проведено")
    if document:
        Document.objects.create(
            plan=activity.plan,
            execution=execution,
            kind=document,
            number="15",
            date=day,
            title="О проведении",
        )


def _lake_activities(t: type[BaseTestCase]) -> None:
    plan = t.lake_roadmap
    EvidenceRule.objects.create(region=t.region, activity_type="seminar", document_kind="order")
    EvidenceRule.objects.create(region=t.region, activity_type="meeting", document_kind="protocol")
    a = _activity(
        plan, "1.", "Семинар заместителей директоров", "Сентябрь 2018 года", "seminar", "done"
    )
    _held(a, dt.date(2018, 9, 20), Document.Kind.ORDER)  # on time, complete
    b = _activity(
        plan, "2.", "Семинар учителей математики", "Сентябрь 2018 года", "seminar", "done"
    )
    _held(b, dt.date(2018, 10, 20))  # late, no order
    _activity(plan, "3.", "Совещание руководителей", "Октябрь 2018 года", "meeting", "planned")
    _activity(plan, "4.", "Выездное совещание", "Октябрь 2018 года", "meeting", "cancelled")
    _activity(plan, "5.", "Совещание по итогам четверти", "Ноябрь 2018 года", "meeting", "done")
    _activity(plan, "6.", "Совещание по итогам года", "Май 2019 года", "meeting", "planned")


def _lake_results(t: type[BaseTestCase]) -> None:
    def result(school: Organisation, kind: str, subject: str, grade: int, n: int, failed: int):  # type: ignore[no-untyped-def]
        name = AssessmentKind(kind).label
        AssessmentResult.objects.create(
            school=school,
            academic_year=t.year,
            kind=kind,
            assessment=name,
            subject=subject,
            grade=grade,
            participants=n,
            failed=failed,
        )

    result(t.school_a, AssessmentKind.EGE, "Русский язык", 11, 20, 2)
    result(t.school_a, AssessmentKind.EGE, "Математика профильная", 11, 10, 3)
    result(t.school_b, AssessmentKind.EGE, "Русский язык", 11, 30, 0)
    result(t.school_a, AssessmentKind.OGE, "Математика", 9, 40, 6)


def share(code: str, level: str, pk: int, today: dt.date = LATER) -> Measure | None:
    found = computed.measures([(code, level, pk)], [2018], today)  # type: ignore[list-item]
    return found.get((code, level, pk, 2018))  # type: ignore[arg-type]


class ComputedSourcesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_lake(cls)

    def assertShare(self, measure: Measure | None, met: int, counted: int, value: str) -> None:
        assert measure is not None
        self.assertEqual((measure.met, measure.counted), (met, counted))
        self.assertEqual(measure.value, Decimal(value))

    def test_it_counts_target_schools_with_a_partnership_agreement(self) -> None:
        # Озёрный: A has one; B's pair has no agreement; C's ended in 2017/2018.
        self.assertShare(
            share("partnership_agreements", "municipality", self.lake.pk), 1, 3, "33.3"
        )
        self.assertShare(
            share("partnership_agreements", "municipality", self.forest.pk), 1, 1, "100"
        )
        self.assertShare(
            share("partnership_agreements", "municipality", self.seaside.pk), 0, 1, "0"
        )
        # The region: СОШ № 4 and А of five target schools (the leaders are not counted).
        self.assertShare(share("partnership_agreements", "region", self.region.pk), 2, 5, "40")
        self.assertEqual(
            share("partnership_agreements", "region", self.region.pk).explanation,  # type: ignore[union-attr]
            "2 из 5 школ целевой группы",
        )

    def test_it_counts_activities_done_on_time_among_those_due(self) -> None:
        # 15 November 2018: 1 on time, 2 held late, 3 overdue, 5 done by hand; 4 cancelled
        # and 6 (May) not due yet are not counted.
        on_time = share("activities_on_time", "municipality", self.lake.pk, LATE_AUTUMN)
        self.assertShare(on_time, 2, 4, "50")
        self.assertEqual(on_time.explanation, "2 из 4 мероприятий")  # type: ignore[union-attr]
        # Years later the plan is closed: 6 counts as not done in time.
        self.assertShare(share("activities_on_time", "municipality", self.lake.pk), 2, 5, "40")

    def test_it_counts_activities_on_time_of_a_school_and_of_the_region(self) -> None:
        Activity.objects.filter(pk=self.programme4_activity.pk).update(status="done")
        self.assertShare(share("activities_on_time", "school", self.school4.pk), 1, 1, "100")
        # The region: Озёрный's 5, and the four shared activities, of which only
        # СОШ № 4's is done.
        self.assertShare(share("activities_on_time", "region", self.region.pk), 3, 9, "33.3")

    def test_it_counts_held_activities_with_all_their_documents(self) -> None:
        # 1 has its order; 2 lacks it; 5 was marked done with no occurrence and proves
        # nothing; 3 and 6 were not held, 4 is cancelled.
        self.assertShare(share("evidence_complete", "municipality", self.lake.pk), 1, 3, "33.3")

    def test_it_counts_participants_below_the_minimum(self) -> None:
        # ЕГЭ: (2 + 3 + 0) of (20 + 10 + 30); ОГЭ: 6 of 40; ВПР: nothing loaded.
        self.assertShare(share("below_minimum_ege", "municipality", self.lake.pk), 5, 60, "8.3")
        self.assertShare(share("below_minimum_ege", "school", self.school_a.pk), 5, 30, "16.7")
        self.assertShare(share("below_minimum_oge", "municipality", self.lake.pk), 6, 40, "15")
        self.assertIsNone(share("below_minimum_vpr", "municipality", self.lake.pk))
        self.assertEqual(computed.get("below_minimum_ege").direction, "decrease")  # type: ignore[union-attr]

    def test_it_measures_nothing_for_a_level_the_source_does_not_serve(self) -> None:
        self.assertIsNone(share("partnership_agreements", "school", self.school_a.pk))
        self.assertIsNone(share("no_such_source", "municipality", self.lake.pk))

    def test_it_counts_many_territories_in_the_same_queries_as_one(self) -> None:
        for code in computed.SOURCES:
            with self.subTest(code=code), self.assertNumQueries(self.queries(code, [self.lake.pk])):
                computed.measures(
                    [
                        (code, "municipality", m)
                        for m in (self.lake.pk, self.forest.pk, self.seaside.pk)
                    ],
                    [2017, 2018],
                    LATER,
                )

    def queries(self, code: str, ids: list[int]) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            computed.measures([(code, "municipality", i) for i in ids], [2018], LATER)
        return len(captured)

    def test_it_takes_a_new_source_as_one_function_and_one_registration(self) -> None:
        def left_the_group(level, ids, years, today):  # type: ignore[no-untyped-def]
            return {(pk, year): (1, 4) for pk in ids for year in years}

        source = ComputedSource(
            "cohort_left", "Доля школ, вышедших из группы", left_the_group, direction="increase"
        )
        computed.register(source)
        self.addCleanup(computed.SOURCES.pop, "cohort_left")
        self.assertShare(share("cohort_left", "municipality", self.lake.pk), 1, 4, "25")
        with self.assertRaises(ValueError):
            computed.register(source)

    def test_it_proposes_a_source_for_a_name_that_says_it(self) -> None:
        cases = {
            "Доля ШНОР, заключивших договоры о партнёрстве": "partnership_agreements",
            "Доля школ, имеющих партнерские соглашения": "partnership_agreements",
            "Доля мероприятий дорожной карты, выполненных в срок": "activities_on_time",
            "Доля выпускников, не преодолевших минимальный порог на ЕГЭ": "below_minimum_ege",
            "Доля участников ОГЭ, получивших неудовлетворительные отметки": "below_minimum_oge",
            "Доля учащихся с отметкой 2 по ВПР": "below_minimum_vpr",
        }
        for name, code in cases.items():
            with self.subTest(name=name):
                self.assertEqual(computed.proposal(name, "municipality").code, code)  # type: ignore[union-attr]
        for name in ("Доля педагогов, повысивших квалификацию", "Доля школ полного дня"):
            self.assertIsNone(computed.proposal(name, "municipality"))
        self.assertIsNone(computed.proposal("Доля ШНОР с договорами о партнёрстве", "school"))


class BindingTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_lake(cls)
        cls.indicator = Indicator.objects.create(
            plan=cls.forest_roadmap,
            name="Доля ШНОР, заключивших договоры о партнёрстве со школами-лидерами",
            unit="%",
            direction=Indicator.Direction.KEEP,
        )
        IndicatorValue.objects.create(
            indicator=cls.indicator,
            academic_year=cls.year,
            planned=Decimal("80"),
            actual=Decimal("50"),
        )

    def url(self) -> str:
        return reverse("indicator-source", args=[self.indicator.pk])

    def post(self, username: str, source: str = "partnership_agreements") -> int:
        self.client.login(username=username, password=PASSWORD)
        return self.client.post(self.url(), {"source": source}).status_code

    def test_it_binds_the_keepers_indicator_with_the_sources_direction_and_an_audit_row(
        self,
    ) -> None:
        self.assertEqual(self.post("bob"), 302)
        self.indicator.refresh_from_db()
        self.assertEqual(self.indicator.computed_source, "partnership_agreements")
        self.assertEqual(self.indicator.direction, Indicator.Direction.INCREASE)
        event = AuditEvent.objects.get(action="indicator.bind_source")
        self.assertEqual(event.changes["computed_source"], ["", "partnership_agreements"])
        self.assertEqual(event.plan_ref, self.forest_roadmap.pk)

    def test_it_unbinds_and_the_manual_fact_comes_back(self) -> None:
        self.post("bob")
        self.assertEqual(self.post("bob", ""), 302)
        self.indicator.refresh_from_db()
        self.assertEqual(self.indicator.computed_source, "")
        self.assertTrue(AuditEvent.objects.filter(action="indicator.unbind_source").exists())
        page = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertContains(page, 'data-actual="50.000"')

    def test_it_refuses_who_is_not_the_keeper(self) -> None:
        self.assertEqual(self.post("sam"), 403)  # sees the road map, keeps none of it
        self.assertEqual(self.post("alice"), 403)  # the region reviews, does not keep it
        self.assertEqual(self.post("mike"), 404)  # another municipality
        self.indicator.refresh_from_db()
        self.assertEqual(self.indicator.computed_source, "")
        self.assertFalse(AuditEvent.objects.filter(action="indicator.bind_source").exists())

    def test_it_refuses_a_source_not_in_the_registry_or_not_for_the_plans_level(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.post(self.url(), {"source": "share_of_anything"})
        self.assertContains(response, "Такого способа вычисления нет", status_code=400)
        school_indicator = Indicator.objects.create(plan=self.programme4, name="Доля партнёров")
        url = reverse("indicator-source", args=[school_indicator.pk])
        response = self.client.post(url, {"source": "partnership_agreements"})
        self.assertEqual(response.status_code, 400)
        school_indicator.refresh_from_db()
        self.assertEqual(school_indicator.computed_source, "")

    def test_it_proposes_the_source_its_name_says(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        page = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertContains(page, "можно вычислять по данным Ориентира")
        form = self.client.get(self.url())
        self.assertContains(form, 'value="partnership_agreements" id="id_source_1" checked')
        self.assertContains(
            form, "2018/2019 — <strong>100 %</strong> (1 из 1 школы целевой группы)"
        )

    def test_it_takes_no_typed_fact_for_a_bound_indicator(self) -> None:
        self.post("bob")
        url = reverse("indicator-actual", args=[self.indicator.pk, 2018])
        response = self.client.post(url, {"actual": "90", "source": "Отчёт", "date": "2019-05-15"})
        self.assertContains(response, "вычисляет Ориентир", status_code=400)
        self.assertEqual(IndicatorValue.objects.get(indicator=self.indicator).actual, Decimal("50"))
        self.assertNotContains(self.client.get(reverse("plan", args=[self.forest_roadmap.pk])), url)


@mock.patch("orientir.web.plan_views.today", return_value=LATER)
class PlanPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_lake(cls)
        cls.bound = Indicator.objects.create(
            plan=cls.lake_roadmap,
            name="Доля мероприятий, выполненных в срок",
            unit="%",
            computed_source="activities_on_time",
        )
        IndicatorValue.objects.create(
            indicator=cls.bound, academic_year=cls.year, planned=Decimal("90"), actual=Decimal("95")
        )
        cls.typed = Indicator.objects.create(
            plan=cls.lake_roadmap, name="Доля педагогов, повысивших квалификацию", unit="%"
        )
        IndicatorValue.objects.create(
            indicator=cls.typed, academic_year=cls.year, planned=Decimal("30"), actual=Decimal("28")
        )

    def page(self) -> str:
        self.client.login(username="alice", password=PASSWORD)
        response = self.client.get(reverse("plan", args=[self.lake_roadmap.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_shows_the_computed_fact_read_when_shown(self, _today: mock.Mock) -> None:
        html = self.page()
        # 2 of 5 on time (the plan is closed by 2026), never the stored 95.
        self.assertIn('data-computed="activities_on_time"', html)
        self.assertIn('data-year="2018" data-actual="40.0"', html)
        self.assertIn("вычислено: 2 из 5 мероприятий", html)
        Activity.objects.filter(plan=self.lake_roadmap, number="3.").update(status="done")
        self.assertIn('data-year="2018" data-actual="60.0"', self.page())

    def test_it_draws_each_indicator_over_the_years(self, _today: mock.Mock) -> None:
        html = self.page()
        self.assertEqual(html.count('<svg class="ind-chart"'), 2)
        self.assertIn("2018/2019: план 90, факт 40 (не достигнуто)", html)
        self.assertIn("2018/2019: план 30, факт 28 (близко к плану)", html)
        self.assertIn('class="ind-chart__fact ind-chart__fact--not_met"', html)
        self.assertIn('class="ind-chart__fact ind-chart__fact--close"', html)
        self.assertNotIn("style=", html.split('id="indicators"')[1].split("</section>")[0])

    def test_it_judges_a_decreasing_indicator_in_its_direction(self, _today: mock.Mock) -> None:
        Indicator.objects.filter(pk=self.typed.pk).update(
            direction=Indicator.Direction.DECREASE, computed_source="below_minimum_ege"
        )
        IndicatorValue.objects.filter(indicator=self.typed).update(planned=Decimal("10"))
        self.assertIn("2018/2019: план 10, факт 8,3 (достигнуто)", self.page())

    def test_it_runs_the_same_queries_with_more_bound_indicators_and_data(
        self, _today: mock.Mock
    ) -> None:
        self.page()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            self.page()
        for n in range(4):
            more = Indicator.objects.create(
                plan=self.lake_roadmap,
                name=f"Доля мероприятий в срок, раздел {n}",
                computed_source="activities_on_time",
            )
            IndicatorValue.objects.create(
                indicator=more, academic_year=self.year, planned=Decimal(80 + n)
            )
            activity = make_activity(self.lake_roadmap, f"7.{n}", "Совещание", "Декабрь 2018 года")
            _held(activity, dt.date(2018, 12, 3), Document.Kind.PROTOCOL)
        with self.assertNumQueries(len(small)):
            self.page()


class NumbersTestCase(BaseTestCase):
    def test_it_reads_numbers_as_written_in_russian_documents_in_one_place(self) -> None:
        cases = {
            "74,4": Decimal("74.4"),
            "1 234,5": Decimal("1234.5"),
            "1\u00a0234": Decimal("1234"),
            "12 %": Decimal("12"),
            "-0,5": Decimal("-0.5"),
            ",5": Decimal("0.5"),
            "1e-05": Decimal("0.00001"),
        }
        for text, value in cases.items():
            with self.subTest(text=text):
                self.assertEqual(parse_decimal(text), value)
                self.assertEqual(parse_number(text), float(value))
        for text in ("семьдесят", "1,2,3", "nan", "inf", "1_000", "", "12-13"):
            with self.subTest(text=text):
                self.assertIsNone(parse_decimal(text))
                self.assertIsNone(parse_number(text))
        self.assertIsNone(parse_number("1e999"))  # a Decimal, but no float
