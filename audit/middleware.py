"""Denied attempts on a location's pages into the audit trail (issue 9).

A 403 or 404 on a page under /locaties/<slug>/ (or a privacy page) for a signed-in user is a
try at personal data the user may not have: someone walking ids, or a role probing another
role's pages. Anonymous requests are sent to the login page and not recorded (there is nobody
to name). Middleware rather than each view: a refusal happens in `access.community_for` or a
scoped `get_object_or_404` before the view could record anything, and the view's transaction
(ATOMIC_REQUESTS) has been rolled back by then, so this write stands on its own.
"""

from __future__ import annotations

import logging

from audit import services as audit

logger = logging.getLogger(__name__)

DENIED_STATUSES = frozenset({403, 404})
# Pages outside /locaties/<slug>/ that still open a location's or a body's records.
PERSONAL_DATA_URL_PREFIXES = (
    "privacy_",
    "governance_",
    "funding_",
    "monitor_",
    "calendar_",
    "reports_",
)


class DeniedAccessAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code in DENIED_STATUSES
            and getattr(request, "_audit_view_reached", False)
            and _about_personal_data(request)
        ):
            try:
                audit.record_denied(
                    request, status=response.status_code, community=_community(request)
                )
            except Exception:  # the refusal itself must still reach the user
                logger.exception(
                    "denied attempt on %s not written to the audit trail", request.path
                )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Reached only when the middleware before (CSRF, the second login step) let the request
        # through to the view: their refusals are no attempt at data.
        request._audit_view_reached = True


def _about_personal_data(request) -> bool:
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or user is None or not user.is_authenticated:
        return False
    return "slug" in match.kwargs or (match.url_name or "").startswith(PERSONAL_DATA_URL_PREFIXES)


def _community(request):
    from communities.models import Community

    slug = request.resolver_match.kwargs.get("slug")
    return Community.objects.filter(slug=slug).first() if slug else None
