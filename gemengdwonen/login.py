"""The login wizard of django-two-factor-auth (password, then a code from the authenticator app
or a backup code), with Dutch code forms.

django-otp ships no Dutch translation and the project keeps no catalogue for third-party
strings, so the labels and messages a user meets on the code steps are set here. The wizard
itself, its session handling and its throttling are the library's.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm
from two_factor.views import LoginView as TwoFactorLoginView

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
