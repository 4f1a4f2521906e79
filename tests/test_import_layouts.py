"""Documents laid out unlike the seeds are understood field by field (tests/documents/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from orientir.imports.parsing import parse_upload
from tests.documents.corpus import documents, score_document

CORPUS = documents()


def test_it_has_a_corpus_of_thirty_documents_in_every_format() -> None:
    assert len(CORPUS) >= 30
    assert {path.suffix for path in CORPUS} == {".docx", ".xlsx", ".pdf", ".txt"}


@pytest.mark.parametrize("path", CORPUS, ids=[path.stem for path in CORPUS])
def test_it_understands_every_field_of_a_corpus_document(path: Path) -> None:
    score = score_document(path)
    assert score.misses == [], "\n".join(score.misses)


def parse(text: str, name: str = "план.txt") -> dict[str, Any]:
    return parse_upload(text.encode("utf-8"), name).as_json()


def deadline(activity: dict[str, Any]) -> tuple[str, str | None, str | None]:
    found = activity["deadline"]
    return found["kind"], found["start"], found["end"]


ROADMAP_TOP = (
    "Отдел образования администрации Каменского района\n\n"
    "ДОРОЖНАЯ КАРТА\nпо сопровождению школ с низкими результатами обучения "
    "на 2025-2026 учебный год\n\n"
)


def test_it_reads_a_word_table_copied_a_cell_a_line_and_splits_stacked_activities() -> None:
    rows = [
        ["№", "Мероприятие", "Сроки", "Ответственные"],
        ["1.", "Совещание с директорами школ", "октябрь 2025 года", "Орлова Т.С."],
        [
            "2.\n3.",
            "Выездной семинар\nКурсы для учителей физики",
            "ноябрь 2025 г.\nянварь 2026 г.",
            "Методический кабинет\nИнститут развития образования",
        ],
    ]
    blocks = ["\n".join(f"\t{line}" for cell in row for line in cell.split("\n")) for row in rows]
    document = parse(ROADMAP_TOP + "\n\n".join(blocks) + "\n")

    activities = document["activities"]
    assert [a["number"] for a in activities] == ["1.", "2.", "3."]
    assert activities[2]["title"] == "Курсы для учителей физики"
    assert activities[2]["responsible"] == ["Институт развития образования"]
    assert deadline(activities[1]) == ("period", "2025-11-01", "2025-11-30")


@pytest.mark.parametrize(
    "label",
    [
        "Дата проведения",
        "Срок проведения",
        "Период",
        "Сроки исполнения",
        "Планируемый срок",
        "Время проведения",
        "Месяц",
    ],
)
def test_it_takes_other_words_of_the_deadline_column_as_the_deadline(label: str) -> None:
    document = parse(
        ROADMAP_TOP + f"№\tМероприятие\t{label}\tОтветственный\n"
        "1.\tМуниципальная олимпиада по математике\t14.11.2025\tЛебедева Н.А.\n"
    )
    assert deadline(document["activities"][0]) == ("date", "2025-11-14", "2025-11-14")
    assert not any("столбец сроков" in warning for warning in document["warnings"])


def test_it_reads_start_and_end_columns_as_one_deadline_span() -> None:
    document = parse(
        ROADMAP_TOP + "№\tМероприятие\tСроки\t\tОтветственный\n"
        "\t\tначало\tокончание\t\n"
        "1.\tКурсы повышения квалификации\t12.01.2026\t27.02.2026\tЛебедева Н.А.\n"
    )
    activity = document["activities"][0]
    assert activity["deadline"]["text"] == "с 12.01.2026 по 27.02.2026"
    assert deadline(activity) == ("period", "2026-01-12", "2026-02-27")


def test_it_warns_when_no_column_of_the_table_is_the_deadline() -> None:
    document = parse(
        ROADMAP_TOP + "№\tМероприятие\tОтветственный\tПримечание\n"
        "1.\tКурсы повышения квалификации\tЛебедева Н.А.\tпо заявкам школ\n"
    )
    assert document["activities"][0]["deadline"] is None
    assert any("не найден столбец сроков" in warning for warning in document["warnings"])


def test_it_takes_a_three_row_header_and_the_column_numbers_for_no_activity() -> None:
    document = parse(
        ROADMAP_TOP + "№ п/п\tСодержание работы\tОрганизация исполнения\t\t\n"
        "\t\tСрок\tИсполнители\t\n"
        "\t\t\tответственный\tрезультат\n"
        "1\t2\t3\t4\t5\n"
        "1.\tСовещание с директорами\tоктябрь 2025 года\tОрлова Т.С.\tПротокол\n"
    )
    activity, *rest = document["activities"]
    assert rest == []
    assert (activity["number"], activity["responsible"], activity["planned_result"]) == (
        "1.",
        ["Орлова Т.С."],
        "Протокол",
    )
    assert deadline(activity) == ("period", "2025-10-01", "2025-10-31")


def test_it_reads_the_marks_of_a_quarter_grid_as_a_set_of_quarters() -> None:
    document = parse(
        ROADMAP_TOP + "№\tМероприятие\tСрок исполнения\t\t\t\tОтветственный\n"
        "\t\tI квартал\tII квартал\tIII квартал\tIV квартал\t\n"
        "1.\tМониторинг программ школ\tХ\t\tx\t\tОрлова Т.С.\n"
        "2.\tСеминар для заместителей директоров\t\t+\t\t\tОрлова Т.С.\n"
    )
    first, second = document["activities"]
    assert first["deadline"]["text"] == "3, 1 кв."
    assert deadline(first) == ("period", "2025-07-01", "2026-03-31")
    assert deadline(second) == ("period", "2026-04-01", "2026-06-30")


def test_it_reads_the_marks_of_a_month_grid_as_the_months_marked() -> None:
    document = parse(
        ROADMAP_TOP + "№\tМероприятие\tСентябрь\tОктябрь\tНоябрь\tДекабрь\tОтветственный\n"
        "1.\tКонсультации для школ\t\tV\t✓\t\tОрлова Т.С.\n"
    )
    assert deadline(document["activities"][0]) == ("period", "2025-10-01", "2025-11-30")


def test_it_finds_the_numbers_of_a_column_without_a_header_and_keeps_sections() -> None:
    document = parse(
        ROADMAP_TOP + "\tМероприятие\tСроки\tОтветственный\n"
        "Раздел 1. Управленческие меры\t\t\t\n"
        "1.1\tСовещание с директорами\tоктябрь 2025 года\tОрлова Т.С.\n"
        "1.2.\tАнализ результатов ВПР\tноябрь 2025 г.\tОрлова Т.С.\n"
        "2. Работа с учителями\n"
        "2.1\tКурсы для учителей\tянварь 2026 г.\tЛебедева Н.А.\n"
    )
    assert [(s["number"], s["title"]) for s in document["sections"]] == [
        ("1.", "Управленческие меры"),
        ("2.", "Работа с учителями"),
    ]
    assert [a["number"] for a in document["activities"]] == ["1.1", "1.2.", "2.1"]
    assert document["activities"][2]["section"] == "2."


@pytest.mark.parametrize(
    ("top", "kind"),
    [
        (
            "УТВЕРЖДЕНА\nприказом министерства образования Тверской области\n"
            "от 02.09.2025 № 1120/ПК\n\nДОРОЖНАЯ КАРТА\nпо поддержке школ",
            "regional_plan",
        ),
        (
            "Департамент образования Ярославской области\n\nДОРОЖНАЯ КАРТА\nмероприятий",
            "regional_plan",
        ),
        (
            "УТВЕРЖДЕН\nраспоряжением комитета по образованию администрации города Заречного\n\n"
            "ПЛАН\nмероприятий по повышению качества образования",
            "roadmap",
        ),
        (
            "СОГЛАСОВАНО\nНачальник управления образования администрации Каменского района\n\n"
            "УТВЕРЖДАЮ\nДиректор МАОУ «Гимназия № 3»\n\nПЛАН\nмероприятий по повышению качества",
            "school_programme",
        ),
        (
            "УТВЕРЖДЕНА\nприказом Департамента образования и науки города Москвы\n\n"
            "ДОРОЖНАЯ КАРТА\nпо поддержке школ",
            "regional_plan",
        ),
        ("ПРОГРАММА ПЕРЕХОДА\nшколы в эффективный режим работы", "school_programme"),
    ],
)
def test_it_tells_the_kind_by_who_issued_and_approved_the_document(top: str, kind: str) -> None:
    document = parse(
        f"{top} на 2025/2026 учебный год\n\n№\tМероприятие\tСроки\tОтветственный\n"
        "1.\tСовещание с директорами\tоктябрь 2025 года\tОрлова Т.С.\n"
    )
    assert document["kind"] == kind


def test_it_reads_a_grid_whose_columns_name_their_year_in_the_calendar_order() -> None:
    document = parse(
        ROADMAP_TOP + "№\tМероприятие\tI кв. 2026 г.\tII кв. 2026 г.\tIII кв. 2026 г.\t"
        "IV кв. 2026 г.\tОтветственный\n"
        "1.\tМониторинг программ школ\tх\t\tх\t\tОрлова Т.С.\n"
    )
    activity = document["activities"][0]
    assert activity["deadline"]["text"] == "1, 3 кв. 2026"
    assert deadline(activity) == ("period", "2026-01-01", "2026-09-30")


def test_it_spans_a_month_grid_across_two_years_from_the_first_mark_to_the_last() -> None:
    document = parse(
        ROADMAP_TOP + "№\tМероприятие\tНоябрь 2025\tДекабрь 2025\tЯнварь 2026\tОтветственный\n"
        "1.\tКонсультации для школ\tх\t\tх\tОрлова Т.С.\n"
    )
    assert deadline(document["activities"][0]) == ("period", "2025-11-01", "2026-01-31")


def test_it_names_the_columns_of_a_grid_as_the_deadline_it_understood() -> None:
    parsed = parse_upload(
        (
            ROADMAP_TOP + "№\tМероприятие\tI квартал\tII квартал\tОтветственный\n"
            "1.\tКонсультации для школ\tх\t\tОрлова Т.С.\n"
        ).encode("utf-8"),
        "план.txt",
    )
    assert parsed.columns == [
        ("number", "№"),
        ("title", "Мероприятие"),
        ("deadline", "I квартал, II квартал"),
        ("responsible", "Ответственный"),
    ]


def test_it_still_reads_tab_separated_rows_under_paragraphs_indented_by_a_tab() -> None:
    document = parse(
        "\tУТВЕРЖДЕН\n\tприказом управления образования администрации Каменского района\n\n"
        "\tДОРОЖНАЯ КАРТА\n\tна 2025-2026 учебный год\n\n"
        "\tЦель: повышение качества образования\n\tв школах района\n\n"
        "№\tМероприятие\tСроки\tОтветственный\n"
        "1.\tСовещание с директорами\tоктябрь 2025 года\tОрлова Т.С.\n"
        "2.\tСеминар для учителей\tноябрь 2025 г.\tЛебедева Н.А.\n"
    )
    assert [a["number"] for a in document["activities"]] == ["1.", "2."]
    assert document["kind"] == "roadmap"


def test_it_skips_the_column_numbers_repeated_at_the_top_of_a_page() -> None:
    document = parse(
        ROADMAP_TOP + "№\tМероприятие\tСроки\tОтветственный\n"
        "1\t2\t3\t4\n"
        "1.\tСовещание с директорами\tоктябрь 2025 года\tОрлова Т.С.\n"
        "1\t2\t3\t4\n"
        "2.\tСеминар для учителей\tноябрь 2025 г.\tЛебедева Н.А.\n"
    )
    assert [a["number"] for a in document["activities"]] == ["1.", "2."]


def test_it_folds_the_second_line_of_a_cell_back_into_it_in_a_cell_a_line_copy() -> None:
    rows = [
        ["№", "Мероприятие", "Сроки", "Ответственные"],
        ["1.", "Совещание с директорами школ", "октябрь 2025 года", "Орлова Т.С."],
        [
            "2.",
            "Курсы повышения квалификации\nучителей математики",
            "январь 2026 г.",
            "Методический кабинет,\nИнститут развития образования",
        ],
        ["3.", "Выездной семинар", "ноябрь 2025 г.", "Орлова Т.С."],
    ]
    blocks = ["\n".join(f"\t{line}" for cell in row for line in cell.split("\n")) for row in rows]
    document = parse(ROADMAP_TOP + "\n\n".join(blocks) + "\n")

    second = document["activities"][1]
    assert second["title"] == "Курсы повышения квалификации учителей математики"
    assert second["responsible"] == ["Методический кабинет", "Институт развития образования"]
    assert deadline(second) == ("period", "2026-01-01", "2026-01-31")


def test_it_spans_the_whole_term_of_a_document_of_several_years() -> None:
    document = parse(
        "Управление образования администрации Озёрского муниципального округа\n\n"
        "ДОРОЖНАЯ КАРТА\nповышения качества образования на 2024-2027 годы\n\n"
        "№\tМероприятие\tСроки\tОтветственный\n"
        "1.\tМониторинг результатов ВПР\tв течение всего периода реализации\tКоваль И.П.\n"
    )
    assert document["academic_years"][0] == "2024/2025"
    assert deadline(document["activities"][0]) == ("continuous", "2024-09-01", "2027-08-31")
