"""A document of past years imported as a historical record: archived, never overdue."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.imports.samples import roadmap_sample, to_docx, to_txt
from orientir.notifications.selectors import responsible_plans, territory_overdue
from orientir.plans.models import Activity, Plan
from orientir.plans.progress import Progress
from orientir.registry.models import AcademicYear
from tests.base import BaseTestCase, make_activity, make_plan

AUTUMN_2019 = dt.date(2019, 10, 15)  # 2018/2019 has ended; 2019/2020 runs
MEDIA = tempfile.mkdtemp(prefix="orientir-historical-media-")


@override_settings(MEDIA_ROOT=MEDIA)
@mock.patch("orientir.imports.services.today", new=lambda: AUTUMN_2019)
class HistoricalImportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        running = AcademicYear.objects.create(start_year=2019)
        cls.current = make_plan(
            Plan.Kind.ROADMAP,
            "Дорожная карта Лесного района на 2019/2020 учебный год",
            cls.forest_authority,
            running,
            municipality=cls.forest,
        )
        make_activity(cls.current, "1.1.", "Совещание руководителей ШНОР", "до 1 октября")

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def overdue_count(self) -> int:
        return Activity.objects.filter(plan__region=self.region).overdue(AUTUMN_2019).count()

    def run_import(self, path: Path, *options: str) -> dict:
        out = io.StringIO()
        with redirect_stdout(out):
            call_command("import", str(path), "--format", "json", *options)
        return json.loads(out.getvalue())

    def write_roadmap(self, sample: object, name: str) -> Path:
        path = Path(tempfile.mkdtemp()) / name
        path.write_bytes(to_txt(sample))  # type: ignore[arg-type]
        return path

    def test_it_keeps_the_regions_overdue_count_when_a_2018_road_map_is_historical(self) -> None:
        before = self.overdue_count()
        territory_before = territory_overdue(self.alice, AUTUMN_2019).count()
        self.assertEqual(before, 1)  # the running road map's meeting, due 1 October 2019
        path = self.write_roadmap(roadmap_sample(12), "dorozhnaya-karta-2018.txt")
        found = self.run_import(
            path, "--region", "99", "--municipality", "Лесной район", "--historical"
        )
        plan = Plan.objects.get(pk=found["id"])
        self.assertEqual(plan.state, Plan.State.ARCHIVED)
        self.assertEqual(plan.activities.count(), 12)
        self.assertEqual(self.overdue_count(), before)
        self.assertEqual(territory_overdue(self.alice, AUTUMN_2019).count(), territory_before)
        # Its open activities are «не выполнено в срок» of its own year, not overdue now.
        progress = set(
            plan.activities.with_progress(AUTUMN_2019).values_list("progress", flat=True)
        )
        self.assertEqual(progress, {Progress.MISSED.value})
        self.assertNotIn(plan, responsible_plans(self.bob))  # no notifications about it
        event = AuditEvent.objects.filter(action="import.created").latest("pk")
        self.assertIs(event.changes["historical"], True)

    def test_it_refuses_a_document_whose_years_have_not_ended(self) -> None:
        sample = roadmap_sample(3)
        sample.title = "Дорожная карта Лесного района на 2019/2020 учебный год"
        path = self.write_roadmap(sample, "dorozhnaya-karta-2019.txt")
        err = io.StringIO()
        with redirect_stderr(err), redirect_stdout(io.StringIO()), self.assertRaises(SystemExit):
            call_command(
                "import",
                str(path),
                "--region",
                "99",
                "--municipality",
                "Лесной район",
                "--historical",
                "--format",
                "json",
            )
        self.assertIn("ещё не закончились", err.getvalue())
        self.assertFalse(
            Plan.objects.filter(title__contains="2019/2020", state="archived").exists()
        )

    def upload(self, data: bytes) -> str:
        self.client.force_login(self.bob)
        file = SimpleUploadedFile("roadmap.docx", data)
        response = self.client.post(reverse("import-upload"), {"file": file})
        self.assertEqual(response.status_code, 302)
        return response["Location"].split("/")[2]

    def test_it_offers_the_archive_in_the_preview_and_stores_the_plan_there(self) -> None:
        token = self.upload(to_docx(roadmap_sample(4)))
        preview = self.client.get(reverse("import-preview", args=[token]))
        self.assertContains(preview, "Загрузить как архивный документ прошлых лет")
        self.assertContains(preview, "data-years-ended")
        response = self.client.post(
            reverse("import-confirm", args=[token]), {"kind": "", "historical": "on"}
        )
        plan = Plan.objects.get(title__startswith="Дорожная карта по повышению")
        self.assertRedirects(response, reverse("plan", args=[plan.pk]))
        self.assertEqual(plan.state, Plan.State.ARCHIVED)
        # The plan list finds it with the filter «в архиве».
        listed = self.client.get(reverse("dashboard-plans") + "?state=archived")
        self.assertContains(listed, f'href="/plans/{plan.pk}/"')

    def test_it_stores_the_same_document_as_a_working_plan_without_the_choice(self) -> None:
        token = self.upload(to_docx(roadmap_sample(4)))
        self.client.post(reverse("import-confirm", args=[token]), {"kind": ""})
        plan = Plan.objects.get(title__startswith="Дорожная карта по повышению")
        self.assertEqual(plan.state, Plan.State.DRAFT)
