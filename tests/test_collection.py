"""The methodological collection (issue 11, item 6; seed 000, item 13)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
import unittest
from pathlib import Path

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import SimpleTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.lib.office import soffice
from orientir.registry.models import Municipality
from orientir.reports import collection, services
from orientir.reports.markup import Block, docx_markup, pages, parse
from orientir.reports.models import ExportJob, ModelDescription
from tests.base import BaseTestCase
from tests.test_export_jobs import STORAGE, run_worker

TODAY = dt.date(2019, 6, 1)
MODEL = """## Цель модели
Повышение качества образования в школах
с низкими результатами обучения.

## Направления
- наставничество;
- сетевые методические объединения.

Модель работает с 2018 года.
"""


def word_file(*lines: tuple[str, str]) -> bytes:
    document = docx.Document()
    for style, text in lines:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_body(data: bytes) -> tuple[str, str, list[list[str]]]:
    """The paragraphs' text, the raw XML (for fields) and the tables of a .docx."""
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    return text, document.element.xml, tables


class MarkupTestCase(SimpleTestCase):
    def test_it_reads_headings_paragraphs_and_items(self) -> None:
        self.assertEqual(
            parse(MODEL),
            [
                Block("heading", "Цель модели"),
                Block(
                    "paragraph",
                    "Повышение качества образования в школах с низкими результатами обучения.",
                ),
                Block("heading", "Направления"),
                Block("item", "наставничество;"),
                Block("item", "сетевые методические объединения."),
                Block("paragraph", "Модель работает с 2018 года."),
            ],
        )

    def test_it_reads_many_small_inputs(self) -> None:
        cases = [
            ("", []),
            ("##", []),
            ("# Один знак", [Block("heading", "Один знак")]),
            ("* звёздочка", [Block("item", "звёздочка")]),
            ("• точка", [Block("item", "точка")]),
            ("-без пробела", [Block("paragraph", "-без пробела")]),
            ("а\r\n\r\nб", [Block("paragraph", "а"), Block("paragraph", "б")]),
        ]
        for text, blocks in cases:
            with self.subTest(text=text):
                self.assertEqual(parse(text), blocks)

    def test_it_counts_pages_in_russian(self) -> None:
        cases = [
            (0, "меньше страницы"),
            (350, "около страницы"),
            (800, "около 2 страниц"),
            (1000, "около 3 страниц"),
            (2000, "около 6 страниц"),
        ]
        for count, expected in cases:
            with self.subTest(count=count):
                self.assertEqual(pages(count), expected)

    def test_it_takes_the_text_of_a_word_file_as_markup(self) -> None:
        data = word_file(
            ("Heading 1", "Цель модели"),
            ("Normal", "Повышение качества образования."),
            ("List Bullet", "наставничество"),
        )
        self.assertEqual(
            parse(docx_markup(data)),
            [
                Block("heading", "Цель модели"),
                Block("paragraph", "Повышение качества образования."),
                Block("item", "наставничество"),
            ],
        )


