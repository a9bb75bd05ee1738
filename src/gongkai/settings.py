"""Django settings for gongkai.

Environment:
  GONGKAI_HOME       data directory (SQLite database, uploads); default ./var
  GONGKAI_DB         "sqlite" (default, embedded) or "postgres"
  GONGKAI_PG_*       NAME, HOST, PORT, USER, PASSWORD for PostgreSQL
  GONGKAI_BROKER     Celery broker URL (e.g. redis://127.0.0.1:6379/0); unset = in-process tasks
  GONGKAI_CACHE      shared cache URL (e.g. redis://127.0.0.1:6379/1); unset = a table in the database
  GONGKAI_BACKGROUND how long work leaves the request: "celery" (default with a broker), "thread"
                     (default without: a thread of the web process), "inline" (tests)
  GONGKAI_SECRET_KEY required unless GONGKAI_DEBUG=1 (development only; off by default)
  GONGKAI_ALLOWED_HOSTS  comma-separated host names
  GONGKAI_PROFILE    "production": HTTPS only (HSTS, SSL redirect, Secure cookies); see README
  GONGKAI_HSTS_SECONDS, GONGKAI_SSL_REDIRECT, GONGKAI_SECURE_COOKIES, GONGKAI_PROXY_SSL_HEADER
                     override the production profile's HTTPS settings one by one
  GONGKAI_CLAMD_SOCKET  unix socket (or host:port) of a ClamAV daemon scanning every upload; unset = no scan
  GONGKAI_FIELD_KEY  Fernet key(s) encrypting applicants' ID numbers, phones and addresses
                     (comma-separated, the first encrypts; see gongkai.core.crypto and docs/security.md)
  GONGKAI_APPLICANT_RETENTION_DAYS  days after a case closes before the applicant's data is anonymised
  GONGKAI_PUBLIC_URL the portal's public address (https://gongkai.example.gov.cn) for links written into
                     letters (Art. 36(一)); unset = the site's 网站域名 (网站信息), else the staff page's host
"""

import datetime
import os
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("GONGKAI_HOME", Path.cwd() / "var")).resolve()
HOME.mkdir(parents=True, exist_ok=True)

# Off unless asked for: a wrong URL must not show the URL configuration (等保 入侵防范).
DEBUG = os.environ.get("GONGKAI_DEBUG", "0") == "1"
# The key signs sessions and keys the 查询码 hashes: the published development key is only for DEBUG
# (the demo and the tests); without DEBUG the app refuses to start without a key of its own.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"  # noqa: S105 - DEBUG only
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "")
if not SECRET_KEY:
    # (`gongkai annual|fee|workdays|sitecheck` sign and hash nothing: gongkai.cli lets them run keyless.)
    if not DEBUG and os.environ.get("GONGKAI_KEYLESS_COMMAND") != "1":
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "未设置密钥 GONGKAI_SECRET_KEY，拒绝启动：生产环境请设置一个至少50个字符的随机密钥"
            '（例如 python -c "import secrets;print(secrets.token_urlsafe(50))" 的输出）；'
            "仅在本机开发或演示时可设置 GONGKAI_DEBUG=1 使用公开的开发密钥。"
        )
    SECRET_KEY = DEV_SECRET_KEY
ALLOWED_HOSTS = os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
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
    "gongkai.siteimport",
    "gongkai.interaction",
    "gongkai.delivery",
    "gongkai.security",
    "gongkai.api",
    "gongkai.workbench",
    "gongkai.operations",
    "gongkai.demo",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.core.csp.PolicyMiddleware",
    # Before anything reads the session or the request's data: a NUL character (which PostgreSQL
    # refuses) in the path, a parameter or a form field is a 400; a cookie with one is dropped.
    "gongkai.portal.nul_guard.NulGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.audit.middleware.AuditContextMiddleware",
    "gongkai.portal.middleware.ReadingPreferencesMiddleware",
    "gongkai.portal.errors.ChineseErrorPagesMiddleware",
    "gongkai.core.middleware.DatabaseUnavailableMiddleware",
    # Inside the error pages: its process_exception sees a refusal (Refused, a 404) and audits it
    # before ChineseErrorPagesMiddleware turns it into the page.
    "gongkai.security.middleware.SecurityPolicyMiddleware",
    # Last: turns a login refused for a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
