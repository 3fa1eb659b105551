"""The Celery app: eager without a broker, Redis with one, and a beat schedule of real tasks."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from config.celery import app

ROOT = Path(__file__).resolve().parents[1]


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled, "the beat schedule is empty"
    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)


def _celery_settings(**env) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY", "REDIS"))}
    code = (
        "from django.conf import settings as s;"
        "print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL or '-')"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_tasks_run_eagerly_when_no_broker_is_configured():
    assert _celery_settings() == "True -"


def test_tasks_go_to_redis_when_it_is_configured():
    assert (
        _celery_settings(REDIS_URL="redis://127.0.0.1:6379/3") == "False redis://127.0.0.1:6379/3"
    )
