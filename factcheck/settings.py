"""Settings for every environment, read from the environment.

One module on purpose: every difference between a laptop, CI and production is an
environment variable, so there is nothing to forget when moving between them. Defaults are
safe for development only where they cannot leak into production: with ``DEBUG`` off the
site refuses to start without a real ``SECRET_KEY``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# A development key is only ever used with DEBUG on; production must bring its own.
_DEV_SECRET_KEY = "django-insecure-factcheck-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (
    SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for DEBUG=0: use at least 50 random characters "
        "not starting with 'django-insecure'."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "articles",
    "benchmarks",
]

MIDDLEWARE = [
    "articles.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Refuses logins from a username and address that failed too often (brute force).
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the exceptions views raise when the database is away.
    "articles.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when the database is away instead of hanging a worker on connect.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 3))
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a Celery worker in another process sees the test data too;
    # one per test run, so two runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Shared by every web process when CACHE_URL names a Redis (rate-limit counters must be
# shared to mean anything); a Redis that is away is ignored rather than failing requests.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection on the admin login: after AXES_FAILURE_LIMIT failures for one
# username from one address, further attempts are refused for AXES_COOLOFF_MINUTES.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address for the login lockout: the same function as the API's limits.
AXES_CLIENT_IP_CALLABLE = "articles.client_address.client_address"
# The locked-out user gets a page saying for how long and that an administrator can lift it
# earlier (README, Operations), not axes' one-line default.
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"

# --- I18N -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Tests and development serve static files from the apps without running collectstatic;
# production serves the collected, hashed and compressed copies.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if WHITENOISE_USE_FINDERS
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------------------------
# How many proxies we run in front of the site (a load balancer, nginx): 0 means clients
# connect directly and X-Forwarded-For, which anyone can send, is ignored. Every limit (API
# throttles, wrong tokens, the admin lockout) counts per the address this makes trusted.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", env_int("AXES_PROXY_COUNT", 0))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
# Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=1 so Django trusts
# X-Forwarded-Proto; set SECURE_SSL_REDIRECT=0 when the proxy already redirects.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every response: scripts only from our own origin (no inline
# script anywhere; JSON-LD data blocks are not scripts), no plugins, no framing. Inline
# style attributes stay allowed: the admin and the API docs set a few.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Uploads --------------------------------------------------------------------------------
FACTCHECK_MAX_ITEM_BYTES = env_int("FACTCHECK_MAX_ITEM_BYTES", 5 * 1024 * 1024)
# The largest request body accepted at all (an upload of many files or a zip, an API import).
FACTCHECK_MAX_REQUEST_BYTES = env_int("FACTCHECK_MAX_REQUEST_BYTES", 200 * 1024 * 1024)
# Bodies that are not files (JSON imports through the API) are read into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 50 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "articles.middleware.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Domain settings ------------------------------------------------------------------------
# Relative difference beyond which two values of one figure conflict (a metric may override).
FACTCHECK_VALUE_TOLERANCE = os.environ.get("FACTCHECK_VALUE_TOLERANCE", "0.05")
# Relative difference within which two values count as "the same number".
FACTCHECK_SAME_VALUE_TOLERANCE = os.environ.get("FACTCHECK_SAME_VALUE_TOLERANCE", "0.01")
FACTCHECK_IMPORT_CHUNK_SIZE = env_int("FACTCHECK_IMPORT_CHUNK_SIZE", 500)
# Demo accounts are for a laptop: refused when DEBUG is off.
FACTCHECK_DEMO_PASSWORD = os.environ.get("FACTCHECK_DEMO_PASSWORD", "factcheck-demo")
# The site's own address, for links in what is sent without a request (webhook deliveries).
FACTCHECK_SITE_URL = os.environ.get("FACTCHECK_SITE_URL", "").rstrip("/")

# --- Webhooks -------------------------------------------------------------------------------
# Seconds a receiver has to answer one delivery.
FACTCHECK_WEBHOOK_TIMEOUT = env_int("FACTCHECK_WEBHOOK_TIMEOUT", 10)
# Attempts per event; between them the wait doubles from FACTCHECK_WEBHOOK_RETRY_SECONDS
# (30 s, 1, 2, 4, 8 minutes by default).
FACTCHECK_WEBHOOK_ATTEMPTS = env_int("FACTCHECK_WEBHOOK_ATTEMPTS", 6)
FACTCHECK_WEBHOOK_RETRY_SECONDS = env_int("FACTCHECK_WEBHOOK_RETRY_SECONDS", 30)
# Events in a row that no attempt delivered before a subscription is paused.
FACTCHECK_WEBHOOK_PAUSE_AFTER = env_int("FACTCHECK_WEBHOOK_PAUSE_AFTER", 5)

# --- Celery ---------------------------------------------------------------------------------
# With no broker the embedded default runs tasks in-process, as they are enqueued.
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "factcheck")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_TIMEZONE = TIME_ZONE

# Wrong API tokens tolerated per client address and minute before it is refused (429).
API_TOKEN_FAILURE_LIMIT = env_int("API_TOKEN_FAILURE_LIMIT", 20)

# --- REST framework -------------------------------------------------------------------------
# Rates are per client (anonymous: per IP; token or session: per user), counted in the default
# cache: per process with the built-in memory cache, shared once CACHES points at Redis.
API_THROTTLE_ANON = os.environ.get("API_THROTTLE_ANON", "120/minute")
API_THROTTLE_USER = os.environ.get("API_THROTTLE_USER", "1200/minute")
# Largest page a client may ask for with ?page_size=.
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 500)
# Rendered GET responses kept per process and served again while PostgreSQL shows no commit
# since they were rendered (0 turns the cache off).
API_RESPONSE_CACHE_MB = env_int("API_RESPONSE_CACHE_MB", 64)
# On PostgreSQL the claims and figures pages have their JSON written by the page query
# (articles/api/rows_sql.py); 0 keeps the portable path that SQLite uses.
API_ROWS_IN_SQL = env_bool("API_ROWS_IN_SQL", True)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "articles.api.authentication.GuardedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["articles.api.permissions.RecordPermissions"],
    "DEFAULT_FILTER_BACKENDS": [
        "articles.api.filters.RecordFilterBackend",
        "articles.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.RecordCursorPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "articles.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "articles.api.throttling.AnonymousThrottle",
        "articles.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": API_THROTTLE_ANON, "user": API_THROTTLE_USER},
    # Our throttles ask articles.client_address; this keeps DRF's own get_ident agreeing.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "articles.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "articles.api.schema.RecordAutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "URL_FORMAT_OVERRIDE": "format",
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": (
        "The reconciled record: claims, figures, conflict flags and their sources.\n\n"
        "Anonymous readers see reviewed claims (verified, disputed, false, unverifiable), "
        "reconciled figures and closed flags; editors and reviewers (token: "
        "`Authorization: Token <key>`, or their admin session) see everything and may write "
        "what their admin permissions allow. Errors are always JSON of the shape "
        '`{"error": {"code", "message", "fields"}}`. Money is a JSON string of the exact '
        "decimal with its currency beside it; periods are years. Lists are cursor-paginated "
        "(`cursor`, `page_size` up to 500) and also come as streamed CSV or NDJSON with "
        "`?format=csv` / `?format=ndjson` (every matching row, flat columns, no pagination)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "articles.models.claim.ClaimStatus",
        "FlagStateEnum": "articles.models.figure.FlagState",
        "FigureStatusEnum": "articles.models.figure.FigureStatus",
        "ImportStatusEnum": "articles.models.imports.ImportStatus",
        "EntityKindEnum": "articles.models.entity.EntityKind",
        "SourceKindEnum": "articles.models.source.SourceKind",
        "PublicationKindEnum": "articles.models.article.PublicationKind",
        "FlagKindEnum": "articles.models.figure.FlagKind",
        "FigureKindEnum": "articles.models.claim.FigureKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "articles.api.schema.document_errors",
        "articles.api.schema.link_records",
    ],
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Eager tasks in the embedded default would otherwise log every run.
        "celery": {"level": os.environ.get("CELERY_LOG_LEVEL", "WARNING")},
    },
}
SIMPLE_HISTORY_REVERT_DISABLED = True  # reverting would bypass the services and their checks
# Change reasons carry reviewers' notes and what changed under a flag: never cut them short.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
