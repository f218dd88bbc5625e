"""Rules that hold for every request, whatever the view."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django_otp import user_has_device

from communities.access import requires_two_factor

# Pages a user must reach before the second step is done: logging in and out, setting up the
# second step, a forgotten password, the health check and the language switch.
EXEMPT_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "two_factor:login",
        "two_factor:setup",
        "two_factor:qr",
        "two_factor:setup_complete",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "healthz",
        "readyz",
        "set_language",
    }
)


class RequireTwoFactorMiddleware:
    """With settings.TWO_FACTOR_REQUIRED, a logged-in user whose role can see personal care
    data (communities.access.requires_two_factor) and who has not passed the second step in
    this session goes to the setup page (no authenticator app yet) or back to the login
    wizard (app set up, session without the code). Everything else passes untouched.

    Needs django_otp's OTPMiddleware before it (request.user.is_verified)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.TWO_FACTOR_REQUIRED and self._must_verify(request):
            user = request.user
            if not user_has_device(user, confirmed=True):
                messages.info(
                    request,
                    _(
                        "Voor uw rol is inloggen in twee stappen verplicht: u ziet "
                        "persoonsgegevens over zorg en begeleiding. Stel nu de tweede stap in."
                    ),
                )
                return redirect("two_factor:setup")
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _must_verify(request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        if request.path_info.startswith(settings.STATIC_URL):
            return False
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            view_name = None
        if view_name in EXEMPT_URL_NAMES:
            return False
        return requires_two_factor(user)


class ChosenLanguageMiddleware:
    """Dutch unless the user chose another language (the language cookie set by the
    `set_language` view). Unlike Django's LocaleMiddleware it ignores the browser's
    Accept-Language: the product is Dutch, and an English browser must not get English dates
    and validation messages between Dutch texts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` (and private, no-cache) on every answer to a logged-in user and
    on every download: pages and files with personal data must not stay in a browser's cache,
    a shared computer's disk or a proxy (issue 9, item 14). Static files are served before this
    middleware (WhiteNoise) and keep their long cache lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        is_download = "attachment" in response.get("Content-Disposition", "")
        if is_download or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
