"""The one settings module. Every value comes from the environment (documented in .env.example);
the defaults give the embedded setup: SQLite, local files, a database-backed task queue."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from relais.lib.env import env, envbool, envint, envlist, private_dir
from relais.lib.secrets_store import installation_secret

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = private_dir(Path(env("RELAIS_DATA_DIR", str(BASE_DIR / "var"))))

DEBUG = envbool("RELAIS_DEBUG", False)
SECRET_KEY = installation_secret("RELAIS_SECRET_KEY", DATA_DIR, nbytes=50)
# The receipt pepper is distinct from SECRET_KEY so that rotating the session key never locks
# reporters out of their mailbox.
RECEIPT_KEY = installation_secret("RELAIS_RECEIPT_KEY", DATA_DIR)
# Rate-limit keys are derived from the client address with this secret, so that even the cache
# never holds an address in clear.
RATELIMIT_KEY = installation_secret("RELAIS_RATELIMIT_KEY", DATA_DIR)

ALLOWED_HOSTS = envlist("RELAIS_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
SITE_URL = env("RELAIS_SITE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = envlist("RELAIS_CSRF_TRUSTED_ORIGINS", SITE_URL)
# Number of reverse proxies in front of Relais. 0: the peer address is the client. Used only for
# rate limiting, never stored.
TRUSTED_PROXIES = envint("RELAIS_TRUSTED_PROXIES", 0)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "relais.jurisdictions",
    "relais.accounts",
    "relais.audit",
    "relais.schools",
    "relais.directory",
    "relais.alerts",
    "relais.proofs",
    "relais.mailbox",
    "relais.evidence",
    "relais.timeline",
    "relais.public",
    "relais.staff",
    "relais.api",
    "relais.notices",
    "relais.documents",
    "relais.protocols",
    "relais.cases",
    "relais.worker",
]

MIDDLEWARE = [
    # First: derive the rate-limit key, then erase the client's address and user agent.
    "relais.lib.middleware.ForgetClientMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "relais.lib.middleware.PrivacyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before CSRF: a public form too large to read gets a 413 page in the reporter's language.
    "relais.public.middleware.FormTooLargeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "relais.urls"
WSGI_APPLICATION = "relais.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "relais" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
            # The filters of the one field partial that every page uses (relais/templates/forms/).
            "libraries": {"relais_forms": "relais.lib.form_tags"},
        },
    }
]


def _database() -> dict:
    url = env("RELAIS_DATABASE_URL", "")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "relais.sqlite3"),
            # WAL lets the worker and the web process write without "database is locked".
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                # Seconds a writer waits for another's lock before "database is locked".
                "timeout": envint("RELAIS_SQLITE_TIMEOUT", 20),
            },
        }
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ValueError("RELAIS_DATABASE_URL must be a postgresql:// URL (or empty for SQLite)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed.path.lstrip("/"),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": envint("RELAIS_DB_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits, the duplicate-submit guard and login throttling must hold across web processes
# (relais/lib/ratelimit.py): the database's cache table by default (`make migrate` creates it),
# one Redis shared by every node at scale. Never a process-local cache. Past MAX_ENTRIES rows the
# table drops its expired rows (then, only if still full, a third of the rest): Django's default
# of 300 would drop live counters and one-time tokens, and every write counts the rows, which cost
# 25 ms a write at 100 000 rows on PostgreSQL (bench/ratelimit.py): busier sites use Redis.
_cache_url = env("RELAIS_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "relais_cache",
            "OPTIONS": {"MAX_ENTRIES": envint("RELAIS_CACHE_MAX_ENTRIES", 20_000)},
        }
    )
}
# Staff login throttling (usernames and counts only) shares the same store.
CACHES["axes"] = CACHES["default"]
AXES_CACHE = "axes"

# Background work (relais.worker, README "Background work"): one `relais worker` process runs
# the deferred and recurring jobs from the database queue, one lane per queue: "proofs" (signing
# the log), "routine" (outbox, deadlines, time-stamps, clean-ups), "default" (chat imports, OCR,
# dossiers). A task whose worker sent no heartbeat for WORKER_LOST_SECONDS is run again.
TASKS = {
    "default": {
        "BACKEND": env("RELAIS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["proofs", "routine", "default"],
    }
}
WORKER_LOST_SECONDS = envint("RELAIS_WORKER_LOST_SECONDS", 60)

# The proof log (relais.proofs, docs/proofs.md). The Ed25519 signing key comes from
# RELAIS_SIGNING_KEY (PEM) or RELAIS_SIGNING_KEY_FILE, else it is created once under
# DATA_DIR/secrets. A new entry comes with a PROMISE: the log holds it in a signed tree head
# within PROOFS_MERGE_DELAY seconds. The signer folds new entries and signs a head every
# PROOFS_SIGN_INTERVAL seconds, which must stay well below the delay, PROOFS_BATCH_SIZE entries
# per transaction. RELAIS_TSA_URLS: comma-separated RFC 3161 time-stamping authorities, tried in
# order with RELAIS_TSA_TIMEOUT seconds each; empty: no time-stamp tokens.
PROOFS_MERGE_DELAY = envint("RELAIS_PROOF_MERGE_DELAY", 10)
PROOFS_SIGN_INTERVAL = envint("RELAIS_PROOFS_SIGN_INTERVAL", 2)
PROOFS_BATCH_SIZE = envint("RELAIS_PROOFS_BATCH_SIZE", 5000)
PROOFS_TSA_URLS = envlist("RELAIS_TSA_URLS", "")
PROOFS_TSA_TIMEOUT = envint("RELAIS_TSA_TIMEOUT", 10)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "staff:login"

# Login throttling for staff: attempts are counted per username in the cache, so that no address
# is ever written to the database.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_FAILURE_LIMIT = envint("RELAIS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "relais.lib.net.no_client_ip"
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_VERBOSE = False
# axes.W006 asks for lockouts by address; Relais never keys anything by address, on purpose.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

OTP_TOTP_ISSUER = env("RELAIS_TOTP_ISSUER", "Relais")

# Sessions here are staff sessions. Reporters never get a Django session: their mailbox has its
# own short-lived, non-persistent token (relais.mailbox).
SESSION_COOKIE_AGE = envint("RELAIS_STAFF_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE = envbool("RELAIS_SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
CSRF_COOKIE_HTTPONLY = True
# A browser-session cookie: a year-long cookie would tell whoever picks up a shared phone that
# this site was visited.
CSRF_COOKIE_AGE = None
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin", not "no-referrer": with no-referrer Chromium sends "Origin: null" on our own form
# posts and Django's CSRF check refuses them. Nothing is ever sent to another host either way.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # alert bodies are text; evidence has its own path

MAILBOX_IDLE_SECONDS = envint("RELAIS_MAILBOX_IDLE_SECONDS", 15 * 60)
ALERT_RATE = env("RELAIS_ALERT_RATE", "10/3600")  # submissions / seconds, per client address
RECEIPT_LOGIN_RATE = env("RELAIS_RECEIPT_LOGIN_RATE", "20/600")
# School searches on the alert form: generous for people, a brake on enumeration scripts.
SEARCH_RATE = env("RELAIS_SEARCH_RATE", "120/600")
# New documents a mailbox may have built (relais/documents/tasks.py); serving one is not counted.
DOCUMENT_RATE = env("RELAIS_DOCUMENT_RATE", "10/3600")
RATELIMIT_ENABLED = envbool("RELAIS_RATELIMIT_ENABLED", True)

# Strict CSP: every script and style is a file served by us; no inline code, no other host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "relais" / "locale"]
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env("RELAIS_TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"  # filled by collectstatic for production; WhiteNoise serves it
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Django chmods what a storage saves to 0644 unless told; everything Relais writes is 0600.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "files")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# The evidence vault (relais.evidence, docs/evidence.md). Files are sealed with AES-256-GCM under a
# data key per file, wrapped by RELAIS_VAULT_KEY (64 hex characters, or _FILE; else created once
# under DATA_DIR/secrets). RELAIS_VAULT_OLD_KEYS: comma-separated earlier keys, kept while
# `relais rotate_vault_key` re-wraps. RELAIS_STORAGE=s3 keeps blobs in an S3 bucket instead of
# DATA_DIR/vault.
VAULT_KEY = installation_secret("RELAIS_VAULT_KEY", DATA_DIR)
VAULT_OLD_KEYS = envlist("RELAIS_VAULT_OLD_KEYS", "")
EVIDENCE_MAX_BYTES = envint("RELAIS_EVIDENCE_MAX_BYTES", 50 * 1024 * 1024)  # a reporter's file
EVIDENCE_STAFF_MAX_BYTES = envint("RELAIS_EVIDENCE_STAFF_MAX_BYTES", 2 * 1024 * 1024 * 1024)
EVIDENCE_MAX_PIXELS = envint("RELAIS_EVIDENCE_MAX_PIXELS", 50_000_000)
EVIDENCE_ZIP_MAX_TOTAL = envint("RELAIS_EVIDENCE_ZIP_MAX_TOTAL", 512 * 1024 * 1024)
EVIDENCE_ZIP_MAX_RATIO = envint("RELAIS_EVIDENCE_ZIP_MAX_RATIO", 100)
EVIDENCE_ZIP_MAX_MEMBERS = envint("RELAIS_EVIDENCE_ZIP_MAX_MEMBERS", 10_000)
if env("RELAIS_STORAGE", "local") == "s3":
    from boto3.s3.transfer import TransferConfig

    # Multipart uploads in 8 MiB parts, two at a time, at most four parts in memory.
    _transfer = TransferConfig(multipart_chunksize=8 * 1024 * 1024, max_concurrency=2)
    _transfer.max_in_memory_upload_chunks = 4
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("RELAIS_S3_BUCKET", "relais-vault"),
            "endpoint_url": env("RELAIS_S3_ENDPOINT_URL", "") or None,
            "access_key": env("RELAIS_S3_ACCESS_KEY", ""),
            "secret_key": env("RELAIS_S3_SECRET_KEY", ""),
            "region_name": env("RELAIS_S3_REGION", "") or None,
            "file_overwrite": True,
            "default_acl": None,
            "querystring_auth": True,
            # Reads spool to disk past 1 MiB instead of holding a whole object in memory.
            "max_memory_size": 1024 * 1024,
            "transfer_config": _transfer,
        },
    }
else:
    STORAGES["evidence"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(DATA_DIR / "vault"),
            "directory_permissions_mode": 0o700,
            "file_permissions_mode": 0o600,
        },
    }

EMAIL_BACKEND = env("RELAIS_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("RELAIS_SMTP_HOST", "127.0.0.1")
EMAIL_PORT = envint("RELAIS_SMTP_PORT", 1025)
EMAIL_HOST_USER = env("RELAIS_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env("RELAIS_SMTP_PASSWORD", "")
EMAIL_USE_TLS = envbool("RELAIS_SMTP_STARTTLS", False)
DEFAULT_FROM_EMAIL = env("RELAIS_FROM_EMAIL", "relais@localhost")
EMAIL_TIMEOUT = envint("RELAIS_SMTP_TIMEOUT", 30)

# Notices to schools (relais.notices): the outbox's back-off between attempts, in seconds (the
# last value repeats), how long before a silent attempt counts as interrupted, and the deadlines.
OUTBOX_BACKOFF_SECONDS = [int(s) for s in envlist("RELAIS_OUTBOX_BACKOFF", "60,300,900,3600,14400")]
OUTBOX_MAX_ATTEMPTS = envint("RELAIS_OUTBOX_MAX_ATTEMPTS", 30)
OUTBOX_LEASE_SECONDS = envint("RELAIS_OUTBOX_LEASE_SECONDS", 2 * EMAIL_TIMEOUT + 60)
MESSAGE_ID_DOMAIN = env("RELAIS_MESSAGE_ID_DOMAIN", "")
ACK_LINK_DAYS = envint("RELAIS_ACK_LINK_DAYS", 30)
DEADLINE_CHECK_SECONDS = envint("RELAIS_DEADLINE_CHECK_SECONDS", 3600)
# The school cases' deadline sweep (relais.cases.deadlines): seconds between two sweeps in
# `relais worker`, and how many steps or referrals one transaction handles.
CASES_SWEEP_SECONDS = envint("RELAIS_CASES_SWEEP_SECONDS", 300)
CASES_SWEEP_BATCH = envint("RELAIS_CASES_SWEEP_BATCH", 1000)
# Seconds between two rounds of the outbox in `relais worker`.
OUTBOX_INTERVAL = envint("RELAIS_OUTBOX_INTERVAL", 5)

# Logging never records a client address or user agent: the request logger is silenced and
# gunicorn's access log format (relais/gunicorn_conf.py) omits both.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"no_request": {"()": "relais.lib.middleware.DropRequestFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_request"],
        }
    },
    "root": {"handlers": ["console"], "level": env("RELAIS_LOG_LEVEL", "INFO")},
    "loggers": {
        # django.server logs request lines; errors still reach django.request, whose records
        # lose their request object in DropRequestFilter (the META is scrubbed anyway).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}
