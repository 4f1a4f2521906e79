"""Old formats through LibreOffice, scanned PDFs through Tesseract (issue 10, item 5).

The road map is another region's: a committee of a municipal district, «Наименование
мероприятия / Срок исполнения / Ответственный исполнитель / Ожидаемый результат» columns,
sections as bold rows merged across the table. It is written as .docx and .xlsx here, and
LibreOffice saves it in the old formats once for the whole class.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from orientir.imports.errors import ImportProblem
from orientir.imports.parsing import parse_upload
from orientir.imports.readers import convert as convert_module
from orientir.imports.readers.ocr import installed, tesseract
from orientir.imports.samples import FONT_DIR as SAMPLE_FONTS
from orientir.imports.samples import roadmap_sample, to_pdf
from orientir.lib.office import convert, soffice
from tests.base import BaseTestCase

needs_office = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) не установлен")
needs_ocr = pytest.mark.skipif(
    tesseract() is None or not installed(tesseract() or ""),
    reason="Tesseract с русским языком не установлен",
)
FONTS = Path("/usr/share/fonts/truetype/liberation")  # fonts-liberation, from make office
needs_fonts = pytest.mark.skipif(
    not (FONTS / "LiberationSerif-Regular.ttf").exists(), reason="нет шрифтов Liberation"
)

TITLE = [
    "Комитет по образованию администрации Заречного муниципального округа",
    "План мероприятий («дорожная карта») по повышению качества образования в школах "
    "с низкими образовательными результатами на 2025/2026 учебный год",
]
HEADER = (
    "№ п/п",
    "Наименование мероприятия",
    "Срок исполнения",
    "Ответственный исполнитель",
    "Ожидаемый результат",
)
ROWS: list[tuple[str, ...]] = [
    ("1. Организационно-управленческие мероприятия",),
    (
        "1.1.",
        "Назначение кураторов школ с низкими образовательными результатами",
        "до 20.09.2025",
        "Комитет по образованию",
        "Приказ о назначении кураторов",
    ),
    (
        "1.2.",
        "Совещание с руководителями школ по итогам ВПР",
        "октябрь 2025 г.",
        "Петрова А.С., главный специалист",
        "Протокол совещания",
    ),
    ("2. Методическое сопровождение",),
    (
        "2.1.",
        "Курсы повышения квалификации учителей русского языка",
        "в течение учебного года",
        "Информационно-методический центр",
        "Удостоверения о повышении квалификации",
    ),
    (
        "2.2.",
        "Посещение уроков математики в 5–9 классах",
        "ежемесячно",
        "Заместители директоров по УВР",
        "Справки по итогам посещения",
    ),
]


def roadmap_docx() -> bytes:
    """Write the road map as Word writes it: bold title lines, one grid table."""
    import docx

    document = docx.Document()
    for line in TITLE:
        document.add_paragraph().add_run(line).bold = True
    table = document.add_table(rows=0, cols=len(HEADER))
    table.style = "Table Grid"
    for values in [HEADER, *ROWS]:
        cells = table.add_row().cells
        if len(values) == 1:  # a section: one bold cell across the table
            merged = cells[0].merge(cells[-1])
            merged.paragraphs[0].add_run(values[0]).bold = True
            continue
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def roadmap_xlsx() -> bytes:
    """Write the road map as a workbook: title lines above, sections merged and bold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Дорожная карта"
    for line in TITLE:
        sheet.append([line])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for values in [HEADER, *ROWS]:
        sheet.append(list(values))
        if len(values) == 1:
            row = sheet.max_row
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADER))
            sheet.cell(row, 1).font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def scanned_pdf(rows: list[tuple[str, ...]]) -> bytes:
    """Draw a signed-and-scanned page: a title, a ruled table, a little crooked; wrap in PDF.

    Set in a Times-like serif of about 13 points, as orders and road maps are, at 200 dpi.
    """
    from PIL import Image, ImageDraw, ImageFont

    regular = ImageFont.truetype(str(FONTS / "LiberationSerif-Regular.ttf"), 36)
    bold = ImageFont.truetype(str(FONTS / "LiberationSerif-Bold.ttf"), 36)
    widths, height, left, top = [130, 820, 330, 520], 90, 60, 130
    picture = Image.new("L", (sum(widths) + 2 * left, top + height * len(rows) + 60), 255)
    draw = ImageDraw.Draw(picture)
    draw.text((left, 40), "Дорожная карта Заречного округа на 2025/2026 учебный год", font=bold)
    for index, values in enumerate(rows):
        y = top + height * index
        draw.line([(left, y), (left + sum(widths), y)], fill=0, width=3)
        x = left
        for width, value in zip(widths, values, strict=True):
            draw.text((x + 12, y + 28), value, font=bold if index == 0 else regular, fill=0)
            x += width
    bottom = top + height * len(rows)
    draw.line([(left, bottom), (left + sum(widths), bottom)], fill=0, width=3)
    for x in [left + sum(widths[:i]) for i in range(len(widths) + 1)]:
        draw.line([(x, top), (x, bottom)], fill=0, width=3)
    # a scanner's grain and softness, and the sheet laid a little crooked
    import numpy as np
    from PIL import ImageFilter

    crooked = np.asarray(picture.rotate(0.3, fillcolor=255), dtype=np.int16)
    grain = np.random.default_rng(10).normal(0, 12, crooked.shape).astype(np.int16)
    scanned = Image.fromarray(np.clip(crooked + grain, 0, 255).astype(np.uint8))
    out = io.BytesIO()
    scanned.filter(ImageFilter.GaussianBlur(0.6)).save(out, "PDF", resolution=200)
    return out.getvalue()


