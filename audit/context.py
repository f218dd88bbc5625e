"""The request being handled, for events written deep in a selector or service.

Selectors and services record the audit trail themselves (they know when personal data is
touched); the place it came from (client address, path) belongs to the request. The middleware
keeps the current request in a context variable for the length of the request, so a service
called from a view writes the same address and path as the view would, and one called from a
task writes none.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.http import HttpRequest

_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


def current_request() -> HttpRequest | None:
    return _current_request.get()


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
