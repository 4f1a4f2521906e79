"""Logging in and out on a Russian page."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from tests.base import PASSWORD, BaseTestCase, make_user


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


@override_settings(AXES_FAILURE_LIMIT=5)
class LoginThrottleTestCase(BaseTestCase):
    def fail(self, times: int, url: str = "", **extra: str) -> None:
        for _ in range(times):
            self.client.post(
                url or reverse("login"), {"username": "bob", "password": "неверный"}, **extra
            )

    def test_it_closes_logging_in_after_repeated_wrong_passwords(self) -> None:
        self.fail(30)
        response = self.client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertContains(response, "Вход временно закрыт", status_code=429)
        self.assertContains(response, "Попробуйте снова через 15 минут", status_code=429)
        self.assertContains(response, '<a class="brand"', status_code=429)  # the site's layout

    def test_it_closes_the_admin_login_too(self) -> None:
        self.bob.is_staff = True
        self.bob.save()
        admin_login = reverse("admin:login")
        self.fail(5, admin_login)
        response = self.client.post(
            admin_login, {"username": "bob", "password": PASSWORD, "next": "/admin/"}
        )
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_lets_in_before_the_limit_and_starts_counting_again(self) -> None:
        self.fail(4)
        response = self.client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.client.post(reverse("logout"))
        self.fail(4)
        response = self.client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)

    def test_it_locks_one_login_from_one_address_only(self) -> None:
        self.fail(5)
        response = self.client.post(reverse("login"), {"username": "sam", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.client.post(reverse("logout"))
        response = self.client.post(
            reverse("login"),
            {"username": "bob", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.2",
        )
        self.assertEqual(response.status_code, 302)

    def test_it_still_lets_tests_log_in_without_a_request(self) -> None:
        self.assertTrue(self.client.login(username="bob", password=PASSWORD))
        self.assertFalse(self.client.login(username="bob", password="неверный"))


class PasswordRulesTestCase(BaseTestCase):
    def test_it_refuses_a_password_like_the_username_in_russian(self) -> None:
        user = make_user("kuznetsova", "municipal_coordinator", municipality=self.forest)
        for password in ["kuznetsova1", "Kuznetsova2024"]:
            with self.subTest(password=password), self.assertRaises(ValidationError) as caught:
                validate_password(password, user=user)
            self.assertIn(
                "Введённый пароль слишком похож на имя пользователя.", caught.exception.messages
            )

    def test_it_refuses_a_short_or_common_password_in_russian(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            validate_password("qwerty", user=self.bob)
        messages = " ".join(caught.exception.messages)
        self.assertIn("Введённый пароль слишком короткий", messages)
        self.assertIn("Введённый пароль слишком широко распространён", messages)
