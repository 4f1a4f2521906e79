"""Logging in and out on a Russian page."""

from __future__ import annotations

from django.urls import reverse

from tests.base import PASSWORD, BaseTestCase


class LoginTestCase(BaseTestCase):
    def test_it_shows_a_russian_login_page(self) -> None:
        response = self.client.get(reverse("login"))
        self.assertContains(response, "Вход в Ориентир")
        self.assertContains(response, '<label for="id_username">Логин</label>', html=True)
        self.assertContains(response, '<label for="id_password">Пароль</label>', html=True)
        self.assertContains(response, "Войти")
        self.assertNotContains(response, "Выйти")

    def test_it_logs_in_and_sends_the_user_to_their_territory(self) -> None:
        response = self.client.post(
            reverse("login"), {"username": "bob", "password": PASSWORD}, follow=True
        )
        self.assertRedirects(response, reverse("municipality", args=[self.forest.pk]))
        self.assertContains(response, "Лесной район")

    def test_it_returns_to_the_page_asked_for(self) -> None:
        plan_url = reverse("plan", args=[self.forest_roadmap.pk])
        response = self.client.post(
            reverse("login"), {"username": "bob", "password": PASSWORD, "next": plan_url}
        )
        self.assertRedirects(response, plan_url)

    def test_it_refuses_a_wrong_password_in_russian(self) -> None:
        response = self.client.post(reverse("login"), {"username": "bob", "password": "нет"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Неверный логин или пароль")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_refuses_an_inactive_user(self) -> None:
        self.bob.is_active = False
        self.bob.save()
        response = self.client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
        self.assertContains(response, "Неверный логин или пароль")

    def test_it_sends_a_logged_in_user_from_the_login_page_home(self) -> None:
        self.client.login(username="sam", password=PASSWORD)
        response = self.client.get(reverse("login"))
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)

    def test_it_logs_out_by_post(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.post(reverse("logout"))
        self.assertRedirects(response, reverse("login"))
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_does_not_log_out_on_a_get(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        self.assertEqual(self.client.get(reverse("logout")).status_code, 405)
        self.assertIn("_auth_user_id", self.client.session)

    def test_it_puts_a_logout_button_with_a_csrf_token_in_the_header(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.get(reverse("municipality", args=[self.forest.pk]))
        self.assertContains(response, f'action="{reverse("logout")}"')
        self.assertContains(response, "csrfmiddlewaretoken")
        self.assertContains(response, "Выйти")
