"""Email backends that behave like an SMTP server refusing some messages.

Real backend classes (Django's locmem backend underneath): what is delivered lands in
`django.core.mail.outbox`; a refused message raises what smtplib would.
"""

from smtplib import SMTPRecipientsRefused, SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

REFUSED = "refused@example.org"
FLAKY = "flaky@example.org"


class RefusingBackend(LocmemBackend):
    """Refuses every message to REFUSED; a message to FLAKY fails once, then goes."""

    connections_opened = 0
    flaky_failures = 0

    def open(self):
        RefusingBackend.connections_opened += 1
        return super().open()

    def send_messages(self, messages):
        for message in messages:
            if REFUSED in message.to:
                raise SMTPRecipientsRefused({REFUSED: (550, b"5.1.1 No such user")})
            if FLAKY in message.to and RefusingBackend.flaky_failures == 0:
                RefusingBackend.flaky_failures += 1
                raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
