"""Background work of the kernel: sending the stored emails."""

import logging
from smtplib import SMTPException

from celery import shared_task

from . import mail

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=mail.MAX_ATTEMPTS,
)
def send_emails(self, *, email_ids: list[int]) -> int:
    """Send stored messages over one connection; retry the ones that failed, with back-off.

    Each message counts its own attempts and is marked failed after `mail.MAX_ATTEMPTS`;
    a retry skips the messages already sent.
    """
    delivery = mail.deliver(email_ids=email_ids)
    sent = delivery.sent
    if self.request.is_eager:
        # No broker (the embedded default): nobody would come back later, so retry now. A
        # retry raised here would reach the web request that committed.
        for _ in range(mail.MAX_ATTEMPTS):
            if not delivery.retrying:
                break
            delivery = mail.deliver(email_ids=delivery.retrying)
            sent += delivery.sent
        return sent
    if delivery.retrying:
        if self.request.retries >= self.max_retries:
            mail.give_up(email_ids=delivery.retrying)
            logger.error("Gave up on %d emails: %s", len(delivery.retrying), delivery.retrying)
            return sent
        raise SMTPException(f"{len(delivery.retrying)} of {len(email_ids)} emails to retry")
    return sent
