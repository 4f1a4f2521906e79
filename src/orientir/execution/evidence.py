"""What an evidence file really is, judged by its first bytes rather than by its name.

Pure functions over a binary stream; the form calls them and the size limit comes from the
setting `ORIENTIR_EVIDENCE_MAX_BYTES`, the limits of unpacking from lib/archives.py.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import BinaryIO

from orientir.lib import archives

# The formats evidence comes in (seed 000: orders, protocols, programmes, photographs).
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".jpg": "jpg",
    ".jpeg": "jpg",
    ".png": "png",
}
ACCEPT = ",".join(EXTENSIONS)
MAGIC = [(b"%PDF-", "pdf"), (b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png")]
# An Office Open XML file is a zip whose main part names the application.
OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}


def sniff(stream: BinaryIO) -> str | None:
    """Return "pdf", "docx", "xlsx", "jpg" or "png" from the content, or None."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        stream.seek(0)
    return next((kind for part, kind in OOXML_PARTS.items() if part in names), None)


def evidence_problem(name: str, size: int, stream: BinaryIO, max_bytes: int) -> str | None:
    """Say in Russian why a file cannot be evidence, or return None if it can."""
    if size > max_bytes:
        return f"Файл больше допустимого: не более {max_bytes // (1024 * 1024)} МБ."
    if size == 0:
        return "Файл пуст."
    expected = EXTENSIONS.get(PurePath(name).suffix.lower())
    if expected is None:
        return "Принимаются файлы PDF, DOCX, XLSX, JPG и PNG."
    actual = sniff(stream)
    if actual is None:
        return "Содержимое файла не похоже ни на PDF, DOCX, XLSX, JPG или PNG."
    if actual != expected:
        return f"Файл назван как {expected.upper()}, а по содержимому это {actual.upper()}."
    if actual in ("docx", "xlsx"):
        return archive_problem(name, stream)
    return None


def archive_problem(name: str, stream: BinaryIO) -> str | None:
    """Say why a .docx/.xlsx would unpack past the archive limits (a zip bomb), or None."""
    stream.seek(0)
    try:
        archives.check_upload(stream.read(), PurePath(name).name)
    except archives.ArchiveError as error:
        return str(error)
    finally:
        stream.seek(0)
    return None
