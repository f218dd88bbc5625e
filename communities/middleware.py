"""Remembers the last location whose page the user opened (issue 15, item 4): the home page's
quick actions go there. Only a page that was shown (200 on GET) counts, so a refused or unknown
location is never remembered."""

from __future__ import annotations

from communities.navigation import remember_location

LOCATION_ROUTE = "locaties/<slug:slug>/"


class LastLocationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and match is not None
            and match.route.startswith(LOCATION_ROUTE)
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
            and not request.headers.get("HX-Request")
        ):
            remember_location(request, response, match.kwargs["slug"])
        return response
