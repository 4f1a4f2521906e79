"""Read a scanned PDF (pages that are pictures, without a text layer) through Tesseract OCR.

Road maps are often handed in signed and scanned. Each page is drawn as a picture by pypdfium2
(pdfplumber's own renderer), its table's ruling lines are found in the picture, erased so they
are not read as letters, and Tesseract reads the words with their places (its TSV output); each
word then goes into the cell between the lines around it. So a scanned table becomes the same
rows of cells as a PDF with a text layer, and the existing understanding reads it.

Why Tesseract called directly rather than ocrmypdf or pytesseract: ocrmypdf would add a text
layer to the PDF, but its table lines stay in the picture, where pdfplumber cannot find them,
and it brings Ghostscript and a dozen packages; pytesseract only wraps the same command. The
program comes from Debian (tesseract-ocr, tesseract-ocr-rus), installed by scripts/install-office.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from orientir.imports.errors import ImportProblem
from orientir.imports.readers.grid import Grid, Row
from orientir.imports.readers.pdf import read_pdf
from orientir.imports.readers.scan import Page, page_rows

PACKAGES = "tesseract-ocr и tesseract-ocr-rus"
LANGUAGE = "rus"
DPI = 300  # what Tesseract is trained for; fewer dots lose the small print of tables
MAX_PIXELS = 40_000_000  # an A3 page at 300 dpi is 17 million; a bigger one is drawn smaller
MIN_LETTERS = 20  # a page with fewer letters in its text layer (a stamp, a number) is a picture
SCAN_WARNING = (
    "Документ распознан со скана: проверьте номера, названия, сроки и ответственных "
    "каждого мероприятия — при распознавании возможны ошибки."
)
_CACHE_SIZE = 4
_cache: OrderedDict[str, tuple[list[Row], list[str]]] = OrderedDict()
_cache_lock = threading.Lock()
# PDFium is not safe to call from two threads at once (a threaded server): one at a time.
_pdfium_lock = threading.Lock()


def tesseract() -> str | None:
    """Return the path of `tesseract` (the ORIENTIR_TESSERACT setting, else PATH), or None."""
    from django.conf import settings

    chosen = str(getattr(settings, "ORIENTIR_TESSERACT", "") or "") if settings.configured else ""
    return shutil.which(chosen or "tesseract")


@functools.cache
def _languages(program: str) -> frozenset[str]:
    try:
        listed = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in listed.stdout.splitlines()[1:])


def installed(program: str) -> bool:
    """Say whether Tesseract at `program` has every language LANGUAGE names."""
    return set(LANGUAGE.split("+")) <= _languages(program)


def missing_message() -> str:
    """The one Russian line saying what to install to read a scan."""
    return (
        f"это скан без текстового слоя; чтобы распознать его, установите Tesseract: "
        f"пакеты {PACKAGES} (make office), или загрузите исходный документ .docx/.xlsx."
    )


def limits() -> tuple[int, int]:
    """Return the settings ORIENTIR_OCR_MAX_PAGES and ORIENTIR_OCR_TIMEOUT (seconds)."""
    from django.conf import settings

    if not settings.configured:
        return 20, 300
    return int(settings.ORIENTIR_OCR_MAX_PAGES), int(settings.ORIENTIR_OCR_TIMEOUT)


def letter_counts(data: bytes) -> list[int]:
    """Count the letters of each page's text layer ([] when PDFium cannot open the file).

    PDFium counts in C what pdfplumber would take a tenth of a second a page to parse.
    """
    import pypdfium2

    counts = []
    with _pdfium_lock:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError:
            return []  # damaged or encrypted: pdfplumber says which, in Russian
        with document:
            for page in document:
                text = page.get_textpage().get_text_range()
                counts.append(sum(1 for char in text if not char.isspace()))
    return counts


def read_any_pdf(data: bytes, name: str) -> Grid:
    """Read a PDF by its text layer, or by OCR when most of its pages are pictures."""
    counts = letter_counts(data)
    pictures = [number for number, count in enumerate(counts, start=1) if count < MIN_LETTERS]
    if counts and len(pictures) * 2 > len(counts):
        return read_scan(data, name)
    grid = read_pdf(data, name)
    if pictures:
        listed = ", ".join(str(number) for number in pictures)
        grid.warnings.append(
            f"{'страница' if len(pictures) == 1 else 'страницы'} {listed} без текстового "
            "слоя (скан) не прочитаны: проверьте, не было ли на них мероприятий."
        )
    return grid


def read_scan(data: bytes, name: str) -> Grid:
    """Recognise every page of a scanned PDF into one Grid that carries SCAN_WARNING."""
    program = tesseract()
    if program is None or not installed(program):
        raise ImportProblem(f"Файл {name}: {missing_message()}")
    key = hashlib.sha256(data).hexdigest()
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            rows, warnings = _cache[key]
            return Grid(source=name, rows=list(rows), warnings=list(warnings))
    grid = recognise(program, data, name)
    if not grid.has_text:
        raise ImportProblem(
            f"Файл {name}: это скан, но текста на нём распознать не удалось; загрузите скан "
            "почётче (300 точек на дюйм) или исходный документ .docx/.xlsx."
        )
    with _cache_lock:
        _cache[key] = (list(grid.rows), list(grid.warnings))
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return grid


def recognise(program: str, data: bytes, name: str) -> Grid:
    """Draw each page, find its table and have Tesseract read it, within the limits."""
    max_pages, timeout = limits()
    pages = page_count(data, name)
    if pages > max_pages:
        raise ImportProblem(
            f"Файл {name}: это скан в {pages} стр., а распознаётся не больше "
            f"{max_pages}; разделите его или загрузите исходный документ .docx/.xlsx."
        )
    grid = Grid(source=name, warnings=[SCAN_WARNING])
    with tempfile.TemporaryDirectory(prefix="orientir-ocr-") as work:
        reader = Tesseract(program, Path(work), name, timeout)
        tables = 1
        for index in range(pages):
            page = Page.from_picture(render(data, index), DPI)
            reader.read_page(page)
            rows, tables = page_rows(page, f"страница {index + 1}", tables)
            grid.rows.extend(rows)
    return grid


def page_count(data: bytes, name: str) -> int:
    import pypdfium2

    with _pdfium_lock:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as error:
            raise ImportProblem(f"Файл {name} повреждён или не является документом PDF.") from error
        with document:
            return len(document)


def render(data: bytes, index: int) -> Any:
    """Draw a PDF page as a grey picture at DPI (smaller if the page is enormous)."""
    import pypdfium2

    with _pdfium_lock, pypdfium2.PdfDocument(data) as document:
        page = document[index]
        width, height = page.get_size()  # in points, 72 to the inch
        scale = min(DPI / 72, (MAX_PIXELS / max(width * height, 1)) ** 0.5)
        return page.render(scale=scale, grayscale=True).to_pil().convert("L")


MAX_SECOND_READS = 40  # cells read again on one page: bounds the time a dusty scan takes


class Tesseract:
    """Runs of Tesseract for one document, within one time limit."""

    def __init__(self, program: str, work: Path, name: str, timeout: int) -> None:
        self.program, self.work, self.name, self.timeout = program, work, name, timeout
        self.deadline = time.monotonic() + timeout

    def read_page(self, page: Page) -> list[dict[str, str]]:
        """Read the page (lines erased), then each table cell whose ink gave no words."""
        # --psm 6 reads the page as one block, line by line across the table: the cells are
        # told apart by the ruling lines afterwards.
        page.words = self.words(page.cleaned(), "6", page.dpi)
        for left, top, right, bottom in page.unread_cells()[:MAX_SECOND_READS]:
            crop = page.cleaned().crop((left, top, right, bottom))
            for word in self.words(framed(crop, page.dpi // 10), "7", page.dpi):  # one line
                word["left"] = str(int(word["left"]) - page.dpi // 10 + left)
                word["top"] = str(int(word["top"]) - page.dpi // 10 + top)
                word["block_num"] = f"cell {left} {top}"
                page.words.append(word)
        return page.words

    def words(self, picture: Any, psm: str, dpi: int) -> list[dict[str, str]]:
        """Run Tesseract on a picture; return its TSV rows of words."""
        path = self.work / "picture.png"
        picture.save(path)
        command = [self.program, str(path), "stdout", "-l", LANGUAGE, "--psm", psm]
        command += ["--dpi", str(dpi), "tsv"]
        # One thread: the server shares its cores with other requests, and OCR of one page
        # in four threads is hardly faster than in one.
        environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        left = self.deadline - time.monotonic()
        try:
            if left <= 0:
                raise subprocess.TimeoutExpired(command, self.timeout)
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=left, check=False, env=environment
            )
        except subprocess.TimeoutExpired as error:
            raise ImportProblem(
                f"Файл {self.name}: распознавание скана не уложилось в {self.timeout} с; "
                "разделите его на части поменьше или загрузите исходный документ .docx/.xlsx."
            ) from error
        except OSError as error:
            raise ImportProblem(f"Файл {self.name}: {missing_message()}") from error
        if result.returncode != 0:
            raise ImportProblem(f"Файл {self.name}: Tesseract не смог распознать страницу скана.")
        return parse_tsv(result.stdout)


def framed(picture: Any, border: int) -> Any:
    """The picture on a white margin: Tesseract misreads letters that touch the edge."""
    from PIL import ImageOps

    return ImageOps.expand(picture, border=border, fill=255)


def parse_tsv(text: str) -> list[dict[str, str]]:
    """Return Tesseract's TSV words (level 5) that have text, each as a dict of its columns."""
    lines = text.splitlines()
    if not lines:
        return []
    names = lines[0].split("\t")
    words = []
    for line in lines[1:]:
        values = line.split("\t", len(names) - 1)
        if len(values) == len(names):
            word = dict(zip(names, values, strict=True))
            if word["level"] == "5" and word["text"].strip():
                words.append(word)
    return words
