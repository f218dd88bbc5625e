"""Settings for the benchmark: the product's base settings, production-like (DEBUG off, no
debug query log, persistent connections), plus one trivial page (T1, bench/urls.py). The second
login step is off: the benchmark logs its users in by session."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key-never-use-in-production")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")

from gemengdwonen.settings.base import *  # noqa: E402,F403
from gemengdwonen.settings.base import BASE_DIR, DATABASES, STORAGES, TEMPLATES  # noqa: E402

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
DATABASES["default"]["CONN_MAX_AGE"] = 60
# Static files straight from the apps' folders: no collectstatic before a run.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PRIVATE_MEDIA_ROOT = BASE_DIR / "bench" / "out" / "private-media"
# Errors (a failing request in the load run) go to stderr: gunicorn's log in bench/out/.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"level": "ERROR", "handlers": ["console"]},
}

# The smoke's load run on SQLite: several gunicorn workers write sessions and audit rows at once.
# Writers take the lock when their transaction starts and wait (up to the timeout) instead of
# failing with "database is locked" when a read transaction tries to become a write.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"transaction_mode": "IMMEDIATE", "timeout": 20})