@override_settings(STORAGES=STORAGE)
class CollectionTestCase(BaseTestCase):
    def url(self, municipality: Municipality | None = None) -> str:
        return reverse("model-description", args=[(municipality or self.forest).pk, 2018])

    def write(self, text: str = MODEL, version: str = ""):  # type: ignore[no-untyped-def]
        return self.client.post(self.url(), {"text": text, "version": version})

    def test_it_lets_the_municipality_write_its_model(self) -> None:
        self.client.force_login(self.bob)
        self.assertContains(self.client.get(self.url()), "Написать описание")
        self.assertRedirects(self.write(), self.url())
        found = ModelDescription.objects.get()
        self.assertEqual(
            (found.municipality, found.text, found.updated_by),
            (self.forest, MODEL.strip(), self.bob),
        )
        page = self.client.get(self.url())
        self.assertContains(page, "<h2>Цель модели</h2>", html=True)
        self.assertContains(
            page,
            "<ul><li>наставничество;</li><li>сетевые методические объединения.</li></ul>",
            html=True,
        )
        self.assertContains(page, "меньше страницы")
        event = AuditEvent.objects.get(action="model_description.save")
        self.assertEqual((event.actor, event.changes["before"]), (self.bob, ""))

    def test_it_keeps_the_replaced_text_in_the_audit_log(self) -> None:
        self.client.force_login(self.bob)
        self.write("## Первая редакция")
        version = self.client.get(self.url()).context["form"].initial["version"]
        self.write(MODEL, version)
        events = AuditEvent.objects.filter(action="model_description.save").order_by("pk")
        self.assertEqual([e.changes["before"] for e in events], ["", "## Первая редакция"])

    def test_it_refuses_to_save_over_an_edit_made_meanwhile(self) -> None:
        self.client.force_login(self.bob)
        self.write("## Первая редакция")
        stale = self.client.get(self.url()).context["form"].initial["version"]
        self.write("## Правка коллеги", stale)
        response = self.write("## Моя правка", stale)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "пока вы его правили")
        self.assertContains(response, "## Моя правка")  # the typed text stays in the form
        self.assertEqual(ModelDescription.objects.get().text, "## Правка коллеги")

    def test_it_takes_a_word_file(self) -> None:
        self.client.force_login(self.bob)
        data = word_file(("Heading 1", "Наша модель"), ("List Bullet", "тьюторство"))
        upload = SimpleUploadedFile("модель.docx", data)
        response = self.client.post(self.url(), {"file": upload, "version": ""})
        self.assertRedirects(response, self.url())
        found = ModelDescription.objects.get()
        self.assertEqual(
            (found.source, parse(found.text)[0]), ("docx", Block("heading", "Наша модель"))
        )

    def test_it_refuses_a_file_that_is_not_word(self) -> None:
        self.client.force_login(self.bob)
        for name, data in (("модель.docx", b"%PDF-1.4 fake"), ("модель.pdf", b"%PDF-1.4 fake")):
            with self.subTest(name=name):
                upload = SimpleUploadedFile(name, data)
                response = self.client.post(self.url(), {"file": upload, "version": ""})
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].non_field_errors())
        self.assertContains(self.write(""), "Напишите описание")
        self.assertFalse(ModelDescription.objects.exists())

    def test_it_lets_only_the_municipalitys_coordinator_write(self) -> None:
        for user in (self.alice, self.anna, self.carl, self.mike):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                expected = 404 if user is self.mike else 403
                self.assertEqual(self.write().status_code, expected)
        self.client.force_login(self.carl)
        self.assertNotContains(self.client.get(self.url()), '<form method="post" enctype')
        self.client.force_login(self.sam)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertFalse(ModelDescription.objects.exists())

    def test_it_shows_the_region_who_has_not_written_yet(self) -> None:
        ModelDescription.objects.create(
            municipality=self.forest, academic_year=self.year, text=MODEL
        )
        url = reverse("collection", args=[self.region.pk, 2018])
        self.client.force_login(self.anna)
        page = self.client.get(url)
        self.assertEqual(page.context["missing"], 1)
        self.assertContains(page, "не написано", count=1)
        for user in (self.bob, self.carl, self.sam):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_it_compiles_the_collection_in_the_background(self) -> None:
        ModelDescription.objects.create(
            municipality=self.forest, academic_year=self.year, text=MODEL
        )
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("export-start", args=[self.region.pk]),
            {"kind": "collection", "year": 2018, "fmt": "docx"},
        )
        job = ExportJob.objects.get()
        self.assertRedirects(response, reverse("export-job", args=[job.pk]))
        run_worker()
        job.refresh_from_db()
        self.assertEqual((job.state, job.fmt), (ExportJob.State.DONE, "docx"))
        download = self.client.get(reverse("export-download", args=[job.pk]))
        text, xml, tables = docx_body(b"".join(download.streaming_content))
        self.assertIn("МЕТОДИЧЕСКИЙ СБОРНИК", text)
        self.assertIn("Министерство образования Южной области", text)
        self.assertIn('TOC \\o "1-1"', xml)
        self.assertIn(
            "Повышение качества образования в школах с низкими результатами обучения.", text
        )
        self.assertIn(f"{self.seaside.name}\n{collection.MISSING}", text)
        self.assertIn(["1", self.forest.name, "1", "1", "0", "0"], [row[:6] for row in tables])

    def test_it_refuses_a_collection_in_an_unknown_format(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("export-start", args=[self.region.pk]),
            {"kind": "collection", "year": 2018, "fmt": "xlsx"},
        )
        self.assertEqual(response.status_code, 400)
        self.client.force_login(self.bob)
        response = self.client.post(
            reverse("export-start", args=[self.region.pk]), {"kind": "collection", "year": 2018}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ExportJob.objects.exists())

    def test_it_reads_the_collection_in_as_many_queries_for_more_municipalities(self) -> None:
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                collection.collection_document(self.region, self.year, "http://x", TODAY)
            return len(captured)

        few = queries()
        for n in range(5):
            place = Municipality.objects.create(region=self.region, name=f"Район {n}")
            ModelDescription.objects.create(municipality=place, academic_year=self.year, text=MODEL)
        self.assertEqual(queries(), few)
        self.client.force_login(self.alice)
        url = reverse("collection", args=[self.region.pk, 2018])
        with CaptureQueriesContext(connection) as captured:
            self.client.get(url)
        Municipality.objects.create(region=self.region, name="Ещё район")
        with self.assertNumQueries(len(captured)):
            self.client.get(url)

    def test_it_writes_the_collection_by_command(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "сборник.docx"
            out = io.StringIO()
            call_command(
                "export", "collection", "--year", "2018/2019", "-o", str(target), stdout=out
            )
            self.assertEqual(out.getvalue().strip(), str(target))
            text, _, _ = docx_body(target.read_bytes())
        self.assertIn("МЕТОДИЧЕСКИЙ СБОРНИК", text)
        self.assertTrue(AuditEvent.objects.filter(action="collection.export").exists())
        err = io.StringIO()
        with contextlib.redirect_stderr(err), self.assertRaises(SystemExit):
            call_command("export", "collection", "--year", "2018/2019", "--format", "xlsx")
        self.assertIn("Формат «xlsx» не поддерживается", err.getvalue())

    @unittest.skipUnless(soffice(), "LibreOffice (soffice) не установлен")
    def test_it_gives_the_collection_as_pdf(self) -> None:
        import pdfplumber

        ModelDescription.objects.create(
            municipality=self.forest, academic_year=self.year, text=MODEL
        )
        found = services.collection_export(
            actor=self.alice, region=self.region, year=self.year, fmt="pdf", today=TODAY
        )
        with pdfplumber.open(io.BytesIO(found.data)) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        for expected in (
            "МЕТОДИЧЕСКИЙ СБОРНИК",
            "СОДЕРЖАНИЕ",
            self.forest.name,
            "Цель модели",
            "Сводная таблица",
        ):
            self.assertIn(expected, text)
