"""Backbone's one settings file, driven by environment variables.

Defaults give a working demo on an embedded SQLite file under var/; a deployment sets
SECRET_KEY, DEBUG=0, ALLOWED_HOSTS and a postgres:// DATABASE_URL.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BACKBONE_VAR_DIR", BASE_DIR / "var"))
# The SQLite database, static files and kept uploads live here: a fresh clone has no var/.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# The demo (`backbone demo`, which `make demo` runs, sets BACKBONE_DEMO) and the test suite
# (pytest sets PYTEST_VERSION) keep their conveniences: a built-in key, DEBUG on, plain HTTP.
# Any other start is a deployment: it must bring its own SECRET_KEY, and DEBUG is off.
DEMO = env_bool("BACKBONE_DEMO", False) or "PYTEST_VERSION" in os.environ
DEBUG = env_bool("DEBUG", DEMO)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEMO:
        raise RuntimeError(
            "SECRET_KEY is not set. A deployment needs its own secret key (50 or more random "
            "characters, e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`)"
            "; to try Backbone, run `make demo`."
        )
    SECRET_KEY = "backbone-demo-only-key-never-for-a-deployment-0123456789"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

# HTTPS: on by default for a deployment (a proxy in front terminates TLS and says so in
# X-Forwarded-Proto); the demo and the tests run plain HTTP on loopback.
HTTPS = env_bool("HTTPS", not DEMO)
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("BEHIND_PROXY", HTTPS):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions: a working day of inactivity, renewed by use; a password change ends every other
# session of that person (Django checks the session's password hash on each request).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 12 * 3600))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

INSTALLED_APPS = [
    # Before the admin, so its forms get the per-language fields.
    "modeltranslation",
    "backbone.accounts.admin_site.BackboneAdminConfig",  # superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # django-ninja serves Swagger UI from its own static files when it is an installed app
    # (otherwise its docs page loads them from a CDN).
    "ninja",
    "django_htmx",
    "template_partials",
    "simple_history",
    # Log-in throttling (see AXES_* below); its own tables keep the failed attempts.
    "axes",
    # Background work: django-tasks (the backport of Django 6's tasks) with its database
    # backend; `backbone worker` runs what is queued (see backbone/events).
    "django_tasks",
    "django_tasks_db",
    "backbone.accounts",
    "backbone.network",
    "backbone.documents",
    "backbone.governance",
    "backbone.readiness",
    "backbone.agenda",
    "backbone.phases",
    # No models: the error report and column-mapping templates every import shares.
    "backbone.interchange",
    "backbone.measurement",
    "backbone.activities",
    "backbone.meetings",
    "backbone.events",
    "backbone.communication",
    "backbone.webhooks",
    "backbone.home",
    "backbone.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "backbone.lib.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "backbone.accounts.middleware.RememberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "backbone.accounts.middleware.LoginForAnonymousMiddleware",
    # Last, as django-axes asks: it turns a refused log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy: everything from this site only, no inline script or style, no
# eval, no framing. The pages keep to it (the browser tests fail on any violation).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

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
                "django.template.context_processors.i18n",
                "backbone.communication.context_processors.unread_notifications",
            ],
            # `ltr` and `isolate`: numbers, codes and ranges kept in order inside Hebrew text.
            "builtins": ["backbone.lib.bidi"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'backbone.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the live server and a test's own connection read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    # SQLite takes one writer at a time. A transaction begun DEFERRED (sqlite3's default)
    # that read first and then writes while another one writes fails at once with "database
    # is locked" (its snapshot is stale; waiting cannot help it), so two reviewers acting on
    # one submission gave the second a 500. Begun IMMEDIATE, a writing transaction takes the
    # write lock first and waits (up to the busy timeout, in seconds) for the other one to
    # commit, then reads what it left: the second reviewer gets "… is approved; only a
    # submitted one can be returned." This also serializes uploads, as the row lock does on
    # PostgreSQL (see measurement.submissions.workflow.lock_reporting). The timeout outlasts a
    # million-row upload (about 6 s here).
    DATABASES["default"]["OPTIONS"].update(transaction_mode="IMMEDIATE", timeout=20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if env_bool("BACKBONE_FAST_HASHER", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Log-in throttling, by django-axes (a well-kept package: it hooks into Django's own
# authenticate(), so the log-in page, the admin's and any later one are all covered). An
# account is locked after AXES_FAILURE_LIMIT failures from anywhere, and an address after as
# many failures for any accounts; each refused attempt starts the cool-off again. The API takes
# tokens, not passwords, so it does not pass through here.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked account or address
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# axes would clear on success every failure from the same address too, so anyone with an
# account could reset the address's count by logging in between guesses; our handler clears
# only the failures of the account that logged in.
AXES_RESET_ON_SUCCESS = False
AXES_HANDLER = "backbone.accounts.throttling.LoginThrottle"
AXES_LOCKOUT_CALLABLE = "backbone.accounts.views.login_locked_out"
# Every failure is kept (not only the current count): the audit log shows them.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind a proxy every request comes from the proxy's address: take the client's from the
# X-Forwarded-For entry that the (trusted) proxy added, the right-most one.
if env_bool("BEHIND_PROXY", HTTPS):
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 1))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("uk", _("Ukrainian")), ("he", _("Hebrew"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Names and texts of content (organizations, collectives, bodies, indicators, dimensions,
# categories) carry one column per language, through django-modeltranslation: the
# translations live in the same row (name_en, name_uk, name_he), so lists, ordering,
# filtering and roll-ups read them without a join, and django-simple-history's tables keep
# them as columns too (see backbone/network/translation.py). django-parler, the other
# well-kept choice, keeps them in a second table joined on every read.
# A text is shown in the reader's language, else English, else Ukrainian, else Hebrew:
# the first one filled in.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "uk", "he")
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Kyiv")
USE_I18N = True
# Where Django's per-language number and date formats need a correction (Hebrew's grouping).
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# Front-end packages come from the npm registry at set-up (see package.json), never a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "backbone@localhost")
# A mail server that does not answer gives up after this many seconds (the worker then
# retries later); a claimed e-mail still "sending" after the lease belongs to a dead worker.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 60))
BACKBONE_DELIVERY_LEASE = int(os.environ.get("BACKBONE_DELIVERY_LEASE", 300))
# Webhooks (backbone.webhooks): a receiver that does not answer within the timeout is tried
# again later; one failing without a success for longer than DISABLE_AFTER (seconds, 3 days)
# is disabled and its staff told; a post still "sending" after the lease belongs to a dead
# worker. Receivers on private, loopback or link-local addresses are refused unless allowed.
BACKBONE_WEBHOOK_TIMEOUT = float(os.environ.get("BACKBONE_WEBHOOK_TIMEOUT", 5))
BACKBONE_WEBHOOK_DISABLE_AFTER = float(os.environ.get("BACKBONE_WEBHOOK_DISABLE_AFTER", 3 * 86400))
BACKBONE_WEBHOOK_LEASE = float(
    os.environ.get("BACKBONE_WEBHOOK_LEASE", 2 * BACKBONE_WEBHOOK_TIMEOUT + 60)
)
BACKBONE_WEBHOOK_ALLOW_PRIVATE = env_bool("BACKBONE_WEBHOOK_ALLOW_PRIVATE", False)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The address links in e-mails point at: where the site is served (`backbone serve` and the
# demo follow PORT) unless a deployment states it.
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# What refused uploads leave behind (for the errors download and the column mapping) is kept
# this long and this much in all; `backbone purge-rejected` clears the rest.
REJECTED_UPLOADS_DAYS = float(os.environ.get("REJECTED_UPLOADS_DAYS", 7))
REJECTED_UPLOADS_MAX_BYTES = int(os.environ.get("REJECTED_UPLOADS_MAX_MB", 512)) * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
