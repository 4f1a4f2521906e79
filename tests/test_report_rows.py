"""Execution reports: rows matched to the plan's activities, never invented (issue 10.4).

The reports here are laid out as other municipalities write them (a numbered column, the
activity, what was done, when, who, participants, the documents' details), not as seed 002.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.execution.models import Document, Execution
from orientir.imports.parsing import parse_upload
from orientir.imports.reports import match_rows
from orientir.imports.samples import Line, Sample, to_docx, to_xlsx
from orientir.imports.schema import ParsedActivity
from orientir.imports.understanding.evidence import split_documents
from orientir.imports.understanding.guidance import is_guidance, is_instruction
from orientir.plans.deadlines import parse_deadline
from orientir.plans.models import Activity, Plan
from orientir.registry.models import AcademicYear
from tests.base import BaseTestCase, make_activity, make_plan

MEDIA = tempfile.mkdtemp(prefix="orientir-report-rows-")
COMMAND = ("--format", "json", "--kind", "report", "--municipality", "Лесной район")

HEADER = (
    "№ п/п",
    "Наименование мероприятия дорожной карты",
    "Содержание проведённого мероприятия",
    "Дата проведения",
    "Ответственный исполнитель",
    "Участники (категория, количество)",
    "Подтверждающие документы (реквизиты)",
)
HINTS = Line(
    (
        "",
        "(указывается наименование мероприятия из дорожной карты)",
        "(указать место, формат и цель)",
        "(дата)",
        "",
        "(категории участников)",
        "(реквизиты приказов, протоколов)",
    )
)
SEMINAR = Line(
    (
        "1.1.",
        "Муниципальный семинар по программам перехода школ",
        "Семинар на базе МБОУ СОШ № 4 для заместителей директоров",
        "14.11.2018",
        "Карпенко Н.В.",
        "заместители директоров, 18 чел.",
        "Приказ МБОУ СОШ № 4 от 10.11.2018 № 301; Лист регистрации",
    )
)
AUDIT = Line(
    (
        "",
        "Методический аудит в школах с низкими результатами",
        "Аудит проведён в СОШ № 4 и СОШ № 6, даны адресные рекомендации",
        "Февраль",
        "Ракова Н.В.",
        "руководители ШНОР",
        "приказ УО № 2 от 01.02.2019 №45-о, справка по итогам аудита",
    )
)
ROUND_TABLE = Line(
    (
        "",
        "Круглый стол директоров «Управленческие решения по итогам ВПР»",
        "Обсуждены итоги ВПР и планы школ",
        "20.03.2019",
        "Ракова Н.В.",
        "директора школ",
        "Протокол № 3 от 20.03.2019",
    )
)


def report(year: str = "2018-2019", rows: tuple[Line, ...] = (HINTS, SEMINAR, AUDIT, ROUND_TABLE)):
    return Sample(
        title=f"Отчёт о реализации мероприятий дорожной карты Лесного района за {year} учебный год",
        header=HEADER,
        rows=list(rows),
    )


# --- Documents cells -------------------------------------------------------------------

EVIDENCE = [
    pytest.param(
        "Приказ МБОУ СОШ № 10 от 10.11.2026 № 301; Лист регистрации",
        [("order", "301", "2026-11-10"), ("other", None, None)],
        id="school-number-before-date",
    ),
    pytest.param(
        "Протокол педсовета МАОУ гимназии № 5 № 2 от 30.08.2026",
        [("protocol", "2", "2026-08-30")],
        id="gymnasium-number-then-own",
    ),
    pytest.param(
        "приказ ОО № 5 от 1.09.2026 №112-о",
        [("order", "112-о", "2026-09-01")],
        id="lower-case-kind",
    ),
    pytest.param(
        "Справка по итогам посещения МБОУ СОШ № 10",
        [("other", None, None)],
        id="only-a-school-number",
    ),
    pytest.param(
        "Приказ управления образования от 12.10.2026 г. № 1245 «О проведении семинара»; "
        "протокол № 3 от 15.10.2026; фотоотчёт",
        [("order", "1245", "2026-10-12"), ("protocol", "3", "2026-10-15"), ("other", None, None)],
        id="semicolons",
    ),
    pytest.param(
        "Письмо УО № 01-12/345 от 05.09.2026, справка по итогам, программа семинара",
        [("letter", "01-12/345", "2026-09-05"), ("other", None, None), ("other", None, None)],
        id="commas",
    ),
    pytest.param(
        "Приказ № 301 от 10.11.2026\nлист регистрации участников",
        [("order", "301", "2026-11-10"), ("other", None, None)],
        id="line-break",
    ),
    pytest.param(
        "Выписка из протокола заседания ШМО МБОУ «СОШ № 7» от 20.10.2026 № 4",
        [("protocol", "4", "2026-10-20")],
        id="extract-school-in-quotes",
    ),
]


@pytest.mark.parametrize(("cell", "expected"), EVIDENCE)
def test_it_splits_a_documents_cell_into_each_document(
    cell: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    documents = split_documents(cell)
    assert [
        (d.kind, d.number, d.date.isoformat() if d.date else None) for d in documents
    ] == expected


def test_it_keeps_a_title_that_names_a_document_whole() -> None:
    (order,) = split_documents(
        "Приказ от 01.09.2026 № 45 «О семинаре, программа которого утверждена»"
    )
    assert (order.number, order.title) == ("45", "О семинаре, программа которого утверждена")


def test_it_names_a_registration_sheet_as_a_document_of_its_own() -> None:
    _, sheet = split_documents("Приказ МБОУ СОШ № 10 от 10.11.2026 № 301; Лист регистрации")
    assert sheet.as_json() == {
        "kind": "other",
        "number": None,
        "date": None,
        "title": "Лист регистрации",
        "text": "Лист регистрации",
    }


# --- Rows of hints ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("перечислить муниципальные мероприятия, проводимые в рамках проекта", True),
        ("Указать реквизиты приказа о проведении", True),
        ("(указывается наименование мероприятия)", True),
        ("Заполняется по итогам квартала", True),
        ("(дата)", True),
        ("Заполнение электронных дорожных карт школ", False),
        ("Провести семинар для заместителей директоров", False),
        ("Указатели и навигация в здании школы (ремонт)", False),
    ],
)
def test_it_recognises_a_hint_by_its_wording(text: str, hint: bool) -> None:
    assert is_instruction(text) is hint


def test_it_keeps_a_row_that_has_a_date_even_if_it_reads_as_a_hint() -> None:
    row = ParsedActivity(
        number=None,
        section=None,
        title="Заполнить мониторинг ШНОР",
        deadline=parse_deadline("до 20.10.2018", 2018),
        responsible=[],
    )
    assert not is_guidance(row)


def test_it_skips_the_row_of_hints_of_a_report_without_italics() -> None:
    parsed = parse_upload(to_docx(report()), "отчёт.docx")
    titles = [activity.title for activity in parsed.activities]
    assert titles[0] == "Муниципальный семинар по программам перехода школ"
    assert len(titles) == 3
    assert any("указание, как заполнять форму" in w for w in parsed.warnings)


# --- Writing rows into plans -----------------------------------------------------------


class ReportRowsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.audit = make_activity(
            cls.forest_roadmap, "1.2.", "Методический аудит школ с низкими результатами", "февраль"
        )
        cls.group = make_activity(
            cls.forest_roadmap, "2.1.", "Заседание муниципальной рабочей группы", "ежеквартально"
        )

    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())

    def approve(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=Plan.State.APPROVED)

    def run_import(self, data: bytes, name: str, *options: str) -> dict[str, Any]:
        path = self.tmp / name
        path.write_bytes(data)
        out = io.StringIO()
        with redirect_stdout(out):
            call_command("import", str(path), *COMMAND, *options)
        return json.loads(out.getvalue())

    def run_failing(self, data: bytes, name: str, *options: str) -> tuple[int, str]:
        path = self.tmp / name
        path.write_bytes(data)
        err = io.StringIO()
        with (
            redirect_stderr(err),
            redirect_stdout(io.StringIO()),
            self.assertRaises(SystemExit) as caught,
        ):
            call_command("import", str(path), *COMMAND, *options)
        return int(caught.exception.code or 0), err.getvalue()


class ReportCommandTests(ReportRowsTestCase):
    def test_it_matches_rows_by_number_then_by_title_with_the_score(self) -> None:
        parsed = parse_upload(to_docx(report()), "отчёт.docx")
        seminar, audit, round_table = match_rows(self.forest_roadmap, parsed)
        self.assertEqual((seminar.activity, seminar.how), (self.forest_activity, "number"))
        self.assertEqual((audit.activity, audit.how), (self.audit, "title"))
        self.assertGreaterEqual(audit.percent, 80)
        self.assertIsNone(round_table.activity)
        self.assertLess(round_table.percent, 80)

    def test_it_stores_each_document_with_the_number_after_its_date(self) -> None:
        self.run_import(to_docx(report()), "отчёт.docx")
        execution = self.forest_activity.executions.get(date=dt.date(2018, 11, 14))
        documents = list(execution.documents.order_by("pk"))
        self.assertEqual(
            [(d.kind, d.number, d.date, d.title) for d in documents],
            [
                ("order", "301", dt.date(2018, 11, 10), ""),
                ("other", "", None, "Лист регистрации"),
            ],
        )
        audit = self.audit.executions.get().documents.order_by("pk")
        self.assertEqual([(d.kind, d.number) for d in audit], [("order", "45-о"), ("other", "")])

    def test_it_refuses_an_unassigned_row_of_an_approved_plan_naming_it(self) -> None:
        self.approve()
        executions, activities = Execution.objects.count(), Activity.objects.count()
        code, message = self.run_failing(to_docx(report()), "отчёт.docx")
        self.assertEqual(code, 2)
        self.assertIn("Строка отчёта 3 «Круглый стол директоров", message)
        self.assertIn('--assign "3=', message)
        self.assertEqual(
            (Execution.objects.count(), Activity.objects.count()), (executions, activities)
        )

    def test_it_writes_an_assigned_row_to_the_chosen_activity_of_an_approved_plan(self) -> None:
        self.approve()
        activities = Activity.objects.count()
        self.run_import(to_docx(report()), "отчёт.docx", "--assign", "3=2.1")
        execution = self.group.executions.get()
        self.assertEqual(execution.date, dt.date(2019, 3, 20))
        self.assertEqual(execution.documents.get().number, "3")
        self.assertEqual(Activity.objects.count(), activities)

    def test_it_skips_a_row_the_user_chose_to_skip(self) -> None:
        self.approve()
        document = self.run_import(to_docx(report()), "отчёт.docx", "--assign", "3=skip")
        self.assertFalse(self.group.executions.exists())
        self.assertEqual(Execution.objects.filter(activity__plan=self.forest_roadmap).count(), 3)
        self.assertTrue(any("строка отчёта 3" in w for w in document["warnings"]))

    def test_it_never_adds_an_activity_to_an_approved_plan(self) -> None:
        self.approve()
        activities = Activity.objects.count()
        code, message = self.run_failing(to_docx(report()), "отчёт.docx", "--assign", "3=new")
        self.assertEqual(code, 2)
        self.assertIn("утверждён", message)
        self.assertEqual(Activity.objects.count(), activities)

    def test_it_adds_an_unmatched_row_to_a_draft_in_the_report_year(self) -> None:
        second = AcademicYear.objects.create(start_year=2019)
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(last_year=second)
        lesson = Line(
            ("", "Открытые уроки учителей ШНОР", "Проведено 6 уроков", "Февраль", "", "", "")
        )
        data = to_xlsx(report("2019-2020", (SEMINAR, lesson)))
        document = self.run_import(data, "отчёт.xlsx")
        added = Activity.objects.get(title="Открытые уроки учителей ШНОР")
        self.assertEqual(added.plan, self.forest_roadmap)
        self.assertEqual(added.academic_year, second)
        self.assertEqual(added.deadline_end, dt.date(2020, 2, 29))
        self.assertTrue(any("добавлена как новое мероприятие" in w for w in document["warnings"]))

    def test_it_refuses_an_assignment_it_cannot_read(self) -> None:
        code, message = self.run_failing(to_docx(report()), "отчёт.docx", "--assign", "третья")
        self.assertEqual(code, 2)
        self.assertIn("--assign", message)


@override_settings(MEDIA_ROOT=MEDIA)
class ReportPagesTests(ReportRowsTestCase):
    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def upload(self, user: Any, data: bytes, name: str = "отчёт.docx") -> str:
        self.client.force_login(user)
        file = SimpleUploadedFile(name, data)
        response = self.client.post(reverse("import-upload"), {"file": file, "kind": "report"})
        self.assertEqual(response.status_code, 302)
        return response["Location"].split("/")[2]

    def confirm(self, token: str, **rows: str) -> Any:
        data = {"kind": "report", "plan": str(self.forest_roadmap.pk), **rows}
        return self.client.post(reverse("import-report-confirm", args=[token]), data)

    def test_it_lists_unmatched_rows_with_the_best_candidate_and_its_score(self) -> None:
        self.approve()
        token = self.upload(self.bob, to_docx(report()))
        response = self.client.get(reverse("import-preview", args=[token]), {"kind": "report"})
        self.assertContains(response, "Строки отчёта и мероприятия плана")
        self.assertContains(response, 'name="row-3"')
        self.assertContains(response, "по номеру")
        self.assertNotContains(response, "добавить новым мероприятием")
        self.assertNotContains(response, 'name="row-1"')

    def test_it_offers_a_new_activity_only_in_a_draft(self) -> None:
        token = self.upload(self.bob, to_docx(report()))
        response = self.client.get(reverse("import-preview", args=[token]), {"kind": "report"})
        self.assertContains(response, "добавить новым мероприятием")

    def test_it_matches_the_rows_to_the_plan_the_user_chose(self) -> None:
        second = make_plan(
            Plan.Kind.ROADMAP,
            "Дорожная карта Лесного района на 2019/2020",
            self.forest_authority,
            AcademicYear.objects.create(start_year=2019),
            municipality=self.forest,
        )
        make_activity(second, "3.1.", "Круглый стол директоров по итогам ВПР", "март")
        token = self.upload(self.bob, to_docx(report()))
        url = reverse("import-preview", args=[token])
        default = self.client.get(url, {"kind": "report"})
        self.assertContains(default, "Сопоставить с этим планом")
        chosen = self.client.get(url, {"kind": "report", "plan": second.pk})
        self.assertContains(chosen, f'name="plan" value="{second.pk}"')
        self.assertContains(chosen, "3.1. Круглый стол директоров по итогам ВПР")

    def test_it_previews_a_report_in_queries_that_do_not_grow_with_its_rows(self) -> None:
        counts = []
        for rows in ((SEMINAR, ROUND_TABLE), (SEMINAR, AUDIT, ROUND_TABLE) * 4):
            token = self.upload(self.bob, to_docx(report(rows=rows)))
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(
                    reverse("import-preview", args=[token]), {"kind": "report"}
                )
            self.assertEqual(response.status_code, 200)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])

    def test_it_writes_an_assigned_row_to_the_chosen_activity(self) -> None:
        self.approve()
        activities = Activity.objects.count()
        token = self.upload(self.bob, to_docx(report()))
        response = self.confirm(token, **{"row-3": f"id:{self.group.pk}"})
        self.assertRedirects(response, reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertEqual(
            self.group.executions.get().description, "Обсуждены итоги ВПР и планы школ"
        )
        self.assertEqual(Activity.objects.count(), activities)

    def test_it_gives_an_approved_plan_no_new_activity(self) -> None:
        self.approve()
        activities, executions = Activity.objects.count(), Execution.objects.count()
        token = self.upload(self.bob, to_docx(report()))
        response = self.confirm(token, **{"row-3": "new"})
        self.assertContains(response, "утверждён", status_code=400)
        self.assertEqual(
            (Activity.objects.count(), Execution.objects.count()), (activities, executions)
        )

    def test_it_refuses_a_choice_it_cannot_read(self) -> None:
        token = self.upload(self.bob, to_docx(report()))
        response = self.confirm(token, **{"row-3": "drop table"})
        self.assertContains(response, "не распознан", status_code=400)
        self.assertFalse(Document.objects.filter(number="301").exists())

    def test_it_refuses_an_activity_of_another_plan(self) -> None:
        token = self.upload(self.bob, to_docx(report()))
        response = self.confirm(token, **{"row-3": f"id:{self.seaside_activity.pk}"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(
            self.seaside_activity.executions.exclude(pk=self.seaside_execution.pk).exists()
        )

    def test_it_refuses_a_plan_of_another_territory(self) -> None:
        token = self.upload(self.bob, to_docx(report()))
        data = {"kind": "report", "plan": str(self.seaside_roadmap.pk), "row-3": "skip"}
        response = self.client.post(reverse("import-report-confirm", args=[token]), data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Execution.objects.filter(activity__plan=self.seaside_roadmap).count(), 1)

    def test_it_hides_another_users_upload(self) -> None:
        token = self.upload(self.bob, to_docx(report()))
        self.client.force_login(self.mike)
        self.assertEqual(self.confirm(token, **{"row-3": "skip"}).status_code, 404)

    def test_it_refuses_users_who_keep_no_plans(self) -> None:
        self.client.force_login(self.anna)
        response = self.client.post(reverse("import-report-confirm", args=["abc"]), {})
        self.assertEqual(response.status_code, 403)

    def test_it_sends_anonymous_users_to_login(self) -> None:
        response = self.client.post(reverse("import-report-confirm", args=["abc"]), {})
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_it_refuses_a_wrong_method(self) -> None:
        token = self.upload(self.bob, to_docx(report()))
        self.assertEqual(
            self.client.get(reverse("import-report-confirm", args=[token])).status_code, 405
        )
