"""Settings for PLG Cyclus, driven by environment variables.

SQLite is the embedded default; set DATABASE_URL (postgres://…) for PostgreSQL.
DEBUG is off unless DJANGO_DEBUG=1.
"""

import os
import secrets
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
SQLITE_PATH = env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))


def secret_key() -> str:
    """DJANGO_SECRET_KEY from the environment. Without it, the embedded default (SQLite, no
    DATABASE_URL) generates a key once and keeps it beside its database, so sessions survive a
    restart; a server database without a key refuses to start: a published key would let
    anyone forge sessions and password-reset links."""
    if key := env("DJANGO_SECRET_KEY"):
        return key
    if env("DATABASE_URL") and not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value, for example the "
            "output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    key_file = Path(env("DJANGO_SECRET_KEY_FILE", SQLITE_PATH + ".secret-key"))
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = secret_key()

#: How long the audit log keeps an entry (manage.py purge_audit removes older ones).
AUDIT_RETENTION_DAYS = int(env("PLG_AUDIT_RETENTION_DAYS", "365"))
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "plg",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "plg.security.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "plg.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "plg.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "plg.audit.RefusedAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "plg.urls"
#: Django's form templates, with selects rendered in Python (the same HTML, faster).
FORM_RENDERER = "plg.form_renderer.FormRenderer"
WSGI_APPLICATION = "plg.wsgi.application"

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
                "plg.context_processors.teams",
                "meetings.context_processors.school_year",
            ],
            # {% url %}, |date and |time that remember their results (issue 10).
            "builtins": ["plg.templatetags.remembered"],
        },
    },
]

# SQLite: WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
# the start of a transaction so two writers queue behind the busy timeout instead of failing.
if env("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Shared cache and background tasks (README: "Running in production") -----------------
# Nothing another process needs may live in one process's memory: several gunicorn workers
# (and the task worker) must see the same cached PDFs, calendar feeds and poll answers.


def caches() -> dict:
    """Redis when REDIS_URL is set (several app servers share it). Otherwise a file cache in
    a folder beside the SQLite database (PLG_CACHE_DIR moves it): every process on the
    machine shares it, it needs no table, no migration and no service, and reading it never
    touches the database (the SQLite write lock stays with the app's own writes, and an
    unchanged poll answered from the cache does not open the database at all). Never
    Django's per-process memory cache."""
    if url := env("REDIS_URL"):
        backend = {"BACKEND": "plg.cache.RedisCache", "LOCATION": url}
    else:
        backend = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("PLG_CACHE_DIR", SQLITE_PATH + ".cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    return {"default": {**backend, "KEY_PREFIX": "plg", "TIMEOUT": 300}}


CACHES = caches()

#: PLG_TASKS chooses where background tasks (e-mail, PDFs; meetings/tasks.py) run.
TASK_BACKENDS = {
    # Embedded default: a background thread in the web process, one task at a time. No
    # service to start; a task still queued when the process stops is lost (the outbox is
    # sent by the next `send_mail` cron run anyway).
    "thread": "plg.tasks.ThreadBackend",
    # In the caller, at once: the tests.
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    # Production: a row in the database (django-tasks-db), run by `manage.py db_worker`.
    "database": "django_tasks_db.DatabaseBackend",
}


def tasks() -> dict:
    mode = env("PLG_TASKS", "thread")
    if mode not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"PLG_TASKS={mode!r} is not one of {', '.join(sorted(TASK_BACKENDS))}."
        )
    return {"default": {"BACKEND": TASK_BACKENDS[mode], "QUEUES": ["default"]}}


TASKS = tasks()

AUTH_USER_MODEL = "plg.User"
# Argon2 for new passwords; older hashes (the demo fixture's PBKDF2) still verify and are
# rehashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Django's own Dutch translations carry these validators' messages.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a login while the (user name, IP address) pair is locked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "plg" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Files the app writes: the rendered PDFs (meetings/models/pdfs.py). Every app server and the
# worker must see the same directory (shared storage in production). Never served as is: a
# PDF goes out through its permission-checked download view.
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STATICFILES_DIRS = [BASE_DIR / "static"]


#: Production: PLG_COLLECTED_STATIC=1 (with DEBUG off) after `manage.py collectstatic`. Every
#: file then has its content's hash in its name (browsers and proxies keep it for a year) and
#: is stored compressed beside it (gzip and brotli), which WhiteNoise serves to browsers that
#: accept it. Without it (the README's first command, development, the tests) the files are
#: served as they are, straight from static/, and nothing needs collecting.
STATIC_COLLECTED = env_bool("PLG_COLLECTED_STATIC") and not DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_COLLECTED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# WhiteNoise serves static files in every mode, so the app runs without a CDN or a separate
# web server: from STATIC_ROOT once collected, else straight from the finders.
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
# Without collectstatic there is no STATIC_ROOT; the finders serve everything, so say nothing.
warnings.filterwarnings("ignore", message="No directory at")

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "PLG Cyclus <noreply@plg-cyclus.local>")
# SMTP, when DJANGO_EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 30
#: The address people open the app at, for the links in e-mails (sent outside a request).
SITE_URL = env("DJANGO_SITE_URL", "http://localhost:8000").rstrip("/")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Accounts and sessions (README: "Security and privacy") ---------------------------------
# A session ends when the browser closes, and at the latest a working day (10 hours) after
# logging in, also on a shared school computer that is never closed.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_COOKIE_HTTPONLY = True

# Login throttling: 5 wrong passwords for one user name from one IP address lock that pair
# for 15 minutes. A whole school shares one IP address, so the IP alone never locks, and
# the user name alone neither (nobody locks a colleague out from elsewhere).
AXES_FAILURE_LIMIT = int(env("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "plg.security.locked_out"
# The login forms (ours and the admin's) call the e-mail address field "username".
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "plg.security.login_username"
AXES_CLIENT_IP_CALLABLE = "plg.security.client_ip"
# Successful logins are not kept by django-axes (no second login log beside the audit).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# --- The browser ------------------------------------------------------------------------------
# No inline script or event handler anywhere (tests/test_browser_security.py scans the
# templates): scripts only from static/. data: images are Bootstrap's SVG icons in its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"

# Production (HTTPS): DJANGO_SECURE=1 switches on HTTPS only, HSTS and secure cookies;
# DJANGO_BEHIND_PROXY=1 trusts the reverse proxy's X-Forwarded-Proto (and the address it
# adds to X-Forwarded-For for the login throttling). `manage.py check --deploy` is clean
# with these (tests/test_deploy_check.py, .ci/run).
SECURE = env_bool("DJANGO_SECURE")
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = SECURE
# The health check answers the proxy's or monitor's plain-HTTP probe itself (no redirect).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000")) if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE and env_bool("DJANGO_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = SECURE or env_bool("DJANGO_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}
