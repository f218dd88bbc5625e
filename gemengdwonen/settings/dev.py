"""Local development on the embedded default: SQLite, eager tasks, console e-mail."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# The demo logs in with a password only, so a newcomer gets in at once; base.html then shows a
# notice. `TWO_FACTOR_REQUIRED=true make run` tries the real thing.
os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")

from .base import *  # noqa: E402,F403
