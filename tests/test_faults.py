"""Faults (issue 14, item 4): what a user sees and what stays written when things break.

`make faults` runs these with the scripts of `scripts/faults-*`, which need processes of their
own (a worker killed with SIGKILL, a private PostgreSQL restarted under load). These need none
and stay in the normal suite: each fault is made deterministic at the layer it happens in —
the database cursor raising as a lost connection does, the file write failing with ENOSPC.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, SimpleTestCase, TestCase, override_settings
from django.urls import path, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from orientir import settings as orientir_settings
from orientir.audit.models import AuditEvent
from orientir.execution.models import Document, Execution
from orientir.imports.models import ImportRecord
from orientir.imports.samples import Line, Sample, roadmap_sample, to_docx
from orientir.lib.processes import process_gone, process_name
from orientir.plans.models import Activity, Plan, Section
from orientir.reports.management.commands.worker import Command as recover_command
from orientir.reports.models import KILLED, ExportJob
from orientir.reports.tasks import build_export, export_jobs_recover
from orientir.urls import handler400, handler403, handler404, handler500
from orientir.urls import urlpatterns as site_urls
from tests.base import BaseTestCase

LOST = "server closed the connection unexpectedly"
FILE_STORAGE = {
    "default": {"BACKEND": "orientir.lib.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
INMEMORY = "django.core.files.storage.InMemoryStorage"
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


# A municipality's report on its road map, one row with its confirming documents.
REPORT = Sample(
    title="Отчёт о реализации мероприятий дорожной карты Лесного района за 2018-2019 учебный год",
    header=(
        "№ п/п",
        "Наименование мероприятия дорожной карты",
        "Содержание проведённого мероприятия",
        "Дата проведения",
        "Ответственный исполнитель",
        "Участники (категория, количество)",
        "Подтверждающие документы (реквизиты)",
    ),
    rows=[
        Line(
            (
                "1.1.",
                "Муниципальный семинар по программам перехода школ",
                "Семинар на базе МБОУ СОШ № 4 для заместителей директоров",
                "14.11.2018",
                "Карпенко Н.В.",
                "заместители директоров, 18 чел.",
                "Приказ МБОУ СОШ № 4 от 10.11.2018 № 301; Лист регистрации",
            )
        )
    ],
)


def counts() -> dict[str, int]:
    models = (Plan, Section, Activity, ImportRecord, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


class DatabaseLostDuringImportTests(BaseTestCase):
    """The database goes away in the middle of an import."""

    def setUp(self) -> None:
        media = tempfile.TemporaryDirectory(prefix="orientir-faults-media-")
        self.addCleanup(media.cleanup)
        self.enterContext(override_settings(MEDIA_ROOT=media.name))

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

    def test_it_writes_nothing_of_a_report_and_loads_it_on_retry(self) -> None:
        self.client.force_login(self.bob)
        file = SimpleUploadedFile("отчёт.docx", to_docx(REPORT))
        response = self.client.post(reverse("import-upload"), {"file": file, "kind": "report"})
        token = response["Location"].split("/")[2]
        confirm = reverse("import-report-confirm", args=[token])
        data = {"kind": "report", "plan": str(self.forest_roadmap.pk), "row-2": "new"}
        before = (counts(), Execution.objects.count(), Document.objects.count())

        with database_lost_after(inserts=2, queries=1) as seen:
            response = self.client.post(confirm, data)

        self.assertEqual(sum(q.startswith("INSERT") for q in seen), 2)  # written, then lost

        self.assertEqual((counts(), Execution.objects.count(), Document.objects.count()), before)
        self.assertContains(response, "ничего не записано", status_code=503)
        response = self.client.post(confirm, data)
        self.assertRedirects(response, reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertTrue(Document.objects.filter(number="301").exists())

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


def failing_disk(request: HttpRequest) -> HttpResponse:
    # As Django's own temporary file of a large upload fails, before any view can catch it.
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
urlpatterns = [
    path("lost/", failing_query),
    path("broken/", failing_code),
    path("full/", failing_disk),
    *site_urls,
]


@override_settings(DEBUG=False, ROOT_URLCONF="tests.test_faults")
class DatabaseUnavailablePageTests(BaseTestCase):
    def test_it_answers_503_in_russian_when_the_database_is_unreachable(self) -> None:
        response = Client(raise_request_exception=False).get("/lost/")
        self.assertContains(response, "База данных временно недоступна", status_code=503)
        self.assertNotContains(response, LOST, status_code=503)

    def test_it_answers_507_in_russian_when_the_disk_is_full(self) -> None:
        response = Client(raise_request_exception=False).get("/full/")
        self.assertContains(response, "На сервере закончилось место", status_code=507)
        self.assertNotContains(response, "No space left", status_code=507)

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


def dead_process_name() -> str:
    """The name of a process that ran on this machine and has ended (reaped: its pid is free)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    name = process_name(child.pid)
    child.kill()
    child.wait()
    return name


class ProcessNameTests(SimpleTestCase):
    def test_it_tells_a_killed_process_from_a_live_one(self) -> None:
        self.assertFalse(process_gone(process_name()))
        self.assertTrue(process_gone(dead_process_name()))

    def test_it_tells_a_reused_pid_by_its_start(self) -> None:
        host, pid, started = process_name().split(":")
        self.assertTrue(started.isdigit())
        self.assertTrue(process_gone(f"{host}:{pid}:{int(started) - 1}"))

    def test_it_does_not_judge_a_process_of_another_machine(self) -> None:
        _, pid, started = dead_process_name().split(":")
        self.assertFalse(process_gone(f"другая-машина:{pid}:{started}"))
        self.assertFalse(process_gone("a random worker id of django-tasks-db"))


