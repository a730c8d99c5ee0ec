"""Settings for the ITU resolutions viewer.

Every value comes from the environment, with defaults that are safe for a
developer's machine; production sets DJANGO_SECRET_KEY, DJANGO_DEBUG=0,
DJANGO_ALLOWED_HOSTS and, on several servers, DATABASE_URL and CACHE_URL.
The README's Settings table lists every variable.

With DJANGO_DEBUG=0 the defaults are the production ones (HTTPS only, HSTS,
secure cookies, the page cache on), so that `manage.py check --deploy` is
clean without any extra variable; each can still be turned off, for
example to try the production server on http://127.0.0.1 without a proxy.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from resolutions.parsing import Limits

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.")
    return int(value)


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"  # noqa: S105 (debug only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_http_compression",
    "axes",
    "resolutions",
]

# Static files leave at WhiteNoise (compressed when collected); pages are
# compressed below it, after the page cache (resolutions.caching, around
# each public view) has kept them uncompressed.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "resolutions.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A page kept in the cache is answered here, as cheaply as WhiteNoise
    # answers a file; above compression, so that it keeps what was sent.
    "resolutions.caching.PageCacheMiddleware",
    "resolutions.compression.CompressionMiddleware",
    "resolutions.middleware.AsciiDigitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "resolutions.context_processors.site_links",
            ],
        },
    },
]


# The embedded database's options, for the default file and sqlite:/// URLs
# alike: IMMEDIATE takes the write lock at BEGIN, so two publishers queue on
# the busy timeout instead of failing with "database is locked" when a read
# lock is upgraded; WAL lets readers go on while an edition is written.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"),
}

# Each server thread keeps its connection, as PostgreSQL's do: opening one
# runs the init_command's PRAGMAs, which cost a page served from the cache
# more than the rest of its answer (make bench, bench_served).
SQLITE_CONNECTIONS = {"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}


def database_from_url(url: str) -> dict:
    """Translate DATABASE_URL into Django's DATABASES entry.

    Only the two engines the project is tested on are accepted, so a typo
    fails loudly at start-up instead of silently picking another backend.
    `sqlite:////abs/path.sqlite3` (four slashes: an absolute path) puts the
    embedded database on a volume of its own; a relative path is read from
    the project's directory, whatever the server's working directory.
    """
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
            **SQLITE_CONNECTIONS,
        }
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        rest = url.split(":", 1)[1].removeprefix("//").split("?", 1)[0]
        name = rest.removeprefix("/")
        if not name or name.startswith(":memory:") or not rest.startswith("/"):
            raise ImproperlyConfigured(
                "DATABASE_URL: sqlite:// needs a file (sqlite:////var/lib/resolutions/db.sqlite3); an "
                "in-memory database would be one per worker process, and lost at every restart."
            )
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / name,
            "OPTIONS": SQLITE_OPTIONS,
            **SQLITE_CONNECTIONS,
        }
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a sqlite:/// or postgres:// URL, not {scheme or 'no scheme'}:// "
            "(the project runs and is tested on SQLite and PostgreSQL only); leave it unset for the "
            "embedded SQLite file db.sqlite3."
        )
    return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)


# A worker's own page cache, when there is no Redis: 16 MB holds a hundred
# 60-clause editions, or a thousand clause pages.
LOCAL_CACHE_BYTES = env_int("DJANGO_LOCAL_CACHE_BYTES", 16 * 2**20)


def cache_from_url(url: str, *, key_prefix: str) -> dict:
    """Translate CACHE_URL into Django's CACHES entry: Redis through
    Django's own RedisCache, shared by every server; unset, each worker
    process keeps its own small cache in memory."""
    if not url:
        # Bounded in bytes: a page of a 600-clause resolution is 1 MB, and a
        # worker must stay within 150 MB (issue 9; tests/bench/bench_memory.py).
        return {
            "BACKEND": "resolutions.local_cache.BoundedLocMemCache",
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {"MAX_ENTRIES": 1000, "MAX_BYTES": LOCAL_CACHE_BYTES},
        }
    scheme = urlsplit(url).scheme.lower()
    if scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            f"CACHE_URL must be a redis://, rediss:// or unix:// URL of a Redis server, not "
            f"{scheme or 'no scheme'}://; leave it unset for each process's own memory."
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        # A Redis that stops answering must not hold pages up: the page
        # cache treats a timeout as a miss and renders the page.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", ""))}
CACHES = {
    "default": cache_from_url(
        os.environ.get("CACHE_URL", ""), key_prefix=os.environ.get("DJANGO_CACHE_KEY_PREFIX", "resolutions")
    )
}
# Public pages are kept in that cache for this long; a publish shows at
# once all the same, because the key names the editions the page shows (see
# resolutions.caching). Off while developing, so that template edits show.
RESOLUTIONS_PAGE_CACHE_SECONDS = env_int("RESOLUTIONS_PAGE_CACHE_SECONDS", 0 if DEBUG else 600)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in throttling (django-axes): failures are counted in the database, so
# every app server sees them; a username or an address that fails
# DJANGO_AXES_FAILURE_LIMIT times in a row is locked out for
# DJANGO_AXES_COOLOFF_MINUTES (`manage.py axes_reset_username NAME` unlocks).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "resolutions.signin.locked_out"
# The client's address (resolutions.signin.client_address): REMOTE_ADDR,
# unless DJANGO_PROXY_COUNT says how many proxies in front append to
# X-Forwarded-For; the header is never read otherwise, since a client talking
# to gunicorn directly could forge it.
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "resolutions.signin.client_address"

# Only admins sign in; a sign-in whose ?next= leaves the site lands here.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Uploaded source files are evidence, not public assets: they live
        # outside STATIC_ROOT and no URL serves them.
        "OPTIONS": {"location": os.environ.get("DJANGO_UPLOAD_ROOT", str(BASE_DIR / "media" / "uploads"))},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# Upload limits for new editions (bytes unless named otherwise); their
# defaults are the readers' own, defined with the checks that enforce them.
RESOLUTIONS_UPLOAD_MAX_BYTES = int(os.environ.get("RESOLUTIONS_UPLOAD_MAX_BYTES", Limits.upload_max_bytes))
RESOLUTIONS_DOCX_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("RESOLUTIONS_DOCX_MAX_UNCOMPRESSED_BYTES", Limits.docx_max_uncompressed_bytes)
)
RESOLUTIONS_DOCX_MAX_ENTRIES = int(os.environ.get("RESOLUTIONS_DOCX_MAX_ENTRIES", Limits.docx_max_entries))
# /link/: the longest text a delegate may paste (a .docx has the upload limits).
RESOLUTIONS_LINK_TEXT_MAX_CHARS = int(os.environ.get("RESOLUTIONS_LINK_TEXT_MAX_CHARS", 500_000))
RESOLUTIONS_DRAFT_LIFETIME_HOURS = int(os.environ.get("RESOLUTIONS_DRAFT_LIFETIME_HOURS", 72))
# What one edition may hold, so that no page costs more than so much to
# build: checked when a file is read, before anything else is worked out.
RESOLUTIONS_MAX_CLAUSES = env_int("RESOLUTIONS_MAX_CLAUSES", 2_000)
RESOLUTIONS_MAX_CLAUSE_CHARS = env_int("RESOLUTIONS_MAX_CLAUSE_CHARS", 10_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = RESOLUTIONS_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "resolutions.uploadhandlers.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The health check answers over plain HTTP: load balancers probe the app
# servers directly, not through the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)


def proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """DJANGO_SECURE_PROXY_SSL_HEADER names the header a TLS-terminating
    proxy sets to "https" (X-Forwarded-Proto). Left unset, no header is
    trusted: a client talking to gunicorn directly could claim HTTPS."""
    if not name.strip():
        return None
    return ("HTTP_" + name.strip().upper().replace("-", "_"), "https")


SECURE_PROXY_SSL_HEADER = proxy_ssl_header(os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", ""))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
