"""Master data is kept in Django's admin by staff users."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.forms import MultiWidget
from django.http import HttpResponse
from django.test import override_settings
from django.urls import reverse

from orientir.accounts.models import User
from orientir.audit.models import AuditEvent
from orientir.execution.models import Document, Execution
from orientir.registry.models import Municipality
from tests.base import BaseTestCase

CHANGELISTS = [
    "registry_region",
    "registry_municipality",
    "registry_organisation",
    "registry_person",
    "registry_academicyear",
    "registry_schoolstatus",
    "registry_partnership",
    "registry_assignment",
    "accounts_user",
    "plans_plan",
    "plans_activity",
    "execution_execution",
    "execution_document",
    "indicators_indicator",
    "audit_auditevent",
    "results_assessmentresult",
    "results_contextindicator",
    "results_contextvalue",
    "identification_identificationrun",
    "results_riskassessment",
    "execution_evidencerule",
    "publication_publication",
]


class AdminTestCase(BaseTestCase):
    def test_it_lists_every_kind_of_master_data_for_a_superuser(self) -> None:
        User.objects.create_superuser("root", password="корень-корень")
        self.client.login(username="root", password="корень-корень")
        for name in CHANGELISTS:
            response = self.client.get(reverse(f"admin:{name}_changelist"))
            self.assertEqual(response.status_code, 200, name)

    def test_it_opens_an_organisation_with_its_statuses(self) -> None:
        User.objects.create_superuser("root", password="корень-корень")
        self.client.login(username="root", password="корень-корень")
        url = reverse("admin:registry_organisation_change", args=[self.school4.pk])
        self.assertContains(self.client.get(url), "МБОУ СОШ № 4")

    def test_it_finds_plans_and_schools_by_municipality_without_listing_every_one(self) -> None:
        User.objects.create_superuser("root", password="корень-корень")
        self.client.login(username="root", password="корень-корень")
        for n in range(30):  # a country's municipalities would not fit a filter list
            Municipality.objects.create(region=self.region, name=f"Район № {n}")
        for name, found in (
            ("plans_plan", self.forest_roadmap.title),
            ("registry_organisation", "МБОУ СОШ № 4"),
        ):
            with self.subTest(name=name):
                url = reverse(f"admin:{name}_changelist")
                response = self.client.get(url, {"q": "Лесной"})
                self.assertContains(response, found)
                self.assertNotContains(response, "Район № 29")
                self.assertNotContains(response, "municipality__id__exact")
                # no count of the whole table beside the found rows
                self.assertNotContains(response, "всего")

    def test_it_keeps_regional_users_out_of_the_admin(self) -> None:
        self.client.login(username="alice", password="пароль-для-тестов")
        response = self.client.get(reverse("admin:registry_region_changelist"))
        self.assertEqual(response.status_code, 302)


ROOT_PASSWORD = "корень-корень"
MEDIA = tempfile.mkdtemp(prefix="orientir-admin-media-")
ENGLISH = re.compile(
    r">\s*(Created at|Updated at|Uploaded by|Created by|Academic year|Region|"
    r"Municipality|Organisation|Person|Plan|School|Execution|Activity|Section|"
    r"Content type|Object id|Author|Actor|Indicator)\s*[:<]"
)


@override_settings(MEDIA_ROOT=MEDIA)
class AdminRulesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.root = User.objects.create_superuser("root", password=ROOT_PASSWORD)

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def setUp(self) -> None:
        self.client.login(username="root", password=ROOT_PASSWORD)

    def change(self, admin_name: str, obj: Any, **data: Any) -> HttpResponse:
        url = reverse(f"admin:{admin_name}_change", args=[obj.pk])
        form = self.client.get(url).context["adminform"].form
        posted: dict[str, Any] = {}
        for key, field in form.fields.items():
            value = form[key].value()
            if isinstance(field.widget, MultiWidget):  # a date and a time, as two inputs
                for i, part in enumerate(field.widget.decompress(value)):
                    posted[f"{key}_{i}"] = "" if part is None else str(part)
            elif isinstance(value, list):
                posted[key] = [getattr(v, "pk", v) for v in value]
            elif value is not None:
                posted[key] = value
        return self.client.post(url, {**posted, **data})

    def test_it_writes_an_audit_row_for_a_change_of_master_data(self) -> None:
        response = self.change("registry_region", self.region, name="Южная область (новое)")
        self.assertEqual(response.status_code, 302)
        event = AuditEvent.objects.get(action="region.update")
        self.assertEqual(event.actor, self.root)
        self.assertEqual(event.changes["name"], ["Южная область", "Южная область (новое)"])
        self.assertEqual(event.object_id, str(self.region.pk))

    def test_it_writes_an_audit_row_for_an_added_person(self) -> None:
        url = reverse("admin:registry_person_add")
        response = self.client.post(
            url, {"full_name": "Сидоров Пётр Ильич", "short_name": "Сидоров П.И."}
        )
        self.assertEqual(response.status_code, 302)
        event = AuditEvent.objects.get(action="person.create")
        self.assertEqual(event.changes["full_name"], [None, "Сидоров Пётр Ильич"])

    def test_it_writes_an_audit_row_for_a_users_role_and_password(self) -> None:
        response = self.change("accounts_user", self.bob, first_name="Борис")
        self.assertEqual(response.status_code, 302)
        event = AuditEvent.objects.get(action="user.update")
        self.assertEqual(event.changes["first_name"][1], "Борис")
        self.assertNotIn("password", event.changes)
        url = reverse("admin:auth_user_password_change", args=[self.bob.pk])
        new = "новый-пароль-боба-2024"
        response = self.client.post(
            url, {"password1": new, "password2": new, "usable_password": "true"}
        )
        self.assertEqual(response.status_code, 302)
        event = AuditEvent.objects.get(action="user.password")
        self.assertNotIn(new, json.dumps(event.changes, ensure_ascii=False))

    def test_it_refuses_deletes_of_master_data_and_users(self) -> None:
        for name, obj in (("registry_region", self.region), ("accounts_user", self.bob)):
            with self.subTest(name=name):
                url = reverse(f"admin:{name}_delete", args=[obj.pk])
                self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)
        self.assertTrue(User.objects.filter(pk=self.bob.pk).exists())

    def test_it_writes_an_audit_row_for_a_plan_changed_in_the_admin(self) -> None:
        plan = self.forest_roadmap
        response = self.change(
            "plans_plan",
            plan,
            title="Новое название",
            **{"sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0"},
        )
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None) and response.context["adminform"].form.errors,
        )
        event = AuditEvent.objects.get(action="plan.update")
        self.assertEqual(event.changes["title"][1], "Новое название")
        self.assertEqual(event.plan_ref, plan.pk)
        delete = reverse("admin:plans_plan_delete", args=[plan.pk])
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)

    def test_it_refuses_writes_to_domain_data_with_403(self) -> None:
        execution, document = self.forest_execution, self.forest_document
        cases = [
            ("execution_execution", execution),
            ("execution_document", document),
            ("registry_schoolstatus", self.school4.statuses.get()),
            ("results_riskassessment", None),
            ("identification_identificationrun", None),
            ("plans_comment", None),
        ]
        for name, obj in cases:
            with self.subTest(name=name):
                add = reverse(f"admin:{name}_add")
                self.assertEqual(self.client.post(add, {}).status_code, 403)
                if obj is None:
                    continue
                change = reverse(f"admin:{name}_change", args=[obj.pk])
                self.assertEqual(self.client.get(change).status_code, 200)
                self.assertEqual(self.client.post(change, {"description": "x"}).status_code, 403)
                delete = reverse(f"admin:{name}_delete", args=[obj.pk])
                self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        self.assertTrue(Execution.objects.filter(pk=execution.pk).exists())
        self.assertTrue(Document.objects.filter(pk=document.pk).exists())

    def test_it_shows_russian_labels(self) -> None:
        pages = [
            reverse("admin:index"),
            reverse("admin:execution_document_change", args=[self.forest_document.pk]),
            reverse("admin:execution_execution_change", args=[self.forest_execution.pk]),
            reverse("admin:plans_activity_change", args=[self.forest_activity.pk]),
            reverse("admin:plans_plan_change", args=[self.forest_roadmap.pk]),
            reverse("admin:registry_organisation_change", args=[self.school4.pk]),
            reverse("admin:accounts_user_change", args=[self.bob.pk]),
            reverse("admin:audit_auditevent_changelist"),
        ] + [reverse(f"admin:{name}_changelist") for name in CHANGELISTS]
        for url in pages:
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                self.assertIsNone(ENGLISH.search(html), ENGLISH.search(html))
        document = self.client.get(pages[1])
        self.assertContains(document, "Кто загрузил")
        self.assertContains(document, "Проведение")

    def test_every_field_of_ours_has_a_russian_name(self) -> None:
        for model in apps.get_models():
            if not model.__module__.startswith("orientir."):
                continue
            for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
                if field.primary_key:
                    continue
                with self.subTest(field=f"{model._meta.label}.{field.name}"):
                    self.assertRegex(str(field.verbose_name), "[а-яёА-ЯЁ]")

    def test_it_links_a_documents_file_through_the_checked_view(self) -> None:
        document = self.forest_document
        document.file.save("prikaz-237.pdf", ContentFile(b"%PDF-1.4 order"), save=True)
        html = self.client.get(
            reverse("admin:execution_document_change", args=[document.pk])
        ).content.decode()
        download = reverse("document-download", args=[document.pk])
        self.assertIn(f'href="{download}"', html)
        self.assertNotIn('href="/media/', html)
        response = self.client.get(download)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4 order")
        inline = self.client.get(
            reverse("admin:execution_execution_change", args=[self.forest_execution.pk])
        ).content.decode()
        self.assertIn(f'href="{download}"', inline)
