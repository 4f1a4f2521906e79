"""Readers: .txt/.md, .docx, .xlsx and .pdf all become one Grid of rows and cells."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from orientir.imports.errors import ImportProblem
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
_OLE = b"\xd0\xcf\x11\xe0"  # legacy .doc/.xls, and password-protected .docx/.xlsx
_PDF = b"%PDF"


def _reader(suffix: str) -> Callable[[bytes, str], Grid]:
    if suffix in (".txt", ".md", ".markdown", ".csv", ".tsv"):
        from orientir.imports.readers.text import read_text

        return read_text
    if suffix == ".docx":
        from orientir.imports.readers.docx import read_docx

        return read_docx
    if suffix == ".xlsx":
        from orientir.imports.readers.xlsx import read_xlsx

        return read_xlsx
    if suffix == ".pdf":
        from orientir.imports.readers.pdf import read_pdf

        return read_pdf
    raise ImportProblem(
        f"Файл с расширением «{suffix or 'без расширения'}» не поддерживается: "
        "загрузите .docx, .xlsx, .pdf, .txt или .md."
    )


def check_signature(data: bytes, name: str, suffix: str) -> None:
    """Refuse empty, oversized, encrypted, renamed or zip-bomb files before parsing them."""
    if not data.strip():
        raise ImportProblem(f"Файл {name} пуст.")
    if len(data) > max_bytes():
        raise too_big(name, len(data))
    if suffix in (".docx", ".xlsx") and data.startswith(_OLE):
        raise ImportProblem(
            f"Файл {name} защищён паролем или сохранён в старом формате (.doc/.xls): "
            "снимите пароль и сохраните его как .docx/.xlsx."
        )
    if suffix in (".docx", ".xlsx") and not data.startswith(_ZIP):
        raise ImportProblem(f"Файл {name} не является документом {suffix}: его содержимое другое.")
    try:
        archives.check_upload(data, name)
    except archives.ArchiveError as error:
        raise ImportProblem(str(error)) from error
    if suffix == ".pdf" and not data.lstrip()[:1024].startswith(_PDF):
        raise ImportProblem(f"Файл {name} не является документом PDF: его содержимое другое.")


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
