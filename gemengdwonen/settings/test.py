"""Tests: the same settings as dev, with fast password hashing. DATABASE_URL and
CELERY_BROKER_URL still come from the environment, so CI runs the suite on PostgreSQL + Redis."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")

from .base import *  # noqa: E402,F403
from .base import BASE_DIR, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PRIVATE_MEDIA_ROOT = BASE_DIR / "test-artifacts" / "private-media"
# Tasks run in-process during tests even when a broker is configured: the broker itself is
# exercised by the health check test.
CELERY_TASK_ALWAYS_EAGER = True
# Most tests log in with force_login (no second step); tests/test_login_security.py switches the
# requirement on with the `settings` fixture. Fixed here, not read from the environment, so a
# shell that exports TWO_FACTOR_REQUIRED=true does not turn the whole suite red.
TWO_FACTOR_REQUIRED = False
# The test database on SQLite is in memory with a shared cache, where a write lock taken at
# BEGIN (base.py's IMMEDIATE mode, meant for several processes on one file) blocks every other
# connection of the same process, the backup command's among them.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].get("OPTIONS", {}).pop("transaction_mode", None)  # noqa: F405
