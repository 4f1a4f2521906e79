"""Results analysis of a municipality or a school (issue 11, item 5; seed 004's tables)."""

from __future__ import annotations

import io
import unittest

import docx
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from orientir.audit.models import AuditEvent
from orientir.lib.office import soffice
from orientir.lib.picture_charts import Series, grouped_bars
from orientir.registry.models import AcademicYear
from orientir.reports import analysis, services
from orientir.results.models import AssessmentResult
from tests.base import BaseTestCase


def result(school, year, **fields):  # type: ignore[no-untyped-def]
    values = {
        "kind": "ege",
        "assessment": "ЕГЭ",
        "subject": "Русский язык",
        "grade": None,
        "participants": 20,
        "failed": 2,
        **fields,
    }
    return AssessmentResult.objects.create(school=school, academic_year=year, **values)


def tables(data: bytes) -> list[list[str]]:
    return [
        [c.text for c in row.cells]
        for t in docx.Document(io.BytesIO(data)).tables
        for row in t.rows
    ]


class ResultsAnalysisTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.later = AcademicYear.objects.create(start_year=2019)
        result(cls.school4, cls.year, participants=20, failed=4, mean_score=50.0, band_upto_50=10)
        result(cls.school6, cls.year, participants=30, failed=0, mean_score=70.0, band_71_90=12)
        result(cls.school4, cls.later, participants=25, failed=1, mean_score=58.0)
        result(cls.school12, cls.year, participants=10, failed=5, mean_score=40.0)
        result(
            cls.school4,
            cls.year,
            kind="vpr",
            assessment="ВПР",
            subject="Математика",
            grade=5,
            participants=40,
            failed=8,
            mark_2=8,
            mark_3=20,
            mark_4=10,
            mark_5=2,
        )

    def test_it_sums_the_municipalitys_schools_by_subject_and_year(self) -> None:
        results = AssessmentResult.objects.filter(school__municipality=self.forest)
        found = analysis.results_analysis("Лесной район", results)
        ege = {(line.subject, line.year): line for line in found.lines if line.kind == "ege"}
        first = ege[("Русский язык", "2018/2019")]
        self.assertEqual((first.participants, first.failed), (50, 4))
        self.assertAlmostEqual(first.mean_score or 0, (20 * 50 + 30 * 70) / 50)  # weighted
        self.assertEqual(first.failed_percent, 8.0)
        self.assertEqual(first.bands[1:5], [10, None, None, 12])
        self.assertEqual(ege[("Русский язык", "2019/2020")].participants, 25)
        self.assertEqual(found.years, ["2018/2019", "2019/2020"])

    def test_it_gives_a_municipality_its_analysis_as_word(self) -> None:
        self.client.force_login(self.bob)
        url = reverse("export-results-analysis-municipality", args=[self.forest.pk, "docx"])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        document = docx.Document(io.BytesIO(response.content))
        self.assertIn(
            "Анализ результатов оценочных процедур\nЛесной район", document.paragraphs[0].text
        )
        rows = tables(response.content)
        self.assertIn(["Русский язык", "2018/2019", "50", "4", "8,0"], [r[:5] for r in rows])
        self.assertIn("62,0", [r[-1] for r in rows])  # (20·50 + 30·70) / 50
        self.assertIn(
            ["ВПР", "Математика, 5 кл.", "2018/2019", "40", "8", "20", "10", "2", "20,0"], rows
        )
        self.assertNotIn("город Приморск", str(rows))
        pictures = document.inline_shapes
        self.assertEqual(len(pictures), 2)  # ЕГЭ average scores, ВПР share of «2»
        event = AuditEvent.objects.get(action="results_analysis.export")
        self.assertEqual((event.actor, event.changes["format"]), (self.bob, "docx"))

    def test_it_gives_a_school_only_its_own_results(self) -> None:
        self.client.force_login(self.sam)
        response = self.client.get(
            reverse("export-results-analysis-school", args=[self.school4.pk, "docx"])
        )
        rows = tables(response.content)
        self.assertIn(["Русский язык", "2018/2019", "20", "4", "20,0"], [r[:5] for r in rows])
        self.assertEqual(
            self.client.get(
                reverse("export-results-analysis-school", args=[self.school6.pk, "docx"])
            ).status_code,
            404,
        )

    def test_it_answers_404_to_who_does_not_see_the_territory(self) -> None:
        self.client.force_login(self.mike)
        url = reverse("export-results-analysis-municipality", args=[self.forest.pk, "docx"])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(action="results_analysis.export").exists())

    def test_it_says_when_no_results_are_loaded(self) -> None:
        AssessmentResult.objects.filter(school__municipality=self.seaside).delete()
        self.client.force_login(self.mike)
        url = reverse("export-results-analysis-municipality", args=[self.seaside.pk, "docx"])
        response = self.client.get(url, follow=True)
        self.assertRedirects(response, reverse("municipality_results", args=[self.seaside.pk]))
        self.assertContains(response, "не загружены: анализа нет")

    def test_it_offers_the_analysis_only_where_results_are(self) -> None:
        self.client.force_login(self.bob)
        page = self.client.get(reverse("municipality_results", args=[self.forest.pk]))
        self.assertContains(
            page, reverse("export-results-analysis-municipality", args=[self.forest.pk, "pdf"])
        )
        self.client.force_login(self.sara)
        AssessmentResult.objects.filter(school=self.school6).delete()
        page = self.client.get(reverse("school_results", args=[self.school6.pk]))
        self.assertNotContains(page, "results-analysis")

    def test_it_reads_the_results_in_one_query_however_many(self) -> None:
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                analysis.results_analysis("x", AssessmentResult.objects.all())
            return len(captured)

        few = queries()
        for n in range(10):
            result(self.school12, self.later, subject=f"Предмет {n}", mean_score=50.0)
        self.assertEqual(queries(), few)
        self.assertEqual(few, 1)

    def test_it_draws_a_chart_as_a_picture(self) -> None:
        data = grouped_bars(
            "Средний балл ЕГЭ", ["Русский язык", "Математика"], [Series("2018/2019", [62.0, None])]
        )
        image = Image.open(io.BytesIO(data))
        self.assertEqual((image.format, image.size), ("PNG", (1600, 700)))
        self.assertGreater(
            len(set(image.get_flattened_data())), 2
        )  # bars and text, not a blank page

    @unittest.skipUnless(soffice(), "LibreOffice (soffice) не установлен")
    def test_it_gives_the_analysis_as_pdf(self) -> None:
        import pdfplumber

        found = services.results_analysis_export(
            actor=self.bob, fmt="pdf", municipality=self.forest
        )
        with pdfplumber.open(io.BytesIO(found.data)) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
            images = sum(len(page.images) for page in pdf.pages)
        self.assertIn("Результаты ЕГЭ по предметам", text)
        self.assertIn("Русский язык", text)
        self.assertEqual(images, 2)
