"""The retention schedule as data: one row per category of personal data, filled by each app.

Each app declares its rows in its own `retention.py` (found by `autodiscover()` when the
common app is ready): what the category is, how long it is kept and from when, the legal
basis, and what happens at the end (delete, anonymise, redact, or keep). A row that acts has
a function that finds what is due and, unless it is a dry run, deals with it and returns how
many records it changed. Functions must be idempotent: a second run finds nothing due.

`apply_schedule()` runs every row in order; the nightly task, the management command
`apply_retention` and the national administrators' page all call it. This module imports no
app.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)

DELETE = "delete"
ANONYMISE = "anonymise"
REDACT = "redact"
KEEP = "keep"
ACTIONS = {
    DELETE: "Delete",
    ANONYMISE: "Anonymise",
    REDACT: "Redact",
    KEEP: "Keep",
}

# apply(now=..., dry_run=...) -> number of records due (dry run) or changed.
Applier = Callable[..., int]


@dataclass(frozen=True)
class RetentionRule:
    key: str
    category: str
    period: Callable[[], str]
    legal_basis: str
    action: str
    apply: Applier | None = None
    order: int = 100

    @property
    def action_label(self) -> str:
        return ACTIONS[self.action]


@dataclass(frozen=True)
class Outcome:
    rule: RetentionRule
    count: int


_rules: dict[str, RetentionRule] = {}


def register_retention_rule(
    key: str,
    *,
    category: str,
    period: str | Callable[[], str],
    legal_basis: str,
    action: str,
    apply: Applier | None = None,
    order: int = 100,
) -> RetentionRule:
    """Add a row to the schedule. `period` may be a function, so it reads settings live."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown retention action {action!r}.")
    if action != KEEP and apply is None:
        raise ValueError(f"Retention rule {key!r} must say how it is applied.")
    rule = RetentionRule(
        key=key,
        category=category,
        period=period if callable(period) else (lambda text=period: text),
        legal_basis=legal_basis,
        action=action,
        apply=apply,
        order=order,
    )
    _rules[key] = rule
    return rule


def schedule() -> list[RetentionRule]:
    """Every row, in the order the nightly run applies them."""
    return sorted(_rules.values(), key=lambda rule: (rule.order, rule.key))


def apply_schedule(*, dry_run: bool, now: datetime.datetime | None = None) -> list[Outcome]:
    """Apply (or, with `dry_run`, report) every row; each row in its own transaction."""
    now = now or timezone.now()
    outcomes = []
    for rule in schedule():
        if rule.apply is None:
            continue
        with transaction.atomic():
            count = rule.apply(now=now, dry_run=dry_run)
        logger.info(
            "Retention %s%s: %s %d (%s)",
            "dry run " if dry_run else "",
            rule.key,
            "would " + rule.action if dry_run else rule.action,
            count,
            rule.category,
        )
        outcomes.append(Outcome(rule=rule, count=count))
    return outcomes


def days_ago(now: datetime.datetime, days: int) -> datetime.datetime:
    return now - datetime.timedelta(days=days)


def autodiscover() -> None:
    autodiscover_modules("retention")


def purge(queryset, *, dry_run: bool) -> int:
    """Delete these rows and their audit entries (which would otherwise keep the old values).

    The deletion itself is not audited, for the same reason; the retention run's log says how
    many rows of each category went.
    """

    if dry_run:
        return queryset.count()
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return 0
    model = queryset.model
    LogEntry.objects.get_for_objects(model._default_manager.filter(pk__in=pks)).delete()
    with disable_auditlog():
        model._default_manager.filter(pk__in=pks).delete()
    return len(pks)
