"""Our own fixtures: one content in every format, layouts the seeds do not show, bad files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import override_settings

from orientir.imports.errors import ImportProblem
from orientir.imports.parsing import parse_upload
from orientir.imports.readers import read_bytes, read_path
from orientir.imports.readers.ocr import tesseract
from orientir.imports.samples import (
    FONT_DIR,
    WRITERS,
    Line,
    Sample,
    roadmap_sample,
    to_docx,
    to_txt,
    to_xlsx,
)

needs_fonts = pytest.mark.skipif(
    not (FONT_DIR / "DejaVuSans.ttf").exists(), reason="DejaVu fonts are absent"
)
TEXT_FORMATS: list[tuple[str, Callable[[Sample], bytes]]] = [
    (".txt", to_txt),
    (".docx", to_docx),
    (".xlsx", to_xlsx),
]


def parse(sample: Sample, suffix: str) -> dict[str, object]:
    return parse_upload(WRITERS[suffix](sample), f"plan{suffix}").as_json()


@needs_fonts
def test_it_reads_the_same_content_the_same_in_every_format() -> None:
    sample = roadmap_sample(8)
    documents = {suffix: parse(sample, suffix) for suffix in WRITERS}
    assert len(documents[".txt"]["activities"]) == 8  # type: ignore[arg-type]
    for suffix, document in documents.items():
        assert document == documents[".txt"], suffix


def activity_rows(document: dict[str, object]) -> list[tuple[object, ...]]:
    return [
        (a["number"], a["section"], a["title"], a["deadline"]["text"], a["responsible"])  # type: ignore[index]
        for a in document["activities"]  # type: ignore[attr-defined]
    ]


EXPECTED = [
    ("1.1.", "1.", "Создание рабочей группы", "Август 2018 года", ["Карпенко Н.В."]),
    ("1.2.", "1.", "Утверждение плана работы", "Сентябрь 2018 года", ["УО"]),
    ("2.1.", "2.", "Анализ результатов ВПР", "октябрь", ["Руководители СОШ № 4, 20, 36"]),
]
SECTIONS = [("1.", "Организационные мероприятия"), ("2.", "Аналитическая работа")]


def layout(
    header: tuple[str, ...],
    order: list[int],
    second: tuple[str, ...] | None = None,
    index: bool = False,
) -> Sample:
    """Write EXPECTED with the columns in `order` (of number, title, deadline, responsible)."""
    sample = Sample("План мероприятий на 2018/2019 учебный год", header, second_header=second)
    position = 0
    for number, title in SECTIONS:
        sample.rows.append(Line((f"{number} {title}",), section=True))
        for row in [r for r in EXPECTED if r[1] == number]:
            position += 1
            values = [row[0], row[2], row[3], "\n".join(row[4])]
            cells = [values[i] for i in order]
            sample.rows.append(Line(((str(position),) if index else ()) + tuple(cells)))
    return sample


LAYOUTS = {
    "columns in another order": layout(
        ("Сроки", "Мероприятие", "№", "Ответственные"), [2, 1, 0, 3]
    ),
    "an extra № п/п column": layout(
        ("№ п/п", "№ пункта", "Мероприятие", "Сроки", "Ответственные"), [0, 1, 2, 3], index=True
    ),
    "a header over two rows": layout(
        ("№", "Мероприятие", "Исполнение", ""),
        [0, 1, 2, 3],
        second=("", "", "Сроки", "Ответственные"),
    ),
}


@pytest.mark.parametrize("name", list(LAYOUTS))
@pytest.mark.parametrize("suffix", [suffix for suffix, _ in TEXT_FORMATS])
def test_it_reads_layouts_the_seeds_do_not_show(name: str, suffix: str) -> None:
    document = parse(LAYOUTS[name], suffix)
    assert activity_rows(document) == EXPECTED
    sections = [(s["number"], s["title"]) for s in document["sections"]]  # type: ignore[attr-defined]
    assert sections == SECTIONS


def test_it_reads_bold_merged_section_rows_in_word() -> None:
    document = parse(layout(("№", "Мероприятие", "Сроки", "Ответственные"), [0, 1, 2, 3]), ".docx")
    assert [s["title"] for s in document["sections"]] == [t for _, t in SECTIONS]  # type: ignore[attr-defined]


def problem(data: bytes, name: str) -> str:
    with pytest.raises(ImportProblem) as caught:
        parse_upload(data, name)
    return str(caught.value)


def broken_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<not-xml")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "plan.docx", "пуст"),
        (b"   \n", "plan.txt", "пуст"),
        (b"Just some text", "plan.docx", "не является документом .docx"),
        (to_docx(roadmap_sample()), "plan.xlsx", "не является книгой Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "plan.docx", "защищён паролем"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "plan.xlsx", "защищён паролем"),
        (broken_zip(), "plan.docx", "повреждён"),
        (broken_zip(), "plan.xlsx", "повреждён"),
        (b"%PDF-1.4\n garbage", "plan.pdf", "повреждён"),
        (b"plain text", "plan.pdf", "не является документом PDF"),
        (b"\x00\x01\x02binary", "plan.txt", "не текстовый файл"),
        ("Просто текст без таблицы".encode(), "plan.txt", "не найдена строка заголовка"),
        (b"anything", "plan.pages", "не поддерживается"),
    ],
)
def test_it_explains_a_bad_file_in_russian(data: bytes, name: str, words: str) -> None:
    message = problem(data, name)
    assert words in message
    assert name in message or "расширением" in message
    assert "\n" not in message


@needs_fonts
@pytest.mark.skipif(tesseract() is None, reason="Tesseract не установлен")
def test_it_refuses_a_scanned_pdf_without_words() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a picture of a page, no text
    assert "текста на нём распознать не удалось" in problem(bytes(pdf.output()), "scan.pdf")


@needs_fonts
def test_it_names_the_page_and_row_of_a_pdf_warning() -> None:
    sample = roadmap_sample(2)
    sample.rows.insert(1, Line(("", "<i>перечислить мероприятия</i>")))
    grid = read_bytes(WRITERS[".pdf"](sample), "plan.pdf")
    assert any(row.place == "страница 1" for row in grid.rows)


@override_settings(ORIENTIR_IMPORT_MAX_BYTES=100)
def test_it_refuses_a_file_over_the_limit() -> None:
    assert "слишком велик" in problem(to_txt(roadmap_sample()), "plan.txt")


def test_it_names_the_sheet_and_row_of_a_spreadsheet() -> None:
    sample = roadmap_sample(2)
    sample.rows.insert(1, Line(("", "<i>перечислить мероприятия</i>", "<i>дата</i>")))
    document = parse_upload(to_xlsx(sample), "plan.xlsx")
    assert any(w.startswith("лист «План», строка 5") for w in document.warnings), document.warnings


def test_it_names_a_missing_file_in_russian(tmp_path: Path) -> None:
    missing = tmp_path / "дорожная-карта.docx"
    with pytest.raises(ImportProblem, match=r"дорожная-карта\.docx не найден\.$"):
        read_path(missing)