@override_settings(STORAGES={**FILE_STORAGE, "default": {"BACKEND": INMEMORY}})
class WorkerKilledTests(BaseTestCase):
    """A worker killed mid-task: the next one marks its task failed at once, never stuck."""

    def started(self, worker: str) -> ExportJob:
        """An export taken by `worker`, as `export_job_run` leaves it mid-way."""
        self.client.force_login(self.alice)
        self.client.post(
            reverse("export-start", args=[self.region.pk]), {"kind": "region_report", "year": 2018}
        )
        job = ExportJob.objects.latest("pk")
        now = timezone.now()
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportJob.State.RUNNING, started_at=now, heartbeat_at=now, stage="собираются"
        )
        DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING", worker_ids=[worker])
        return job

    def test_it_fails_at_once_the_task_of_a_worker_that_is_gone(self) -> None:
        job = self.started(dead_process_name())
        page = self.client.get(reverse("export-job", args=[job.pk]))
        self.assertContains(page, "Выполняется")  # its heartbeat is fresh

        self.assertEqual(export_jobs_recover(now=timezone.now()), [job])

        job.refresh_from_db()
        self.assertEqual((job.state, job.error), (ExportJob.State.FAILED, KILLED))
        self.assertEqual(DBTaskResult.objects.get(id=job.task_id).status, "FAILED")
        page = self.client.get(reverse("export-job", args=[job.pk]))
        self.assertContains(page, "Выгрузка прервалась")
        self.assertContains(page, "Запустите выгрузку ещё раз")
        self.assertNotContains(page, "data-export-poll")

    def test_it_fails_a_job_whose_worker_died_before_it_began(self) -> None:
        job = self.started(dead_process_name())
        ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.QUEUED)
        export_jobs_recover(now=timezone.now())
        job.refresh_from_db()
        self.assertEqual(job.state, ExportJob.State.FAILED)

    def test_it_fails_any_task_of_a_worker_that_is_gone(self) -> None:
        job = self.started(dead_process_name())
        ExportJob.objects.filter(pk=job.pk).delete()
        export_jobs_recover(now=timezone.now())
        self.assertEqual(DBTaskResult.objects.get(id=job.task_id).status, "FAILED")

    def test_it_leaves_the_task_of_a_live_worker_running(self) -> None:
        job = self.started(process_name())
        self.assertEqual(export_jobs_recover(now=timezone.now()), [])
        job.refresh_from_db()
        self.assertEqual(job.state, ExportJob.State.RUNNING)
        self.assertEqual(DBTaskResult.objects.get(id=job.task_id).status, "RUNNING")

    def test_it_names_its_worker_by_its_process(self) -> None:
        self.assertEqual(
            recover_command().create_parser("orientir", "worker").get_default("worker_id"),
            process_name(),
        )

    def test_it_recovers_without_working_the_queue(self) -> None:
        job = self.started(dead_process_name())
        queued = ExportJob.objects.create(
            kind=job.kind, region=job.region, academic_year=job.academic_year, base_url="/"
        )
        queued.task_id = str(build_export.enqueue(queued.pk).id)
        queued.save()
        call_command("worker", "--recover", verbosity=0)
        job.refresh_from_db()
        queued.refresh_from_db()
        self.assertEqual(
            (job.state, queued.state), (ExportJob.State.FAILED, ExportJob.State.QUEUED)
        )


class DatabaseSettingsTests(SimpleTestCase):
    def test_it_checks_a_kept_connection_before_a_request_reuses_it(self) -> None:
        url = "postgres://orientir@127.0.0.1:5432/orientir"
        with mock.patch.dict(os.environ, {"DATABASE_URL": url}):
            database = orientir_settings._databases(Path(tempfile.gettempdir()))["default"]
        self.assertEqual((database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]), (60, True))

    def test_it_gives_up_connecting_to_an_unreachable_database_in_seconds(self) -> None:
        url = "postgres://orientir@db.example.ru:5432/orientir"
        for query, expected in (("", 5), ("?connect_timeout=20", 20)):
            with mock.patch.dict(os.environ, {"DATABASE_URL": url + query}):
                database = orientir_settings._databases(Path(tempfile.gettempdir()))["default"]
            self.assertEqual(database["OPTIONS"]["connect_timeout"], expected)

    def test_it_costs_a_random_page_as_a_database_on_ssd_does(self) -> None:
        url = "postgres://orientir@127.0.0.1:5432/orientir"
        for query, expected in (
            ("", "-c random_page_cost=1.1"),
            ("?options=-c%20random_page_cost%3D2", "-c random_page_cost=2"),
        ):
            with mock.patch.dict(os.environ, {"DATABASE_URL": url + query}):
                database = orientir_settings._databases(Path(tempfile.gettempdir()))["default"]
            self.assertEqual(database["OPTIONS"]["options"], expected)


class PlannerSettingTests(TestCase):
    def test_the_connection_plans_with_the_cost_of_a_random_page_set(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("a setting of PostgreSQL's planner")
        with connection.cursor() as cursor:
            cursor.execute("SHOW random_page_cost")
            self.assertEqual(cursor.fetchone()[0], "1.1")
