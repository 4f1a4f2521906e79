"""Suite-wide settings: which database the report names, and a fast password hasher."""

from __future__ import annotations

import pytest

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


def pytest_configure() -> None:
    """Hash test passwords with MD5: the production hasher's million rounds, paid for every
    persona created and every login of every test, were most of the suite's time. The tests
    of password rules use validators, which do not depend on the hasher."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = [FAST_HASHER]


def pytest_report_header() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME', '')}"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: a test's rolled-back rows may reuse the ids (and
    so the data version) of the previous test's, which a kept page would wrongly match."""
    from django.core.cache import cache

    cache.clear()
