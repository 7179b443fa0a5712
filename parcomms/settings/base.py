"""Settings shared by every environment. Every value can be set from the environment."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .environment import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_limits,
    env_list,
    env_str,
    local_secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("PARCOMMS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or local_secret_key(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "parcomms.org",
    "parcomms.audit",
    "parcomms.legal",
    "parcomms.plans",
    "parcomms.content",
    "parcomms.channels",
    "parcomms.activities",
    "parcomms.indicators",
    "parcomms.contests",
    "parcomms.emulation",
    "parcomms.dashboard",
    "parcomms.reports",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the outcome of authentication (django-axes requirement).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "parcomms.urls"
WSGI_APPLICATION = "parcomms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "parcomms" / "templates"],
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

DATABASES = {"default": env_database("DATABASE_URL", VAR_DIR / "parcomms.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
# Vietnamese only: every string of ours is Vietnamese, so a browser asking for English
# (Accept-Language) would otherwise get Wagtail's and Django's strings in English beside ours.
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "parcomms" / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "parcomms" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The plan-import preview posts ~7 fields per section and citation (482 for the reference plan);
# Django's default of 1000 would refuse a plan of ~250 sections with a bare 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# E-mail
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "parcomms@localhost")

# Sessions and CSRF
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview needs same-origin frames.

# Lockout after repeated failed logins (django-axes)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "org/locked_out.html"

# Wagtail
WAGTAIL_SITE_NAME = env_str("PARCOMMS_SITE_NAME", "parcomms — Tuyên truyền cải cách hành chính")
WAGTAILADMIN_BASE_URL = env_str("PARCOMMS_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no outside requests from users' browsers either
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Articles (parcomms.content): uploads are checked by content and size, documents are always
# downloaded (never rendered inline), Wagtail's own moderation e-mails are replaced by ours.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("WAGTAILDOCS_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)
WAGTAILDOCS_DOCUMENT_FORM_BASE = "parcomms.content.uploads.CheckedDocumentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_FINISH_WORKFLOW_ACTION = "parcomms.content.publishing.publish_approved"
ARTICLE_REVIEW_FLAG_DAYS = env_int("ARTICLE_REVIEW_FLAG_DAYS", 3)

# Background work (channel delivery, reminders, results) goes through the tasks API. The
# database backend and its worker (`manage.py db_worker`) suit one machine or several.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env_str("TASKS_BACKEND", "database")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={_task_backend!r}: use one of {sorted(_TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Activities: self check-in window around a session, reminder lead time, attachment size.
PARCOMMS_CHECKIN_OPENS_MINUTES_BEFORE = env_int("PARCOMMS_CHECKIN_OPENS_MINUTES_BEFORE", 15)
PARCOMMS_CHECKIN_CLOSES_MINUTES_AFTER = env_int("PARCOMMS_CHECKIN_CLOSES_MINUTES_AFTER", 30)
PARCOMMS_REMINDER_DAYS_BEFORE = env_int("PARCOMMS_REMINDER_DAYS_BEFORE", 5)
PARCOMMS_ACTIVITY_MAX_FILE_MB = env_int("PARCOMMS_ACTIVITY_MAX_FILE_MB", 10)

# Channel delivery (parcomms.channels): back-off between attempts, how long a worker holds a
# delivery before another may take it over (must exceed the HTTP timeout), Zalo OA endpoints
# (tests point them at a local server), token refresh margin, calls per minute per OA, and
# the hours Zalo refuses broadcasts (Asia/Ho_Chi_Minh).
CHANNELS_RETRY_BASE_SECONDS = env_int("CHANNELS_RETRY_BASE_SECONDS", 60)
CHANNELS_RETRY_MAX_SECONDS = env_int("CHANNELS_RETRY_MAX_SECONDS", 6 * 3600)
CHANNELS_MAX_ATTEMPTS = env_int("CHANNELS_MAX_ATTEMPTS", 8)
CHANNELS_LEASE_SECONDS = env_int("CHANNELS_LEASE_SECONDS", 120)
ZALO_API_BASE = env_str("ZALO_API_BASE", "https://openapi.zalo.me")
ZALO_OAUTH_BASE = env_str("ZALO_OAUTH_BASE", "https://oauth.zaloapp.com")
ZALO_APP_SECRET = env_str("ZALO_APP_SECRET", "")
ZALO_HTTP_TIMEOUT_SECONDS = env_int("ZALO_HTTP_TIMEOUT_SECONDS", 20)
ZALO_TOKEN_REFRESH_MARGIN_SECONDS = env_int("ZALO_TOKEN_REFRESH_MARGIN_SECONDS", 600)
ZALO_RATE_LIMIT_PER_MINUTE = env_int("ZALO_RATE_LIMIT_PER_MINUTE", 120)
ZALO_QUIET_HOURS = env_str("ZALO_QUIET_HOURS", "22:00-06:00")
ZALO_DEFAULT_COVER_URL = env_str("ZALO_DEFAULT_COVER_URL", "")
# Portal channel: seconds to wait for the portal's webhook.
PORTAL_WEBHOOK_TIMEOUT = env_int("PORTAL_WEBHOOK_TIMEOUT", 10)

# Plans: days a half-finished plan draft is kept (`manage.py clean_plan_drafts`).
PLAN_DRAFT_MAX_AGE_DAYS = env_int("PLAN_DRAFT_MAX_AGE_DAYS", 14)

# Reports: who receives a report sent without its own list of addresses.
REPORT_RECIPIENTS = env_list("REPORT_RECIPIENTS", [])

# Dashboard PDF export: the Chromium executable (CHROMIUM_PATH is also understood).
PARCOMMS_CHROMIUM = env_str("PARCOMMS_CHROMIUM") or env_str("CHROMIUM_PATH", "/usr/bin/chromium")

# Contests: network slack after an attempt's deadline, how verification codes are sent, rate
# limits (parcomms.contests.ratelimit: the store, overrides of the named policies, and how
# many reverse proxies in front of the app add an X-Forwarded-For entry; 0 = none).
CONTESTS_SUBMIT_GRACE_SECONDS = env_int("CONTESTS_SUBMIT_GRACE_SECONDS", 3)
CONTESTS_VERIFICATION_SENDER = env_str(
    "CONTESTS_VERIFICATION_SENDER", "parcomms.contests.verification.EmailSender"
)
CONTESTS_RATE_LIMIT_BACKEND = env_choice("CONTESTS_RATE_LIMIT_BACKEND", "db", ["db", "cache"])
CONTESTS_RATE_LIMITS = env_limits("CONTESTS_RATE_LIMITS")
CONTESTS_TRUSTED_PROXIES = env_int("CONTESTS_TRUSTED_PROXIES", 0)
