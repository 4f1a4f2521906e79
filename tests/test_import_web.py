"""The upload → preview → confirm pages."""

from __future__ import annotations

import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import override_settings
from django.urls import reverse

from orientir.imports import uploads
from orientir.imports.models import ImportRecord
from orientir.imports.samples import roadmap_sample, to_docx, to_txt
from orientir.plans.models import Plan
from tests.base import BaseTestCase

MEDIA = tempfile.mkdtemp(prefix="orientir-import-media-")


@override_settings(MEDIA_ROOT=MEDIA)
class ImportPagesTests(BaseTestCase):
    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def upload(self, user: object, data: bytes, name: str = "roadmap.docx", **fields: object):
        self.client.force_login(user)
        file = SimpleUploadedFile(name, data)
        return self.client.post(reverse("import-upload"), {"file": file, **fields})

    def token_of(self, response: object) -> str:
        self.assertEqual(response.status_code, 302)
        return response["Location"].split("/")[2]

    def test_it_shows_the_upload_form(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(reverse("import-upload"))
        self.assertContains(response, "Загрузить и просмотреть")

    def test_it_imports_after_preview_and_confirm(self) -> None:
        token = self.token_of(self.upload(self.bob, to_docx(roadmap_sample(4))))
        preview = self.client.get(reverse("import-preview", args=[token]))
        self.assertContains(preview, "Проведение семинара для заместителей директоров № 4")
        self.assertContains(preview, "Август 2018 года")
        self.assertContains(preview, "сроки</strong> ← «Сроки»")
        self.assertFalse(Plan.objects.filter(title__startswith="Дорожная карта по").exists())
        response = self.client.post(reverse("import-confirm", args=[token]), {"kind": ""})
        plan = Plan.objects.get(title__startswith="Дорожная карта по")
        self.assertRedirects(response, reverse("plan", args=[plan.pk]))
        self.assertEqual((plan.municipality, plan.activities.count()), (self.forest, 4))
        self.assertEqual(ImportRecord.objects.get().actor, self.bob)
        with self.assertRaises(Http404):
            uploads.pending_path(self.bob.pk, token)

    def test_it_names_kinds_and_deadlines_in_russian_in_the_preview(self) -> None:
        token = self.token_of(self.upload(self.bob, to_docx(roadmap_sample(4))))
        preview = self.client.get(reverse("import-preview", args=[token]))
        self.assertContains(preview, "<dd>Муниципальная дорожная карта</dd>", html=True)
        self.assertContains(preview, "с 01.08.2018 по 31.08.2018")
        for code in (">roadmap<", ">period<", ">event<"):
            self.assertNotContains(preview, code)

    def test_it_says_in_the_preview_that_the_file_was_imported_before(self) -> None:
        data = to_docx(roadmap_sample(4))
        token = self.token_of(self.upload(self.bob, data))
        self.client.post(reverse("import-confirm", args=[token]), {"kind": ""})
        plan = Plan.objects.get(title__startswith="Дорожная карта по")

        again = self.token_of(self.upload(self.bob, data))
        preview = self.client.get(reverse("import-preview", args=[again]))
        self.assertContains(preview, "Этот файл уже загружали")
        self.assertContains(preview, f'href="{reverse("plan", args=[plan.pk])}"')
        self.assertContains(preview, "ничего не задвоится")

        # Приморск learns nothing of Лесной район's imports.
        other = self.token_of(self.upload(self.mike, data))
        self.assertNotContains(
            self.client.get(reverse("import-preview", args=[other])), "Этот файл уже загружали"
        )

    def test_it_lets_a_school_import_its_programme(self) -> None:
        sample = roadmap_sample(2)
        sample.title = "Программа перехода школы в эффективный режим на 2018/2019 учебный год"
        token = self.token_of(self.upload(self.sam, to_txt(sample), "programme.txt"))
        response = self.client.post(reverse("import-confirm", args=[token]), {})
        plan = Plan.objects.get(title__startswith="Программа перехода школы")
        self.assertRedirects(response, reverse("plan", args=[plan.pk]))
        self.assertEqual(plan.school, self.school4)

    def test_it_hides_another_users_upload(self) -> None:
        token = self.token_of(self.upload(self.bob, to_docx(roadmap_sample())))
        self.client.force_login(self.mike)
        self.assertEqual(self.client.get(reverse("import-preview", args=[token])).status_code, 404)
        response = self.client.post(reverse("import-confirm", args=[token]), {})
        self.assertEqual(response.status_code, 404)

    def test_it_refuses_another_municipality(self) -> None:
        token = self.token_of(self.upload(self.bob, to_docx(roadmap_sample())))
        url = reverse("import-confirm", args=[token])
        response = self.client.post(url, {"municipality": self.seaside.pk})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Plan.objects.filter(title__startswith="Дорожная карта по").exists())

    def test_it_refuses_a_region_user_importing_a_road_map(self) -> None:
        token = self.token_of(self.upload(self.alice, to_docx(roadmap_sample())))
        url = reverse("import-confirm", args=[token])
        self.assertEqual(self.client.post(url, {"municipality": self.forest.pk}).status_code, 403)

    def test_it_refuses_users_who_keep_no_plans(self) -> None:
        self.client.force_login(self.carl)
        self.assertEqual(self.client.get(reverse("import-upload")).status_code, 403)

    def test_it_sends_anonymous_users_to_login(self) -> None:
        response = self.client.get(reverse("import-upload"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_it_refuses_a_wrong_method(self) -> None:
        token = self.token_of(self.upload(self.bob, to_docx(roadmap_sample())))
        self.assertEqual(self.client.get(reverse("import-confirm", args=[token])).status_code, 405)
        self.assertEqual(self.client.put(reverse("import-upload")).status_code, 405)

    def test_it_rejects_an_invalid_form(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(reverse("import-upload"), {"year": "2018-2020"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Обязательное поле", status_code=400)
        self.assertContains(response, "нужен вид 2018/2019", status_code=400)

    def test_it_rejects_a_document_it_cannot_read(self) -> None:
        response = self.upload(self.bob, b"just words, no table", "notes.txt")
        self.assertContains(response, "не найдена строка заголовка", status_code=400)

    @override_settings(ORIENTIR_IMPORT_MAX_BYTES=1000)
    def test_it_rejects_an_oversize_upload(self) -> None:
        response = self.upload(self.bob, b"x" * 2000, "big.txt")
        self.assertContains(response, "слишком велик", status_code=400)

    def test_it_shows_a_corrected_year_in_the_preview(self) -> None:
        token = self.token_of(self.upload(self.bob, to_docx(roadmap_sample())))
        url = reverse("import-preview", args=[token])
        response = self.client.get(url, {"year": "2020/2021"})
        self.assertContains(response, "2020/2021")
        self.assertEqual(self.client.get(url, {"year": "2020"}).status_code, 400)
