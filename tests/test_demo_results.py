"""The demo region's generated results and context, and the identification run kept on them."""

from __future__ import annotations

import shutil

from django.test import TestCase, override_settings
from django.urls import reverse

from orientir.demo.builder import DEMO_PASSWORD, demo_region
from orientir.identification.method import FLAGS
from orientir.identification.models import IdentificationRun, RunSchool
from orientir.registry.models import AcademicYear, Organisation
from orientir.results.models import AssessmentResult, ContextValue
from tests.test_demo import MEDIA_ROOT, run_demo


@override_settings(
    MEDIA_ROOT=MEDIA_ROOT, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
)
class DemoResultsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        run_demo("--reset")
        cls.region = demo_region()
        cls.kept = IdentificationRun.objects.get(region=cls.region)
        cls.rows = list(RunSchool.objects.filter(run=cls.kept).select_related("school"))

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    def flagged(self, flag: str) -> list[RunSchool]:
        return [row for row in self.rows if flag in row.flags]

    def page(self, school: Organisation) -> str:
        self.client.login(username="region", password=DEMO_PASSWORD)
        response = self.client.get(reverse("school_results", args=[school.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_generates_three_years_of_results_and_context_for_every_school(self) -> None:
        results = AssessmentResult.objects.filter(school__region=self.region)
        years = sorted(set(results.values_list("academic_year__start_year", flat=True)))
        self.assertEqual(years, [2024, 2025, 2026])
        self.assertEqual(set(results.values_list("assessment", flat=True)), {"ЕГЭ", "ОГЭ", "ВПР"})
        schools = Organisation.objects.filter(region=self.region).schools()
        with_context = ContextValue.objects.filter(school__region=self.region)
        self.assertEqual(with_context.values("school").distinct().count(), schools.count())
        self.assertEqual(with_context.values("indicator").distinct().count(), 10)
        ege = results.filter(assessment="ЕГЭ").first()
        bands = sum(
            getattr(ege, f)
            for f in (
                "band_below_min",
                "band_upto_50",
                "band_51_60",
                "band_61_70",
                "band_71_90",
                "band_91_99",
                "band_100",
            )
        )
        self.assertEqual(bands, ege.participants)
        self.assertEqual(ege.band_below_min, ege.failed)
        vpr = results.filter(assessment="ВПР").first()
        self.assertEqual(vpr.mark_2 + vpr.mark_3 + vpr.mark_4 + vpr.mark_5, vpr.participants)

    def test_it_keeps_a_run_for_the_latest_year_with_every_flag(self) -> None:
        self.assertEqual(self.kept.academic_year, AcademicYear.objects.get(start_year=2026))
        self.assertIsNone(self.kept.approved_at)
        for flag in FLAGS:
            self.assertTrue(self.flagged(flag), flag)

    def test_it_finds_the_intended_schools(self) -> None:
        numbers = {flag: {row.school.number for row in self.flagged(flag)} for flag in FLAGS}
        self.assertLessEqual({"22", "39"}, numbers["resilient"])
        self.assertIn("33", numbers["needs_verification"])
        self.assertIn("14", numbers["low_results"])
        self.assertLessEqual({"37", "41", "44"}, numbers["adverse_conditions"])

    def test_it_explains_every_flag_on_the_schools_page(self) -> None:
        expected = {
            "low_results": "Низкие результаты в",
            "adverse_conditions": "Индекс неблагоприятности A =",
            "resilient": "Резильентная школа: работает в неблагоприятных условиях",
            "underperforming_for_context": "Результаты ниже ожидаемых при её социальных",
            "needs_verification": "результаты нужно проверить на объективность",
        }
        for flag, sentence in expected.items():
            row = self.flagged(flag)[0]
            html = self.page(row.school)
            self.assertIn(f"badge--{flag}", html, flag)
            self.assertIn(sentence, html, flag)

    def test_it_shows_the_demo_school_its_own_flags(self) -> None:
        self.client.login(username="school", password=DEMO_PASSWORD)
        school = Organisation.objects.get(region=self.region, number="14")
        response = self.client.get(reverse("school_results", args=[school.pk]))
        self.assertContains(response, "badge--low_results")
        self.assertContains(response, "Низкие результаты в 3 из 3 последних лет")
