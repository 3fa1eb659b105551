"""gunicorn settings: `gunicorn config.wsgi` reads this file from the working directory.

Every value can be set from the environment, so the same file serves one small machine and
several large ones (docs/operations.md).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Requests are mostly database-bound: two workers a core, plus one, up to a sensible ceiling.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that slow leaks (in any library) cannot build up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
# Load the application once in the master and fork: workers start warm and share memory.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """Runs in the master after the app is loaded and before any worker is forked."""
    from config.warmup import warm_up

    figures = warm_up()
    server.log.info(
        "Warmed up: %s templates compiled in %.2f s", figures["templates"], figures["seconds"]
    )
