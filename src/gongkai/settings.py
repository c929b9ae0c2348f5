"""Gongkai settings: one file, driven by the environment (see README, "Configuration").

Longer than the house limit: Django reads one settings module, and every setting the project has
is looked up here, each beside the environment variable that overrides it."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", Path.cwd() / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


# Query codes and applicant keys are HMACs keyed with SECRET_KEY: a restore without it kills them
# all. `gongkai backup` carries this file (core/keyring.py names every key and what it protects).
GONGKAI_SECRET_KEY_FILE = Path(os.environ.get("GONGKAI_SECRET_KEY_FILE", DATA_DIR / "secret_key"))


def _secret_key() -> str:
    # An explicit SECRET_KEY wins; otherwise one is generated once and kept beside the data,
    # so a single-machine install never runs with a published default key.
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = GONGKAI_SECRET_KEY_FILE
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        try:  # mode 0600 from the start, never readable by others in between
            with os.fdopen(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as fh:
                fh.write(secrets.token_urlsafe(50))
        except FileExistsError:
            pass
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Behind a reverse proxy every request comes from the proxy's address, so rate limits and the
# audit log need the client's address from X-Forwarded-For: the entry GONGKAI_PROXY_COUNT places
# from the right (the part our own proxies wrote; anything to its left the client can forge).
GONGKAI_TRUST_PROXY = env_bool("GONGKAI_TRUST_PROXY")
GONGKAI_PROXY_COUNT = int(os.environ.get("GONGKAI_PROXY_COUNT", "1"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_q",
    "csp",
    "gongkai.core",
    "gongkai.publications",
    "gongkai.applications",
    "gongkai.bulletins",
    "gongkai.interaction",
    "gongkai.reports",
    "gongkai.search",
    "gongkai.portal",
    "gongkai.workbench",
    "gongkai.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongkai.core.middleware.ControlCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.core.middleware.RequestSizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.core.middleware.IdleLogoutMiddleware",
    "gongkai.core.middleware.RequestContextMiddleware",
    "gongkai.core.middleware.SecondFactorMiddleware",
    "gongkai.core.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Request bodies (core/middleware.py, RequestSizeMiddleware): refused from their Content-Length
# before anything reads them. A view taking a file says how large (`body_limit`: attachments
# GONGKAI_ATTACHMENT_MAX_BYTES, identity proofs GONGKAI_IDENTITY_PROOF_MAX_BYTES, imports and guide
# forms their module's MAX_BYTES); every other request takes at most this, which Django also
# applies to the fields of a form and to a JSON body.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
# An uploaded file larger than this goes to a temporary file on disk while the request is read,
# not to memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

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
                "gongkai.core.context_processors.site",
                "gongkai.portal.context_processors.portal",
                "gongkai.workbench.context_processors.workbench",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default; PostgreSQL (psycopg 3) via DATABASE_URL for production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so
        # two writers queue on the busy timeout instead of failing with "database is locked".
        # secure_delete: a page freed or a row rewritten (personal data encrypted in place, a
        # deleted application) is overwritten with zeros, not left readable in the file.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                        "PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")} if env_bool(
        "GONGKAI_TEST_FILE_DB"
    ) else {}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "gongkai.core.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "gongkai.core.passwords.CommonPasswordValidator"},
    {"NAME": "gongkai.core.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "gongkai.core.passwords.HistoryValidator",
     "OPTIONS": {"count": int(os.environ.get("GONGKAI_PASSWORD_HISTORY", "5"))}},
]
# No reuse of the last this many passwords; a password expires after this many days (0: never),
# and the workbench warns this many days before.
GONGKAI_PASSWORD_HISTORY = int(os.environ.get("GONGKAI_PASSWORD_HISTORY", "5"))
GONGKAI_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("GONGKAI_PASSWORD_MAX_AGE_DAYS", "90"))
GONGKAI_PASSWORD_WARN_DAYS = int(os.environ.get("GONGKAI_PASSWORD_WARN_DAYS", "14"))
LOGIN_URL = "workbench:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "workbench:login"

# Lock the account (not the IP: staff share NAT addresses) for 15 minutes after 5 failures.
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("GONGKAI_LOCKOUT_MINUTES", "15")))
# An account is locked from the address that failed (not from everywhere: anyone could otherwise
# lock the administrator out); an address failing across many accounts is stopped by its own limit.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "gongkai.core.middleware.client_ip"
GONGKAI_RATE_LOGIN_FAILURES = os.environ.get("GONGKAI_RATE_LOGIN_FAILURES", "20/h")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gongkai.workbench.views.home.locked_out"
AXES_VERBOSE = False

# Idle staff sessions end after 30 minutes (等保 session timeout).
GONGKAI_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("GONGKAI_IDLE_MINUTES", "30")))
SESSION_COOKIE_AGE = int(GONGKAI_IDLE_TIMEOUT.total_seconds())
# API keys end after this many hours, or sooner (idle timeout, password or role change, logout).
GONGKAI_API_TOKEN_HOURS = int(os.environ.get("GONGKAI_API_TOKEN_HOURS", "8"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
HTTPS = env_bool("GONGKAI_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("GONGKAI_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "script-src": [SELF],
        "style-src": [SELF],
        "font-src": [SELF, "data:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}

# --- Locale ---------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True  # `make run` serves straight from the apps; production runs collectstatic
MEDIA_ROOT = DATA_DIR / "files"  # uploads live outside the web root and are served only by views

# --- Letters and reports (core/fonts.py) ----------------------------------------------
# Typst takes fonts from the system (Debian's fonts-noto-cjk) and from the bureau's own font
# folders (its 仿宋_GB2312, 方正小标宋), separated by ":". A start-up check refuses to run without
# fonts that show Chinese; GONGKAI_DOCUMENT_SYSTEM_FONTS=0 uses only the bureau's folders.
GONGKAI_DOCUMENT_SYSTEM_FONTS = env_bool("GONGKAI_DOCUMENT_SYSTEM_FONTS", True)
GONGKAI_DOCUMENT_FONT_PATHS = [p for p in os.environ.get("GONGKAI_DOCUMENT_FONT_PATHS", "").split(":") if p.strip()]
# PAdES signatures on issued notices (documents/signing.py), off by default. Each body signs with
# its own PKCS#12 file: GONGKAI_SIGN_CERTIFICATES maps a body's unit code to (path, password) in a
# local settings file; the "" entry, from GONGKAI_SIGN_PKCS12 and GONGKAI_SIGN_PKCS12_PASSWORD, is
# for every body without its own. A body with neither gets unsigned notices.
GONGKAI_SIGN_PDF = env_bool("GONGKAI_SIGN_PDF", False)
GONGKAI_SIGN_CERTIFICATES = ({"": (os.environ["GONGKAI_SIGN_PKCS12"], os.environ.get("GONGKAI_SIGN_PKCS12_PASSWORD", ""))}
                             if os.environ.get("GONGKAI_SIGN_PKCS12") else {})
# The seal's width on a notice, in mm (a round 公章 is 42 mm across).
GONGKAI_DOCUMENT_SEAL_MM = float(os.environ.get("GONGKAI_DOCUMENT_SEAL_MM", "42"))

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "gongkai.api.auth.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "gongkai.api.parsers.StrictJSONParser",  # a NUL in any string is a 400, never a 500
        "gongkai.api.parsers.StrictFormParser",
        "gongkai.api.parsers.StrictMultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "gongkai.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gongkai 政府信息公开 API",
    "DESCRIPTION": "政府信息公开平台接口：公开数据匿名可读，工作人员使用会话或令牌认证。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "gongkai.api.schema.add_error_responses"],
}

# --- Caches --------------------------------------------------------------------------------
# "pages": public pages per web process (portal/caching.py), versioned by public changes; the
# timeout bounds what the log does not version (a topic renamed). Use Redis to share across servers.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages",
              "TIMEOUT": int(os.environ.get("GONGKAI_PAGE_CACHE_SECONDS", "60")),
              "OPTIONS": {"MAX_ENTRIES": 2000}},
}

# --- Background jobs (django-q2, ORM broker: nothing else to run) ----------------------------
Q_CLUSTER = {
    "name": "gongkai",
    "orm": "default",
    "workers": int(os.environ.get("GONGKAI_WORKERS", "2")),
    "timeout": 300,
    "retry": 600,
    "catch_up": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- The site -------------------------------------------------------------------------------
# What every portal page shows (portal.md). Each is overridable from the environment.
GONGKAI_SITE = {
    "name": os.environ.get("GONGKAI_SITE_NAME", "三明市公安局"),
    "domain": os.environ.get("GONGKAI_SITE_DOMAIN", "gaj.sm.gov.cn"),
    "site_id_code": os.environ.get("GONGKAI_SITE_ID_CODE", "3504000001"),
    "icp": os.environ.get("GONGKAI_ICP", "闽ICP备00000000号"),
    "police_record": os.environ.get("GONGKAI_POLICE_RECORD", "闽公网安备 35040202000000号"),
    "sponsor": os.environ.get("GONGKAI_SPONSOR", "三明市公安局"),
    "address": os.environ.get("GONGKAI_ADDRESS", "福建省三明市三元区新市中路"),
    "phone": os.environ.get("GONGKAI_PHONE", "0598-8250000"),
    "error_report_url": os.environ.get("GONGKAI_ERROR_REPORT_URL", "https://zfwzzc.www.gov.cn/"),
}
# The region whose holidays apply by default (national calendar); see domain/regulation.md §7.
GONGKAI_DEFAULT_REGION = "CN"
# From this day of the year on, administrators are reminded to enter next year's calendar.
GONGKAI_CALENDAR_REMINDER = (11, 1)

# axes.W006 wants the IP alone among the lockout keys; staff sit behind shared NAT addresses, so a
# lock by IP after 5 failures would lock a whole police station out. Axes locks an account at an
# address (AXES_LOCKOUT_PARAMETERS); an address is stopped after GONGKAI_RATE_LOGIN_FAILURES.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- The second factor (core/second_factor.py) ---------------------------------------------
# Every staff account logs in with its password and an authenticator's code (等保 三级). Off only
# where the bureau's own gateway already asks for a second factor (a UKey, a certificate).
GONGKAI_SECOND_FACTOR = env_bool("GONGKAI_SECOND_FACTOR", True)
OTP_TOTP_ISSUER = os.environ.get("GONGKAI_SITE_NAME", "三明市公安局") + "工作台"
# django-otp's back-off after a wrong code: 1 s, 2 s, 4 s... per device.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# --- Keys and the audit trail (core/keys.py, core/audit.py, docs/security.md) ---------------
# Keys live outside the database: GONGKAI_<NAME>_KEY in the environment, or files here (0600).
GONGKAI_KEY_DIR = Path(os.environ.get("GONGKAI_KEY_DIR", DATA_DIR / "keys"))
# The audit chain's MAC: "hmac-sha256", or "hmac-sm3" where a bureau's 密评 asks for 国密.
GONGKAI_AUDIT_MAC = os.environ.get("GONGKAI_AUDIT_MAC", "hmac-sha256")
# Personal data at rest (core/crypto.py): "aes-256-gcm", or "sm4-gcm" for 国密. Values written
# with either stay readable after a change; `gongkai keys rotate personal` rewrites them.
GONGKAI_PERSONAL_CIPHER = os.environ.get("GONGKAI_PERSONAL_CIPHER", "aes-256-gcm")
# Every committed audit row's MAC is appended here too, signed; put it where the database's owner
# cannot write (another mount, `chattr +a`), and/or send it to syslog (GONGKAI_AUDIT_SYSLOG:
# "/dev/log" or "host:port").
GONGKAI_AUDIT_CHECKPOINTS = Path(os.environ.get("GONGKAI_AUDIT_CHECKPOINTS", DATA_DIR / "audit" / "checkpoints.log"))
GONGKAI_AUDIT_SYSLOG = os.environ.get("GONGKAI_AUDIT_SYSLOG", "")
# PostgreSQL: the login role the web process runs as. After every migrate (run as the owner) it
# is granted what the application needs and nothing on the audit table beyond SELECT and INSERT.
GONGKAI_DB_APP_ROLE = os.environ.get("GONGKAI_DB_APP_ROLE", "")
# `gongkai backup` writes its archives here unless told otherwise (--output); copy them off the
# machine (docs/operations.md, "备份与恢复演练").
GONGKAI_BACKUP_DIR = Path(os.environ.get("GONGKAI_BACKUP_DIR", DATA_DIR / "backups"))
if GONGKAI_AUDIT_SYSLOG:
    _host, _, _port = GONGKAI_AUDIT_SYSLOG.rpartition(":")
    LOGGING["handlers"]["audit_syslog"] = {
        "class": "logging.handlers.SysLogHandler",
        "address": (_host, int(_port)) if _host and _port.isdigit() else GONGKAI_AUDIT_SYSLOG,
        "facility": "authpriv",
    }
    LOGGING["loggers"] = {"gongkai.audit": {"handlers": ["audit_syslog"], "level": "INFO", "propagate": False}}

# --- Proactive disclosure -------------------------------------------------------------------
# Index number (索引号) pattern; a disclosure body may set its own (catalog.md).
GONGKAI_INDEX_PATTERN = os.environ.get("GONGKAI_INDEX_PATTERN", "{org9}/{year}-{serial:05d}")
# Art. 26: within 20 working days of the information being formed or changed; topics may be tighter.
GONGKAI_PUBLISH_WITHIN_DAYS = 20
# Interpretations within this many working days after their policy is published (Sanming seed: 3).
GONGKAI_INTERPRETATION_WITHIN_DAYS = 3
# Items not public come up for re-evaluation after this many months (定期评审).
GONGKAI_REEVALUATION_MONTHS = int(os.environ.get("GONGKAI_REEVALUATION_MONTHS", "12"))
GONGKAI_ATTACHMENT_MAX_BYTES = int(os.environ.get("GONGKAI_ATTACHMENT_MAX_MB", "20")) * 1024 * 1024

# --- Disclosure on application (regulation.md §3) -------------------------------------------
# Working days, each as the law states it; bureaus and provinces may differ where marked.
GONGKAI_REPLY_DAYS = 20                  # Art. 33
GONGKAI_EXTENSION_MAX_DAYS = 20          # Art. 33
GONGKAI_SUPPLEMENT_WITHIN_DAYS = 7       # Art. 30: the supplement request goes out within 7 days
GONGKAI_SUPPLEMENT_PERIOD_DAYS = int(os.environ.get("GONGKAI_SUPPLEMENT_PERIOD_DAYS", "15"))  # "reasonable"
GONGKAI_CONSULTATION_DAYS = 15           # Art. 32, 34
GONGKAI_FEE_PAYMENT_DAYS = 20            # fee measures: from the day after the notice is received
GONGKAI_FEE_PAUSES_CLOCK = env_bool("GONGKAI_FEE_PAUSES_CLOCK", True)  # configurable per regulation.md
# Online applications count as confirmed when submitted: the acknowledgement is the confirmation
# (Art. 31 "双方确认"). A bureau may require a staff confirmation instead.
GONGKAI_ONLINE_AUTO_CONFIRM = env_bool("GONGKAI_ONLINE_AUTO_CONFIRM", True)
# A leader approves every reply before it is issued.
GONGKAI_REPLY_APPROVAL = env_bool("GONGKAI_REPLY_APPROVAL", True)
# Reminders to handler and office this many working days before the due date (and when overdue).
GONGKAI_REMINDER_DAYS = (5, 1)
# Processing-fee bands (国办函〔2020〕109号); see applications/fees.py for the shape.
GONGKAI_FEES = {
    "item_tiers": [(10, 0), (30, 100)],
    "item_band": 10,
    "item_step": 100,
    "page_tiers": [(30, 0), (100, 10), (200, 20), (None, 40)],
}
GONGKAI_IDENTITY_PROOF_MAX_BYTES = 5 * 1024 * 1024
# Public form and lookups: at most this many per client address (core/ratelimit.py).
GONGKAI_RATE_APPLY = os.environ.get("GONGKAI_RATE_APPLY", "5/h")
GONGKAI_RATE_LOOKUP = os.environ.get("GONGKAI_RATE_LOOKUP", "20/h")

# --- Director's mailbox and enquiries (interaction) -----------------------------------------
# The unit replies within this many working days of receipt (working-day calendar of the body).
GONGKAI_LETTER_REPLY_DAYS = int(os.environ.get("GONGKAI_LETTER_REPLY_DAYS", "5"))
# The disclosure office reviews a unit's reply before the writer sees it.
GONGKAI_LETTER_REVIEW = env_bool("GONGKAI_LETTER_REVIEW", True)
# Letters written on the portal or through the API, per client address.
GONGKAI_RATE_LETTER = os.environ.get("GONGKAI_RATE_LETTER", "5/h")

# --- Search (search/, docs/search.md) ---------------------------------------------------------
# Each web server keeps its own index here, fed from the change log in the database.
GONGKAI_SEARCH_DIR = Path(os.environ.get("GONGKAI_SEARCH_DIR", DATA_DIR / "search"))
# Apply the change log right after each commit that wrote to it (one process: `make run`, tests).
# With several web servers, each runs `gongkai search sync --follow` and this may be switched off.
GONGKAI_SEARCH_SYNC_ON_COMMIT = env_bool("GONGKAI_SEARCH_SYNC_ON_COMMIT", True)
# Result counts are exact up to this many and shown as "10,000+" beyond; pages stop there too.
GONGKAI_SEARCH_COUNT_CAP = int(os.environ.get("GONGKAI_SEARCH_COUNT_CAP", "10000"))
