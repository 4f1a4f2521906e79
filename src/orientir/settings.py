"""Settings, all from the environment (README lists the variables).

SQLite in ORIENTIR_DATA_DIR is the embedded default; DATABASE_URL switches to PostgreSQL.
A wrong value stops the program with a message instead of running half-configured.
"""

import contextlib
import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
import platformdirs
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

PACKAGE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: ожидается true/false, 1/0, yes/no или on/off")


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _env_megabytes(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default * 1024 * 1024
    if not raw.isdigit() or int(raw) == 0:
        raise ImproperlyConfigured(f"{name}={raw!r}: ожидается целое число мегабайт больше нуля")
    return int(raw) * 1024 * 1024


def _env_positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) == 0:
        raise ImproperlyConfigured(f"{name}={raw!r}: ожидается целое число больше нуля")
    return int(raw)


def _env_days(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) == 0:
        raise ImproperlyConfigured(f"{name}={raw!r}: ожидается целое число дней больше нуля")
    return int(raw)


def _env_seconds(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ImproperlyConfigured(f"{name}={raw!r}: ожидается целое число секунд, 0 или больше")
    return int(raw)


def _data_dir() -> Path:
    raw = os.environ.get("ORIENTIR_DATA_DIR", "").strip()
    path = Path(raw).expanduser() if raw else Path(platformdirs.user_data_dir("orientir"))
    if path.exists() and not path.is_dir():
        raise ImproperlyConfigured(f"ORIENTIR_DATA_DIR={path}: это не каталог")
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def _secret_key(data_dir: Path) -> str:
    """Take SECRET_KEY from the environment, or keep a generated one beside the data."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY: нужно не меньше 32 символов")
        return key
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


PG_RANDOM_PAGE_COST = 1.1
PG_CONNECT_TIMEOUT = 5  # seconds


def _databases(data_dir: Path) -> dict[str, dict[str, object]]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": data_dir / "orientir.sqlite3",
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
                # Tests on a file, not in memory: the live server of the browser tests answers
                # the page and the header badge's fetch in two threads, and an in-memory
                # database would be one connection shared between them (sqlite3's «bad
                # parameter or other API misuse»). pytest-xdist gives each worker its own file.
                "TEST": {"NAME": data_dir / "test.sqlite3"},
            }
        }
    try:
        # Connections are kept a minute; each is checked before a request reuses it, so one
        # left dead by a database restart is replaced instead of failing that request.
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL: {exc}") from exc
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL: неизвестная схема в {url!r}")
    if "postgresql" in str(config["ENGINE"]):
        # A database that cannot be reached answers the request with the 503 page in seconds,
        # not after the system's TCP timeout (gunicorn would kill the worker first);
        # `?connect_timeout=N` in DATABASE_URL overrides it.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", PG_CONNECT_TIMEOUT)
        # PostgreSQL's default cost of a random page (4) is a spinning disk's; a database
        # on SSD or in memory reads one almost as cheaply as a sequential one. With the
        # default, the dashboards' join of a region's activities with their evidence counts
        # was planned as a scan of the country's whole table (47 ms instead of 5). Set per
        # connection, so that it holds whatever the server's configuration;
        # `?options=…` in DATABASE_URL overrides it.
        options.setdefault("options", f"-c random_page_cost={PG_RANDOM_PAGE_COST}")
    return {"default": dict(config)}


DATA_DIR = _data_dir()
DEBUG = _env_bool("DEBUG", False)
SECRET_KEY = _secret_key(DATA_DIR)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])
DATABASES = _databases(DATA_DIR)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

MEDIA_ROOT = Path(os.environ.get("ORIENTIR_MEDIA_DIR", "") or DATA_DIR / "media")
# The address the site is reached at, for links written into exported documents when no
# request names it (the `orientir export` commands, background tasks).
ORIENTIR_BASE_URL = os.environ.get("ORIENTIR_BASE_URL", "").strip() or "http://127.0.0.1:8000"
MEDIA_URL = "/media/"  # never served directly: files go through views that check access
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ORIENTIR_STATIC_DIR", "") or DATA_DIR / "static")
with contextlib.suppress(OSError):  # whitenoise wants it to exist even before collectstatic
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    # Django's own, but a write that fails (a full disk) leaves no partial file behind.
    "default": {"BACKEND": "orientir.lib.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # the demo serves static files without collectstatic
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The largest document the importer accepts; a bigger one is refused before it is read.
ORIENTIR_IMPORT_MAX_BYTES = _env_megabytes("ORIENTIR_IMPORT_MAX_MB", 50)
# The largest evidence file (an order, a photo, a registration sheet) one may attach.
ORIENTIR_EVIDENCE_MAX_BYTES = _env_megabytes("ORIENTIR_EVIDENCE_MAX_MB", 20)
# Uploads (issue 9): the largest results or context file, and what an archive (.docx, .xlsx
# are zip files) may hold once unpacked, checked from its table of contents before parsing.
ORIENTIR_RESULTS_MAX_BYTES = _env_megabytes("ORIENTIR_RESULTS_MAX_MB", 20)
ORIENTIR_UNPACKED_MAX_BYTES = _env_megabytes("ORIENTIR_UNPACKED_MAX_MB", 100)
ORIENTIR_ARCHIVE_MAX_ENTRIES = _env_positive_int("ORIENTIR_ARCHIVE_MAX_ENTRIES", 5000)
# Old formats (.doc, .rtf, .odt, .xls, .ods) are converted by LibreOffice and scanned PDFs
# recognised by Tesseract; empty means the `soffice` and `tesseract` found on PATH. Recognition
# is slow (seconds a page), so a scan is refused beyond a page count and a time limit.
ORIENTIR_SOFFICE = os.environ.get("ORIENTIR_SOFFICE", "").strip()
ORIENTIR_TESSERACT = os.environ.get("ORIENTIR_TESSERACT", "").strip()
ORIENTIR_OCR_MAX_PAGES = _env_positive_int("ORIENTIR_OCR_MAX_PAGES", 20)
ORIENTIR_OCR_TIMEOUT = _env_positive_int("ORIENTIR_OCR_TIMEOUT", 300)

# How long who deleted an execution or a document, and the coordinator of its territory,
# may put it back; the regional coordinator may at any time.
ORIENTIR_RESTORE_DAYS = _env_days("ORIENTIR_RESTORE_DAYS", 90)

INSTALLED_APPS = [
    "orientir.accounts",
    "orientir.registry",
    "orientir.plans",
    "orientir.execution",
    "orientir.publication",
    "orientir.indicators",
    "orientir.results",
    "orientir.identification",
    "orientir.effect",
    "orientir.imports",
    "orientir.audit",
    "orientir.backup",
    "orientir.notifications",
    "orientir.reports",
    "orientir.dashboards",
    "orientir.web",
    "orientir.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks_db",
]

# Long exports run in the background (Django's tasks framework): the queue is a table of our
# own database (django-tasks-db), worked by `orientir worker`, so no broker is needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into a page
]

ROOT_URLCONF = "orientir.urls"
WSGI_APPLICATION = "orientir.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "orientir.accounts.backends.LoginThrottleBackend",  # first: refuses a locked-out login
    "django.contrib.auth.backends.ModelBackend",
]
# Wrong passwords for one login from one address before logging in is closed for a while
# (django-axes). By login and address together, so that nobody can lock a colleague out.
AXES_FAILURE_LIMIT = _env_positive_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=_env_positive_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "orientir.accounts.views.locked_out"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "orientir@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind HTTPS (README, «Configuration»): redirect plain HTTP, ask browsers to remember HTTPS,
# and trust the proxy's X-Forwarded-Proto, which only a proxy that sets it itself may be.
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = _env_seconds("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", False)
if _env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Scripts, styles and images come only from our own static files: no inline script or
# style attribute runs, so text someone typed into a plan cannot become code on a page.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
