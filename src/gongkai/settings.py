"""Django settings for gongkai.

Environment:
  GONGKAI_HOME       data directory (SQLite database, uploads); default ./var
  GONGKAI_DB         "sqlite" (default, embedded) or "postgres"
  GONGKAI_PG_*       NAME, HOST, PORT, USER, PASSWORD for PostgreSQL
  GONGKAI_BROKER     Celery broker URL (e.g. redis://127.0.0.1:6379/0); unset = in-process tasks
  GONGKAI_SECRET_KEY, GONGKAI_DEBUG, GONGKAI_ALLOWED_HOSTS
"""

import datetime
import os
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("GONGKAI_HOME", Path.cwd() / "var")).resolve()
HOME.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = os.environ.get("GONGKAI_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "gongkai.core",
    "gongkai.agencies",
    "gongkai.audit",
    "gongkai.workdays",
    "gongkai.disclosure",
    "gongkai.portal",
    "gongkai.applications",
    "gongkai.appeals",
    "gongkai.reports",
    "gongkai.collected",
    "gongkai.search",
    "gongkai.sitecheck",
    "gongkai.security",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.audit.middleware.AuditContextMiddleware",
    "gongkai.security.middleware.SecurityPolicyMiddleware",
    "gongkai.portal.middleware.ReadingPreferencesMiddleware",
    # Last: turns a login refused for a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

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
                "gongkai.portal.context_processors.reading_preferences",
            ],
        },
    },
]

if os.environ.get("GONGKAI_DB", "sqlite") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("GONGKAI_PG_NAME", "gongkai"),
            "HOST": os.environ.get("GONGKAI_PG_HOST", "127.0.0.1"),
            "PORT": os.environ.get("GONGKAI_PG_PORT", "5432"),
            "USER": os.environ.get("GONGKAI_PG_USER", "postgres"),
            "PASSWORD": os.environ.get("GONGKAI_PG_PASSWORD", ""),
            "TEST": {"NAME": os.environ.get("GONGKAI_PG_TEST_NAME", "test_gongkai")},
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": HOME / "gongkai.sqlite3",
            # IMMEDIATE: a writing transaction takes the lock at BEGIN, so concurrent
            # writers queue instead of failing with "database is locked" on upgrade.
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20,
                        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
            # A file, not memory: live-server tests share it between threads (an in-memory shared
            # cache made their requests wait on table locks). One per test process.
            "TEST": {"NAME": os.environ.get("GONGKAI_SQLITE_TEST_NAME")
                     or str(Path(tempfile.gettempdir()) / f"gongkai-test-{os.getpid()}.sqlite3")},
        }
    }

