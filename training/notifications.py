"""Emails from training and monitoring: sent after commit, plain text and HTML, no case details."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string


def send_after_commit(*, to: list[str], template: str, context: dict) -> None:
    """Render `training/email/<template>.{subject.txt,txt,html}` and send once committed."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    context = {**context, "site_url": settings.SITE_URL, "site_name": settings.SITE_NAME}

    def send():
        subject = render_to_string(f"training/email/{template}.subject.txt", context).strip()
        body = render_to_string(f"training/email/{template}.txt", context)
        html = render_to_string(f"training/email/{template}.html", context)
        # One message each: recipients never see one another's addresses.
        for address in recipients:
            message = EmailMultiAlternatives(
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=body, to=[address]
            )
            message.attach_alternative(html, "text/html")
            message.send()

    transaction.on_commit(send)
