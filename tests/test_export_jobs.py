"""Long exports in the background (issue 11, item 9): the region workbook as a queued task.

The tests use the real queue (django-tasks-db, as in production) and run the worker's loop in
this process (`orientir worker --batch`), so no worker has to be running beside the suite.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from unittest import mock

import openpyxl
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from orientir.audit.models import AuditEvent
from orientir.registry.models import AcademicYear, Region
from orientir.reports import services, tasks
from orientir.reports.models import KILLED, STALE_AFTER, ExportJob
from tests.base import BaseTestCase, reseed_migration_data

STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def run_worker() -> None:
    """Run what is queued, in this process, as `orientir worker --batch` does.

    The worker closes "old" connections between tasks; inside a test's transaction that
    would end the test's connection (on PostgreSQL), so here it keeps it.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@override_settings(STORAGES=STORAGE)
class ExportJobTestCase(BaseTestCase):
    def start(self, year: int = 2018) -> ExportJob:
        response = self.client.post(
            reverse("export-start", args=[self.region.pk]), {"kind": "region_report", "year": year}
        )
        job = ExportJob.objects.latest("pk")
        self.assertRedirects(response, reverse("export-job", args=[job.pk]))
        return job

    def test_it_builds_the_region_workbook_in_the_background(self) -> None:
        self.client.force_login(self.alice)
        job = self.start()
        self.assertEqual(job.state, ExportJob.State.QUEUED)
        self.assertTrue(DBTaskResult.objects.filter(id=job.task_id, status="READY").exists())
        page = self.client.get(reverse("export-job", args=[job.pk]))
        self.assertContains(page, "В очереди")
        self.assertContains(page, "data-export-poll")
        self.assertNotContains(page, reverse("export-download", args=[job.pk]))

        run_worker()

        job.refresh_from_db()
        self.assertEqual((job.state, job.progress), (ExportJob.State.DONE, 100))
        self.assertTrue(DBTaskResult.objects.filter(id=job.task_id, status="SUCCESSFUL").exists())
        status = self.client.get(reverse("export-job", args=[job.pk]), {"part": "status"})
        self.assertContains(status, reverse("export-download", args=[job.pk]))
        self.assertNotContains(status, "data-export-poll")
        self.assertNotContains(status, "<html")
        response = self.client.get(reverse("export-download", args=[job.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        self.assertEqual(workbook.sheetnames[0], "Сводка")
        cells = [str(v) for row in workbook["Сводка"].iter_rows(values_only=True) for v in row]
        self.assertIn(self.forest.name, cells)
        self.assertIn(self.forest.name, workbook.sheetnames)
        self.assertEqual(
            list(
                AuditEvent.objects.filter(action__contains="export")
                .order_by("pk")
                .values_list("action", "actor__username")
            ),
            [
                ("export_job.start", "alice"),
                ("export_job.done", None),
                ("region_report.export", "alice"),
            ],
        )

    def test_it_offers_the_background_workbook_on_the_region_page(self) -> None:
        self.client.force_login(self.anna)
        page = self.client.get(reverse("region", args=[self.region.pk]))
        self.assertContains(page, reverse("export-start", args=[self.region.pk]))
        job = self.start()
        page = self.client.get(reverse("region", args=[self.region.pk]))
        self.assertContains(page, reverse("export-job", args=[job.pk]))
        self.client.force_login(self.bob)
        page = self.client.get(reverse("region", args=[self.region.pk]))
        self.assertNotContains(page, reverse("export-start", args=[self.region.pk]))

    def test_it_refuses_the_workbook_to_who_does_not_see_the_whole_region(self) -> None:
        self.client.force_login(self.alice)
        job = self.start()
        run_worker()
        for user in (self.bob, self.carl, self.sam):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                response = self.client.post(
                    reverse("export-start", args=[self.region.pk]),
                    {"kind": "region_report", "year": 2018},
                )
                self.assertEqual(response.status_code, 403)
                for name in ("export-job", "export-download"):
                    self.assertEqual(self.client.get(reverse(name, args=[job.pk])).status_code, 404)
        self.assertEqual(ExportJob.objects.count(), 1)

    def test_it_hides_another_region_from_its_coordinator(self) -> None:
        other = Region.objects.create(name="Северная область", code="98")
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("export-start", args=[other.pk]), {"kind": "region_report", "year": 2018}
        )
        self.assertEqual(response.status_code, 404)

    def test_it_rejects_an_unknown_kind_or_year(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("export-start", args=[self.region.pk])
        for data in ({"kind": "everything", "year": 2018}, {"kind": "region_report", "year": 2031}):
            with self.subTest(data=data):
                self.assertEqual(self.client.post(url, data).status_code, 400)
        self.assertFalse(ExportJob.objects.exists())

    def test_it_does_not_queue_the_same_export_twice_while_it_runs(self) -> None:
        self.client.force_login(self.alice)
        first = self.start()
        self.assertEqual(self.start().pk, first.pk)
        self.assertEqual(DBTaskResult.objects.count(), 1)

    def test_it_shows_a_failed_export_with_its_russian_reason(self) -> None:
        self.client.force_login(self.alice)
        job = self.start()
        problem = services.ExportProblem("LibreOffice не установлен: PDF создать нельзя.")
        with mock.patch.dict(tasks.BUILDERS, {"region_report": mock.Mock(side_effect=problem)}):
            run_worker()
        job.refresh_from_db()
        self.assertEqual(job.state, ExportJob.State.FAILED)
        page = self.client.get(reverse("export-job", args=[job.pk]))
        self.assertContains(page, "Выгрузка не удалась. LibreOffice не установлен")
        self.assertEqual(
            self.client.get(reverse("export-download", args=[job.pk])).status_code, 404
        )

    def test_it_keeps_an_internal_error_for_the_administrator(self) -> None:
        self.client.force_login(self.alice)
        job = self.start()
        broken = mock.Mock(side_effect=ZeroDivisionError("деление на ноль"))
        with (
            mock.patch.dict(tasks.BUILDERS, {"region_report": broken}),
            self.assertLogs("orientir.reports.tasks", "ERROR"),
        ):
            run_worker()
        job.refresh_from_db()
        self.assertIn("Внутренняя ошибка при построении документа (ZeroDivisionError)", job.error)
        queued = DBTaskResult.objects.get(id=job.task_id)
        self.assertEqual(queued.status, "FAILED")
        self.assertIn("ZeroDivisionError", queued.traceback)

    def test_it_shows_a_job_whose_worker_was_killed_as_failed(self) -> None:
        self.client.force_login(self.alice)
        job = self.start()
        # What a worker killed mid-way leaves: the job and the queue's row both "running".
        long_ago = timezone.now() - STALE_AFTER - dt.timedelta(seconds=1)
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportJob.State.RUNNING, started_at=long_ago, heartbeat_at=long_ago
        )
        DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING")
        page = self.client.get(reverse("export-job", args=[job.pk]))
        self.assertContains(page, KILLED)
        self.assertNotContains(page, "data-export-poll")
        # Asked again, the export is queued anew rather than waiting for the dead one.
        self.assertNotEqual(self.start().pk, job.pk)

        run_worker()  # a new worker first marks the killed job failed, then runs the new one

        job.refresh_from_db()
        self.assertEqual((job.state, job.error), (ExportJob.State.FAILED, KILLED))
        self.assertEqual(DBTaskResult.objects.get(id=job.task_id).status, "FAILED")
        self.assertEqual(ExportJob.objects.latest("pk").state, ExportJob.State.DONE)

    def test_it_keeps_a_job_with_a_fresh_heartbeat_running(self) -> None:
        self.client.force_login(self.alice)
        job = self.start()
        now = timezone.now()
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportJob.State.RUNNING, started_at=now - STALE_AFTER * 3, heartbeat_at=now
        )
        self.assertEqual(tasks.export_jobs_recover(now=now), [])
        page = self.client.get(reverse("export-job", args=[job.pk]))
        self.assertContains(page, "Выполняется")
        self.assertContains(page, "data-export-poll")

    def test_it_does_not_run_a_job_given_up_before_its_task_came(self) -> None:
        self.client.force_login(self.alice)
        job = self.start()
        ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.FAILED, error=KILLED)
        run_worker()
        job.refresh_from_db()
        self.assertEqual(job.state, ExportJob.State.FAILED)
        self.assertFalse(job.file)

    def test_it_reads_the_job_page_in_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.alice)
        job = self.start()
        run_worker()
        url = reverse("export-job", args=[job.pk])
        self.client.get(url)  # the session and the user are read once either way
        with self.assertNumQueries(4):
            self.client.get(url)

    def test_it_reads_the_region_page_in_as_many_queries_with_more_jobs(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("region", args=[self.region.pk])
        self.start()
        few = self.queries(url)
        for start_year in range(2010, 2016):
            AcademicYear.objects.create(start_year=start_year)
            self.start(start_year)
        self.assertEqual(ExportJob.objects.count(), 7)
        self.assertEqual(self.queries(url), few)

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)


class HeartbeatTestCase(TransactionTestCase):
    """The heartbeat thread writes through its own connection, so its rows must be committed.

    The rows of the data migrations (the evidence rules of seed 000) come back after the
    flush, for the tests that run after this one.
    """

    def _fixture_teardown(self) -> None:
        super()._fixture_teardown()
        reseed_migration_data()

    def test_it_beats_while_the_body_runs_and_stops_after(self) -> None:
        region = Region.objects.create(name="Южная область", code="99")
        year = AcademicYear.objects.create(start_year=2018)
        past = timezone.now() - dt.timedelta(hours=1)
        job = ExportJob.objects.create(
            kind="region_report",
            region=region,
            academic_year=year,
            state=ExportJob.State.RUNNING,
            started_at=past,
            heartbeat_at=past,
        )
        with tasks.heartbeat(job.pk, every=0.01):
            for _ in range(500):
                job.refresh_from_db()
                if job.heartbeat_at and job.heartbeat_at > past:
                    break
                time.sleep(0.01)  # let the thread write
        self.assertGreater(job.heartbeat_at, past)
        self.assertFalse(job.is_stale(timezone.now()))
