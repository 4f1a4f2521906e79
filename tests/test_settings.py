"""Settings come from the environment and refuse wrong values (README, CONTRACTS.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a server never has it.
    dropped = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "-m", "orientir", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_creates_the_data_directory_on_migrate(tmp_path: Path) -> None:
    data_dir = tmp_path / "новый" / "каталог"
    result = run(["migrate", "--verbosity", "0"], {"ORIENTIR_DATA_DIR": str(data_dir)})
    assert result.returncode == 0, result.stderr
    assert (data_dir / "orientir.sqlite3").is_file()


def test_it_keeps_two_data_directories_apart(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for data_dir in (first, second):
        assert (
            run(["migrate", "--verbosity", "0"], {"ORIENTIR_DATA_DIR": str(data_dir)}).returncode
            == 0
        )
    create = run(
        [
            "shell",
            "-v",
            "0",
            "-c",
            "from orientir.registry.models import Region; "
            "Region.objects.create(name='Тестовая', code='01')",
        ],
        {"ORIENTIR_DATA_DIR": str(first)},
    )
    assert create.returncode == 0, create.stderr
    count = "from orientir.registry.models import Region; print(Region.objects.count())"
    assert (
        run(["shell", "-v", "0", "-c", count], {"ORIENTIR_DATA_DIR": str(first)}).stdout.strip()
        == "1"
    )
    assert (
        run(["shell", "-v", "0", "-c", count], {"ORIENTIR_DATA_DIR": str(second)}).stdout.strip()
        == "0"
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "возможно", "DEBUG"),
        ("SECRET_KEY", "короткий", "SECRET_KEY"),
        ("DATABASE_URL", "mongodb://localhost/orientir", "DATABASE_URL"),
    ],
)
def test_it_refuses_a_wrong_setting(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    result = run(["check"], {"ORIENTIR_DATA_DIR": str(tmp_path), variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_it_refuses_a_data_directory_that_is_a_file(tmp_path: Path) -> None:
    a_file = tmp_path / "файл"
    a_file.write_text("")
    result = run(["check"], {"ORIENTIR_DATA_DIR": str(a_file)})
    assert result.returncode != 0
    assert "ORIENTIR_DATA_DIR" in result.stderr


def test_it_refuses_an_import_limit_that_is_not_a_number(tmp_path: Path) -> None:
    result = run(
        ["check"], {"ORIENTIR_DATA_DIR": str(tmp_path), "ORIENTIR_IMPORT_MAX_MB": "пятьдесят"}
    )
    assert result.returncode != 0
    assert "ORIENTIR_IMPORT_MAX_MB" in result.stderr


@pytest.mark.parametrize("variable", ["LOGIN_FAILURE_LIMIT", "LOGIN_LOCKOUT_MINUTES"])
@pytest.mark.parametrize("value", ["пять", "0", "-3"])
def test_it_refuses_a_login_throttle_that_is_not_a_positive_number(
    tmp_path: Path, variable: str, value: str
) -> None:
    result = run(["check"], {"ORIENTIR_DATA_DIR": str(tmp_path), variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "ожидается целое число больше нуля" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ORIENTIR_RESULTS_MAX_MB", "двадцать"),
        ("ORIENTIR_UNPACKED_MAX_MB", "0"),
        ("ORIENTIR_ARCHIVE_MAX_ENTRIES", "-5"),
    ],
)
def test_it_refuses_an_upload_limit_that_is_not_a_positive_number(
    tmp_path: Path, variable: str, value: str
) -> None:
    result = run(["check"], {"ORIENTIR_DATA_DIR": str(tmp_path), variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "ожидается целое число" in result.stderr


# The production environment README's «Configuration» documents.
PRODUCTION = {
    "DATABASE_URL": "postgres://orientir:secret@db.example.ru:5432/orientir",
    "SECRET_KEY": "x7-Vq2#kP9!mZ4@rT6$wY1%uB8^nC3&hJ5*eL0(gD-production-only-key",
    "ALLOWED_HOSTS": "orientir.example.ru",
    "CSRF_TRUSTED_ORIGINS": "https://orientir.example.ru",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "USE_X_FORWARDED_PROTO": "true",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def test_it_passes_the_deploy_check_with_the_production_environment(tmp_path: Path) -> None:
    result = run(["check", "--deploy"], {"ORIENTIR_DATA_DIR": str(tmp_path), **PRODUCTION})
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_it_reads_the_https_settings_from_the_environment(tmp_path: Path) -> None:
    show = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_PROXY_SSL_HEADER)"
    )
    result = run(
        ["shell", "-v", "0", "-c", show], {"ORIENTIR_DATA_DIR": str(tmp_path), **PRODUCTION}
    )
    assert result.stdout.split() == [
        "True",
        "31536000",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ], result.stderr
    result = run(["shell", "-v", "0", "-c", show], {"ORIENTIR_DATA_DIR": str(tmp_path)})
    assert result.stdout.split() == ["False", "0", "False", "False", "None"], result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECURE_SSL_REDIRECT", "возможно", "ожидается true/false"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "да", "ожидается true/false"),
        ("SECURE_HSTS_PRELOAD", "2", "ожидается true/false"),
        ("USE_X_FORWARDED_PROTO", "https", "ожидается true/false"),
        ("SECURE_HSTS_SECONDS", "год", "ожидается целое число секунд"),
        ("SECURE_HSTS_SECONDS", "-1", "ожидается целое число секунд"),
        ("SECURE_HSTS_SECONDS", "1.5", "ожидается целое число секунд"),
    ],
)
def test_it_refuses_a_wrong_https_setting(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    result = run(["check"], {"ORIENTIR_DATA_DIR": str(tmp_path), variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert message in result.stderr
