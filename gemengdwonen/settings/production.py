"""Production: PostgreSQL, Redis, HTTPS only. Missing secrets fail loudly at start-up."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

if DEBUG:  # noqa: F405
    raise RuntimeError("DEBUG must be off in production settings")
if not ALLOWED_HOSTS:  # noqa: F405
    raise RuntimeError("ALLOWED_HOSTS must be set in production")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Users who can see personal care data always need the second login step here. The setting is
# not a switch in production: an environment (or .env) that says otherwise stops the start-up
# instead of being ignored, so nobody believes it is off (or on) when it is not.
if not env.bool("TWO_FACTOR_REQUIRED", default=True):
    raise ImproperlyConfigured(
        "TWO_FACTOR_REQUIRED=false is not allowed with the production settings: two-factor "
        "login is required in production, and production settings cannot switch it off "
        "silently. Remove TWO_FACTOR_REQUIRED from the environment (or .env)."
    )
TWO_FACTOR_REQUIRED = True
