"""Convert office documents with LibreOffice, headless; nothing of the domain.

Why LibreOffice and not WeasyPrint: every document Ориентир gives out already exists as a
.docx laid out for signing (A4 landscape, header rows repeated, page numbers); converting
that very file keeps the PDF and the Word document page for page alike, and there is one
layout to keep instead of a second one in HTML and CSS. LibreOffice is also what opens
the exports in the tests, and what turns the old formats people still send (.doc, .rtf, .odt,
.xls, .ods) into .docx/.xlsx for the importer. It comes from Debian packages
(`scripts/install-office`, run by `make office` and `.ci/run`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

TIMEOUT = 180  # seconds; a 300-row road map takes a few
_lock = threading.Lock()  # one LibreOffice profile per process, used by one call at a time


class OfficeMissing(RuntimeError):
    """LibreOffice is not installed, or it failed to convert a document."""


class OfficeTimeout(OfficeMissing):
    """LibreOffice took longer than allowed: the document is too big, or it hangs on it."""


class OfficeNotInstalled(OfficeMissing):
    """LibreOffice is not installed (or the ORIENTIR_SOFFICE setting names no program)."""


def soffice() -> str | None:
    """Return the path of LibreOffice's `soffice`, or None where it is not installed.

    The ORIENTIR_SOFFICE setting names another program (a path or a name on PATH).
    """
    from django.conf import settings

    chosen = str(getattr(settings, "ORIENTIR_SOFFICE", "") or "") if settings.configured else ""
    if chosen:
        return shutil.which(chosen)
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile() -> Path:
    # A profile of our own: a user's running LibreOffice, or another process (a second web
    # worker, a test worker), keeps its own, so parallel conversions never share one.
    return Path(tempfile.gettempdir()) / f"orientir-soffice-{os.getuid()}-{os.getpid()}"


def _run(command: list[str], timeout: int) -> None:
    """Run LibreOffice in a session of its own, so a timeout ends soffice.bin too."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        # A LibreOffice killed midway may leave its profile locked: the next call makes a new one.
        shutil.rmtree(_profile(), ignore_errors=True)
        raise


def convert(data: bytes, suffix: str, target: str = "pdf", timeout: int = TIMEOUT) -> bytes:
    """Convert a document's bytes (`suffix` such as ".docx" or ".doc") to `target`.

    Returns the converted bytes. Raises OfficeNotInstalled where LibreOffice is missing and
    OfficeMissing with a Russian reason when it fails or takes longer than `timeout` seconds.
    """
    program = soffice()
    if program is None:
        raise OfficeNotInstalled("LibreOffice не установлен: PDF создать нельзя (make office).")
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
            _run(command, timeout)
        except subprocess.TimeoutExpired as error:
            raise OfficeTimeout(
                f"LibreOffice не преобразовал документ за {timeout} с — он слишком велик "
                "или повреждён."
            ) from error
        except OSError as error:
            raise OfficeMissing(f"LibreOffice не смог преобразовать документ: {error}") from error
        result = source.with_suffix(f".{target}")
        if not result.exists():
            raise OfficeMissing("LibreOffice не смог преобразовать документ.")
        return result.read_bytes()
