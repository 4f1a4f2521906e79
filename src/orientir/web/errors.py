"""The error pages: 400, 403, 404, 500 and 503 in Russian, in the site's layout.

A refusal our code explains (`PermissionDenied("Изменять это может только…")`,
`Http404("Загрузка не найдена")`) shows its reason; Django's own English messages
(«No Plan matches the given query.») are for developers and are left out. The 400 and 500
pages are rendered without the request, so they touch neither the session nor the database.
A database that went away (restarted, unreachable) gives the 503 page rather than the 500:
nothing is broken in the site, the request may simply be repeated in a minute. A full disk
gives the 507 page.
"""

from __future__ import annotations

import re
import sys

from django.db import InterfaceError, OperationalError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template.loader import render_to_string

from orientir.lib.storage import is_disk_full

_RUSSIAN = re.compile(r"[а-яё]", re.I)
# Seconds a browser or a proxy is told to wait before repeating a request the database lost.
RETRY_AFTER = 30


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
    # Django calls this inside its `except` block, so the exception is still at hand.
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    if is_disk_full(error):  # an upload no page caught, or Django's own temporary file
        return HttpResponse(render_to_string("507.html"), status=507)
    return HttpResponseServerError(render_to_string("500.html"))
