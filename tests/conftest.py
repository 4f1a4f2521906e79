"""Say in the report header which database the suite runs on, so a CI log shows it."""

from __future__ import annotations


def pytest_report_header() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME', '')}"