# Full-text search: "embedded" (tantivy files under HOME/search) or "postgres" (in the database).
GONGKAI_SEARCH_BACKEND = os.environ.get(
    "GONGKAI_SEARCH_BACKEND", "postgres" if DATABASES["default"]["ENGINE"].endswith("postgresql") else "embedded")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username or address first
    "django.contrib.auth.backends.ModelBackend",
]
# Password policy (GB/T 22239-2019 8.1.4.1 b): length, character classes, not the username,
# not one of the last N, changed every N days (0 = never) and at first login.
GONGKAI_PASSWORD_MIN_LENGTH = int(os.environ.get("GONGKAI_PASSWORD_MIN_LENGTH", "12"))
GONGKAI_PASSWORD_MIN_CLASSES = int(os.environ.get("GONGKAI_PASSWORD_MIN_CLASSES", "3"))
GONGKAI_PASSWORD_HISTORY = int(os.environ.get("GONGKAI_PASSWORD_HISTORY", "5"))
GONGKAI_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("GONGKAI_PASSWORD_MAX_AGE_DAYS", "90"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "gongkai.security.passwords.PolicyValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "gongkai.security.passwords.HistoryValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "portal:index"

# Login lock-out (8.1.4.1 b 登录失败处理), django-axes on the database (shared by every process):
# 5 failures of a username, or from an address, lock it for 15 minutes; a security administrator
# can unlock earlier (/staff/security/lockouts/).
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_MAX_FAILURES", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("GONGKAI_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # logins are in the audit trail
AXES_CLIENT_IP_CALLABLE = "gongkai.audit.context.client_ip"
AXES_LOCKOUT_CALLABLE = "gongkai.security.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # unlocking is the security administrator's page, not the system admin's
# Idle staff sessions end after this many minutes (8.1.4.1 b 登录连接超时自动退出).
GONGKAI_SESSION_IDLE_MINUTES = int(os.environ.get("GONGKAI_SESSION_IDLE_MINUTES", "30"))
# Roles that must use a second factor (TOTP, 8.1.4.1 d); comma-separated role codes.
GONGKAI_OTP_REQUIRED_ROLES = [r.strip() for r in os.environ.get(
    "GONGKAI_OTP_REQUIRED_ROLES", "agency_admin,reviewer,system_admin,security_admin,audit_admin").split(",")
    if r.strip()]
OTP_TOTP_ISSUER = "政务公开工作平台"
# Wrong codes count as failed logins in axes (locked after 5); django-otp's own per-device delay
# would only refuse a correct code typed right after a typo.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# The production profile (GONGKAI_PROFILE=production): demo accounts cannot log in, `gongkai demo`
# refuses to run, `gongkai check --deploy` reports any demo account left.
GONGKAI_PRODUCTION = os.environ.get("GONGKAI_PROFILE", "development") == "production"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
MEDIA_ROOT = HOME / "media"
MEDIA_URL = "media/"

# Uploads: size limit per attachment (bytes); types are checked by content.
GONGKAI_MAX_ATTACHMENT_BYTES = int(os.environ.get("GONGKAI_MAX_ATTACHMENT_BYTES", 50 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A cache shared by every process (lock-out counters must not live in one process's memory):
# Redis when GONGKAI_REDIS (or a redis:// GONGKAI_BROKER) is set, else a table in the database
# (created by `gongkai migrate`, or `gongkai createcachetable`).
_REDIS_URL = os.environ.get("GONGKAI_REDIS") or (
    os.environ.get("GONGKAI_BROKER", "") if os.environ.get("GONGKAI_BROKER", "").startswith("redis") else "")
if _REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL,
                          "KEY_PREFIX": "gongkai"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "gongkai_cache"}}

# ---- 等保 level 3: identification, access control, audit (docs/security.md) ----
# Reverse proxies in front of the app that overwrite X-Forwarded-For (0: use REMOTE_ADDR).
GONGKAI_TRUSTED_PROXIES = int(os.environ.get("GONGKAI_TRUSTED_PROXIES", "0"))
# The audit is kept at least this long (days; less than 180 is refused by `gongkai check`).
GONGKAI_AUDIT_RETENTION_DAYS = int(os.environ.get("GONGKAI_AUDIT_RETENTION_DAYS", "180"))
# 查询码 look-ups: wrong codes allowed per (application number, source address) and per source
# address within the window, before that source is refused for the window.
GONGKAI_LOOKUP_MAX_FAILURES_PER_NUMBER = int(os.environ.get("GONGKAI_LOOKUP_MAX_FAILURES_PER_NUMBER", "5"))
GONGKAI_LOOKUP_MAX_FAILURES_PER_SOURCE = int(os.environ.get("GONGKAI_LOOKUP_MAX_FAILURES_PER_SOURCE", "20"))
GONGKAI_LOOKUP_WINDOW_SECONDS = int(os.environ.get("GONGKAI_LOOKUP_WINDOW_SECONDS", str(15 * 60)))

# Celery: in-process (eager) unless a broker is configured (Redis in production).
CELERY_BROKER_URL = os.environ.get("GONGKAI_BROKER", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# tantivy allows one index writer at a time: its sync task has a queue of its own, served by one
# worker process (`celery -A gongkai worker -Q search -c 1`); everything else uses the default queue.
CELERY_TASK_ROUTES = {"gongkai.search.tasks.sync_embedded_index": {"queue": "search"}}
CELERY_BEAT_SCHEDULE = {
    "refresh-expired-cases": {"task": "gongkai.applications.tasks.refresh_expired_cases", "schedule": 3600.0},
    "remind-handlers": {"task": "gongkai.applications.tasks.remind_handlers", "schedule": 3600.0},
    # At least every 12 hours, so that an external link failing 3 times within 36 hours is caught.
    "inspect-sites": {"task": "gongkai.sitecheck.tasks.inspect_all_sites", "schedule": 12 * 3600.0},
    # Every hour: 24 home-page visits a day for the week-long 站点无法访问 rule (≥ 20 a day).
    "probe-sites": {"task": "gongkai.sitecheck.tasks.probe_all_sites", "schedule": 3600.0},
}

EMAIL_BACKEND = os.environ.get("GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")

# Whether the information-processing fee's payment period pauses the reply clock (DOMAIN.md:
# unverified in law, default paused).
GONGKAI_FEE_PAUSES_CLOCK = os.environ.get("GONGKAI_FEE_PAUSES_CLOCK", "1") == "1"
# Grounds on which a fee that the measures would charge is waived (减免), e.g. an applicant on
# 最低生活保障. 国办函〔2020〕109号 names none that is verified here (DOMAIN.md): none by default;
# an agency lists its own, one per line in GONGKAI_FEE_WAIVER_GROUNDS.
GONGKAI_FEE_WAIVER_GROUNDS = [g.strip() for g in os.environ.get("GONGKAI_FEE_WAIVER_GROUNDS", "").splitlines()
                              if g.strip()]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "gongkai.core.logging.MaskPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "celery": {"level": "WARNING"},
                "axes": {"level": "ERROR"}},  # lock-outs are in the audit trail
}
