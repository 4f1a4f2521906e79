"""A re-import updates only the plan of the territory, level and year the user chose."""

from __future__ import annotations

import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from orientir.accounts.models import User
from orientir.execution.models import Execution
from orientir.imports.samples import roadmap_sample, to_docx, to_txt
from orientir.plans.models import Activity, Plan
from tests.test_import_services import ImportTestCase, report_sample

MEDIA = tempfile.mkdtemp(prefix="orientir-import-territory-")
TITLE = "Дорожная карта по"


class CommandTerritoryTests(ImportTestCase):
    def import_for(self, path: object, municipality: str, *options: str) -> int:
        return self.run_import(path, "--region", "99", "--municipality", municipality, *options)[
            "id"
        ]

    def test_it_creates_a_plan_for_another_municipality_and_leaves_the_first_alone(self) -> None:
        path = self.write("roadmap.docx", to_docx(roadmap_sample(3)))
        forest_plan = self.import_for(path, "Лесной район")
        edited = Activity.objects.get(plan_id=forest_plan, number="1.1.")
        edited.title = "Семинар, переименованный Лесным районом"
        edited.save()
        Activity.objects.create(
            plan_id=forest_plan, academic_year=self.year, title="Своё мероприятие", position=9
        )

        seaside_plan = self.import_for(path, "город Приморск")

        self.assertNotEqual(seaside_plan, forest_plan)
        self.assertEqual(Plan.objects.get(pk=seaside_plan).municipality, self.seaside)
        self.assertEqual(Activity.objects.filter(plan_id=seaside_plan).count(), 3)
        forest = Activity.objects.filter(plan_id=forest_plan)
        self.assertEqual(forest.count(), 4)
        self.assertTrue(forest.filter(title="Своё мероприятие").exists())
        self.assertTrue(forest.filter(title="Семинар, переименованный Лесным районом").exists())

    def test_it_creates_a_plan_for_another_academic_year(self) -> None:
        path = self.write("roadmap.docx", to_docx(roadmap_sample(2)))
        first = self.import_for(path, "Лесной район")
        second = self.import_for(path, "Лесной район", "--year", "2019/2020")
        self.assertNotEqual(first, second)
        self.assertEqual(Plan.objects.get(pk=second).first_year.start_year, 2019)
        self.assertEqual(Plan.objects.get(pk=first).first_year.start_year, 2018)

    def test_it_still_updates_the_plan_of_the_same_territory_and_year(self) -> None:
        path = self.write("roadmap.docx", to_docx(roadmap_sample(2)))
        self.assertEqual(
            self.import_for(path, "Лесной район"), self.import_for(path, "Лесной район")
        )

    def test_it_takes_a_report_loaded_for_one_municipality_for_another_too(self) -> None:
        path = self.write("report.txt", to_txt(report_sample()))
        self.import_for(path, "Лесной район")
        self.assertEqual(self.import_for(path, "город Приморск"), self.seaside_roadmap.pk)
        self.assertEqual(Execution.objects.filter(activity__plan=self.seaside_roadmap).count(), 3)


@override_settings(MEDIA_ROOT=MEDIA)
class WebTerritoryTests(ImportTestCase):
    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def token_for(self, user: User, data: bytes) -> str:
        self.client.force_login(user)
        file = SimpleUploadedFile("roadmap.docx", data)
        response = self.client.post(reverse("import-upload"), {"file": file})
        self.assertEqual(response.status_code, 302)
        return response["Location"].split("/")[2]

    def confirm(self, user: User, data: bytes, **fields: object) -> int:
        token = self.token_for(user, data)
        response = self.client.post(reverse("import-confirm", args=[token]), fields)
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])
        return int(response["Location"].strip("/").split("/")[-1])

    def test_it_imports_the_same_file_for_two_municipalities_as_a_superuser(self) -> None:
        root = User.objects.create_superuser("root", password="корень-корень")
        data = to_docx(roadmap_sample(3))
        forest_plan = self.confirm(root, data, municipality=self.forest.pk)
        seaside_plan = self.confirm(root, data, municipality=self.seaside.pk)
        self.assertNotEqual(forest_plan, seaside_plan)
        self.assertEqual(Plan.objects.get(pk=seaside_plan).municipality, self.seaside)
        self.assertEqual(Plan.objects.get(pk=forest_plan).municipality, self.forest)

    def test_it_lets_another_municipality_import_a_file_imported_before(self) -> None:
        data = to_docx(roadmap_sample(3))
        forest_plan = self.confirm(self.bob, data)
        seaside_plan = self.confirm(self.mike, data)
        self.assertNotEqual(forest_plan, seaside_plan)
        self.assertEqual(Plan.objects.get(pk=seaside_plan).municipality, self.seaside)

    def test_it_says_in_the_preview_that_a_new_plan_is_created(self) -> None:
        token = self.token_for(self.bob, to_docx(roadmap_sample(2)))
        preview = self.client.get(reverse("import-preview", args=[token]))
        self.assertContains(preview, "Будет создан новый план")
        self.assertContains(preview, "муниципальная дорожная карта")
        self.assertContains(preview, "Лесной район")

    def test_it_names_and_links_the_plan_the_preview_would_update(self) -> None:
        data = to_docx(roadmap_sample(2))
        plan = self.confirm(self.bob, data)
        token = self.token_for(self.bob, data)
        preview = self.client.get(reverse("import-preview", args=[token]))
        self.assertContains(preview, "Будет обновлён план")
        self.assertContains(preview, f'href="{reverse("plan", args=[plan])}"')

    def test_it_offers_only_territories_the_user_may_edit(self) -> None:
        self.client.force_login(self.alice)
        form = self.client.get(reverse("import-upload"))
        self.assertNotContains(form, "Лесной район")
        self.assertNotContains(form, "МБОУ СОШ № 4")
        self.client.force_login(self.bob)
        form = self.client.get(reverse("import-upload"))
        self.assertContains(form, "Лесной район")
        self.assertNotContains(form, "город Приморск")
