"""Long exports in the background: Django's tasks framework over the django-tasks-db queue.

A page asks for an export (`export_job_start`): an `ExportJob` row and the queue's task are
written in one transaction, so a worker (`orientir worker`) never finds a task without its
job. The worker runs `build_export`, which writes the job's stage as it goes, a heartbeat
every few seconds from a thread beside it, and at the end the file or the Russian reason of
the failure. A worker killed mid-way leaves a job whose heartbeat stops: pages show it as
failed once it is silent for `STALE_AFTER`; the next `orientir worker` marks it failed in the
database (`export_jobs_recover`), at once when the killed worker ran on the same machine
(its process is gone). Nothing is ever left "running".
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from orientir.accounts import rules
from orientir.audit.models import record
from orientir.lib.processes import process_gone
from orientir.plans.models import today
from orientir.registry.models import AcademicYear, Region
from orientir.reports import collection, excel, services
from orientir.reports.models import HEARTBEAT_SECONDS, KILLED, ExportJob
from orientir.reports.selectors import region_report

logger = logging.getLogger(__name__)
Progress = Callable[[int, str], None]
BACKGROUND = "фоновая выгрузка"
INTERNAL = (
    "Внутренняя ошибка при построении документа ({name}). Сообщите администратору; "
    "подробности записаны в журнал фонового обработчика."
)
# Who may ask for (and download) each kind of background export: a rule of the rulebook.
RULES = {
    ExportJob.Kind.REGION_REPORT: "export_region_report",
    ExportJob.Kind.COLLECTION: "compile_collection",
}


def _region_report(job: ExportJob, progress: Progress) -> services.ExportFile:
    progress(20, "собираются мероприятия и проведения муниципалитетов")
    report = region_report(job.region, job.academic_year, job.base_url, today())
    progress(60, f"записываются листы книги: {len(report.reports)} муниципалитетов")
    data = excel.region_report_workbook(report)
    return services.ExportFile(services.region_report_name(job.region, job.academic_year), data)


def _collection(job: ExportJob, progress: Progress) -> services.ExportFile:
    progress(20, "собираются описания моделей и сводная таблица")
    found = collection.collection_document(job.region, job.academic_year, job.base_url, today())
    written = sum(1 for entry in found.entries if entry.blocks is not None)
    progress(50, f"записывается сборник: {written} из {len(found.entries)} муниципалитетов")
    data = collection.collection_docx(found)
    if job.fmt == "pdf":
        progress(75, "документ преобразуется в PDF")
        data = services.to_pdf(data)
    name = collection.collection_name(job.region, job.academic_year, job.fmt)
    return services.ExportFile(name, data)


BUILDERS: dict[str, Callable[[ExportJob, Progress], services.ExportFile]] = {
    ExportJob.Kind.REGION_REPORT: _region_report,
    ExportJob.Kind.COLLECTION: _collection,
}
# The formats each kind is made in; the first is the default.
FORMATS = {ExportJob.Kind.REGION_REPORT: ("xlsx",), ExportJob.Kind.COLLECTION: ("docx", "pdf")}


def export_job_start(
    *, actor: Any, kind: str, region: Region, year: AcademicYear, fmt: str = "", url: str = ""
) -> ExportJob:
    """Queue the export `kind` of `region` and `year`, or return the same one still under way."""
    rules.check(RULES[ExportJob.Kind(kind)], actor, region)
    fmt = services.check_format(
        fmt or FORMATS[ExportJob.Kind(kind)][0], FORMATS[ExportJob.Kind(kind)]
    )
    pending = (
        ExportJob.objects.filter(kind=kind, region=region, academic_year=year, fmt=fmt)
        .filter(state__in=(ExportJob.State.QUEUED, ExportJob.State.RUNNING))
        .first()
    )
    if pending is not None and not pending.is_stale(timezone.now()):
        return pending
    with transaction.atomic():
        job = ExportJob.objects.create(
            kind=kind,
            fmt=fmt,
            region=region,
            academic_year=year,
            requested_by=actor,
            base_url=url or services.base_url(),
            stage="ожидает фонового обработчика",
        )
        record(
            actor=actor,
            action="export_job.start",
            obj=job,
            changes={"kind": kind, "year": year.name, "format": fmt},
        )
        job.task_id = str(build_export.enqueue(job.pk).id)
        job.save(update_fields=["task_id"])
    return job


@task()
def build_export(job_id: int) -> str:
    """The background task: build job `job_id`'s document; return the job's final state."""
    return export_job_run(job_id=job_id).state


def _save_progress(job: ExportJob, percent: int, stage: str) -> None:
    job.progress, job.stage, job.heartbeat_at = percent, stage, timezone.now()
    job.save(update_fields=["progress", "stage", "heartbeat_at"])


def export_job_run(*, job_id: int) -> ExportJob:
    """Build the job's document and store it; a failure is kept with its Russian reason."""
    job = ExportJob.objects.select_related("region", "academic_year").get(pk=job_id)
    if job.state != ExportJob.State.QUEUED:  # run already, or given up by the recovery
        return job
    now = timezone.now()
    job.state, job.started_at, job.heartbeat_at = ExportJob.State.RUNNING, now, now
    job.save(update_fields=["state", "started_at", "heartbeat_at"])
    try:
        with heartbeat(job.pk):
            found = BUILDERS[job.kind](job, lambda p, s: _save_progress(job, p, s))
    except services.ExportProblem as problem:
        _fail(job, str(problem))
        return job
    except Exception as error:
        logger.exception("Фоновая выгрузка %s не удалась", job.pk)
        _fail(job, INTERNAL.format(name=type(error).__name__))
        raise  # the queue keeps the traceback
    _finish(job, found)
    return job


