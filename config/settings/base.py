"""Settings shared by every environment.

Configuration comes only from environment variables (see README.md and .env.example). With
none set, the site runs on the embedded default: SQLite, eager Celery, console email and a
local-memory cache.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SITE_NAME = "Children's Panel"
# One prefix for every subject: ours (common.mail), allauth's and Django's own.
EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", default="[Children's Panel] ")

INSTALLED_APPS = [
    # Ours first, so our templates override allauth's and Wagtail's.
    "common",
    "volunteers",
    "training",
    "rostering",
    "cms",
    "privacy",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
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
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_celery_beat",
    "django_htmx",
    "auditlog",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "volunteers.middleware.SignedInMarkerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "privacy.middleware.StaffMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "volunteers.middleware.ContentSecurityPolicyMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "common.middleware.PrivateCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
                "csp.context_processors.nonce",
                "volunteers.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "common.forms_renderer.DesignSystemFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if env("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
elif REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "volunteers.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# --- allauth ---------------------------------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
ACCOUNT_ADAPTER = "privacy.adapters.AccountAdapter"
# Rate limits live in the default cache: Redis in production, so they hold across processes.
# A refused sign-in becomes a recorded lockout: the account's owner is emailed an unlock
# link and national administrators see it (privacy.lockout).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/10m/ip,5/15m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Children's Panel"
MFA_RECOVERY_CODE_COUNT = 10
# A staff role takes effect only in a session that passed MFA, with an authenticator set up
# through a one-time link emailed to the verified address (privacy.middleware).
STAFF_MFA_REQUIRED = True

# --- Wagtail ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
# Private pages send visitors to allauth's sign-in, never Wagtail's password-only form.
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "txt", "csv"]
# Documents live in private storage and are served only through the view that checks privacy.
WAGTAILDOCS_DOCUMENT_MODEL = "cms.GuidanceDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Images in restricted collections are stored privately and served through the check
# (cms/images.py); the image edit form moves a file when its collection changes.
WAGTAILIMAGES_IMAGE_MODEL = "cms.GuidanceImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.GuidanceImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_WORKFLOW_ENABLED = True

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# Sentence case for allauth's Title Case headings, buttons and labels.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Job results (exports) are private: they are served only through an ownership-checked view.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email ------------------------------------------------------------------------------
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
    EMAIL_HOST = env("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Children's Panel <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
# No broker: run tasks in-process so the embedded default needs no services.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * 3600}
CELERY_TASK_SOFT_TIME_LIMIT = 30 * 60
CELERY_TASK_TIME_LIMIT = 35 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic work; later features add their entries here.
CELERY_BEAT_SCHEDULE = {
    # The whole retention schedule (privacy page and docs/data-protection.md), idempotent.
    "retention-schedule": {
        "task": "privacy.tasks.apply_retention_schedule",
        "schedule": crontab(hour=3, minute=15),
    },
    "rostering-chase-cover": {
        "task": "rostering.tasks.chase_cover_requests",
        "schedule": crontab(minute="*/15"),
    },
    "rostering-availability-reminders": {
        "task": "rostering.tasks.send_availability_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    # Idempotent: each sitting's reminder (each member's weekly digest) is claimed first.
    "rostering-sitting-reminders": {
        "task": "rostering.tasks.send_sitting_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "rostering-weekly-digest": {
        "task": "rostering.tasks.send_weekly_digests",
        "schedule": crontab(hour=17, minute=0, day_of_week="sun"),
    },
    # Reminders only: eligibility is computed live, so a missed run cannot let anyone sit.
    "training-expiry-reminders": {
        "task": "training.tasks.send_expiry_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    # Wagtail's go-live and expiry times take effect only when publish_scheduled runs.
    "publish-scheduled-pages": {
        "task": "cms.tasks.publish_scheduled",
        "schedule": crontab(minute="*/5"),
    },
    "recruitment-notify-interest": {
        "task": "volunteers.tasks.notify_interest_in_open_campaigns",
        "schedule": crontab(hour=7, minute=0),
    },
    "recruitment-remind-referees": {
        "task": "volunteers.tasks.remind_overdue_referees",
        "schedule": crontab(hour=8, minute=30),
    },
}
JOB_RETENTION_DAYS = env.int("JOB_RETENTION_DAYS", default=30)
# The outgoing email log (common.OutgoingEmail) is kept this long.
EMAIL_LOG_RETENTION_DAYS = env.int("EMAIL_LOG_RETENTION_DAYS", default=365)
# Unsuccessful and withdrawn applications are anonymised after this many days.
RECRUITMENT_RETENTION_DAYS = env.int("RECRUITMENT_RETENTION_DAYS", default=365)
# The most sessions one uploaded Reporter schedule may hold (a year of a busy region fits).
SCHEDULE_IMPORT_MAX_ROWS = env.int("SCHEDULE_IMPORT_MAX_ROWS", default=25000)
# Members are reminded of a published sitting (and asked to confirm) this many days before.
SITTING_REMINDER_DAYS = env.int("SITTING_REMINDER_DAYS", default=3)
# The rest of the retention schedule (privacy app; docs/data-protection.md).
FORMER_MEMBER_RETENTION_DAYS = env.int("FORMER_MEMBER_RETENTION_DAYS", default=6 * 365)
OBSERVATION_RETENTION_DAYS = env.int("OBSERVATION_RETENTION_DAYS", default=3 * 365)
EXPENSE_RETENTION_YEARS = env.int("EXPENSE_RETENTION_YEARS", default=6)
CALENDAR_FEED_RETENTION_DAYS = env.int("CALENDAR_FEED_RETENTION_DAYS", default=30)
# Case references are opaque (rostering/validators.py): the Reporter's, never a child's name.
CASE_REFERENCE_PATTERN = env("CASE_REFERENCE_PATTERN", default=r"^[A-Z0-9][A-Z0-9/-]{1,39}$")

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# The Wagtail and Django admins are not yet compatible with a strict CSP (wagtail#1288).
CSP_RELAXED_PATH_PREFIXES = ("/cms-admin/", "/django-admin/")

AUDITLOG_INCLUDE_ALL_MODELS = False
# Fixtures and test-database restores are not changes anyone made.
AUDITLOG_DISABLE_ON_RAW_SAVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Wagtail logs every background reference-index task at INFO: too chatty for a console.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
