"""Sending this app's two emails (MFA enrolment link, lockout notice).

SWITCH TO THE PROJECT MAILER: when common's mailer (OutgoingEmail, sent by Celery after
commit) lands, replace the body of `_send_link` with a call to it. Until then this sends
with django.core.mail after the transaction commits, in plain text and HTML from templates.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string


def _send_link(*, to: str, template: str, context: dict) -> None:
    """Email `to` from `privacy/email/<template>_{subject,body}.txt` (+ `.html`) after commit."""
    context = {**context, "site_name": settings.SITE_NAME}
    subject = render_to_string(f"privacy/email/{template}_subject.txt", context).strip()
    text = render_to_string(f"privacy/email/{template}_body.txt", context)
    html = render_to_string(f"privacy/email/{template}_body.html", context)

    def send():
        message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
        message.attach_alternative(html, "text/html")
        message.send()

    transaction.on_commit(send)
