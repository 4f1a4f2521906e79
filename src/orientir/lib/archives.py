"""Refuse zip bombs before anything unpacks them: .docx, .xlsx, .odt… are zip archives.

A 700 KB workbook can unpack to gigabytes and hold a parser for minutes. The central directory
(the archive's table of contents) declares every member's unpacked size, and Python's zipfile
never yields more than the declared size of a member, so checking the declarations bounds what
any reader built on zipfile (openpyxl, python-docx) will ever unpack. Only archives nested inside
are opened, to count what they hold as well.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from orientir.lib.russian import format_size

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
# Text and XML rarely compress better than 20:1; a large member squeezed more than this is a bomb.
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # small members may compress well and do no harm
MAX_DEPTH = 2  # an archive in an archive is normal (a chart's workbook in a .docx); deeper is not
DEFAULT_MAX_UNPACKED = 100 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 5000


class ArchiveError(ValueError):
    """The archive promises more than the limits allow, or its table of contents is broken."""


@dataclass
class _Budget:
    unpacked: int
    entries: int


def is_archive(data: bytes) -> bool:
    return data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC))


def check_archive(data: bytes, name: str, max_unpacked: int, max_entries: int) -> None:
    """Raise ArchiveError unless the zip in `data` unpacks within the limits.

    Refuses more than `max_entries` members, a sum of declared sizes over `max_unpacked`
    (nested archives included), a large member compressed more than MAX_RATIO:1, and archives
    nested deeper than MAX_DEPTH.
    """
    budget = _Budget(unpacked=0, entries=0)
    _check(data, name, max_unpacked, max_entries, budget, depth=0)


def _check(
    data: bytes, name: str, max_unpacked: int, max_entries: int, budget: _Budget, depth: int
) -> None:
    if depth > MAX_DEPTH:
        raise ArchiveError(
            f"Файл {name}: архивы вложены друг в друга глубже {MAX_DEPTH} уровней — файл не принят."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as error:  # zipfile and struct raise many kinds on a damaged directory
        raise ArchiveError(
            f"Файл {name} повреждён: не удалось прочитать оглавление архива."
        ) from error
    with archive:
        budget.entries += len(members)
        if budget.entries > max_entries:
            raise ArchiveError(
                f"Файл {name}: в архиве {budget.entries} частей, больше предела в "
                f"{max_entries} — файл не принят."
            )
        for member in members:
            _check_member(member, name, max_unpacked, budget)
        for member in members:
            inner = _nested(archive, member)
            if inner is not None:
                _check(inner, name, max_unpacked, max_entries, budget, depth + 1)


def _check_member(member: zipfile.ZipInfo, name: str, max_unpacked: int, budget: _Budget) -> None:
    budget.unpacked += member.file_size
    if budget.unpacked > max_unpacked:
        raise ArchiveError(
            f"Файл {name}: после распаковки он займёт не меньше {format_size(budget.unpacked)}, "
            f"а предел — {format_size(max_unpacked)}; файл не принят."
        )
    if member.file_size >= RATIO_CHECKED_FROM:
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_RATIO:
            raise ArchiveError(
                f"Файл {name}: часть «{member.filename}» сжата в отношении {ratio:.0f}:1, "
                f"а предел — {MAX_RATIO}:1 (так выглядит «zip-бомба»); файл не принят."
            )


def _nested(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes | None:
    """Return a member's bytes if it is itself a zip archive (its size is already counted)."""
    if member.is_dir() or member.file_size < len(ZIP_MAGIC):
        return None
    try:
        with archive.open(member) as stream:
            if not is_archive(stream.read(len(ZIP_MAGIC))):
                return None
        return archive.read(member)
    except Exception:  # zipfile, zlib and struct each raise their own on a damaged member
        return None  # an unreadable member is the reader's problem, not a bomb


def check_upload(data: bytes, name: str) -> None:
    """Check `data` against the installation's limits if it is an archive; do nothing if not."""
    if is_archive(data):
        max_unpacked, max_entries = limits()
        check_archive(data, name, max_unpacked, max_entries)


def limits() -> tuple[int, int]:
    """Return the settings ORIENTIR_UNPACKED_MAX_BYTES and ORIENTIR_ARCHIVE_MAX_ENTRIES."""
    from django.conf import settings

    if not settings.configured:
        return DEFAULT_MAX_UNPACKED, DEFAULT_MAX_ENTRIES
    return (
        int(getattr(settings, "ORIENTIR_UNPACKED_MAX_BYTES", DEFAULT_MAX_UNPACKED)),
        int(getattr(settings, "ORIENTIR_ARCHIVE_MAX_ENTRIES", DEFAULT_MAX_ENTRIES)),
    )
