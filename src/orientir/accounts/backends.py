"""The login throttle: django-axes in front of Django's own password check."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuse a login from an address that failed too often for that user (django-axes).

    Axes counts attempts by the request's address, so a call without a request (the test
    client's `login()`, `authenticate()` in a shell or a management command) has nothing to
    be counted by and is passed on to the password check. Every page that logs in, ours and
    the admin's, passes its request.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
