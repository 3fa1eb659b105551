"""The recruitment emails every stage shares: to the applicant and to a referee."""

from django.conf import settings
from django.urls import reverse

from common.mail import queue_email

from ...models import Application


def absolute_url(path: str) -> str:
    """A link for an email: emails are read outside the site."""
    return settings.SITE_URL.rstrip("/") + path


def tell_applicant(application: Application) -> None:
    """Email the applicant where their application now stands (after commit)."""
    if application.user is None:
        return
    queue_email(
        to=application.user.email,
        template="volunteers/application_status",
        context={
            "application": application,
            "status": application.status,
            "url": absolute_url(reverse("apply:application", args=[application.pk])),
        },
    )


def email_referee(referee, application: Application, token: str, *, template: str) -> None:
    """Send a referee their single-use link (request or reminder)."""
    queue_email(
        to=referee.email,
        template=f"volunteers/{template}",
        context={
            "referee": referee,
            "applicant_name": application.full_name,
            "url": absolute_url(reverse("referee:reference", args=[token])),
            "expires": referee.token_expires_at,
        },
    )
