"""Settings for Alongside. Everything is configured through environment variables.

The defaults give the embedded mode: a SQLite file and a generated secret in the
data folder, debug off, email printed to the console. Production sets
``ALONGSIDE_ENV=production`` plus ``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``
and the email settings; see docs/operators.md.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from alongside.caches import cache_settings
from alongside.env import env_bool, env_int, env_list, env_str, secret_key_from

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("ALONGSIDE_DATA_DIR", str(BASE_DIR / "data")))
ENVIRONMENT = env_str("ALONGSIDE_ENV", "embedded")
PRODUCTION = ENVIRONMENT == "production"

SECRET_KEY = secret_key_from(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
# Links in emails and letters always use this address, never the request's Host header.
BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", BASE_URL)

INSTALLED_APPS = [
    "alongside.core.admin_site.AlongsideAdminConfig",  # django.contrib.admin, next checked
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    # Our apps come before allauth so that their templates override allauth's.
    "alongside.core",
    "alongside.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "alongside.people",
    "alongside.outreach",
    "alongside.opportunities",
    "alongside.payments",
    "alongside.engagement",
    "alongside.insights",
    "alongside.api",
    "alongside.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alongside.core.middleware.AllowedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "alongside.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "alongside.accounts.middleware.ActiveAccountMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "alongside.accounts.middleware.IdleTimeoutMiddleware",
    "alongside.accounts.middleware.StaffSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "alongside.core.middleware.NoStoreForSignedInMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "alongside.core.context_processors.service",
                "alongside.accounts.context_processors.session_timeout",
            ],
            # Every page, document and message shows values as words: money, hours, days, phone...
            "builtins": ["alongside.core.templatetags.words"],
        },
    },
]
FORM_RENDERER = "alongside.core.forms.AlongsideFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'alongside.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A read replica (PostgreSQL streaming replication) takes researcher search and insights reads;
# see docs/deploy.md. Writes, and every read not named in the router, stay on the primary.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
    )
    DATABASE_ROUTERS = ["alongside.db_routers.ReadReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "alongside.accounts.validators.CommonWordWithNumbersValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "core:home"

# Sign-in (django-allauth). Members of the public sign in with a code sent by
# email; staff use a password and then a TOTP second factor.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 10
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_FORMS = {
    "login": "alongside.accounts.forms.SignInForm",
    "confirm_login_code": "alongside.accounts.forms.SignInCodeForm",
}
ACCOUNT_ADAPTER = "alongside.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Alongside: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,10/15m/key",
    "request_login_code": "20/m/ip,3/15m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    # The website feedback page (outreach.views.feedback_form), which anyone may use.
    "feedback": "5/10m/ip",
}
# Behind a reverse proxy, trust only the address the proxy itself appended:
# a client-supplied X-Forwarded-For cannot dodge the limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Alongside"
# Accept the code either side of the current 30-second step: phones and servers drift.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
MFA_FORMS = {"authenticate": "alongside.accounts.forms.SecondStepForm"}

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
if env_str("REDIS_URL"):
    # Sessions (and so sign-in state) read from the shared Redis, written through to the database
    # so that a Redis restart signs nobody out. Every app server sees the same sessions.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Signed-in people are warned two minutes before this and can stay signed in; 0 turns it off.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
if PRODUCTION:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Uploads: bounded so one request cannot exhaust memory or disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Cymraeg"))]
LOCALE_PATHS = [BASE_DIR / "alongside" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files on S3-compatible storage (django-storages, the "scale" extra) when a bucket is named,
# so that several app servers share them. Links to files are signed and expire.
if env_str("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env_int("S3_LINK_SECONDS", 300),
            "file_overwrite": False,
        },
    }
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Alongside <no-reply@alongside.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Tasks on Redis through RQ (django-tasks-rq, the "scale" extra): same task API, workers started
# with `alongside task_worker` (RQ's worker, after putting back jobs a killed worker left).
# See docs/deploy.md.
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {
        "default": {"URL": env_str("REDIS_URL", "redis://127.0.0.1:6379/0"), "DEFAULT_TIMEOUT": 3600}
    }

# What each cache holds, its size and what losing it costs: alongside/caches.py. The default cache
# keeps sign-in lockouts and rate limits, so only their own expiry removes them (with Redis, checked
# at start-up); public pages go to a cache of their own, in each process's memory or a separate Redis.
CACHES = cache_settings(env_str("REDIS_URL"), env_str("PAGE_CACHE_REDIS_URL"))
# For a check you have confirmed by other means, e.g. alongside.W002 when a managed Redis hides CONFIG.
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", "")
# How long a cached public page lives (0 turns the page cache off), and how long a web process
# trusts its copy of the content version before reading it again from the shared cache.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_CHECK_SECONDS = env_int("PAGE_CACHE_CHECK_SECONDS", 5)
# Parts of pages kept in the pages cache for everyone, signed in or not (result cards, the search
# filters, an opportunity's own text), keyed by the page-cache versions of what they show. 0: off.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 300)

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "alongside.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Making the bold PDF font (core.fonts) reports each step at INFO.
        "fontTools": {"level": "WARNING"},
    },
}

ADMINS = [("Operators", a) for a in env_list("ADMIN_EMAILS")]
ALONGSIDE_SERVICE_NAME = "Alongside"
ALONGSIDE_CONTACT_PHONE = env_str("CONTACT_PHONE", "0300 000 0000")
ALONGSIDE_CONTACT_EMAIL = env_str("CONTACT_EMAIL", "help@alongside.invalid")
# Who is responsible for people's information (the privacy notice, /privacy/). The defaults are
# the demo's invented national operator; a deployment sets its own (`alongside check --deploy` warns).
PRIVACY_CONTROLLER_NAME = env_str("PRIVACY_CONTROLLER_NAME", "The Alongside national team (demonstration)")
PRIVACY_CONTROLLER_ADDRESS = env_str("PRIVACY_CONTROLLER_ADDRESS", "1 Example Street, Cardiff CF10 1AA")
PRIVACY_EMAIL = env_str("PRIVACY_EMAIL", "privacy@alongside.invalid")
PRIVACY_DPO_EMAIL = env_str("PRIVACY_DPO_EMAIL", "dpo@alongside.invalid")
PRIVACY_ICO_REGISTRATION = env_str("PRIVACY_ICO_REGISTRATION", "ZA000000")
# Benchmark ceiling views (/bench/minimal): for `alongside bench` and `alongside loadtest` only.
BENCH_VIEWS = env_bool("BENCH_VIEWS", False) and not PRODUCTION
CENSUS_DIR = Path(env_str("CENSUS_DIR", str(BASE_DIR / "alongside" / "core" / "data" / "census")))
# Different registry searches one person may run in 24 hours (docs/people.md, the disclosure rule).
ALONGSIDE_SEARCHES_PER_DAY = env_int("SEARCHES_PER_DAY", 100)

# Outreach: texts and letters go to the local outbox unless GOV.UK Notify is configured.
OUTREACH_PROVIDER = env_str(
    "OUTREACH_PROVIDER",
    "alongside.outreach.providers.NotifyProvider"
    if env_str("NOTIFY_API_KEY")
    else "alongside.outreach.providers.OutboxProvider",
)
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY")
NOTIFY_TEXT_TEMPLATE_ID = env_str("NOTIFY_TEXT_TEMPLATE_ID")
NOTIFY_TIMEOUT = env_int("NOTIFY_TIMEOUT", 20)
# How long a "change how we contact you" link in a message keeps working, in days.
OUTREACH_LINK_DAYS = env_int("OUTREACH_LINK_DAYS", 90)
