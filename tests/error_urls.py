"""The site's URLs with one view that fails, to see the 500 page (tests/test_error_pages.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from orientir.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("сломано нарочно")


urlpatterns = [path("broken/", broken), *urlpatterns]