CSRF_FAILURE_VIEW = "gongkai.portal.errors.csrf_failure"
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
                "csp.context_processors.nonce",
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
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not memory: live-server tests share it between threads (an in-memory shared
            # cache made their requests wait on table locks). One per test process.
            "TEST": {
                "NAME": os.environ.get("GONGKAI_SQLITE_TEST_NAME")
                or str(Path(tempfile.gettempdir()) / f"gongkai-test-{os.getpid()}.sqlite3")
            },
        }
    }

# Full-text search: "embedded" (tantivy files under HOME/search) or "postgres" (in the database).
GONGKAI_SEARCH_BACKEND = os.environ.get(
    "GONGKAI_SEARCH_BACKEND",
    "postgres" if DATABASES["default"]["ENGINE"].endswith("postgresql") else "embedded",
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"
AUTHENTICATION_BACKENDS = [
    "gongkai.security.backends.LockoutBackend",  # django-axes: refuses a locked-out username or address first
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
GONGKAI_OTP_REQUIRED_ROLES = [
    r.strip()
    for r in os.environ.get(
        "GONGKAI_OTP_REQUIRED_ROLES", "agency_admin,reviewer,system_admin,security_admin,audit_admin"
    ).split(",")
    if r.strip()
]
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

# Uploads (gongkai.core.uploads, one check for every upload path): size limit per file (bytes); types
# and structure are checked by content; a ZIP-based file (DOCX, XLSX, OFD, ZIP) may expand to at most
# GONGKAI_UPLOAD_MAX_UNCOMPRESSED_BYTES and, above 10 MB, GONGKAI_UPLOAD_MAX_RATIO times its size.
GONGKAI_MAX_ATTACHMENT_BYTES = int(os.environ.get("GONGKAI_MAX_ATTACHMENT_BYTES", 50 * 1024 * 1024))
# Where a site import spools the pages it read and the attachments it downloaded (temporary files,
# deleted at the end of the run; about the size of the site's document pages). None: the system's
# temporary folder.
GONGKAI_IMPORT_SPOOL_DIR = os.environ.get("GONGKAI_IMPORT_SPOOL_DIR") or None
# Files given with a reply (gongkai.delivery): the applicant may download them for this many days
# after the reply is sent; the e-mail link (获取方式：电子邮件) points at GONGKAI_SITE_URL.
GONGKAI_DELIVERY_DAYS = int(os.environ.get("GONGKAI_DELIVERY_DAYS", 90))
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "")
GONGKAI_UPLOAD_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("GONGKAI_UPLOAD_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
)
GONGKAI_UPLOAD_MAX_RATIO = int(os.environ.get("GONGKAI_UPLOAD_MAX_RATIO", 100))
# ClamAV (optional): clamd's unix socket or host:port; every upload is scanned, refused if infected
# or while the daemon cannot be reached (gongkai.core.clamav). Unset = no scan.
GONGKAI_CLAMD_SOCKET = os.environ.get("GONGKAI_CLAMD_SOCKET", "")
GONGKAI_CLAMD_TIMEOUT = float(os.environ.get("GONGKAI_CLAMD_TIMEOUT", 30))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads the token: every form carries it
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS (等保 数据完整性/数据保密性 in transit): on in the production profile, each settable.
PROFILE = os.environ.get("GONGKAI_PROFILE", "development")
_PRODUCTION = PROFILE == "production"


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0") == "1"


SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", 31536000 if _PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_SSL_REDIRECT = _flag("GONGKAI_SSL_REDIRECT", _PRODUCTION)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _flag("GONGKAI_SECURE_COOKIES", _PRODUCTION)
# Behind the reverse proxy (which terminates TLS and sets X-Forwarded-Proto), requests count as HTTPS.
_PROXY_HEADER = os.environ.get("GONGKAI_PROXY_SSL_HEADER", "X-Forwarded-Proto" if _PRODUCTION else "")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _PROXY_HEADER.upper().replace("-", "_"), "https") if _PROXY_HEADER else None
)

