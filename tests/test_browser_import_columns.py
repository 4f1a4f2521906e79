"""In a real browser: a road map whose header is unknown is imported by naming its columns."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from orientir.imports.models import SavedColumnLayout
from orientir.imports.samples import Line, Sample, to_docx
from orientir.plans.models import Plan
from tests.base import PASSWORD, build_territory
from tests.browser import BrowserTestCase

pytestmark = pytest.mark.browser

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def roadmap_with_unknown_header() -> bytes:
    """A municipality's road map written with its own words over the columns."""
    sample = Sample(
        title="Дорожная карта по сопровождению школ Лесного района на 2018/2019 учебный год",
        header=("Что делаем", "Когда", "Кто", "Итог"),
        rows=[
            Line(
                (
                    "Семинар для заместителей директоров по учебной работе",
                    "Сентябрь 2018 года",
                    "Карпенко Н.В.",
                    "Проведён семинар",
                )
            ),
            Line(
                (
                    "Мониторинг результатов ВПР в 5-8 классах",
                    "до 1 ноября",
                    "Ракова Н.В.",
                    "Аналитическая справка",
                )
            ),
            Line(
                (
                    "Консультации для учителей математики",
                    "ежемесячно",
                    "Руководители ШМО",
                    "Протоколы консультаций",
                )
            ),
        ],
    )
    return to_docx(sample)


class ImportColumnsBrowserTestCase(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        build_territory(self)

    def screenshot(self, name: str) -> None:
        if folder := os.environ.get("ORIENTIR_SCREENSHOT_DIR"):
            self.page.screenshot(path=os.path.join(folder, name), full_page=True)

    def test_it_imports_a_document_by_the_columns_chosen_in_the_preview(self) -> None:
        self.log_in("bob", PASSWORD)
        self.page.goto(f"{self.live_server_url}/imports/")
        self.page.locator("input[type=file]").set_input_files(
            files=[
                {
                    "name": "дорожная карта.docx",
                    "mimeType": DOCX,
                    "buffer": roadmap_with_unknown_header(),
                }
            ]
        )
        self.page.get_by_role("button", name="Загрузить и просмотреть").click()
        self.page.get_by_text("Это не тупик").wait_for()
        for number, field in enumerate(["title", "deadline", "responsible", "planned_result"], 1):
            self.page.get_by_label(f"Столбец {number}", exact=True).select_option(field)
        self.page.get_by_label("Строк заголовка вверху таблицы").fill("1")
        self.screenshot("import-grid.png")
        self.page.get_by_role("button", name="Применить столбцы").click()
        self.page.get_by_role("heading", name="Что понято до записи").wait_for()
        self.screenshot("import-summary.png")
        self.page.get_by_role("button", name="Импортировать").click()
        self.page.get_by_text("Документ импортирован").wait_for()

        plan = Plan.objects.get(title__startswith="Дорожная карта по сопровождению школ")
        self.assertEqual(plan.municipality, self.forest)
        self.assertEqual(
            [(a.title, a.deadline_text, a.deadline_end) for a in plan.activities.order_by("pk")][
                :2
            ],
            [
                (
                    "Семинар для заместителей директоров по учебной работе",
                    "Сентябрь 2018 года",
                    dt.date(2018, 9, 30),
                ),
                (
                    "Мониторинг результатов ВПР в 5-8 классах",
                    "до 1 ноября",
                    dt.date(2018, 11, 1),
                ),
            ],
        )
        self.assertEqual(plan.activities.count(), 3)
        self.assertEqual(SavedColumnLayout.objects.get().municipality, self.forest)

    def test_it_picks_the_school_from_the_suggestions_of_the_search_field(self) -> None:
        sample = Sample(
            title="Программа перехода школы в эффективный режим на 2018/2019 учебный год",
            header=("Мероприятие", "Сроки", "Ответственные", "Результат"),
            rows=[Line(("Педагогический совет", "Сентябрь 2018 года", "Директор", "Протокол"))],
        )
        label = "МБОУ СОШ № 6 (код 99-0106), Лесной район"
        self.log_in("bob", PASSWORD)
        self.page.goto(f"{self.live_server_url}/imports/")
        self.page.locator("input[type=file]").set_input_files(
            files=[{"name": "программа.docx", "mimeType": DOCX, "buffer": to_docx(sample)}]
        )
        school = self.page.get_by_label("Школа", exact=True)
        school.press_sequentially("сош № 6")
        self.page.locator(f'#id_school_name_suggestions option[value="{label}"]').wait_for(
            state="attached"
        )
        school.fill(label)  # what choosing the suggestion puts into the field
        self.assertEqual(self.page.locator("#id_school").input_value(), str(self.school6.pk))
        self.page.get_by_role("button", name="Загрузить и просмотреть").click()
        self.page.get_by_role("heading", name="Что понято до записи").wait_for()
        self.assertEqual(school.input_value(), label)
        self.page.get_by_role("button", name="Импортировать").click()
        self.page.get_by_text("Документ импортирован").wait_for()
        plan = Plan.objects.get(title__startswith="Программа перехода школы")
        self.assertEqual(plan.school, self.school6)
        self.assertEqual(self.blocked, [])
