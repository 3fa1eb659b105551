"""Work done once in gunicorn's master before it forks, so no visitor pays for it.

Without it each new worker's first request took 1.2–1.3 s: importing every view module (and
the roster engine behind them), building the URL resolver and compiling templates. With
`preload_app` that happens once in the master and the workers share it copy-on-write.
"""

import logging
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def _template_names() -> list[str]:
    """Every project and app template (third-party apps' templates are loaded on demand)."""
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", *base.glob("*/templates")]
    return sorted({str(path.relative_to(root)) for root in roots for path in root.rglob("*.html")})


def warm_up() -> dict:
    """Import the URLconf and its views, compile the project's templates; no database."""
    started = time.perf_counter()
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports every view module)
    resolver.reverse_dict  # noqa: B018 (builds the reverse lookup tables)
    compiled = 0
    engine = engines["django"]
    with translation.override(settings.LANGUAGE_CODE):
        for name in _template_names():
            try:
                engine.get_template(name)
                compiled += 1
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue
    # A connection opened before the fork would be shared by every worker: never keep one.
    connections.close_all()
    seconds = time.perf_counter() - started
    logger.info("Warm-up: URLconf and %s templates in %.2f s", compiled, seconds)
    return {"templates": compiled, "seconds": seconds}
