"""Faults (issue 14, item 4): what a user sees and what stays written when things break.

`make faults` runs these with the scripts of `scripts/faults-*`, which need processes of their
own (a worker killed with SIGKILL, a private PostgreSQL restarted under load). These need none
and stay in the normal suite: each fault is made deterministic at the layer it happens in —
the database cursor raising as a lost connection does, the file write failing with ENOSPC.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from orientir.audit.models import AuditEvent
from orientir.imports.models import ImportRecord
from orientir.imports.samples import roadmap_sample, to_docx
from orientir.plans.models import Activity, Plan, Section
from orientir.urls import handler400, handler403, handler404, handler500
from orientir.urls import urlpatterns as site_urls
from tests.base import BaseTestCase

MEDIA = tempfile.mkdtemp(prefix="orientir-faults-media-")
LOST = "server closed the connection unexpectedly"


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
        lost = seen.count("INSERT") >= inserts and (queries is None or len(failed) < queries)
        if lost:
            failed.append(sql)
            raise OperationalError(LOST)
        seen.append(sql.lstrip().upper()[:6])
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

        self.assertGreaterEqual(seen.count("INSERT"), 4)  # rows were written, then lost
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
