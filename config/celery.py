"""The Celery application.

With no broker configured (the embedded default) every task runs eagerly in the caller's
process, so the site needs no services; with `CELERY_BROKER_URL` or `REDIS_URL` set, tasks go
to Redis and run in separate worker processes.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("childrens_panel")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
