"""Dutch section names in the Django admin for the third-party apps (the functioneel beheerder
reads "Inlogpogingen", not "Axes"). Each config subclasses the library's own, so that its
`ready()` still runs; settings.INSTALLED_APPS names these instead of the library's."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as OtpStaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OtpTotpConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Inlogpogingen")


class StaticCodesConfig(OtpStaticConfig):
    verbose_name = _("Tweestapsverificatie: reservecodes")


class AuthenticatorConfig(OtpTotpConfig):
    verbose_name = _("Tweestapsverificatie: authenticator-apps")
