"""Uploads have limits, zip bombs are refused unread, and pending files never outlive their use."""

from __future__ import annotations

import functools
import io
import os
import shutil
import struct
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import HttpResponse
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from orientir.execution.models import Execution
from orientir.imports import uploads as document_uploads
from orientir.imports.errors import ImportProblem
from orientir.imports.parsing import parse_upload
from orientir.imports.samples import roadmap_sample, to_docx
from orientir.lib.archives import ArchiveError, check_archive, check_upload
from orientir.lib.tables import TableError, read_table
from orientir.results.models import AssessmentResult
from orientir.results.templates_xlsx import template_workbook
from orientir.results.uploads import STORE as TABLES
from tests.base import PASSWORD, BaseTestCase

MB = 1024 * 1024
RESULTS_CSV = (
    "municipality;school_id;school_name;year;assessment;subject;participants;failed\n"
    "Лесной район;99-0106;СОШ № 6;2019/2020;ОГЭ;Математика;30;2\n"
).encode()


@functools.cache
def bomb(main_part: str = "word/document.xml", megabytes: int = 200) -> bytes:
    """A real zip bomb: one member of `megabytes` of zeros, deflated to a few hundred KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(main_part, "w", force_zip64=True) as member:
            chunk = bytes(MB)
            for _ in range(megabytes):
                member.write(chunk)
    return buffer.getvalue()


def forged(declared: int, part: str = "word/document.xml") -> bytes:
    """A small zip whose table of contents claims `declared` bytes for its one member."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(part, "<x/>")
    data = bytearray(buffer.getvalue())
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def many_entries(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(count):
            archive.writestr(f"xl/part{number}.xml", "<x/>")
    return buffer.getvalue()


def nested(inner: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", "<x/>")
        archive.writestr("word/embeddings/Microsoft_Excel_Worksheet.xlsx", inner)
    return buffer.getvalue()


def files_under(root: str) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


class ArchiveCheckTests(SimpleTestCase):
    def test_it_refuses_a_member_that_unpacks_past_the_limit(self) -> None:
        with self.assertRaisesMessage(ArchiveError, "предел — 100 МБ"):
            check_archive(bomb(), "bomb.docx", max_unpacked=100 * MB, max_entries=100)

    def test_it_refuses_a_forged_table_of_contents(self) -> None:
        with self.assertRaisesMessage(ArchiveError, "предел — 100 МБ"):
            check_archive(forged(4 * 1024 * MB - 1), "forged.docx", 100 * MB, 100)

    def test_it_refuses_a_large_member_compressed_beyond_the_ratio(self) -> None:
        with self.assertRaisesMessage(ArchiveError, "предел — 100:1"):
            check_archive(bomb("xl/worksheets/sheet1.xml", 5), "bomb.xlsx", 1024 * MB, 100)

    def test_it_refuses_too_many_entries(self) -> None:
        with self.assertRaisesMessage(ArchiveError, "больше предела в 20"):
            check_archive(many_entries(21), "many.xlsx", 100 * MB, 20)

    def test_it_counts_what_a_nested_archive_holds(self) -> None:
        with self.assertRaisesMessage(ArchiveError, "предел — 100 МБ"):
            check_archive(nested(forged(4 * 1024 * MB - 1)), "nested.docx", 100 * MB, 100)
        with self.assertRaisesMessage(ArchiveError, "глубже 2 уровней"):
            check_archive(nested(nested(nested(forged(10)))), "deep.docx", 100 * MB, 100)

    def test_it_refuses_a_broken_table_of_contents(self) -> None:
        with self.assertRaisesMessage(ArchiveError, "оглавление архива"):
            check_archive(b"PK\x03\x04" + bytes(100), "broken.docx", 100 * MB, 100)

    def test_it_accepts_real_documents(self) -> None:
        check_upload(to_docx(roadmap_sample(4)), "roadmap.docx")
        check_upload(template_workbook("results"), "results.xlsx")
        check_upload(nested(template_workbook("results")), "with-chart.docx")

    @override_settings(ORIENTIR_UNPACKED_MAX_BYTES=50 * MB, ORIENTIR_ARCHIVE_MAX_ENTRIES=20)
    def test_it_takes_its_limits_from_the_settings(self) -> None:
        with self.assertRaisesMessage(ArchiveError, "предел — 50 МБ"):
            check_upload(forged(60 * MB), "forged.docx")
        with self.assertRaisesMessage(ArchiveError, "больше предела в 20"):
            check_upload(many_entries(21), "many.xlsx")
        check_upload(b"plain text, not an archive", "notes.txt")

    def test_the_document_importer_refuses_a_bomb_before_parsing(self) -> None:
        with self.assertRaisesMessage(ImportProblem, "предел — 100 МБ"):
            parse_upload(bomb(), "roadmap.docx")
        with self.assertRaisesMessage(ImportProblem, "предел — 100 МБ"):
            parse_upload(bomb("xl/worksheets/sheet1.xml"), "roadmap.xlsx")

    def test_the_table_reader_refuses_a_bomb_before_parsing(self) -> None:
        with self.assertRaisesMessage(TableError, "предел — 100 МБ"):
            read_table(bomb("xl/worksheets/sheet1.xml"), "results.xlsx")


class UploadsDirMixin:
    media: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.media = tempfile.mkdtemp(prefix="orientir-uploads-")
        # DATA_DIR too: results files used to wait there, outside the media storage.
        cls._media = override_settings(MEDIA_ROOT=cls.media, DATA_DIR=Path(cls.media))
        cls._media.enable()
        super().setUpClass()  # type: ignore[misc]

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()  # type: ignore[misc]
        cls._media.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    def tearDown(self) -> None:
        shutil.rmtree(self.media, ignore_errors=True)
        os.makedirs(self.media, exist_ok=True)


class ResultsUploadTests(UploadsDirMixin, BaseTestCase):
    def post(self, **data: Any) -> HttpResponse:
        self.client.login(username="anna", password=PASSWORD)
        return self.client.post(reverse("results_upload"), {"kind": "results", **data})

    def upload(self, data: bytes, name: str = "r.csv") -> HttpResponse:
        return self.post(file=SimpleUploadedFile(name, data))

    @override_settings(ORIENTIR_RESULTS_MAX_BYTES=100)
    def test_it_refuses_a_file_over_the_size_limit_unread(self) -> None:
        response = self.upload(RESULTS_CSV + b"x" * 100)
        self.assertContains(response, "слишком велик", status_code=400)
        self.assertContains(response, "предел — 100 байт", status_code=400)
        self.assertEqual(files_under(self.media), [])

    def test_it_refuses_a_workbook_bomb_with_the_limit_named(self) -> None:
        response = self.upload(bomb("xl/worksheets/sheet1.xml"), "results.xlsx")
        self.assertContains(response, "предел — 100 МБ", status_code=400)
        self.assertEqual(files_under(self.media), [])

    def test_it_keeps_nothing_of_a_file_with_bad_rows(self) -> None:
        response = self.upload(RESULTS_CSV.replace(b"2019/2020", b"2019"))
        self.assertContains(response, "столбец «year»", status_code=400)
        self.assertEqual(files_under(self.media), [])

    def test_it_deletes_the_file_on_confirmation(self) -> None:
        token = self.upload(RESULTS_CSV).context["token"]
        self.assertEqual(len(files_under(self.media)), 1)
        self.assertContains(self.post(token=token), "добавлено 1")
        self.assertEqual(files_under(self.media), [])
        self.assertEqual(self.post(token=token).status_code, 404)

    def test_it_deletes_the_file_on_cancel(self) -> None:
        token = self.upload(RESULTS_CSV).context["token"]
        self.assertContains(self.post(token=token, cancel="1"), "Загрузка отменена")
        self.assertEqual(files_under(self.media), [])
        self.assertFalse(AssessmentResult.objects.filter(assessment="ОГЭ").exists())

    def test_it_keeps_an_upload_private_to_its_uploader(self) -> None:
        token = self.upload(RESULTS_CSV).context["token"]
        self.client.login(username="alice", password=PASSWORD)
        response = self.client.post(reverse("results_upload"), {"kind": "results", "token": token})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(AssessmentResult.objects.filter(assessment="ОГЭ").exists())


class DocumentUploadTests(UploadsDirMixin, BaseTestCase):
    def upload(self, data: bytes, name: str = "roadmap.docx") -> HttpResponse:
        self.client.force_login(self.bob)
        return self.client.post(reverse("import-upload"), {"file": SimpleUploadedFile(name, data)})

    def test_it_refuses_a_document_bomb_and_keeps_nothing(self) -> None:
        response = self.upload(bomb())
        self.assertContains(response, "предел — 100 МБ", status_code=400)
        self.assertEqual(files_under(self.media), [])

    def test_it_deletes_the_file_on_cancel(self) -> None:
        response = self.upload(to_docx(roadmap_sample(2)))
        token = response["Location"].split("/")[2]
        self.assertEqual(len(files_under(self.media)), 1)
        cancelled = self.client.post(reverse("import-cancel", args=[token]))
        self.assertRedirects(cancelled, reverse("import-upload"))
        self.assertEqual(files_under(self.media), [])

    def test_it_deletes_the_file_on_confirmation(self) -> None:
        token = self.upload(to_docx(roadmap_sample(2)))["Location"].split("/")[2]
        self.client.post(reverse("import-confirm", args=[token]), {"kind": ""})
        self.assertEqual(files_under(self.media), [])


class EvidenceUploadTests(UploadsDirMixin, BaseTestCase):
    def test_it_refuses_a_zip_bomb_docx_as_evidence(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        data = {
            "date": "2018-11-20",
            "description": "Семинар для учителей математики",
            "responsible_text": "Иванова Н.П.",
            "participants": "18",
            "doc-kind": "order",
            "doc-number": "412",
            "doc-date": "2018-11-12",
            "doc-file": SimpleUploadedFile("prikaz.docx", bomb()),
        }
        response = self.client.post(reverse("execution-new", args=[self.forest_activity.pk]), data)
        self.assertContains(response, "предел — 100 МБ", status_code=400)
        self.assertFalse(Execution.objects.filter(participants=18).exists())
        self.assertEqual(files_under(self.media), [])


class SweepTests(UploadsDirMixin, BaseTestCase):
    def age(self, root: str, hours: int) -> None:
        old = time.time() - hours * 3600
        for path in files_under(root):
            os.utime(path, (old, old))

    def test_it_sweeps_old_pending_uploads_of_both_kinds(self) -> None:
        document_uploads.save_pending(self.bob.pk, "old.docx", b"old")
        TABLES.save(self.anna.pk, "old.csv", b"old")
        self.age(self.media, hours=30)
        fresh = TABLES.save(self.alice.pk, "fresh.csv", b"fresh")
        out = io.StringIO()
        call_command("uploads", "sweep", stdout=out)
        self.assertIn("Удалено 2 загрузки", out.getvalue())
        self.assertEqual([p.name for p in files_under(self.media)], ["fresh.csv"])
        self.assertEqual(TABLES.load(self.alice.pk, fresh), ("fresh.csv", b"fresh"))

    def test_it_sweeps_younger_uploads_when_asked(self) -> None:
        TABLES.save(self.anna.pk, "r.csv", b"r")
        self.age(self.media, hours=3)
        call_command("uploads", "sweep", "--older-than", "2", stdout=io.StringIO())
        self.assertEqual(files_under(self.media), [])

    def test_it_refuses_a_bad_number_of_hours_in_russian(self) -> None:
        with self.assertRaises(SystemExit) as exit_code:
            call_command("uploads", "sweep", "--older-than", "сутки", stdout=io.StringIO())
        self.assertEqual(exit_code.exception.code, 2)
