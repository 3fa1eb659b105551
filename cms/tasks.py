"""Scheduled publishing: Wagtail publishes and unpublishes pages only when this runs."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def publish_scheduled():
    """Publish pages whose go-live time has come and unpublish those that have expired."""
    call_command("publish_scheduled")
