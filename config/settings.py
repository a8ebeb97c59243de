"""One settings module, read from the environment (see README: Configuration)."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="django-insecure-minga-dev-only-key-change-me-in-production-0123456789",
)
# Rotation: the new key in SECRET_KEY, the old one here until its sessions and links expire.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

MINGA_APPS = [
    "core",
    "forum",
    "proposals",
    "commitments",
    "environment",
    "agroprices",
    "roads",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # widget templates for FORM_RENDERER (core.forms.FormRenderer)
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # sitemap.xml's template
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "rules",
    "axes",
    *[f"{app}.apps.{app.capitalize()}Config" for app in MINGA_APPS],
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    # Anonymous GETs of public pages from the cache (PAGE_CACHE_SECONDS); before GZip so a
    # hit is stored compressed and skips both rendering and compressing.
    "core.pagecache.PublicPageCacheMiddleware",
    # Compresses pages (the roads dashboard goes from ~300 KB to a few dozen); Django's adds
    # random bytes to each gzip header against BREACH-style length guessing.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: an Idempotency-Key belongs to the caller that sent it.
    "core.idempotency.IdempotencyKeyMiddleware",
    # After the session is read: the anonymous public's GETs read from DATABASE_REPLICA_URL.
    "config.db_router.ReplicaReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
]

# One field layout for every form (templates/forms/field.html), found through TEMPLATES.
FORM_RENDERER = "core.forms.FormRenderer"

# Database: PostgreSQL from DATABASE_URL; SQLite in the project folder without it.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if "sqlite" in DATABASES["default"]["ENGINE"]:
    # The zero-setup database lacks two PostgreSQL features the models use (NULLS NOT
    # DISTINCT, covering indexes); the rules stay in the services, so say it once here.
    SILENCED_SYSTEM_CHECKS = ["models.W047", "models.W040"]
# A PostgreSQL read replica (optional): public reads go there, see config/db_router.py.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: cache and Celery broker; without it, local memory and eager tasks.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="minga"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages cached for anonymous visitors (core/pagecache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
PAGE_CACHE_GENERATION_SECONDS = env.float("PAGE_CACHE_GENERATION_SECONDS", default=1.0)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "America/Guayaquil"
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {"*.tasks.import_*": {"queue": "imports"}}
# Redis restarts: the worker keeps retrying for ever (no max), the web process gives up fast
# (the outbox keeps what it could not send); messages a lost worker held come back after the
# visibility timeout, which must exceed the longest countdown and the longest task (imports).
if REDIS_URL:
    CELERY_BROKER_TRANSPORT = "core.broker:Transport"  # kombu's Redis, surviving restarts
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("BROKER_VISIBILITY_TIMEOUT", default=3600),
    # Look for overdue unacknowledged messages every 10 s (one ZRANGEBYSCORE on Redis).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
    "socket_keepalive": True,
    "retry_on_timeout": True,
    "health_check_interval": 25,
    "max_retries": 2,  # publishing from a request: give up soon, the outbox retries
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# /salud/ answers 503 when no worker ran the heartbeat (beat, every 60 s) for this long.
WORKER_HEARTBEAT_MAX_AGE = env.int("WORKER_HEARTBEAT_MAX_AGE", default=180)
# Apps add their periodic jobs here (one place to read the whole schedule).
CELERY_BEAT_SCHEDULE = {
    "core-heartbeat": {"task": "core.tasks.heartbeat", "schedule": 60.0},
    # Transactional outbox (core/outbox.py): tasks the broker could not take when committed.
    "core-relay-outbox": {"task": "core.tasks.relay_outbox", "schedule": 30.0},
    # Followers who chose the weekly summary (core/notifications.py).
    "core-follow-digest-weekly": {
        "task": "core.tasks.send_follow_digests",
        "schedule": crontab(day_of_week=1, hour=7, minute=0),
    },
    # One-time form tokens and Idempotency-Keys answer repeats for a day (core/idempotency.py).
    "core-purge-idempotency": {"task": "core.tasks.purge_idempotency", "schedule": 3600.0},
    # Report teams hear of overdue cases each morning (core/casework.py).
    "core-overdue-reminders-daily": {
        "task": "core.tasks.send_overdue_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "commitments-recalculate-nightly": {
        "task": "commitments.tasks.recalculate_all",
        "schedule": crontab(hour=2, minute=0),
    },
    "forum-sync-member-roles-nightly": {
        "task": "forum.tasks.sync_member_roles",
        "schedule": crontab(hour=1, minute=30),
    },
    "agroprices-fail-stalled-imports": {
        "task": "agroprices.tasks.fail_stalled_imports",
        "schedule": 600.0,
    },
    "core-dataset-snapshots-nightly": {
        "task": "core.tasks.build_dataset_snapshots",
        "schedule": crontab(hour=3, minute=0),
    },
    "agroprices-expire-offers": {
        "task": "agroprices.tasks.expire_offers",
        "schedule": crontab(minute=5),
    },
    "roads-fail-stalled-imports": {
        "task": "roads.tasks.fail_stalled_imports",
        "schedule": 600.0,
    },
}

# Email: EMAIL_URL (smtp://user:pass@host:587 or consolemail://).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Minga <no-responder@minga.local>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses every login path (public, admin, API Basic) once an account is locked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "core.accounts.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = None
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Brute force: AXES_FAILURE_LIMIT wrong passwords for one account from one address lock that
# pair for AXES_COOLOFF_MINUTES; staff unlock it by deleting the attempt in the admin.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "core.accounts.backends.axes_client_ip"
AXES_VERBOSE = False

# Spanish (Ecuador) by default; English through LocaleMiddleware and the switcher.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Guayaquil"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# XLSX snapshots of large open datasets (public data, rebuilt by core.tasks).
DATASET_SNAPSHOT_ROOT = env.path("DATASET_SNAPSHOT_ROOT", default=BASE_DIR / "var" / "snapshots")
DATASET_DOWNLOADS_PER_MINUTE = env.int("DATASET_DOWNLOADS_PER_MINUTE", default=60)
# "Reportar este contenido": reports (one per address) that hide an item until staff review it.
MODERATION_FLAG_THRESHOLD = env.int("MODERATION_FLAG_THRESHOLD", default=3)
# Citizens' photos live outside MEDIA_ROOT (which the proxy serves to anyone) and are sent
# by a view that checks moderation, so a hidden photo is really gone from the public.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A whole request body (five 8 MB photos and the form, or an import file): refused above this
# from Content-Length, before it is read.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_MB", default=50) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# How many reverse proxies in front of the app append to X-Forwarded-For (1 behind the
# compose proxy, 0 when clients reach the app directly). The client address is the entry
# that many hops from the right; anything further left was written by the client and is
# never trusted. Read by core.ratelimit.client_ip and DRF's throttles (NUM_PROXIES).
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)

# Security: strict unless DEBUG. SSL redirect is opt-in because a proxy may terminate TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Map tiles are the one outside resource; on a closed network set MAP_TILE_URL to a local server.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_tile_origin = "/".join(MAP_TILE_URL.split("/")[:3]) if MAP_TILE_URL.startswith("http") else ""

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Progress bars and legends set width/colour in style attributes, never in <style>.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", *([_tile_origin] if _tile_origin else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api_base.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PERMISSION_CLASSES": ["core.permissions.ReadOnlyOrStaff"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "core.api_base.BasicAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["core.api_base.WriteRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "write": env.str("API_WRITE_RATE", default="60/hour"),
        "anon_submit": env.str("ANON_SUBMIT_RATE", default="10/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "core.schema.MingaAutoSchema",
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
    "NUM_PROXIES": TRUSTED_PROXY_HOPS,
    "DEFAULT_VERSIONING_CLASS": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Minga API",
    "DESCRIPTION": "Datos abiertos del Plan de Acción de Gobierno Abierto de Santo Domingo de "
    "los Tsáchilas: foro, propuestas, compromisos, ambiente, agroprecios y vialidad.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.document_errors",
    ],
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
# An import with no progress for this long lost its worker (see core.imports.fail_stalled).
IMPORT_STALLED_AFTER = timedelta(minutes=env.int("IMPORT_STALLED_AFTER_MINUTES", default=30))
# Import files over these limits are refused before their rows are read (core.imports):
# a few KB of XLSX can declare a million rows or unzip to gigabytes.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=1_000_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=60)
IMPORT_MAX_MB = env.int("IMPORT_MAX_MB", default=100)
IMPORT_MAX_ERRORS = 1000  # rows listed in a job's report; the count in its message is exact
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# LOG_FORMAT=json (production): one JSON object per line on stdout; plain text otherwise.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Without a worker, tasks run inside the command or request that enqueued them; their
    # "Task ... succeeded" lines would bury the output of `load_demo`.
    "loggers": {"celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"}},
}

# Celery's workers keep Django's handlers (and so JSON) instead of installing their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# Error reporting (optional): only with SENTRY_DSN set and `pip install '.[sentry]'`.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=0.0,
        send_default_pii=False,  # citizens' addresses and e-mails stay out of the reports
        max_request_body_size="never",  # and so do the forms they filled
    )
