"""A plan under review, agreed or approved keeps its content: services, import and admin."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from orientir.accounts.models import User
from orientir.imports.samples import Line, roadmap_sample, to_docx, to_txt
from orientir.indicators.models import Indicator
from orientir.plans import annual, services
from orientir.plans.models import Activity, Plan, Section
from tests.base import BaseTestCase
from tests.test_import_services import ImportTestCase, report_sample

MEDIA = tempfile.mkdtemp(prefix="orientir-plan-lock-")


def lock(plan: Plan, state: str = Plan.State.APPROVED) -> None:
    Plan.objects.filter(pk=plan.pk).update(state=state)
    plan.refresh_from_db()


class ServiceLockTests(BaseTestCase):
    def writes(self) -> dict[str, Callable[[], Any]]:
        plan, activity = self.forest_roadmap, self.forest_activity
        section = Section.objects.get(plan=plan)
        actor = self.bob
        return {
            "plan_update": lambda: services.plan_update(
                actor=actor, plan=plan, values={"title": "Другое название"}
            ),
            "section_create": lambda: services.section_create(
                actor=actor, plan=plan, values={"number": "2.", "title": "Новый"}
            ),
            "section_update": lambda: services.section_update(
                actor=actor, section=section, values={"title": "Другой"}
            ),
            "section_move": lambda: services.section_move(actor=actor, section=section, step=1),
            "activity_create": lambda: services.activity_create(
                actor=actor,
                plan=plan,
                values={"title": "Новое", "academic_year": self.year, "deadline_text": "май"},
            ),
            "activity_update": lambda: services.activity_update(
                actor=actor, activity=activity, values={"title": "Другое"}
            ),
            "activity_move": lambda: services.activity_move(actor=actor, activity=activity, step=1),
            "plan_renumber": lambda: annual.plan_renumber(actor=actor, plan=plan),
        }

    def test_it_refuses_every_content_write_to_a_locked_plan(self) -> None:
        for state in (Plan.State.SUBMITTED, Plan.State.AGREED, Plan.State.APPROVED):
            lock(self.forest_roadmap, state)
            for name, write in self.writes().items():
                with self.subTest(state=state, service=name), self.assertRaises(ValidationError):
                    write()
        self.forest_roadmap.refresh_from_db()
        self.assertEqual(self.forest_roadmap.title, "Дорожная карта Лесного района")
        self.assertEqual(self.forest_roadmap.activities.count(), 1)

    def test_it_refuses_deleting_from_a_locked_plan(self) -> None:
        empty = Activity.objects.create(
            plan=self.forest_roadmap, academic_year=self.year, title="Без проведений"
        )
        lock(self.forest_roadmap)
        with self.assertRaisesMessage(ValidationError, "утверждён"):
            services.activity_delete(actor=self.bob, activity=empty)
        self.assertTrue(Activity.objects.filter(pk=empty.pk).exists())

    def test_it_still_writes_a_draft(self) -> None:
        services.activity_update(
            actor=self.bob, activity=self.forest_activity, values={"title": "Другое"}
        )
        self.forest_activity.refresh_from_db()
        self.assertEqual(self.forest_activity.title, "Другое")


class ImportLockTests(ImportTestCase):
    def imported_plan(self) -> Plan:
        plan_id = self.import_roadmap(roadmap_sample(3))["id"]
        plan = Plan.objects.get(pk=plan_id)
        lock(plan)
        return plan

    def test_it_refuses_to_reimport_an_approved_plan_with_exit_2(self) -> None:
        plan = self.imported_plan()
        changed = roadmap_sample(3)
        del changed.rows[2]
        changed.rows.append(Line(("2.2.", "Новое мероприятие", "май", "УО", "", "")))
        path = self.write("changed.docx", to_docx(changed))
        code, message = self.run_failing(path, "--region", "99", "--municipality", "Лесной район")
        self.assertEqual(code, 2)
        self.assertEqual(message.count("\n"), 1)
        self.assertIn("утверждён", message)
        plan.refresh_from_db()
        self.assertEqual(plan.state, Plan.State.APPROVED)
        self.assertEqual(plan.activities.count(), 3)
        self.assertFalse(plan.activities.filter(title="Новое мероприятие").exists())

    def test_it_adds_a_reports_executions_to_an_approved_plan(self) -> None:
        lock(self.forest_roadmap)
        sample = report_sample()
        del sample.rows[1]  # the other row is not in the road map
        self.run_import(self.write("report.txt", to_txt(sample)))
        self.assertEqual(self.forest_activity.executions.count(), 2)

    def test_it_refuses_a_report_that_would_add_an_activity_to_an_approved_plan(self) -> None:
        lock(self.forest_roadmap)
        code, message = self.run_failing(self.write("report.txt", to_txt(report_sample())))
        self.assertEqual(code, 2)
        self.assertIn("Заседание муниципальной рабочей группы", message)
        self.assertEqual(self.forest_roadmap.activities.count(), 1)
        self.assertEqual(self.forest_activity.executions.count(), 1)


@override_settings(MEDIA_ROOT=MEDIA)
class WebImportLockTests(BaseTestCase):
    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def token(self, data: bytes) -> str:
        self.client.force_login(self.bob)
        file = SimpleUploadedFile("roadmap.docx", data)
        response = self.client.post(reverse("import-upload"), {"file": file})
        return response["Location"].split("/")[2]

    def test_it_explains_on_the_preview_and_refuses_confirming(self) -> None:
        data = to_docx(roadmap_sample(3))
        self.client.post(reverse("import-confirm", args=[self.token(data)]), {})
        plan = Plan.objects.get(title__startswith="Дорожная карта по")
        lock(plan, Plan.State.SUBMITTED)
        token = self.token(data)
        preview = self.client.get(reverse("import-preview", args=[token]))
        self.assertContains(preview, "на согласовании: его содержание можно изменить")
        self.assertContains(preview, "disabled")
        response = self.client.post(reverse("import-confirm", args=[token]), {})
        self.assertContains(response, "на согласовании", status_code=400)
        self.assertEqual(plan.import_records.count(), 1)


class AdminLockTests(BaseTestCase):
    def setUp(self) -> None:
        self.root = User.objects.create_superuser("root", password="корень-корень")
        self.client.force_login(self.root)
        lock(self.forest_roadmap)

    def test_it_shows_an_approved_plans_activity_read_only(self) -> None:
        url = reverse("admin:plans_activity_change", args=[self.forest_activity.pk])
        page = self.client.get(url)
        self.assertContains(page, "утверждён: его содержание")
        self.assertNotContains(page, 'name="title"')
        response = self.client.post(url, {"title": "Изменено в админке"})
        self.assertEqual(response.status_code, 403)
        self.forest_activity.refresh_from_db()
        self.assertNotEqual(self.forest_activity.title, "Изменено в админке")

    def test_it_refuses_adding_an_activity_to_an_approved_plan(self) -> None:
        response = self.client.post(
            reverse("admin:plans_activity_add"),
            {
                "plan": self.forest_roadmap.pk,
                "academic_year": self.year.pk,
                "title": "Добавлено в админке",
                "position": 5,
                "status": "planned",
            },
        )
        # Content is added on the plan's pages, never in the admin (audit/admin_base.py).
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Activity.objects.filter(title="Добавлено в админке").exists())

    def test_it_refuses_changing_or_deleting_an_approved_plan(self) -> None:
        change = reverse("admin:plans_plan_change", args=[self.forest_roadmap.pk])
        self.assertEqual(self.client.post(change, {"title": "Другое"}).status_code, 403)
        delete = reverse("admin:plans_plan_delete", args=[self.forest_roadmap.pk])
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        self.assertTrue(Plan.objects.filter(pk=self.forest_roadmap.pk).exists())

    def test_it_refuses_changing_an_approved_plans_indicator(self) -> None:
        indicator = Indicator.objects.create(plan=self.forest_roadmap, name="Доля", unit="%")
        url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
        self.assertEqual(self.client.post(url, {"name": "Другая"}).status_code, 403)

    def test_it_keeps_the_state_out_of_the_admin_form(self) -> None:
        lock(self.forest_roadmap, Plan.State.DRAFT)
        page = self.client.get(reverse("admin:plans_plan_change", args=[self.forest_roadmap.pk]))
        self.assertNotContains(page, 'name="state"')