SCAN_ROWS = [
    ("№", "Наименование мероприятия", "Срок исполнения", "Ответственный"),
    ("1.", "Мониторинг результатов ВПР в школах", "октябрь 2025 г.", "Комитет по образованию"),
    ("2.", "Семинар для учителей математики", "до 15.11.2025", "Методический центр"),
    ("3.", "Посещение уроков в 5-9 классах", "ежемесячно", "Заместитель директора"),
]


def document(data: bytes, name: str) -> dict[str, Any]:
    return parse_upload(data, name).as_json()


def problem(data: bytes, name: str) -> str:
    with pytest.raises(ImportProblem) as caught:
        parse_upload(data, name)
    return str(caught.value)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    """The road map in every format; soffice converts to one format a run.

    Its .doc export drops the tables of a .docx straight from python-docx, so the .doc is
    saved from the .odt, as a user would.
    """
    word, book = roadmap_docx(), roadmap_xlsx()
    odt = convert(word, ".docx", "odt")
    return {
        ".docx": word,
        ".xlsx": book,
        ".odt": odt,
        ".rtf": convert(word, ".docx", "rtf"),
        ".doc": convert(odt, ".odt", "doc"),
        ".xls": convert(book, ".xlsx", "xls"),
        ".ods": convert(book, ".xlsx", "ods"),
    }


@needs_office
class TestOldFormats:
    """Each old format reads as the .docx or .xlsx it was saved from."""

    @pytest.mark.parametrize("suffix", [".doc", ".rtf", ".odt"])
    def test_it_reads_word_formats_like_the_docx(self, files: dict[str, bytes], suffix: str):
        expected = document(files[".docx"], "roadmap.docx")
        assert [a["number"] for a in expected["activities"]] == ["1.1.", "1.2.", "2.1.", "2.2."]
        assert document(files[suffix], f"roadmap{suffix}") == expected

    @pytest.mark.parametrize("suffix", [".xls", ".ods"])
    def test_it_reads_spreadsheet_formats_like_the_xlsx(self, files: dict[str, bytes], suffix: str):
        expected = document(files[".xlsx"], "roadmap.xlsx")
        assert [a["title"] for a in expected["activities"]] == [r[1] for r in ROWS if len(r) > 1]
        assert document(files[suffix], f"roadmap{suffix}") == expected


@needs_office
def test_it_gives_up_on_a_conversion_that_takes_too_long(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert_module, "TIMEOUT", 0)
    message = problem(RTF, "roadmap-hangs.rtf")
    assert message.startswith("Файл roadmap-hangs.rtf: LibreOffice не преобразовал документ за 0 с")


def opendocument(mimetype: str, content: bytes = b"<office:document-content/>") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
    return out.getvalue()


ODT = "application/vnd.oasis.opendocument.text"
RTF = rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times New Roman;}} \u1055?\u1083?\u1072?\u1085? \par}"


# The content is refused before LibreOffice would run: here it is missing, and the message
# is still about the content.
@override_settings(ORIENTIR_SOFFICE="/nonexistent/soffice")
@pytest.mark.parametrize(
    ("data", "name"),
    [
        ("План мероприятий\n1.\tСовещание\tоктябрь".encode(), "roadmap.doc"),
        (roadmap_docx(), "roadmap.doc"),  # a zip is not a Word 97 file
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "roadmap.rtf"),
        (RTF, "roadmap.xls"),
        (roadmap_docx(), "roadmap.odt"),  # a zip without the OpenDocument mimetype
        (opendocument(ODT), "roadmap.ods"),  # a text document named as a spreadsheet
    ],
)
def test_it_refuses_an_old_format_file_by_its_content(data: bytes, name: str) -> None:
    message = problem(data, name)
    assert f"Файл {name} не является документом .{name.split('.')[-1]}" in message


def test_it_refuses_an_opendocument_zip_bomb() -> None:
    bomb = opendocument(ODT, b"<p>" + b" " * (3 * 1024 * 1024) + b"</p>")
    assert len(bomb) < 20_000
    assert "zip-бомба" in problem(bomb, "roadmap.odt")