def _finish(job: ExportJob, found: services.ExportFile) -> None:
    with transaction.atomic():
        job.file.save(found.name, ContentFile(found.data), save=False)
        job.file_name = found.name
        job.state, job.progress, job.stage = ExportJob.State.DONE, 100, "готово"
        job.finished_at = timezone.now()
        job.save()
        changes = {"state": job.state, "bytes": len(found.data)}
        record(
            actor=None, actor_label=BACKGROUND, action="export_job.done", obj=job, changes=changes
        )


def _fail(job: ExportJob, reason: str) -> None:
    with transaction.atomic():
        job.state, job.error, job.finished_at = ExportJob.State.FAILED, reason, timezone.now()
        job.save(update_fields=["state", "error", "finished_at"])
        changes = {"state": job.state, "error": reason}
        record(
            actor=None, actor_label=BACKGROUND, action="export_job.fail", obj=job, changes=changes
        )


@contextmanager
def heartbeat(job_id: int, every: float = HEARTBEAT_SECONDS) -> Iterator[None]:
    """Write the job's heartbeat every `every` seconds from a thread while the body runs.

    A thread, so that a long step (LibreOffice converting a document) keeps the job alive;
    it has its own database connection and closes it when the body ends.
    """
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    ExportJob.objects.filter(pk=job_id, state=ExportJob.State.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:  # a locked database: the next beat tries again
                    logger.warning("Пульс фоновой выгрузки %s не записан", job_id)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"export-heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def export_jobs_recover(*, now: dt.datetime) -> list[ExportJob]:
    """Mark failed the tasks and export jobs a killed worker left running.

    django-tasks-db itself never does: a task whose worker died stays RUNNING for ever. A
    task's worker on this machine that no longer runs (`lib.processes`) gives it up at once,
    whatever the task; an export job whose worker is elsewhere, once silent for
    `STALE_AFTER`. `orientir worker` calls it as it starts, `orientir worker --recover` (the
    daily timer) on its own; pages show silent jobs as failed already.
    """
    dead: list[str] = [
        str(task_id)
        for task_id, workers in DBTaskResult.objects.running().values_list("id", "worker_ids")
        if workers and process_gone(workers[-1])
    ]
    unfinished = (ExportJob.State.QUEUED, ExportJob.State.RUNNING)
    found = list(
        ExportJob.objects.filter(
            Q(pk__in=ExportJob.objects.stale(now)) | Q(task_id__in=dead, state__in=unfinished)
        ).order_by("pk")
    )
    for job in found:
        _fail(job, KILLED)
    task_ids: set[str] = {*dead, *(job.task_id for job in found if job.task_id)}
    # The queue's own rows of killed tasks say failed too, so its admin page agrees.
    DBTaskResult.objects.filter(id__in=task_ids).running().update(
        status=TaskResultStatus.FAILED, finished_at=now, traceback=KILLED
    )
    return found
