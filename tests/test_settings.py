"""Production settings refuse unsafe configurations and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAFE = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "panel.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _manage(*args, **env):
    # Nothing from the test process leaks in (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    dropped = {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", *SAFE}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_the_deployment_checks_without_warnings():
    result = _manage("check", "--deploy", **SAFE)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        (
            {"SECRET_KEY": "dev-only-insecure-key-do-not-deploy-xxxxxxxxxxxxxxxxxxxxxxxx"},
            "SECRET_KEY",
        ),
        ({"REDIS_URL": ""}, "shares a cache"),
        ({"STAFF_MFA_REQUIRED": "false"}, "Staff MFA cannot be switched off"),
    ],
)
def test_production_refuses_unsafe_settings(override, message):
    result = _manage("check", **{**SAFE, **override})
    assert result.returncode != 0
    assert message in result.stderr


def test_the_mfa_bypass_code_cannot_work_without_debug():
    # allauth refuses its development bypass whenever DEBUG is off.
    result = _manage(
        "shell",
        "-c",
        "from allauth.mfa import app_settings as s; print(s.TOTP_INSECURE_BYPASS_CODE)",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DEBUG="false",
    )
    assert result.returncode != 0
    assert "MFA_TOTP_INSECURE_BYPASS_CODE is for testing purposes only" in result.stderr
