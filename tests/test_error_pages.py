"""Error pages in Russian, in the site's layout, with the reason where one is given."""

from __future__ import annotations

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.base import PASSWORD, BaseTestCase

LAYOUT = '<a class="brand" href="'


@override_settings(DEBUG=False)
class ErrorPagesTestCase(BaseTestCase):
    def test_it_shows_the_russian_reason_of_a_refusal(self) -> None:
        self.client.login(username="carl", password=PASSWORD)
        response = self.client.post(reverse("plan-publish", args=[self.forest_roadmap.pk]))
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Нет доступа", status_code=403)
        self.assertContains(
            response,
            "Изменять это может только тот, кто ведёт план или его раздел.",
            status_code=403,
        )
        self.assertContains(response, LAYOUT, status_code=403)
        self.assertNotContains(response, "Forbidden", status_code=403)

    def test_it_says_in_russian_that_a_page_is_not_found(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.get("/нет-такой-страницы/")
        self.assertContains(response, "Страница не найдена", status_code=404)
        self.assertContains(response, "Такой страницы нет", status_code=404)
        self.assertContains(response, LAYOUT, status_code=404)
        self.assertNotContains(response, "Not Found", status_code=404)
        self.assertNotContains(response, "Resolver404", status_code=404)

    def test_it_shows_a_russian_not_found_reason_but_not_an_english_one(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.get(reverse("document-download", args=[self.forest_document.pk]))
        self.assertContains(response, "У документа нет ни файла, ни ссылки", status_code=404)
        response = self.client.get(reverse("plan", args=[999999]))
        self.assertContains(response, "Такой страницы нет", status_code=404)
        self.assertNotContains(response, "matches the given query", status_code=404)

    @override_settings(ROOT_URLCONF="tests.error_urls")
    def test_it_shows_a_russian_server_error_page_without_the_database(self) -> None:
        client = Client(raise_request_exception=False)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/broken/")
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Ошибка на сервере", status_code=500)
        self.assertContains(response, LAYOUT, status_code=500)
        self.assertNotContains(response, "сломано нарочно", status_code=500)
        self.assertEqual(len(queries), 0)

    def test_it_shows_a_russian_bad_request_page_for_a_wrong_host(self) -> None:
        response = self.client.get("/", HTTP_HOST="чужой.example")
        self.assertContains(response, "Неверный запрос", status_code=400)
        self.assertContains(response, LAYOUT, status_code=400)
        self.assertNotContains(response, "Bad Request", status_code=400)
