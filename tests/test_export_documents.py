"""Documents out (issue 11): the execution report, the region's workbook and plans as files.

Every export is read back (python-docx, openpyxl, pdfplumber) and checked against the
database; PDF tests and LibreOffice's opening of each file run where LibreOffice is installed.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
import unittest
from decimal import Decimal

import docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.accounts import rules
from orientir.audit.models import AuditEvent
from orientir.execution.models import Document, Execution
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.lib.office import convert, soffice
from orientir.plans.models import Plan
from orientir.registry.models import Municipality, Organisation
from orientir.reports import excel, services, word
from orientir.reports.plan_selectors import PLAN_RELATIONS, plan_document
from orientir.reports.selectors import execution_report, region_report
from tests.base import BaseTestCase, make_activity

MEDIA_ROOT = tempfile.mkdtemp(prefix="orientir-test-export-")
BASE = "https://orientir.example.ru"
TODAY = dt.date(2019, 6, 1)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
needs_office = unittest.skipUnless(soffice(), "LibreOffice (soffice) не установлен")


def docx_tables(data: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def sheet_rows(data: bytes, sheet: str | None = None) -> list[tuple[object, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    found = workbook[sheet] if sheet else workbook.worksheets[0]
    return [tuple(row) for row in found.iter_rows(values_only=True)]


def pdf_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@override_settings(MEDIA_ROOT=MEDIA_ROOT, ORIENTIR_BASE_URL=BASE)
class ExportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        plan = cls.forest_roadmap
        plan.problem = "Низкие результаты ЕГЭ в ШНОР района"
        plan.goal = "Повышение качества образования"
        plan.save()
        cls.forest_authority.head_name = "Тимонина Н.В."
        cls.forest_authority.save()
        cls.forest_activity.responsible_text = "Карпенко Н.В.\nРакова Н.В."
        cls.forest_activity.save()
        cls.idle = make_activity(plan, "1.2.", "Совещание с руководителями ОО", "до 1 ноября")
        with override_settings(MEDIA_ROOT=MEDIA_ROOT):
            cls.photo = Document.objects.create(
                plan=plan,
                execution=cls.forest_execution,
                kind=Document.Kind.PHOTO,
                title="Фото семинара",
                file=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 jpeg"),
            )
        staff = Indicator.objects.create(
            plan=plan, group=Indicator.Group.STAFF, name="Доля учителей с КПК", unit="%"
        )
        IndicatorValue.objects.create(
            indicator=staff, academic_year=cls.year, planned=Decimal("4.100")
        )

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    def report(self):  # type: ignore[no-untyped-def]
        forest = Municipality.objects.select_related("region").get(pk=self.forest.pk)
        return execution_report(forest, self.year, BASE)


class ExecutionReportTests(ExportTestCase):
    def test_it_lists_each_execution_with_its_documents_and_their_addresses(self) -> None:
        rows = sheet_rows(excel.report_workbook(self.report()))
        header = rows[2]
        self.assertEqual(header[0], "Код региона")
        done = next(r for r in rows if r[2] == "1.1. Муниципальный семинар по программам перехода")
        self.assertEqual(done[:2], ("99", "Лесной район"))
        self.assertIn("Семинар в актовом зале школы", done[3])
        self.assertEqual(done[4], "12 сентября 2018 г.")
        self.assertEqual(done[5], "Карпенко Н.В., Ракова Н.В.")
        self.assertEqual(done[6], "заместители директоров")
        self.assertIn("Приказ от 03.09.2018 № 237 «О проведении муниципального семинара»", done[7])
        address = BASE + reverse("document-download", args=[self.photo.pk])
        self.assertIn(f"Фотография «Фото семинара» ({address})", done[7])

    def test_it_lists_an_activity_without_execution_as_not_carried_out(self) -> None:
        rows = sheet_rows(excel.report_workbook(self.report()))
        idle = next(r for r in rows if r[2] == "1.2. Совещание с руководителями ОО")
        self.assertEqual(idle[3], "не проведено")
        self.assertEqual(idle[4], "плановый срок: до 1 ноября")

    def test_it_leaves_out_other_municipalities_and_other_years(self) -> None:
        activities = {row.activity for row in self.report().rows}
        self.assertNotIn("1.1. Совещание с руководителями ШНСУ", activities)
        self.assertEqual(len(activities), 2)
        Execution.objects.filter(activity=self.forest_activity).update(date=dt.date(2020, 3, 1))
        dates = [row.date for row in self.report().rows if row.activity.startswith("1.1.")]
        self.assertEqual(dates, ["плановый срок: Сентябрь 2018 года"])

    def test_it_writes_the_word_report_as_seed_002_lays_it_out(self) -> None:
        data = word.report_docx(self.report())
        document = docx.Document(io.BytesIO(data))
        section = document.sections[0]
        self.assertGreater(section.page_width, section.page_height)  # landscape
        table = docx_tables(data)[0]
        self.assertEqual(table[0][2], excel.REPORT_HEADER[2])
        self.assertEqual([r[2] for r in table[1:]], [r.activity for r in self.report().rows])
        self.assertIn("не проведено", table[2][3])
        self.assertIn(
            "Управление образованием Лесного района\n\t____________________\tТимонина Н.В.",
            docx_text(data),
        )

    def test_it_reads_the_same_number_of_queries_for_more_rows(self) -> None:
        forest = Municipality.objects.select_related("region").get(pk=self.forest.pk)
        with CaptureQueriesContext(connection) as small:
            execution_report(forest, self.year, BASE)
        for n in range(20):
            activity = make_activity(self.forest_roadmap, f"2.{n}.", f"Семинар {n}", "октябрь")
            execution = Execution.objects.create(activity=activity, date=dt.date(2018, 10, 2))
            Document.objects.create(
                plan=self.forest_roadmap, execution=execution, number=str(n), title="Приказ"
            )
        with self.assertNumQueries(len(small.captured_queries)):
            report = execution_report(forest, self.year, BASE)
        self.assertEqual(len(report.rows), 22)


class RegionWorkbookTests(ExportTestCase):
    def workbook(self) -> openpyxl.Workbook:
        data = excel.region_report_workbook(region_report(self.region, self.year, BASE, TODAY))
        return openpyxl.load_workbook(io.BytesIO(data))

    def test_it_has_a_summary_and_a_sheet_per_municipality(self) -> None:
        workbook = self.workbook()
        self.assertEqual(workbook.sheetnames, ["Сводка", "Лесной район", "город Приморск"])
        rows = list(workbook["Сводка"].iter_rows(min_row=4, values_only=True))
        forest = next(r for r in rows if r[1] == "Лесной район")
        # planned, carried out, not carried out, overdue, evidence complete
        self.assertEqual(forest[2:6], (2, 1, 1, 1))
        self.assertEqual(rows[-1][1], "Итого")
        self.assertEqual(rows[-1][2], 3)
        sheet = list(workbook["город Приморск"].iter_rows(min_row=4, values_only=True))
        self.assertEqual(sheet[0][2], "1.1. Совещание с руководителями ШНСУ")

    def test_it_counts_evidence_completeness_by_the_rules(self) -> None:
        summaries = region_report(self.region, self.year, BASE, TODAY).summaries
        forest = next(s for s in summaries if s.municipality == "Лесной район")
        self.assertEqual(forest.evidence_counted, 1)
        self.assertEqual(forest.evidence_complete, 0)  # a seminar needs more than an order

    def test_it_reads_the_same_number_of_queries_for_more_municipalities(self) -> None:
        with CaptureQueriesContext(connection) as small:
            region_report(self.region, self.year, BASE, TODAY)
        for n in range(5):
            place = Municipality.objects.create(region=self.region, name=f"Район {n}")
            owner = Organisation.objects.create(
                kind=Organisation.Kind.MUNICIPAL_AUTHORITY,
                name=f"УО {n}",
                short_name=f"УО {n}",
                region=self.region,
                municipality=place,
            )
            plan = Plan.objects.create(
                kind=Plan.Kind.ROADMAP,
                title=f"Дорожная карта {n}",
                region=self.region,
                municipality=place,
                owner=owner,
                first_year=self.year,
                last_year=self.year,
            )
            activity = make_activity(plan, "1.1.", "Семинар", "октябрь")
            Execution.objects.create(activity=activity, date=dt.date(2018, 10, 2))
        with self.assertNumQueries(len(small.captured_queries)):
            report = region_report(self.region, self.year, BASE, TODAY)
        self.assertEqual(len(report.reports), 7)


class PlanDocumentTests(ExportTestCase):
    def document(self, plan: Plan):  # type: ignore[no-untyped-def]
        return plan_document(Plan.objects.select_related(*PLAN_RELATIONS).get(pk=plan.pk))

    def test_it_lays_a_road_map_out_as_the_seeds_do(self) -> None:
        self.forest_roadmap.approval_text = "приказом от 26.09.2018 № 4537"
        self.forest_roadmap.save()
        data = word.plan_docx(self.document(self.forest_roadmap))
        text = docx_text(data)
        self.assertTrue(text.startswith("УТВЕРЖДЁН\nприказом от 26.09.2018 № 4537"))
        self.assertIn("ДОРОЖНАЯ КАРТА\nЛесного района на 2018/2019 учебный год", text)
        passport, indicators, activities = docx_tables(data)[:3]
        self.assertEqual(passport[0], ["Описание проблемы", "Низкие результаты ЕГЭ в ШНОР района"])
        self.assertEqual(indicators[0][2], "2018/2019")
        self.assertEqual(indicators[1][0], "Кадровая поддержка")
        self.assertEqual(indicators[2], ["Доля учителей с КПК", "%", "4,1"])
        self.assertEqual(activities[0][0], "№ п/п")
        self.assertEqual(activities[1][0], "1. Организационные мероприятия")
        self.assertEqual(
            activities[2][:4],
            [
                "1.1.",
                "Муниципальный семинар по программам перехода",
                "Сентябрь 2018 года",
                "Карпенко Н.В.\nРакова Н.В.",
            ],
        )

    def test_it_lists_only_the_abbreviations_the_plan_uses(self) -> None:
        text = docx_text(word.plan_docx(self.document(self.forest_roadmap)))
        self.assertIn("Сокращения:", text)
        for used in ("– ЕГЭ", "– ШНОР", "– ОО", "– КПК"):
            self.assertIn(used, text)
        for unused in ("– ВПР", "– ОГЭ", "– ШНСУ"):
            self.assertNotIn(unused, text)

    def test_it_repeats_the_header_keeps_rows_whole_and_numbers_pages(self) -> None:
        data = word.plan_docx(self.document(self.forest_roadmap))
        document = docx.Document(io.BytesIO(data))
        activities = document.tables[2]
        header = activities.rows[0]._tr
        self.assertIsNotNone(header.find(f"{W}trPr/{W}tblHeader"))
        for row in activities.rows[1:]:
            self.assertIsNotNone(row._tr.find(f"{W}trPr/{W}cantSplit"))
        footer = document.sections[0].footer._element
        self.assertIn("PAGE", "".join(t.text or "" for t in footer.iter(f"{W}instrText")))
        self.assertEqual(document.styles["Normal"].font.name, "Times New Roman")

    def test_it_leaves_blanks_for_an_order_not_yet_known(self) -> None:
        text = docx_text(word.plan_docx(self.document(self.regional_plan)))
        self.assertIn("УТВЕРЖДЁН\nприказом Министерство\nот ______________ № ______", text)
        self.assertIn("ПЛАН\nмероприятий по поддержке школ на 2018/2019 учебный год", text)

    def test_it_has_the_director_approve_a_school_programme(self) -> None:
        self.school4.head_name = "Иванова А.П."
        self.school4.save()
        text = docx_text(word.plan_docx(self.document(self.programme4)))
        self.assertIn("УТВЕРЖДАЮ\nДиректор МБОУ СОШ № 4\n____________ Иванова А.П.\n«___»", text)

    def test_it_writes_the_plan_as_a_workbook(self) -> None:
        data = excel.plan_workbook(self.document(self.forest_roadmap))
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(
            workbook.sheetnames, ["План мероприятий", "Паспорт", "Целевые показатели", "Сокращения"]
        )
        rows = [r for r in sheet_rows(data) if r[0] == "1.1."]
        self.assertEqual(
            rows[0][1:3], ("Муниципальный семинар по программам перехода", "Сентябрь 2018 года")
        )

    def test_it_keeps_text_that_looks_like_a_formula_as_text(self) -> None:
        self.idle.title = '=HYPERLINK("http://evil")'
        self.idle.save()
        data = excel.plan_workbook(self.document(self.forest_roadmap))
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        cells = [
            c
            for row in workbook.worksheets[0].iter_rows()
            for c in row
            if c.value == self.idle.title
        ]
        self.assertEqual([c.data_type for c in cells], ["s"])

    def test_it_reads_the_same_number_of_queries_for_more_activities(self) -> None:
        plans = Plan.objects.select_related(*PLAN_RELATIONS)
        plan = plans.get(pk=self.forest_roadmap.pk)
        with CaptureQueriesContext(connection) as small:
            plan_document(plan)
        plan = plans.get(pk=self.forest_roadmap.pk)
        for n in range(20):
            make_activity(self.forest_roadmap, f"3.{n}.", f"Консультация {n}", "ноябрь")
            Indicator.objects.create(plan=self.forest_roadmap, name=f"Показатель {n}", unit="%")
        with self.assertNumQueries(len(small.captured_queries)):
            found = plan_document(plan)
        self.assertEqual(sum(1 for r in found.rows if not r.is_section), 22)


@needs_office
class PdfTests(ExportTestCase):
    def test_it_makes_the_report_a_pdf_with_its_rows(self) -> None:
        found = services.report_export(
            actor=self.bob,
            municipality=Municipality.objects.select_related("region").get(pk=self.forest.pk),
            year=self.year,
            fmt="pdf",
        )
        self.assertTrue(found.data.startswith(b"%PDF"))
        text = " ".join(pdf_text(found.data).split())
        self.assertIn("1.1. Муниципальный", text)
        self.assertIn("Тимонина Н.В.", text)
        self.assertIn("не проведено", text)

    def test_it_makes_the_plan_a_pdf_with_its_activities(self) -> None:
        plan = Plan.objects.select_related(*PLAN_RELATIONS).get(pk=self.forest_roadmap.pk)
        text = pdf_text(services.plan_export(actor=self.bob, plan=plan, fmt="pdf").data)
        self.assertIn("ДОРОЖНАЯ КАРТА", text)
        self.assertIn("Совещание с руководителями ОО", text)
        self.assertIn("Сокращения", text)

    def test_it_has_libreoffice_open_every_docx_and_xlsx(self) -> None:
        forest = Municipality.objects.select_related("region").get(pk=self.forest.pk)
        report = execution_report(forest, self.year, BASE)
        plan = self.document_of(self.forest_roadmap)
        files = {
            ".docx": [word.report_docx(report), word.plan_docx(plan)],
            ".xlsx": [
                excel.report_workbook(report),
                excel.plan_workbook(plan),
                excel.region_report_workbook(region_report(self.region, self.year, BASE, TODAY)),
            ],
        }
        for suffix, datas in files.items():
            for data in datas:
                with self.subTest(suffix=suffix):
                    self.assertTrue(convert(data, suffix).startswith(b"%PDF"))

    def document_of(self, plan: Plan):  # type: ignore[no-untyped-def]
        return plan_document(Plan.objects.select_related(*PLAN_RELATIONS).get(pk=plan.pk))


class ExportPageTests(ExportTestCase):
    def test_it_gives_the_municipality_its_report_from_its_page(self) -> None:
        self.client.force_login(self.bob)
        page = self.client.get(reverse("municipality", args=[self.forest.pk]))
        url = reverse("export-report", args=[self.forest.pk, 2018, "xlsx"])
        self.assertContains(page, url)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        rows = sheet_rows(response.content)
        address = "http://testserver" + reverse("document-download", args=[self.photo.pk])
        self.assertTrue(any(address in str(r[7]) for r in rows))

    def test_it_writes_every_export_to_the_audit_log(self) -> None:
        self.client.force_login(self.bob)
        self.client.get(reverse("export-report", args=[self.forest.pk, 2018, "docx"]))
        self.client.get(reverse("export-plan", args=[self.forest_roadmap.pk, "xlsx"]))
        events = AuditEvent.objects.filter(actor=self.bob).order_by("pk")
        self.assertEqual(
            [(e.action, e.changes["format"]) for e in events],
            [("report.export", "docx"), ("plan.export", "xlsx")],
        )
        self.assertEqual(events[1].plan_ref, self.forest_roadmap.pk)

    def test_it_hides_another_municipalitys_documents(self) -> None:
        self.client.force_login(self.mike)
        for url in (
            reverse("export-report", args=[self.forest.pk, 2018, "xlsx"]),
            reverse("export-plan", args=[self.forest_roadmap.pk, "docx"]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(action__endswith=".export").exists())

    def test_it_offers_the_plan_documents_on_the_plan_page(self) -> None:
        self.client.force_login(self.carl)
        page = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        for fmt in ("docx", "pdf", "xlsx"):
            self.assertContains(page, reverse("export-plan", args=[self.forest_roadmap.pk, fmt]))
        response = self.client.get(reverse("export-plan", args=[self.forest_roadmap.pk, "docx"]))
        self.assertIn(
            "Муниципальный семинар по программам перехода", str(docx_tables(response.content))
        )

    def test_it_answers_404_for_an_unknown_year_or_format(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(
            self.client.get(
                reverse("export-report", args=[self.forest.pk, 2030, "xlsx"])
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.get(f"/plans/{self.forest_roadmap.pk}/document.doc").status_code, 404
        )


class ExportRuleTests(ExportTestCase):
    def test_it_lets_whoever_sees_a_plan_export_it(self) -> None:
        cases = [
            ("export", self.forest_roadmap, {"alice", "anna", "carl", "bob", "sam", "sara"}),
            ("export", self.forest, {"alice", "anna", "carl", "bob"}),  # a school sees its own
            ("export_region_report", self.region, {"alice", "anna"}),
        ]
        people = (self.alice, self.anna, self.carl, self.bob, self.mike, self.sam, self.tom)
        for name, obj, allowed in cases:
            for user in people:
                with self.subTest(rule=name, obj=str(obj), user=user.username):
                    self.assertEqual(rules.allows(name, user, obj), user.username in allowed)


class ExportCommandTests(ExportTestCase):
    def run_command(self, *args: str) -> tuple[int, str, str]:
        from django.core.management import call_command

        out, err = io.StringIO(), io.StringIO()
        import contextlib

        code = 0
        with contextlib.redirect_stderr(err):
            try:
                call_command("export", *args, stdout=out)
            except SystemExit as stop:
                code = int(stop.code or 0)
        return code, out.getvalue(), err.getvalue()

    def test_it_writes_the_report_to_the_file_named(self) -> None:
        target = f"{MEDIA_ROOT}/report.docx"
        code, out, _ = self.run_command(
            "report",
            "--municipality",
            "Лесной район",
            "--year",
            "2018/2019",
            "--format",
            "docx",
            "-o",
            target,
        )
        self.assertEqual((code, out.strip()), (0, target))
        with open(target, "rb") as found:
            self.assertIn("1.2. Совещание с руководителями ОО", str(docx_tables(found.read())))
        self.assertTrue(AuditEvent.objects.filter(action="report.export", actor=None).exists())

    def test_it_writes_a_plan_and_the_region_workbook(self) -> None:
        target = f"{MEDIA_ROOT}/plan.xlsx"
        code, _, _ = self.run_command(
            "plan", str(self.forest_roadmap.pk), "--format", "xlsx", "-o", target
        )
        self.assertEqual(code, 0)
        target = f"{MEDIA_ROOT}/region.xlsx"
        code, _, _ = self.run_command("region-report", "--year", "2018/2019", "-o", target)
        self.assertEqual(code, 0)
        self.assertEqual(openpyxl.load_workbook(target).sheetnames[1], "Лесной район")

    def test_it_refuses_bad_input_with_a_russian_line_and_status_2(self) -> None:
        cases = [
            (
                ("report", "--municipality", "Нет такого", "--year", "2018/2019"),
                "Муниципалитет «Нет такого» не найден.",
            ),
            (
                ("report", "--municipality", "Лесной район", "--year", "2018-2019"),
                "Учебный год «2018-2019» записан неверно: нужен вид 2020/2021.",
            ),
            (("plan", "999999", "--format", "docx"), "План № 999999 не найден."),
            (
                ("plan", str(self.forest_roadmap.pk), "--format", "odt"),
                "Формат «odt» не поддерживается: допустимы xlsx, docx, pdf.",
            ),
            (
                ("region-report", "--year", "2031/2032"),
                "Учебного года 2031/2032 нет в реестре: планов на него нет.",
            ),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                code, out, err = self.run_command(*args)
                self.assertEqual((code, out, err.strip()), (2, "", message))
