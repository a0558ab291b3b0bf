"""AuditPortal settings: one file, read from the environment.

Defaults run on a laptop with no extra files (SQLite under var/). Production sets
DJANGO_DEBUG=false, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL; a missing
secret key then stops start-up instead of running with a guessable one.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("AUDITPORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def oidc_sign_in_origins(apps: list[dict]) -> list[str]:
    from auditportal.oidc import sign_in_origins

    return sign_in_origins(apps)


def oidc_apps_from_environment() -> list[dict]:
    """Council sign-in providers from AUDITPORTAL_OIDC_PROVIDERS (a JSON list; README)."""
    from auditportal.oidc import apps_from_json

    return apps_from_json(os.environ.get("AUDITPORTAL_OIDC_PROVIDERS", ""))


DEBUG = env_bool("DJANGO_DEBUG", False)
# The test run has no secrets to protect; production never imports pytest.
RUNNING_TESTS = "pytest" in sys.modules

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or RUNNING_TESTS):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value in production, "
            "or set DJANGO_DEBUG=true to run locally with a development key."
        )
    SECRET_KEY = "development-only-key-not-for-production-use-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The service's own domain, at the end of every calendar event's UID, so two installations'
# feeds never share an identifier. The first named allowed host when not set.
SITE_DOMAIN = os.environ.get("AUDITPORTAL_SITE_DOMAIN", "").strip() or next(
    (host.lstrip(".") for host in ALLOWED_HOSTS if "*" not in host and not host.startswith("[")),
    "localhost",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_forms_gds",
    "template_partials",
    "django_htmx",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "health_check",
    "authorities",
    "audits",
    "reports",
    "learning",
    "api",
    # Last: it wires the others, and its ready() masks what they registered with the trail.
    "auditportal",
]

MIDDLEWARE = [
    # First: every request has an id (logs, error pages) and no oversized body is ever read.
    "auditportal.faults.RequestIdMiddleware",
    "auditportal.faults.BodySizeLimitMiddleware",
    "auditportal.faults.NoStoreMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Default-deny: every page needs sign-in unless its view opts out explicitly.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "auditportal.faults.PersonLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After allauth's: idle and absolute session limits, then MFA set-up before anything else.
    "auditportal.middleware.SessionLimitsMiddleware",
    "auditportal.middleware.RequireMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Innermost, so they see a view's exception first: a lost database gives the 503 page,
    # and a refusal by auditportal.access is recorded.
    "auditportal.denials.AccessDenialMiddleware",
    "auditportal.faults.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "auditportal.urls"
WSGI_APPLICATION = "auditportal.wsgi.application"

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
                "auditportal.context_processors.service",
            ],
            # Dates and times one way everywhere (auditportal/dates.py): no {% load %} needed.
            "builtins": ["auditportal.templatetags.dates"],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'auditportal.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Audits autosave from two laptops at once; wait for a lock rather than fail.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

# The sign-in throttle and single-use codes are counted here, so it must be shared by every
# worker and machine: the database by default (`manage.py createcachetable` makes its table),
# Redis when DJANGO_CACHE_URL names one (redis://host:6379/0).
CACHE_URL = os.environ.get("DJANGO_CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL:
    raise ImproperlyConfigured(
        f"DJANGO_CACHE_URL must start with redis:// or rediss://, not {CACHE_URL.split(':')[0]}:"
    )
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "auditportal_cache",
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "authorities.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# NCSC: length and a deny list, no composition rules, no expiry.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("full_name", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "authorities.passwords.GuessableWordsValidator"},
]
if RUNNING_TESTS:
    # Tests sign in hundreds of times; a slow hash there protects nothing.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# Sign-in with django-allauth: e-mail only, no self sign-up (coordinators add people).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "authorities.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "authorities.forms.SignInForm",
    "reauthenticate": "authorities.forms.ConfirmPasswordForm",
}
# A new password ends every session of that person, this one included (see security.py).
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False  # shared council laptops: sessions end with the browser
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
# Sensitive actions (issuing a report, exports, people and roles, MFA) ask for the password
# or an authenticator code again when the last confirmation is older than this.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 15 * 60
# Counted in the shared cache, so every worker and machine sees the same count. The sixth
# failure for one e-mail address in five minutes is refused, known account or not; the
# per-address limit is high so that one council office behind one address is not locked out.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "100/5m/ip,5/5m/key",
    "login": "300/5m/ip",
    "reset_password": "20/m/ip,5/5m/key",
}
# The read-only API (api/): calls per personal token, counted in the same shared cache.
AUDITPORTAL_API_RATE = os.environ.get("AUDITPORTAL_API_RATE", "120/m")
# Behind a load balancer the client's address is the last one it adds to X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("AUDITPORTAL_TRUSTED_PROXY_COUNT", "0"))

# Multi-factor sign-in: an authenticator app and single-use recovery codes.
MFA_ADAPTER = "authorities.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "AuditPortal"
MFA_TOTP_TOLERANCE = 0  # a code is accepted only in its own 30 seconds, and only once
# These roles issue reports, change the tool or run the service: MFA from the first sign-in.
AUDITPORTAL_MFA_ROLES = {"coordinator", "tool_owner", "platform_admin"}
# Every role, when on: the default in production, off in the demo (DJANGO_DEBUG=true).
AUDITPORTAL_MFA_FOR_EVERYONE = env_bool("AUDITPORTAL_MFA_FOR_EVERYONE", not DEBUG)

# Sign in with the council's own account (OpenID Connect, e.g. Microsoft Entra ID). Nobody is
# created this way: an existing person is matched by a verified e-mail address.
SOCIALACCOUNT_ADAPTER = "authorities.sso.SocialAccountAdapter"
OIDC_APPS = oidc_apps_from_environment()
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": OIDC_APPS}}
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # matching is ours, on verified e-mail only
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False

# Sessions: signed out after 30 idle minutes (warned two minutes before) and after 10 hours.
AUDITPORTAL_SESSION_IDLE_SECONDS = (
    int(os.environ.get("AUDITPORTAL_SESSION_IDLE_MINUTES", "30")) * 60
)
AUDITPORTAL_SESSION_WARNING_SECONDS = 2 * 60
AUDITPORTAL_SESSION_ABSOLUTE_SECONDS = (
    int(os.environ.get("AUDITPORTAL_SESSION_ABSOLUTE_HOURS", "10")) * 60 * 60
)
# How long sign-in and security events are kept (the privacy notice says so).
AUDITPORTAL_SECURITY_EVENT_DAYS = int(os.environ.get("AUDITPORTAL_SECURITY_EVENT_DAYS", "365"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"  # report files are only ever served through access checks


def file_storage() -> dict:
    """Where issued report files live: a folder (MEDIA_ROOT) by default, or S3-compatible
    object storage with AUDITPORTAL_STORAGE=s3, so every app server reads what any stored."""
    kind = os.environ.get("AUDITPORTAL_STORAGE", "local").strip().lower() or "local"
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"AUDITPORTAL_STORAGE must be local or s3, not {kind!r}.")
    bucket = os.environ.get("AUDITPORTAL_S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured(
            "AUDITPORTAL_STORAGE=s3 needs AUDITPORTAL_S3_BUCKET, the bucket issued files go in."
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Any S3-compatible store (MinIO, Ceph, a cloud's own): its address; AWS otherwise.
            "endpoint_url": os.environ.get("AUDITPORTAL_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AUDITPORTAL_S3_REGION") or None,
            "location": os.environ.get("AUDITPORTAL_S3_PREFIX", ""),
            # An issued file is never replaced: a name already taken gets a new one, as on disk.
            "file_overwrite": False,
            "default_acl": None,
            # Files are only ever sent through the service's access checks, never by a link.
            "querystring_auth": True,
        },
    }


STORAGES = {
    "default": file_storage(),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_STATIC_MANIFEST", not (DEBUG or RUNNING_TESTS))
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Development and tests serve static files straight from static/ through WhiteNoise.
WHITENOISE_USE_FINDERS = DEBUG or RUNNING_TESTS
WHITENOISE_AUTOREFRESH = DEBUG or RUNNING_TESTS

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Background work (e-mails, report rendering) goes through Django's tasks API, so a busy
# region moves it to `manage.py db_worker` by setting DJANGO_TASKS_BACKEND alone.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# The health endpoint fails when a ready task has waited this long: no worker is taking them.
AUDITPORTAL_TASK_QUEUE_STALE_MINUTES = int(
    os.environ.get("AUDITPORTAL_TASK_QUEUE_STALE_MINUTES", "10")
)

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "AuditPortal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. Production runs behind TLS; these are what `check --deploy` expects.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10  # the absolute limit; the idle limit is the middleware's
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not RUNNING_TESTS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    # __Host- cookies are sent only over HTTPS, to this host alone, for the whole site.
    SESSION_COOKIE_NAME = "__Host-auditportal-session"
    CSRF_COOKIE_NAME = "__Host-auditportal-csrf"
# Scripts only from our own files: user text can never become script. Style attributes are
# allowed (charts and bars set widths and colours inline); style elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # Scripts are files of our own; a script that must be inline carries the nonce.
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, *oidc_sign_in_origins(OIDC_APPS)],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The trail records who changed what and when; every free-text field is kept only as its
# length and a keyed hash (auditportal/trail.py). The key may differ from the secret key so
# that rotating one leaves the other's hashes comparable.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITPORTAL_TRAIL_KEY = os.environ.get("AUDITPORTAL_TRAIL_KEY", "") or SECRET_KEY

# The largest request body read at all. Anything bigger is refused from its Content-Length
# (413) before a byte is read; below it, each form says what it takes (a sample file 512 KB)
# and Django's own limit keeps form fields to 2.5 MB (DATA_UPLOAD_MAX_MEMORY_SIZE).
AUDITPORTAL_MAX_REQUEST_BYTES = int(os.environ.get("AUDITPORTAL_MAX_REQUEST_MB", "10")) * 2**20

SERVICE_NAME = "AuditPortal"
SERVICE_PHASE = os.environ.get("AUDITPORTAL_PHASE", "beta")
PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"

# One JSON object a line on standard error: UTC time, level, request id, person id, and
# never note text (auditportal/logs.py). DJANGO_LOG_FORMAT=plain for a developer's terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "auditportal.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "auditportal.logs.JSONFormatter"},
        "plain": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": os.environ.get("DJANGO_LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # Django's own handlers would print the same error again, without the request id.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
