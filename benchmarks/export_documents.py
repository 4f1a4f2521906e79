"""Time the documents out: a 300-activity road map to .docx and PDF, and the region workbook.

Run: `.venv/bin/python benchmarks/export_documents.py`. A fresh SQLite database gets one road
map of 300 activities in 10 sections, and a region of 44 municipalities whose road maps have
60 activities with 10 executions each (one document per execution). Times are printed in
seconds and as ratios to a trivial page (the login form) served in the same run, so that a
slower machine gives comparable numbers. Targets (measured, not asserted): the road map
under 1 s as .docx, the workbook under 10 s. The PDF adds LibreOffice's start (skipped
where it is not installed).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable


def setup() -> None:
    os.environ["ORIENTIR_DATA_DIR"] = tempfile.mkdtemp(prefix="orientir-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientir.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(action: Callable[[], object], repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def road_map(region, municipality, owner, year, activities: int, executions: int):  # type: ignore[no-untyped-def]
    from orientir.execution.models import Document, Execution
    from orientir.plans.models import Activity, Plan, Section

    plan = Plan.objects.create(
        kind=Plan.Kind.ROADMAP,
        title=f"Дорожная карта {municipality.name} на 2024/2025 учебный год",
        region=region,
        municipality=municipality,
        owner=owner,
        first_year=year,
        last_year=year,
        problem="Низкие результаты ЕГЭ и ОГЭ в ШНОР",
    )
    sections = [
        Section.objects.create(plan=plan, number=f"{n}.", title=f"Раздел {n}", position=n)
        for n in range(1, 11)
    ]
    rows = []
    for n in range(activities):
        activity = Activity(
            plan=plan,
            section=sections[n * 10 // activities],
            academic_year=year,
            number=f"{n * 10 // activities + 1}.{n + 1}.",
            title=f"Методический семинар для руководителей ОО № {n}",
            responsible_text="Карпенко Н.В.\nРакова Н.В.",
            planned_result="Повышение квалификации педагогов",
            position=n,
        )
        activity.set_deadline("Октябрь-ноябрь")
        rows.append(activity)
    created = Activity.objects.bulk_create(rows)
    occurrences = Execution.objects.bulk_create(
        Execution(activity=a, date=dt.date(2024, 10, 1 + k % 28), description="Семинар")
        for a in created
        for k in range(executions)
    )
    Document.objects.bulk_create(
        Document(plan=plan, execution=e, kind="order", number=str(e.pk), title="О проведении")
        for e in occurrences
    )
    return plan


def territory(n: int):  # type: ignore[no-untyped-def]
    from orientir.registry.models import AcademicYear, Municipality, Organisation, Region

    year = AcademicYear.objects.get_or_create(start_year=2024)[0]
    region = Region.objects.create(name=f"Область {n}", code=str(n))
    places = []
    for k in range(44 if n == 2 else 1):
        place = Municipality.objects.create(region=region, name=f"Район {k + 1:02d}")
        owner = Organisation.objects.create(
            kind=Organisation.Kind.MUNICIPAL_AUTHORITY,
            name=f"Управление образованием района {k + 1}",
            short_name=f"УО {k + 1}",
            region=region,
            municipality=place,
        )
        places.append((place, owner))
    return region, places, year


def main() -> None:
    setup()
    from django.test import Client

    from orientir.lib.office import soffice
    from orientir.plans.models import Plan
    from orientir.reports.pdf import plan_pdf
    from orientir.reports.plan_selectors import PLAN_RELATIONS, plan_document
    from orientir.reports.services import region_report_file
    from orientir.reports.word import plan_docx

    region, places, year = territory(1)
    plan = road_map(region, *places[0], year, activities=300, executions=0)
    big, many, _ = territory(2)
    for place, owner in many:
        road_map(big, place, owner, year, activities=60, executions=10)
    client = Client(HTTP_HOST="127.0.0.1")
    page = timed(lambda: client.get("/accounts/login/"), repeat=20)

    def document():  # type: ignore[no-untyped-def]
        return plan_document(Plan.objects.select_related(*PLAN_RELATIONS).get(pk=plan.pk))

    docx = timed(lambda: plan_docx(document()), repeat=3)
    today = dt.date(2025, 6, 1)
    workbook = timed(lambda: region_report_file(big, year, "http://127.0.0.1:8000", today))
    print(f"trivial page (login form):              {page * 1000:7.1f} ms")
    print(f"road map, 300 activities -> .docx:     {docx:7.3f} s  ({docx / page:6.0f} × page)")
    if soffice():
        plan_pdf(document())  # LibreOffice's first start builds its profile
        pdf = timed(lambda: plan_pdf(document()), repeat=3)
        print(f"road map, 300 activities -> PDF:       {pdf:7.3f} s  ({pdf / page:6.0f} × page)")
    else:
        print("road map -> PDF: skipped, LibreOffice is not installed (make office)")
    print(
        f"region workbook, 44 × 60 × 10:         {workbook:7.3f} s  ({workbook / page:6.0f} × page)"
    )
    queued = timed(lambda: through_the_queue(big, year))
    print(
        f"  the same through the queue and worker: {queued:7.3f} s  ({queued / page:6.0f} × page)"
    )
    book = timed(lambda: collection_file(big, year, today))
    print(f"collection, 44 models -> .docx:         {book:7.3f} s  ({book / page:6.0f} × page)")
    print("targets: road map under 1 s, workbook under 10 s (measured, not asserted)")


def through_the_queue(region, year) -> None:  # type: ignore[no-untyped-def]
    """Queue the workbook as the region page does and run the worker once, in this process."""
    from django.core.management import call_command

    from orientir.accounts.models import User
    from orientir.reports.models import ExportJob
    from orientir.reports.tasks import export_job_start

    actor = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench", password="bench-password-0"
    )
    ExportJob.objects.all().delete()
    export_job_start(actor=actor, kind="region_report", region=region, year=year)
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert ExportJob.objects.get().state == ExportJob.State.DONE


def collection_file(region, year, today) -> bytes:  # type: ignore[no-untyped-def]
    from orientir.registry.models import Municipality
    from orientir.reports import collection
    from orientir.reports.models import ModelDescription

    text = "## Цель\n" + "Повышение качества образования в школах. " * 40 + "\n\n- пункт\n" * 10
    for place in Municipality.objects.filter(region=region):
        ModelDescription.objects.get_or_create(
            municipality=place, academic_year=year, defaults={"text": text * 3}
        )
    found = collection.collection_document(region, year, "http://127.0.0.1:8000", today)
    return collection.collection_docx(found)


if __name__ == "__main__":
    main()
