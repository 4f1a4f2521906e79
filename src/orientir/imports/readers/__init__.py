"""Readers: .txt/.md, .docx, .xlsx and .pdf all become one Grid of rows and cells.

The old formats (.doc, .rtf, .odt; .xls, .ods) are converted to .docx/.xlsx by LibreOffice
first (readers/convert.py), and a scanned PDF is recognised by Tesseract (readers/ocr.py).
Every file is checked by its content, not its name, before anything parses it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from orientir.imports.errors import ImportProblem
from orientir.imports.readers import convert
from orientir.imports.readers.grid import Grid
from orientir.lib import archives

MAX_BYTES = 50 * 1024 * 1024


def max_bytes() -> int:
    """Return the upload limit: the ORIENTIR_IMPORT_MAX_BYTES setting, else 50 MB."""
    from django.conf import settings

    if settings.configured:
        return int(getattr(settings, "ORIENTIR_IMPORT_MAX_BYTES", MAX_BYTES))
    return MAX_BYTES


def too_big(name: str, size: int) -> ImportProblem:
    limit = max_bytes() / 1024 / 1024
    return ImportProblem(
        f"Файл {name} слишком велик ({size / 1024 / 1024:.1f} МБ); предел — {limit:g} МБ."
    )


# What a file of each kind starts with, to tell a renamed file from a real one.
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls, and password-protected .docx/.xlsx
_RTF = b"{\\rtf"
_PDF = b"%PDF"
# An OpenDocument file is a zip whose `mimetype` member names its kind.
_OPENDOCUMENT = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
_TEXT = (".txt", ".md", ".markdown", ".csv", ".tsv")
ACCEPTED = ".docx, .doc, .rtf, .odt, .xlsx, .xls, .ods, .pdf, .txt или .md"


def _reader(suffix: str) -> Callable[[bytes, str], Grid]:
    if suffix in _TEXT:
        from orientir.imports.readers.text import read_text

        return read_text
    if suffix == ".docx":
        from orientir.imports.readers.docx import read_docx

        return read_docx
    if suffix == ".xlsx":
        from orientir.imports.readers.xlsx import read_xlsx

        return read_xlsx
    if suffix == ".pdf":
        from orientir.imports.readers.ocr import read_any_pdf

        return read_any_pdf
    if suffix in convert.TARGETS:
        return _converted(suffix)
    raise ImportProblem(
        f"Файл с расширением «{suffix or 'без расширения'}» не поддерживается: "
        f"загрузите {ACCEPTED}."
    )


def _converted(suffix: str) -> Callable[[bytes, str], Grid]:
    """A reader that has LibreOffice convert an old format, then reads the result."""
    target = convert.TARGETS[suffix]
    modern = _reader(target)

    def read(data: bytes, name: str) -> Grid:
        converted = convert.to_modern(data, name, suffix)
        check_signature(converted, name, target)
        return modern(converted, name)

    return read


def _opendocument_kind(data: bytes) -> bytes:
    """Return the `mimetype` an OpenDocument zip declares (b"" when there is none)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            member = archive.getinfo("mimetype")
            return archive.read(member).strip() if member.file_size < 200 else b""
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return b""


def _check_content(data: bytes, name: str, suffix: str) -> None:
    """Refuse a file whose content is not what its extension says."""
    if suffix in (".docx", ".xlsx") and data.startswith(_OLE):
        raise ImportProblem(
            f"Файл {name} защищён паролем или это старый документ (.doc/.xls) с расширением "
            f"{suffix}: снимите пароль или дайте файлу его настоящее расширение."
        )
    expected = {
        ".docx": data.startswith(_ZIP),
        ".xlsx": data.startswith(_ZIP),
        # Word saves «.doc» as RTF as readily as in its own binary format.
        ".doc": data.startswith((_OLE, _RTF)),
        ".xls": data.startswith(_OLE),
        ".rtf": data.startswith(_RTF),
        ".pdf": data.lstrip()[:1024].startswith(_PDF),
    }
    if suffix in _OPENDOCUMENT:
        expected[suffix] = _opendocument_kind(data) == _OPENDOCUMENT[suffix]
    if not expected.get(suffix, True):
        what = "PDF" if suffix == ".pdf" else suffix
        raise ImportProblem(f"Файл {name} не является документом {what}: его содержимое другое.")


def check_signature(data: bytes, name: str, suffix: str) -> None:
    """Refuse empty, oversized, encrypted, renamed or zip-bomb files before parsing them."""
    if not data.strip():
        raise ImportProblem(f"Файл {name} пуст.")
    if len(data) > max_bytes():
        raise too_big(name, len(data))
    if suffix not in _OPENDOCUMENT:
        _check_content(data, name, suffix)
    try:  # before the OpenDocument check, which reads the zip's table of contents
        archives.check_upload(data, name)
    except archives.ArchiveError as error:
        raise ImportProblem(str(error)) from error
    if suffix in _OPENDOCUMENT:
        _check_content(data, name, suffix)


def read_bytes(data: bytes, name: str) -> Grid:
    """Read a document's bytes into a Grid, choosing the reader by the file's extension."""
    suffix = Path(name).suffix.lower()
    reader = _reader(suffix)
    check_signature(data, name, suffix)
    grid = reader(data, name)
    if not grid.has_text:
        raise ImportProblem(f"Файл {name}: в документе нет текста.")
    return grid


def read_path(path: Path) -> Grid:
    """Read a document from disk, refusing files over the size limit without loading them."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as error:
        raise ImportProblem(f"Файл {path} не найден.") from error
    except PermissionError as error:
        raise ImportProblem(f"Файл {path}: нет прав на чтение.") from error
    except OSError as error:
        raise ImportProblem(f"Файл {path}: не удалось открыть.") from error
    if size > max_bytes():
        raise too_big(path.name, size)
    return read_bytes(path.read_bytes(), path.name)
