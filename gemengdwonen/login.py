"""The login wizard of django-two-factor-auth (password, then a code from the authenticator app
or a backup code), with Dutch code forms.

django-otp ships no Dutch translation and the project keeps no catalogue for third-party
strings, so the labels and messages a user meets on the code steps are set here. The wizard
itself, its session handling and its throttling are the library's.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm
from two_factor.views import LoginView as TwoFactorLoginView

from gemengdwonen import ratelimit
from outbox.services import Message, mail_enqueue

OTP_ERROR_MESSAGES = {
    "token_required": _("Vul de code in."),
    "invalid_token": _("Deze code klopt niet. Controleer de code en probeer het opnieuw."),
    # django-otp slows down guessing: after a wrong code the next try waits (1, 2, 4, … s).
    "n_failed_attempts": ngettext_lazy(
        "Na %(failure_count)d verkeerde code kunt u het even niet opnieuw proberen. "
        "Wacht een paar seconden.",
        "Na %(failure_count)d verkeerde codes kunt u het even niet opnieuw proberen. "
        "Wacht een paar seconden.",
        "failure_count",
    ),
    "verification_not_allowed": _("De code kan nu niet worden gecontroleerd. Probeer het zo."),
}


class TokenForm(AuthenticationTokenForm):
    otp_error_messages = {**AuthenticationTokenForm.otp_error_messages, **OTP_ERROR_MESSAGES}

    # The wizard passes `user` and `initial_device` only to forms whose signature names them.
    def __init__(self, user, initial_device, **kwargs):
        super().__init__(user, initial_device, **kwargs)
        field = self.fields["otp_token"]
        field.label = _("Code uit de app")
        field.help_text = _("Zes cijfers. De app toont elke 30 seconden een nieuwe code.")
        field.error_messages.update(
            {
                "invalid": _("Een code bestaat uit zes cijfers."),
                "min_length": _("Een code bestaat uit zes cijfers."),
                "max_length": _("Een code bestaat uit zes cijfers."),
            }
        )


class BackupForm(BackupTokenForm):
    otp_error_messages = {
        **BackupTokenForm.otp_error_messages,
        **OTP_ERROR_MESSAGES,
        "invalid_token": _(
            "Deze herstelcode klopt niet of is al gebruikt. Elke herstelcode werkt één keer."
        ),
    }

    def __init__(self, user, initial_device, **kwargs):
        super().__init__(user, initial_device, **kwargs)
        self.fields["otp_token"].label = _("Herstelcode")


class LoginView(TwoFactorLoginView):
    def get_form_list(self):
        # The library picks the code form per device type on every request (only the
        # authenticator app is enabled here): swap in the Dutch ones afterwards.
        form_list = super().get_form_list()
        if self.TOKEN_STEP in form_list:
            form_list[self.TOKEN_STEP] = TokenForm
        if self.BACKUP_STEP in form_list:
            form_list[self.BACKUP_STEP] = BackupForm
        return form_list


class SprayingAwareAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler with a second lock: one client address that failed for
    AXES_SPRAYING_USERNAME_LIMIT different usernames within the cool-off (one password tried
    across many accounts: password spraying) is locked for every username.

    axes itself has one failure limit for all lockout parameters, and an address-wide lock at
    five failures would lock a whole office behind one address when a few people mistype; so
    the per-address rule counts distinct usernames instead, and reports "at the limit" to axes'
    own check. Unlock with `manage.py axes_reset_ip <address>` or in the admin."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return failures
        attempts = AccessAttempt.objects.filter(ip_address=address)
        cool_off = get_cool_off(request)
        if cool_off is not None:
            attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
        usernames = attempts.values("username").distinct().count()
        if usernames >= settings.AXES_SPRAYING_USERNAME_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


class RateLimitedPasswordResetView(PasswordResetView):
    """Django's password reset, with two limits per hour (issue 9, item 16): per client
    address (PASSWORD_RESET_PER_ADDRESS_LIMIT, then a Dutch "too many requests" page, 429)
    and per e-mail address (PASSWORD_RESET_PER_EMAIL_LIMIT, then no more mail, but the same
    "check your inbox" answer as always: nobody learns whether an address has an account, and
    nobody can flood a colleague's inbox)."""

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW_SECONDS
        address = get_client_ip_address(self.request) or "onbekend"
        if not ratelimit.hit(
            scope="password-reset-address",
            key=address,
            limit=settings.PASSWORD_RESET_PER_ADDRESS_LIMIT,
            window_seconds=window,
        ):
            return render(self.request, "registration/password_reset_limited.html", status=429)
        email = form.cleaned_data["email"].strip().casefold()
        if not ratelimit.hit(
            scope="password-reset-email",
            key=email,
            limit=settings.PASSWORD_RESET_PER_EMAIL_LIMIT,
            window_seconds=window,
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the mail recorded in the outbox instead of sent during the
    request: a mail server that is down costs no error page, and the mail is retried (and listed
    when it finally fails). The text holds the reset link until it is sent; the link expires
    after PASSWORD_RESET_TIMEOUT anyway."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        mail_enqueue(
            messages=[Message(to=to_email, subject=subject, body=body)], purpose="wachtwoord"
        )