@override_settings(ORIENTIR_SOFFICE="/nonexistent/soffice")
def test_it_names_the_packages_to_install_when_libreoffice_is_missing() -> None:
    message = problem(RTF, "roadmap.doc")  # Word saves «.doc» as RTF too
    assert message == (
        "Файл roadmap.doc: Для чтения .doc установите LibreOffice: пакеты "
        "libreoffice-writer-nogui и libreoffice-calc-nogui (make office), "
        "или сохраните документ как .docx/.xlsx."
    )


@override_settings(ORIENTIR_SOFFICE="/nonexistent/soffice")
def test_it_exits_with_2_and_one_russian_line_when_libreoffice_is_missing() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roadmap.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
        err = io.StringIO()
        with redirect_stderr(err), pytest.raises(SystemExit) as exited:
            call_command("import", str(path), "--dry-run", "--format", "json")
    assert exited.value.code == 2
    assert err.getvalue().count("\n") == 1
    assert "Для чтения .xls установите LibreOffice" in err.getvalue()


@pytest.fixture(scope="module")
def scan() -> bytes:
    return scanned_pdf(SCAN_ROWS)


@needs_fonts
@needs_ocr
class TestScannedPdf:
    """A page that is only a picture is recognised, with a warning to check it."""

    def test_it_recognises_the_activities_of_a_scanned_road_map(self, scan: bytes) -> None:
        parsed = document(scan, "roadmap-scan.pdf")
        found = [
            (a["number"], a["title"], a["deadline"]["text"], a["responsible"])
            for a in parsed["activities"]
        ]
        assert found == [(n, t, d, [r]) for n, t, d, r in SCAN_ROWS[1:]]
        assert parsed["activities"][1]["deadline"]["end"] == "2025-11-15"
        assert parsed["warnings"][0].startswith("Документ распознан со скана: проверьте")

    def test_it_puts_the_scan_warning_into_the_command_json(self, scan: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "roadmap-scan.pdf"
            path.write_bytes(scan)
            out = io.StringIO()
            with redirect_stdout(out):
                call_command("import", str(path), "--dry-run", "--format", "json")
        warnings = json.loads(out.getvalue())["warnings"]
        assert warnings[0].startswith("Документ распознан со скана: проверьте")

    @override_settings(ORIENTIR_OCR_MAX_PAGES=1)
    def test_it_refuses_a_scan_longer_than_the_page_limit(self) -> None:
        two_pages = io.BytesIO()
        from PIL import Image

        pages = [Image.new("L", (400, 300), 255) for _ in range(2)]
        pages[0].save(two_pages, "PDF", resolution=100, save_all=True, append_images=pages[1:])
        message = problem(two_pages.getvalue(), "scan.pdf")
        assert "это скан в 2 стр., а распознаётся не больше 1" in message


@pytest.mark.skipif(not (SAMPLE_FONTS / "DejaVuSans.ttf").exists(), reason="нет DejaVu")
def test_it_names_the_pages_without_text_in_a_pdf_that_has_text() -> None:
    import pypdfium2
    from PIL import Image

    picture = io.BytesIO()
    Image.new("L", (800, 600), 255).save(picture, "PDF", resolution=100)  # a signed page
    joined = pypdfium2.PdfDocument.new()
    for part in (to_pdf(roadmap_sample(3)), picture.getvalue()):
        joined.import_pages(pypdfium2.PdfDocument(part))
    out = io.BytesIO()
    joined.save(out)
    parsed = document(out.getvalue(), "roadmap.pdf")
    assert len(parsed["activities"]) == 3
    assert "страница 2 без текстового слоя (скан) не прочитаны" in parsed["warnings"][0]


@needs_fonts
@override_settings(ORIENTIR_TESSERACT="/nonexistent/tesseract")
def test_it_names_the_packages_to_install_when_tesseract_is_missing() -> None:
    message = problem(scanned_pdf(SCAN_ROWS[:2]), "scan.pdf")
    assert "установите Tesseract: пакеты tesseract-ocr и tesseract-ocr-rus" in message


MEDIA = tempfile.mkdtemp(prefix="orientir-old-formats-media-")


@override_settings(MEDIA_ROOT=MEDIA)
class OldFormatsPagesTests(BaseTestCase):
    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def upload(self, data: bytes, name: str) -> Any:
        self.client.force_login(self.bob)
        file = SimpleUploadedFile(name, data)
        return self.client.post(reverse("import-upload"), {"file": file})

    @override_settings(ORIENTIR_SOFFICE="/nonexistent/soffice")
    def test_it_tells_on_the_page_what_to_install_for_a_doc(self) -> None:
        response = self.upload(RTF, "roadmap.doc")
        self.assertContains(response, "libreoffice-writer-nogui", status_code=400)

    @needs_fonts
    @needs_ocr
    def test_it_warns_in_the_preview_that_a_scan_was_recognised(self) -> None:
        response = self.upload(scanned_pdf(SCAN_ROWS), "roadmap-scan.pdf")
        self.assertEqual(response.status_code, 302)
        preview = self.client.get(response["Location"])
        self.assertContains(preview, "Документ распознан со скана: проверьте")
        self.assertContains(preview, "Семинар для учителей математики")
