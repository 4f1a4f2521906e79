"""The four seed documents import whole, in document order (skipped without ../shared/seeds)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.seeds import SEEDS, seed_path

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")


def seed(prefix: str) -> Path:
    return seed_path(prefix)


def dry_run(prefix: str, *extra: str) -> dict[str, Any]:
    out = io.StringIO()
    with redirect_stdout(out):
        call_command("import", str(seed(prefix)), "--dry-run", "--format", "json", *extra)
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def plan_001() -> dict[str, Any]:
    return dry_run("001")


@pytest.fixture(scope="module")
def roadmap_004() -> dict[str, Any]:
    return dry_run("004")


@pytest.fixture(scope="module")
def report_002() -> dict[str, Any]:
    return dry_run("002")


def numbers(document: dict[str, Any]) -> list[str | None]:
    return [activity["number"] for activity in document["activities"]]


def by_number(document: dict[str, Any], number: str) -> dict[str, Any]:
    return next(a for a in document["activities"] if a["number"] == number)


def test_it_prints_exactly_the_contract_keys(roadmap_004: dict[str, Any]) -> None:
    assert list(roadmap_004) == [
        "kind",
        "title",
        "academic_years",
        "sections",
        "activities",
        "indicators",
        "warnings",
        "summary",  # added after the contract's keys: what the import understood, in numbers
    ]
    assert roadmap_004["summary"]["activities"] == len(roadmap_004["activities"])
    assert list(roadmap_004["activities"][0]) == [
        "number",
        "section",
        "title",
        "deadline",
        "responsible",
        "planned_result",
        "execution_mark",
        "audience",
        "description",
        "documents",
    ]
    assert set(roadmap_004["activities"][0]["deadline"]) == {
        "text",
        "kind",
        "start",
        "end",
        "recurrence",
    }


def test_it_reads_the_regional_plan_with_41_activities_in_5_sections(
    plan_001: dict[str, Any],
) -> None:
    assert plan_001["kind"] == "regional_plan"
    assert plan_001["academic_years"][0] == "2016/2017"
    assert [s["number"] for s in plan_001["sections"]] == ["1.", "2.", "3.", "4.", "5."]
    assert plan_001["sections"][4]["title"] == "Мониторинг и контроль реализации плана"
    expected = (
        [f"1.{i}" for i in range(1, 8)]
        + [f"2.{i}" for i in range(1, 12)]
        + [f"3.{i}" for i in range(1, 9)]
        + [f"4.{i}" for i in range(1, 6)]
        + [f"5.{i}" for i in range(1, 11)]
    )
    assert numbers(plan_001) == expected
    assert by_number(plan_001, "2.3")["section"] == "2."
    assert by_number(plan_001, "5.5")["deadline"]["text"] == "4, 1, 2 кв."


def test_it_splits_organisations_by_the_glossary(plan_001: dict[str, Any]) -> None:
    assert by_number(plan_001, "1.1")["responsible"] == [
        "Министерство",
        "ГКУ КК ЦОКО",
        "ГБОУ ИРО КК",
        "МОУО",
    ]
    assert by_number(plan_001, "2.2")["responsible"] == ["ГКУ КК ЦОКО", "ГБОУ ИРО КК", "МОУО", "ОО"]


def test_it_skips_repeated_headers_at_page_breaks(plan_001: dict[str, Any]) -> None:
    titles = [a["title"] for a in plan_001["activities"]]
    assert "Мероприятие" not in titles
    assert not plan_001["warnings"]


def test_it_reads_the_road_map_plan_with_nested_sections(roadmap_004: dict[str, Any]) -> None:
    assert roadmap_004["kind"] == "roadmap"
    assert roadmap_004["academic_years"] == ["2018/2019", "2019/2020"]
    assert len(roadmap_004["activities"]) == 81
    section_numbers = [s["number"] for s in roadmap_004["sections"]]
    assert section_numbers[:8] == ["1.", "2.", "3.", "3.1.", "3.2.", "3.2.1.", "3.2.2.", "3.2.3."]
    assert len(section_numbers) == 19
    assert section_numbers[-1] == "13."
    assert numbers(roadmap_004)[:3] == ["1.1.", "1.2.", "1.3."]
    assert numbers(roadmap_004)[23:27] == ["3.2.1.1", "3.2.1.2", "3.2.1.2", "3.2.2.1"]


def test_it_keeps_unnumbered_activities_in_their_section(roadmap_004: dict[str, Any]) -> None:
    unnumbered = [a for a in roadmap_004["activities"] if a["number"] is None]
    assert len(unnumbered) == 81 - 29
    assert unnumbered[0]["section"] == "3.2.3."
    assert unnumbered[0]["title"].startswith("Закрепление педагогов-наставников")
    assert unnumbered[-1]["section"] == "13."


def test_it_mends_rows_split_across_a_page_break(roadmap_004: dict[str, Any]) -> None:
    split = by_number(roadmap_004, "2.3.")
    assert split["title"].endswith(
        "по итогам анализа паспортов предметов и успеваемости обучающихся"
    )
    seminar = by_number(roadmap_004, "3.2.1.1")
    assert seminar["title"].startswith("Модель школьной системы оценки качества образования")
    assert seminar["deadline"]["text"] == "Сентябрь 2018 года"
    assert seminar["responsible"] == ["Езубова Ю.В.", "Руководитель СОШ № 6 Карташева М.О."]
    assert by_number(roadmap_004, "3.2.2.3")["planned_result"].startswith(
        "Повышение профессиональных компетенций"
    )
    olympiads = next(a for a in roadmap_004["activities"] if "олимпиадах" in a["title"])
    assert olympiads["deadline"]["text"] == "Ноября – декабрь, январь – февраль"


def test_it_splits_persons_and_keeps_school_lists_whole(roadmap_004: dict[str, Any]) -> None:
    assert by_number(roadmap_004, "1.1.")["responsible"] == ["Карпенко Н.В.", "Ракова Н.В."]
    assert by_number(roadmap_004, "2.5.")["responsible"] == [
        "Щербакова Т.В.",
        "Руководители СОШ № 4, 20, 36",
    ]
    html_cell = next(
        a
        for a in roadmap_004["activities"]
        if a["title"].startswith("Индивидуальная работа учителей")
    )
    assert html_cell["responsible"] == [
        "Петровская Е.Н., методист МБУ «ЦРО»",
        "Учителя – наставники.",
        "Руководители РМО",
    ]
    assert html_cell["deadline"]["text"] == "Ноябрь 2018 – май 2019"


def test_it_strips_markup_from_section_titles(roadmap_004: dict[str, Any]) -> None:
    titles = {s["number"]: s["title"] for s in roadmap_004["sections"]}
    assert titles["4."] == "Работа с обучающимися в рамках муниципального сетевого взаимодействия"
    assert all("<" not in title for title in titles.values())


def test_it_reads_target_indicators_per_academic_year(roadmap_004: dict[str, Any]) -> None:
    indicators = roadmap_004["indicators"]
    assert len(indicators) == 17
    staff = next(i for i in indicators if i["name"] == "Доля педагогов, повысивших квалификацию")
    assert staff == {
        "group": "Кадровая поддержка",
        "name": "Доля педагогов, повысивших квалификацию",
        "unit": "%",
        "values": {"2018/2019": 4.1, "2019/2020": 4.2, "2020/2021": 4.5},
    }
    network = [i for i in indicators if i["group"] == "Информационно-методическая поддержка"]
    assert len(network) == 3


def test_it_recognises_the_passport_and_skips_exam_tables(roadmap_004: dict[str, Any]) -> None:
    warnings = roadmap_004["warnings"]
    assert "Состав рабочей группы" in warnings[0]
    assert "Значимые контрольные результаты" in warnings[0]
    assert sum("результатов экзаменов" in w for w in warnings) == 3


def test_it_reads_the_report_rows_and_their_columns(report_002: dict[str, Any]) -> None:
    assert report_002["kind"] == "report"
    assert report_002["academic_years"] == ["2020/2021"]
    activities = report_002["activities"]
    assert len(activities) == 15
    first = activities[0]
    assert first["number"] is None
    assert first["deadline"]["text"] == "22 сентября 2020 года"
    assert first["description"].startswith("В рамках проведения и подготовки семинара")
    assert (
        first["audience"]
        == "руководители общеобразовательных организаций ШНОР/ШССУ, кураторы ШНОР/ШССУ"
    )
    assert activities[2]["responsible"] == ["Полякова Н.П.", "Петрова Т.А.", "Ваховский Ф.И."]
    assert activities[1]["responsible"] == ["Петрова Т.А.", "Ваховский Ф.И."]


def test_it_splits_every_evidence_document(report_002: dict[str, Any]) -> None:
    counts = [len(a["documents"]) for a in report_002["activities"]]
    assert counts == [2, 1, 1, 2, 3, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1]
    letter, order = report_002["activities"][0]["documents"]
    assert letter == {
        "kind": "letter",
        "number": "3121/30",
        "date": "2021-04-27",
        "title": "Адресная методическая помощь 500+",
        "text": letter["text"],
    }
    assert letter["text"].startswith("Письмо департамента образования")
    assert (order["kind"], order["number"], order["date"]) == ("order", "161", "2021-02-25")
    assert order["title"].startswith("О проведении мониторинга выполнения программ")
    protocol = report_002["activities"][2]["documents"][0]
    assert (protocol["kind"], protocol["date"], protocol["number"]) == (
        "protocol",
        "2020-11-30",
        None,
    )
    audit = report_002["activities"][4]["documents"]
    assert [d["number"] for d in audit] == [None, "52-П", "560"]
    assert audit[2]["date"] == "2021-05-14"
    agreements = report_002["activities"][6]["documents"]
    assert [d["kind"] for d in agreements] == ["agreement", "agreement", "protocol"]


def test_it_reads_the_plan_schedule_with_execution_marks() -> None:
    document = dry_run("000")
    assert document["academic_years"] == ["2018/2019"]
    assert numbers(document) == [str(i) for i in range(1, 14)]
    first = document["activities"][0]
    assert first["execution_mark"] == "№ 237 от 09.07.2018; № 255 от 21.08.2018"
    assert first["deadline"] is None
    fourth = document["activities"][3]
    assert fourth["deadline"]["text"] == "20 июля – 12 декабря"
    assert fourth["execution_mark"] is None


def test_it_takes_the_year_from_the_option() -> None:
    document = dry_run("001", "--year", "2017/2018")
    assert document["academic_years"] == ["2017/2018"]
