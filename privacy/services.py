"""Writes for subject access and the retention schedule: typed, keyword-only, recorded."""

import datetime
import json

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction

from common.privacy import collect_personal_data
from common.retention import apply_schedule
from volunteers.models import User
from volunteers.permissions import get_person_for_user, is_national_admin, is_regional_admin

from .models import RetentionRun


def can_produce_subject_access(user) -> bool:
    """National administrators for anyone; regional administrators for people in their
    regions (get_person_for_user enforces the region)."""
    return is_national_admin(user) or is_regional_admin(user)


def produce_subject_access(
    *, person: User, by: User, received_on: datetime.date, reference: str
) -> dict:
    """Everything held about `person`, produced on their request by `by`, and recorded."""
    if not can_produce_subject_access(by):
        raise PermissionDenied
    get_person_for_user(by, person.pk)  # 404 outside the producer's regions
    data = collect_personal_data(person)
    with transaction.atomic():
        LogEntry.objects.log_create(
            person,
            force_log=True,
            action=LogEntry.Action.ACCESS,
            actor=by,
            changes={
                "subject_access": [
                    "",
                    f"produced for a request received {received_on:%-d %B %Y} ({reference})",
                ]
            },
        )
    return data


def export_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def run_retention(*, dry_run: bool, by: User | None = None) -> RetentionRun:
    """Apply (or report) the whole retention schedule and keep a record of what it did."""
    outcomes = apply_schedule(dry_run=dry_run)
    return RetentionRun.objects.create(
        dry_run=dry_run,
        by=by,
        report=[
            {
                "key": o.rule.key,
                "category": o.rule.category,
                "action": o.rule.action,
                "count": o.count,
            }
            for o in outcomes
        ],
    )