# Content-Security-Policy on every response (等保 入侵防范): scripts only from our static files (no
# inline script anywhere), <style> blocks only with the request's nonce. Inline style attributes
# stay allowed (style-src-attr): ECharts writes them into its tooltips; no script can run from one.
# A PDF shown in the browser gets frame-ancestors 'none' only (gongkai.core.csp: Chromium's viewer).
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "https:"],  # published documents may show images of the agency's site
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The health endpoint answers the proxy and the supervisor over plain HTTP on the loopback.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Static files: served by the app itself through WhiteNoise in the production profile (compressed,
# hashed names, cached for a year), or by the reverse proxy from STATIC_ROOT (docs/deploy.md).
# Uploads and letters are written whole or not at all (gongkai.core.storage).
STORAGES = {
    "default": {"BACKEND": "gongkai.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if _PRODUCTION:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
    STORAGES["staticfiles"] = {"BACKEND": "gongkai.core.storage.StaticFilesStorage"}

# A cache shared by every process (lock-out counters must not live in one process's memory):
# Redis when GONGKAI_CACHE or GONGKAI_REDIS (or a redis:// GONGKAI_BROKER) is set, else a table in the database
# (created by `gongkai migrate`, or `gongkai createcachetable`).
_REDIS_URL = (
    os.environ.get("GONGKAI_CACHE")
    or os.environ.get("GONGKAI_REDIS")
    or (
        os.environ.get("GONGKAI_BROKER", "")
        if os.environ.get("GONGKAI_BROKER", "").startswith("redis")
        else ""
    )
)
if _REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _REDIS_URL,
            "KEY_PREFIX": "gongkai",
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "gongkai_cache"}
    }

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
# Long work (site inspection, letter and report PDFs, text extraction): gongkai.core.background.
GONGKAI_BACKGROUND = os.environ.get("GONGKAI_BACKGROUND", "celery" if CELERY_BROKER_URL else "thread")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only once it finished: a worker killed in the middle (a PDF half rendered)
# leaves it on the queue and another worker runs it again; tasks are written to be run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# tantivy allows one index writer at a time: its sync task has a queue of its own, served by one
# worker process (`celery -A gongkai worker -Q search -c 1`); everything else uses the default queue.
# The harvest of annual reports has a queue of its own too (`celery -A gongkai worker -Q harvest`),
# so that a region's crawl never holds up letters and reports.
CELERY_TASK_ROUTES = {
    "gongkai.search.tasks.sync_embedded_index": {"queue": "search"},
    "gongkai.collected.harvest.harvest_one": {"queue": "harvest"},
}
# Results are kept only by the tasks that hand one back (the harvest's lines, gathered by the
# command): in Redis when the broker is Redis, for 6 hours. Every other task ignores its result.
CELERY_RESULT_BACKEND = CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else None
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 6 * 3600
CELERY_BEAT_SCHEDULE = {
    "refresh-expired-cases": {"task": "gongkai.applications.tasks.refresh_expired_cases", "schedule": 3600.0},
    "remind-handlers": {"task": "gongkai.applications.tasks.remind_handlers", "schedule": 3600.0},
    "remind-interaction": {"task": "gongkai.interaction.tasks.remind_handlers", "schedule": 3600.0},
    # At least every 12 hours, so that an external link failing 3 times within 36 hours is caught.
    "inspect-sites": {"task": "gongkai.sitecheck.tasks.inspect_all_sites", "schedule": 12 * 3600.0},
    # Every hour: 24 home-page visits a day for the week-long 站点无法访问 rule (≥ 20 a day).
    "probe-sites": {"task": "gongkai.sitecheck.tasks.probe_all_sites", "schedule": 3600.0},
    # Site imports whose worker is gone (a restart) are marked 已中断, so staff can start them again.
    "sweep-site-imports": {"task": "gongkai.siteimport.tasks.sweep_stale_imports", "schedule": 300.0},
    "anonymise-applicants": {
        "task": "gongkai.applications.tasks.anonymise_expired_applicants",
        "schedule": 24 * 3600.0,
    },
}

# ---- The public API (/api/v1/, docs/api.md) ----
# Requests per client (write token, else address) and minute, counted in the shared cache.
GONGKAI_API_RATE = os.environ.get("GONGKAI_API_RATE", "120/min")
# No CORS headers are sent: a browser page on another site cannot read the API (off by default).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser", "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["gongkai.api.throttling.ClientRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "gongkai.api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "gongkai.api.exceptions.handle",
    "UNAUTHENTICATED_USER": None,
    "UNAUTHENTICATED_TOKEN": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "政府信息公开开放接口",
    "DESCRIPTION": (
        "政府信息公开目录、年度报告数据和互动回应的机器可读接口。只返回已公开的信息"
        "（《中华人民共和国政府信息公开条例》第十九条至第二十三条、第五十条）。"
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "DISABLE_ERRORS_AND_WARNINGS": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "gongkai.api.schema.add_error_responses",
    ],
}

