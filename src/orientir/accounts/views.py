"""Logging in and out, with Django's own views and a Russian page."""

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from orientir.lib.russian import plural


class LoginForm(AuthenticationForm):
    username = UsernameField(
        label="Логин",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Пароль",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Неверный логин или пароль. Оба поля чувствительны к регистру.",
        "inactive": "Эта учётная запись отключена.",
    }


login = auth_views.LoginView.as_view(
    template_name="registration/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout = auth_views.LogoutView.as_view()  # POST only, since Django 5


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page django-axes shows instead of logging in, after too many wrong passwords."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "username": (credentials or {}).get("username", ""),
        "wait": f"{minutes} {plural(minutes, 'минуту', 'минуты', 'минут')}",
    }
    return render(request, "accounts/locked.html", context, status=429)
