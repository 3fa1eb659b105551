"""Development: the embedded default that `make run` uses. Never deploy with these."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A fixed key is fine here: dev settings refuse nothing and are never deployed.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-deploy")  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Demo sign-ins: every demo staff user has an authenticator; in development this code is
# accepted for all of them. allauth itself refuses the setting whenever DEBUG is off.
MFA_TOTP_INSECURE_BYPASS_CODE = "123456"
