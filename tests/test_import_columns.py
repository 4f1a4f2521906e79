"""The way through an unrecognised header: the user names the columns, and it is remembered.

Also what the preview and `orientir import --format json` say they understood.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.imports import uploads
from orientir.imports.models import SavedColumnLayout
from orientir.imports.readers import read_bytes
from orientir.imports.samples import Line, Sample, roadmap_sample, to_docx, to_txt, to_xlsx
from orientir.imports.understanding.layout import (
    ColumnLayout,
    LayoutProblem,
    fingerprint,
    understand_with_layout,
)
from orientir.plans.models import Plan
from tests.base import BaseTestCase

MEDIA = tempfile.mkdtemp(prefix="orientir-import-columns-")
CHOICE = {
    "column_1": "title",
    "column_2": "deadline",
    "column_3": "responsible",
    "column_4": "planned_result",
    "header_rows": "1",
}


def unusual_roadmap(*rows: tuple[str, str, str, str], municipality: str = "Лесного") -> Sample:
    """A road map whose header words no detector knows: «Что делаем | Когда | Кто | Итог»."""
    sample = Sample(
        title=f"Дорожная карта по сопровождению школ {municipality} района "
        "на 2018/2019 учебный год",
        header=("Что делаем", "Когда", "Кто", "Итог"),
    )
    sample.rows = [Line(row) for row in rows]
    return sample


SEMINAR = (
    "Семинар для заместителей директоров по учебной работе",
    "Сентябрь 2018 года",
    "Карпенко Н.В.",
    "Проведён семинар",
)
MONITORING = (
    "Мониторинг результатов ВПР в 5-8 классах",
    "до 1 ноября",
    "Ракова Н.В.",
    "Аналитическая справка",
)
CONSULTATIONS = (
    "Консультации для учителей математики",
    "по мере обращения",
    "",
    "Протоколы консультаций",
)


class LayoutUnderstandingTests(SimpleTestCase):
    def test_it_reads_columns_given_as_text(self) -> None:
        layout = ColumnLayout.from_text("number=1, title=2,deadline=3", 2)
        self.assertEqual(
            (layout.mapping, layout.header_rows), ({"number": 0, "title": 1, "deadline": 2}, 2)
        )
        self.assertEqual(layout.as_text(), "number=1,title=2,deadline=3")

    def test_it_refuses_columns_it_cannot_read_in_russian(self) -> None:
        for text, words in [
            ("deadline=2", "столбец с названием мероприятия"),
            ("title=2,deadline=2", "столбец 2 указан дважды"),
            ("title=two", "«title=two» записано неверно"),
            ("title=1,when=2", "неизвестное поле «when»"),
        ]:
            with self.subTest(text), self.assertRaisesRegex(LayoutProblem, words):
                ColumnLayout.from_text(text)

    def test_it_reads_sections_from_a_column_and_skips_repeated_headers(self) -> None:
        sample = Sample(
            title="План работы на 2018/2019 учебный год",
            header=("Направление", "Что делаем", "Когда", "Кто"),
            second_header=("1", "2", "3", "4"),
        )
        sample.rows = [
            Line(("Работа с кадрами", SEMINAR[0], SEMINAR[1], SEMINAR[2])),
            Line(("Направление", "Что делаем", "Когда", "Кто")),
            Line(("Работа с кадрами", MONITORING[0], MONITORING[1], MONITORING[2])),
            Line(("Работа с родителями", "Родительское собрание", "Октябрь 2018 года", "")),
        ]
        layout = ColumnLayout.from_text("section=1,title=2,deadline=3,responsible=4", 1)
        parsed = understand_with_layout(read_bytes(to_xlsx(sample), "plan.xlsx"), layout)
        self.assertEqual(
            [(a.section, a.title) for a in parsed.activities],
            [
                ("Работа с кадрами", SEMINAR[0]),
                ("Работа с кадрами", MONITORING[0]),
                ("Работа с родителями", "Родительское собрание"),
            ],
        )
        self.assertEqual(
            [s.title for s in parsed.sections], ["Работа с кадрами", "Работа с родителями"]
        )
        self.assertEqual(parsed.activities[1].deadline.end.isoformat(), "2018-11-01")

    def test_it_takes_the_fingerprint_from_the_header_not_the_activities(self) -> None:
        first = read_bytes(to_docx(unusual_roadmap(SEMINAR)), "a.docx")
        second = read_bytes(to_txt(unusual_roadmap(MONITORING, CONSULTATIONS)), "b.txt")
        other = unusual_roadmap(SEMINAR)
        other.header = ("Что делаем", "Срок", "Кто", "Итог")
        self.assertEqual(fingerprint(first, 1), fingerprint(second, 1))
        self.assertNotEqual(
            fingerprint(first, 1), fingerprint(read_bytes(to_docx(other), "c.docx"), 1)
        )


@override_settings(MEDIA_ROOT=MEDIA)
class ColumnChoicePagesTests(BaseTestCase):
    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def upload(self, user: Any, data: bytes, name: str = "roadmap.docx") -> str:
        self.client.force_login(user)
        file = SimpleUploadedFile(name, data)
        response = self.client.post(reverse("import-upload"), {"file": file})
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        return response["Location"].split("/")[2]

    def preview(self, token: str, **params: str) -> Any:
        return self.client.get(reverse("import-preview", args=[token]), params)

    def test_it_shows_the_first_rows_as_a_grid_instead_of_the_error(self) -> None:
        token = self.upload(self.bob, to_docx(unusual_roadmap(SEMINAR, MONITORING)))
        response = self.preview(token)
        self.assertContains(response, "не найдена строка заголовка")
        self.assertContains(response, "Это не тупик")
        self.assertContains(response, '<label for="id_column_4">Столбец 4</label>', html=True)
        self.assertContains(response, "<td>Что делаем</td>", html=True)
        self.assertContains(response, "Применить столбцы")
        self.assertNotContains(response, "Импортировать</button>")

    def test_it_imports_with_the_columns_chosen_and_remembers_them(self) -> None:
        token = self.upload(self.bob, to_docx(unusual_roadmap(SEMINAR, MONITORING, CONSULTATIONS)))
        response = self.preview(token, **CHOICE)
        self.assertContains(response, "Столбцы по вашей схеме")
        self.assertContains(response, "Мониторинг результатов ВПР в 5-8 классах")
        self.assertContains(
            response, '<input type="hidden" name="column_2" value="deadline">', html=True
        )
        response = self.client.post(reverse("import-confirm", args=[token]), CHOICE)
        plan = Plan.objects.get(title__startswith="Дорожная карта по сопровождению школ")
        self.assertRedirects(response, reverse("plan", args=[plan.pk]))
        activities = {a.title: a for a in plan.activities.all()}
        self.assertEqual(activities[MONITORING[0]].deadline_end.isoformat(), "2018-11-01")
        self.assertEqual(activities[SEMINAR[0]].deadline_text, "Сентябрь 2018 года")
        saved = SavedColumnLayout.objects.get()
        self.assertEqual(
            (saved.municipality, saved.columns, saved.header_rows, saved.saved_by),
            (
                self.forest,
                {"title": 1, "deadline": 2, "responsible": 3, "planned_result": 4},
                1,
                self.bob,
            ),
        )
        self.assertTrue(
            AuditEvent.objects.filter(action="import.layout_saved", actor=self.bob).exists()
        )

    def test_it_refuses_a_choice_without_a_title_column_and_keeps_the_upload(self) -> None:
        token = self.upload(self.bob, to_docx(unusual_roadmap(SEMINAR)))
        bad = {**CHOICE, "column_1": "", "column_4": "planned_result"}
        response = self.preview(token, **bad)
        self.assertContains(response, "Выберите столбец «мероприятие»", status_code=400)
        self.assertContains(
            response, '<option value="deadline" selected>сроки</option>', status_code=400, html=True
        )
        response = self.client.post(reverse("import-confirm", args=[token]), bad)
        self.assertContains(response, "Выберите столбец «мероприятие»", status_code=400)
        self.assertFalse(Plan.objects.filter(title__startswith="Дорожная карта по сопр").exists())
        self.assertTrue(uploads.pending_path(self.bob.pk, token))
        twice = {**CHOICE, "column_3": "deadline"}
        response = self.preview(token, **twice)
        self.assertContains(response, "«сроки» выбрано для столбцов 2 и 3", status_code=400)

    def test_it_applies_the_remembered_layout_in_the_same_territory_only(self) -> None:
        token = self.upload(self.bob, to_docx(unusual_roadmap(SEMINAR)))
        self.client.post(reverse("import-confirm", args=[token]), CHOICE)

        second = to_docx(unusual_roadmap(MONITORING, CONSULTATIONS))
        response = self.preview(self.upload(self.bob, second, "second.docx"))
        self.assertContains(response, "Применена схема столбцов, сохранённая")
        self.assertContains(response, "столбец 2 — сроки")
        self.assertContains(response, "Мониторинг результатов ВПР в 5-8 классах")
        self.assertContains(response, "Импортировать</button>")

        response = self.preview(self.upload(self.mike, second, "second.docx"))
        self.assertNotContains(response, "Применена схема столбцов")
        self.assertContains(response, "не найдена строка заголовка")

    def test_it_opens_the_grid_when_the_deadline_column_is_not_found(self) -> None:
        sample = roadmap_sample(2)
        sample.header = (
            "№ п/п",
            "Мероприятие",
            "Контрольная точка",
            "Ответственные",
            "Результат",
            "Отметка",
        )
        response = self.preview(self.upload(self.bob, to_docx(sample)))
        self.assertContains(response, "не найден столбец: сроки")
        self.assertContains(response, '<details class="import-grid" id="columns-grid" open>')
        self.assertContains(
            response, '<option value="title" selected>мероприятие</option>', html=True
        )
        self.assertContains(response, "Импортировать</button>")

    def test_it_reads_by_the_header_again_when_asked_to_leave_the_saved_layout(self) -> None:
        token = self.upload(self.bob, to_docx(unusual_roadmap(SEMINAR)))
        self.client.post(reverse("import-confirm", args=[token]), CHOICE)
        token = self.upload(self.bob, to_docx(unusual_roadmap(MONITORING)), "second.docx")
        self.assertContains(self.preview(token), "auto=1")
        response = self.preview(token, auto="1")
        self.assertNotContains(response, "Применена схема столбцов")
        self.assertContains(response, "не найдена строка заголовка")

    def test_it_says_what_it_understood_and_which_plan_it_changes(self) -> None:
        sample = roadmap_sample(4)
        sample.rows[2] = Line(("1.2.", "Круглый стол для педагогов", "по мере необходимости", ""))
        self.forest_roadmap.title = sample.title
        self.forest_roadmap.state = Plan.State.APPROVED
        self.forest_roadmap.save()
        response = self.preview(self.upload(self.bob, to_docx(sample)))
        summary = response.content.decode().split('id="summary"')[1].split("</section>")[0]
        for words in [
            "Прочитано строк таблиц</dt><dd>7</dd>",
            "Мероприятий</dt><dd>4, в 2 разделах</dd>",
            "Сроки поняты</dt><dd>3 из 4</dd>",
            "<dd>1: «по мере необходимости»</dd>",
            "Ответственные указаны</dt><dd>3 из 4</dd>",
            "Пропущено строк</dt><dd>1: строки заголовка — 1</dd>",
        ]:
            self.assertIn(words, summary)
        self.assertIn("состояние — утверждён, содержание закрыто для изменений", summary)


class ColumnsCommandTests(BaseTestCase):
    def run_import(self, path: Path, *options: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with redirect_stdout(out), redirect_stderr(err):
            try:
                call_command("import", str(path), "--format", "json", *options)
            except SystemExit as exit_:
                code = int(exit_.code or 0)
        return code, out.getvalue(), err.getvalue()

    def setUp(self) -> None:
        super().setUp()
        folder = Path(tempfile.mkdtemp(prefix="orientir-columns-cli-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        self.path = folder / "roadmap.docx"
        self.path.write_bytes(to_docx(unusual_roadmap(SEMINAR, MONITORING, CONSULTATIONS)))

    def test_it_reads_the_columns_given_by_flags_as_the_web_does(self) -> None:
        code, out, _ = self.run_import(
            self.path,
            "--dry-run",
            "--columns",
            "title=1,deadline=2,responsible=3,planned_result=4",
            "--header-rows",
            "1",
        )
        self.assertEqual(code, 0)
        document = json.loads(out)
        for key in ("kind", "title", "academic_years", "sections", "activities", "indicators"):
            self.assertIn(key, document)
        self.assertEqual(document["activities"][1]["deadline"]["end"], "2018-11-01")
        self.assertEqual(document["activities"][2]["planned_result"], "Протоколы консультаций")
        self.assertEqual(
            document["summary"]["deadlines"],
            {"understood": 2, "not_understood": 1, "missing": 0, "examples": ["по мере обращения"]},
        )
        self.assertEqual(
            (document["summary"]["responsible"], document["summary"]["skipped"]["header"]), (2, 1)
        )

    def test_it_imports_with_the_flags_into_the_territory(self) -> None:
        code, out, _ = self.run_import(
            self.path, "--municipality", "Лесной район", "--columns", "title=1,deadline=2"
        )
        self.assertEqual(code, 0)
        plan = Plan.objects.get(pk=json.loads(out)["id"])
        self.assertEqual(plan.activities.count(), 3)

    def test_it_refuses_bad_flags_with_exit_2_naming_the_option(self) -> None:
        for options, words in [
            (["--columns", "deadline=2"], "--columns: укажите столбец с названием"),
            (["--columns", "title=first"], "--columns: «title=first» записано неверно"),
            (["--columns", "title=1", "--header-rows", "two"], "--header-rows: «two»"),
            (["--header-rows", "2"], "--header-rows: укажите его вместе с --columns"),
        ]:
            with self.subTest(options):
                code, out, err = self.run_import(self.path, "--dry-run", *options)
                self.assertEqual((code, out), (2, ""))
                self.assertIn(words, err)
                self.assertEqual(err.count("\n"), 1)

    def test_it_names_the_flags_when_the_header_is_not_found(self) -> None:
        code, _, err = self.run_import(self.path, "--dry-run")
        self.assertEqual(code, 2)
        self.assertIn("не найдена строка заголовка", err)
        self.assertIn('--columns "number=1,title=2,deadline=3,responsible=4" --header-rows 1', err)
