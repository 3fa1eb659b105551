"""The PVG check: its status, scheme membership number and dates (never a disclosure)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from ...models import Application, PvgRecord, PvgStatus, User
from ...permissions import check_can_select


def update_pvg(
    *,
    application: Application,
    by: User,
    status: str,
    membership_number: str = "",
    applied_on: datetime.date | None = None,
    result_on: datetime.date | None = None,
) -> PvgRecord:
    """Record the PVG status, scheme membership number and dates (never a disclosure)."""
    check_can_select(by, application)
    if status not in PvgStatus.values:
        raise ValidationError({"status": "Choose a PVG status."})
    number = membership_number.replace(" ", "")
    if number and (not number.isdigit() or len(number) != 16):
        raise ValidationError({"membership_number": "A PVG scheme number is 16 digits."})
    if status == PvgStatus.CLEARED and result_on is None:
        raise ValidationError({"result_on": "Give the date the check cleared."})
    with transaction.atomic():
        record, _ = PvgRecord.objects.update_or_create(
            application=application,
            defaults={
                "status": status,
                "membership_number": number,
                "applied_on": applied_on,
                "result_on": result_on,
                "updated_by": by,
            },
        )
    return record
