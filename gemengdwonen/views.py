"""Liveness and readiness, for the compose health checks and any load balancer.

/healthz answers as long as the process serves requests (liveness: restart it when this fails).
/readyz says whether it can do its work (readiness: send it traffic only when this passes): the
database answers, the broker answers when one is configured, and private storage is writable
(agendas and exports are written there). Neither needs a login; neither shows more than "ok" or
"error" per check.
"""

import os
import tempfile

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 while the process answers. Touches nothing else: a database outage must not make an
    orchestrator restart every web process (readiness says that)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """200 when the database, the broker (when configured) and private storage work; 503 and
    the failing part otherwise."""
    checks = {"database": "ok" if database_answers() else "error"}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = "ok" if broker_answers(settings.CELERY_BROKER_URL) else "error"
    checks["storage"] = "ok" if private_storage_writable() else "error"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", **checks}, status=200 if ready else 503
    )


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means not ready
        return False


def broker_answers(url: str) -> bool:
    from gemengdwonen.celery import app

    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        return False


def private_storage_writable() -> bool:
    """Write, read back and remove a small file in PRIVATE_MEDIA_ROOT (a full disk or a volume
    mounted read-only fails here, not in the middle of an agenda)."""
    try:
        os.makedirs(settings.PRIVATE_MEDIA_ROOT, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=settings.PRIVATE_MEDIA_ROOT, prefix=".readyz-", suffix=".tmp"
        ) as probe:
            probe.write(b"ok")
            probe.flush()
            probe.seek(0)
            return probe.read() == b"ok"
    except OSError:
        return False
