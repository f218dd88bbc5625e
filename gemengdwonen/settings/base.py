"""Settings shared by every environment. Every value comes from the environment through `env`.

Insecure defaults live only in `dev`; `production` refuses to start without its secrets.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "django_filters",
    # Two-factor login: django-otp's TOTP and static (backup code) devices, the two_factor
    # wizard on top (two_factor must come before its plugins: its system check says so).
    "django_otp",
    # Their admin sections in Dutch (gemengdwonen/apps.py).
    "gemengdwonen.apps.StaticCodesConfig",
    "gemengdwonen.apps.AuthenticatorConfig",
    "two_factor",  # by its own name: its system check looks for it (it has no admin section)
    "gemengdwonen.apps.AxesConfig",
    "csp",
    # The project package itself: its management commands (backup, restore, restore_check).
    "gemengdwonen",
    "communities",
    "imo",
    "governance",
    "financiering",
    # Reads every app above through their selectors; nothing imports it.
    "monitor",
    # The annual report: reads the apps above through monitor's scorecard and their selectors.
    "reports",
    "audit",
    "privacy",
    "outbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gemengdwonen.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "audit.context.AuditRequestMiddleware",  # address and path for events written by services
    "django.contrib.messages.middleware.MessageMiddleware",
    "gemengdwonen.middleware.RequireTwoFactorMiddleware",
    "gemengdwonen.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # 403/404 on a location's pages into the audit trail (issue 9).
    "audit.middleware.DeniedAccessAuditMiddleware",
    # The last location opened, for the home page's quick actions (issue 15).
    "communities.middleware.LastLocationMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the view into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gemengdwonen.urls"
WSGI_APPLICATION = "gemengdwonen.wsgi.application"

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
                "gemengdwonen.context_processors.security",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Connections are kept between requests, and checked before a request reuses one: after a
# PostgreSQL restart a web or worker process reconnects instead of failing every request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default with several threads or processes (runserver, the benchmark's
    # gunicorn): even a page view writes (the audit trail), and a deferred transaction that
    # upgrades to a write fails at once with "database is locked" when another one writes.
    # IMMEDIATE takes the write lock at BEGIN, so the second one waits (up to `timeout`).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "communities.User"
# django-axes' backend comes first: it refuses a locked-out username + address before the
# password is even checked (and records failures through Django's user_login_failed signal).
# Django's ModelBackend, with the user's organisation and permissions read in fewer queries
# (gemengdwonen.backends; every page shows both).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gemengdwonen.backends.OneQueryModelBackend",
]
# The two_factor login wizard (password, then a code from the authenticator app or a backup
# code) lives at /account/login/; the URL name `login` points at the same page.
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "two_factor:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# dd-mm-jjjj everywhere, also where the Dutch locale would write the month in words.
FORMAT_MODULE_PATH = ["gemengdwonen.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded and generated files (agendas, reports) are private: never under STATIC/MEDIA URLs,
# only served through views that check access.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=2 * 1024 * 1024)

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# A mail server that does not answer must not hold a worker for minutes.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Gemengd Wonen <noreply@localhost>")

# Rate limits (gemengdwonen.ratelimit) count in this cache: Redis in production (CACHE_URL,
# e.g. redis://redis:6379/1) so that every web worker shares the counts.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Password reset mails: per client address and per e-mail address, per window.
PASSWORD_RESET_WINDOW_SECONDS = 60 * 60
PASSWORD_RESET_PER_ADDRESS_LIMIT = env.int("PASSWORD_RESET_PER_ADDRESS_LIMIT", default=10)
PASSWORD_RESET_PER_EMAIL_LIMIT = env.int("PASSWORD_RESET_PER_EMAIL_LIMIT", default=3)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: expiry after inactivity
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Two-factor login (issue 5) ----------------------------------------------------------------
# When True, users whose role lets them see personal care data (communities.access.
# requires_two_factor) must pass the second step before any other page: see
# gemengdwonen.middleware.RequireTwoFactorMiddleware. Other roles may switch it on themselves.
# The default here is the safe one; only `dev` and `test` lower it, `production` forces it.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
# Seconds between the password step and the code step before the wizard starts over.
TWO_FACTOR_LOGIN_TIMEOUT = 10 * 60
# No "remember this browser" cookie: every login asks for the code.
TWO_FACTOR_REMEMBER_COOKIE_AGE = None
OTP_TOTP_ISSUER = "Gemengd Wonen"  # the account's name in the authenticator app

# --- Lockout after failed logins: django-axes --------------------------------------------------
# Failures count per username AND address together: an attacker guessing one user's password
# from one address locks only that pair, not the user everywhere (which would let anyone lock
# out a colleague) and not everyone behind the same address. Unlock: Django admin →
# Axes → Access attempts (delete the row), or `manage.py axes_reset_username <naam>`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Password spraying (one password tried across many usernames from one address): after failures
# for this many different usernames the address is locked for everyone, for AXES_COOLOFF_TIME
# (gemengdwonen.login.SprayingAwareAxesHandler).
AXES_HANDLER = "gemengdwonen.login.SprayingAwareAxesHandler"
AXES_SPRAYING_USERNAME_LIMIT = env.int("AXES_SPRAYING_USERNAME_LIMIT", default=10)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_VERBOSE = False  # no start-up banner on every management command
# The client address: REMOTE_ADDR only, unless the deployment says a trusted reverse proxy sets
# X-Forwarded-For (anyone can send that header, so trusting it by default would let an attacker
# pick a fresh "address" for every guess). AXES_PROXY_COUNT is the number of proxy addresses
# that follow the client's in X-Forwarded-For: 0 behind a single proxy that appends the client
# address (nginx `$proxy_add_x_forwarded_for`), 1 behind a CDN plus such a proxy. A header with
# more entries than that (a client that sent its own) is ignored and REMOTE_ADDR is used.
AXES_TRUST_PROXY = env.bool("AXES_TRUST_PROXY", default=False)
if AXES_TRUST_PROXY:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None

# --- Content-Security-Policy: django-csp 4 -----------------------------------------------------
# Strict: no inline script or style anywhere, no third-party origins. The pygal charts carry
# their CSS in static/css/charts.css instead of an inline <style> (gemengdwonen/charts.py).
# img-src allows data: for the SVG icons inside Bootstrap's CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Celery: without a broker the tasks run eagerly in-process, so the embedded default needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
# Every task is idempotent (safe to run twice), so a task is acknowledged only when it is done,
# and a worker killed in the middle (OOM, deploy, SIGKILL) puts it back on the queue instead of
# losing it: another worker runs it again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis gives an unacknowledged task to another worker after the visibility timeout. It must be
# longer than the longest task (the time limit, 10 minutes) and the longest retry delay of a
# mail (OUTBOX_MAIL_RETRY_DELAY_MAX), or a task still running would be started a second time.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
    "socket_connect_timeout": 3,
}
# Handing a task over in a web request: a broker that is down costs about a second, then the
# outbox keeps the job and the sweeper hands it over later (outbox.services).
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Workers reconnect to a broker that went away, without limit.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Two queues: short tasks (mail, the sweeper, beat fan-outs) on "default"; PDF rendering, slow
# and memory-hungry (WeasyPrint), on "pdf", served by workers that are recycled after a few
# tasks (--max-tasks-per-child, see docker-compose.yml and the Makefile) so a leak cannot grow.
# A new task that renders a PDF gets its line here.
CELERY_TASK_DEFAULT_QUEUE = "default"
PDF_QUEUE = "pdf"
CELERY_TASK_ROUTES = {
    "imo.tasks.agenda_generate": {"queue": PDF_QUEUE},
    "imo.tasks.agenda_due": {"queue": PDF_QUEUE},
    "privacy.tasks.subject_export_pdf": {"queue": PDF_QUEUE},
    "governance.tasks.document_generate": {"queue": PDF_QUEUE},
    "imo.tasks.agenda_generate_copy": {"queue": PDF_QUEUE},
    "reports.tasks.report_generate": {"queue": PDF_QUEUE},
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "audit-purge-expired": {
        "task": "audit.tasks.purge_expired",
        "schedule": crontab(hour=3, minute=15),
    },
    # IMO agendas: generated and mailed (a link) agenda_days_before days before each meeting.
    "imo-agendas-due": {
        "task": "imo.tasks.agendas_due",
        "schedule": crontab(minute=0, hour=6),
    },
    # Governance: one e-mail per owner of open action items, Monday morning (idempotent per week).
    "governance-action-reminders": {
        "task": "governance.tasks.action_reminders_weekly",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
    },
    # The monthly funding horizon e-mail to each community's kerngroep (idempotent per month).
    "financiering-horizon-mail": {
        "task": "financiering.tasks.horizon_mail_all",
        "schedule": crontab(minute=0, hour=7, day_of_month=1),
    },
    # Anonymise moved-out residents, unplaced candidates, closed signals and old contact notes.
    "privacy-retention": {
        "task": "privacy.tasks.retention_run",
        "schedule": crontab(hour=3, minute=30),
    },
    # KPI snapshots of the month that just ended, one task per community (idempotent).
    "monitor-monthly-snapshots": {
        "task": "monitor.tasks.take_monthly_snapshots",
        "schedule": crontab(day_of_month=1, hour=2, minute=30),
    },
    # Last year's annual report for every community and every stuurgroep: 2 January, after the
    # December snapshots of the 1st (idempotent: the same content stores no new version).
    "reports-annual-january": {
        "task": "reports.tasks.annual_reports_january",
        "schedule": crontab(month_of_year=1, day_of_month=2, hour=4, minute=0),
    },
    # Hand over again the work whose hand-off to the broker failed (outbox.services).
    "outbox-sweep": {
        "task": "outbox.tasks.outbox_sweep",
        "schedule": crontab(minute="*/2"),
    },
}

# --- Outbox: work recorded with a change, handed to Celery after the commit -------------------
# A job still waiting for the broker this long is handed over again by the sweeper.
OUTBOX_RETRY_AFTER = timedelta(minutes=env.int("OUTBOX_RETRY_AFTER_MINUTES", default=3))
# Mail: attempts before a mail is listed as failed, and the delay before the second attempt
# (doubled each time, at most the maximum): 1, 2, 4, 8 minutes, failed after about 15 minutes.
OUTBOX_MAIL_MAX_ATTEMPTS = env.int("OUTBOX_MAIL_MAX_ATTEMPTS", default=5)
OUTBOX_MAIL_RETRY_DELAY = 60
OUTBOX_MAIL_RETRY_DELAY_MAX = 15 * 60
# A mail still waiting this long after its last attempt lost its retry (broker down at that
# moment): the sweeper gives it a new job.
OUTBOX_MAIL_STALE_AFTER = timedelta(minutes=30)
# Handed-over jobs and sent mails are removed after this many days, failed mails (which still
# hold their text) after the second number.
OUTBOX_KEEP_DAYS = 30
OUTBOX_FAILED_MAIL_KEEP_DAYS = 90

# The audit trail (NEN 7513) is kept long: NEN 7513 asks that the logging be kept as long as the
# records it is about may be questioned, and a data subject's inzageverzoek or a complaint can
# ask years later who looked at their data. Seven years by default, in line with the retention
# of the other records of a tenancy; shorter only by a decision of the controller.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=365 * 7)

# Retention of personal data (privacy.services.retention_run, nightly). "Older than N days" is
# strict: a date exactly N days ago is kept one more day. Anonymised rows keep their counts.
# Residents who moved out (last stay ended) and candidates never placed (last change or
# decision): two years. Closed signals and the notes of contact moments: one year, even while
# the resident still lives there.
RETENTION_FORMER_RESIDENTS_DAYS = env.int("RETENTION_FORMER_RESIDENTS_DAYS", default=730)
RETENTION_UNPLACED_CANDIDATES_DAYS = env.int("RETENTION_UNPLACED_CANDIDATES_DAYS", default=730)
RETENTION_CLOSED_SIGNALS_DAYS = env.int("RETENTION_CLOSED_SIGNALS_DAYS", default=365)
RETENTION_CONTACT_NOTES_DAYS = env.int("RETENTION_CONTACT_NOTES_DAYS", default=365)

# The address of the app as users reach it: links in e-mails (agenda links, never files).
SITE_URL = env("SITE_URL", default="http://localhost:8000")

# The avoided cost of one eviction, to show prevented evictions against (DESIGN.md §3).
AVOIDED_COST_PER_EVICTION = Decimal(env("AVOIDED_COST_PER_EVICTION", default="10000"))

# The funding calculator's defaults (each page lets the user try other values): the hourly rate
# of a professional and the weeks a year that hours per week are paid for.
FUNDING_HOURLY_RATE = Decimal(env("FUNDING_HOURLY_RATE", default="75"))
FUNDING_WEEKS_PER_YEAR = env.int("FUNDING_WEEKS_PER_YEAR", default=52)

DEMO_PASSWORD = env("DEMO_PASSWORD", default="gemengd-wonen-demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every rendering step at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
