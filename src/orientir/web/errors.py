"""The error pages: 400, 403, 404 and 500 in Russian, in the site's layout.

A refusal our code explains (`PermissionDenied("Изменять это может только…")`,
`Http404("Загрузка не найдена")`) shows its reason; Django's own English messages
(«No Plan matches the given query.») are for developers and are left out. The 400 and 500
pages are rendered without the request, so they touch neither the session nor the database.
"""

from __future__ import annotations

import re

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template.loader import render_to_string

_RUSSIAN = re.compile(r"[а-яё]", re.I)


def user_facing_reason(exception: BaseException | None) -> str:
    """Return the exception's message if it was written for the user (in Russian), or ""."""
    message = exception.args[0] if exception is not None and exception.args else ""
    return message if isinstance(message, str) and _RUSSIAN.search(message) else ""


def bad_request(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return HttpResponseBadRequest(render_to_string("400.html"))


def permission_denied(request: HttpRequest, exception: BaseException) -> HttpResponse:
    context = {"reason": user_facing_reason(exception)}
    return render(request, "403.html", context, status=403)


def page_not_found(request: HttpRequest, exception: BaseException) -> HttpResponse:
    context = {"reason": user_facing_reason(exception)}
    return render(request, "404.html", context, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(render_to_string("500.html"))
