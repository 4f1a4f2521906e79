"""The activity page: its deadline, responsible, executions and documents, and their files."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import override_settings
from django.urls import reverse

from orientir.execution.models import Document
from orientir.plans import services
from orientir.plans.models import Activity
from tests.base import PASSWORD, BaseTestCase, make_evidence


class ActivityPageTestCase(BaseTestCase):
    def get(self, username: str, activity: Activity | None = None) -> HttpResponse:
        self.client.login(username=username, password=PASSWORD)
        return self.client.get(reverse("activity", args=[(activity or self.forest_activity).pk]))

    def test_it_shows_the_activity_with_its_deadline_as_written(self) -> None:
        response = self.get("bob")
        self.assertContains(response, "Муниципальный семинар по программам перехода")
        self.assertContains(response, "Сентябрь 2018 года")
        self.assertContains(response, "2018/2019")

    def test_it_shows_each_execution_with_its_documents(self) -> None:
        response = self.get("bob")
        self.assertContains(response, "12 сентября 2018 г.")
        self.assertContains(response, "Семинар в актовом зале школы")
        self.assertContains(response, "заместители директоров")
        self.assertContains(response, "№ 237")
        self.assertContains(response, "03.09.2018")
        self.assertContains(response, "О проведении муниципального семинара")

    def test_it_puts_comments_and_history_after_the_activity_itself(self) -> None:
        content = self.get("bob").content.decode()
        action = reverse("activity-comment", args=[self.forest_activity.pk])
        self.assertIn(f'action="{action}"', content)
        title = content.index("<h1>Муниципальный семинар по программам перехода</h1>")
        self.assertLess(title, content.index("Комментарии"))
        self.assertLess(title, content.index("История изменений"))

    def test_it_says_when_nothing_was_done_yet(self) -> None:
        self.forest_activity.executions.all().delete()
        self.assertContains(self.get("bob"), "Проведение мероприятия ещё не отмечено.")

    def test_it_hides_an_activity_of_another_municipality(self) -> None:
        self.assertEqual(self.get("mike").status_code, 404)
        self.assertEqual(self.get("tom").status_code, 404)
        self.assertEqual(self.get("bob", self.seaside_activity).status_code, 404)

    def test_it_hides_a_school_programme_activity_from_another_school(self) -> None:
        self.assertEqual(self.get("sara", self.programme4_activity).status_code, 404)
        self.assertEqual(self.get("sam", self.programme4_activity).status_code, 200)

    def test_it_runs_the_same_number_of_queries_with_more_evidence(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("activity", args=[self.forest_activity.pk])
        self.client.get(url)
        # an activity has a history from its creation on (the fixtures' are made without)
        services.activity_update(actor=self.bob, activity=self.forest_activity, values={})
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.client.get(url)
        for n in range(10):
            make_evidence(self.forest_activity, str(300 + n))
        for n in range(25):  # a history longer than its page
            services.activity_update(
                actor=self.bob, activity=self.forest_activity, values={"audience": f"поток {n}"}
            )
        with self.assertNumQueries(len(queries)):
            self.client.get(url)


class DocumentDownloadTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        override = override_settings(
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        )
        override.enable()
        self.addCleanup(override.disable)
        self.forest_document.file.save("prikaz-237.pdf", ContentFile(b"%PDF-1.4 order 237"))

    def download(self, username: str, document: Document | None = None) -> HttpResponse:
        self.client.login(username=username, password=PASSWORD)
        document = document or self.forest_document
        return self.client.get(reverse("document-download", args=[document.pk]))

    def test_it_gives_the_file_to_its_municipality(self) -> None:
        response = self.download("bob")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4 order 237")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment", response["Content-Disposition"])

    def test_it_gives_the_file_to_the_region_and_the_curator(self) -> None:
        for username in ("alice", "carl"):
            with self.subTest(username=username):
                self.assertEqual(self.download(username).status_code, 200)

    def test_it_hides_the_file_from_another_municipality(self) -> None:
        self.assertEqual(self.download("mike").status_code, 404)
        self.assertEqual(self.download("tom").status_code, 404)

    def test_it_redirects_to_a_link_document(self) -> None:
        Document.objects.filter(pk=self.seaside_document.pk).update(
            url="https://school12.example.ru/news/seminar"
        )
        response = self.download("mike", self.seaside_document)
        self.assertRedirects(
            response, "https://school12.example.ru/news/seminar", fetch_redirect_response=False
        )

    def test_it_does_not_redirect_to_a_link_that_is_not_a_web_address(self) -> None:
        Document.objects.filter(pk=self.seaside_document.pk).update(url="javascript:alert(1)")
        self.assertEqual(self.download("mike", self.seaside_document).status_code, 404)