EMAIL_BACKEND = os.environ.get("GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")

# Personal data at rest (数据保密性): see gongkai.core.crypto. Unset = derived from SECRET_KEY (demo only;
# `gongkai check --deploy` warns).
GONGKAI_FIELD_KEY = os.environ.get("GONGKAI_FIELD_KEY", "")
# 个人信息保护: the applicant's personal data is anonymised this many days after the case closed
# (the case, its outcome and its letter stay for the statistics and the archive). 0 = never.
GONGKAI_APPLICANT_RETENTION_DAYS = int(os.environ.get("GONGKAI_APPLICANT_RETENTION_DAYS", 5 * 365))

# Whether the information-processing fee's payment period pauses the reply clock (docs/domain.md:
# unverified in law, default paused).
GONGKAI_FEE_PAUSES_CLOCK = os.environ.get("GONGKAI_FEE_PAUSES_CLOCK", "1") == "1"
# Grounds on which a fee that the measures would charge is waived (减免), e.g. an applicant on
# 最低生活保障. 国办函〔2020〕109号 names none that is verified here (docs/domain.md): none by default;
# an agency lists its own, one per line in GONGKAI_FEE_WAIVER_GROUNDS.
GONGKAI_FEE_WAIVER_GROUNDS = [
    g.strip() for g in os.environ.get("GONGKAI_FEE_WAIVER_GROUNDS", "").splitlines() if g.strip()
]

# The portal's public address for links in letters (applications.provision.public_base).
GONGKAI_PUBLIC_URL = os.environ.get("GONGKAI_PUBLIC_URL", "").strip()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per event on stderr, key=value after the message (task=… attachment_id=…), so the
    # logs of tasks, imports, crawls and extraction can be grepped; personal data masked on the way.
    "filters": {"mask_personal_data": {"()": "gongkai.core.logging.MaskPersonalDataFilter"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "line",
            "filters": ["mask_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": "WARNING"},
        "axes": {"level": "ERROR"},  # lock-outs are in the audit trail
        # The PDF/font libraries log the bytes they parse at DEBUG: a file's content (an
        # applicant's ID card scan, a letter) must never reach the log, whatever the level.
        "pdfminer": {"level": "WARNING"},
        "pdfplumber": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
