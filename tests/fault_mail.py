"""E-mail backends that fail, for the fault tests: a mail server that is down, and one that
refuses some addresses. What does go out lands in django.core.mail.outbox (locmem)."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

# Every address on this domain is refused (the other recipients of a batch are not).
REFUSED_DOMAIN = "@kapot.example"


class DownBackend(LocmemBackend):
    """The mail server hangs up on every message."""

    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingBackend(LocmemBackend):
    """Refuses messages to REFUSED_DOMAIN, delivers the others."""

    def send_messages(self, email_messages):
        for message in email_messages:
            refused = [a for a in message.recipients() if a.endswith(REFUSED_DOMAIN)]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    {address: (550, b"5.1.1 User unknown") for address in refused}
                )
        return super().send_messages(email_messages)
