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
from orientir.imports.readers.pdf import open_pdf, read_pdf
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


def letters(page: Any) -> int:
    return sum(1 for char in page.chars if char["text"].strip())


def read_any_pdf(data: bytes, name: str) -> Grid:
    """Read a PDF by its text layer, or by OCR when most of its pages are pictures."""
    with open_pdf(data, name) as pdf:
        counts = [letters(page) for page in pdf.pages]
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
    key = hashlib.sha256(data).hexdigest()
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            rows, warnings = _cache[key]
            return Grid(source=name, rows=list(rows), warnings=list(warnings))
    grid = recognise(data, name)
    with _cache_lock:
        _cache[key] = (list(grid.rows), list(grid.warnings))
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return grid


def recognise(data: bytes, name: str) -> Grid:
    program = tesseract()
    if program is None or LANGUAGE not in _languages(program):
        raise ImportProblem(f"Файл {name}: {missing_message()}")
    import pypdfium2

    max_pages, timeout = limits()
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise ImportProblem(f"Файл {name} повреждён или не является документом PDF.") from error
    with document, tempfile.TemporaryDirectory(prefix="orientir-ocr-") as work:
        if len(document) > max_pages:
            raise ImportProblem(
                f"Файл {name}: это скан в {len(document)} стр., а распознаётся не больше "
                f"{max_pages}; разделите его или загрузите исходный документ .docx/.xlsx."
            )
        grid = Grid(source=name, warnings=[SCAN_WARNING])
        deadline = time.monotonic() + timeout
        tables = 1
        for index in range(len(document)):
            page = Page.from_picture(render(document[index]), DPI)
            page.words = read_words(program, page, Path(work), deadline, name, timeout)
            rows, tables = page_rows(page, f"страница {index + 1}", tables)
            grid.rows.extend(rows)
    return grid


def render(page: Any) -> Any:
    """Draw a PDF page as a grey picture at DPI (smaller if the page is enormous)."""
    width, height = page.get_size()  # in points, 72 to the inch
    scale = min(DPI / 72, (MAX_PIXELS / max(width * height, 1)) ** 0.5)
    return page.render(scale=scale, grayscale=True).to_pil().convert("L")


def read_words(
    program: str, page: Page, work: Path, deadline: float, name: str, timeout: int
) -> list[dict[str, str]]:
    """Run Tesseract on the page's picture (lines erased); return its TSV rows of words."""
    picture = work / "page.png"
    page.cleaned().save(picture)
    left = deadline - time.monotonic()
    # --psm 6 reads the page as one block, line by line across the table: the cells are told
    # apart by the ruling lines afterwards, and short cells («1.») are not lost as noise.
    command = [program, str(picture), "stdout", "-l", LANGUAGE, "--psm", "6"]
    command += ["--dpi", str(page.dpi), "tsv"]
    # One thread: the server shares its cores with other requests, and OCR of one page in
    # four threads is hardly faster than in one.
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        if left <= 0:
            raise subprocess.TimeoutExpired(command, timeout)
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=left, check=False, env=environment
        )
    except subprocess.TimeoutExpired as error:
        raise ImportProblem(
            f"Файл {name}: распознавание скана не уложилось в {timeout} с; разделите его "
            "на части поменьше или загрузите исходный документ .docx/.xlsx."
        ) from error
    except OSError as error:
        raise ImportProblem(f"Файл {name}: {missing_message()}") from error
    if result.returncode != 0:
        raise ImportProblem(f"Файл {name}: Tesseract не смог распознать страницу скана.")
    return parse_tsv(result.stdout)


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
