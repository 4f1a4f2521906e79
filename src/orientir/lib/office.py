"""Turn an office document into PDF with LibreOffice, headless; nothing of the domain.

Why LibreOffice and not WeasyPrint: every document Ориентир gives out already exists as a
.docx laid out for signing (A4 landscape, header rows repeated, page numbers); converting
that very file keeps the PDF and the Word document page for page alike, and there is one
layout to keep instead of a second one in HTML and CSS. LibreOffice is also what opens
the exports in the tests. It comes from Debian packages (`scripts/install-office`, run by
`make office` and `.ci/run`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

TIMEOUT = 180  # seconds; a 300-row road map takes a few
_lock = threading.Lock()  # one LibreOffice profile per process, used by one call at a time


class OfficeMissing(RuntimeError):
    """LibreOffice is not installed, or it failed to convert a document."""


def soffice() -> str | None:
    """Return the path of LibreOffice's `soffice`, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile() -> Path:
    # A profile of our own: a user's running LibreOffice, or another process, keeps its own.
    return Path(tempfile.gettempdir()) / f"orientir-soffice-{os.getuid()}-{os.getpid()}"


def convert(data: bytes, suffix: str, target: str = "pdf") -> bytes:
    """Convert a document's bytes (`suffix` ".docx" or ".xlsx") to `target`; return its bytes.

    Raises OfficeMissing with a Russian reason when LibreOffice is missing or fails.
    """
    program = soffice()
    if program is None:
        raise OfficeMissing("LibreOffice не установлен: PDF создать нельзя (make office).")
    with _lock, tempfile.TemporaryDirectory(prefix="orientir-convert-") as work:
        source = Path(work) / f"document{suffix}"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={_profile().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            work,
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise OfficeMissing(f"LibreOffice не смог преобразовать документ: {error}") from error
        result = source.with_suffix(f".{target}")
        if not result.exists():
            raise OfficeMissing("LibreOffice не смог преобразовать документ.")
        return result.read_bytes()
