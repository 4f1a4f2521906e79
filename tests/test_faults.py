"""Faults (issue 14, item 4): what a user sees and what stays written when things break.

`make faults` runs these with the scripts of `scripts/faults-*`, which need processes of their
own (a worker killed with SIGKILL, a private PostgreSQL restarted under load). These need none
and stay in the normal suite: each fault is made deterministic at the layer it happens in —
the database cursor raising as a lost connection does, the file write failing with ENOSPC.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from orientir.audit.models import AuditEvent
from orientir.execution.models import Document, Execution
from orientir.imports.models import ImportRecord
from orientir.imports.samples import roadmap_sample, to_docx
from orientir.plans.models import Activity, Plan, Section
from orientir.urls import handler400, handler403, handler404, handler500
from orientir.urls import urlpatterns as site_urls
from tests.base import BaseTestCase

MEDIA = tempfile.mkdtemp(prefix="orientir-faults-media-")
LOST = "server closed the connection unexpectedly"
FILE_STORAGE = {
    "default": {"BACKEND": "orientir.lib.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PDF = b"%PDF-1.4\n% order 412\n" + b"0" * 8000


@contextmanager
def database_lost_after(inserts: int, *, queries: int | None = None) -> Iterator[list[str]]:
    """Let `inserts` INSERTs through, then fail `queries` queries (every one when None) as a
    dropped connection does; yield the kinds of the queries that went through.

    The wrapper sits on the connection's cursor, under every service, so the import runs
    unchanged until the database "goes away" in the middle of its transaction.
    """
    seen: list[str] = []
    failed: list[str] = []

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):
        written = sum(query.startswith("INSERT") for query in seen)
        if written >= inserts and (queries is None or len(failed) < queries):
            failed.append(sql)
            raise OperationalError(LOST)
        seen.append(sql.lstrip())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def counts() -> dict[str, int]:
    models = (Plan, Section, Activity, ImportRecord, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


@override_settings(MEDIA_ROOT=MEDIA)
class DatabaseLostDuringImportTests(BaseTestCase):
    """The database goes away in the middle of an import."""

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def uploaded(self) -> str:
        self.client.force_login(self.bob)
        file = SimpleUploadedFile("roadmap.docx", to_docx(roadmap_sample(6)))
        response = self.client.post(reverse("import-upload"), {"file": file})
        self.assertEqual(response.status_code, 302)
        return response["Location"].split("/")[2]

    def test_it_writes_nothing_says_so_in_russian_and_imports_on_retry(self) -> None:
        token = self.uploaded()
        before = counts()
        confirm = reverse("import-confirm", args=[token])

        # The database is back by the time the preview is shown again (the next test: not).
        with database_lost_after(inserts=4, queries=1) as seen:
            response = self.client.post(confirm, {"kind": ""})

        self.assertEqual(sum(q.startswith("INSERT") for q in seen), 4)  # written, then lost
        self.assertEqual(counts(), before)
        self.assertContains(response, "Связь с базой данных прервалась", status_code=503)
        self.assertContains(response, "ничего не записано", status_code=503)
        self.assertContains(response, f'action="{confirm}"', status_code=503)  # ready to retry

        response = self.client.post(confirm, {"kind": ""})
        plan = Plan.objects.get(title__startswith="Дорожная карта по")
        self.assertRedirects(response, reverse("plan", args=[plan.pk]))
        self.assertEqual(plan.activities.count(), 6)
        self.assertEqual(ImportRecord.objects.filter(plan=plan).count(), 1)

    def test_it_shows_the_russian_unavailable_page_while_the_database_stays_away(self) -> None:
        token = self.uploaded()
        before = counts()
        client = Client(raise_request_exception=False)
        client.force_login(self.bob)
        with database_lost_after(inserts=0):
            response = client.post(reverse("import-confirm", args=[token]), {"kind": ""})
        self.assertEqual(counts(), before)
        self.assertContains(response, "База данных временно недоступна", status_code=503)
        self.assertContains(response, "Введённые данные не сохранены", status_code=503)
        self.assertEqual(response["Retry-After"], "30")


def failing_query(request: HttpRequest) -> HttpResponse:
    raise OperationalError(LOST)


def failing_code(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("сломано нарочно")


__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
urlpatterns = [path("lost/", failing_query), path("broken/", failing_code), *site_urls]


@override_settings(DEBUG=False, ROOT_URLCONF="tests.test_faults")
class DatabaseUnavailablePageTests(BaseTestCase):
    def test_it_answers_503_in_russian_when_the_database_is_unreachable(self) -> None:
        response = Client(raise_request_exception=False).get("/lost/")
        self.assertContains(response, "База данных временно недоступна", status_code=503)
        self.assertNotContains(response, LOST, status_code=503)

    def test_it_keeps_500_for_an_error_of_the_code(self) -> None:
        response = Client(raise_request_exception=False).get("/broken/")
        self.assertContains(response, "Ошибка на сервере", status_code=500)
        self.assertFalse(response.has_header("Retry-After"))


class FullDisk:
    """A file whose disk fills after `room` bytes: it writes those, then fails as Linux does."""

    def __init__(self, file: Any, room: int) -> None:
        self.file, self.room = file, room

    def write(self, data: bytes) -> int:
        written = self.file.write(data[: self.room])
        self.file.flush()  # the part that fitted really lies on disk
        self.room -= written
        if written < len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self.file, name)


@contextmanager
def disk_full_after(room: int) -> Iterator[list[str]]:
    """Fill the disk `room` bytes into each file the storage writes; yield the files begun.

    The storage opens the file itself (`FileSystemStorage._save`), so this replaces only the
    step where bytes meet the disk, and the partial file is real.
    """
    begun: list[str] = []
    fdopen = os.fdopen

    def full_fdopen(fd: int, *args: Any, **kwargs: Any) -> FullDisk:
        begun.append(os.readlink(f"/proc/self/fd/{fd}"))
        return FullDisk(fdopen(fd, *args, **kwargs), room)

    with mock.patch("django.core.files.storage.filesystem.os.fdopen", full_fdopen):
        yield begun


def files_in(folder: str) -> list[Path]:
    return sorted(path for path in Path(folder).rglob("*") if path.is_file())


@override_settings(STORAGES=FILE_STORAGE)
class DiskFullDuringUploadTests(BaseTestCase):
    """The disk fills while an upload is written: refused whole, nothing partial stays."""

    def setUp(self) -> None:
        media = tempfile.TemporaryDirectory(prefix="orientir-faults-disk-")
        self.addCleanup(media.cleanup)
        self.media = media.name
        self.enterContext(override_settings(MEDIA_ROOT=self.media))

    def evidence(self, **extra: Any) -> dict[str, Any]:
        return {
            "date": "2018-11-20",
            "description": "Семинар для учителей математики в СОШ № 6",
            "responsible_text": "Иванова Н.П.",
            "participants": "18",
            "doc-kind": "order",
            "doc-number": "412",
            "doc-date": "2018-11-12",
            "doc-file": SimpleUploadedFile("prikaz-412.pdf", PDF, "application/pdf"),
            **extra,
        }

    def test_it_refuses_an_execution_with_its_evidence_whole(self) -> None:
        self.client.force_login(self.bob)
        url = reverse("execution-new", args=[self.forest_activity.pk])
        before = (Execution.objects.count(), Document.objects.count(), AuditEvent.objects.count())
        with disk_full_after(room=100) as begun:
            response = self.client.post(url, self.evidence())
        self.assertEqual(len(begun), 1)  # the file was begun on disk, then the disk filled
        self.assertContains(response, "закончилось место", status_code=507)
        self.assertContains(response, "ничего не записано", status_code=507)
        after = (Execution.objects.count(), Document.objects.count(), AuditEvent.objects.count())
        self.assertEqual(after, before)
        self.assertEqual(files_in(self.media), [])

        response = self.client.post(url, self.evidence())  # room again: it goes through
        self.assertEqual(response.status_code, 302)
        document = Document.objects.get(number="412", execution__participants=18)
        self.assertEqual(document.file.read(), PDF)
        self.assertEqual(len(files_in(self.media)), 1)

    def test_it_refuses_a_document_added_to_an_execution_whole(self) -> None:
        self.client.force_login(self.bob)
        url = reverse("document-new", args=[self.forest_execution.pk])
        data = {"kind": "order", "number": "413", "date": "2018-11-12", "title": ""}
        with disk_full_after(room=0):
            response = self.client.post(url, {**data, "file": SimpleUploadedFile("p.pdf", PDF)})
        self.assertContains(response, "закончилось место", status_code=507)
        self.assertFalse(Document.objects.filter(number="413").exists())
        self.assertEqual(files_in(self.media), [])

    def test_it_deletes_the_saved_file_when_the_database_fails_after_it(self) -> None:
        url = reverse("execution-new", args=[self.forest_activity.pk])
        client = Client(raise_request_exception=False)
        client.force_login(self.bob)
        with database_lost_after(inserts=3, queries=1) as seen:
            response = client.post(url, self.evidence())
        # The document's row went in, so its file lay on disk, before the database went.
        inserts = [query.split()[2] for query in seen if query.startswith("INSERT")]
        self.assertEqual(inserts[-1], '"execution_document"')
        self.assertEqual(response.status_code, 503)
        self.assertFalse(Execution.objects.filter(participants=18).exists())
        self.assertEqual(files_in(self.media), [])

    def test_it_refuses_an_import_upload_whole(self) -> None:
        self.client.force_login(self.bob)
        file = SimpleUploadedFile("roadmap.docx", to_docx(roadmap_sample(6)))
        with disk_full_after(room=1000) as begun:
            response = self.client.post(reverse("import-upload"), {"file": file})
        self.assertEqual(len(begun), 1)
        self.assertContains(response, "закончилось место", status_code=507)
        self.assertEqual(files_in(self.media), [])
        self.assertEqual(list(Path(self.media, "imports/pending", str(self.bob.pk)).iterdir()), [])
