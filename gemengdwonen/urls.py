from django.contrib import admin
from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_urlpatterns

from gemengdwonen import views
from gemengdwonen.login import LoginView, OutboxPasswordResetForm, RateLimitedPasswordResetView

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("beheer/", admin.site.urls),
    # The login wizard (password, then the code from the authenticator app). It comes before
    # two_factor's URLs and django.contrib.auth.urls, which route account/login/ too: whichever
    # name is reversed (`login`, `two_factor:login`), this view answers.
    path("account/login/", LoginView.as_view(), name="login"),
    # account/two_factor/...: set up the app, backup codes, the account-security page.
    path("", include(two_factor_urlpatterns)),
    # Before Django's own: the same URL and name, with rate limits; the mail goes through the
    # outbox (no error page when the mail server is down).
    path(
        "account/password_reset/",
        RateLimitedPasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    # Logout, password change and reset.
    path("account/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("imo.urls")),
    path("", include("governance.urls")),
    path("", include("financiering.urls")),
    path("", include("monitor.urls")),
    path("", include("reports.urls")),
    path("", include("communities.urls")),
    path("", include("privacy.urls")),
]
