"""Bad values are refused with a Russian message naming the field, and nothing is saved."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase
from django.urls import reverse

from orientir.identification.method import Settings, SettingsError, load_settings
from orientir.identification.models import IdentificationRun
from orientir.imports.errors import ImportProblem
from orientir.imports.parsing import check_year
from orientir.lib import years
from orientir.lib.tables import read_table
from orientir.registry.models import AcademicYear
from orientir.results.models import AssessmentResult, RiskAssessment
from orientir.results.parsing import parse_results, parse_year
from tests.base import PASSWORD, BaseTestCase


class YearRangeTests(SimpleTestCase):
    def test_it_bounds_academic_years_from_2000_to_two_years_ahead(self) -> None:
        today = dt.date(2025, 10, 1)
        self.assertIsNone(years.range_problem(2000, today))
        self.assertIsNone(years.range_problem(2027, today))
        self.assertIn("от 2000/2001 до 2027/2028", years.range_problem(2028, today) or "")
        self.assertIn("1999/2000", years.range_problem(1999, today) or "")

    def test_it_reads_no_year_out_of_range(self) -> None:
        self.assertEqual(parse_year("2019/2020"), 2019)
        self.assertIsNone(parse_year("2100/2101"))
        self.assertIsNone(parse_year("1800/1801"))

    def test_it_names_the_year_column_of_a_file_row_out_of_range(self) -> None:
        table = read_table(
            (
                "municipality;school_id;school_name;year;assessment;subject;participants;failed\n"
                "Лесной район;99-0106;СОШ № 6;2100/2101;ОГЭ;Математика;30;2\n"
            ).encode(),
            "r.csv",
        )
        problems = [str(p) for p in parse_results(table).problems]
        self.assertEqual(len(problems), 1)
        self.assertIn("столбец «year»", problems[0])
        self.assertIn("2100/2101 вне допустимых", problems[0])

    def test_the_importer_refuses_a_year_out_of_range(self) -> None:
        with self.assertRaisesMessage(ImportProblem, "2100/2101 вне допустимых"):
            check_year("2100/2101")
        self.assertEqual(check_year("2018/2019"), "2018/2019")


class RiskProfileYearTests(BaseTestCase):
    def save(self, year: str, note: str = ""):  # type: ignore[no-untyped-def]
        self.client.login(username="sam", password=PASSWORD)
        data = {"year": year, "level_teacher_shortage": "high", "note_teacher_shortage": note}
        return self.client.post(reverse("school_risks", args=[self.school4.pk]), data)

    def test_it_refuses_a_year_that_is_not_one(self) -> None:
        for year in ("31.02.2021", "abc", "1800", "2100", "2100/2101"):
            with self.subTest(year=year):
                response = self.save(year)
                self.assertContains(response, "Поле «Учебный год»", status_code=400)
        self.assertFalse(RiskAssessment.objects.exists())
        self.assertFalse(AcademicYear.objects.filter(start_year__gte=2100).exists())

    def test_it_refuses_a_note_longer_than_its_field(self) -> None:
        response = self.save("2018/2019", note="я" * 501)
        self.assertContains(response, "комментарий: не длиннее 500 знаков", status_code=400)
        self.assertFalse(RiskAssessment.objects.exists())

    def test_it_still_saves_a_good_year(self) -> None:
        self.assertEqual(self.save("2018").status_code, 302)
        self.assertEqual(RiskAssessment.objects.get().academic_year.start_year, 2018)


def result(school, year, failed=2):  # type: ignore[no-untyped-def]
    return AssessmentResult.objects.create(
        school=school,
        academic_year=year,
        kind="ege",
        assessment="ЕГЭ",
        subject="Русский язык",
        grade=11,
        participants=20,
        failed=failed,
        mean_score=60,
    )


class IdentificationInputTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for school, failed in ((cls.school4, 8), (cls.school6, 0), (cls.school12, 1)):
            result(school, cls.year, failed)
        cls.pending_run = IdentificationRun.objects.create(
            region=cls.region, academic_year=cls.year, settings={}, data={}
        )

    def login(self) -> None:
        self.client.login(username="alice", password=PASSWORD)

    def test_it_refuses_a_run_for_a_year_without_results(self) -> None:
        self.login()
        url = reverse("region_runs", args=[self.region.pk])
        response = self.client.post(url, {"year": "2020/2021"})
        self.assertContains(response, "нет результатов оценочных процедур", status_code=400)
        self.assertEqual(IdentificationRun.objects.count(), 1)
        self.assertFalse(AcademicYear.objects.filter(start_year=2020).exists())

    def test_it_refuses_a_run_for_a_year_out_of_range(self) -> None:
        self.login()
        url = reverse("region_runs", args=[self.region.pk])
        response = self.client.post(url, {"year": "2100/2101"})
        self.assertContains(response, "Поле «Учебный год»", status_code=400)
        self.assertFalse(AcademicYear.objects.filter(start_year=2100).exists())

    def test_it_still_runs_a_year_with_results(self) -> None:
        self.login()
        response = self.client.post(reverse("region_runs", args=[self.region.pk]), {"year": "2018"})
        self.assertEqual(response.status_code, 400)  # 2018 alone is not an academic year
        response = self.client.post(
            reverse("region_runs", args=[self.region.pk]), {"year": "2018/2019"}
        )
        self.assertEqual(response.status_code, 302)

    def test_it_refuses_an_approval_basis_longer_than_its_field(self) -> None:
        self.login()
        url = reverse("identification_approve", args=[self.pending_run.pk])
        response = self.client.post(url, {"basis": "Приказ " + "я" * 1024 * 1024})
        self.assertContains(
            response, "Поле «Реквизиты утверждения»: не длиннее 500 знаков", status_code=400
        )
        self.pending_run.refresh_from_db()
        self.assertIsNone(self.pending_run.approved_at)
        self.assertEqual(self.pending_run.approval_basis, "")


class IdentifyConfigTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        result(cls.school4, cls.year, 8)

    def identify(self, config: str | bytes | None, year: str = "2018/2019") -> tuple[int, str]:
        out, err = io.StringIO(), io.StringIO()
        with tempfile.TemporaryDirectory() as folder:
            args = ["--year", year, "--format", "json", "--no-save"]
            if config is not None:
                path = Path(folder) / "config.json"
                path.write_bytes(config if isinstance(config, bytes) else config.encode())
                args += ["--config", str(path)]
            try:
                with redirect_stderr(err), redirect_stdout(out):
                    call_command("identify", *args, stdout=out)
            except SystemExit as exit_:
                return int(exit_.code or 0), err.getvalue()
        return 0, err.getvalue()

    def test_it_refuses_huge_and_wrong_settings_in_one_russian_line(self) -> None:
        cases = [
            ('{"min_n": 1e400}', "«min_n»"),
            ('{"min_n": 1' + "0" * 400 + "}", "«min_n»"),
            ('{"window_years": 1000000}', "«window_years» должна быть целым числом от 1 до 10"),
            ('{"low_years": 5}', "«low_years» должна быть целым числом от 1 до 3"),
            ('{"r_low": NaN}', "«r_low»"),
            ('{"jump_sd": 0}', "«jump_sd» должна быть числом больше 0"),
            ('{"core_subjects": []}', "«core_subjects»"),
            ("{not json", "это не JSON: ошибка в строке 1"),
            ("[" * 100_000, "config"),
            (b"\xff\xfe{}", "не в кодировке UTF-8"),
        ]
        for config, message in cases:
            with self.subTest(config=config[:30]):
                code, err = self.identify(config)
                self.assertEqual(code, 2)
                self.assertIn(message, err)
                self.assertEqual(len(err.strip().splitlines()), 1)
                self.assertNotIn("Traceback", err)
                self.assertNotRegex(err, "Expecting|No such file|codec")

    def test_it_refuses_a_missing_config_in_russian(self) -> None:
        out, err = io.StringIO(), io.StringIO()
        with self.assertRaises(SystemExit) as exit_, redirect_stderr(err), redirect_stdout(out):
            call_command("identify", "--year", "2018/2019", "--config", "/nonexistent/c.json")
        self.assertEqual(exit_.exception.code, 2)
        self.assertIn("файл не найден", err.getvalue())

    def test_it_refuses_a_year_out_of_range_naming_the_option(self) -> None:
        code, err = self.identify(None, year="2100/2101")
        self.assertEqual(code, 2)
        self.assertIn("--year: учебный год 2100/2101 вне допустимых", err)

    def test_the_settings_keep_their_defaults_valid(self) -> None:
        Settings().validate()
        settings = load_settings(json.dumps({"window_years": 10, "low_years": 10}))
        self.assertEqual(settings.window_years, 10)
        with self.assertRaises(SettingsError):
            load_settings('{"shrinkage_k": -1}')
