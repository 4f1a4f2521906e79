"""Reporting execution: occurrences, evidence files checked by content, activity status."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import override_settings
from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.execution import services
from orientir.execution.evidence import sniff
from orientir.execution.models import Document, Execution
from orientir.plans.deadlines import parse_deadline
from orientir.plans.models import Activity
from orientir.plans.status import derived_status
from tests.base import PASSWORD, BaseTestCase, make_activity

STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PDF = b"%PDF-1.4\n% order 12\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


class SniffTestCase(BaseTestCase):
    def test_it_recognises_each_accepted_format_by_content(self) -> None:
        cases = [
            (PDF, "pdf"),
            (PNG, "png"),
            (b"\xff\xd8\xff\xe0" + b"\x00" * 8, "jpg"),
            (ooxml("word/document.xml"), "docx"),
            (ooxml("xl/workbook.xml"), "xlsx"),
            (b"MZ\x90\x00 not a document", None),
            (b"PK\x03\x04 broken zip", None),
        ]
        for data, expected in cases:
            with self.subTest(expected=expected):
                self.assertEqual(sniff(io.BytesIO(data)), expected)


@override_settings(STORAGES=STORAGE, ORIENTIR_EVIDENCE_MAX_BYTES=1024)
class ExecutionNewTestCase(BaseTestCase):
    def data(self, **extra: Any) -> dict[str, Any]:
        return {
            "date": "2018-11-20",
            "description": "Семинар для учителей математики в СОШ № 6",
            "responsible_text": "Иванова Н.П.",
            "audience": "учителя математики",
            "participants": "18",
            "doc-kind": "order",
            "doc-number": "412",
            "doc-date": "2018-11-12",
            "doc-title": "О проведении семинара",
            "doc-issuer": "",
            "doc-url": "",
            **extra,
        }

    def post(
        self, username: str, data: dict[str, Any], activity: Activity | None = None
    ) -> HttpResponse:
        self.client.login(username=username, password=PASSWORD)
        url = reverse("execution-new", args=[(activity or self.forest_activity).pk])
        return self.client.post(url, data)

    def test_it_records_an_occurrence_with_an_order_file(self) -> None:
        upload = SimpleUploadedFile("prikaz-412.pdf", PDF, content_type="application/pdf")
        response = self.post("bob", self.data(**{"doc-file": upload}))
        self.assertEqual(response.status_code, 302)
        execution = Execution.objects.get(description__startswith="Семинар для учителей")
        document = execution.documents.get()
        self.assertEqual((document.kind, document.number), ("order", "412"))
        self.assertEqual(document.date, dt.date(2018, 11, 12))
        self.assertEqual(document.file.read(), PDF)
        self.assertEqual(document.uploaded_by, self.bob)
        actions = set(
            AuditEvent.objects.filter(activity_ref=self.forest_activity.pk).values_list(
                "action", flat=True
            )
        )
        self.assertTrue({"execution.create", "document.create"} <= actions)

    def test_it_records_an_occurrence_without_a_document(self) -> None:
        data = {k: v for k, v in self.data().items() if not k.startswith("doc-")}
        self.assertEqual(self.post("bob", data).status_code, 302)
        self.assertEqual(Execution.objects.filter(participants=18).count(), 1)

    def test_it_accepts_a_link_instead_of_a_file(self) -> None:
        self.post("bob", self.data(**{"doc-url": "https://example.org/press-release"}))
        self.assertTrue(Document.objects.filter(url="https://example.org/press-release").exists())

    def test_it_refuses_a_file_whose_content_is_not_what_its_name_says(self) -> None:
        upload = SimpleUploadedFile(
            "prikaz.pdf", b"MZ\x90\x00 program", content_type="application/pdf"
        )
        response = self.post("bob", self.data(**{"doc-file": upload}))
        self.assertContains(response, "не похоже ни на PDF", status_code=400)
        self.assertFalse(Execution.objects.filter(participants=18).exists())

    def test_it_refuses_a_png_named_as_pdf(self) -> None:
        upload = SimpleUploadedFile("foto.pdf", PNG)
        response = self.post("bob", self.data(**{"doc-file": upload}))
        self.assertContains(response, "по содержимому это PNG", status_code=400)

    def test_it_refuses_a_file_over_the_size_limit(self) -> None:
        upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
        response = self.post("bob", self.data(**{"doc-file": upload}))
        self.assertContains(response, "больше допустимого", status_code=400)

    def test_it_refuses_a_document_with_neither_file_nor_link(self) -> None:
        response = self.post("bob", self.data())
        self.assertContains(response, "Приложите файл документа", status_code=400)

    def test_it_refuses_an_occurrence_without_a_date(self) -> None:
        response = self.post("bob", self.data(date=""))
        self.assertContains(response, "Обязательное поле", status_code=400)

    def test_it_hides_another_municipalitys_activity(self) -> None:
        self.assertEqual(self.post("mike", self.data()).status_code, 404)

    def test_it_refuses_a_curator_who_only_sees(self) -> None:
        self.assertEqual(self.post("carl", self.data()).status_code, 403)

    def test_it_refuses_other_methods(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("execution-new", args=[self.forest_activity.pk])
        self.assertEqual(self.client.delete(url).status_code, 405)

    def test_it_leaves_no_occurrence_when_the_document_fails(self) -> None:
        before = Execution.objects.count()
        with mock.patch("orientir.execution.services.record") as audit:
            audit.side_effect = [None, RuntimeError("сбой")]
            with self.assertRaises(RuntimeError):
                services.execution_create(
                    actor=self.bob,
                    activity=self.forest_activity,
                    values={"date": dt.date(2018, 11, 20), "description": "Не сохранится"},
                    document={"kind": "order", "url": "https://example.org/x"},
                )
        self.assertEqual(Execution.objects.count(), before)
        self.assertFalse(Document.objects.filter(url="https://example.org/x").exists())


@override_settings(STORAGES=STORAGE)
class ExecutionChangeTestCase(BaseTestCase):
    def test_it_adds_a_document_to_an_occurrence(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        upload = SimpleUploadedFile("protokol.docx", ooxml("word/document.xml"))
        data = {
            "kind": "protocol",
            "number": "3",
            "date": "2018-09-12",
            "title": "",
            "file": upload,
        }
        url = reverse("document-new", args=[self.forest_execution.pk])
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertTrue(
            self.forest_execution.documents.filter(kind="protocol", number="3").exists()
        )

    def test_it_deletes_a_document_and_keeps_it_in_the_history(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        self.client.post(reverse("document-delete", args=[self.forest_document.pk]))
        self.assertFalse(Document.objects.filter(pk=self.forest_document.pk).exists())
        event = AuditEvent.objects.get(action="document.delete")
        self.assertEqual(event.changes["number"], ["237", None])

    def test_it_refuses_to_delete_another_municipalitys_evidence(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("document-delete", args=[self.seaside_document.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        url = reverse("execution-delete", args=[self.seaside_execution.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(Document.objects.filter(pk=self.seaside_document.pk).exists())

    def test_it_corrects_an_occurrence_with_before_and_after(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        data = {
            "date": "2018-09-12",
            "description": "Семинар",
            "participants": "30",
            "version": 1,
        }
        self.client.post(reverse("execution-edit", args=[self.forest_execution.pk]), data)
        event = AuditEvent.objects.get(action="execution.update")
        self.assertEqual(event.changes["participants"], [24, 30])


class StatusTestCase(BaseTestCase):
    def test_it_derives_the_status_from_executions_and_deadline(self) -> None:
        today = dt.date(2019, 1, 10)
        cases = [
            ("октябрь", 0, "planned"),
            ("до 1 ноября", 1, "done"),
            ("Ноябрь 2018 – май 2019", 1, "in_progress"),
            ("Сентябрь- октябрь 2018 года", 2, "done"),
            ("По отдельному графику", 3, "in_progress"),
        ]
        for text, executions, expected in cases:
            with self.subTest(text=text):
                deadline = parse_deadline(text, 2018)
                self.assertEqual(derived_status(deadline, executions, today), expected)

    def test_it_updates_the_status_when_an_occurrence_is_recorded(self) -> None:
        activity = make_activity(self.forest_roadmap, "1.2.", "Совещание", "до 1 ноября")
        services.execution_create(
            actor=self.bob, activity=activity, values={"date": dt.date(2018, 10, 30)}
        )
        activity.refresh_from_db()
        self.assertEqual(activity.status, Activity.Status.DONE)

    def test_it_sets_a_status_by_hand_only_with_a_reason(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("activity-status", args=[self.forest_activity.pk])
        response = self.client.post(url, {"status": "cancelled", "reason": "", "version": 1})
        self.assertContains(response, "Укажите причину", status_code=400)
        reason = "Семинар перенесён на уровень края"
        self.client.post(url, {"status": "cancelled", "reason": reason, "version": 1})
        self.forest_activity.refresh_from_db()
        self.assertEqual(self.forest_activity.status, "cancelled")
        self.assertTrue(self.forest_activity.status_manual)
        services.execution_create(actor=self.bob, activity=self.forest_activity, values={})
        self.forest_activity.refresh_from_db()
        self.assertEqual(self.forest_activity.status, "cancelled")

    def test_it_returns_to_the_derived_status(self) -> None:
        Activity.objects.filter(pk=self.forest_activity.pk).update(
            status="not_done", status_manual=True
        )
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("activity-status", args=[self.forest_activity.pk])
        self.client.post(url, {"status": "", "version": 1})
        self.forest_activity.refresh_from_db()
        self.assertEqual(
            (self.forest_activity.status, self.forest_activity.status_manual), ("done", False)
        )

    def test_it_refuses_a_status_change_from_another_territory(self) -> None:
        self.client.login(username="mike", password=PASSWORD)
        url = reverse("activity-status", args=[self.forest_activity.pk])
        self.assertEqual(self.client.post(url, {"status": ""}).status_code, 404)


class LongFileNameTestCase(BaseTestCase):
    """A Cyrillic name longer than the file system allows is stored short, kept whole."""

    LONG_NAME = (
        "Приказ управления образования администрации муниципального образования Лесной район "
        "о проведении муниципального семинара по программам перехода школ в эффективный режим "
        "функционирования и развития № 412 от 12.11.2018.PDF"
    )

    def setUp(self) -> None:
        import tempfile

        media = tempfile.TemporaryDirectory()
        self.addCleanup(media.cleanup)
        storages = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": STORAGE["staticfiles"],
        }
        self.enterContext(override_settings(STORAGES=storages, MEDIA_ROOT=media.name))
        self.client.login(username="bob", password=PASSWORD)

    def upload(self) -> HttpResponse:
        data = {"kind": "order", "number": "412", "date": "2018-11-12", "title": ""}
        data["file"] = SimpleUploadedFile(self.LONG_NAME, PDF)
        return self.client.post(reverse("document-new", args=[self.forest_execution.pk]), data)

    def test_it_stores_a_long_cyrillic_name_short_with_its_extension(self) -> None:
        self.assertGreater(len(self.LONG_NAME.encode()), 255)
        self.assertEqual(self.upload().status_code, 302)
        document = self.forest_execution.documents.get(number="412")
        stored = document.file.name.rpartition("/")[2]
        self.assertLessEqual(len(stored.encode()), 255)
        self.assertTrue(stored.startswith("Приказ_управления_образования"))
        self.assertTrue(stored.endswith(".pdf"))
        self.assertEqual(document.original_name, self.LONG_NAME)
        self.assertEqual(document.file.read(), PDF)

    def test_it_keeps_two_files_of_the_same_long_name_apart(self) -> None:
        self.upload()
        self.upload()
        first, second = self.forest_execution.documents.filter(number="412").order_by("pk")
        self.assertNotEqual(first.file.name, second.file.name)
        self.assertEqual(first.original_name, second.original_name)

    def test_it_downloads_the_file_by_its_original_name(self) -> None:
        from urllib.parse import quote

        self.upload()
        document = self.forest_execution.documents.get(number="412")
        response = self.client.get(reverse("document-download", args=[document.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(
            response["Content-Disposition"],
            f"attachment; filename*=utf-8''{quote(self.LONG_NAME)}",
        )
        self.assertEqual(b"".join(response.streaming_content), PDF)

    def test_it_shows_the_original_name_on_the_activity_page(self) -> None:
        self.upload()
        response = self.client.get(reverse("activity", args=[self.forest_activity.pk]))
        self.assertContains(response, f'title="{self.LONG_NAME}"')

    def test_it_records_the_original_name_in_the_history(self) -> None:
        self.upload()
        event = AuditEvent.objects.filter(action="document.create").latest("pk")
        self.assertEqual(event.changes["original_name"], [None, self.LONG_NAME])


class StoredNameTestCase(BaseTestCase):
    def test_it_cuts_names_by_bytes_at_a_letter_and_keeps_the_extension(self) -> None:
        from orientir.lib.filenames import stored_name

        table = [
            ("prikaz-412.pdf", "prikaz-412.pdf"),
            ("Протокол.DOCX", "Протокол.docx"),
            ("C:\\Users\\Иванова\\Рабочий стол\\фото.jpg", "фото.jpg"),
            ("../../etc/passwd", "passwd"),
            ("я" * 200 + ".pdf", "я" * 58 + ".pdf"),
            ("я" * 200, "я" * 60),
            (".pdf", ".pdf"),
            ("...", "file"),
        ]
        for name, expected in table:
            with self.subTest(name=name):
                self.assertEqual(stored_name(name), expected)
                self.assertLessEqual(len(stored_name(name).encode()), 120)
