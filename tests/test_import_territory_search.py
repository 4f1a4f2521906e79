"""The import form's territory: a search field with suggestions, not a list of every school."""

from __future__ import annotations

import shutil
import tempfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpResponse
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.accounts.models import User
from orientir.imports.samples import roadmap_sample, to_docx, to_txt
from orientir.imports.territory import SEARCH_LIMIT
from orientir.plans.models import Plan
from orientir.registry.models import Municipality, Organisation
from tests.base import BaseTestCase, make_school

MEDIA = tempfile.mkdtemp(prefix="orientir-territory-media-")


def programme() -> bytes:
    sample = roadmap_sample(2)
    sample.title = "Программа перехода школы в эффективный режим на 2018/2019 учебный год"
    return to_txt(sample)


@override_settings(MEDIA_ROOT=MEDIA)
class TerritorySearchTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.root = User.objects.create_superuser("root", password="x" * 12)

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def grow(self, n: int) -> None:
        """`n` schools more in each municipality, and a municipality more."""
        start = Organisation.objects.count()
        for i in range(start, start + n):
            make_school(self.forest, f"{i}", f"99-1{i:03}")
            make_school(self.seaside, f"{i}", f"99-2{i:03}")
            Municipality.objects.create(region=self.region, name=f"Район № {i}")

    def search(self, user: User, kind: str, q: str) -> list[dict[str, Any]]:
        self.client.force_login(user)
        response = self.client.get(reverse("import-territories"), {"kind": kind, "q": q})
        self.assertEqual(response.status_code, 200)
        return list(response.json()["results"])

    def upload(self, user: User, data: bytes, name: str, **fields: object) -> HttpResponse:
        self.client.force_login(user)
        file = SimpleUploadedFile(name, data)
        return self.client.post(reverse("import-upload"), {"file": file, **fields})

    def test_it_renders_no_list_of_territories_whatever_their_number(self) -> None:
        self.client.force_login(self.root)
        url = reverse("import-upload")
        self.grow(2)
        with CaptureQueriesContext(connection) as small:
            first = self.client.get(url).content.decode()
        self.grow(30)
        with self.assertNumQueries(len(small)):
            second = self.client.get(url).content.decode()
        self.assertEqual(len(first), len(second))
        self.assertNotIn("МБОУ СОШ № 4", second)
        self.assertNotIn('<option value="' + str(self.school4.pk), second)
        self.assertIn('data-territory-search="/imports/territories/?kind=school"', second)
        self.assertIn('id="id_school_name"', second)
        self.assertIn('type="hidden" name="school"', second)

    def test_it_suggests_only_what_the_user_may_import_into(self) -> None:
        labels = [r["label"] for r in self.search(self.bob, "school", "СОШ")]
        self.assertEqual(
            labels,
            [
                "МБОУ СОШ № 4 (код 99-0104), Лесной район",
                "МБОУ СОШ № 6 (код 99-0106), Лесной район",
            ],
        )
        municipalities = self.search(self.bob, "municipality", "")
        self.assertEqual(
            municipalities, [{"id": self.forest.pk, "label": "Лесной район, Южная область"}]
        )
        self.assertEqual(
            self.search(self.sam, "school", ""),
            [{"id": self.school4.pk, "label": "МБОУ СОШ № 4 (код 99-0104), Лесной район"}],
        )

    def test_it_finds_by_a_part_of_the_name_in_any_case_or_by_code(self) -> None:
        found = self.search(self.root, "school", "сош № 12")
        self.assertEqual([r["id"] for r in found], [self.school12.pk])
        self.assertEqual(
            [r["id"] for r in self.search(self.root, "school", "99-0106")], [self.school6.pk]
        )
        self.assertEqual(
            [r["id"] for r in self.search(self.root, "municipality", "приморск")], [self.seaside.pk]
        )

    def test_it_offers_at_most_twenty(self) -> None:
        self.grow(SEARCH_LIMIT)
        self.assertEqual(len(self.search(self.root, "school", "СОШ")), SEARCH_LIMIT)
        self.assertEqual(len(self.search(self.root, "municipality", "")), SEARCH_LIMIT)

    def test_it_refuses_an_unknown_kind_and_those_who_import_nothing(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.get(reverse("import-territories"), {"kind": "region"})
        self.assertEqual(response.status_code, 400)
        self.client.force_login(self.carl)
        response = self.client.get(reverse("import-territories"), {"kind": "school"})
        self.assertEqual(response.status_code, 403)
        self.client.logout()
        response = self.client.get(reverse("import-territories"), {"kind": "school"})
        self.assertEqual(response.status_code, 302)

    def test_it_resolves_a_typed_code_without_script(self) -> None:
        response = self.upload(self.bob, programme(), "programme.txt", school_name="99-0106")
        self.assertEqual(response.status_code, 302)
        preview = self.client.get(response["Location"])
        self.assertContains(preview, 'value="МБОУ СОШ № 6 (код 99-0106), Лесной район"')
        token = response["Location"].split("/")[2]
        confirm = self.client.post(
            reverse("import-confirm", args=[token]),
            {"school_name": "МБОУ СОШ № 6 (код 99-0106), Лесной район", "school": ""},
        )
        plan = Plan.objects.get(title__startswith="Программа перехода школы")
        self.assertRedirects(confirm, reverse("plan", args=[plan.pk]))
        self.assertEqual(plan.school, self.school6)

    def test_it_says_in_russian_when_none_or_several_match(self) -> None:
        response = self.upload(self.bob, programme(), "programme.txt", school_name="СОШ")
        self.assertContains(
            response, "Школа: под «СОШ» подходит несколько школ; уточните название", status_code=400
        )
        response = self.upload(self.bob, programme(), "programme.txt", school_name="СОШ № 12")
        self.assertContains(
            response,
            "Школа «СОШ № 12» не найдена среди тех, куда вы можете загружать документы",
            status_code=400,
        )
        response = self.upload(self.bob, programme(), "programme.txt", municipality_name="Приморск")
        self.assertContains(response, "Муниципалитет «Приморск» не найден", status_code=400)

    def test_it_takes_the_picked_suggestion_and_reads_an_edited_text_again(self) -> None:
        label6 = "МБОУ СОШ № 6 (код 99-0106), Лесной район"
        picked = self.upload(
            self.bob, programme(), "p.txt", school_name=label6, school=self.school6.pk
        )
        self.assertIn(f"school={self.school6.pk}", picked["Location"])
        # The name was changed after picking (without script the id stays): the text wins.
        edited = self.upload(
            self.bob, programme(), "p.txt", school_name="СОШ № 4", school=self.school6.pk
        )
        self.assertIn(f"school={self.school4.pk}", edited["Location"])
        # Emptied: the user's own territory again.
        emptied = self.upload(
            self.bob, programme(), "p.txt", school_name="", school=self.school6.pk
        )
        self.assertNotIn("school=", emptied["Location"])

    def test_it_shows_the_name_of_a_territory_given_by_id_alone(self) -> None:
        response = self.upload(self.bob, to_docx(roadmap_sample()), "roadmap.docx")
        token = response["Location"].split("/")[2]
        url = reverse("import-preview", args=[token])
        preview = self.client.get(url, {"municipality": self.forest.pk})
        self.assertContains(preview, 'value="Лесной район, Южная область"')
