"""Settings for TechFluency, all read from the environment (see .env.example).

The defaults run locally on SQLite with no other server. PRODUCTION=true switches on the
deploy hardening and insists on a real SECRET_KEY.
"""

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_optional_str,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = env_bool("PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG=true is refused when PRODUCTION=true")

_DEV_SECRET = "dev-only-secret-key-not-for-production"  # noqa: S105 - local default, refused below
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET)
if PRODUCTION and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "PRODUCTION=true needs SECRET_KEY set to at least 50 random characters"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# How many reverse proxies sit in front of the app. With 0, X-Forwarded-For is ignored,
# because a client can put anything in it and would get a fresh rate-limit bucket per request.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "techfluency.core",
    "techfluency.accounts",
    "techfluency.curriculum",
    "techfluency.practice",
    "techfluency.progress",
    "techfluency.sqllab",
    "techfluency.interviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "techfluency" / "templates"],
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

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", {"sqlite", "postgres", "postgresql"}) or (
    f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
)
CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 600, minimum=0)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so
        # two writers queue on busy_timeout instead of failing with "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and rate limits ------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", {"redis", "rediss", "unix"})
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    _shared_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
    CACHES = {"default": _shared_cache, "shared": _shared_cache}
else:
    CACHES = {
        # Sessions are read through this cache (cached_db): room for every learner active at
        # once in each worker, where the default 300 entries would thrash and hit the database.
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        # Rate-limit counters must be shared by every gunicorn worker, so without Redis they
        # live in a database table (created by `createcachetable`).
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "techfluency_shared_cache",
        },
    }

LOGIN_LIMIT_PER_ACCOUNT = env_int("LOGIN_LIMIT_PER_ACCOUNT", 5, minimum=1)
LOGIN_LIMIT_PER_IP = env_int("LOGIN_LIMIT_PER_IP", 30, minimum=1)
LOGIN_LIMIT_WINDOW_SECONDS = env_int("LOGIN_LIMIT_WINDOW_SECONDS", 900, minimum=1)

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts-login"
LOGIN_REDIRECT_URL = "practice-today"
LOGOUT_REDIRECT_URL = "core-home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# --- Email ----------------------------------------------------------------------------------
EMAIL_HOST = env_optional_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "TechFluency <noreply@techfluency.local>")

# --- Time, language, static -----------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, serve straight from the app folders so no collectstatic is needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_MAX_AGE = 3600 if PRODUCTION else 0

CONTENT_DIR = Path(env_str("CONTENT_DIR", str(BASE_DIR / "content")))

# --- SQL Lab ----------------------------------------------------------------------------------
# Where the generated practice datasets live (built on first `make run`, then reused).
SQLLAB_DATA_DIR = Path(env_str("SQLLAB_DATA_DIR", str(BASE_DIR / "var" / "sqllab")))
SQLLAB_DATASET_SIZE = env_choice("SQLLAB_DATASET_SIZE", "full", {"full", "small"})
SQLLAB_SEED = env_int("SQLLAB_SEED", 1, minimum=0)
# The variant dataset catches answers hard-coded to the main data's rows.
SQLLAB_VARIANT_SEED = env_int("SQLLAB_VARIANT_SEED", 2, minimum=0)
SQLLAB_TIME_LIMIT_SECONDS = env_float("SQLLAB_TIME_LIMIT_SECONDS", 2.0, minimum=0.1)
SQLLAB_MAX_ROWS = env_int("SQLLAB_MAX_ROWS", 1000, minimum=1, maximum=100_000)
SQLLAB_MEMORY_MB = env_int("SQLLAB_MEMORY_MB", 256, minimum=32)
# Warm sandbox processes per web process, and the most it may start under load.
SQLLAB_WORKERS = env_int("SQLLAB_WORKERS", 4, minimum=1, maximum=64)
SQLLAB_MAX_WORKERS = env_int("SQLLAB_MAX_WORKERS", 12, minimum=1, maximum=256)
SQLLAB_RUNS_PER_MINUTE = env_int("SQLLAB_RUNS_PER_MINUTE", 30, minimum=1)

# --- Security -------------------------------------------------------------------------------
# Sessions are read on every page: the cache answers, the database keeps them durable.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "techfluency.core.views.csrf_failure"

# --- Optional LLM judge (interview practice) --------------------------------------------------
# All three must be set to switch it on; with any missing, nothing is ever sent anywhere.
LLM_BASE_URL = env_url("LLM_BASE_URL", {"http", "https"})
LLM_API_KEY = env_optional_str("LLM_API_KEY")
LLM_MODEL = env_optional_str("LLM_MODEL")
LLM_TIMEOUT_SECONDS = env_float("LLM_TIMEOUT_SECONDS", 20.0, minimum=0.1)
