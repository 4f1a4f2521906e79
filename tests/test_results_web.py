"""Results pages: a school's results, municipal analytics, runs, approval, upload, templates."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.identification.models import IdentificationRun, RunSchool, StatusChange
from orientir.registry.models import AcademicYear, SchoolStatus
from orientir.results.models import AssessmentResult
from tests.base import PASSWORD, BaseTestCase, make_school


def result(school, year, subject="Русский язык", n=20, failed=2, mean=None):  # type: ignore[no-untyped-def]
    return AssessmentResult.objects.create(
        school=school,
        academic_year=year,
        kind="ege",
        assessment="ЕГЭ",
        subject=subject,
        grade=11,
        participants=n,
        failed=failed,
        mean_score=mean,
        band_upto_50=5,
        band_100=1,
    )


class ResultsWebTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        result(cls.school4, cls.year, failed=6, mean=48.5)
        result(cls.school6, cls.year, failed=0, mean=74.4)
        result(cls.school12, cls.year, failed=1, mean=60)
        cls.region_run = IdentificationRun.objects.create(
            region=cls.region,
            academic_year=cls.year,
            settings={"p_low": 0.1},
            data={"schools": 3, "cells_in_use": 3},
        )
        explain = {
            "years": [
                {
                    "year": "2018/2019",
                    "R": -1.2,
                    "cells": 1,
                    "rank": 1,
                    "N": 3,
                    "low_limit": 1,
                    "low": True,
                    "failing_cells": [],
                    "r": None,
                }
            ],
            "low_years": 2,
            "rule": {"low_years": 2, "window_years": 3},
            "adversity": {"A": None, "indicators_used": 0},
        }
        cls.flag4 = RunSchool.objects.create(
            run=cls.region_run, school=cls.school4, flags=["low_results"], explain=explain
        )
        RunSchool.objects.create(run=cls.region_run, school=cls.school12, flags=[], explain={})

    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def test_it_shows_a_school_its_results_and_why_it_is_flagged(self) -> None:
        self.login("sam")
        response = self.client.get(reverse("school_results", args=[self.school4.pk]))
        self.assertContains(response, "48,5")
        self.assertContains(response, "место 1 снизу из 3")
        self.assertContains(response, "<svg", count=1)

    def test_it_hides_another_municipalitys_school(self) -> None:
        self.login("mike")
        response = self.client.get(reverse("school_results", args=[self.school4.pk]))
        self.assertEqual(response.status_code, 404)

    def test_it_shows_municipal_analytics_only_for_own_schools(self) -> None:
        self.login("bob")
        url = reverse("municipality_results", args=[self.forest.pk])
        with self.assertNumQueries(7):
            response = self.client.get(url)
        self.assertContains(response, "МБОУ СОШ № 4")
        self.assertNotContains(response, "МБОУ СОШ № 12")
        self.assertContains(response, "<svg")
        self.login("mike")
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_keeps_the_query_count_with_more_schools(self) -> None:
        for subject in ("Математика", "Физика", "Химия"):
            result(self.school4, self.year, subject=subject)
            result(self.school6, self.year, subject=subject)
        self.login("bob")
        with self.assertNumQueries(7):
            self.client.get(reverse("municipality_results", args=[self.forest.pk]))

    def test_it_writes_the_settings_of_a_run_in_russian(self) -> None:
        self.login("anna")
        response = self.client.get(reverse("identification_run", args=[self.region_run.pk]))
        self.assertContains(response, "доля худших школ по R — 10 %")
        self.assertNotContains(response, "p_low")

    def test_it_shows_a_run_only_to_regional_users(self) -> None:
        url = reverse("identification_run", args=[self.region_run.pk])
        self.login("bob")
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login("anna")
        response = self.client.get(url)
        self.assertContains(response, "ШНОР — низкие результаты")
        self.assertContains(response, "R = −1,20 по 1 ячейкам")

    def test_it_reads_a_run_in_as_many_queries_with_more_target_schools(self) -> None:
        url = reverse("identification_run", args=[self.region_run.pk])
        self.login("alice")
        with CaptureQueriesContext(connection) as first:
            self.client.get(url)
        # schools that hold a status of the year without being flagged by the run
        for n in range(5):
            school = make_school(self.seaside, str(40 + n), f"99-9{n}")
            SchoolStatus.objects.create(
                school=school, academic_year=self.year, status="adverse_conditions"
            )
        with self.assertNumQueries(len(first.captured_queries)):
            response = self.client.get(url)
        self.assertContains(response, "МБОУ СОШ № 44")

    def test_it_lists_runs_with_a_fixed_number_of_queries(self) -> None:
        for _ in range(3):
            IdentificationRun.objects.create(
                region=self.region, academic_year=self.year, settings={}, created_by=self.anna
            )
        self.login("anna")
        # 5 for the list; exit and review reads statuses, the runs' schools and their names;
        # the shown page of runs, a count and its rows (tests/test_lists.py: at two sizes)
        with self.assertNumQueries(10):
            response = self.client.get(reverse("region_runs", args=[self.region.pk]))
        self.assertContains(response, f"№ {self.region_run.pk}")

    def test_it_runs_identification_from_the_region_page(self) -> None:
        self.login("anna")
        response = self.client.post(
            reverse("region_runs", args=[self.region.pk]), {"year": "2018/2019"}
        )
        run = IdentificationRun.objects.exclude(pk=self.region_run.pk).get()
        self.assertRedirects(response, reverse("identification_run", args=[run.pk]))
        self.assertEqual(run.schools.count(), 3)
        self.login("bob")
        response = self.client.post(
            reverse("region_runs", args=[self.region.pk]), {"year": "2018/2019"}
        )
        self.assertEqual(response.status_code, 403)

    def test_it_refuses_a_malformed_year_in_russian_and_runs_nothing(self) -> None:
        self.login("anna")
        for year in ("2019", "абв", "2019/2021"):
            with self.subTest(year=year):
                response = self.client.post(
                    reverse("region_runs", args=[self.region.pk]), {"year": year}
                )
                self.assertContains(response, "учебный год пишется как 2019/2020", status_code=400)
        self.assertEqual(IdentificationRun.objects.exclude(pk=self.region_run.pk).count(), 0)

    def test_it_approves_a_run_into_statuses_with_reasons(self) -> None:
        self.login("alice")
        url = reverse("identification_approve", args=[self.region_run.pk])
        # the run proposes СОШ № 4 (already ШНОР); СОШ № 12 is ШНСУ now but not proposed
        keep12 = f"include_adverse_conditions_{self.school12.pk}"
        response = self.client.post(
            url, {f"include_low_results_{self.school4.pk}": "on", keep12: "on"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Укажите причину", status_code=400)
        reason = f"reason_adverse_conditions_{self.school12.pk}"
        response = self.client.post(
            url,
            {
                f"include_low_results_{self.school4.pk}": "on",
                keep12: "on",
                reason: "подвоз 60 % учащихся",
                "basis": "Приказ от 01.08.2019 № 300",
            },
        )
        self.assertRedirects(response, reverse("identification_run", args=[self.region_run.pk]))
        change = StatusChange.objects.get(school=self.school12)
        self.assertEqual(
            (change.change, change.proposed, change.reason), ("kept", False, "подвоз 60 % учащихся")
        )
        self.region_run.refresh_from_db()
        self.assertEqual(self.region_run.approval_basis, "Приказ от 01.08.2019 № 300")
        self.assertTrue(AuditEvent.objects.filter(action="identification.approve").exists())

    def test_it_removes_a_status_the_run_does_not_propose(self) -> None:
        self.login("alice")
        self.client.post(
            reverse("identification_approve", args=[self.region_run.pk]),
            {f"include_low_results_{self.school4.pk}": "on"},
        )
        self.assertFalse(
            SchoolStatus.objects.filter(school=self.school12, status="adverse_conditions").exists()
        )
        self.assertTrue(SchoolStatus.objects.filter(school=self.school4, status="low_results"))

    def test_it_adds_a_status_for_a_new_year_on_identification(self) -> None:
        year = AcademicYear.objects.create(start_year=2019)
        run = IdentificationRun.objects.create(region=self.region, academic_year=year, settings={})
        RunSchool.objects.create(run=run, school=self.school6, flags=["low_results"], explain={})
        self.login("alice")
        self.client.post(
            reverse("identification_approve", args=[run.pk]),
            {f"include_low_results_{self.school6.pk}": "on"},
        )
        status = SchoolStatus.objects.get(school=self.school6, academic_year=year)
        self.assertEqual(status.basis, "identification")

    def test_it_refuses_approval_to_the_analyst_and_municipal_users(self) -> None:
        url = reverse("identification_approve", args=[self.region_run.pk])
        self.login("anna")
        self.assertEqual(self.client.post(url, {}).status_code, 403)
        self.login("bob")
        self.assertEqual(self.client.post(url, {}).status_code, 404)
        self.assertIsNone(IdentificationRun.objects.get(pk=self.region_run.pk).approved_at)

    def test_it_previews_then_imports_an_upload(self) -> None:
        self.login("anna")
        data = (
            "municipality;school_id;school_name;year;assessment;subject;participants;failed\n"
            "Лесной район;99-0106;СОШ № 6;2019/2020;ОГЭ;Математика;30;2\n"
        ).encode()
        upload = SimpleUploadedFile("r.csv", data)
        response = self.client.post(reverse("results_upload"), {"kind": "results", "file": upload})
        self.assertContains(response, "Строк: 1")
        self.assertFalse(AssessmentResult.objects.filter(assessment="ОГЭ").exists())
        token = response.context["token"]
        response = self.client.post(reverse("results_upload"), {"kind": "results", "token": token})
        self.assertContains(response, "добавлено 1")
        self.assertTrue(AssessmentResult.objects.filter(assessment="ОГЭ").exists())

    def test_it_shows_the_bad_rows_of_an_upload(self) -> None:
        self.login("anna")
        data = (
            "municipality;school_id;school_name;year;assessment;subject;participants;failed\n"
            "Лесной район;99-0106;СОШ № 6;2019;ОГЭ;Математика;30;2\n"
        ).encode()
        upload = SimpleUploadedFile("r.csv", data)
        response = self.client.post(reverse("results_upload"), {"kind": "results", "file": upload})
        self.assertContains(response, "строка 2, столбец «year»", status_code=400)

    def test_it_refuses_uploads_to_municipal_users(self) -> None:
        self.login("bob")
        self.assertEqual(self.client.get(reverse("results_upload")).status_code, 403)

    def test_it_offers_templates_with_the_documented_headers(self) -> None:
        self.login("bob")
        response = self.client.get(reverse("results_template", args=["results"]))
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        header = [cell.value for cell in book.worksheets[0][1]]
        self.assertEqual(header[:4], ["Регион", "Муниципалитет", "Код школы", "Школа"])
        self.assertIn("Не сдали", header)
        self.assertEqual(self.client.get("/results/templates/other.xlsx").status_code, 404)
